//! 响应解码：把网关的 `{ status, body }` 归类为成功数据或带类型的错误，并把用户数据解码为
//! [`YjtUser`]（解密敏感字段、附字典标签）。
//!
//! Decoding the gateway's answer. [`classify`] turns `{ status, body }` into the envelope's
//! `data` or a typed error; it knows both envelopes seen behind the gateway,
//! `{errcode, errmsg, data}` and `{code, message, success, data}`. [`decode_user`] turns the
//! exchange's `data` into a [`YjtUser`] — all or nothing: a user is returned only when every
//! field decoded. Bodies are deserialized with serde, borrowing strings where possible;
//! duplicate keys are an error (a JSON object whose `errcode` appears twice is not trusted).

use crate::config::{Config, FieldPolicy};
use crate::dict;
use crate::error::{Error, ErrorCode, Result};
use crate::json::Scalar;
use crate::redact::{clean_untrusted, mask_id_card, mask_name, mask_phone};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Both envelopes in one shape; unknown keys are ignored, duplicate keys are an error.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    errcode: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    code: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    success: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    errmsg: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    msg: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    message: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

impl Envelope<'_> {
    fn message(&self, secrets: &[&str]) -> String {
        [&self.errmsg, &self.msg, &self.message]
            .into_iter()
            .find_map(|m| match m {
                Some(Scalar::Str(s)) => Some(clean_untrusted(s, 100, false, secrets)),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// `Ok(())` for a success envelope, the typed error otherwise, `None` when it has no
    /// outcome field at all.
    fn outcome(&self, secrets: &[&str]) -> Option<Result<()>> {
        let number = |s: &Option<Scalar>| s.as_ref().and_then(Scalar::as_int);
        let (ok, errcode) = if let Some(n) = number(&self.errcode) {
            (n == 0, n)
        } else if let Some(Scalar::Bool(b)) = &self.success {
            (*b, number(&self.code).unwrap_or(if *b { 0 } else { 1 }))
        } else if let Some(n) = number(&self.code) {
            (n == 0 || n == 200, n)
        } else {
            return None;
        };
        if ok {
            return Some(Ok(()));
        }
        let (code, label, retryable) = match errcode {
            2 => (
                ErrorCode::GatewayInvalidParams,
                "参数不合法 / invalid parameters",
                false,
            ),
            3 => (
                ErrorCode::GatewaySignature,
                "验签失败 / signature rejected",
                false,
            ),
            400_000_400..=400_000_599 => (
                ErrorCode::GatewayRejected,
                "网关拒绝 / rejected by the gateway",
                matches!(errcode, 400_000_429 | 400_000_529),
            ),
            1 => (ErrorCode::GatewayFailure, "失败 / failure", false),
            _ => (
                ErrorCode::GatewayFailure,
                "未知错误码 / unknown errcode",
                false,
            ),
        };
        let mut msg = self.message(secrets);
        // A rejected timestamp almost always means this machine's clock is off.
        let lower = msg.to_ascii_lowercase();
        if matches!(
            code,
            ErrorCode::GatewayInvalidParams | ErrorCode::GatewayRejected
        ) && (msg.contains("时间") || lower.contains("timestamp"))
        {
            msg.push_str(
                "（请检查本机时钟并用 NTP 同步 / check this machine's clock and sync it with NTP）",
            );
        }
        Some(Err(Error::new(
            code,
            format!("粤健通网关 errcode={errcode} {label}: {msg}"),
        )
        .with_errcode(errcode)
        .retryable(retryable)))
    }
}

fn bad_response(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::BadResponse, msg)
}

fn json_kind(body: &str) -> &'static str {
    match body.trim_start().bytes().next() {
        Some(b'[') => "array",
        Some(b'"') => "string",
        Some(b'n') => "null",
        Some(b't' | b'f') => "boolean",
        _ => "number",
    }
}

/// 非信封正文的安全摘要 / a PII-free excerpt of a body that is not an envelope.
fn excerpt(body: &str, secrets: &[&str]) -> String {
    let t = body.trim();
    if t.is_empty() {
        return "（空响应 / empty body）".into();
    }
    if t.starts_with('{') || t.starts_with('[') {
        // JSON-looking, e.g. a truncated identity: its values (names) may be PII; never quoted.
        let n = body.len();
        return format!("（{n} 字节的非信封 JSON / {n} bytes of JSON-like text, not quoted）");
    }
    format!("«{}»", clean_untrusted(t, 60, true, secrets))
}

