//! 配置：一次解析并校验 JSON 形式的 `YjtConfig`，错误点名字段、绝不回显值。
//!
//! The configuration: the JSON form of the JavaScript `YjtConfig`, deserialized with serde
//! (strings borrowed from the input where possible) and validated once. Every rule about a
//! config field lives here; errors name the field and never echo its value.

use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{GatewayCredentials, GatewayOptions};
use crate::json::{parse_object, Scalar};
use crate::sm4::Sm4;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

/// 政务外网网关地址 / the gateway URL on the provincial government network.
pub const DEFAULT_BASE_URL: &str = "https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api";
/// 网关接口路径 / the API path of the gateway.
pub const API_PATH: &str = "/data_center/gateway/common/api";
/// 生产环境 service ID / the production service id.
pub const PRODUCTION_SERVICE_ID: &str = "DGSP_1911981103558230017";
/// 测试环境 service ID / the test service id.
pub const TEST_SERVICE_ID: &str = "DGSP_1911964810465574914";
/// 固定的 command 参数 / the fixed `command` parameter.
pub const COMMAND: &str = "01";
/// 默认超时（毫秒）/ default timeout, ms.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// 超时上限（毫秒）/ the largest timeout, ms.
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// 默认响应体上限（字节）/ default response body cap, bytes.
pub const DEFAULT_MAX_BODY_BYTES: u32 = 1024 * 1024;
/// 响应体上限的最大值（字节）/ the largest allowed body cap, bytes.
pub const MAX_BODY_BYTES_LIMIT: u32 = 64 * 1024 * 1024;

/// 运行环境：决定默认 service ID / the gateway environment; selects the default service id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "YjtEnv"))]
#[serde(rename_all = "lowercase")]
pub enum Env {
    /// 生产 / production.
    Production,
    /// 测试 / test.
    Test,
}

impl Env {
    /// 该环境的 service ID / the service id of this environment.
    ///
    /// ```
    /// use yjt_sso::config::Env;
    /// assert_eq!(Env::Test.service_id(), "DGSP_1911964810465574914");
    /// ```
    pub fn service_id(self) -> &'static str {
        match self {
            Env::Production => PRODUCTION_SERVICE_ID,
            Env::Test => TEST_SERVICE_ID,
        }
    }
}

/// 可能加密的字段（name、healthCardNo）的解密策略 / how to treat a field the gateway may or
/// may not encrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FieldPolicy {
    /// 看起来像密文才解密（默认）/ decrypt when it looks like ciphertext (default).
    #[default]
    Auto,
    /// 必须解密，失败即 `DECRYPT_FAILED` / always decrypt; failure is `DECRYPT_FAILED`.
    Always,
    /// 原样返回 / return as sent.
    Never,
}

/// `decryptFields` 配置项 / the `decryptFields` option.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptFields {
    /// 姓名 / the name field.
    #[cfg_attr(test, ts(optional, type = "FieldPolicy | undefined"))]
    pub name: Option<FieldPolicy>,
    /// 电子健康码 / the health card number.
    #[cfg_attr(test, ts(optional, type = "FieldPolicy | undefined"))]
    pub health_card_no: Option<FieldPolicy>,
}

/// 业务类型：1 到 2147483647 的整数（也接受十进制数字字符串）。
///
/// A business type: an integer 1‥=2147483647 (Java `Integer`), also accepted as a string of
/// decimal digits. The one place this rule lives.
///
/// ```
/// use yjt_sso::config::BusinessType;
/// assert_eq!(BusinessType::try_from(4.0)?.get(), 4);
/// assert!(BusinessType::try_from(0.0).is_err());
/// assert!(BusinessType::try_from(2147483648.0).is_err());
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessType(u32);

impl BusinessType {
    /// 默认值 1（预约挂号）/ the default, 1 (预约挂号).
    pub const DEFAULT: BusinessType = BusinessType(1);
    const MAX: u32 = i32::MAX as u32;

    /// 数值 / the value.
    pub fn get(self) -> u32 {
        self.0
    }

    fn new(n: u64) -> Option<Self> {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(BusinessType)
    }

