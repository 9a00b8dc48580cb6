//! 响应信封：把网关的 `{ status, body }` 归类为成功的 `data` 或带类型的错误。
//!
//! The response envelope. [`classify`] turns `{ status, body }` into the envelope's `data` or a
//! typed error; it knows both envelopes seen behind the gateway, `{errcode, errmsg, data}` and
//! `{code, message, success, data}`. Duplicate keys are an error (a JSON object whose `errcode`
//! appears twice is not trusted). Echoed text is cleaned and the caller's secrets scrubbed.

use crate::error::{Error, ErrorCode, Result};
use crate::json::Scalar;
use crate::redact::clean_untrusted;
use serde::de::IgnoredAny;
use serde::Deserialize;
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
        // `success: false` is a failure whatever errcode says (errcode "0" with success false).
        let refused = matches!(self.success, Some(Scalar::Bool(false)));
        let (ok, errcode) = if let Some(n) = number(&self.errcode) {
            (
                n == 0 && !refused,
                if n == 0 && refused {
                    number(&self.code)
                        .filter(|c| *c != 0 && *c != 200)
                        .unwrap_or(1)
                } else {
                    n
                },
            )
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
        let field = blamed_field(&msg);
        // A rejected timestamp almost always means this machine's clock is off.
        if field == Some("timestamp")
            && matches!(
                code,
                ErrorCode::GatewayInvalidParams | ErrorCode::GatewayRejected
            )
        {
            msg.push_str(
                "（请检查本机时钟并用 NTP 同步 / check this machine's clock and sync it with NTP）",
            );
        }
        let e = Error::new(code, format!("粤健通网关 errcode={errcode} {label}: {msg}"))
            .with_errcode(errcode)
            .retryable(retryable);
        Some(Err(match field {
            Some(f) => e.with_field(f),
            None => e,
        }))
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
/// use yjt_sso::gateway::classify;
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

/// The input a gateway's error text blames, when it names one (the mock's and the gateways'
/// messages: `时间戳` / `bad timestamp.`, `nonce 重复`, `appSecret 不匹配`, `service ID`,
/// `paasid 未授权`). doctor and the CLI read it as `field`.
fn blamed_field(msg: &str) -> Option<&'static str> {
    let lower = msg.to_ascii_lowercase();
    if msg.contains("时间") || lower.contains("timestamp") {
        Some("timestamp")
    } else if lower.contains("nonce") {
        Some("nonce")
    } else if lower.contains("appsecret") {
        Some("appSecret")
    } else if lower.contains("service id") || lower.contains("serviceid") {
        Some("serviceId")
    } else if lower.contains("paasid") {
        Some("paasId")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
