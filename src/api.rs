//! 网关上任意接口的调用（sans-I/O）：凭据、变体与地址一次校验；每次调用构造签名请求、归类响应。
//!
//! Calls to any API behind the gateway, without I/O. [`Api`] holds the credentials, the variant
//! options and the base URL, validated once; [`Api::build_request`] returns the signed request
//! parts and [`Api::classify`] turns the answer into the envelope's `data` or a typed error. The
//! code exchange is one such API with its own decoding ([`crate::exchange`]).
//!
//! ```
//! use yjt_sso::api::Api;
//! use yjt_sso::gateway::SignInputs;
//! let api = Api::from_json(r#"{"paasId":"p","paasToken":"tok-123456","serviceId":"S1",
//!     "baseUrl":"https://gw.example/api"}"#)?;
//! let inputs = SignInputs { now_ms: 1_700_000_000_000, timestamp: None, nonce: "n1".into() };
//! let req = api.build_request("GET", &[("command".into(), "02".into())], &inputs)?;
//! assert_eq!(req.url, "https://gw.example/api?command=02");
//! let e = api.classify(200, r#"{"code":500,"message":"bad tok-123456","success":false}"#).unwrap_err();
//! assert!(e.message.contains("***") && !e.message.contains("tok-123456"));
//! # Ok::<(), yjt_sso::Error>(())
//! ```

use crate::config::{
    self, bounded, validate_base_url, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS,
    MAX_BODY_BYTES_LIMIT, MAX_TIMEOUT_MS,
};
use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{signed_headers, GatewayCredentials, GatewayOptions, SignInputs};
use crate::json::{parse_object, Scalar};
use crate::request::RequestParts;
use serde::Deserialize;
use serde_json::value::RawValue;

/// JSON 形式的 `GatewayClient` 配置 / the JSON part of the `GatewayClient` options.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayClientOptionsCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApiInput<'a> {
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    paas_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    paas_token: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    app_secret: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    service_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    base_url: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "GatewayOptions | undefined"))]
    gateway: Option<&'a RawValue>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "boolean | undefined"))]
    allow_insecure_http: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    timeout_ms: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    max_body_bytes: Option<Scalar<'a>>,
}

#[cfg(test)]
pub(crate) type ApiInputTs = ApiInput<'static>;

/// 网关上任意接口的调用方 / a caller of any API behind the gateway.
#[derive(Debug, Clone)]
pub struct Api {
    creds: GatewayCredentials,
    opts: GatewayOptions,
    base_url: String,
    timeout_ms: u32,
    max_body_bytes: u32,
}

impl Api {
    /// 从 JSON 构造并校验 / builds from JSON and validates every field.
    pub fn from_json(text: &str) -> Result<Self> {
        let c: ApiInput = parse_object(text, ErrorCode::InvalidConfig, "options")?;
        let creds = GatewayCredentials::new(
            config::required(&c.paas_id, "paasId")?,
            config::required(&c.paas_token, "paasToken")?,
            config::optional(&c.app_secret, "appSecret")?,
            Some(config::required(&c.service_id, "serviceId")?),
        )?;
        let base_url = config::required(&c.base_url, "baseUrl")?;
        validate_base_url(
            base_url,
            config::boolean(&c.allow_insecure_http, "allowInsecureHttp")?.unwrap_or(false),
        )?;
        let opts: GatewayOptions =
            config::nested(c.gateway, "gateway", config::GATEWAY_FORMS)?.unwrap_or_default();
        opts.validate()?;
        Ok(Api {
            creds,
            opts,
            base_url: base_url.to_owned(),
            timeout_ms: bounded(
                &c.timeout_ms,
                "timeoutMs",
                DEFAULT_TIMEOUT_MS,
                MAX_TIMEOUT_MS,
            )?,
            max_body_bytes: bounded(
                &c.max_body_bytes,
                "maxBodyBytes",
                DEFAULT_MAX_BODY_BYTES,
                MAX_BODY_BYTES_LIMIT,
            )?,
        })
    }

