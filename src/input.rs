//! 输入层：JSON（JavaScript 传入的配置与选项）→ 已校验的领域类型。每个入口共用同一套字段规则；
//! 错误点名字段（`field`），绝不回显值。
//!
//! The input layer: the JSON the JavaScript layer passes (config, client options, credentials,
//! verification options) into validated domain types. Strings are borrowed from the input where
//! possible; every entry point shares one reading of the caller fields (paasId, paasToken,
//! appSecret, serviceId, gateway, baseUrl, limits). Errors name the field and never echo a value.

use crate::api::Api;
use crate::config::{
    BusinessType, Config, DecryptFields, Env, KeyForms, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT_MS, MAX_BODY_BYTES_LIMIT, MAX_TIMEOUT_MS,
};
use crate::error::{config_error, Error, ErrorCode, Result};
use crate::exchange::Exchange;
use crate::gateway::{
    GatewayCredentials, GatewayOptions, Layout, VerifyOptions, DEFAULT_MAX_SKEW_SECONDS,
};
use crate::json::{parse_object, Scalar};
use crate::rules;
use crate::sm4::Sm4;
use serde::Deserialize;
use serde_json::value::RawValue;
use zeroize::Zeroizing;

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
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    paas_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    app_secret: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "string | undefined"))]
    service_id: Option<Scalar<'a>>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional, type = "[string, string][] | undefined"))]
    query: Option<Vec<(String, String)>>,
}

#[cfg(test)]
pub(crate) type VerifyInputTs = VerifyInput<'static>;

mod calls;
mod forms;
pub use calls::{status, ApiCall, ExchangeCall, HeadersCall};
#[cfg(test)]
pub(crate) use calls::{ApiCallTs, ExchangeCallTs, HeadersCallTs};
use forms::{decrypt_fields_forms, gateway_forms};

// ------------------------------------------------------------------------- field readers

fn wrong(field: &str, zh: &str, en: &str) -> Error {
    config_error(field, zh, en)
}

/// A string field: absent/null → `None`; a string → `Some`; anything else names the field.
fn string<'s>(v: &'s Option<Scalar>, field: &str) -> Result<Option<&'s str>> {
    match v {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Str(s)) => Ok(Some(s)),
        Some(_) => Err(wrong(field, "须为字符串", "must be a string")),
    }
}

fn required<'s>(v: &'s Option<Scalar>, field: &str) -> Result<&'s str> {
    match string(v, field)? {
        None => Err(config_error(field, "缺失", "missing")),
        Some("") => Err(config_error(field, "为空", "empty")),
        Some(s) => Ok(s),
    }
}

fn optional<'s>(v: &'s Option<Scalar>, field: &str) -> Result<Option<&'s str>> {
    match string(v, field)? {
        Some("") => Err(config_error(field, "为空", "empty")),
        other => Ok(other),
    }
}

