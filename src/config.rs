//! 配置：换取接口的已校验配置（[`Config`]）、协议常量与默认值（[`presets`]）。
//!
//! The exchange's validated configuration — the gateway caller ([`Api`]) plus the appCode, the
//! expanded appKey, the business type and the field policies — and the protocol constants and
//! defaults. Built from JSON by [`crate::input`]; nothing here parses JSON.

use crate::api::Api;
use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{GatewayCredentials, GatewayOptions};
use crate::sm4::Sm4;
use serde::{Deserialize, Serialize};
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
/// assert_eq!(BusinessType::new(4).map(BusinessType::get), Some(4));
/// assert!(BusinessType::new(0).is_none() && BusinessType::new(2147483648).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessType(u32);

impl BusinessType {
    /// 默认值 1（预约挂号）/ the default, 1 (预约挂号).
    pub const DEFAULT: BusinessType = BusinessType(1);
    /// 最大值（Java `Integer.MAX_VALUE`）/ the largest value.
    pub const MAX: u32 = i32::MAX as u32;

    /// 数值 / the value.
    pub fn get(self) -> u32 {
        self.0
    }

    /// 1 到 2147483647 之间才有值 / `Some` for 1‥=2147483647.
    pub fn new(n: u64) -> Option<Self> {
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

    pub(crate) fn error(code: ErrorCode) -> Error {
        Error::new(
            code,
            "businessType 须为 1–2147483647 的整数 (businessType must be an integer 1–2147483647)",
        )
        .with_field("businessType")
    }
}

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
    pub(crate) api: Api,
    pub(crate) env: Env,
    pub(crate) app_code: String,
    pub(crate) sm4: Sm4,
    /// The appKey as configured, kept only to scrub it from gateway text (a 16-character key
    /// would not look like a secret to the pattern masks); zeroized on drop.
    pub(crate) app_key_forms: KeyForms,
    pub(crate) business_type: BusinessType,
    pub(crate) name_policy: FieldPolicy,
    pub(crate) health_card_policy: FieldPolicy,
}

/// The appKey text in the forms a gateway could echo it (as given, lower and upper case), each
/// distinct form once.
#[derive(Clone)]
pub(crate) struct KeyForms(Vec<Zeroizing<String>>);

impl KeyForms {
    pub(crate) fn new(key: &str) -> Self {
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

impl Config {
    /// 环境 / the environment.
    pub fn env(&self) -> Env {
        self.env
    }
    /// 系统编码 / the appCode.
    pub fn app_code(&self) -> &str {
        &self.app_code
    }
    /// 网关调用方（凭据、变体、地址、超时）/ the gateway caller: credentials, variant, URL,
    /// limits.
    pub fn api(&self) -> &Api {
        &self.api
    }
    /// 网关凭据 / the gateway credentials.
    pub fn credentials(&self) -> &GatewayCredentials {
        self.api.credentials()
    }
    /// 网关变体 / the gateway variant options.
    pub fn gateway_options(&self) -> &GatewayOptions {
        self.api.gateway_options()
    }
    /// Every secret of this configuration (appKey text, token, appSecret, a second signer's
    /// token), to scrub from text echoed by the gateway.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        let mut v = self.api.secrets();
        v.extend(self.app_key_forms.0.iter().map(|k| k.as_str()));
        v
    }

    /// appKey 的 SM4 对象 / the SM4 key object of the appKey.
    pub fn sm4(&self) -> &Sm4 {
        &self.sm4
    }
    /// 网关地址 / the base URL.
    pub fn base_url(&self) -> &str {
        self.api.base_url()
    }
    /// 默认业务类型 / the default business type.
    pub fn business_type(&self) -> BusinessType {
        self.business_type
    }
    /// 超时毫秒 / the timeout in ms.
    pub fn timeout_ms(&self) -> u32 {
        self.api.timeout_ms()
    }
    /// 响应体上限字节 / the response body cap in bytes.
    pub fn max_body_bytes(&self) -> u32 {
        self.api.max_body_bytes()
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
