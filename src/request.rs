//! 构造换取请求：校验 code 与 businessType，拼出 URL 与签名请求头（不发送）。
//!
//! Building the exchange request without sending it: the code and business type are validated
//! before they reach the URL, the query is form-urlencoded, and the gateway headers are signed.

use crate::config::{BusinessType, Config, COMMAND};
use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{signed_headers, SignInputs};
use serde::Serialize;

/// 一次换取请求的输入 / inputs of one request.
#[derive(Debug, Clone)]
pub struct RequestOptions {
    /// 业务类型，缺省取配置（默认 1）/ business type; `None` = the config's (default 1).
    pub business_type: Option<BusinessType>,
    /// 当前时间（Unix 毫秒）/ now, Unix milliseconds.
    pub now_ms: u64,
    /// 固定 timestamp（十进制数字；测试用）/ a fixed timestamp string (tests).
    pub timestamp: Option<String>,
    /// 本次请求的 nonce（调用方从 CSPRNG 取得）/ this request's nonce, from the caller's CSPRNG.
    pub nonce: String,
}

/// 请求要素 / the request parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestParts {
    /// 恒为 `GET` / always `GET`.
    pub method: &'static str,
    /// 完整 URL / the full URL with query.
    pub url: String,
    /// 请求头（有序）/ the headers, in order.
    pub headers: Vec<(String, String)>,
}

/// 校验一次性 code：1–64 个 `[A-Za-z0-9_-]`；其他一律在拼 URL 前拒绝，且不回显。
///
/// Validates a one-time code: 1–64 of `[A-Za-z0-9_-]`. Anything else is refused before it can
/// reach a URL; the code is not echoed.
///
/// ```
/// use yjt_sso::request::validate_code;
/// assert!(validate_code("afadsgfaar").is_ok());
/// assert!(validate_code("a&b").is_err());
/// ```
pub fn validate_code(code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 64 || !code.bytes().all(crate::config::is_code_char) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "code 须为 1–64 个字母、数字、- 或 _ (code must be 1–64 of [A-Za-z0-9_-])",
        ));
    }
    Ok(())
}

/// 构造换取请求（GET）/ builds the exchange request parts.
///
/// ```
/// use yjt_sso::{config::Config, request::{build_request, RequestOptions}};
/// let c = Config::from_json(r#"{"env":"test","appCode":"HOSP001",
///     "appKey":"A7E2D00B4058086CBD3D4B8A5E0B2697","paasId":"p","paasToken":"t"}"#)?;
/// let opts = RequestOptions { business_type: None, now_ms: 1_700_000_000_000, timestamp: None, nonce: "abcdef0123456789".into() };
/// let req = build_request(&c, "afadsgfaar", &opts)?;
/// assert!(req.url.ends_with("?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn build_request(config: &Config, code: &str, opts: &RequestOptions) -> Result<RequestParts> {
    validate_code(code)?;
    let business_type = opts.business_type.unwrap_or(config.business_type).get();
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("appCode", &config.app_code)
        .append_pair("command", COMMAND)
        .append_pair("code", code)
        .append_pair("businessType", &business_type.to_string());
    config.gateway.append_query(&mut q, &config.creds);
    let sep = if config.base_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let url = format!("{}{}{}", config.base_url, sep, q.finish());
    let inputs = SignInputs {
        now_ms: opts.now_ms,
        timestamp: opts.timestamp.clone(),
        nonce: opts.nonce.clone(),
    };
    // The gateway options were validated with the config.
    let headers = signed_headers(&config.creds, &config.gateway, &inputs, None)?;
    Ok(RequestParts {
        method: "GET",
        url,
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rules() {
        for ok in ["a", "_", "-", "A_b-9", &"z".repeat(64)] {
            assert!(validate_code(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a b", "a&b", "a#b", "码", "a\n", &"z".repeat(65)] {
            let e = validate_code(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
            assert!(bad.is_empty() || !e.message.contains(bad), "{bad}");
        }
    }
}