fn boolean(v: &Option<Scalar>, field: &str) -> Result<Option<bool>> {
    match v {
        None | Some(Scalar::Null) => Ok(None),
        Some(Scalar::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(wrong(field, "须为布尔值", "must be a boolean")),
    }
}

/// An integer in `1..=max`, or the default when absent.
fn bounded(v: &Option<Scalar>, field: &str, default: u32, max: u32) -> Result<u32> {
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

/// A nested object option (`gateway`, `decryptFields`), parsed with its own serde derive. An
/// unknown key is named (`gateway.<key>`); any other error lists what the option accepts.
fn nested<'a, T: Deserialize<'a>>(
    v: Option<&'a RawValue>,
    field: &str,
    accepted: (&str, &str),
) -> Result<Option<T>> {
    match v.map(RawValue::get) {
        None | Some("null") => Ok(None),
        Some(raw) => parse_object(raw, ErrorCode::InvalidConfig, field)
            .map(Some)
            .map_err(|e| {
                let err = wrong(field, accepted.0, accepted.1);
                match e.field {
                    Some(key) => err.with_field(format!("{field}.{key}")),
                    None => err,
                }
            }),
    }
}

/// A business type from JSON: an integer, or a string of decimal digits.
fn business_type(v: &Scalar) -> Option<BusinessType> {
    match v {
        Scalar::Int(n) => u64::try_from(*n).ok().and_then(BusinessType::new),
        Scalar::Str(s) => BusinessType::parse(s).ok(),
        _ => None,
    }
}

// ------------------------------------------------------------------- shared caller fields

/// The fields every gateway caller shares, read the same way for the config, the client
/// options and bare credentials.
struct CallerFields<'s, 'a> {
    paas_id: &'s Option<Scalar<'a>>,
    paas_token: &'s Option<Scalar<'a>>,
    app_secret: &'s Option<Scalar<'a>>,
    service_id: &'s Option<Scalar<'a>>,
    gateway: Option<&'a RawValue>,
}

/// Credentials and variant; `service_id` is required when no default is given.
fn credentials(
    f: CallerFields,
    default_service_id: Option<&str>,
    service_id_required: bool,
) -> Result<(GatewayCredentials, GatewayOptions)> {
    let paas_id = required(f.paas_id, "paasId")?;
    let paas_token = required(f.paas_token, "paasToken")?;
    let app_secret = optional(f.app_secret, "appSecret")?;
    let service_id = match service_id_required {
        true => Some(required(f.service_id, "serviceId")?),
        false => optional(f.service_id, "serviceId")?.or(default_service_id),
    };
    let gateway = gateway_option(f.gateway)?;
    let creds = GatewayCredentials::new(paas_id, paas_token, app_secret, service_id)?;
    Ok((creds, gateway))
}

fn gateway_option(v: Option<&RawValue>) -> Result<GatewayOptions> {
    let forms = gateway_forms();
    let opts: GatewayOptions = nested(v, "gateway", (&forms.0, &forms.1))?.unwrap_or_default();
    opts.validate()?;
    Ok(opts)
}

/// The URL and limits of a caller.
struct Endpoint<'s, 'a> {
    base_url: &'s Option<Scalar<'a>>,
    allow_insecure_http: &'s Option<Scalar<'a>>,
    timeout_ms: &'s Option<Scalar<'a>>,
    max_body_bytes: &'s Option<Scalar<'a>>,
}

fn api(
    creds: (GatewayCredentials, GatewayOptions),
    e: Endpoint,
    default_base_url: Option<&str>,
) -> Result<Api> {
    let base_url = match default_base_url {
        Some(d) => optional(e.base_url, "baseUrl")?.unwrap_or(d),
        None => required(e.base_url, "baseUrl")?,
    };
    let insecure = boolean(e.allow_insecure_http, "allowInsecureHttp")?.unwrap_or(false);
    rules::validate_base_url(base_url, insecure)?;
    let layout = Layout::new(&creds.0, &creds.1, false);
    Ok(Api {
        layout,
        creds: creds.0,
        opts: creds.1,
        base_url: base_url.to_owned(),
        timeout_ms: bounded(
            e.timeout_ms,
            "timeoutMs",
            DEFAULT_TIMEOUT_MS,
            MAX_TIMEOUT_MS,
        )?,
        max_body_bytes: bounded(
            e.max_body_bytes,
            "maxBodyBytes",
            DEFAULT_MAX_BODY_BYTES,
            MAX_BODY_BYTES_LIMIT,
        )?,
    })
}

// ----------------------------------------------------------------------------- entry points

impl Config {
    /// 从 JSON 文本解析并校验配置 / parses and validates the JSON form of the config.
    ///
    /// ```
    /// use yjt_sso::config::Config;
    /// let err = Config::from_json(r#"{"env":"prd"}"#).unwrap_err();
    /// assert_eq!((err.code.as_str(), err.field.as_deref()), ("INVALID_CONFIG", Some("env")));
    /// assert!(!err.message.contains("prd"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let c: ConfigInput = parse_object(text, ErrorCode::InvalidConfig, "config")?;
        let env = match string(&c.env, "env") {
            Ok(Some("production")) => Env::Production,
            Ok(Some("test")) => Env::Test,
            Ok(None) => {
                return Err(config_error(
                    "env",
                    "缺失，须为 production 或 test",
                    "missing: production or test",
                ))
            }
            _ => {
                return Err(config_error(
                    "env",
                    "须为 production 或 test",
                    "must be production or test",
                ))
            }
        };
        let app_code = required(&c.app_code, "appCode")?;
        if !rules::is_app_code(app_code) {
            return Err(config_error(
                "appCode",
                "须为 1–32 个字母、数字、- 或 _",
                "must be 1–32 of [A-Za-z0-9_-]",
            ));
        }
        let key_text = required(&c.app_key, "appKey")?;
        let key = crate::sm4::parse_key(key_text).map_err(|_| {
            config_error(
                "appKey",
                "须为 32 位十六进制或 16 个字符",
                "must be 32 hex characters or 16 characters",
            )
        })?;
        let caller = CallerFields {
            paas_id: &c.paas_id,
            paas_token: &c.paas_token,
            app_secret: &c.app_secret,
            service_id: &c.service_id,
            gateway: c.gateway,
        };
        let endpoint = Endpoint {
            base_url: &c.base_url,
            allow_insecure_http: &c.allow_insecure_http,
            timeout_ms: &c.timeout_ms,
            max_body_bytes: &c.max_body_bytes,
        };
        let creds = credentials(caller, Some(env.service_id()), false)?;
        let api = api(creds, endpoint, Some(DEFAULT_BASE_URL))?;
        let business_type = match &c.business_type {
            None | Some(Scalar::Null) => BusinessType::DEFAULT,
            Some(v) => business_type(v).ok_or_else(|| {
                config_error(
                    "businessType",
                    "须为 1–2147483647 的整数",
                    "must be an integer 1–2147483647",
                )
            })?,
        };
        let forms = decrypt_fields_forms();
        let decrypt: DecryptFields =
            nested(c.decrypt_fields, "decryptFields", (&forms.0, &forms.1))?.unwrap_or_default();
        Ok(Config {
            api,
            env,
            app_code: app_code.to_owned(),
            sm4: Sm4::new(&key),
            app_key_forms: KeyForms::new(key_text),
            business_type,
            name_policy: decrypt.name.unwrap_or_default(),
            health_card_policy: decrypt.health_card_no.unwrap_or_default(),
        })
    }
}

impl Exchange {
    /// 从 JSON 文本（与 JS `YjtConfig` 同名）构造 / builds from the JSON form of the config.
    ///
    /// ```
    /// let e = yjt_sso::Exchange::from_json(r#"{"env":"test"}"#).unwrap_err();
    /// assert_eq!(e.field.as_deref(), Some("appCode"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        Ok(Exchange::new(Config::from_json(text)?))
    }
}