    /// 从十进制数字串解析（查询参数中的形式）/ parses the decimal form used in a query string.
    ///
    /// ```
    /// use yjt_sso::config::BusinessType;
    /// assert_eq!(BusinessType::parse("12")?.get(), 12);
    /// assert!(BusinessType::parse("012a").is_err() && BusinessType::parse("2147483648").is_err());
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self> {
        // Digits only (u64's parser would take "+1"); "" and overlong numbers fail to parse.
        Some(s)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u64>().ok())
            .and_then(Self::new)
            .ok_or_else(|| Self::error(ErrorCode::InvalidInput))
    }

    fn from_scalar(v: &Scalar) -> Option<Self> {
        match v {
            Scalar::Int(n) => u64::try_from(*n).ok().and_then(BusinessType::new),
            Scalar::Str(s) => BusinessType::parse(s).ok(),
            _ => None,
        }
    }

    fn error(code: ErrorCode) -> Error {
        Error::new(
            code,
            "businessType 须为 1–2147483647 的整数 (businessType must be an integer 1–2147483647)",
        )
    }
}

impl TryFrom<f64> for BusinessType {
    type Error = Error;
    fn try_from(n: f64) -> Result<Self> {
        if n.fract() == 0.0 && (1.0..=f64::from(Self::MAX)).contains(&n) {
            Ok(BusinessType(n as u32))
        } else {
            Err(Self::error(ErrorCode::InvalidInput))
        }
    }
}

impl<'de> Deserialize<'de> for BusinessType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let bad = || D::Error::custom("businessType");
        BusinessType::from_scalar(&Scalar::deserialize(d)?).ok_or_else(bad)
    }
}

/// JSON 形式的配置（与 JS `YjtConfig` 同名）；函数类字段（fetch、now、onEvent）由 JS 层处理。
///
/// The JSON part of `YjtConfig`, exactly as JavaScript passes it (functions such as `fetch`
/// and `now` never reach JSON). Unknown keys are an error, so a typo is caught at startup.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "YjtConfigCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ConfigInput<'a> {
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "YjtEnv"))]
    env: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    app_code: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(type = "string"))]
    app_key: Option<Scalar<'a>>,
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
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    base_url: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number | undefined"))]
    business_type: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "GatewayOptions | undefined"))]
    gateway: Option<&'a RawValue>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "DecryptFields | undefined"))]
    decrypt_fields: Option<&'a RawValue>,
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
pub(crate) type ConfigInputTs = ConfigInput<'static>;

/// 已校验的配置，持有展开的 SM4 密钥；一次构造，多次使用。
///
/// A validated configuration holding the expanded SM4 key (the appKey).
///
/// ```
/// use yjt_sso::config::Config;
/// let c = Config::from_json(r#"{"env":"test","appCode":"HOSP001",
///     "appKey":"A7E2D00B4058086CBD3D4B8A5E0B2697","paasId":"p","paasToken":"t"}"#)?;
/// assert_eq!(c.app_code(), "HOSP001");
/// assert_eq!(c.timeout_ms(), 10_000);
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) env: Env,
    pub(crate) app_code: String,
    pub(crate) sm4: Sm4,
    /// The appKey as configured, kept only to scrub it from gateway text (a 16-character key
    /// would not look like a secret to the pattern masks); zeroized on drop.
    app_key_forms: KeyForms,
    pub(crate) creds: GatewayCredentials,
    pub(crate) base_url: String,
    pub(crate) business_type: BusinessType,
    pub(crate) gateway: GatewayOptions,
    pub(crate) name_policy: FieldPolicy,
    pub(crate) health_card_policy: FieldPolicy,
    pub(crate) timeout_ms: u32,
    pub(crate) max_body_bytes: u32,
}

/// The appKey text in the forms a gateway could echo it (as given, lower and upper case), each
/// distinct form once.
#[derive(Clone)]
struct KeyForms(Vec<Zeroizing<String>>);

impl KeyForms {
    fn new(key: &str) -> Self {
        let mut forms = vec![
            key.to_owned(),
            key.to_ascii_lowercase(),
            key.to_ascii_uppercase(),
        ];
        forms.sort_unstable();
        forms.dedup();
        KeyForms(forms.into_iter().map(Zeroizing::new).collect())
    }
}

