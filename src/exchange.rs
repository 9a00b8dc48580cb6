//! code 换取用户认证信息（sans-I/O）：[`Exchange`] 在网关调用方（[`crate::api::Api`]）之上构造换取请求、解码身份。
//!
//! The code → identity exchange without I/O, built on the gateway caller [`crate::api::Api`]:
//! [`Exchange::build_request`] returns the request parts; the caller sends them however it likes
//! (fetch, a proxy, a 前置机) and hands `{ status, body }` to [`Exchange::parse_response`].
//!
//! ```
//! use yjt_sso::{Exchange, RequestOptions};
//! let ex = Exchange::from_json(r#"{"env":"test","appCode":"HOSP001",
//!     "appKey":"A7E2D00B4058086CBD3D4B8A5E0B2697","paasId":"p","paasToken":"t"}"#)?;
//! let opts = RequestOptions { business_type: None, now_ms: 1_700_000_000_000, timestamp: None, nonce: "n1".into() };
//! let req = ex.build_request("afadsgfaar", &opts)?;
//! assert_eq!(req.method, "GET");
//! let body = r#"{"errcode":0,"errmsg":"ok","data":{"userId":"u1",
//!     "certificateNo":"0a504c329ff631c16bd487b2fdc3489f","phone":"791410f8740fede1ad58d8ebd8ba1b0d"}}"#;
//! let user = ex.parse_response(200, body)?;
//! assert_eq!((user.certificate_no.as_str(), user.phone.as_str()), ("小明", "13800138000"));
//! # Ok::<(), yjt_sso::Error>(())
//! ```

use crate::api::{Call, RequestParts};
use crate::config::{BusinessType, Config, API_PATH, COMMAND};
use crate::error::{Error, ErrorCode, Result};
use crate::gateway::SignInputs;
use crate::identity::{decode_user, YjtUser};
use crate::rules::validate_code;

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

/// 已校验的配置 + 展开的 SM4 密钥；一次构造，多次换取 / a validated config; build once.
#[derive(Debug, Clone)]
pub struct Exchange {
    config: Config,
}

impl Exchange {
    /// 由已校验的配置构造 / wraps a validated config.
    ///
    /// ```
    /// use yjt_sso::{config::Config, Exchange};
    /// let c = Config::from_json(r#"{"env":"test","appCode":"H1","appKey":"A7E2D00B4058086CBD3D4B8A5E0B2697","paasId":"p","paasToken":"t"}"#)?;
    /// assert_eq!(Exchange::new(c).config().app_code(), "H1");
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn new(config: Config) -> Self {
        Exchange { config }
    }

    /// 已校验的配置 / the validated config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// 构造换取请求（GET）：先校验 code，查询参数为 appCode、command、code、businessType。
    ///
    /// Builds the exchange request: the code is validated before it can reach the URL; the query
    /// is `appCode`, `command=01`, `code`, `businessType`, then the variant's own parameters.
    ///
    /// ```
    /// use yjt_sso::{Exchange, RequestOptions};
    /// let ex = Exchange::from_json(r#"{"env":"test","appCode":"HOSP001",
    ///     "appKey":"A7E2D00B4058086CBD3D4B8A5E0B2697","paasId":"p","paasToken":"t"}"#)?;
    /// let opts = RequestOptions { business_type: None, now_ms: 1_700_000_000_000, timestamp: None, nonce: "abcdef0123456789".into() };
    /// let req = ex.build_request("afadsgfaar", &opts)?;
    /// assert!(req.url.ends_with("?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"));
    /// assert_eq!(ex.build_request("a&b", &opts).unwrap_err().field.as_deref(), Some("code"));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn build_request(&self, code: &str, opts: &RequestOptions) -> Result<RequestParts<'_>> {
        validate_code(code)?;
        let c = &self.config;
        let business_type = opts.business_type.unwrap_or(c.business_type).get();
        let bt = business_type.to_string();
        let query = [
            ("appCode", c.app_code.as_str()),
            ("command", COMMAND),
            ("code", code),
            ("businessType", bt.as_str()),
        ];
        let inputs = SignInputs {
            now_ms: opts.now_ms,
            timestamp: opts.timestamp.clone(),
            nonce: opts.nonce.clone(),
        };
        let call = Call {
            query: &query,
            ..Call::GET
        };
        c.api.build_request(&call, &inputs)
    }

    /// 解析网关响应为用户身份或带类型的错误（响应体按字节传入，须为 UTF-8）。
    ///
    /// Parses the answer (the body as bytes, UTF-8) into a user or a typed error: non-2xx →
    /// `HTTP_STATUS` (or `GATEWAY_REJECTED` for a 4000004xx envelope), non-JSON or not UTF-8 →
    /// `BAD_RESPONSE`, errcode 1/2/3 → `GATEWAY_FAILURE` / `GATEWAY_INVALID_PARAMS` /
    /// `GATEWAY_SIGNATURE`; a user only when every field decoded.
    pub fn parse_response(&self, status: u16, body: impl AsRef<[u8]>) -> Result<YjtUser> {
        let body = core::str::from_utf8(body.as_ref()).map_err(|_| {
            Error::new(
                ErrorCode::BadResponse,
                "响应不是合法的 UTF-8 (the body is not valid UTF-8)",
            )
            .with_status(status)
        })?;
        let c = &self.config;
        let data = crate::gateway::classify(status, body, &c.secrets()).map_err(|mut e| {
            // A proxy or base URL without the API path answers a bare 404: say where to look.
            if e.code == ErrorCode::HttpStatus && status == 404 && !c.base_url().contains(API_PATH)
            {
                e.message.push_str(&format!(
                    "；baseUrl 不含接口路径 {API_PATH}，请检查 / baseUrl lacks the API path {API_PATH}: check it"
                ));
                e.field = Some("baseUrl".into());
            }
            e
        })?;
        decode_user(c, data)
    }
}

#[cfg(test)]
mod tests;
