//! 省卫健数据中台网关（x-tsp 家族）的请求签名与请求头。
//!
//! The provincial health data-center gateway's request signing (the x-tsp / x-tif / x-rio
//! family): `signature = HEX(SHA-256(timestamp + paasToken + nonce + timestamp))`. The **token**
//! is signed; the appSecret only travels as its own header. Time and randomness are inputs: the
//! caller passes "now", and a nonce when it wants a deterministic one.

use crate::config;
use crate::error::{Error, ErrorCode, Result};
use crate::json::{parse_object, Scalar};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// 入站校验默认允许的时钟偏差（秒）/ the default allowed clock skew for inbound checks, seconds.
pub const DEFAULT_MAX_SKEW_SECONDS: u32 = 180;

/// 网关凭据。`Debug` 不输出令牌与密钥。
///
/// Gateway credentials issued per hospital. `Debug` redacts the token and the secret, and both
/// are zeroized on drop.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas-1", "token-xyz", Some("secret"), Some("DGSP_1911964810465574914"))?;
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Clone)]
pub struct GatewayCredentials {
    paas_id: String,
    paas_token: Zeroizing<String>,
    app_secret: Option<Zeroizing<String>>,
    service_id: Option<String>,
}

impl core::fmt::Debug for GatewayCredentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GatewayCredentials")
            .field("paas_id", &self.paas_id)
            .field("paas_token", &"[REDACTED]")
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field("service_id", &self.service_id)
            .finish()
    }
}

impl GatewayCredentials {
    /// 构造并校验凭据（值只能是可见 ASCII，防止请求头注入）。
    ///
    /// Builds and validates credentials: every value must be non-empty visible ASCII, so nothing
    /// can inject a header line. Errors name the field, never its value.
    ///
    /// ```
    /// # use yjt_sso::gateway::*;
    /// let c = GatewayCredentials::new("paas", "tok", None, None)?;
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn new(
        paas_id: &str,
        paas_token: &str,
        app_secret: Option<&str>,
        service_id: Option<&str>,
    ) -> Result<Self> {
        check_header_value("paasId", paas_id)?;
        check_header_value("paasToken", paas_token)?;
        if let Some(s) = app_secret {
            check_header_value("appSecret", s)?;
        }
        if let Some(s) = service_id {
            check_header_value("serviceId", s)?;
        }
        Ok(GatewayCredentials {
            paas_id: paas_id.to_owned(),
            paas_token: Zeroizing::new(paas_token.to_owned()),
            app_secret: app_secret.map(|s| Zeroizing::new(s.to_owned())),
            service_id: service_id.map(str::to_owned),
        })
    }

    /// 网关 paasId / the gateway paasId.
    pub fn paas_id(&self) -> &str {
        &self.paas_id
    }

    /// 令牌与 appSecret（仅供本 crate 从错误消息中剔除）/ the token and the secret, so the crate
    /// can scrub them from error messages.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        core::iter::once(self.paas_token.as_str())
            .chain(self.app_secret.as_deref().map(|s| s.as_str()))
    }

    /// 服务 ID / the service id, if any.
    pub fn service_id(&self) -> Option<&str> {
        self.service_id.as_deref()
    }
}

/// 签名十六进制大小写 / the signature's hex case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum HexCase {
    /// 大写（默认）/ uppercase, the default.
    #[default]
    Upper,
    /// 小写 / lowercase.
    Lower,
}

/// 时间戳单位 / the timestamp unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TimestampUnit {
    /// Unix 秒（默认）/ Unix seconds, the default.
    #[default]
    Seconds,
    /// Unix 毫秒 / Unix milliseconds.
    Milliseconds,
}

/// service id 放在哪里 / where the service id goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ServiceIdPlacement {
    /// 请求头（默认）/ a header, the default.
    #[default]
    Header,
    /// 查询参数 `serviceId` / the `serviceId` query parameter.
    Query,
    /// 不发送 / not sent.
    Omit,
}

/// 网关变体配置，默认值即接口文档的 x-tsp 形态。
///
/// The gateway variants seen in the wild; the defaults are the x-tsp form of the interface
/// document.
/// Deserializable from the JS `gateway` option (camelCase).
///
/// ```
/// # use yjt_sso::gateway::*;
/// let opts = GatewayOptions { prefix: "x-tif".into(), service_id_header: "serviceId".into(), ..Default::default() };
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ResolvedGatewayOptions"))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct GatewayOptions {
    /// 请求头前缀 / header prefix: `x-tsp`, `x-tif`, `x-rio`.
    pub prefix: String,
    /// service id 头名后缀 / the service-id header suffix (`serviceid` / `serviceId`).
    pub service_id_header: String,
    /// appSecret 头名后缀 / the app-secret header suffix (`appSecret` / `AppSecret`).
    pub app_secret_header: String,
    /// paasid 头名后缀 / the paas-id header suffix (`paasid` / `paasId`).
    pub paas_id_header: String,
    /// 签名大小写 / signature hex case.
    pub signature_case: HexCase,
    /// 时间戳单位 / timestamp unit.
    pub timestamp_unit: TimestampUnit,
    /// service id 位置 / service-id placement.
    pub service_id_placement: ServiceIdPlacement,
    /// 是否发送 appSecret 头 / whether the app-secret header is sent.
    pub send_app_secret: bool,
    /// 额外的静态请求头（名称不得与生成的请求头重名）/ static extra headers; a name may not
    /// collide with a generated header.
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub extra_headers: BTreeMap<String, String>,
    /// paasid 同时放进查询参数（参数名同 paasIdHeader）/ also send the paasid as a query
    /// parameter named like `paasIdHeader`.
    pub paas_id_in_query: bool,
    /// 第二套签名请求头（另一前缀、另一 paasId 与令牌）/ a second signed header set, with its own
    /// prefix, paasId and token. Never serialized.
    #[serde(skip_serializing)]
    #[cfg_attr(test, ts(optional, type = "AlsoSign | undefined"))]
    pub also_sign: Option<AlsoSign>,
}

/// 第二套签名请求头 / a second signed header set.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlsoSign {
    /// 请求头前缀（须与主前缀不同）/ header prefix, different from the main one.
    pub prefix: String,
    /// 第二个 paasId / the second paasId.
    pub paas_id: String,
    /// 第二个令牌（参与签名，不发送）/ the second token (signed, never sent).
    #[cfg_attr(test, ts(type = "string"))]
    pub paas_token: Zeroizing<String>,
}