impl core::fmt::Debug for KeyForms {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// What the `gateway` option accepts (serde's own message could quote the input).
pub(crate) const GATEWAY_FORMS: (&str, &str) = (
    "只接受 prefix、serviceIdHeader、appSecretHeader、paasIdHeader（字符串）、signatureCase（upper|lower）、\
     timestampUnit（seconds|milliseconds）、serviceIdPlacement（header|query|omit）、sendAppSecret（布尔）",
    "only prefix, serviceIdHeader, appSecretHeader, paasIdHeader (strings), signatureCase (upper|lower), \
     timestampUnit (seconds|milliseconds), serviceIdPlacement (header|query|omit), sendAppSecret (boolean)",
);

pub(crate) fn cfg_err(field: &str, zh: &str, en: &str) -> Error {
    Error::new(
        ErrorCode::InvalidConfig,
        format!("配置项 {field} {zh} (config field {field}: {en})"),
    )
    .with_field(field)
}

fn wrong(field: &str, zh: &str, en: &str) -> Error {
    cfg_err(field, zh, en)
}

/// A string field: absent/null → `None`; a string → `Some`; anything else names the field.
fn string<'s>(v: &'s Option<Scalar>, field: &str) -> Result<Option<&'s str>> {
    match v {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Str(s)) => Ok(Some(s)),
        Some(_) => Err(wrong(field, "须为字符串", "must be a string")),
    }
}

pub(crate) fn required<'s>(v: &'s Option<Scalar>, field: &str) -> Result<&'s str> {
    match string(v, field)? {
        None => Err(cfg_err(field, "缺失", "missing")),
        Some("") => Err(cfg_err(field, "为空", "empty")),
        Some(s) => Ok(s),
    }
}

pub(crate) fn optional<'s>(v: &'s Option<Scalar>, field: &str) -> Result<Option<&'s str>> {
    match string(v, field)? {
        Some("") => Err(cfg_err(field, "为空", "empty")),
        other => Ok(other),
    }
}

pub(crate) fn boolean(v: &Option<Scalar>, field: &str) -> Result<Option<bool>> {
    match v {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(wrong(field, "须为布尔值", "must be a boolean")),
    }
}

/// An integer in `1..=max`, or the default when absent.
pub(crate) fn bounded(v: &Option<Scalar>, field: &str, default: u32, max: u32) -> Result<u32> {
    match v {
        None | Some(Scalar::Null) => Ok(default),
        Some(Scalar::Int(n)) if (1..=i64::from(max)).contains(n) => Ok(*n as u32),
        Some(_) => Err(wrong(
            field,
            &format!("须为 1–{max} 的整数"),
            &format!("must be an integer 1–{max}"),
        )),
    }
}

/// A nested object option (`gateway`, `decryptFields`), parsed with its own serde derive.
pub(crate) fn nested<'a, T: Deserialize<'a>>(
    v: Option<&'a RawValue>,
    field: &str,
    accepted: (&str, &str),
) -> Result<Option<T>> {
    match v.map(RawValue::get) {
        None | Some("null") => Ok(None),
        Some(raw) => parse_object(raw, ErrorCode::InvalidConfig, field)
            .map(Some)
            .map_err(|_| wrong(field, accepted.0, accepted.1)),
    }
}

/// `[A-Za-z0-9_-]`: the characters of a code, an appCode and a nonce.
pub(crate) fn is_code_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn url_err(zh: &str, en: &str) -> Error {
    cfg_err("baseUrl", zh, en)
}