impl Api {
    /// 从 JSON（`GatewayClient` 的配置）构造并校验 / builds from the JSON part of the
    /// `GatewayClient` options and validates every field.
    ///
    /// ```
    /// let e = yjt_sso::api::Api::from_json(r#"{"paasId":"p","paasToken":"t"}"#).unwrap_err();
    /// assert_eq!(e.field.as_deref(), Some("serviceId"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let c: ApiInput = parse_object(text, ErrorCode::InvalidConfig, "options")?;
        let caller = CallerFields {
            paas_id: &c.paas_id,
            paas_token: &c.paas_token,
            app_secret: &c.app_secret,
            service_id: &c.service_id,
            gateway: c.gateway,
        };
        let endpoint = Endpoint {
            base_url: &c.base_url,
            allow_insecure_http: &c.allow_insecure_http,
            timeout_ms: &c.timeout_ms,
            max_body_bytes: &c.max_body_bytes,
        };
        api(credentials(caller, None, true)?, endpoint, None)
    }
}

/// 从 JSON 解析网关凭据与变体 / parses credentials and gateway options from JSON.
///
/// ```
/// use yjt_sso::input::credentials_from_json;
/// let (creds, opts) = credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":{"prefix":"x-tif"}}"#)?;
/// assert_eq!((creds.paas_id(), opts.prefix.as_str()), ("p", "x-tif"));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn credentials_from_json(text: &str) -> Result<(GatewayCredentials, GatewayOptions)> {
    let c: CredentialsInput = parse_object(text, ErrorCode::InvalidConfig, "creds")?;
    let caller = CallerFields {
        paas_id: &c.paas_id,
        paas_token: &c.paas_token,
        app_secret: &c.app_secret,
        service_id: &c.service_id,
        gateway: c.gateway,
    };
    credentials(caller, None, false)
}

/// 入站校验的预期与选项（已校验）/ the parsed expectations and options of an inbound check.
/// `Debug` shows neither the token nor the appSecret.
pub struct VerifySpec {
    /// 签名令牌 / the token.
    pub paas_token: Zeroizing<String>,
    /// 预期的 paasId / the expected paasId.
    pub paas_id: Option<String>,
    /// 预期的 appSecret / the expected appSecret.
    pub app_secret: Option<Zeroizing<String>>,
    /// 预期的 service ID / the expected service id.
    pub service_id: Option<String>,
    /// 网关变体 / the variant.
    pub gateway: GatewayOptions,
    /// 查询参数 / the request's query parameters.
    pub query: Vec<(String, String)>,
    /// 时间与偏差 / clock and skew.
    pub verify: VerifyOptions,
}