impl core::fmt::Debug for AlsoSign {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AlsoSign")
            .field("prefix", &self.prefix)
            .field("paas_id", &self.paas_id)
            .field("paas_token", &"[REDACTED]")
            .finish()
    }
}

/// 网关转发给服务方的用户信息（进入签名）/ the user the gateway forwards to a provider; covered
/// by the signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForwardedUser {
    /// `x-…-uid`.
    pub uid: String,
    /// `x-…-uinfo`.
    pub uinfo: String,
    /// `x-…-ext`.
    pub ext: String,
}

impl Default for GatewayOptions {
    fn default() -> Self {
        GatewayOptions {
            prefix: "x-tsp".into(),
            service_id_header: "serviceid".into(),
            app_secret_header: "appSecret".into(),
            paas_id_header: "paasid".into(),
            signature_case: HexCase::Upper,
            timestamp_unit: TimestampUnit::Seconds,
            service_id_placement: ServiceIdPlacement::Header,
            send_app_secret: true,
            extra_headers: BTreeMap::new(),
            paas_id_in_query: false,
            also_sign: None,
        }
    }
}

impl GatewayOptions {
    /// 校验头名只含 token 字符 / checks every header name is an HTTP token.
    ///
    /// ```
    /// # use yjt_sso::gateway::*;
    /// GatewayOptions::default().validate()?;
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        for (field, v) in [
            ("gateway.prefix", &self.prefix),
            ("gateway.serviceIdHeader", &self.service_id_header),
            ("gateway.appSecretHeader", &self.app_secret_header),
            ("gateway.paasIdHeader", &self.paas_id_header),
        ] {
            if !is_token(v) {
                return Err(Error::new(
                    ErrorCode::InvalidConfig,
                    format!("{field} 须为 1–64 个字母、数字、- 或 _ ({field} must be 1–64 of [A-Za-z0-9_-])"),
                ));
            }
        }
        if let Some(a) = &self.also_sign {
            if !is_token(&a.prefix) || a.prefix.eq_ignore_ascii_case(&self.prefix) {
                return Err(invalid_cfg(
                    "gateway.alsoSign.prefix 须为 1–64 个字母、数字、- 或 _，且与 prefix 不同 (must be 1–64 of [A-Za-z0-9_-] and differ from prefix)",
                ));
            }
            check_header_value("gateway.alsoSign.paasId", &a.paas_id)?;
            check_header_value("gateway.alsoSign.paasToken", &a.paas_token)?;
        }
        if self.extra_headers.len() > 32 {
            return Err(invalid_cfg("gateway.extraHeaders 最多 32 个 (at most 32)"));
        }
        for (k, v) in &self.extra_headers {
            let value_ok = v.len() <= 1024 && v.bytes().all(|b| (0x20..0x7f).contains(&b));
            if !is_token(k) || !value_ok {
                return Err(invalid_cfg(
                    "gateway.extraHeaders 的名称须为 1–64 个 [A-Za-z0-9_-]，值为可打印 ASCII（≤ 1024）(names 1–64 of [A-Za-z0-9_-], values printable ASCII up to 1024)",
                ));
            }
        }
        // Every header we send must have its own name (case-insensitive), or one would shadow
        // another — e.g. paasIdHeader "nonce", or prefix "content" + "type" = Content-Type.
        let mut names: Vec<String> = [
            "timestamp",
            "nonce",
            "signature",
            "uid",
            "uinfo",
            "ext",
            &self.paas_id_header,
            &self.app_secret_header,
            &self.service_id_header,
        ]
        .iter()
        .map(|s| self.name(s))
        .collect();
        if let Some(a) = &self.also_sign {
            for s in ["timestamp", "nonce", "signature", &self.paas_id_header] {
                names.push(format!("{}-{s}", a.prefix));
            }
        }
        names.push("content-type".to_owned());
        names.extend(self.extra_headers.keys().cloned());
        for (i, a) in names.iter().enumerate() {
            if names.iter().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)) {
                return Err(invalid_cfg(&format!(
                    "gateway 配置使两个请求头同名：{a} (gateway options give two headers the same name: {a})"
                )));
            }
        }
        Ok(())
    }

    /// The query parameters this variant adds: the service id (placement `query`) and the
    /// paasid (`paasIdInQuery`).
    pub(crate) fn append_query(
        &self,
        q: &mut form_urlencoded::Serializer<String>,
        creds: &GatewayCredentials,
    ) {
        if self.service_id_placement == ServiceIdPlacement::Query {
            if let Some(s) = creds.service_id() {
                q.append_pair("serviceId", s);
            }
        }
        if self.paas_id_in_query {
            q.append_pair(&self.paas_id_header, creds.paas_id());
        }
    }

    /// Every secret of a caller (token, appSecret, a second signer's token), to scrub from text.
    pub(crate) fn secrets<'a>(&'a self, creds: &'a GatewayCredentials) -> Vec<&'a str> {
        let mut v: Vec<&str> = creds.secrets().collect();
        v.extend(self.also_sign.as_ref().map(|a| a.paas_token.as_str()));
        v
    }

    fn name(&self, suffix: &str) -> String {
        format!("{}-{}", self.prefix, suffix)
    }
}

fn is_token(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(crate::config::is_code_char)
}

fn invalid_cfg(msg: &str) -> Error {
    Error::new(ErrorCode::InvalidConfig, msg)
}

/// 计算网关签名：`HEX(SHA-256(timestamp + token + nonce + timestamp))`，默认大写。
///
/// The gateway signature over `timestamp + token + nonce + timestamp`.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let s = signature("1700000000", "token", "abcdef0123456789", HexCase::Upper);
/// assert_eq!(s.len(), 64);
/// ```
pub fn signature(timestamp: &str, token: &str, nonce: &str, case: HexCase) -> String {
    signature_for(timestamp, token, nonce, None, case)
}