/// `scheme://host[:port]/path?query`, as fetch's URL parser will accept it: ASCII without
/// whitespace or `#`, no userinfo, a host, a port 1–65535, https unless loopback or allowed.
pub(crate) fn validate_base_url(url: &str, allow_insecure: bool) -> Result<()> {
    if url.len() > 2048 || !url.bytes().all(|b| b.is_ascii_graphic()) || url.contains('#') {
        return Err(url_err(
            "须为不含空白与 # 的 ASCII URL（最长 2048）",
            "must be an ASCII URL without whitespace or # (at most 2048)",
        ));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| url_err("须以 https:// 开头", "must start with https://"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(url_err("不能包含用户名密码", "must not carry credentials"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| url_err("IPv6 地址格式不对", "has a malformed IPv6 address"))?;
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(url_err("IPv6 地址格式不对", "has a malformed IPv6 address"));
        }
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() || host.ends_with('.') && host.len() == 1 {
        return Err(url_err("缺少主机名", "has no host"));
    }
    if !host.starts_with('[')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return Err(url_err("主机名含非法字符", "has an invalid host name"));
    }
    if let Some(p) = port {
        let ok = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !ok {
            return Err(url_err("端口须为 1–65535", "port must be 1–65535"));
        }
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback_host(&host.to_ascii_lowercase()) => Ok(()),
        "http" => Err(url_err(
            "不允许明文 http（本机回环地址除外；确需使用请设 allowInsecureHttp: true）",
            "plain http is refused unless loopback or allowInsecureHttp: true",
        )),
        _ => Err(url_err("须以 https:// 开头", "must start with https://")),
    }
}

impl Config {
    /// 从 JSON 文本解析并校验配置 / parses and validates the JSON form of the config.
    ///
    /// ```
    /// use yjt_sso::config::Config;
    /// let err = Config::from_json(r#"{"env":"prd"}"#).unwrap_err();
    /// assert_eq!(err.code.as_str(), "INVALID_CONFIG");
    /// assert!(err.message.contains("env") && !err.message.contains("prd"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        Self::from_input(parse_object(text, ErrorCode::InvalidConfig, "config")?)
    }

    fn from_input(c: ConfigInput) -> Result<Self> {
        let env = match string(&c.env, "env") {
            Ok(Some("production")) => Env::Production,
            Ok(Some("test")) => Env::Test,
            Ok(None) => {
                return Err(cfg_err(
                    "env",
                    "缺失，须为 production 或 test",
                    "missing: production or test",
                ))
            }
            _ => {
                return Err(cfg_err(
                    "env",
                    "须为 production 或 test",
                    "must be production or test",
                ))
            }
        };
        let app_code = required(&c.app_code, "appCode")?;
        if app_code.len() > 32 || !app_code.bytes().all(is_code_char) {
            return Err(cfg_err(
                "appCode",
                "须为 1–32 个字母、数字、- 或 _",
                "must be 1–32 of [A-Za-z0-9_-]",
            ));
        }
        let key_text = required(&c.app_key, "appKey")?;
        let key = crate::sm4::parse_key(key_text).map_err(|_| {
            cfg_err(
                "appKey",
                "须为 32 位十六进制或 16 个字符",
                "must be 32 hex characters or 16 characters",
            )
        })?;
        let paas_id = required(&c.paas_id, "paasId")?;
        let paas_token = required(&c.paas_token, "paasToken")?;
        let app_secret = optional(&c.app_secret, "appSecret")?;
        let service_id = optional(&c.service_id, "serviceId")?.unwrap_or(env.service_id());
        let base_url = optional(&c.base_url, "baseUrl")?.unwrap_or(DEFAULT_BASE_URL);
        validate_base_url(
            base_url,
            boolean(&c.allow_insecure_http, "allowInsecureHttp")?.unwrap_or(false),
        )?;
        let business_type = match &c.business_type {
            None | Some(Scalar::Null) => BusinessType::DEFAULT,
            Some(v) => BusinessType::from_scalar(v).ok_or_else(|| {
                cfg_err(
                    "businessType",
                    "须为 1–2147483647 的整数",
                    "must be an integer 1–2147483647",
                )
            })?,
        };
        let gateway: GatewayOptions =
            nested(c.gateway, "gateway", GATEWAY_FORMS)?.unwrap_or_default();
        gateway.validate()?;
        let decrypt: DecryptFields = nested(
            c.decrypt_fields,
            "decryptFields",
            (
                "只接受 name、healthCardNo，取值 auto、always 或 never",
                "only name and healthCardNo, each auto, always or never",
            ),
        )?
        .unwrap_or_default();
        Ok(Config {
            env,
            app_code: app_code.to_owned(),
            sm4: Sm4::new(&key),
            app_key_forms: KeyForms::new(key_text),
            creds: GatewayCredentials::new(paas_id, paas_token, app_secret, Some(service_id))?,
            base_url: base_url.to_owned(),
            business_type,
            gateway,
            name_policy: decrypt.name.unwrap_or_default(),
            health_card_policy: decrypt.health_card_no.unwrap_or_default(),
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

    /// 环境 / the environment.
    pub fn env(&self) -> Env {
        self.env
    }
    /// 系统编码 / the appCode.
    pub fn app_code(&self) -> &str {
        &self.app_code
    }
    /// 网关凭据 / the gateway credentials.
    pub fn credentials(&self) -> &GatewayCredentials {
        &self.creds
    }
    /// 网关变体 / the gateway variant options.
    pub fn gateway_options(&self) -> &GatewayOptions {
        &self.gateway
    }
    /// Every secret of this configuration (appKey text, token, appSecret, a second signer's
    /// token), to scrub from text echoed by the gateway.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        let mut v = self.gateway.secrets(&self.creds);
        v.extend(self.app_key_forms.0.iter().map(|k| k.as_str()));
        v
    }

    /// appKey 的 SM4 对象 / the SM4 key object of the appKey.
    pub fn sm4(&self) -> &Sm4 {
        &self.sm4
    }
    /// 网关地址 / the base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// 默认业务类型 / the default business type.
    pub fn business_type(&self) -> BusinessType {
        self.business_type
    }
    /// 超时毫秒 / the timeout in ms.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }
    /// 响应体上限字节 / the response body cap in bytes.
    pub fn max_body_bytes(&self) -> u32 {
        self.max_body_bytes
    }
}

/// 协议常量与默认值（模拟网关与 CLI 由此取值，不另写一份）。
///
/// The protocol constants and defaults, in one value the mock gateway and the CLI read instead
/// of repeating them.
///
/// ```
/// let p = yjt_sso::config::presets();
/// assert_eq!(p.command, "01");
/// assert_eq!(p.max_skew_seconds, 180);
/// ```
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayPresets"))]
#[serde(rename_all = "camelCase")]
pub struct Presets {
    /// 政务外网网关地址 / the gateway URL.
    pub base_url: &'static str,
    /// 接口路径 / the API path.
    pub api_path: &'static str,
    /// command 参数 / the `command` parameter.
    pub command: &'static str,
    /// 各环境 service ID / the service id of each environment.
    pub service_ids: ServiceIds,
    /// 默认时钟偏差（秒）/ the default clock skew, seconds.
    pub max_skew_seconds: u32,
    /// 默认业务类型 / the default business type.
    pub business_type: u32,
    /// 默认超时（毫秒）/ the default timeout, ms.
    pub timeout_ms: u32,
    /// 默认响应体上限 / the default body cap.
    pub max_body_bytes: u32,
    /// 默认网关变体 / the default gateway variant.
    pub gateway: GatewayOptions,
}

/// 各环境的 service ID / the service id of each environment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ServiceIds {
    /// 生产 / production.
    pub production: &'static str,
    /// 测试 / test.
    pub test: &'static str,
}

/// 见 [`Presets`] / see [`Presets`].
pub fn presets() -> Presets {
    Presets {
        base_url: DEFAULT_BASE_URL,
        api_path: API_PATH,
        command: COMMAND,
        service_ids: ServiceIds {
            production: PRODUCTION_SERVICE_ID,
            test: TEST_SERVICE_ID,
        },
        max_skew_seconds: crate::gateway::DEFAULT_MAX_SKEW_SECONDS,
        business_type: BusinessType::DEFAULT.get(),
        timeout_ms: DEFAULT_TIMEOUT_MS,
        max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        gateway: GatewayOptions::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

    fn base() -> Value {
        json!({ "env": "test", "appCode": "HOSP001", "appKey": KEY, "paasId": "p", "paasToken": "t" })
    }

    fn with(field: &str, v: Value) -> Result<Config> {
        let mut c = base();
        c[field] = v;
        Config::from_json(&c.to_string())
    }

    fn rejected(field: &str, v: Value) -> bool {
        match with(field, v.clone()) {
            Ok(_) => false,
            Err(e) => {
                assert_eq!(e.code, ErrorCode::InvalidConfig, "{field}={v}");
                assert!(e.message.contains(field), "{field}={v}: {}", e.message);
                true
            }
        }
    }

    #[test]
    fn env_missing_or_wrong() {
        let mut c = base();
        c.as_object_mut().unwrap().remove("env");
        let missing = Config::from_json(&c.to_string()).unwrap_err();
        assert!(
            missing.message.contains("missing: production or test"),
            "{}",
            missing.message
        );
        for v in [json!("prd"), json!(1), json!("")] {
            let e = with("env", v).unwrap_err();
            assert!(
                e.message.contains("env") && !e.message.contains("missing"),
                "{}",
                e.message
            );
        }
        assert_eq!(
            with("env", json!("production")).unwrap().env(),
            Env::Production
        );
    }

    #[test]
    fn business_type_in_the_config() {
        for v in [json!(4), json!("4"), json!(2147483647), json!("2147483647")] {
            let c = with("businessType", v.clone()).unwrap();
            let want = if v == json!(4) || v == json!("4") {
                4
            } else {
                2147483647
            };
            assert_eq!(c.business_type().get(), want, "{v}");
        }
        assert_eq!(
            with("businessType", Value::Null).unwrap().business_type(),
            BusinessType::DEFAULT
        );
        for v in [
            json!(0),
            json!(-1),
            json!(2147483648u64),
            json!("2147483648"),
            json!("12345678901"),
            json!(""),
            json!("+4"),
            json!(" 4"),
            json!("4a"),
            json!(4.5),
            json!(true),
        ] {
            assert!(rejected("businessType", v.clone()), "{v} accepted");
        }
    }

    #[test]
    fn business_type_parse_and_from_f64() {
        for (s, ok) in [
            ("1", Some(1)),
            ("01", Some(1)),
            ("2147483647", Some(2147483647)),
            ("0", None),
            ("", None),
            ("2147483648", None),
            ("99999999999999999999999", None),
            ("+1", None),
            ("-1", None),
            ("1 ", None),
        ] {
            assert_eq!(
                BusinessType::parse(s).ok().map(BusinessType::get),
                ok,
                "{s:?}"
            );
        }
        for (n, ok) in [
            (1.0, Some(1)),
            (2147483647.0, Some(2147483647)),
            (0.0, None),
            (0.5, None),
            (1.5, None),
            (2147483648.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (-3.0, None),
        ] {
            assert_eq!(
                BusinessType::try_from(n).ok().map(BusinessType::get),
                ok,
                "{n}"
            );
        }
    }

    #[test]
    fn limits_of_timeout_and_body_cap() {
        let c = Config::from_json(&base().to_string()).unwrap();
        assert_eq!((c.timeout_ms(), c.max_body_bytes()), (10_000, 1_048_576));
        assert_eq!(
            with("timeoutMs", json!(600_000)).unwrap().timeout_ms(),
            600_000
        );
        assert_eq!(with("timeoutMs", json!(1)).unwrap().timeout_ms(), 1);
        assert_eq!(
            with("maxBodyBytes", json!(67_108_864))
                .unwrap()
                .max_body_bytes(),
            67_108_864
        );
        assert_eq!(with("maxBodyBytes", json!(1)).unwrap().max_body_bytes(), 1);
        for (f, v) in [
            ("timeoutMs", json!(600_001)),
            ("timeoutMs", json!(0)),
            ("maxBodyBytes", json!(67_108_865)),
            ("maxBodyBytes", json!(0)),
        ] {
            assert!(rejected(f, v.clone()), "{f}={v} accepted");
        }
    }

    #[test]
    fn required_strings_and_app_code() {
        for f in ["appCode", "appKey", "paasId", "paasToken"] {
            assert!(rejected(f, json!("")), "empty {f} accepted");
            assert!(rejected(f, Value::Null), "null {f} accepted");
        }
        assert_eq!(
            with("appCode", json!("A".repeat(32)))
                .unwrap()
                .app_code()
                .len(),
            32
        );
        assert_eq!(
            with("appCode", json!("a_b-C9")).unwrap().app_code(),
            "a_b-C9"
        );
        for v in ["A".repeat(33), "a b".into(), "a#b".into(), "医院".into()] {
            assert!(rejected("appCode", json!(v)), "appCode {v:?} accepted");
        }
        assert!(rejected("appSecret", json!("")));
    }

    #[test]
    fn decrypt_fields_auto_always_never() {
        for v in ["auto", "always", "never"] {
            let c = with("decryptFields", json!({ "name": v, "healthCardNo": v })).unwrap();
            assert_eq!(c.name_policy, c.health_card_policy);
        }
        let auto = with("decryptFields", json!({ "name": "auto" })).unwrap();
        let dflt = Config::from_json(&base().to_string()).unwrap();
        assert_eq!(auto.name_policy, dflt.name_policy);
        let never = with("decryptFields", json!({ "name": "never" })).unwrap();
        assert_ne!(never.name_policy, dflt.name_policy);
        assert!(rejected("decryptFields", json!({ "name": "sometimes" })));
        assert!(rejected("decryptFields", json!({ "phone": "auto" })));
    }

    #[test]
    fn getters_return_what_was_configured() {
        let c = with("gateway", json!({ "signatureCase": "lower" })).unwrap();
        assert_eq!(c.env(), Env::Test);
        assert_eq!(c.app_code(), "HOSP001");
        assert_eq!(c.credentials().paas_id(), "p");
        assert_eq!(c.credentials().service_id(), Some(TEST_SERVICE_ID));
        assert_ne!(c.gateway_options(), &GatewayOptions::default());
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        assert_eq!(
            c.sm4().encrypt_str("小明", crate::sm4::Encoding::Hex),
            "0a504c329ff631c16bd487b2fdc3489f"
        );
    }

    #[test]
    fn base_urls() {
        let long_ok = format!("https://gw.example/{}", "a".repeat(2048 - 19));
        assert_eq!(long_ok.len(), 2048);
        let long_bad = format!("{long_ok}a");
        let accepted = [
            "https://gw.example/api",
            "HTTPS://gw.example/api",
            "https://gw.example:1/api",
            "https://gw.example:65535/api",
            "https://gw.example./api",
            "https://a/api",
            "https://gw_1.example/api",
            "https://[::1]:8443/api",
            "https://[2001:db8::1]/api",
            "https://gw.example?x=1",
            "http://localhost:8787/api",
            "http://LOCALHOST/api",
            "http://127.0.0.1/api",
            "http://127.8.9.10:1/api",
            "http://[::1]/api",
            long_ok.as_str(),
        ];
        for url in accepted {
            assert!(validate_base_url(url, false).is_ok(), "{url} refused");
        }
        let refused = [
            long_bad.as_str(),
            "https://gw.example/a b",
            "https://gw.example/a\tb",
            "https://gw.example/医院",
            "https://gw.example/api#frag",
            "gw.example/api",
            "https://user:pw@gw.example/api",
            "https://[zz]/api",
            "https://[::1/api",
            "https:///api",
            "https://./api",
            "https://gw!.example/api",
            "https://gw.example:/api",
            "https://gw.example:0/api",
            "https://gw.example:65536/api",
            "https://gw.example:99999/api",
            "https://gw.example:123456/api",
            "https://gw.example:8a/api",
            "http://gw.example/api",
            "http://10.0.0.1/api",
            "ftp://gw.example/api",
        ];
        for url in refused {
            let e = validate_base_url(url, false).unwrap_err();
            assert!(e.message.contains("baseUrl"), "{url}: {}", e.message);
            assert!(
                !e.message.contains("gw.example"),
                "{url}: the URL is quoted"
            );
        }
        // Plain http is refused with the way out named; other schemes are told to use https.
        let e = validate_base_url("http://gw.example/api", false).unwrap_err();
        assert!(e.message.contains("allowInsecureHttp"), "{}", e.message);
        let e = validate_base_url("ftp://gw.example/api", false).unwrap_err();
        assert!(
            e.message.contains("must start with https://"),
            "{}",
            e.message
        );
        // allowInsecureHttp opens plain http, and only that.
        assert!(validate_base_url("http://gw.example/api", true).is_ok());
        assert!(validate_base_url("ftp://gw.example/api", true).is_err());
        assert!(rejected("baseUrl", json!("http://10.0.0.1/api")));
        let mut c = base();
        c["baseUrl"] = json!("http://10.0.0.1/api");
        c["allowInsecureHttp"] = json!(true);
        assert_eq!(
            Config::from_json(&c.to_string()).unwrap().base_url(),
            "http://10.0.0.1/api"
        );
    }
}
