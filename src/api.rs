//! 网关上任意接口的调用（sans-I/O）：凭据、变体与地址一次校验；每次调用构造签名请求、归类响应。
//!
//! Calls to any API behind the gateway, without I/O. [`Api`] holds the credentials, the variant
//! options and the base URL, validated once; [`Api::build_request`] returns the signed request
//! parts and [`Api::classify`] turns the answer into the envelope's `data` or a typed error. The
//! code exchange ([`crate::Exchange`]) is built on it.
//!
//! ```
//! use yjt_sso::api::{Api, Call};
//! use yjt_sso::gateway::SignInputs;
//! let api = Api::from_json(r#"{"paasId":"p","paasToken":"tok-123456","serviceId":"S1",
//!     "baseUrl":"https://gw.example/api"}"#)?;
//! let inputs = SignInputs { now_ms: 1_700_000_000_000, timestamp: None, nonce: "n1".into() };
//! let req = api.build_request(&Call { query: &[("command", "02")], ..Call::GET }, &inputs)?;
//! assert_eq!(req.url, "https://gw.example/api?command=02");
//! let e = api.classify(200, r#"{"code":500,"message":"bad tok-123456","success":false}"#).unwrap_err();
//! assert!(e.message.contains("***") && !e.message.contains("tok-123456"));
//! # Ok::<(), yjt_sso::Error>(())
//! ```

use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{
    classify, variant_query, GatewayCredentials, GatewayOptions, Header, Layout, SignInputs,
};
use crate::rules;
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// 请求要素 / the request parts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "RequestPartsCore"))]
pub struct RequestParts<'a> {
    /// `GET` 或 `POST` / `GET` or `POST`.
    #[cfg_attr(test, ts(type = "'GET' | 'POST'"))]
    pub method: &'static str,
    /// 完整 URL / the full URL with query.
    pub url: String,
    /// 请求头（有序；JSON 中为对象，名称两两不同）/ the headers, in order; a JSON object (names
    /// are distinct), so JavaScript receives them ready to send.
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub headers: Vec<Header<'a>>,
}

/// `{ method, url, headers }` with the header pairs as a JSON object, in order.
impl Serialize for RequestParts<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct AsMap<'h, 'a>(&'h [Header<'a>]);
        impl Serialize for AsMap<'_, '_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> core::result::Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        let mut st = s.serialize_struct("RequestParts", 3)?;
        st.serialize_field("method", self.method)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("headers", &AsMap(&self.headers))?;
        st.end()
    }
}

/// 一次调用：方法、查询参数（按顺序）、调用方的额外请求头。
///
/// One call: the method, the query pairs (appended in order) and the caller's extra headers.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// `GET` 或 `POST` / `GET` or `POST`.
    pub method: &'a str,
    /// 查询参数 / query pairs.
    pub query: &'a [(&'a str, &'a str)],
    /// 额外请求头（不得覆盖签名生成的请求头）/ extra headers; may not replace a signed one.
    pub headers: &'a [(&'a str, &'a str)],
}

impl Call<'_> {
    /// 无参数的 GET / a GET without parameters.
    pub const GET: Call<'static> = Call {
        method: "GET",
        query: &[],
        headers: &[],
    };
}

/// 网关上任意接口的调用方 / a caller of any API behind the gateway.
#[derive(Debug, Clone)]
pub struct Api {
    pub(crate) creds: GatewayCredentials,
    pub(crate) opts: GatewayOptions,
    pub(crate) base_url: String,
    pub(crate) timeout_ms: u32,
    pub(crate) max_body_bytes: u32,
    /// The signed headers' names and order, worked out once.
    pub(crate) layout: Layout,
}

fn invalid_input(field: &str, msg: String) -> Error {
    Error::new(ErrorCode::InvalidInput, msg).with_field(field)
}