/// 带转发用户的签名：`HEX(SHA-256(ts + token + nonce + "," + uid + "," + uinfo + "," + ext + ts))`。
///
/// The signature when the gateway forwards a user: the user's uid, uinfo and ext join the
/// signed string, comma-separated, between the nonce and the closing timestamp.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let u = ForwardedUser { uid: "u1".into(), uinfo: "i".into(), ext: "".into() };
/// let s = signature_for("1700000000", "tok", "n1", Some(&u), HexCase::Upper);
/// assert_ne!(s, signature("1700000000", "tok", "n1", HexCase::Upper));
/// ```
pub fn signature_for(
    timestamp: &str,
    token: &str,
    nonce: &str,
    user: Option<&ForwardedUser>,
    case: HexCase,
) -> String {
    let mut h = Sha256::new();
    h.update(timestamp.as_bytes());
    h.update(token.as_bytes());
    h.update(nonce.as_bytes());
    if let Some(u) = user {
        for part in [&u.uid, &u.uinfo, &u.ext] {
            h.update(b",");
            h.update(part.as_bytes());
        }
    }
    h.update(timestamp.as_bytes());
    let d = h.finalize();
    match case {
        HexCase::Upper => base16ct::upper::encode_string(&d),
        HexCase::Lower => base16ct::lower::encode_string(&d),
    }
}

/// 把毫秒时间转为网关时间戳字符串 / formats "now" (ms since the epoch) in the configured unit.
///
/// ```
/// # use yjt_sso::gateway::*;
/// assert_eq!(format_timestamp(1_700_000_000_123, TimestampUnit::Seconds), "1700000000");
/// ```
pub fn format_timestamp(now_ms: u64, unit: TimestampUnit) -> String {
    match unit {
        TimestampUnit::Seconds => (now_ms / 1000).to_string(),
        TimestampUnit::Milliseconds => now_ms.to_string(),
    }
}

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
/// the headers only with [`ServiceIdPlacement::Header`]; [`crate::exchange`] handles `Query`.
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
            ));
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
            if !is_timestamp(t) {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "timestamp 须为十进制数字 (timestamp must be decimal digits)",
                ));
            }
            t.clone()
        }
        None => format_timestamp(inputs.now_ms, opts.timestamp_unit),
    };
    check_nonce(&inputs.nonce)?;
    let nonce = inputs.nonce.clone();
    let sig = signature_for(
        &timestamp,
        &creds.paas_token,
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
    h.push((opts.name(&opts.paas_id_header), creds.paas_id.clone()));
    if let Some(u) = user {
        h.push((opts.name("uid"), u.uid.clone()));
        h.push((opts.name("uinfo"), u.uinfo.clone()));
        h.push((opts.name("ext"), u.ext.clone()));
    }
    if opts.send_app_secret {
        if let Some(s) = &creds.app_secret {
            h.push((opts.name(&opts.app_secret_header), s.as_str().to_owned()));
        }
    }
    if opts.service_id_placement == ServiceIdPlacement::Header {
        if let Some(s) = &creds.service_id {
            h.push((opts.name(&opts.service_id_header), s.clone()));
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

/// 校验入站网关请求头（名称大小写不敏感）：缺头、格式、时间偏差、签名各有错误码。
///
/// Verifies an inbound request's gateway headers (names case-insensitive): a missing header is
/// `MISSING_HEADER`, a malformed one `INVALID_HEADER`, a timestamp outside the skew
/// `TIMESTAMP_SKEW`, a wrong signature `SIGNATURE_MISMATCH`. The signature is compared in
/// constant time; by default hex case is ignored.
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
) -> Result<VerifiedHeaders> {
    opts.validate()?;
    let find = |suffix: &str| -> Option<&str> {
        let name = opts.name(suffix);
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.trim())
    };
    let get = |suffix: &str| -> Result<&str> {
        find(suffix).ok_or_else(|| {
            let name = opts.name(suffix);
            Error::new(
                ErrorCode::MissingHeader,
                format!("缺少请求头 {name} (missing header {name})"),
            )
        })
    };
    let timestamp = get("timestamp")?;
    let nonce = get("nonce")?;
    let sig = get("signature")?;
    let paas_id = get(&opts.paas_id_header)?;
    if !is_timestamp(timestamp) {
        return Err(Error::new(
            ErrorCode::InvalidHeader,
            "时间戳须为十进制数字 (timestamp must be decimal digits)",
        ));
    }
    if check_nonce(nonce).is_err() {
        return Err(Error::new(
            ErrorCode::InvalidHeader,
            "nonce 须为 1–64 个可见 ASCII 字符 (nonce must be 1–64 visible ASCII characters)",
        ));
    }
    let ts: u64 = timestamp.parse().map_err(|_| {
        Error::new(
            ErrorCode::InvalidHeader,
            "时间戳超出范围 (timestamp out of range)",
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
        return Err(Error::new(
            ErrorCode::TimestampSkew,
            format!(
                "时间戳超出允许范围（过去 {past} 秒、未来 {future} 秒），请检查双方时钟 (NTP) \
                 (timestamp outside {past} s past / {future} s future: check both clocks, NTP)"
            ),
        ));
    }
    // A forwarded user (uid header present) is covered by the signature.
    let user = find("uid").map(|uid| ForwardedUser {
        uid: uid.to_owned(),
        uinfo: find("uinfo").unwrap_or("").to_owned(),
        ext: find("ext").unwrap_or("").to_owned(),
    });
    let expected = signature_for(timestamp, token, nonce, user.as_ref(), opts.signature_case);
    let ok = if verify.strict {
        crate::sm4::ct_eq(expected.as_bytes(), sig.as_bytes())
    } else {
        crate::sm4::ct_eq(
            expected.to_ascii_lowercase().as_bytes(),
            sig.to_ascii_lowercase().as_bytes(),
        )
    };
    if !ok {
        return Err(Error::new(
            ErrorCode::SignatureMismatch,
            "网关签名不匹配 (gateway signature mismatch)",
        ));
    }
    let service_id = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(&opts.name(&opts.service_id_header)))
        .map(|(_, v)| v.trim().to_owned());
    Ok(VerifiedHeaders {
        timestamp: timestamp.to_owned(),
        nonce: nonce.to_owned(),
        paas_id: paas_id.to_owned(),
        service_id,
        uid: user.as_ref().map(|u| u.uid.clone()),
        uinfo: user.as_ref().map(|u| u.uinfo.clone()),
        ext: user.map(|u| u.ext),
    })
}

/// 1–20 decimal digits: a timestamp as signed and as verified (seconds or milliseconds).
fn is_timestamp(t: &str) -> bool {
    !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Nonces seen in the field include `0100007f:01940736acbc:019de1` and `0.8273…`: any 1–64
/// visible ASCII characters, no whitespace.
fn check_nonce(n: &str) -> Result<()> {
    if !n.is_empty() && n.len() <= 64 && n.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidInput,
            "nonce 须为 1–64 个可见 ASCII 字符 (nonce must be 1–64 visible ASCII characters)",
        ))
    }
}

