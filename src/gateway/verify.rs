//! 入站校验：签名的逆运算。签名产生的每一项（两套签名头、appSecret 头、service ID 的位置、额外请求头、
//! 查询参数中的 paasid、转发用户）都被检查；失败时给出是哪一项。
//!
//! Verification as the exact inverse of [`super::sign`]: given the expected credentials and
//! variant, everything signing produces is checked — the main and the second (`alsoSign`) header
//! set, the appSecret header, the service id where the variant puts it, the extra headers, the
//! paasid in the query and the forwarded user — and a failure is a [`Rejection`] naming the
//! [`Check`] and the header or parameter at fault. State (nonce replay) stays with the caller.

use super::credentials::GatewayCredentials;
use super::sign::SERVICE_ID_PARAM;
use super::signature::{signature, signature_for, ForwardedUser};
use super::variant::{GatewayOptions, ServiceIdPlacement, TimestampUnit};
use crate::error::{Error, ErrorCode};
use crate::rules;
use crate::sm4::ct_eq;
use serde::Serialize;

/// 入站校验默认允许的时钟偏差（秒）/ the default allowed clock skew for inbound checks, seconds.
pub const DEFAULT_MAX_SKEW_SECONDS: u32 = 180;

/// 入站校验的选项 / options of an inbound verification.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// 当前时间（Unix 毫秒）/ now, Unix milliseconds.
    pub now_ms: u64,
    /// 时间戳最多早于现在多少秒（默认 180）/ how far in the past a timestamp may be, seconds.
    pub max_past_seconds: u64,
    /// 时间戳最多晚于现在多少秒（默认 180；有的网关只允许 1）/ how far in the future, seconds.
    pub max_future_seconds: u64,
    /// 严格模式：签名大小写须与配置一致 / strict: the signature's hex case must match exactly.
    pub strict: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            now_ms: 0,
            max_past_seconds: DEFAULT_MAX_SKEW_SECONDS.into(),
            max_future_seconds: DEFAULT_MAX_SKEW_SECONDS.into(),
            strict: false,
        }
    }
}

/// 预期的调用方：令牌必填；给出的 paasId、appSecret、service ID 才会被核对。
///
/// Who the request should come from. The token is required; the paasId, appSecret and service
/// id are checked when given. The variant (`gateway`) includes `alsoSign` and `extraHeaders`.
/// `Debug` shows neither the token nor the appSecret.
#[derive(Clone, Copy)]
pub struct Expected<'a> {
    /// 签名令牌 / the token that signs.
    pub paas_token: &'a str,
    /// 预期的 paasId / the expected paasId.
    pub paas_id: Option<&'a str>,
    /// 预期的 appSecret（变体发送它时核对）/ the expected appSecret, checked when the variant
    /// sends it.
    pub app_secret: Option<&'a str>,
    /// 预期的 service ID（按变体的位置核对）/ the expected service id, checked where the variant
    /// puts it.
    pub service_id: Option<&'a str>,
    /// 网关变体 / the variant.
    pub gateway: &'a GatewayOptions,
}

impl core::fmt::Debug for Expected<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Expected")
            .field("paas_token", &"[REDACTED]")
            .field("paas_id", &self.paas_id)
            .field("app_secret", &self.app_secret.map(|_| "[REDACTED]"))
            .field("service_id", &self.service_id)
            .field("gateway", &self.gateway)
            .finish()
    }
}

/// 入站请求：请求头与查询参数 / an inbound request: its headers and its query parameters.
#[derive(Debug, Clone, Copy)]
pub struct Inbound<'a> {
    /// 请求头（名称不区分大小写）/ the headers; names are case-insensitive.
    pub headers: &'a [(String, String)],
    /// 查询参数（已解码）/ the query parameters, decoded.
    pub query: &'a [(String, String)],
}

/// 未通过的检查项 / which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayCheck"))]
#[serde(rename_all = "camelCase")]
pub enum Check {
    /// 必需的签名头缺失或格式不对 / a header of a signed set is missing or malformed.
    Header,
    /// 时间戳超出允许偏差 / the timestamp is outside the allowed skew.
    Timestamp,
    /// 签名不匹配 / the signature does not match.
    Signature,
    /// paasId 不是预期值 / the paasId is not the expected one.
    PaasId,
    /// 第二套签名头的 paasId 不是预期值 / the second set's paasId is not the expected one.
    SecondPaasId,
    /// 额外请求头缺失或值不对 / an extra header is missing or differs.
    ExtraHeader,
    /// 查询参数中的 paasid 缺失或不对 / the paasid query parameter is missing or differs.
    QueryPaasId,
    /// appSecret 头缺失或不对 / the appSecret header is missing or differs.
    AppSecret,
    /// service ID 缺失或不对 / the service id is missing or differs.
    ServiceId,
}

