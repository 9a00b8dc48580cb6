//! 签名：一次请求的网关请求头（有序）与变体要求的查询参数。
//!
//! Signing one request: the gateway header set, in a stable order, and the query parameters the
//! variant adds. [`super::verify`] checks exactly what this module produces.

use super::credentials::GatewayCredentials;
use super::signature::{format_timestamp, signature, signature_for, ForwardedUser};
use super::variant::{joined, GatewayOptions, ServiceIdPlacement};
use crate::error::{Error, ErrorCode, Result};
use crate::rules;
use std::borrow::Cow;

/// 请求头生成的输入：时间（毫秒）与可选的固定 timestamp / nonce（测试用）。
///
/// Inputs of one signing: the clock reading, and optionally a fixed timestamp string or nonce.
#[derive(Debug, Clone)]
pub struct SignInputs {
    /// 当前时间（Unix 毫秒）/ now, Unix milliseconds.
    pub now_ms: u64,
    /// 覆盖 timestamp（十进制数字串）/ an explicit timestamp string (decimal digits).
    pub timestamp: Option<String>,
    /// 本次的 nonce（1–64 个 `[A-Za-z0-9_-]`，由调用方从 CSPRNG 取得）/ this request's nonce,
    /// 1–64 of `[A-Za-z0-9_-]`, drawn by the caller (the core does no I/O, randomness included).
    pub nonce: String,
}

/// 生成网关请求头（有序的 名称/值 列表）。
///
/// Builds the gateway header set, in a stable order, for one request. The service id goes into
/// the headers only with [`ServiceIdPlacement::Header`]; [`variant_query`] gives the query parameters of the variant.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas", "token", None, None)?;
/// let inputs = SignInputs { now_ms: 1_700_000_000_000, timestamp: None, nonce: "0123456789abcdef".into() };
/// let h = gateway_headers(&creds, &GatewayOptions::default(), &inputs)?;
/// assert!(h.iter().any(|(k, _)| k == "x-tsp-signature"));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn gateway_headers(
    creds: &GatewayCredentials,
    opts: &GatewayOptions,
    inputs: &SignInputs,
) -> Result<Vec<(String, String)>> {
    opts.validate()?;
    sign_owned(creds, opts, inputs, None)
}

/// 生成带转发用户的网关请求头（网关转发给服务方的形态；测试服务方时使用）。
///
/// The header set the gateway sends when it forwards a user to a provider: the `uid`, `uinfo`
/// and `ext` headers, covered by the signature. For testing a provider.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas", "token", None, None)?;
/// let inputs = SignInputs { now_ms: 1_700_000_000_000, timestamp: None, nonce: "n1".into() };
/// let user = ForwardedUser { uid: "u1".into(), ..Default::default() };
/// let h = gateway_headers_for_user(&creds, &GatewayOptions::default(), &inputs, &user)?;
/// assert!(h.iter().any(|(k, v)| k == "x-tsp-uid" && v == "u1"));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn gateway_headers_for_user(
    creds: &GatewayCredentials,
    opts: &GatewayOptions,
    inputs: &SignInputs,
    user: &ForwardedUser,
) -> Result<Vec<(String, String)>> {
    for (field, v) in [
        ("uid", &user.uid),
        ("uinfo", &user.uinfo),
        ("ext", &user.ext),
    ] {
        if !crate::rules::is_user_part(field, v) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{field} 须为可打印 ASCII（≤ 4096；uid 非空；uid、uinfo 不含逗号）({field} must be printable ASCII up to 4096; uid non-empty; no comma in uid or uinfo)"),
            )
            .with_field(format!("user.{field}")));
        }
    }
    opts.validate()?;
    sign_owned(creds, opts, inputs, Some(user))
}

/// What a header of the signed set carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Timestamp,
    Nonce,
    Signature,
    SecondSignature,
    PaasId,
    SecondPaasId,
    Uid,
    Uinfo,
    Ext,
    AppSecret,
    ServiceId,
    ContentType,
    Extra(usize),
}

/// 签名请求头的布局：名称与顺序按变体一次算好；每次签名只生成时间戳、nonce 与签名。
///
/// The layout of a signed header set, worked out once from the variant: every header's name
/// and order, and what it carries. Signing one request then only makes the timestamp, the nonce
/// and the signature(s); names and fixed values are borrowed, and no secret is copied.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    headers: Vec<(String, Slot)>,
}

/// 一个签名请求头：名称与固定值借用，按次生成的值自有 / one signed header; names and fixed
/// values are borrowed, per-request values owned.
pub type Header<'a> = (Cow<'a, str>, Cow<'a, str>);