/// 请求头值只能是非空可见 ASCII（无 CR/LF、无空格首尾），错误只点名字段。
pub(crate) fn check_header_value(field: &str, v: &str) -> Result<()> {
    let ok = !v.is_empty() && v.len() <= 512 && v.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidConfig,
            format!(
                "{field} 须为非空的可见 ASCII 字符（不含空格与换行）({field} must be non-empty visible ASCII)"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn creds() -> GatewayCredentials {
        GatewayCredentials::new(
            "paas-001",
            "tok-SECRET-123",
            Some("app-SECRET-456"),
            Some("DGSP_1911964810465574914"),
        )
        .unwrap()
    }

    pub(super) fn get<'a>(h: &'a [(String, String)], k: &str) -> Option<&'a str> {
        h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn signature_matches_independent_sha256() {
        // echo -n "1700000000tok-SECRET-123abcdef01234567891700000000" | sha256sum
        let s = signature(
            "1700000000",
            "tok-SECRET-123",
            "abcdef0123456789",
            HexCase::Upper,
        );
        assert_eq!(
            s,
            "73FECFCCC1D3081E9EFB9735E290ECB834D15ECFCEDF56B75516DB354AB0C73F"
        );
        assert_eq!(
            signature(
                "1700000000",
                "tok-SECRET-123",
                "abcdef0123456789",
                HexCase::Lower
            ),
            s.to_lowercase()
        );
    }

    #[test]
    fn default_header_set() {
        let h = gateway_headers(
            &creds(),
            &GatewayOptions::default(),
            &SignInputs {
                now_ms: 1_700_000_000_999,
                timestamp: None,
                nonce: "abcdef0123456789".into(),
            },
        )
        .unwrap();
        assert_eq!(get(&h, "x-tsp-timestamp"), Some("1700000000"));
        assert_eq!(get(&h, "x-tsp-nonce"), Some("abcdef0123456789"));
        assert_eq!(get(&h, "x-tsp-paasid"), Some("paas-001"));
        assert_eq!(get(&h, "x-tsp-appSecret"), Some("app-SECRET-456"));
        assert_eq!(get(&h, "x-tsp-serviceid"), Some("DGSP_1911964810465574914"));
        assert_eq!(
            get(&h, "Content-Type"),
            Some("application/json;charset=utf-8")
        );
        assert_eq!(
            get(&h, "x-tsp-signature"),
            Some(
                signature(
                    "1700000000",
                    "tok-SECRET-123",
                    "abcdef0123456789",
                    HexCase::Upper
                )
                .as_str()
            )
        );
        // The token itself is never sent.
        assert!(h.iter().all(|(_, v)| !v.contains("tok-SECRET-123")));
    }

    #[test]
    fn every_variant() {
        let opts = GatewayOptions {
            prefix: "x-tif".into(),
            service_id_header: "serviceId".into(),
            app_secret_header: "AppSecret".into(),
            paas_id_header: "paasId".into(),
            signature_case: HexCase::Lower,
            timestamp_unit: TimestampUnit::Milliseconds,
            service_id_placement: ServiceIdPlacement::Query,
            send_app_secret: false,
            ..GatewayOptions::default()
        };
        let h = gateway_headers(
            &creds(),
            &opts,
            &SignInputs {
                now_ms: 1_700_000_000_999,
                timestamp: None,
                nonce: "n1".into(),
            },
        )
        .unwrap();
        assert_eq!(get(&h, "x-tif-timestamp"), Some("1700000000999"));
        assert_eq!(get(&h, "x-tif-paasId"), Some("paas-001"));
        assert_eq!(get(&h, "x-tif-AppSecret"), None);
        assert_eq!(get(&h, "x-tif-serviceId"), None);
        let sig = get(&h, "x-tif-signature").unwrap();
        assert_eq!(sig, sig.to_lowercase());
        assert_eq!(
            sig,
            signature("1700000000999", "tok-SECRET-123", "n1", HexCase::Lower)
        );
        let omit = GatewayOptions {
            service_id_placement: ServiceIdPlacement::Omit,
            prefix: "x-rio".into(),
            ..GatewayOptions::default()
        };
        let h = gateway_headers(
            &creds(),
            &omit,
            &SignInputs {
                now_ms: 1,
                timestamp: None,
                nonce: "0123456789abcdef".into(),
            },
        )
        .unwrap();
        assert!(h.iter().all(|(k, _)| !k.contains("serviceid")));
        assert_eq!(get(&h, "x-rio-nonce"), Some("0123456789abcdef"));
    }

    #[test]
    fn timestamps_and_nonces_given_by_the_caller() {
        assert!(is_timestamp("1") && is_timestamp(&"9".repeat(20)));
        for bad in ["", "12a", "+1", " 1", "1.5", "-1", "１"] {
            assert!(!is_timestamp(bad), "{bad:?}");
        }
        assert!(!is_timestamp(&"1".repeat(21)));
        // Known signatures: SHA-256 computed independently (Python hashlib).
        for (ts, want) in [
            (
                "1700000123",
                "5521130422B0D7C25C162AFFA0239EDD2438EBF2CB66A20F27665522444C31F2",
            ),
            (
                "00000000001700000000",
                "D59E353901935DDF7ACBC1181215BBBE5F833F9C716246629E65E4DF2CA39D8C",
            ),
            (
                "1",
                "3410E6467211ADC5DB5E4CBA9A55DABDB21892816F348AF6D5E1356EE0C3EEE9",
            ),
        ] {
            let inputs = SignInputs {
                now_ms: 5,
                timestamp: Some(ts.into()),
                nonce: "n_1".into(),
            };
            let h = gateway_headers(&creds(), &GatewayOptions::default(), &inputs).unwrap();
            assert_eq!(get(&h, "x-tsp-timestamp"), Some(ts));
            assert_eq!(get(&h, "x-tsp-nonce"), Some("n_1"));
            assert_eq!(get(&h, "x-tsp-signature"), Some(want), "{ts}");
        }
        for ts in ["", "1".repeat(21).as_str(), "17e8"] {
            let inputs = SignInputs {
                now_ms: 5,
                timestamp: Some(ts.into()),
                nonce: "n_1".into(),
            };
            let e = gateway_headers(&creds(), &GatewayOptions::default(), &inputs).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{ts:?}");
        }
        // The longest nonce is accepted, one more character is not.
        let n64 = SignInputs {
            now_ms: 0,
            timestamp: None,
            nonce: "_".repeat(64),
        };
        assert!(gateway_headers(&creds(), &GatewayOptions::default(), &n64).is_ok());
    }

    #[test]
    fn inbound_timestamps() {
        let opts = GatewayOptions::default();
        let verify = |ts: &str, now_ms: u64| {
            let nonce = "n_1";
            let sig = signature(ts, "tok-SECRET-123", nonce, HexCase::Upper);
            let h: Vec<(String, String)> = [
                ("x-tsp-timestamp", ts),
                ("x-tsp-nonce", nonce),
                ("x-tsp-signature", sig.as_str()),
                ("x-tsp-paasid", "paas-001"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let v = VerifyOptions {
                now_ms,
                ..VerifyOptions::default()
            };
            verify_gateway_headers(&h, "tok-SECRET-123", &opts, &v)
        };
        // 20 digits with leading zeros are a timestamp; 21 are not; "" is not.
        assert!(verify("00000000001700000000", 1_700_000_000_000).is_ok());
        for ts in ["", "000000000001700000000", "17000000a0"] {
            assert_eq!(
                verify(ts, 1_700_000_000_000).unwrap_err().code,
                ErrorCode::InvalidHeader,
                "{ts:?}"
            );
        }
        let e = verify("99999999999999999999", 1_700_000_000_000).unwrap_err();
        assert!(e.message.contains("out of range"), "{}", e.message);
        // The skew edges: exactly 180 s either way is accepted, one more second is not.
        assert!(verify("1700000000", 1_700_000_180_000).is_ok());
        assert!(verify("1700000180", 1_700_000_000_000).is_ok());
        assert_eq!(
            verify("1700000000", 1_700_000_181_000).unwrap_err().code,
            ErrorCode::TimestampSkew
        );
        assert_eq!(
            verify("1700000181", 1_700_000_000_000).unwrap_err().code,
            ErrorCode::TimestampSkew
        );
    }

    #[test]
    fn bad_inputs_are_errors() {
        for bad in ["", "a b", "a\r\nX-Evil: 1", "密"] {
            let e = GatewayCredentials::new(bad, "t", None, None).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidConfig);
            let e = GatewayCredentials::new("p", bad, None, None).unwrap_err();
            assert!(e.message.contains("paasToken"));
            if !bad.is_empty() {
                assert!(!e.message.contains(bad));
            }
        }
        let c = creds();
        let o = GatewayOptions::default();
        for nonce in ["", "a b", "x\n", "\u{0}", "码", &"a".repeat(65)] {
            let e = gateway_headers(
                &c,
                &o,
                &SignInputs {
                    now_ms: 0,
                    timestamp: None,
                    nonce: nonce.to_string(),
                },
            )
            .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
        }
        let e = gateway_headers(
            &c,
            &o,
            &SignInputs {
                now_ms: 0,
                timestamp: Some("12a".into()),
                nonce: "n".into(),
            },
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let bad_prefix = GatewayOptions {
            prefix: "x tsp".into(),
            ..GatewayOptions::default()
        };
        assert_eq!(
            bad_prefix.validate().unwrap_err().code,
            ErrorCode::InvalidConfig
        );
    }

    #[test]
    fn colliding_header_names_are_invalid_config() {
        // Found while writing the verify_headers fuzz target.
        for o in [
            GatewayOptions {
                paas_id_header: "nonce".into(),
                ..Default::default()
            },
            GatewayOptions {
                service_id_header: "Signature".into(),
                ..Default::default()
            },
            GatewayOptions {
                app_secret_header: "PAASID".into(),
                ..Default::default()
            },
            GatewayOptions {
                prefix: "content".into(),
                service_id_header: "type".into(),
                ..Default::default()
            },
        ] {
            assert_eq!(o.validate().unwrap_err().code, ErrorCode::InvalidConfig);
        }
        assert!(GatewayOptions::default().validate().is_ok());
    }

    #[test]
    fn debug_redacts() {
        let d = format!("{:?}", creds());
        assert!(!d.contains("tok-SECRET"));
        assert!(!d.contains("app-SECRET"));
        assert!(d.contains("paas-001"));
    }

    fn signed(now_ms: u64, opts: &GatewayOptions) -> Vec<(String, String)> {
        gateway_headers(
            &creds(),
            opts,
            &SignInputs {
                now_ms,
                timestamp: None,
                nonce: "0123456789abcdef".into(),
            },
        )
        .unwrap()
    }

    #[test]
    fn verify_round_trip_and_each_failure() {
        let o = GatewayOptions::default();
        let now = 1_700_000_000_000;
        let v = VerifyOptions {
            now_ms: now,
            ..Default::default()
        };
        let h = signed(now, &o);
        let ok = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
        assert_eq!(ok.paas_id, "paas-001");
        assert_eq!(ok.service_id.as_deref(), Some("DGSP_1911964810465574914"));

        // Case-insensitive names.
        let upper: Vec<_> = h
            .iter()
            .map(|(k, v)| (k.to_uppercase(), v.clone()))
            .collect();
        assert!(verify_gateway_headers(&upper, "tok-SECRET-123", &o, &v).is_ok());

        // Lowercased signature: accepted by default, rejected when strict.
        let lower_sig: Vec<_> = h
            .iter()
            .map(|(k, val)| {
                if k.ends_with("signature") {
                    (k.clone(), val.to_lowercase())
                } else {
                    (k.clone(), val.clone())
                }
            })
            .collect();
        assert!(verify_gateway_headers(&lower_sig, "tok-SECRET-123", &o, &v).is_ok());
        let strict = VerifyOptions {
            strict: true,
            ..v.clone()
        };
        assert_eq!(
            verify_gateway_headers(&lower_sig, "tok-SECRET-123", &o, &strict)
                .unwrap_err()
                .code,
            ErrorCode::SignatureMismatch
        );

        // Wrong token.
        assert_eq!(
            verify_gateway_headers(&h, "other", &o, &v)
                .unwrap_err()
                .code,
            ErrorCode::SignatureMismatch
        );
        // Each missing header.
        for name in [
            "x-tsp-timestamp",
            "x-tsp-nonce",
            "x-tsp-signature",
            "x-tsp-paasid",
        ] {
            let less: Vec<_> = h.iter().filter(|(k, _)| k != name).cloned().collect();
            let e = verify_gateway_headers(&less, "tok-SECRET-123", &o, &v).unwrap_err();
            assert_eq!(e.code, ErrorCode::MissingHeader, "{name}");
            assert!(e.message.contains(name));
        }
        // Skew both ways, and the edge.
        for (ts, code) in [
            (now - 181_000, Some(ErrorCode::TimestampSkew)),
            (now + 181_000, Some(ErrorCode::TimestampSkew)),
            (now - 180_000, None),
            (now + 180_000, None),
        ] {
            let r = verify_gateway_headers(&signed(ts, &o), "tok-SECRET-123", &o, &v);
            assert_eq!(r.err().map(|e| e.code), code);
        }
        // Malformed timestamp.
        let bad_ts: Vec<_> = h
            .iter()
            .map(|(k, val)| {
                if k.ends_with("timestamp") {
                    (k.clone(), "17e9".to_string())
                } else {
                    (k.clone(), val.clone())
                }
            })
            .collect();
        assert_eq!(
            verify_gateway_headers(&bad_ts, "tok-SECRET-123", &o, &v)
                .unwrap_err()
                .code,
            ErrorCode::InvalidHeader
        );
        // Millisecond unit round trip.
        let ms = GatewayOptions {
            timestamp_unit: TimestampUnit::Milliseconds,
            ..GatewayOptions::default()
        };
        assert!(verify_gateway_headers(&signed(now, &ms), "tok-SECRET-123", &ms, &v).is_ok());
    }
}

/// JSON 形式的网关凭据（JS `gatewayHeaders` 的参数）/ the JSON form of `GatewayCredentials`.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayCredentialsCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CredentialsInput<'a> {
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
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    service_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "GatewayOptions | undefined"))]
    gateway: Option<&'a RawValue>,
}

