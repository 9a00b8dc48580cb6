//! 宽松的 JSON 标量与“只接受对象”的解析：让字段类型在解析后再判定，错误才能点名字段。
//!
//! Loose JSON scalars and object-only parsing. Fields are read as [`Scalar`]s (strings are
//! borrowed from the input where possible) and their types judged afterwards, so an error can
//! name the field — serde's own type errors name neither the field nor hide the value.

use crate::error::{Error, ErrorCode, Result};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

/// A JSON scalar of any type; arrays and objects become `Other`. Lets a field's type be judged
/// after parsing, so the error can name the field.
/// 任意 JSON 值；数组与对象为 `Other` / any JSON value; arrays and objects are `Other`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// 整数 / an integer that fits in `i64`.
    Int(i64),
    /// 其他数 / any other number.
    Float(f64),
    /// 字符串 / a string.
    Str(Cow<'a, str>),
    /// 数组或对象 / an array or an object.
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct V<'a>(core::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> core::result::Result<Self::Value, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> core::result::Result<Self::Value, E> {
                Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E>(self, v: f64) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> core::result::Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<Self::Value, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<Self::Value, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V(core::marker::PhantomData))
    }
}

impl Scalar<'_> {
    /// 整数，或整数的字符串形式 / an integer, or a string of one (`"3"`); anything else is `None`.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// 只把 JSON **对象**解析为 `T`（serde 会按位置用数组填充结构体，这里拒绝）；错误不引用输入。
///
/// Parses a JSON object (only an object: serde would fill a struct from an array, by position)
/// into `T`. `what` names the value in errors ("config"); an unknown key is named, nothing
/// else of the input is quoted.
pub(crate) fn parse_object<'a, T: Deserialize<'a>>(
    text: &'a str,
    code: ErrorCode,
    what: &str,
) -> Result<T> {
    let not_object = || {
        Error::new(
            code,
            format!("{what} 须为 JSON 对象 ({what} must be a JSON object)"),
        )
    };
    if !text.trim_start().starts_with('{') {
        return Err(not_object());
    }
    serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let name: String = rest
                .chars()
                .take_while(|c| *c != '`')
                .take(40)
                .filter(|c| c.is_ascii_graphic())
                .collect();
            Error::new(
                code,
                format!("{what} 含未知字段 {name} ({what} has an unknown field {name})"),
            )
        } else if msg.starts_with("duplicate field") {
            Error::new(
                code,
                format!("{what} 含重复的键 ({what} has a duplicate key)"),
            )
        } else {
            not_object()
        }
    })
}
