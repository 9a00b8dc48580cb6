//! 签名：一次请求的网关请求头（有序）与变体要求的查询参数。
//!
//! Signing one request: the gateway header set, in a stable order, and the query parameters the
//! variant adds. [`super::verify`] checks exactly what this module produces.

use super::credentials::GatewayCredentials;
use super::signature::{format_timestamp, signature, signature_for, ForwardedUser};
use super::variant::{GatewayOptions, ServiceIdPlacement};
use crate::error::{Error, ErrorCode, Result};
use crate::rules;

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
    signed_headers(creds, opts, inputs, None)
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
        if v.len() > 4096
            || !v.bytes().all(|b| (0x20..0x7f).contains(&b))
            || (field == "uid" && v.trim().is_empty())
        {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{field} 须为可打印 ASCII（≤ 4096，uid 非空）({field} must be printable ASCII up to 4096; uid non-empty)"),
            )
            .with_field(format!("user.{field}")));
        }
    }
    opts.validate()?;
    signed_headers(creds, opts, inputs, Some(user))
}

/// Signs with options that were validated when the caller was built (config, Api): the hot path
/// skips re-validating them on every request.
pub(crate) fn signed_headers(
    creds: &GatewayCredentials,
    opts: &GatewayOptions,
    inputs: &SignInputs,
    user: Option<&ForwardedUser>,
) -> Result<Vec<(String, String)>> {
    let timestamp = match &inputs.timestamp {
        Some(t) => {
            rules::check_timestamp(t)?;
            t.clone()
        }
        None => format_timestamp(inputs.now_ms, opts.timestamp_unit),
    };
    rules::check_nonce(&inputs.nonce)?;
    let nonce = inputs.nonce.clone();
    let sig = signature_for(
        &timestamp,
        creds.paas_token(),
        &nonce,
        user,
        opts.signature_case,
    );
    let mut h = Vec::with_capacity(8 + opts.extra_headers.len());
    if let Some(a) = &opts.also_sign {
        let sig2 = signature(&timestamp, &a.paas_token, &nonce, opts.signature_case);
        h.push((format!("{}-timestamp", a.prefix), timestamp.clone()));
        h.push((format!("{}-nonce", a.prefix), nonce.clone()));
        h.push((format!("{}-signature", a.prefix), sig2));
        h.push((
            format!("{}-{}", a.prefix, opts.paas_id_header),
            a.paas_id.clone(),
        ));
    }
    h.push((opts.name("timestamp"), timestamp));
    h.push((opts.name("nonce"), nonce));
    h.push((opts.name("signature"), sig));
    h.push((opts.name(&opts.paas_id_header), creds.paas_id().to_owned()));
    if let Some(u) = user {
        h.push((opts.name("uid"), u.uid.clone()));
        h.push((opts.name("uinfo"), u.uinfo.clone()));
        h.push((opts.name("ext"), u.ext.clone()));
    }
    if opts.send_app_secret {
        if let Some(s) = creds.app_secret() {
            h.push((opts.name(&opts.app_secret_header), s.to_owned()));
        }
    }
    if opts.service_id_placement == ServiceIdPlacement::Header {
        if let Some(s) = creds.service_id() {
            h.push((opts.name(&opts.service_id_header), s.to_owned()));
        }
    }
    h.push((
        "Content-Type".to_owned(),
        "application/json;charset=utf-8".to_owned(),
    ));
    h.extend(
        opts.extra_headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    Ok(h)
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