impl Api {
    /// 构造一次签名请求；`query` 按顺序 form-urlencoded 追加到地址后，变体要求的查询参数随后。
    ///
    /// Builds one signed request: `method` is `GET` or `POST`; `query` pairs are appended to the
    /// base URL, form-urlencoded, in order, then the variant's own parameters (service id,
    /// paasid); the caller's headers follow the signed set and may not replace any of it.
    pub fn build_request(&self, call: &Call, inputs: &SignInputs) -> Result<RequestParts<'_>> {
        let method = match call.method {
            "GET" => "GET",
            "POST" => "POST",
            _ => {
                return Err(invalid_input(
                    "method",
                    "method 只能是 GET 或 POST (method must be GET or POST)".into(),
                ))
            }
        };
        if call.query.len() > 64 || call.query.iter().any(|(k, _)| k.is_empty()) {
            return Err(invalid_input(
                "query",
                "query 最多 64 项且名称非空 (query: at most 64 pairs, non-empty names)".into(),
            ));
        }
        // The variant's own query keys (service id, paasid) may not be given by the caller too: a
        // gateway taking the first of two values would serve another service or caller.
        let generated = variant_query(&self.creds, &self.opts);
        if let Some((k, _)) = call
            .query
            .iter()
            .find(|(k, _)| generated.iter().any(|(g, _)| g.eq_ignore_ascii_case(k)))
        {
            return Err(invalid_input(
                &format!("query.{k}"),
                format!("查询参数 {k} 由网关变体生成，不能由调用方给出 (query key {k} is set by the gateway variant and cannot be given)"),
            ));
        }
        let mut q = form_urlencoded::Serializer::new(String::with_capacity(256));
        for (k, v) in call.query.iter().chain(&generated) {
            q.append_pair(k, v);
        }
        let query = q.finish();
        let mut url = String::with_capacity(self.base_url.len() + 1 + query.len());
        url.push_str(&self.base_url);
        if !query.is_empty() {
            url.push(if self.base_url.contains('?') {
                '&'
            } else {
                '?'
            });
            url.push_str(&query);
        }
        // The options were validated when this caller was built.
        let mut headers = self.layout.sign(&self.creds, &self.opts, inputs, None)?;
        let signed = headers.len();
        for (k, v) in call.headers {
            if rules::is_transport_header(k) {
                return Err(invalid_input(
                    &format!("headers.{k}"),
                    format!("请求头 {k} 由 HTTP 传输层决定，不能由调用方给出 (header {k} belongs to the HTTP transport and cannot be given)"),
                ));
            }
            if !rules::is_header_name(k) {
                return Err(invalid_input(
                    "headers",
                    "请求头名称须为 1–64 个 [A-Za-z0-9_-] (header names must be 1–64 of [A-Za-z0-9_-])".into(),
                ));
            }
            // The signed set is the gateway's proof of who calls: a caller header must not
            // replace any of it (nor repeat another caller header).
            if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(k)) {
                let which = if headers
                    .iter()
                    .take(signed)
                    .any(|(n, _)| n.eq_ignore_ascii_case(k))
                {
                    format!("请求头 {k} 由网关签名生成，不能覆盖 (header {k} is set by the gateway signing and cannot be overridden)")
                } else {
                    format!("请求头 {k} 重复 (header {k} is given twice)")
                };
                return Err(invalid_input(&format!("headers.{k}"), which));
            }
            if !rules::is_static_header_value(v) {
                return Err(invalid_input(
                    &format!("headers.{k}"),
                    format!("请求头 {k} 的值须为可打印 ASCII（≤ 1024）(header {k} must be printable ASCII up to 1024)"),
                ));
            }
            headers.push((Cow::Owned((*k).to_owned()), Cow::Owned((*v).to_owned())));
        }
        Ok(RequestParts {
            method,
            url,
            headers,
        })
    }

    /// 归类响应（剔除本调用方的令牌与 appSecret）/ classifies an answer, scrubbing this caller's
    /// token and appSecret from any echoed text.
    pub fn classify<'a>(&self, status: u16, body: &'a str) -> Result<Option<&'a RawValue>> {
        let data = classify(status, body, &self.secrets())?;
        // The data goes to JavaScript as it is: refuse what JSON.parse would read differently
        // (rounded integers, the last of duplicate keys) or overflow on. (The exchange reads its
        // data into typed fields instead.)
        if let Some(d) = data {
            crate::json::check_exact(d.get()).map_err(|e| e.with_status(status))?;
        }
        Ok(data)
    }

    /// Every secret of this caller (token, appSecret, a second signer's token).
    pub(crate) fn secrets(&self) -> Vec<&str> {
        self.opts.secrets(&self.creds)
    }

    /// 网关凭据 / the credentials.
    pub fn credentials(&self) -> &GatewayCredentials {
        &self.creds
    }

    /// 网关变体 / the variant options.
    pub fn gateway_options(&self) -> &GatewayOptions {
        &self.opts
    }

    /// 网关地址 / the base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
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
mod tests;
