//! code 换取用户认证信息：构造请求、解析响应（sans-I/O）。
//!
//! The code → identity exchange, without I/O: [`Exchange::build_request`] returns the request
//! parts `{ method, url, headers }`; the caller sends them however it likes (fetch, a proxy, a
//! 政务外网 front processor) and hands `{ status, body }` to [`Exchange::parse_response`], which
//! returns the decrypted identity or a typed error. Configuration is validated once, in
//! [`Exchange::new`], and the SM4 key schedule is kept for every later call.

use crate::dict;
use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{
    gateway_headers, GatewayCredentials, GatewayOptions, ServiceIdPlacement, SignInputs,
};
use crate::idcard::{mask_id_card, mask_name, mask_phone};
use crate::sm4::Sm4;
use serde::Serialize;
use serde_json::{Map, Value};

/// 政务外网网关地址 / the gateway URL on the provincial government network.
pub const DEFAULT_BASE_URL: &str = "https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api";
/// 生产环境 service ID / the production service id.
pub const PRODUCTION_SERVICE_ID: &str = "DGSP_1911981103558230017";
/// 测试环境 service ID / the test service id.
pub const TEST_SERVICE_ID: &str = "DGSP_1911964810465574914";
/// 固定的 command 参数 / the fixed `command` parameter.
pub const COMMAND: &str = "01";

/// 运行环境 / which gateway environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Env {
    /// 生产 / production.
    Production,
    /// 测试 / test.
    Test,
}

/// 可能加密的字段（name、healthCardNo）的解密策略。
///
/// How to treat a field the gateway may or may not encrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldPolicy {
    /// 看起来像密文才解密（默认）/ decrypt when it looks like ciphertext (default).
    #[default]
    Auto,
    /// 必须解密，失败即报错 / always decrypt; failure is `DECRYPT_FAILED`.
    Always,
    /// 原样返回 / return as sent.
    Never,
}

impl FieldPolicy {
    fn parse(field: &str, v: &str) -> Result<Self> {
        match v {
            "auto" => Ok(FieldPolicy::Auto),
            "always" => Ok(FieldPolicy::Always),
            "never" => Ok(FieldPolicy::Never),
            _ => Err(Error::new(
                ErrorCode::InvalidConfig,
                format!("decryptFields.{field} 只能是 auto、always 或 never (must be auto, always or never)"),
            )),
        }
    }
}

/// 已校验的配置 + 展开的 SM4 密钥；一次构造，多次使用。
///
/// A validated configuration with the expanded SM4 key; build once, use for every exchange.
///
/// ```ignore
/// let ex = Exchange::from_json(&serde_json::json!({
///     "env": "test", "appCode": "HOSP001", "appKey": "A7E2D00B4058086CBD3D4B8A5E0B2697",
///     "paasId": "paas", "paasToken": "token", "appSecret": "secret"
/// }))?;
/// let req = ex.build_request("abc123", &RequestOptions { now_ms: 1_700_000_000_000, ..Default::default() })?;
/// let user = ex.parse_response(200, &body)?;
/// ```
#[derive(Debug, Clone)]
pub struct Exchange {
    env: Env,
    app_code: String,
    sm4: Sm4,
    creds: GatewayCredentials,
    base_url: String,
    business_type: u32,
    gateway: GatewayOptions,
    name_policy: FieldPolicy,
    health_card_policy: FieldPolicy,
}

/// 一次换取请求的输入 / inputs of one request.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// 业务类型，缺省取配置（默认 1）/ business type; defaults to the config's (1).
    pub business_type: Option<u32>,
    /// 当前时间（Unix 毫秒）/ now, Unix milliseconds.
    pub now_ms: u64,
    /// 固定 timestamp（测试用）/ a fixed timestamp string (tests).
    pub timestamp: Option<String>,
    /// 固定 nonce（测试用）/ a fixed nonce (tests).
    pub nonce: Option<String>,
}

/// 请求要素 / the request parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestParts {
    /// 恒为 `GET` / always `GET`.
    pub method: &'static str,
    /// 完整 URL / the full URL with query.
    pub url: String,
    /// 请求头（有序）/ the headers, in order.
    pub headers: Vec<(String, String)>,
}

/// 字典标签（未知代码为 `None`）/ dictionary labels (`None` for unknown codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Labels {
    /// 证件类型 / certificate type.
    pub certificate_type: Option<&'static str>,
    /// 性别 / gender.
    pub gender: Option<&'static str>,
    /// 民族 / nation.
    pub nation: Option<&'static str>,
    /// 渠道 / channel.
    pub channel: Option<&'static str>,
}

