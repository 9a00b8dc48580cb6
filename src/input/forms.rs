//! 错误消息中“可接受的字段”由类型推导：给类型加字段，消息自动列出，不必再改第二处。
//!
//! The accepted fields an error message lists, derived from the types' own `Deserialize`
//! impls: a field added to a type is listed without a second edit.

use crate::config::DecryptFields;
use crate::gateway::{GatewayOptions, HexCase, ServiceIdPlacement, TimestampUnit};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// The names serde derives for `T`: a struct's fields or an enum's variants, as its
/// `Deserialize` impl hands them to the deserializer. Error messages list them, so a field added
/// to a type is listed without a second edit.
fn names_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe<'c>(&'c core::cell::Cell<&'static [&'static str]>);
    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(
            self,
            _: V,
        ) -> core::result::Result<V::Value, Self::Error> {
            Err(de::Error::custom("probe"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> core::result::Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("probe"))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> core::result::Result<V::Value, Self::Error> {
            self.0.set(variants);
            Err(de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
        }
    }
    let names = core::cell::Cell::new(&[][..]);
    let _ = T::deserialize(Probe(&names));
    names.get()
}

/// What the `gateway` option accepts, derived from [`GatewayOptions`] and its enums.
pub(super) fn gateway_forms() -> (String, String) {
    let enums = [
        ("signatureCase", names_of::<HexCase>()),
        ("timestampUnit", names_of::<TimestampUnit>()),
        ("serviceIdPlacement", names_of::<ServiceIdPlacement>()),
    ];
    let fields: Vec<String> = names_of::<GatewayOptions>()
        .iter()
        .map(|f| match enums.iter().find(|(n, _)| n == f) {
            Some((_, v)) => format!("{f}({})", v.join("|")),
            None => (*f).to_owned(),
        })
        .collect();
    (
        format!("只接受字段 {}", fields.join("、")),
        format!("only the fields {}", fields.join(", ")),
    )
}

pub(super) fn decrypt_fields_forms() -> (String, String) {
    let fields = names_of::<DecryptFields>();
    (
        format!("只接受 {}，取值 auto、always 或 never", fields.join("、")),
        format!("only {}, each auto, always or never", fields.join(" and ")),
    )
}