impl Check {
    /// 全部检查项（按校验顺序）/ every check, in the order they run.
    pub const ALL: [Check; 9] = [
        Check::Header,
        Check::Timestamp,
        Check::Signature,
        Check::SecondPaasId,
        Check::PaasId,
        Check::ExtraHeader,
        Check::QueryPaasId,
        Check::AppSecret,
        Check::ServiceId,
    ];
}

/// 校验未通过：检查项、点名字段（请求头名或 `query.参数名`）的错误。
///
/// A failed verification: the check and an error whose `field` names the header (or
/// `query.<name>`) at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 检查项 / the check.
    pub check: Check,
    /// 错误（带 `field`）/ the error, with `field`.
    pub error: Error,
}

/// 入站校验结论（越过 WASM 边界的形式）/ the verdict of an inbound verification, as it crosses
/// into JavaScript: what the request carried, or which check failed and why.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayVerdict"))]
#[serde(rename_all = "camelCase")]
pub enum Verdict<'a> {
    /// 通过 / passed.
    Verified(VerifiedHeaders),
    /// 未通过 / failed.
    Rejected {
        /// 检查项 / the check.
        check: Check,
        /// 错误 / the error.
        error: crate::error::ErrorView<'a>,
    },
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Error {
        r.error
    }
}

/// 校验通过后得到的请求要素（供重放检测使用）/ what a verified request carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "VerifiedGatewayHeaders"))]
#[serde(rename_all = "camelCase")]
pub struct VerifiedHeaders {
    /// 时间戳原文 / the timestamp as sent.
    pub timestamp: String,
    /// nonce 原文 / the nonce as sent.
    pub nonce: String,
    /// paasId 原文 / the paasId as sent.
    pub paas_id: String,
    /// service id（若在请求头中）/ the service id, when sent as a header.
    pub service_id: Option<String>,
    /// 转发的用户 uid（若有）/ the forwarded user's uid, when present.
    pub uid: Option<String>,
    /// 转发的用户信息 / the forwarded user info, when a uid is present.
    pub uinfo: Option<String>,
    /// 扩展信息 / the forwarded ext, when a uid is present.
    pub ext: Option<String>,
}

fn reject(check: Check, code: ErrorCode, field: &str, zh: &str, en: &str) -> Rejection {
    Rejection {
        check,
        error: Error::new(code, format!("{zh} ({en})")).with_field(field),
    }
}

fn mismatch(check: Check, field: &str) -> Rejection {
    reject(
        check,
        ErrorCode::HeaderMismatch,
        field,
        &format!("{field} 缺失或与预期不符"),
        &format!("{field} is missing or not the expected value"),
    )
}

/// Looks headers up by name, case-insensitively; values are trimmed as HTTP stacks do.
struct Lookup<'a>(&'a [(String, String)]);

impl<'a> Lookup<'a> {
    fn find(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    fn get(&self, name: &str) -> Result<&'a str, Rejection> {
        self.find(name).ok_or_else(|| {
            reject(
                Check::Header,
                ErrorCode::MissingHeader,
                name,
                &format!("缺少请求头 {name}"),
                &format!("missing header {name}"),
            )
        })
    }
}

/// One signed set (timestamp, nonce, signature, paasid) under `prefix`, checked for format,
/// skew and signature.
struct SignedSet<'a> {
    timestamp: &'a str,
    nonce: &'a str,
    paas_id: &'a str,
}