#[cfg(test)]
pub(crate) type CredentialsInputTs = CredentialsInput<'static>;
#[cfg(test)]
pub(crate) type VerifyInputTs = VerifyInput<'static>;

fn gateway_option(v: Option<&RawValue>) -> Result<GatewayOptions> {
    let opts: GatewayOptions =
        config::nested(v, "gateway", config::GATEWAY_FORMS)?.unwrap_or_default();
    opts.validate()?;
    Ok(opts)
}

/// 从 JSON 解析网关凭据与变体 / parses credentials and gateway options from JSON.
///
/// ```
/// use yjt_sso::gateway::credentials_from_json;
/// let (creds, opts) = credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":{"prefix":"x-tif"}}"#)?;
/// assert_eq!((creds.paas_id(), opts.prefix.as_str()), ("p", "x-tif"));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn credentials_from_json(text: &str) -> Result<(GatewayCredentials, GatewayOptions)> {
    let c: CredentialsInput = parse_object(text, ErrorCode::InvalidConfig, "creds")?;
    let creds = GatewayCredentials::new(
        config::required(&c.paas_id, "paasId")?,
        config::required(&c.paas_token, "paasToken")?,
        config::optional(&c.app_secret, "appSecret")?,
        config::optional(&c.service_id, "serviceId")?,
    )?;
    Ok((creds, gateway_option(c.gateway)?))
}

