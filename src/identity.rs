//! 用户身份：把换取接口的 `data` 解码为 [`YjtUser`]（解密敏感字段、附字典标签），要么全部成功，要么报错。
//!
//! The identity. [`decode_user`] turns the exchange's `data` into a [`YjtUser`] — all or
//! nothing: a user is returned only when every field decoded. Sensitive fields are decrypted with
//! the appKey; dictionary labels are attached.

use crate::config::{Config, FieldPolicy};
use crate::dict;
use crate::error::{Error, ErrorCode, Result};
use crate::json::Scalar;
use crate::redact::{mask_id_card, mask_name, mask_phone};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// 字典标签（未知代码为 `None`）/ dictionary labels (`None` for unknown codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "YjtUserLabels"))]
#[serde(rename_all = "camelCase")]
pub struct Labels {
    /// 证件类型 / certificate type.
    pub certificate_type: Option<&'static str>,
    /// 性别 / gender.
    pub gender: Option<&'static str>,
    /// 民族 / nation.
    pub nation: Option<&'static str>,
    /// 渠道 / channel.
    pub channel: Option<&'static str>,
}

/// 解密后的用户身份；字段名与协议一致。`Debug` 只输出掩码。
///
/// The decrypted identity, with the protocol's field names. `Debug` prints masked values only.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct YjtUser {
    /// 粤健通用户 ID / the 粤健通 user id.
    pub user_id: String,
    /// 姓名 / name.
    pub name: String,
    /// 手机号（已解密）/ phone, decrypted.
    pub phone: String,
    /// 证件号码（已解密）/ certificate number, decrypted.
    pub certificate_no: String,
    /// 证件类型代码 / certificate type code.
    #[cfg_attr(test, ts(type = "CertificateTypeCode | (string & {})"))]
    pub certificate_type: String,
    /// 电子健康码 / electronic health card number.
    pub health_card_no: String,
    /// 性别代码；缺失为 null / gender code; null when absent.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub gender: Option<i64>,
    /// 民族代码 / nation code.
    pub nation: String,
    /// 渠道代码 / channel code.
    #[cfg_attr(test, ts(type = "ChannelCode | (string & {})"))]
    pub channel: String,
    /// 字典标签 / dictionary labels.
    pub labels: Labels,
}

impl core::fmt::Debug for YjtUser {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("YjtUser")
            .field("user_id", &self.user_id)
            .field("name", &mask_name(&self.name))
            .field("phone", &mask_phone(&self.phone))
            .field("certificate_no", &mask_id_card(&self.certificate_no))
            .field("certificate_type", &self.certificate_type)
            .field("health_card_no", &mask_id_card(&self.health_card_no))
            .field("gender", &self.gender)
            .field("nation", &self.nation)
            .field("channel", &self.channel)
            .finish()
    }
}

/// The exchange's `data`; every field is judged after parsing so errors can name it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserData<'a> {
    #[serde(borrow, default)]
    user_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    certificate_no: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    certificate_type: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    health_card_no: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    phone: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    name: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    gender: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    nation: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    channel: Option<Scalar<'a>>,
}

fn bad_response(field: &str, msg: String) -> Error {
    Error::new(ErrorCode::BadResponse, msg).with_field(format!("data.{field}"))
}

fn not_object() -> Error {
    Error::new(
        ErrorCode::BadResponse,
        "data 不是对象 (data is not an object)",
    )
    .with_field("data")
}

fn field_err(field: &str) -> Error {
    bad_response(
        field,
        format!("data.{field} 类型不对 (data.{field} has the wrong type)"),
    )
}

fn control_err(field: &str) -> Error {
    bad_response(
        field,
        format!("data.{field} 含控制字符 (data.{field} contains control characters)"),
    )
}

/// A string field: a string (trimmed) or an integer; `required` rejects missing or blank.
/// Control characters (CR/LF, NUL, ANSI escapes) are refused: they would reach logs and headers.
fn field_str(v: &Option<Scalar>, field: &str, required: bool) -> Result<String> {
    let s = match v {
        None | Some(Scalar::Null) => String::new(),
        Some(Scalar::Str(s)) => s.trim().to_owned(),
        Some(Scalar::Int(n)) => n.to_string(),
        Some(_) => return Err(field_err(field)),
    };
    if s.chars().any(char::is_control) {
        return Err(control_err(field));
    }
    if required && s.is_empty() {
        return Err(bad_response(
            field,
            format!("data 缺少 {field} (data lacks {field})"),
        ));
    }
    Ok(s)
}