/// 解密后的用户身份；字段名与协议一致。`Debug` 只输出掩码。
///
/// The decrypted identity, with the protocol's field names. `Debug` prints masked values only.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct YjtUser {
    /// 粤健通用户 ID / the 粤健通 user id.
    pub user_id: String,
    /// 姓名 / name.
    pub name: String,
    /// 手机号（已解密）/ phone, decrypted.
    pub phone: String,
    /// 证件号码（已解密）/ certificate number, decrypted.
    pub certificate_no: String,
    /// 证件类型代码 / certificate type code.
    pub certificate_type: String,
    /// 电子健康码 / electronic health card number.
    pub health_card_no: String,
    /// 性别代码；缺失为 None / gender code; `None` when absent.
    pub gender: Option<i64>,
    /// 民族代码 / nation code.
    pub nation: String,
    /// 渠道代码 / channel code.
    pub channel: String,
    /// 字典标签 / dictionary labels.
    pub labels: Labels,
}

impl core::fmt::Debug for YjtUser {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("YjtUser")
            .field("user_id", &self.user_id)
            .field("name", &mask_name(&self.name))
            .field("phone", &mask_phone(&self.phone))
            .field("certificate_no", &mask_id_card(&self.certificate_no))
            .field("certificate_type", &self.certificate_type)
            .field("health_card_no", &mask_id_card(&self.health_card_no))
            .field("gender", &self.gender)
            .field("nation", &self.nation)
            .field("channel", &self.channel)
            .finish()
    }
}

fn cfg_err(field: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidConfig,
        format!("配置项 {field} {what} (config field {field}: {what})"),
    )
}

fn req_str<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<&'a str> {
    match obj.get(field) {
        None | Some(Value::Null) => Err(cfg_err(field, "缺失 / missing")),
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(cfg_err(field, "为空 / empty")),
        Some(_) => Err(cfg_err(field, "须为字符串 / must be a string")),
    }
}

fn opt_str<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => req_str(obj, field).map(Some),
    }
}

fn positive_u32(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s)
            if !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.parse::<u32>().ok()
        }
        _ => None,
    }
    .filter(|n| *n >= 1 && *n <= i32::MAX as u32)
}