/// JSON 形式的入站校验选项 / the JSON form of the inbound verification options.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "VerifyGatewayOptionsCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VerifyInput<'a> {
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    paas_token: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    max_skew_seconds: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    max_past_seconds: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    max_future_seconds: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "boolean | undefined"))]
    strict: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "GatewayOptions | undefined"))]
    gateway: Option<&'a RawValue>,
}

/// 从 JSON 解析入站校验选项，返回（令牌、变体、选项）/ parses the inbound verification options.
///
/// ```
/// use yjt_sso::gateway::verify_options_from_json;
/// let (token, _, v) = verify_options_from_json(r#"{"paasToken":"t","maxSkewSeconds":60,"maxFutureSeconds":1}"#, 1_700_000_000_000)?;
/// assert_eq!((token.as_str(), v.max_past_seconds, v.max_future_seconds), ("t", 60, 1));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn verify_options_from_json(
    text: &str,
    now_ms: u64,
) -> Result<(Zeroizing<String>, GatewayOptions, VerifyOptions)> {
    let v: VerifyInput = parse_object(text, ErrorCode::InvalidConfig, "options")?;
    let token = Zeroizing::new(config::required(&v.paas_token, "paasToken")?.to_owned());
    let seconds = |x: &Option<Scalar>, field: &str| -> Result<Option<u64>> {
        match x {
            None | Some(Scalar::Null) => Ok(None),
            Some(Scalar::Int(n)) if *n >= 0 => Ok(Some(*n as u64)),
            Some(_) => Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{field} 须为非负整数 ({field} must be a non-negative integer)"),
            )),
        }
    };
    // maxSkewSeconds is the symmetric shorthand; maxPastSeconds / maxFutureSeconds override it.
    let skew =
        seconds(&v.max_skew_seconds, "maxSkewSeconds")?.unwrap_or(DEFAULT_MAX_SKEW_SECONDS.into());
    let verify = VerifyOptions {
        now_ms,
        max_past_seconds: seconds(&v.max_past_seconds, "maxPastSeconds")?.unwrap_or(skew),
        max_future_seconds: seconds(&v.max_future_seconds, "maxFutureSeconds")?.unwrap_or(skew),
        strict: config::boolean(&v.strict, "strict")?.unwrap_or(false),
    };
    Ok((token, gateway_option(v.gateway)?, verify))
}