/// 把 HTTP 状态与响应体归类：成功时返回信封的 `data`（可能缺失），否则返回带类型的错误。
/// `secrets`（令牌、appSecret 等）会从任何回显文本中剔除。
///
/// Classifies an answer: the envelope's `data` (absent or raw JSON) on success, else the typed
/// error — `HTTP_STATUS` for a non-2xx status without an envelope, `GATEWAY_*` for an envelope
/// that reports failure (its `errcode` / `code` kept), `BAD_RESPONSE` for anything else.
/// Text echoed from the body is cleaned, and `secrets` are scrubbed from it first.
///
/// ```
/// use yjt_sso::response::classify;
/// let data = classify(200, r#"{"code":200,"message":"成功","success":true,"data":[1]}"#, &[])?;
/// assert_eq!(data.map(|d| d.get()), Some("[1]"));
/// let e = classify(200, r#"{"errcode":400000401,"errmsg":"bad signature."}"#, &[]).unwrap_err();
/// assert_eq!((e.code.as_str(), e.errcode), ("GATEWAY_REJECTED", Some(400000401)));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn classify<'a>(status: u16, body: &'a str, secrets: &[&str]) -> Result<Option<&'a RawValue>> {
    // Objects only: serde would also fill a struct from a JSON array, by position.
    let parsed = match body.trim_start().starts_with('{') {
        true => serde_json::from_str::<Envelope>(body).map_err(|e| e.to_string()),
        false => Err(String::new()),
    };
    let success = (200..300).contains(&status);
    let env = match parsed {
        Ok(env) => env,
        Err(e) if success => {
            let msg = if e.starts_with("duplicate field") {
                "响应 JSON 含重复的键 (the answer has a duplicate key)".to_owned()
            } else if serde_json::from_str::<IgnoredAny>(body).is_ok() {
                let k = json_kind(body);
                format!("响应 JSON 不是对象而是 {k} (body is JSON {k}, not an object)")
            } else {
                format!(
                    "响应不是 JSON (body is not JSON): {}",
                    excerpt(body, secrets)
                )
            };
            return Err(bad_response(msg).with_status(status));
        }
        Err(_) => return Err(http_status(status, body, secrets)),
    };
    match env.outcome(secrets) {
        Some(Err(e)) => Err(e.with_status(status)),
        Some(Ok(())) if success => Ok(env.data),
        None if success => {
            Err(bad_response("响应缺少 errcode (response has no errcode)").with_status(status))
        }
        _ => Err(http_status(status, body, secrets)),
    }
}

/// JS 传入的 HTTP 状态 → `u16`；须为 100–999 的整数 / a JS status number as `u16`.
///
/// ```
/// assert_eq!(yjt_sso::response::status_from_f64(200.0)?, 200);
/// assert!(yjt_sso::response::status_from_f64(99.5).is_err());
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn status_from_f64(status: f64) -> Result<u16> {
    if status.fract() == 0.0 && (100.0..=999.0).contains(&status) {
        Ok(status as u16)
    } else {
        Err(Error::new(
            ErrorCode::InvalidInput,
            "status 须为 100–999 的整数 (status must be an integer 100–999)",
        ))
    }
}

fn http_status(status: u16, body: &str, secrets: &[&str]) -> Error {
    Error::new(
        ErrorCode::HttpStatus,
        format!(
            "网关返回 HTTP {status} (gateway answered HTTP {status}): {}",
            excerpt(body, secrets)
        ),
    )
    .with_status(status)
    .retryable(matches!(status, 429 | 502 | 503 | 504))
}

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

fn field_err(field: &str) -> Error {
    bad_response(format!(
        "data.{field} 类型不对 (data.{field} has the wrong type)"
    ))
}