fn is_code_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// 校验一次性 code：1–64 个 `[A-Za-z0-9_-]`；其他一律在拼 URL 前拒绝。
///
/// Validates a one-time code: 1–64 of `[A-Za-z0-9_-]`. Anything else is refused before it can
/// reach a URL; the code itself is not echoed.
///
/// ```ignore
/// assert!(validate_code("afadsgfaar").is_ok());
/// assert!(validate_code("a&b").is_err());
/// ```
pub fn validate_code(code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 64 || !code.bytes().all(is_code_char) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "code 须为 1–64 个字母、数字、- 或 _ (code must be 1–64 of [A-Za-z0-9_-])",
        ));
    }
    Ok(())
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn validate_base_url(url: &str, allow_insecure: bool) -> Result<()> {
    if url.len() > 2048 || !url.bytes().all(|b| b.is_ascii_graphic()) || url.contains('#') {
        return Err(cfg_err(
            "baseUrl",
            "须为不含空白与 # 的 ASCII URL / must be an ASCII URL without whitespace or #",
        ));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| cfg_err("baseUrl", "须以 https:// 开头 / must start with https://"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host = match authority.rsplit_once('@') {
        Some(_) => {
            return Err(cfg_err(
                "baseUrl",
                "不能包含用户名密码 / must not carry credentials",
            ))
        }
        None => authority,
    };
    let host_only = if host.starts_with('[') {
        host.split_once(']')
            .map(|(h, _)| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or("").to_owned()
    };
    if host_only.is_empty() {
        return Err(cfg_err("baseUrl", "缺少主机名 / has no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback_host(&host_only.to_ascii_lowercase()) => Ok(()),
        "http" => Err(cfg_err(
            "baseUrl",
            "不允许明文 http（本机回环地址除外；确需使用请设 allowInsecureHttp: true）/ plain http is refused unless loopback or allowInsecureHttp: true",
        )),
        _ => Err(cfg_err("baseUrl", "须以 https:// 开头 / must start with https://")),
    }
}

impl Exchange {
    /// 从 JSON 形式的配置（与 JS `YjtConfig` 同名）构造并校验；错误点名字段，绝不回显值。
    ///
    /// Builds from the JSON form of the config (the same names as the JS `YjtConfig`) and
    /// validates every field; errors name the field and never echo its value. Unknown keys
    /// (such as the JS-only `fetch`, `timeoutMs`) are ignored.
    ///
    /// ```ignore
    /// let ex = Exchange::from_json(&json!({ "env": "test", "appCode": "H1", "appKey": KEY, "paasId": "p", "paasToken": "t" }))?;
    /// ```
    pub fn from_json(config: &Value) -> Result<Self> {
        let obj = config.as_object().ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidConfig,
                "配置须为对象 (config must be an object)",
            )
        })?;
        let env = match obj.get("env") {
            None | Some(Value::Null) => Err(cfg_err(
                "env",
                "缺失，须为 production 或 test / missing: production or test",
            )),
            Some(Value::String(s)) if s == "production" => Ok(Env::Production),
            Some(Value::String(s)) if s == "test" => Ok(Env::Test),
            Some(_) => Err(cfg_err(
                "env",
                "须为 production 或 test / must be production or test",
            )),
        }?;
        let app_code = req_str(obj, "appCode")?;
        if app_code.len() > 32 || !app_code.bytes().all(is_code_char) {
            return Err(cfg_err(
                "appCode",
                "须为 1–32 个字母、数字、- 或 _ / must be 1–32 of [A-Za-z0-9_-]",
            ));
        }
        let app_key = req_str(obj, "appKey")?;
        let key = crate::sm4::parse_key(app_key).map_err(|_| {
            cfg_err(
                "appKey",
                "须为 32 位十六进制或 16 个字符 / must be 32 hex characters or 16 characters",
            )
        })?;
        let paas_id = req_str(obj, "paasId")?;
        let paas_token = req_str(obj, "paasToken")?;
        let app_secret = opt_str(obj, "appSecret")?;
        let service_id = opt_str(obj, "serviceId")?.unwrap_or(match env {
            Env::Production => PRODUCTION_SERVICE_ID,
            Env::Test => TEST_SERVICE_ID,
        });
        let creds = GatewayCredentials::new(paas_id, paas_token, app_secret, Some(service_id))?;
        let allow_insecure = match obj.get("allowInsecureHttp") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(cfg_err(
                    "allowInsecureHttp",
                    "须为布尔值 / must be a boolean",
                ))
            }
        };
        let base_url = opt_str(obj, "baseUrl")?.unwrap_or(DEFAULT_BASE_URL);
        validate_base_url(base_url, allow_insecure)?;
        let business_type = match obj.get("businessType") {
            None | Some(Value::Null) => 1,
            Some(v) => positive_u32(v).ok_or_else(|| {
                cfg_err("businessType", "须为正整数 / must be a positive integer")
            })?,
        };
        let gateway = GatewayOptions::from_json(obj.get("gateway"))?;
        let (mut name_policy, mut health_card_policy) = (FieldPolicy::Auto, FieldPolicy::Auto);
        match obj.get("decryptFields") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    let s = v.as_str().unwrap_or("");
                    match k.as_str() {
                        "name" => name_policy = FieldPolicy::parse("name", s)?,
                        "healthCardNo" => {
                            health_card_policy = FieldPolicy::parse("healthCardNo", s)?
                        }
                        _ => {
                            return Err(cfg_err(
                                "decryptFields",
                                "只支持 name 与 healthCardNo / only name and healthCardNo",
                            ))
                        }
                    }
                }
            }
            Some(_) => return Err(cfg_err("decryptFields", "须为对象 / must be an object")),
        }
        Ok(Exchange {
            env,
            app_code: app_code.to_owned(),
            sm4: Sm4::new(&key),
            creds,
            base_url: base_url.to_owned(),
            business_type,
            gateway,
            name_policy,
            health_card_policy,
        })
    }

    /// 当前环境 / the configured environment.
    pub fn env(&self) -> Env {
        self.env
    }

    /// 该配置的 SM4 密钥对象 / the SM4 key of this config (the appKey).
    pub fn sm4(&self) -> &Sm4 {
        &self.sm4
    }

    /// 网关凭据 / the gateway credentials.
    pub fn credentials(&self) -> &GatewayCredentials {
        &self.creds
    }

    /// 网关变体配置 / the gateway variant options.
    pub fn gateway_options(&self) -> &GatewayOptions {
        &self.gateway
    }

    /// 系统编码 / the appCode.
    pub fn app_code(&self) -> &str {
        &self.app_code
    }

    /// 构造换取请求（GET），code 与 businessType 先校验再拼入 URL。
    ///
    /// Builds the exchange request. The code and business type are validated before they reach
    /// the URL; the query is form-urlencoded.
    ///
    /// ```ignore
    /// let req = ex.build_request("afadsgfaar", &RequestOptions { now_ms, ..Default::default() })?;
    /// assert!(req.url.contains("command=01&code=afadsgfaar&businessType=1"));
    /// ```
    pub fn build_request(&self, code: &str, opts: &RequestOptions) -> Result<RequestParts> {
        validate_code(code)?;
        let business_type = match opts.business_type {
            None => self.business_type,
            Some(n) if n >= 1 && n <= i32::MAX as u32 => n,
            Some(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "businessType 须为正整数 (businessType must be a positive integer)",
                ))
            }
        };
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("appCode", &self.app_code)
            .append_pair("command", COMMAND)
            .append_pair("code", code)
            .append_pair("businessType", &business_type.to_string());
        if self.gateway.service_id_placement == ServiceIdPlacement::Query {
            if let Some(s) = self.creds.service_id() {
                q.append_pair("serviceId", s);
            }
        }
        let sep = if self.base_url.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!("{}{}{}", self.base_url, sep, q.finish());
        let headers = gateway_headers(
            &self.creds,
            &self.gateway,
            &SignInputs {
                now_ms: opts.now_ms,
                timestamp: opts.timestamp.clone(),
                nonce: opts.nonce.clone(),
            },
        )?;
        Ok(RequestParts {
            method: "GET",
            url,
            headers,
        })
    }

    /// 解析网关响应：HTTP 状态、JSON、errcode、data，解密敏感字段并附字典标签。
    ///
    /// Parses the gateway's answer into an identity or a typed error: non-2xx status →
    /// `HTTP_STATUS` (or `GATEWAY_REJECTED` for a 4000004xx envelope), non-JSON →
    /// `BAD_RESPONSE`, errcode 1/2/3 → `GATEWAY_FAILURE` / `GATEWAY_INVALID_PARAMS` /
    /// `GATEWAY_SIGNATURE`. All-or-nothing: a user is returned only when every field decoded.
    ///
    /// ```ignore
    /// let user = ex.parse_response(200, r#"{"errcode":0,"errmsg":"SUCCESS","data":{...}}"#)?;
    /// ```
    pub fn parse_response(&self, status: u16, body: &str) -> Result<YjtUser> {
        self.parse(status, body).map_err(|mut e| {
            // Belt and braces: whatever a relay echoed, our own secrets never leave in a message.
            for secret in self.creds.secrets() {
                if secret.len() >= 4 && e.message.contains(secret) {
                    e.message = e.message.replace(secret, "***");
                }
            }
            e
        })
    }

    fn parse(&self, status: u16, body: &str) -> Result<YjtUser> {
        let json: Option<Value> = serde_json::from_str(body).ok();
        let envelope = json.as_ref().and_then(Value::as_object);
        if !(200..300).contains(&status) {
            if let Some(err) = envelope.and_then(|o| gateway_error(o, Some(status))) {
                return Err(err);
            }
            return Err(Error::new(
                ErrorCode::HttpStatus,
                format!(
                    "网关返回 HTTP {status} (gateway answered HTTP {status}): {}",
                    excerpt(body)
                ),
            )
            .with_status(status)
            .retryable(matches!(status, 429 | 502 | 503 | 504)));
        }
        let obj = match (&json, envelope) {
            (_, Some(o)) => o,
            (None, _) => {
                return Err(bad_response(format!(
                    "响应不是 JSON (body is not JSON): {}",
                    excerpt(body)
                ))
                .with_status(status))
            }
            (Some(v), None) => {
                return Err(bad_response(format!(
                    "响应 JSON 不是对象而是 {} (body is JSON {}, not an object)",
                    json_kind(v),
                    json_kind(v)
                ))
                .with_status(status))
            }
        };
        if let Some(err) = gateway_error(obj, None) {
            return Err(err.with_status(status));
        }
        let data = match obj.get("data") {
            Some(Value::Object(d)) => d,
            Some(Value::String(s)) => {
                // Some gateways wrap `data` as a JSON string; accept that, nothing looser.
                return match serde_json::from_str::<Value>(s) {
                    Ok(Value::Object(d)) => self.decode_user(&d),
                    _ => Err(bad_response("data 不是对象 (data is not an object)".into())),
                };
            }
            None | Some(Value::Null) => {
                return Err(bad_response(
                    "errcode 为 0 但缺少 data (errcode 0 without data)".into(),
                ))
            }
            Some(_) => return Err(bad_response("data 不是对象 (data is not an object)".into())),
        };
        self.decode_user(data)
    }

    fn decode_user(&self, d: &Map<String, Value>) -> Result<YjtUser> {
        let user_id = field_str(d, "userId", true)?;
        let certificate_type = field_str(d, "certificateType", false)?;
        let certificate_no = self.decrypt_required(d, "certificateNo")?;
        let phone = self.decrypt_optional(d, "phone")?;
        let name = self.decrypt_policy(d, "name", self.name_policy)?;
        let health_card_no = self.decrypt_policy(d, "healthCardNo", self.health_card_policy)?;
        let gender = match d.get("gender") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(|| field_err("gender"))?),
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => {
                Some(s.trim().parse::<i64>().map_err(|_| field_err("gender"))?)
            }
            Some(_) => return Err(field_err("gender")),
        };
        let nation = field_str(d, "nation", false)?;
        let channel = field_str(d, "channel", false)?;
        let labels = Labels {
            certificate_type: dict::certificate_type_label(&certificate_type),
            gender: gender.and_then(dict::gender_label),
            nation: dict::nation_label(&nation),
            channel: dict::channel_label(&channel),
        };
        Ok(YjtUser {
            user_id,
            name,
            phone,
            certificate_no,
            certificate_type,
            health_card_no,
            gender,
            nation,
            channel,
            labels,
        })
    }

    fn decrypt_required(&self, d: &Map<String, Value>, field: &str) -> Result<String> {
        let v = field_str(d, field, true)?;
        let plain = self.decrypt_field(field, &v)?;
        // An encrypted empty string decrypts fine; an identity without its number is no identity.
        if plain.trim().is_empty() {
            return Err(bad_response(format!(
                "data.{field} 解密后为空 (data.{field} decrypts to an empty value)"
            )));
        }
        Ok(plain)
    }

    fn decrypt_optional(&self, d: &Map<String, Value>, field: &str) -> Result<String> {
        let v = field_str(d, field, false)?;
        if v.is_empty() {
            return Ok(v);
        }
        self.decrypt_field(field, &v)
    }

    fn decrypt_policy(
        &self,
        d: &Map<String, Value>,
        field: &str,
        policy: FieldPolicy,
    ) -> Result<String> {
        let v = field_str(d, field, false)?;
        if v.is_empty() {
            return Ok(v);
        }
        match policy {
            FieldPolicy::Never => Ok(v),
            FieldPolicy::Always => self.decrypt_field(field, &v),
            FieldPolicy::Auto => Ok(self.sm4.try_decrypt_hex(&v).unwrap_or(v)),
        }
    }

    fn decrypt_field(&self, field: &str, v: &str) -> Result<String> {
        self.sm4
            .decrypt_str(v, crate::sm4::Encoding::Hex)
            .map_err(|e| {
                Error::new(
                    ErrorCode::DecryptFailed,
                    format!(
                        "字段 {field} 解密失败，请检查 appKey (could not decrypt {field}; check appKey): {}",
                        e.message
                    ),
                )
            })
    }
}