/// JS 传入的毫秒时间 → `u64`；须为非负有限数 / a JS clock reading (ms) as `u64`.
///
/// ```
/// assert_eq!(yjt_sso::gateway::millis(1.7e12)?, 1_700_000_000_000);
/// assert!(yjt_sso::gateway::millis(f64::NAN).is_err());
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn millis(v: f64) -> Result<u64> {
    // NaN and the infinities fall outside the range too.
    if (0.0..1e17).contains(&v) {
        Ok(v as u64)
    } else {
        Err(Error::new(
            ErrorCode::InvalidInput,
            "now 须为非负有限数 (now must be a finite non-negative number)",
        ))
    }
}

#[cfg(test)]
mod variant_tests {
    use super::tests::{creds, get};
    use super::*;

    fn now() -> u64 {
        1_700_000_000_000
    }

    fn inputs() -> SignInputs {
        SignInputs {
            now_ms: now(),
            timestamp: None,
            nonce: "abcdef0123456789".into(),
        }
    }

    fn opts_json(j: &str) -> GatewayOptions {
        let o: GatewayOptions = serde_json::from_str(j).unwrap();
        o.validate().unwrap();
        o
    }

    #[test]
    fn extra_headers_are_sent_and_never_collide() {
        let o = opts_json(r#"{"extraHeaders":{"x-tsp-target":"svc-1","x-tsp-internet":"true"}}"#);
        let h = gateway_headers(&creds(), &o, &inputs()).unwrap();
        assert_eq!(get(&h, "x-tsp-target"), Some("svc-1"));
        assert_eq!(get(&h, "x-tsp-internet"), Some("true"));
        for bad in [
            r#"{"extraHeaders":{"X-TSP-Signature":"x"}}"#,
            r#"{"extraHeaders":{"content-type":"text/plain"}}"#,
            r#"{"extraHeaders":{"x-tsp-uid":"u"}}"#,
            r#"{"extraHeaders":{"bad name":"x"}}"#,
            r#"{"extraHeaders":{"x-a":"line\nbreak"}}"#,
        ] {
            let o: GatewayOptions = serde_json::from_str(bad).unwrap();
            assert_eq!(
                o.validate().unwrap_err().code,
                ErrorCode::InvalidConfig,
                "{bad}"
            );
        }
    }

    #[test]
    fn extra_header_and_forwarded_user_limits() {
        let headers = |n: usize, len: usize| {
            let m: std::collections::BTreeMap<String, String> = (0..n)
                .map(|i| (format!("x-e{i}"), "v".repeat(len)))
                .collect();
            GatewayOptions {
                extra_headers: m,
                ..GatewayOptions::default()
            }
        };
        assert!(headers(32, 1024).validate().is_ok());
        assert!(headers(33, 1).validate().is_err());
        assert!(headers(1, 1025).validate().is_err());
        let user = |uid: &str, uinfo: String| ForwardedUser {
            uid: uid.into(),
            uinfo,
            ext: String::new(),
        };
        let o = GatewayOptions::default();
        assert!(
            gateway_headers_for_user(&creds(), &o, &inputs(), &user("u", "i".repeat(4096))).is_ok()
        );
        for u in [
            user("u", "i".repeat(4097)),
            user(" ", String::new()),
            user("u", "\u{7f}".into()),
        ] {
            let e = gateway_headers_for_user(&creds(), &o, &inputs(), &u).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
        }
    }

    #[test]
    fn clock_readings_and_json_options() {
        assert_eq!(millis(0.0).unwrap(), 0);
        assert_eq!(millis(1_700_000_000_123.9).unwrap(), 1_700_000_000_123);
        for bad in [-1.0, 1e17, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                millis(bad).unwrap_err().code,
                ErrorCode::InvalidInput,
                "{bad}"
            );
        }
        let (c, o) = credentials_from_json(
            r#"{"paasId":"p","paasToken":"t","gateway":{"signatureCase":"lower","prefix":"x-tif"}}"#,
        )
        .unwrap();
        assert_eq!(c.paas_id(), "p");
        assert_eq!(
            (o.signature_case, o.prefix.as_str()),
            (HexCase::Lower, "x-tif")
        );
        let (_, o) =
            credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":null}"#).unwrap();
        assert_eq!(o, GatewayOptions::default());
        let e = credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":{"prefix":1}}"#)
            .unwrap_err();
        assert!(e.message.contains("gateway"), "{}", e.message);
    }

    #[test]
    fn second_signer_debug_redacts_its_token() {
        let o = opts_json(
            r#"{"alsoSign":{"prefix":"x-rio","paasId":"rio-1","paasToken":"rio-SECRET-9"}}"#,
        );
        let d = format!("{o:?}");
        assert!(
            d.contains("AlsoSign") && d.contains("x-rio") && d.contains("rio-1"),
            "{d}"
        );
        assert!(
            d.contains("[REDACTED]") && !d.contains("rio-SECRET-9"),
            "{d}"
        );
    }

    #[test]
    fn paas_id_in_query() {
        let o = opts_json(r#"{"paasIdInQuery":true}"#);
        let mut q = form_urlencoded::Serializer::new(String::new());
        o.append_query(&mut q, &creds());
        assert_eq!(q.finish(), "paasid=paas-001");
        let mut q = form_urlencoded::Serializer::new(String::new());
        GatewayOptions::default().append_query(&mut q, &creds());
        assert_eq!(q.finish(), "");
    }

    #[test]
    fn second_signer() {
        let o = opts_json(
            r#"{"alsoSign":{"prefix":"x-tif","paasId":"tif-paas","paasToken":"tif-TOKEN-9"}}"#,
        );
        let h = gateway_headers(&creds(), &o, &inputs()).unwrap();
        // echo -n "1700000000tif-TOKEN-9abcdef01234567891700000000" | sha256sum
        assert_eq!(
            get(&h, "x-tif-signature"),
            Some("075BC9F498619161E713CEC11FAEEF8870BC9B2533D38349855AE0AE552C142D")
        );
        assert_eq!(get(&h, "x-tif-paasid"), Some("tif-paas"));
        assert_eq!(get(&h, "x-tif-timestamp"), get(&h, "x-tsp-timestamp"));
        assert!(h.iter().all(|(_, v)| !v.contains("tif-TOKEN")));
        // Each set verifies with its own token and prefix.
        let v = VerifyOptions {
            now_ms: now(),
            ..Default::default()
        };
        assert!(verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).is_ok());
        let tif = GatewayOptions {
            prefix: "x-tif".into(),
            ..Default::default()
        };
        assert!(verify_gateway_headers(&h, "tif-TOKEN-9", &tif, &v).is_ok());
        assert!(verify_gateway_headers(&h, "tok-SECRET-123", &tif, &v).is_err());
        // Never printed, never serialized, scrubbed from messages.
        assert!(!format!("{o:?}").contains("tif-TOKEN"));
        assert!(!serde_json::to_string(&o).unwrap().contains("tif-TOKEN"));
        assert!(o.secrets(&creds()).contains(&"tif-TOKEN-9"));
        for bad in [
            r#"{"alsoSign":{"prefix":"X-TSP","paasId":"p","paasToken":"t"}}"#,
            r#"{"alsoSign":{"prefix":"x-tif","paasId":"p","paasToken":"has space"}}"#,
            r#"{"alsoSign":{"prefix":"x tif","paasId":"p","paasToken":"t"}}"#,
        ] {
            let o: GatewayOptions = serde_json::from_str(bad).unwrap();
            assert_eq!(
                o.validate().unwrap_err().code,
                ErrorCode::InvalidConfig,
                "{bad}"
            );
        }
    }