    /// 构造一次签名请求；`query` 按顺序 form-urlencoded 追加到地址后。
    ///
    /// Builds one signed request: `method` is `GET` or `POST`; `query` pairs are appended to the
    /// base URL, form-urlencoded, in order (the service id joins them when the variant puts it in
    /// the query).
    pub fn build_request(
        &self,
        method: &str,
        query: &[(String, String)],
        inputs: &SignInputs,
    ) -> Result<RequestParts> {
        let method = match method {
            "GET" => "GET",
            "POST" => "POST",
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "method 只能是 GET 或 POST (method must be GET or POST)",
                ))
            }
        };
        if query.len() > 64 || query.iter().any(|(k, _)| k.is_empty()) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "query 最多 64 项且名称非空 (query: at most 64 pairs, non-empty names)",
            ));
        }
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            q.append_pair(k, v);
        }
        self.opts.append_query(&mut q, &self.creds);
        let query = q.finish();
        let url = match (query.is_empty(), self.base_url.contains('?')) {
            (true, _) => self.base_url.clone(),
            (false, true) => format!("{}&{query}", self.base_url),
            (false, false) => format!("{}?{query}", self.base_url),
        };
        Ok(RequestParts {
            method,
            url,
            // Validated in `from_json`.
            headers: signed_headers(&self.creds, &self.opts, inputs, None)?,
        })
    }

    /// 归类响应（剔除本调用方的令牌与 appSecret）/ classifies an answer, scrubbing this caller's
    /// token and appSecret from any echoed text.
    pub fn classify<'a>(&self, status: u16, body: &'a str) -> Result<Option<&'a RawValue>> {
        crate::response::classify(status, body, &self.opts.secrets(&self.creds))
    }

    /// 超时毫秒 / the timeout, ms.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// 响应体上限 / the body cap, bytes.
    pub fn max_body_bytes(&self) -> u32 {
        self.max_body_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(extra: &str) -> Result<Api> {
        Api::from_json(&format!(
            r#"{{"paasId":"p","paasToken":"tok-SECRET-1","appSecret":"sec-SECRET-2","serviceId":"S1","baseUrl":"https://gw.example/api"{extra}}}"#
        ))
    }

    fn inputs() -> SignInputs {
        SignInputs {
            now_ms: 1_700_000_000_000,
            timestamp: None,
            nonce: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn builds_get_and_post_with_query() {
        let a = api("").unwrap();
        let r = a
            .build_request(
                "POST",
                &[("a".into(), "1 2&".into()), ("b".into(), "中".into())],
                &inputs(),
            )
            .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            ("POST", "https://gw.example/api?a=1+2%26&b=%E4%B8%AD")
        );
        assert!(r
            .headers
            .iter()
            .any(|(k, v)| k == "x-tsp-serviceid" && v == "S1"));
        assert_eq!(
            a.build_request("GET", &[], &inputs()).unwrap().url,
            "https://gw.example/api"
        );
        let q = api(
            r#","gateway":{"serviceIdPlacement":"query"},"baseUrl":"https://gw.example/api?x=1""#,
        );
        assert!(q.is_err(), "duplicate baseUrl key is refused");
        let q = Api::from_json(r#"{"paasId":"p","paasToken":"t","serviceId":"S1","baseUrl":"https://gw.example/api?x=1","gateway":{"serviceIdPlacement":"query"}}"#).unwrap();
        assert_eq!(
            q.build_request("GET", &[("c".into(), "d".into())], &inputs())
                .unwrap()
                .url,
            "https://gw.example/api?x=1&c=d&serviceId=S1"
        );
        for m in ["PUT", "get", ""] {
            assert_eq!(
                a.build_request(m, &[], &inputs()).unwrap_err().code,
                ErrorCode::InvalidInput
            );
        }
        assert!(a
            .build_request("GET", &[(String::new(), "v".into())], &inputs())
            .is_err());
        let many: Vec<(String, String)> =
            (0..65).map(|i| (format!("k{i}"), String::new())).collect();
        assert!(a.build_request("GET", &many, &inputs()).is_err());
        assert!(a.build_request("GET", &many[..64], &inputs()).is_ok());
    }

    #[test]
    fn options_are_validated_and_defaulted() {
        let a = api("").unwrap();
        assert_eq!((a.timeout_ms(), a.max_body_bytes()), (10_000, 1024 * 1024));
        let a = api(r#","timeoutMs":500,"maxBodyBytes":2048"#).unwrap();
        assert_eq!((a.timeout_ms(), a.max_body_bytes()), (500, 2048));
        for (extra, field) in [
            (r#","timeoutMs":0"#, "timeoutMs"),
            (r#","maxBodyBytes":67108865"#, "maxBodyBytes"),
            (r#","baseUrl2":"x""#, "baseUrl2"),
            (r#","gateway":{"prefix":1}"#, "gateway"),
            (r#","allowInsecureHttp":"yes""#, "allowInsecureHttp"),
        ] {
            let e = api(extra).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidConfig, "{extra}");
            assert!(e.message.contains(field), "{}", e.message);
        }
        let e =
            Api::from_json(r#"{"paasId":"p","paasToken":"t","baseUrl":"https://gw.example/api"}"#)
                .unwrap_err();
        assert!(e.message.contains("serviceId"));
        let e = Api::from_json(r#"{"paasId":"p","paasToken":"t","serviceId":"S"}"#).unwrap_err();
        assert!(e.message.contains("baseUrl"));
        assert!(Api::from_json(
            r#"{"paasId":"p","paasToken":"t","serviceId":"S","baseUrl":"http://10.0.0.1/x"}"#
        )
        .is_err());
    }

    #[test]
    fn classify_scrubs_this_callers_secrets() {
        let a = api("").unwrap();
        let e = a
            .classify(502, "upstream said tok-SECRET-1 and sec-SECRET-2")
            .unwrap_err();
        assert!(!e.message.contains("SECRET"), "{}", e.message);
        assert_eq!(
            a.classify(200, r#"{"code":200,"success":true,"data":{"x":1}}"#)
                .unwrap()
                .unwrap()
                .get(),
            r#"{"x":1}"#
        );
    }
}