fn bad_response(msg: String) -> Error {
    Error::new(ErrorCode::BadResponse, msg)
}

fn field_err(field: &str) -> Error {
    bad_response(format!(
        "data.{field} 类型不对 (data.{field} has the wrong type)"
    ))
}

/// 字符串字段：接受字符串或整数；`required` 时缺失或为空即报错。
fn field_str(d: &Map<String, Value>, field: &str, required: bool) -> Result<String> {
    let s = match d.get(field) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(_) => return Err(field_err(field)),
    };
    if required && s.is_empty() {
        return Err(bad_response(format!(
            "data 缺少 {field} (data lacks {field})"
        )));
    }
    Ok(s)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// errcode → 错误；0 为成功（None）。也识别网关层 4000004xx 包络。
fn gateway_error(obj: &Map<String, Value>, http_status: Option<u16>) -> Option<Error> {
    let errcode = match obj.get("errcode").or_else(|| obj.get("code")) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let errmsg = obj
        .get("errmsg")
        .or_else(|| obj.get("msg"))
        .and_then(Value::as_str)
        .map(clean_errmsg)
        .unwrap_or_default();
    let Some(errcode) = errcode else {
        // Non-2xx without an envelope is the caller's HTTP_STATUS; 2xx without errcode is bad.
        return match http_status {
            Some(_) => None,
            None => Some(bad_response(
                "响应缺少 errcode (response has no errcode)".into(),
            )),
        };
    };
    let (code, label, retryable) = match errcode {
        0 if http_status.is_none() => return None,
        0 => return None,
        1 => (ErrorCode::GatewayFailure, "失败 / failure", false),
        2 => (
            ErrorCode::GatewayInvalidParams,
            "参数不合法 / invalid parameters",
            false,
        ),
        3 => (
            ErrorCode::GatewaySignature,
            "验签失败 / signature rejected",
            false,
        ),
        400_000_400..=400_000_599 => (
            ErrorCode::GatewayRejected,
            "网关拒绝 / rejected by the gateway",
            matches!(errcode, 400_000_429 | 400_000_529),
        ),
        _ => (
            ErrorCode::GatewayFailure,
            "未知错误码 / unknown errcode",
            false,
        ),
    };
    let mut e = Error::new(
        code,
        format!("粤健通网关 errcode={errcode} {label}: {errmsg}"),
    )
    .with_errcode(errcode)
    .retryable(retryable);
    if let Some(s) = http_status {
        e = e.with_status(s);
    }
    Some(e)
}