fn check_set<'a>(
    h: &Lookup<'a>,
    prefix: &str,
    token: &str,
    opts: &GatewayOptions,
    user: Option<&ForwardedUser>,
    verify: &VerifyOptions,
) -> Result<SignedSet<'a>, Rejection> {
    let name = |suffix: &str| format!("{prefix}-{suffix}");
    let (ts_name, nonce_name, sig_name) = (name("timestamp"), name("nonce"), name("signature"));
    let timestamp = h.get(&ts_name)?;
    let nonce = h.get(&nonce_name)?;
    let sig = h.get(&sig_name)?;
    let paas_id = h.get(&name(&opts.paas_id_header))?;
    if !rules::is_timestamp(timestamp) {
        return Err(reject(
            Check::Header,
            ErrorCode::InvalidHeader,
            &ts_name,
            "时间戳须为十进制数字",
            "timestamp must be decimal digits",
        ));
    }
    if !rules::is_nonce(nonce) {
        return Err(reject(
            Check::Header,
            ErrorCode::InvalidHeader,
            &nonce_name,
            "nonce 须为 1–64 个可见 ASCII 字符，不含逗号",
            "nonce must be 1–64 visible ASCII characters, no comma",
        ));
    }
    let ts: u64 = timestamp.parse().map_err(|_| {
        reject(
            Check::Header,
            ErrorCode::InvalidHeader,
            &ts_name,
            "时间戳超出范围",
            "timestamp out of range",
        )
    })?;
    let ts_ms = match opts.timestamp_unit {
        TimestampUnit::Seconds => ts.saturating_mul(1000),
        TimestampUnit::Milliseconds => ts,
    };
    let (past, future) = (verify.max_past_seconds, verify.max_future_seconds);
    let too_old = verify.now_ms.saturating_sub(ts_ms) > past.saturating_mul(1000);
    let too_new = ts_ms.saturating_sub(verify.now_ms) > future.saturating_mul(1000);
    if too_old || too_new {
        return Err(reject(
            Check::Timestamp,
            ErrorCode::TimestampSkew,
            &ts_name,
            &format!(
                "时间戳超出允许范围（过去 {past} 秒、未来 {future} 秒），请检查双方时钟 (NTP)"
            ),
            &format!("timestamp outside {past} s past / {future} s future: check both clocks, NTP"),
        ));
    }
    let expected = match user {
        Some(u) => signature_for(timestamp, token, nonce, Some(u), opts.signature_case),
        None => signature(timestamp, token, nonce, opts.signature_case),
    };
    let ok = if verify.strict {
        ct_eq(expected.as_bytes(), sig.as_bytes())
    } else {
        ct_eq(
            expected.to_ascii_lowercase().as_bytes(),
            sig.to_ascii_lowercase().as_bytes(),
        )
    };
    if !ok {
        return Err(reject(
            Check::Signature,
            ErrorCode::SignatureMismatch,
            &sig_name,
            "网关签名不匹配",
            "gateway signature mismatch",
        ));
    }
    Ok(SignedSet {
        timestamp,
        nonce,
        paas_id,
    })
}