/// 把换取接口的 `data`（对象，或内容为对象的 JSON 字符串）解码为 [`YjtUser`]。
///
/// Decodes the exchange's `data` — an object, or a JSON string holding one — into a user:
/// `certificateNo` and `phone` are decrypted with the appKey, `name` and `healthCardNo` per the
/// config's policy, and the dictionary labels are attached.
pub(crate) fn decode_user(config: &Config, data: Option<&RawValue>) -> Result<YjtUser> {
    let raw = data.map(RawValue::get).unwrap_or("null").trim_start();
    let inner: String;
    let object = match raw.bytes().next() {
        Some(b'{') => raw,
        Some(b'"') => {
            // Some gateways wrap `data` as a JSON string; accept that, nothing looser.
            inner = serde_json::from_str::<String>(raw).map_err(|_| not_object())?;
            if !inner.trim_start().starts_with('{') {
                return Err(not_object());
            }
            &inner
        }
        Some(b'n') => {
            return Err(Error::new(
                ErrorCode::BadResponse,
                "errcode 为 0 但缺少 data (errcode 0 without data)",
            )
            .with_field("data"))
        }
        _ => return Err(not_object()),
    };
    let d: UserData = serde_json::from_str(object).map_err(|e| {
        if e.to_string().starts_with("duplicate field") {
            Error::new(
                ErrorCode::BadResponse,
                "data 含重复的键 (data has a duplicate key)",
            )
            .with_field("data")
        } else {
            Error::new(
                ErrorCode::BadResponse,
                "data 不是合法的对象 (data is not a valid object)",
            )
            .with_field("data")
        }
    })?;
    let user_id = field_str(&d.user_id, "userId", true)?;
    let certificate_type = field_str(&d.certificate_type, "certificateType", false)?;
    let [certificate_no, phone, name, health_card_no] = decrypt_fields(
        config,
        [
            (
                field_str(&d.certificate_no, "certificateNo", true)?,
                "certificateNo",
                FieldPolicy::Always,
            ),
            (
                field_str(&d.phone, "phone", false)?,
                "phone",
                FieldPolicy::Always,
            ),
            (
                field_str(&d.name, "name", false)?,
                "name",
                config.name_policy,
            ),
            (
                field_str(&d.health_card_no, "healthCardNo", false)?,
                "healthCardNo",
                config.health_card_policy,
            ),
        ],
    )?;
    // An encrypted empty string decrypts fine; an identity without its number is no identity.
    if certificate_no.trim().is_empty() {
        return Err(bad_response(
            "certificateNo",
            "data.certificateNo 解密后为空 (data.certificateNo decrypts to an empty value)".into(),
        ));
    }
    let gender = match &d.gender {
        None | Some(Scalar::Null) => None,
        Some(Scalar::Int(n)) => Some(*n),
        Some(Scalar::Str(s)) if s.trim().is_empty() => None,
        Some(Scalar::Str(s)) => Some(s.trim().parse::<i64>().map_err(|_| field_err("gender"))?),
        Some(_) => return Err(field_err("gender")),
    };
    let nation = field_str(&d.nation, "nation", false)?;
    let channel = field_str(&d.channel, "channel", false)?;
    let labels = Labels {
        certificate_type: dict::certificate_type_label(&certificate_type),
        gender: gender.and_then(dict::gender_label),
        nation: dict::nation_label(&nation),
        channel: dict::channel_label(&channel),
    };
    Ok(YjtUser {
        user_id,
        name,
        phone,
        certificate_no,
        certificate_type,
        health_card_no,
        gender,
        nation,
        channel,
        labels,
    })
}

const DECRYPT_MISSING: &str = "解密结果缺失 (a decryption result is missing)";

/// Decrypts the sensitive fields in one pass of the cipher (it works on batches of blocks).
/// `Always`: must decrypt (`DECRYPT_FAILED` naming the field); `Auto`: decrypted when it looks
/// like ciphertext, else kept as sent; `Never`: kept. Empty fields stay empty.
fn decrypt_fields<const N: usize>(
    config: &Config,
    fields: [(String, &str, FieldPolicy); N],
) -> Result<[String; N]> {
    let wanted =
        |(s, _, p): &(String, &str, FieldPolicy)| !s.is_empty() && *p != FieldPolicy::Never;
    let texts: Vec<&str> = fields
        .iter()
        .filter(|f| wanted(f))
        .map(|f| f.0.as_str())
        .collect();
    let mut plain = config.sm4.decrypt_hex_many(&texts).into_iter();
    let mut out = Vec::with_capacity(N);
    for f in fields {
        if !wanted(&f) {
            out.push(f.0);
            continue;
        }
        let (text, field, policy) = f;
        let decrypted = plain
            .next()
            .unwrap_or_else(|| Err(Error::new(ErrorCode::DecryptFailed, "")));
        match (decrypted, policy) {
            // Plain text stays as sent (it passed the control-character check already).
            (Ok(p), FieldPolicy::Auto) if p.chars().any(char::is_control) => out.push(text),
            (Err(_), FieldPolicy::Auto) => out.push(text),
            (Ok(p), _) if p.chars().any(char::is_control) => return Err(control_err(field)),
            (Ok(p), _) => out.push(p),
            (Err(_), _) => {
                return Err(Error::new(
                    ErrorCode::DecryptFailed,
                    format!("字段 {field} 解密失败，请检查 appKey (could not decrypt {field}; check appKey)"),
                )
                .with_field(format!("data.{field}")))
            }
        }
    }
    out.try_into()
        .map_err(|_| Error::new(ErrorCode::DecryptFailed, DECRYPT_MISSING))
}

#[cfg(test)]
mod tests;