/// 网关 errmsg：去控制字符，截断到 100 字符，并遮盖可能的号码。
fn clean_errmsg(s: &str) -> String {
    // The gateway's own words (often Chinese) are kept; numbers and tokens are not.
    redact(s, 100, false)
}

/// 摘要脱敏：最多 `max` 个字符，控制字符换成空格；含数字且长度 ≥ 6、或长度 ≥ 16 的
/// `[A-Za-z0-9_-]` 串遮盖为 `***`（证件号、手机号、密文、令牌）；`ascii_only` 时非 ASCII 字符
/// （可能是姓名）换成 `·`。
///
/// A PII-free rendering of untrusted text: at most `max` characters, control characters as
/// spaces, every `[A-Za-z0-9_-]` run that is ≥ 6 long with a digit, or ≥ 16 long, replaced by
/// `***` (ID numbers, phones, ciphertext, tokens); with `ascii_only`, non-ASCII characters
/// (which could be a name) become `·`.
fn redact(s: &str, max: usize, ascii_only: bool) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let has_digit = run.bytes().any(|b| b.is_ascii_digit());
        if (has_digit && run.len() >= 6) || run.len() >= 16 {
            out.push_str("***");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars().take(max) {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out);
        out.push(if c.is_control() {
            ' '
        } else if ascii_only && !c.is_ascii() {
            '·'
        } else {
            c
        });
    }
    flush(&mut run, &mut out);
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