impl core::fmt::Debug for VerifySpec {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifySpec")
            .field("expected", &self.expected())
            .field("query", &self.query)
            .field("verify", &self.verify)
            .finish()
    }
}

impl VerifySpec {
    /// 预期 / the expectation to verify against.
    pub fn expected(&self) -> crate::gateway::Expected<'_> {
        crate::gateway::Expected {
            paas_token: &self.paas_token,
            paas_id: self.paas_id.as_deref(),
            app_secret: self.app_secret.as_deref().map(|s| s.as_str()),
            service_id: self.service_id.as_deref(),
            gateway: &self.gateway,
        }
    }
}

/// 从 JSON 解析入站校验选项 / parses the inbound verification options.
///
/// ```
/// use yjt_sso::input::verify_options_from_json;
/// let v = verify_options_from_json(r#"{"paasToken":"t","maxSkewSeconds":60,"maxFutureSeconds":1}"#, 1_700_000_000_000)?;
/// assert_eq!((v.paas_token.as_str(), v.verify.max_past_seconds, v.verify.max_future_seconds), ("t", 60, 1));
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn verify_options_from_json(text: &str, now_ms: u64) -> Result<VerifySpec> {
    let v: VerifyInput = parse_object(text, ErrorCode::InvalidConfig, "options")?;
    let paas_token = Zeroizing::new(required(&v.paas_token, "paasToken")?.to_owned());
    let seconds = |x: &Option<Scalar>, field: &str| -> Result<Option<u64>> {
        match x {
            None | Some(Scalar::Null) => Ok(None),
            Some(Scalar::Int(n)) if *n >= 0 => Ok(Some(*n as u64)),
            Some(_) => Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{field} 须为非负整数 ({field} must be a non-negative integer)"),
            )
            .with_field(field)),
        }
    };
    // maxSkewSeconds is the symmetric shorthand; maxPastSeconds / maxFutureSeconds override it.
    let skew =
        seconds(&v.max_skew_seconds, "maxSkewSeconds")?.unwrap_or(DEFAULT_MAX_SKEW_SECONDS.into());
    let verify = VerifyOptions {
        now_ms,
        max_past_seconds: seconds(&v.max_past_seconds, "maxPastSeconds")?.unwrap_or(skew),
        max_future_seconds: seconds(&v.max_future_seconds, "maxFutureSeconds")?.unwrap_or(skew),
        strict: boolean(&v.strict, "strict")?.unwrap_or(false),
    };
    Ok(VerifySpec {
        paas_token,
        paas_id: optional(&v.paas_id, "paasId")?.map(str::to_owned),
        app_secret: optional(&v.app_secret, "appSecret")?.map(|s| Zeroizing::new(s.to_owned())),
        service_id: optional(&v.service_id, "serviceId")?.map(str::to_owned),
        gateway: gateway_option(v.gateway)?,
        query: v.query.unwrap_or_default(),
        verify,
    })
}

/// 入站校验的输入：请求头、时间与选项 / the input of an inbound verification.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "VerifyCallCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyCall<'a> {
    /// 入站请求头 / the inbound headers.
    pub headers: Vec<(String, String)>,
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "number"))]
    now: Scalar<'a>,
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "VerifyGatewayOptionsCore"))]
    options: &'a RawValue,
}

impl<'a> VerifyCall<'a> {
    /// 解析：请求头与已校验的预期 / parses the headers and the validated expectation.
    ///
    /// ```
    /// use yjt_sso::input::VerifyCall;
    /// let (headers, spec) = VerifyCall::parse(r#"{"headers":[["x-tsp-nonce","n1"]],"now":1,"options":{"paasToken":"t"}}"#)?;
    /// assert_eq!((headers.len(), spec.verify.now_ms), (1, 1));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<(Vec<(String, String)>, VerifySpec)> {
        let c: VerifyCall = parse_object(text, ErrorCode::InvalidInput, "headers")?;
        let spec = verify_options_from_json(c.options.get(), calls::millis(&c.now)?)?;
        Ok((c.headers, spec))
    }
}

#[cfg(test)]
pub(crate) type VerifyCallTs = VerifyCall<'static>;

#[cfg(test)]
mod tests;