    #[test]
    fn asymmetric_skew() {
        let o = GatewayOptions::default();
        let at = |offset_s: i64| {
            let t = (now() as i64 / 1000 + offset_s).to_string();
            gateway_headers(
                &creds(),
                &o,
                &SignInputs {
                    timestamp: Some(t),
                    ..inputs()
                },
            )
            .unwrap()
        };
        let v = VerifyOptions {
            now_ms: now(),
            max_past_seconds: 180,
            max_future_seconds: 1,
            strict: false,
        };
        assert!(verify_gateway_headers(&at(-180), "tok-SECRET-123", &o, &v).is_ok());
        assert!(verify_gateway_headers(&at(1), "tok-SECRET-123", &o, &v).is_ok());
        for off in [-181, 2] {
            let e = verify_gateway_headers(&at(off), "tok-SECRET-123", &o, &v).unwrap_err();
            assert_eq!(e.code, ErrorCode::TimestampSkew, "{off}");
            assert!(e.message.contains("NTP"));
        }
        let (_, _, v) = verify_options_from_json(
            r#"{"paasToken":"t","maxSkewSeconds":60,"maxFutureSeconds":1}"#,
            0,
        )
        .unwrap();
        assert_eq!((v.max_past_seconds, v.max_future_seconds), (60, 1));
        let (_, _, v) =
            verify_options_from_json(r#"{"paasToken":"t","maxPastSeconds":5}"#, 0).unwrap();
        assert_eq!((v.max_past_seconds, v.max_future_seconds), (5, 180));
        assert!(verify_options_from_json(r#"{"paasToken":"t","maxFutureSeconds":-1}"#, 0).is_err());
    }

    #[test]
    fn field_nonces_verify() {
        let o = GatewayOptions::default();
        let v = VerifyOptions {
            now_ms: now(),
            ..Default::default()
        };
        for nonce in [
            "4821",
            "0100007f:01940736acbc:019de1",
            "0.8273649182",
            "N1700000000N",
            "550e8400e29b41d4a716446655440000",
            &"z".repeat(64),
        ] {
            let h = gateway_headers(
                &creds(),
                &o,
                &SignInputs {
                    nonce: nonce.into(),
                    ..inputs()
                },
            )
            .unwrap();
            let got = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
            assert_eq!(got.nonce, nonce);
        }
        let mut h = gateway_headers(&creds(), &o, &inputs()).unwrap();
        for (k, val) in h.iter_mut() {
            if k == "x-tsp-nonce" {
                *val = "has space".into();
            }
        }
        assert_eq!(
            verify_gateway_headers(&h, "tok-SECRET-123", &o, &v)
                .unwrap_err()
                .code,
            ErrorCode::InvalidHeader
        );
    }

    #[test]
    fn forwarded_user_signature() {
        let o = GatewayOptions::default();
        let user = ForwardedUser {
            uid: "u-1".into(),
            uinfo: "info".into(),
            ext: "ext".into(),
        };
        let inputs = SignInputs {
            timestamp: Some("1700000000".into()),
            ..inputs()
        };
        let h = gateway_headers_for_user(&creds(), &o, &inputs, &user).unwrap();
        // echo -n "1700000000tok-SECRET-123abcdef0123456789,u-1,info,ext1700000000" | sha256sum
        assert_eq!(
            get(&h, "x-tsp-signature"),
            Some("F7DE65339DD39AB68B5D3228EA581174168665AA2C277B309A84AC66F4120883")
        );
        let v = VerifyOptions {
            now_ms: now(),
            ..Default::default()
        };
        let got = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
        assert_eq!(
            (got.uid.as_deref(), got.uinfo.as_deref(), got.ext.as_deref()),
            (Some("u-1"), Some("info"), Some("ext"))
        );
        // Changing any user part breaks the signature; without a uid the plain form applies.
        for (name, val) in [
            ("x-tsp-uid", "u-2"),
            ("x-tsp-uinfo", "other"),
            ("x-tsp-ext", ""),
        ] {
            let t: Vec<(String, String)> = h
                .iter()
                .map(|(k, x)| (k.clone(), if k == name { val.into() } else { x.clone() }))
                .collect();
            assert_eq!(
                verify_gateway_headers(&t, "tok-SECRET-123", &o, &v)
                    .unwrap_err()
                    .code,
                ErrorCode::SignatureMismatch,
                "{name}"
            );
        }
        let plain = gateway_headers(&creds(), &o, &inputs).unwrap();
        assert_eq!(
            verify_gateway_headers(&plain, "tok-SECRET-123", &o, &v)
                .unwrap()
                .uid,
            None
        );
        for bad in [
            ForwardedUser {
                uid: " ".into(),
                ..Default::default()
            },
            ForwardedUser {
                uid: "u".into(),
                uinfo: "a\nb".into(),
                ..Default::default()
            },
        ] {
            assert_eq!(
                gateway_headers_for_user(&creds(), &o, &inputs, &bad)
                    .unwrap_err()
                    .code,
                ErrorCode::InvalidInput
            );
        }
    }
}