fn control_err(field: &str) -> Error {
    bad_response(format!(
        "data.{field} 含控制字符 (data.{field} contains control characters)"
    ))
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
        return Err(bad_response(format!(
            "data 缺少 {field} (data lacks {field})"
        )));
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
            inner = serde_json::from_str::<String>(raw)
                .map_err(|_| bad_response("data 不是对象 (data is not an object)"))?;
            if !inner.trim_start().starts_with('{') {
                return Err(bad_response("data 不是对象 (data is not an object)"));
            }
            &inner
        }
        Some(b'n') => {
            return Err(bad_response(
                "errcode 为 0 但缺少 data (errcode 0 without data)",
            ))
        }
        _ => return Err(bad_response("data 不是对象 (data is not an object)")),
    };
    let d: UserData = serde_json::from_str(object).map_err(|e| {
        if e.to_string().starts_with("duplicate field") {
            bad_response("data 含重复的键 (data has a duplicate key)")
        } else {
            bad_response("data 不是合法的对象 (data is not a valid object)")
        }
    })?;
    let user_id = field_str(&d.user_id, "userId", true)?;
    let certificate_type = field_str(&d.certificate_type, "certificateType", false)?;
    let certificate_no = decrypt_required(config, &d.certificate_no, "certificateNo")?;
    let phone = decrypt_optional(config, &d.phone, "phone")?;
    let name = decrypt_policy(config, &d.name, "name", config.name_policy)?;
    let health_card_no = decrypt_policy(
        config,
        &d.health_card_no,
        "healthCardNo",
        config.health_card_policy,
    )?;
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

fn decrypt_required(config: &Config, v: &Option<Scalar>, field: &str) -> Result<String> {
    let plain = decrypt_field(config, field, &field_str(v, field, true)?)?;
    // An encrypted empty string decrypts fine; an identity without its number is no identity.
    if plain.trim().is_empty() {
        return Err(bad_response(format!(
            "data.{field} 解密后为空 (data.{field} decrypts to an empty value)"
        )));
    }
    Ok(plain)
}

fn decrypt_optional(config: &Config, v: &Option<Scalar>, field: &str) -> Result<String> {
    let s = field_str(v, field, false)?;
    if s.is_empty() {
        return Ok(s);
    }
    decrypt_field(config, field, &s)
}

fn decrypt_policy(
    config: &Config,
    v: &Option<Scalar>,
    field: &str,
    policy: FieldPolicy,
) -> Result<String> {
    let s = field_str(v, field, false)?;
    if s.is_empty() {
        return Ok(s);
    }
    match policy {
        FieldPolicy::Never => Ok(s),
        FieldPolicy::Always => decrypt_field(config, field, &s),
        // Plain text stays as sent; it passed the control-character check above.
        FieldPolicy::Auto => Ok(config.sm4.try_decrypt_hex(&s).unwrap_or(s)),
    }
}