impl Layout {
    /// 按变体排好签名请求头（`user`：含转发用户的 uid、uinfo、ext）/ lays out the signed
    /// headers of a variant, with the forwarded user's headers when `user`.
    pub(crate) fn new(creds: &GatewayCredentials, opts: &GatewayOptions, user: bool) -> Layout {
        let mut h: Vec<(String, Slot)> = Vec::with_capacity(12 + opts.extra_headers.len());
        if let Some(a) = &opts.also_sign {
            h.push((joined(&a.prefix, "timestamp"), Slot::Timestamp));
            h.push((joined(&a.prefix, "nonce"), Slot::Nonce));
            h.push((joined(&a.prefix, "signature"), Slot::SecondSignature));
            h.push((joined(&a.prefix, &opts.paas_id_header), Slot::SecondPaasId));
        }
        h.push((opts.name("timestamp"), Slot::Timestamp));
        h.push((opts.name("nonce"), Slot::Nonce));
        h.push((opts.name("signature"), Slot::Signature));
        h.push((opts.name(&opts.paas_id_header), Slot::PaasId));
        if user {
            h.push((opts.name("uid"), Slot::Uid));
            h.push((opts.name("uinfo"), Slot::Uinfo));
            h.push((opts.name("ext"), Slot::Ext));
        }
        if opts.send_app_secret && creds.app_secret().is_some() {
            h.push((opts.name(&opts.app_secret_header), Slot::AppSecret));
        }
        if opts.service_id_placement == ServiceIdPlacement::Header && creds.service_id().is_some() {
            h.push((opts.name(&opts.service_id_header), Slot::ServiceId));
        }
        h.push(("Content-Type".to_owned(), Slot::ContentType));
        h.extend((0..opts.extra_headers.len()).map(|i| (String::new(), Slot::Extra(i))));
        Layout { headers: h }
    }

    /// 签一次请求 / signs one request with the credentials and options the layout was made for.
    pub(crate) fn sign<'a>(
        &'a self,
        creds: &'a GatewayCredentials,
        opts: &'a GatewayOptions,
        inputs: &SignInputs,
        user: Option<&'a ForwardedUser>,
    ) -> Result<Vec<Header<'a>>> {
        let timestamp = match &inputs.timestamp {
            Some(t) => {
                rules::check_timestamp(t)?;
                t.clone()
            }
            None => format_timestamp(inputs.now_ms, opts.timestamp_unit),
        };
        rules::check_nonce(&inputs.nonce)?;
        let nonce = inputs.nonce.as_str();
        let case = opts.signature_case;
        let mut extra = opts.extra_headers.iter();
        let mut out = Vec::with_capacity(self.headers.len());
        for (name, slot) in &self.headers {
            let value: Cow<'a, str> = match slot {
                Slot::Timestamp => timestamp.clone().into(),
                Slot::Nonce => nonce.to_owned().into(),
                Slot::Signature => {
                    signature_for(&timestamp, creds.paas_token(), nonce, user, case).into()
                }
                Slot::SecondSignature => {
                    let token = opts
                        .also_sign
                        .as_ref()
                        .map_or("", |a| a.paas_token.as_str());
                    signature(&timestamp, token, nonce, case).into()
                }
                Slot::PaasId => creds.paas_id().into(),
                Slot::SecondPaasId => opts
                    .also_sign
                    .as_ref()
                    .map_or("", |a| a.paas_id.as_str())
                    .into(),
                Slot::Uid => user.map_or("", |u| u.uid.as_str()).into(),
                Slot::Uinfo => user.map_or("", |u| u.uinfo.as_str()).into(),
                Slot::Ext => user.map_or("", |u| u.ext.as_str()).into(),
                Slot::AppSecret => creds.app_secret().unwrap_or_default().into(),
                Slot::ServiceId => creds.service_id().unwrap_or_default().into(),
                Slot::ContentType => "application/json;charset=utf-8".into(),
                Slot::Extra(_) => {
                    // Extra headers keep their own names, in the options' order.
                    let (k, v) = extra
                        .next()
                        .map_or(("", ""), |(k, v)| (k.as_str(), v.as_str()));
                    out.push((Cow::Borrowed(k), Cow::Borrowed(v)));
                    continue;
                }
            };
            out.push((Cow::Borrowed(name.as_str()), value));
        }
        Ok(out)
    }
}

/// One-shot signing (the public functions): a fresh layout, owned pairs.
fn sign_owned(
    creds: &GatewayCredentials,
    opts: &GatewayOptions,
    inputs: &SignInputs,
    user: Option<&ForwardedUser>,
) -> Result<Vec<(String, String)>> {
    let layout = Layout::new(creds, opts, user.is_some());
    let signed = layout.sign(creds, opts, inputs, user)?;
    Ok(signed
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// 变体要求放进查询参数的项：service ID（位置为 `query` 时）与 paasid（`paasIdInQuery`）。
///
/// The query parameters this variant adds: the service id (placement `query`) and the paasid
/// (`paasIdInQuery`, named like `paasIdHeader`).
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("p", "t", None, Some("S1"))?;
/// let opts = GatewayOptions { service_id_placement: ServiceIdPlacement::Query, paas_id_in_query: true, ..Default::default() };
/// assert_eq!(variant_query(&creds, &opts), [("serviceId", "S1"), ("paasid", "p")]);
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn variant_query<'a>(
    creds: &'a GatewayCredentials,
    opts: &'a GatewayOptions,
) -> Vec<(&'a str, &'a str)> {
    let mut q = Vec::new();
    if opts.service_id_placement == ServiceIdPlacement::Query {
        if let Some(s) = creds.service_id() {
            q.push((SERVICE_ID_PARAM, s));
        }
    }
    if opts.paas_id_in_query {
        q.push((opts.paas_id_header.as_str(), creds.paas_id()));
    }
    q
}

/// 查询参数中 service ID 的名称 / the query parameter carrying the service id.
pub const SERVICE_ID_PARAM: &str = "serviceId";

#[cfg(test)]
mod tests;
