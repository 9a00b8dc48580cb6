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
            .with_field(name)
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

/// 最大安全整数 / the largest integer JavaScript holds exactly (2^53 − 1).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A JSON value that JavaScript reads exactly as sent: what [`check_exact`] parses into.
struct Exact;
impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        d.deserialize_any(Exact)
    }
}
impl<'de> Visitor<'de> for Exact {
    type Value = Exact;
    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> core::result::Result<Exact, E> {
        Ok(Exact)
    }
    fn visit_unit<E>(self) -> core::result::Result<Exact, E> {
        Ok(Exact)
    }
    fn visit_str<E>(self, _: &str) -> core::result::Result<Exact, E> {
        Ok(Exact)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> core::result::Result<Exact, E> {
        if v.unsigned_abs() > MAX_SAFE {
            return Err(E::custom("unsafe integer"));
        }
        Ok(Exact)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> core::result::Result<Exact, E> {
        if v > MAX_SAFE {
            return Err(E::custom("unsafe integer"));
        }
        Ok(Exact)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> core::result::Result<Exact, E> {
        if !v.is_finite() {
            return Err(E::custom("non-finite number"));
        }
        Ok(Exact)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> core::result::Result<Exact, A::Error> {
        while a.next_element::<Exact>()?.is_some() {}
        Ok(Exact)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> core::result::Result<Exact, A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(k) = a.next_key::<Cow<'de, str>>()? {
            if !keys.insert(k) {
                return Err(serde::de::Error::custom("duplicate key"));
            }
            a.next_value::<Exact>()?;
        }
        Ok(Exact)
    }
}

/// `data` 能否原样交给 JavaScript：嵌套 ≤ 128 层、无重复键、整数在 ±(2^53 − 1) 内、数都有限。
///
/// Whether `data` reaches JavaScript as it was sent: nesting within serde_json's limit of 128,
/// no duplicate key in any object (`JSON.parse` would keep the last silently), every integer
/// within ±(2^53 − 1) and every number finite (`JSON.parse` would round or make `Infinity`).
/// The error (`BAD_RESPONSE`) says which rule failed, never the value.
///
/// ```
/// assert!(yjt_sso::json::check_exact(r#"{"a":[1,2.5,"x"]}"#).is_ok());
/// assert!(yjt_sso::json::check_exact(r#"{"a":1,"a":2}"#).is_err());
/// assert!(yjt_sso::json::check_exact("12345678901234567890").is_err());
/// ```
pub fn check_exact(raw: &str) -> Result<()> {
    serde_json::from_str::<Exact>(raw).map(|_| ()).map_err(|e| {
        let e = e.to_string();
        let (zh, en) = if e.starts_with("recursion limit") {
            ("嵌套超过 128 层", "nested deeper than 128 levels")
        } else if e.starts_with("duplicate key") {
            ("含重复的键", "has a duplicate key")
        } else if e.starts_with("unsafe integer") {
            (
                "含超出 ±(2^53−1) 的整数（JavaScript 无法精确表示）",
                "has an integer beyond ±(2^53−1), which JavaScript cannot hold exactly",
            )
        } else if e.starts_with("non-finite") || e.starts_with("number out of range") {
            ("含超出范围的数", "has a number out of range")
        } else {
            ("不是合法 JSON", "is not valid JSON")
        };
        Error::new(
            ErrorCode::BadResponse,
            format!("响应的 data {zh} (the answer's data {en})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn scalar(text: &str) -> Scalar<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_json_value_becomes_a_scalar() {
        assert_eq!(scalar("null"), Scalar::Null);
        assert_eq!(scalar("true"), Scalar::Bool(true));
        assert_eq!(scalar("-7"), Scalar::Int(-7));
        assert_eq!(scalar("9223372036854775807"), Scalar::Int(i64::MAX));
        assert_eq!(
            scalar("18446744073709551615"),
            Scalar::Float(18446744073709551615.0)
        );
        assert_eq!(scalar("1.5"), Scalar::Float(1.5));
        assert_eq!(scalar(r#""a""#), Scalar::Str(Cow::Borrowed("a")));
        // An escape forces an owned copy; the value is the unescaped text.
        assert_eq!(scalar(r#""a\nb""#), Scalar::Str(Cow::Owned("a\nb".into())));
        assert!(matches!(
            scalar(r#""plain""#),
            Scalar::Str(Cow::Borrowed(_))
        ));
        assert_eq!(scalar("[1,[2],{}]"), Scalar::Other);
        assert_eq!(scalar(r#"{"a":{"b":[1]}}"#), Scalar::Other);
        // Through an Option (serde's visit_some / visit_none path).
        let o: Option<Scalar> = serde_json::from_str("5").unwrap();
        assert_eq!(o, Some(Scalar::Int(5)));
        let from_value = Scalar::deserialize(serde_json::json!(null)).unwrap();
        assert_eq!(from_value, Scalar::Null);
        let owned = Scalar::deserialize(serde_json::json!("x")).unwrap();
        assert_eq!(owned, Scalar::Str(Cow::Owned("x".into())));
        let opt = Scalar::deserialize(serde_json::json!([1])).unwrap();
        assert_eq!(opt, Scalar::Other);
    }

    #[test]
    fn a_type_json_never_produces_is_refused_by_name() {
        use serde::de::IntoDeserializer;
        let d: serde::de::value::U128Deserializer<serde::de::value::Error> =
            1u128.into_deserializer();
        let e = Scalar::deserialize(d).unwrap_err();
        assert!(e.to_string().contains("any JSON value"), "{e}");
    }

    #[test]
    fn as_int() {
        assert_eq!(Scalar::Int(3).as_int(), Some(3));
        assert_eq!(Scalar::Str(" 3 ".into()).as_int(), Some(3));
        for s in [
            Scalar::Str("3a".into()),
            Scalar::Float(3.0),
            Scalar::Bool(true),
            Scalar::Null,
            Scalar::Other,
        ] {
            assert_eq!(s.as_int(), None, "{s:?}");
        }
    }

    #[test]
    fn check_exact_keeps_what_javascript_holds_exactly_and_names_the_rule() {
        for ok in [
            "9007199254740991",
            "-9007199254740991",
            "[2.5, -0.0, 1e300]",
            r#"{"a":[true,null,"x"],"b":{}}"#,
        ] {
            assert!(check_exact(ok).is_ok(), "{ok}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for (bad, why) in [
            ("9007199254740992", "beyond ±(2^53−1)"),
            ("-9007199254740992", "beyond ±(2^53−1)"),
            ("18446744073709551615", "beyond ±(2^53−1)"),
            ("1e400", "number out of range"),
            ("-1e400", "number out of range"),
            (r#"{"a":1,"a":2}"#, "duplicate key"),
            ("[1,", "is not valid JSON"),
            (&deep, "deeper than 128"),
        ] {
            let e = check_exact(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadResponse);
            assert!(e.message.contains(why), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn check_exact_refuses_a_type_json_never_produces_by_name() {
        use serde::de::IntoDeserializer;
        let d: serde::de::value::U128Deserializer<serde::de::value::Error> =
            1u128.into_deserializer();
        let e = Exact::deserialize(d).err().unwrap();
        assert!(e.to_string().contains("expected JSON"), "{e}");
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: Option<i64>,
    }

    #[test]
    fn objects_only_and_errors_name_no_value() {
        let code = ErrorCode::InvalidConfig;
        assert_eq!(
            parse_object::<T>(r#" {"a":1}"#, code, "cfg").unwrap().a,
            Some(1)
        );
        for text in ["[1]", "1", "", "\"{\"", "{", r#"{"a":"secret-value"}"#] {
            let e = parse_object::<T>(text, code, "cfg").unwrap_err();
            assert_eq!(e.code, code);
            assert!(
                e.message.contains("cfg must be a JSON object"),
                "{text}: {}",
                e.message
            );
            assert!(!e.message.contains("secret-value"));
        }
        let e = parse_object::<T>(r#"{"a":1,"a":2}"#, code, "cfg").unwrap_err();
        assert!(e.message.contains("duplicate key"), "{}", e.message);
        let e = parse_object::<T>(r#"{"bee":1}"#, code, "cfg").unwrap_err();
        assert!(e.message.contains("unknown field bee"), "{}", e.message);
        // An unknown key is named, cut to 40 visible ASCII characters.
        let long = format!(r#"{{"{}\u0007x":1}}"#, "k".repeat(60));
        let e = parse_object::<T>(&long, code, "cfg").unwrap_err();
        assert!(
            e.message
                .contains(&format!("unknown field {})", "k".repeat(40))),
            "{}",
            e.message
        );
        let e = parse_object::<T>(r#"{"b\u0007c":1}"#, code, "cfg").unwrap_err();
        assert!(e.message.contains("unknown field bc)"), "{}", e.message);
    }
}