fn decrypt_field(config: &Config, field: &str, v: &str) -> Result<String> {
    let plain = config
        .sm4
        .decrypt_str(v, crate::sm4::Encoding::Hex)
        .map_err(|_| {
            Error::new(
                ErrorCode::DecryptFailed,
                format!("字段 {field} 解密失败，请检查 appKey (could not decrypt {field}; check appKey)"),
            )
        })?;
    if plain.chars().any(char::is_control) {
        return Err(control_err(field));
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(status: u16, body: &str) -> &'static str {
        classify(status, body, &[]).unwrap_err().code.as_str()
    }

    #[test]
    fn envelopes_must_be_objects_with_unique_keys() {
        // serde fills a struct from an array by position: `[1,2]` must not read as errcode 1.
        for body in ["[1,2]", "[]", "[0]", " [0, 0]"] {
            assert_eq!(code(200, body), "BAD_RESPONSE", "{body}");
        }
        assert_eq!(
            code(200, r#"{"errcode":1,"errmsg":"x","errcode":0}"#),
            "BAD_RESPONSE"
        );
        let e = classify(200, r#"{"errcode":0,"errcode":0}"#, &[]).unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(code(502, "[1,2]"), "HTTP_STATUS");
    }

    #[test]
    fn both_envelope_shapes() {
        let ok = |b: &str| classify(200, b, &[]).map(|d| d.map(|r| r.get().to_owned()));
        assert_eq!(
            ok(r#"{"errcode":0,"data":{"a":1}}"#).unwrap().as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(ok(r#"{"errcode":"0"}"#).unwrap(), None);
        assert_eq!(
            ok(r#"{"code":200,"message":"成功","success":true,"data":1}"#)
                .unwrap()
                .as_deref(),
            Some("1")
        );
        assert_eq!(ok(r#"{"code":0,"data":2}"#).unwrap().as_deref(), Some("2"));
        assert_eq!(ok(r#"{"code":200}"#).unwrap(), None);
        let e = ok(r#"{"code":500,"message":"服务异常","success":false}"#).unwrap_err();
        assert_eq!((e.code, e.errcode), (ErrorCode::GatewayFailure, Some(500)));
        assert!(e.message.contains("服务异常"));
        let e = ok(r#"{"success":false,"msg":"no"}"#).unwrap_err();
        assert_eq!((e.code, e.errcode), (ErrorCode::GatewayFailure, Some(1)));
        let e = ok(r#"{"code":"3","success":false}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::GatewaySignature);
        // errcode wins over code/success when both are present.
        let e = ok(r#"{"errcode":2,"code":200,"success":true}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::GatewayInvalidParams);
        assert_eq!(code(200, r#"{"errcode":1.5}"#), "BAD_RESPONSE");
        assert_eq!(code(200, r#"{"success":"yes"}"#), "BAD_RESPONSE");
    }

    #[test]
    fn errmsg_scrubbed_before_truncation() {
        let long = format!("{}tok-SECRET-123", "a ".repeat(47));
        let body = format!(r#"{{"errcode":1,"errmsg":"{long}"}}"#);
        let e = classify(200, &body, &["tok-SECRET-123"]).unwrap_err();
        assert!(!e.message.contains("tok-SECRE"), "{}", e.message);
        let e = classify(200, r#"{"errcode":1,"errmsg":"phone 138 0013 8000"}"#, &[]).unwrap_err();
        assert!(!e.message.contains("0013"), "{}", e.message);
    }

    #[test]
    fn errcode_labels_and_non_2xx_envelopes() {
        let e = classify(200, r#"{"errcode":1,"errmsg":"x"}"#, &[]).unwrap_err();
        assert!(
            e.message.contains("failure") && !e.message.contains("unknown"),
            "{}",
            e.message
        );
        let e = classify(200, r#"{"errcode":77,"errmsg":"x"}"#, &[]).unwrap_err();
        assert!(e.message.contains("unknown errcode"), "{}", e.message);
        // A success envelope or one without an outcome under a non-2xx status is an HTTP error.
        for body in [r#"{"errcode":0,"data":{}}"#, r#"{"foo":1}"#] {
            let e = classify(500, body, &[]).unwrap_err();
            assert_eq!(
                (e.code, e.status),
                (ErrorCode::HttpStatus, Some(500)),
                "{body}"
            );
        }
        let e = classify(200, r#"{"foo":1}"#, &[]).unwrap_err();
        assert!(e.message.contains("no errcode"), "{}", e.message);
    }

    #[test]
    fn status_numbers() {
        assert_eq!(status_from_f64(100.0).unwrap(), 100);
        assert_eq!(status_from_f64(999.0).unwrap(), 999);
        for bad in [99.0, 1000.0, 200.5, f64::NAN, f64::INFINITY, -200.0] {
            assert!(status_from_f64(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamp_rejections_point_at_the_clock() {
        for body in [
            r#"{"errcode":2,"errmsg":"参数不合法：时间戳超出允许范围"}"#,
            r#"{"errcode":400000400,"errmsg":"bad timestamp."}"#,
        ] {
            let e = classify(200, body, &[]).unwrap_err();
            assert!(e.message.contains("NTP"), "{}", e.message);
        }
        for body in [
            r#"{"errcode":2,"errmsg":"参数不合法：code"}"#,
            r#"{"errcode":3,"errmsg":"timestamp"}"#,
        ] {
            assert!(
                !classify(200, body, &[])
                    .unwrap_err()
                    .message
                    .contains("NTP"),
                "{body}"
            );
        }
    }

    mod decode {
        use super::super::*;
        use serde_json::{json, Value};

        const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

        fn config() -> Config {
            Config::from_json(&format!(
                r#"{{"env":"test","appCode":"H","appKey":"{KEY}","paasId":"p","paasToken":"t"}}"#
            ))
            .unwrap()
        }

        fn enc(s: &str) -> String {
            crate::sm4::encrypt_ecb(KEY, s).unwrap()
        }

        fn data(extra: Value) -> Value {
            let mut d = json!({
                "userId": "u-1", "certificateNo": enc("11010519491231002X"),
                "phone": enc("13800138000"), "name": "张三丰", "gender": 1,
            });
            for (k, v) in extra.as_object().unwrap() {
                d[k] = v.clone();
            }
            d
        }

        fn decode(d: &Value) -> Result<YjtUser> {
            let raw = serde_json::value::to_raw_value(d).unwrap();
            decode_user(&config(), Some(&raw))
        }

        #[test]
        fn debug_prints_masks_only() {
            let u = decode(&data(json!({ "healthCardNo": "E1234567890ABCDEF" }))).unwrap();
            let dbg = format!("{u:?}");
            for masked in [
                "1101**********002X",
                "138****8000",
                "张*丰",
                "YjtUser",
                "u-1",
            ] {
                assert!(dbg.contains(masked), "{masked} not in {dbg}");
            }
            for plain in [
                "11010519491231002X",
                "13800138000",
                "张三丰",
                "E1234567890ABCDEF",
            ] {
                assert!(!dbg.contains(plain), "{plain} in {dbg}");
            }
        }

        #[test]
        fn odd_field_values() {
            for (g, want) in [
                (json!(""), None),
                (json!("  "), None),
                (json!(" 2 "), Some(2)),
                (json!(null), None),
                (json!(-1), Some(-1)),
            ] {
                assert_eq!(
                    decode(&data(json!({ "gender": g.clone() })))
                        .unwrap()
                        .gender,
                    want,
                    "{g}"
                );
            }
            for g in [json!("2.5"), json!(1.5), json!(true), json!("男")] {
                let e = decode(&data(json!({ "gender": g.clone() }))).unwrap_err();
                assert!(e.message.contains("data.gender"), "{g}: {}", e.message);
            }
            let u = decode(&data(
                json!({ "userId": 12345, "nation": -3, "channel": " 1 " }),
            ))
            .unwrap();
            assert_eq!(
                (u.user_id.as_str(), u.nation.as_str(), u.channel.as_str()),
                ("12345", "-3", "1")
            );
            for (field, v) in [
                ("nation", json!(1.5)),
                ("certificateType", json!(true)),
                ("userId", json!([1])),
            ] {
                let e = decode(&data(json!({ field: v.clone() }))).unwrap_err();
                assert!(
                    e.message.contains(&format!("data.{field}")),
                    "{field}={v}: {}",
                    e.message
                );
            }
            for v in [json!("  "), json!(null), json!("")] {
                let e = decode(&data(json!({ "userId": v.clone() }))).unwrap_err();
                assert!(e.message.contains("lacks userId"), "{v}: {}", e.message);
            }
            let e = decode(&data(json!({ "nation": "0\u{1b}[31m1" }))).unwrap_err();
            assert!(e.message.contains("control"), "{}", e.message);
        }

        #[test]
        fn data_shapes() {
            let wrapped = Value::String(data(json!({})).to_string());
            assert_eq!(
                decode(&wrapped).unwrap().certificate_no,
                "11010519491231002X"
            );
            for (d, msg) in [
                (json!("not an object"), "not an object"),
                (json!([1]), "not an object"),
                (json!(1), "not an object"),
                (Value::Null, "without data"),
            ] {
                let e = decode(&d).unwrap_err();
                assert!(e.message.contains(msg), "{d}: {}", e.message);
            }
            assert!(decode_user(&config(), None)
                .unwrap_err()
                .message
                .contains("without data"));
        }
    }

    #[test]
    fn bodies_of_errors_are_quoted_only_when_safe() {
        for (status, body) in [
            (502, "[\"张三\", \"11010519491231002X\"]"),
            (500, "{\"name\":\"张三\""),
        ] {
            let e = classify(status, body, &[]).unwrap_err();
            assert_eq!(e.code, ErrorCode::HttpStatus);
            assert!(
                e.message.contains("not quoted") && !e.message.contains("张三"),
                "{}",
                e.message
            );
        }
        let e = classify(200, "[\"张三\"", &[]).unwrap_err();
        assert!(
            e.message.contains("not quoted") && !e.message.contains("张三"),
            "{}",
            e.message
        );
        let e = classify(503, "  ", &[]).unwrap_err();
        assert!(e.message.contains("empty body"), "{}", e.message);
        let e = classify(500, "Bad Gateway 张三", &[]).unwrap_err();
        assert!(e.message.contains("«Bad Gateway ··»"), "{}", e.message);
        for (status, retry) in [
            (429, true),
            (502, true),
            (503, true),
            (504, true),
            (500, false),
            (404, false),
            (301, false),
        ] {
            assert_eq!(
                classify(status, "x", &[]).unwrap_err().retryable,
                retry,
                "{status}"
            );
        }
        // A JSON kind other than an object is named.
        for (body, kind) in [
            ("\"s\"", "string"),
            ("null", "null"),
            ("true", "boolean"),
            ("1", "number"),
            ("[1]", "array"),
        ] {
            let e = classify(200, body, &[]).unwrap_err();
            assert!(
                e.message.contains(&format!("JSON {kind}")),
                "{body}: {}",
                e.message
            );
        }
    }
}