/// 校验入站请求：签名产生的每一项都核对，失败时返回检查项与点名的请求头。
///
/// Verifies an inbound request against the expected caller: the main signed set (format, skew,
/// signature, covering a forwarded user when a uid header is present), the second set of
/// `alsoSign`, then — each when expected — the paasId, the extra headers, the paasid in the
/// query, the appSecret header and the service id where the variant puts it. Signatures and
/// secrets are compared in constant time; by default a signature's hex case is ignored.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas", "token", Some("secret"), Some("S1"))?;
/// let opts = GatewayOptions::default();
/// let now_ms = 1_700_000_000_000;
/// let inputs = SignInputs { now_ms, timestamp: None, nonce: "0123456789abcdef".into() };
/// let headers = gateway_headers(&creds, &opts, &inputs)?;
/// let verify = VerifyOptions { now_ms, ..Default::default() };
/// let inbound = Inbound { headers: &headers, query: &[] };
/// let v = verify_request(inbound, &Expected::of(&creds, &opts), &verify).unwrap();
/// assert_eq!(v.nonce, "0123456789abcdef");
/// let other = GatewayCredentials::new("paas", "token", Some("other"), Some("S1"))?;
/// let r = verify_request(inbound, &Expected::of(&other, &opts), &verify).unwrap_err();
/// assert_eq!((r.check, r.error.field.as_deref()), (Check::AppSecret, Some("x-tsp-appSecret")));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn verify_request(
    req: Inbound,
    expected: &Expected,
    verify: &VerifyOptions,
) -> Result<VerifiedHeaders, Rejection> {
    let g = expected.gateway;
    let h = Lookup(req.headers);
    let query = |name: &str| {
        req.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // A forwarded user (uid header present) is covered by the signature.
    let user = h.find(&g.name("uid")).map(|uid| ForwardedUser {
        uid: uid.to_owned(),
        uinfo: h.find(&g.name("uinfo")).unwrap_or("").to_owned(),
        ext: h.find(&g.name("ext")).unwrap_or("").to_owned(),
    });
    // The parts join with commas in the signed string: a comma inside uid or uinfo could move to
    // the next part (or into the nonce) with the same signature, so such a request is refused.
    if let Some(u) = &user {
        for (part, v) in [("uid", &u.uid), ("uinfo", &u.uinfo), ("ext", &u.ext)] {
            if !rules::is_user_part(part, v) {
                return Err(reject(
                    Check::Header,
                    ErrorCode::InvalidHeader,
                    &g.name(part),
                    "转发用户的请求头须为可打印 ASCII（uid、uinfo 不含逗号）",
                    "a forwarded-user header must be printable ASCII (no comma in uid or uinfo)",
                ));
            }
        }
    }
    let main = check_set(&h, &g.prefix, expected.paas_token, g, user.as_ref(), verify)?;
    if let Some(a) = &g.also_sign {
        let second = check_set(&h, &a.prefix, &a.paas_token, g, None, verify)?;
        if second.paas_id != a.paas_id {
            return Err(mismatch(
                Check::SecondPaasId,
                &format!("{}-{}", a.prefix, g.paas_id_header),
            ));
        }
    }
    if expected.paas_id.is_some_and(|p| p != main.paas_id) {
        return Err(mismatch(Check::PaasId, &g.name(&g.paas_id_header)));
    }
    for (name, value) in &g.extra_headers {
        if h.find(name) != Some(value.trim()) {
            return Err(mismatch(Check::ExtraHeader, name));
        }
    }
    if g.paas_id_in_query && query(&g.paas_id_header) != Some(main.paas_id) {
        return Err(mismatch(
            Check::QueryPaasId,
            &format!("query.{}", g.paas_id_header),
        ));
    }
    if let (Some(secret), true) = (expected.app_secret, g.send_app_secret) {
        let name = g.name(&g.app_secret_header);
        let sent = h.find(&name).unwrap_or("");
        if !ct_eq(sent.as_bytes(), secret.as_bytes()) {
            return Err(mismatch(Check::AppSecret, &name));
        }
    }
    let header_sid = h.find(&g.name(&g.service_id_header));
    if let Some(sid) = expected.service_id {
        let (sent, field) = match g.service_id_placement {
            ServiceIdPlacement::Header => (header_sid, g.name(&g.service_id_header)),
            ServiceIdPlacement::Query => {
                (query(SERVICE_ID_PARAM), format!("query.{SERVICE_ID_PARAM}"))
            }
            ServiceIdPlacement::Omit => (Some(sid), String::new()),
        };
        if sent != Some(sid) {
            return Err(mismatch(Check::ServiceId, &field));
        }
    }
    Ok(VerifiedHeaders {
        timestamp: main.timestamp.to_owned(),
        nonce: main.nonce.to_owned(),
        paas_id: main.paas_id.to_owned(),
        service_id: header_sid.map(str::to_owned),
        uid: user.as_ref().map(|u| u.uid.clone()),
        uinfo: user.as_ref().map(|u| u.uinfo.clone()),
        ext: user.map(|u| u.ext),
    })
}

impl<'a> Expected<'a> {
    /// 以一套凭据为预期（核对全部）/ expects exactly these credentials (checks everything).
    pub fn of(creds: &'a GatewayCredentials, gateway: &'a GatewayOptions) -> Self {
        Expected {
            paas_token: creds.paas_token(),
            paas_id: Some(creds.paas_id()),
            app_secret: creds.app_secret(),
            service_id: creds.service_id(),
            gateway,
        }
    }
}

/// 只校验签名头（缺头、格式、时间偏差、签名）：[`verify_request`] 只给令牌时的形式。
///
/// Verifies the signed headers only — missing header `MISSING_HEADER`, malformed
/// `INVALID_HEADER`, skew `TIMESTAMP_SKEW`, signature `SIGNATURE_MISMATCH` — i.e.
/// [`verify_request`] with only the token expected.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas", "token", None, None)?;
/// let now_ms = 1_700_000_000_000;
/// let inputs = SignInputs { now_ms, timestamp: None, nonce: "0123456789abcdef".into() };
/// let headers = gateway_headers(&creds, &GatewayOptions::default(), &inputs)?;
/// let v = verify_gateway_headers(&headers, "token", &GatewayOptions::default(), &VerifyOptions { now_ms, ..Default::default() })?;
/// assert_eq!(v.nonce, "0123456789abcdef");
/// let bad = verify_gateway_headers(&headers, "other", &GatewayOptions::default(), &VerifyOptions { now_ms, ..Default::default() });
/// assert_eq!(bad.unwrap_err().code.as_str(), "SIGNATURE_MISMATCH");
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn verify_gateway_headers(
    headers: &[(String, String)],
    token: &str,
    opts: &GatewayOptions,
    verify: &VerifyOptions,
) -> Result<VerifiedHeaders, Error> {
    opts.validate()?;
    let expected = Expected {
        paas_token: token,
        paas_id: None,
        app_secret: None,
        service_id: None,
        gateway: opts,
    };
    let inbound = Inbound {
        headers,
        query: &[],
    };
    Ok(verify_request(inbound, &expected, verify)?)
}

#[cfg(test)]
mod tests;