fn excerpt(body: &str) -> String {
    let t = body.trim();
    if t.is_empty() {
        return "（空响应 / empty body）".into();
    }
    if t.starts_with('{') || t.starts_with('[') {
        // JSON-looking, e.g. a truncated identity: its values (names) may be PII; never quoted.
        let n = body.len();
        return format!("（{n} 字节的非信封 JSON / {n} bytes of JSON-like text, not quoted）");
    }
    format!("«{}»", redact(t, 60, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

    fn cfg() -> Value {
        json!({
            "env": "test", "appCode": "HOSP001", "appKey": KEY,
            "paasId": "paas-001", "paasToken": "tok-SECRET-123", "appSecret": "app-SECRET-456",
        })
    }

    fn ex() -> Exchange {
        Exchange::from_json(&cfg()).unwrap()
    }

    fn enc(s: &str) -> String {
        crate::sm4::encrypt_ecb(KEY, s).unwrap()
    }

    fn ok_body(data: Value) -> String {
        json!({ "errcode": 0, "errmsg": "SUCCESS", "data": data }).to_string()
    }

    fn sample() -> Value {
        json!({
            "certificateNo": enc("11010519491231002X"), "certificateType": "01",
            "healthCardNo": "E1234567890", "phone": enc("13800138000"), "name": "张三丰",
            "gender": 1, "nation": "01", "userId": "u-1001", "channel": "1",
        })
    }

    #[test]
    fn build_request_default() {
        let r = ex()
            .build_request(
                "afadsgfaar",
                &RequestOptions {
                    now_ms: 1_700_000_000_000,
                    nonce: Some("abcdef0123456789".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"
        );
        let sid = r
            .headers
            .iter()
            .find(|(k, _)| k == "x-tsp-serviceid")
            .unwrap();
        assert_eq!(sid.1, TEST_SERVICE_ID);
        let prod = Exchange::from_json(&json!({
            "env": "production", "appCode": "H", "appKey": KEY, "paasId": "p", "paasToken": "t"
        }))
        .unwrap()
        .build_request("c", &RequestOptions::default())
        .unwrap();
        assert!(prod
            .headers
            .iter()
            .any(|(k, v)| k == "x-tsp-serviceid" && v == PRODUCTION_SERVICE_ID));
        // No appSecret configured → no appSecret header.
        assert!(prod.headers.iter().all(|(k, _)| k != "x-tsp-appSecret"));
    }

    #[test]
    fn build_request_options_and_rejections() {
        let e = ex();
        let r = e
            .build_request(
                "c1",
                &RequestOptions {
                    business_type: Some(12),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(r.url.ends_with("businessType=12"));
        for bad in [
            "",
            "a&b",
            "a#b",
            "a b",
            "a\r\nb",
            "码",
            "a%20",
            &"a".repeat(65),
        ] {
            let err = e
                .build_request(bad, &RequestOptions::default())
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
        }
        assert_eq!(
            e.build_request(
                "c",
                &RequestOptions {
                    business_type: Some(0),
                    ..Default::default()
                }
            )
            .unwrap_err()
            .code,
            ErrorCode::InvalidInput
        );
        // Service id in the query, base URL that already has a query.
        let mut c = cfg();
        c["gateway"] = json!({ "serviceIdPlacement": "query" });
        c["baseUrl"] = json!("https://proxy.example/gw?route=yjt");
        let r = Exchange::from_json(&c)
            .unwrap()
            .build_request("c", &RequestOptions::default())
            .unwrap();
        assert_eq!(
            r.url,
            format!("https://proxy.example/gw?route=yjt&appCode=HOSP001&command=01&code=c&businessType=1&serviceId={TEST_SERVICE_ID}")
        );
    }

    #[test]
    fn config_errors_name_the_field_and_never_the_value() {
        let cases: Vec<(&str, Value)> = vec![
            ("env", Value::Null),
            ("env", json!("prod")),
            ("appCode", Value::Null),
            ("appCode", json!("a b")),
            ("appKey", json!("SECRETKEY-not-valid")),
            ("appKey", json!(12345)),
            ("paasId", json!("")),
            ("paasToken", Value::Null),
            ("appSecret", json!("has space")),
            ("baseUrl", json!("http://gw.example/api")),
            ("baseUrl", json!("ftp://x")),
            ("baseUrl", json!("https://user:pw@x/")),
            ("businessType", json!(0)),
            ("businessType", json!(-1)),
            ("businessType", json!(1.5)),
            ("gateway", json!({ "prefix": 1 })),
            ("gateway", json!({ "bogus": true })),
            ("decryptFields", json!({ "name": "sometimes" })),
        ];
        for (field, v) in cases {
            let mut c = cfg();
            if v.is_null() {
                c.as_object_mut().unwrap().remove(field);
            } else {
                c[field] = v.clone();
            }
            let e = Exchange::from_json(&c).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidConfig, "{field} {v}");
            assert!(e.message.contains(field), "{field}: {}", e.message);
            for secret in ["SECRETKEY", "tok-SECRET", "app-SECRET", "has space", "pw@"] {
                assert!(!e.message.contains(secret), "{}", e.message);
            }
        }
        assert!(Exchange::from_json(&json!([])).is_err());
        // Loopback http is allowed; other http only with allowInsecureHttp.
        for (url, insecure, ok) in [
            ("http://127.0.0.1:8787/api", false, true),
            ("http://localhost/api", false, true),
            ("http://[::1]:80/api", false, true),
            ("http://10.0.0.1/api", false, false),
            ("http://10.0.0.1/api", true, true),
            ("http://127.0.0.1.evil.example/api", false, false),
        ] {
            let mut c = cfg();
            c["baseUrl"] = json!(url);
            c["allowInsecureHttp"] = json!(insecure);
            assert_eq!(Exchange::from_json(&c).is_ok(), ok, "{url}");
        }
    }

    #[test]
    fn parse_success() {
        let u = ex().parse_response(200, &ok_body(sample())).unwrap();
        assert_eq!(u.certificate_no, "11010519491231002X");
        assert_eq!(u.phone, "13800138000");
        assert_eq!(u.name, "张三丰");
        assert_eq!(u.user_id, "u-1001");
        assert_eq!(u.gender, Some(1));
        assert_eq!(u.labels.certificate_type, Some("居民身份证"));
        assert_eq!(u.labels.gender, Some("男"));
        assert_eq!(u.labels.nation, Some("汉族"));
        assert_eq!(u.labels.channel, Some("内地"));
        let dbg = format!("{u:?}");
        assert!(!dbg.contains("13800138000") && !dbg.contains("11010519491231002X"));
        assert!(!dbg.contains("张三丰"));
    }

    #[test]
    fn parse_lax_fields_and_policies() {
        let mut d = sample();
        d["name"] = json!(enc("欧阳娜娜"));
        d["healthCardNo"] = json!(enc("HC-0001"));
        d["gender"] = json!("2");
        d["nation"] = json!("77");
        d["userId"] = json!(123456);
        let u = ex().parse_response(200, &ok_body(d.clone())).unwrap();
        assert_eq!(u.name, "欧阳娜娜");
        assert_eq!(u.health_card_no, "HC-0001");
        assert_eq!(u.gender, Some(2));
        assert_eq!(u.labels.nation, None);
        assert_eq!(u.nation, "77");
        assert_eq!(u.user_id, "123456");
        // never: left as sent
        let mut c = cfg();
        c["decryptFields"] = json!({ "name": "never", "healthCardNo": "always" });
        let e2 = Exchange::from_json(&c).unwrap();
        let u = e2.parse_response(200, &ok_body(d.clone())).unwrap();
        assert_eq!(u.name, enc("欧阳娜娜"));
        // always: plain text fails loudly, naming the field
        let mut plain = d.clone();
        plain["healthCardNo"] = json!("HC-PLAIN");
        let err = e2.parse_response(200, &ok_body(plain)).unwrap_err();
        assert_eq!(err.code, ErrorCode::DecryptFailed);
        assert!(err.message.contains("healthCardNo"));
        assert!(!err.message.contains("HC-PLAIN"));
        // optional fields may be missing
        let mut min = sample();
        for f in [
            "phone",
            "name",
            "healthCardNo",
            "gender",
            "nation",
            "channel",
        ] {
            min.as_object_mut().unwrap().remove(f);
        }
        let u = ex().parse_response(200, &ok_body(min)).unwrap();
        assert_eq!(u.phone, "");
        assert_eq!(u.gender, None);
        assert_eq!(u.labels.gender, None);
        // data as a JSON string
        let body =
            json!({ "errcode": 0, "errmsg": "ok", "data": sample().to_string() }).to_string();
        assert_eq!(
            ex().parse_response(200, &body).unwrap().phone,
            "13800138000"
        );
    }

    #[test]
    fn empty_decrypted_certificate_no_is_rejected() {
        // Found by the parse_response fuzz target: SM4("") is valid ciphertext.
        for p in ["", "   "] {
            let mut d = sample();
            d["certificateNo"] = json!(enc(p));
            assert_eq!(
                ex().parse_response(200, &ok_body(d)).unwrap_err().code,
                ErrorCode::BadResponse
            );
        }
    }

    #[test]
    fn parse_decrypt_failures_name_field_not_value() {
        for (field, val) in [
            ("certificateNo", "11010519491231002X"),
            ("phone", "13800138000"),
            ("certificateNo", "0a504c329ff631c1"),
        ] {
            let mut d = sample();
            d[field] = json!(val);
            let e = ex().parse_response(200, &ok_body(d)).unwrap_err();
            assert_eq!(e.code, ErrorCode::DecryptFailed);
            assert!(e.message.contains(field));
            assert!(!e.message.contains(val));
        }
        let wrong_key = crate::sm4::Sm4::new(&[9; 16]);
        let mut d = sample();
        d["phone"] = json!(wrong_key.encrypt_str("13800138000", crate::sm4::Encoding::Hex));
        assert_eq!(
            ex().parse_response(200, &ok_body(d)).unwrap_err().code,
            ErrorCode::DecryptFailed
        );
    }

    #[test]
    fn parse_each_errcode() {
        for (errcode, code, retry) in [
            (json!(1), ErrorCode::GatewayFailure, false),
            (json!(2), ErrorCode::GatewayInvalidParams, false),
            (json!("3"), ErrorCode::GatewaySignature, false),
            (json!(400000400), ErrorCode::GatewayRejected, false),
            (json!(400000401), ErrorCode::GatewayRejected, false),
            (json!(400000403), ErrorCode::GatewayRejected, false),
            (json!(400000404), ErrorCode::GatewayRejected, false),
            (json!(400000429), ErrorCode::GatewayRejected, true),
            (json!(400000529), ErrorCode::GatewayRejected, true),
            (json!(77), ErrorCode::GatewayFailure, false),
        ] {
            let body = json!({ "errcode": errcode, "errmsg": "bad signature." }).to_string();
            let e = ex().parse_response(200, &body).unwrap_err();
            assert_eq!(e.code, code, "{errcode}");
            assert_eq!(e.retryable, retry, "{errcode}");
            assert!(e.errcode.is_some());
            assert!(e.message.contains("bad signature."));
        }
    }

    #[test]
    fn parse_http_status_classes() {
        for (status, retry) in [
            (400, false),
            (401, false),
            (404, false),
            (429, true),
            (500, false),
            (502, true),
            (503, true),
            (504, true),
            (301, false),
            (100, false),
        ] {
            let e = ex()
                .parse_response(status, "<html>oops</html>")
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::HttpStatus, "{status}");
            assert_eq!(e.status, Some(status));
            assert_eq!(e.retryable, retry, "{status}");
        }
        // A gateway envelope under a 4xx is classified by its errcode.
        let e = ex()
            .parse_response(401, r#"{"errcode":400000401,"errmsg":"bad signature."}"#)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::GatewayRejected);
        assert_eq!(e.status, Some(401));
        assert_eq!(e.errcode, Some(400000401));
    }

    #[test]
    fn parse_malformed_bodies() {
        let cases = [
            "",
            "not json",
            "{",
            "[]",
            "null",
            "42",
            "\"str\"",
            r#"{"errmsg":"x"}"#,
            r#"{"errcode":0,"errmsg":"ok"}"#,
            r#"{"errcode":0,"data":null}"#,
            r#"{"errcode":0,"data":[1]}"#,
            r#"{"errcode":0,"data":"not-json"}"#,
            r#"{"errcode":0,"data":{}}"#,
            r#"{"errcode":0,"data":{"userId":"u","certificateNo":{}}}"#,
            r#"{"errcode":0,"data":{"userId":"u","certificateNo":"x","gender":true}}"#,
        ];
        for body in cases {
            let e = ex().parse_response(200, body).unwrap_err();
            assert!(
                matches!(e.code, ErrorCode::BadResponse | ErrorCode::DecryptFailed),
                "{body}: {e}"
            );
        }
        let deep = "[".repeat(100_000);
        assert_eq!(
            ex().parse_response(200, &deep).unwrap_err().code,
            ErrorCode::BadResponse
        );
    }

    #[test]
    fn excerpts_hide_numbers_and_ciphertext() {
        let body = "Error for 11010519491231002X phone 13800138000 cipher 791410f8740fede1ad58d8ebd8ba1b0d";
        let e = ex().parse_response(200, body).unwrap_err();
        assert!(!e.message.contains("13800138000"));
        assert!(!e.message.contains("110105194912"));
        assert!(!e.message.contains("791410f8740fede1"));
        let truncated = r#"{"errcode":0,"data":{"name":"张三丰","phone":"79"#;
        let e = ex().parse_response(200, truncated).unwrap_err();
        assert!(!e.message.contains("张三丰"), "{e}");
        let long = "x".repeat(10_000);
        assert!(ex().parse_response(200, &long).unwrap_err().message.len() < 400);
        // A relay that echoes a name, our token and secret: none of them survive.
        let echo = "<html>司马相如 tok-SECRET-123 app-SECRET-456 Bad Gateway</html>";
        for status in [200, 502] {
            let m = ex().parse_response(status, echo).unwrap_err().message;
            for leaked in ["司马相如", "tok-SECRET-123", "app-SECRET-456"] {
                assert!(!m.contains(leaked), "{m}");
            }
            assert!(m.contains("Bad Gateway"), "{m}");
        }
    }
}
