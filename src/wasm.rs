//! wasm-bindgen 绑定：只做类型转换与错误转换，不含协议逻辑。
//!
//! Bindings only: convert JS values in, call the core, convert results and errors out. Errors
//! reach JS as `Error` objects carrying `.code` (and `.errcode` / `.status` / `.retryable`);
//! identities cross as plain objects. Nothing here can panic on any input.

use crate::dict;
use crate::error::{Error, ErrorCode};
use crate::exchange::{Exchange, RequestOptions};
use crate::gateway::{
    self, GatewayCredentials, GatewayOptions, HexCase, SignInputs, VerifyOptions,
};
use crate::idcard;
use crate::sm4::{self, Encoding, Sm4};
use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

type JsResult<T> = core::result::Result<T, JsValue>;

fn to_js(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let obj: &JsValue = err.as_ref();
    let _ = Reflect::set(obj, &"code".into(), &e.code.as_str().into());
    if let Some(c) = e.errcode {
        let _ = Reflect::set(obj, &"errcode".into(), &JsValue::from_f64(c as f64));
    }
    if let Some(s) = e.status {
        let _ = Reflect::set(obj, &"status".into(), &JsValue::from(s));
    }
    let _ = Reflect::set(obj, &"retryable".into(), &JsValue::from_bool(e.retryable));
    err.into()
}

fn invalid(code: ErrorCode, msg: &str) -> JsValue {
    to_js(Error::new(code, msg))
}

fn to_json<T: Serialize>(v: &T) -> JsResult<String> {
    serde_json::to_string(v).map_err(|_| {
        invalid(
            ErrorCode::InvalidInput,
            "无法转换结果 (could not convert the result)",
        )
    })
}

fn encoding(code: u8) -> JsResult<Encoding> {
    Encoding::from_code(code).map_err(to_js)
}

/// JSON text from the JS side → value. The parser's message is dropped: it may quote input.
fn json_arg(text: &str, what: &str) -> JsResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|_| {
        invalid(
            ErrorCode::InvalidInput,
            &format!("{what} 须为 JSON 对象 ({what} must be a JSON object)"),
        )
    })
}

fn opt_string(o: &serde_json::Value, k: &str) -> JsResult<Option<String>> {
    match o.get(k) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(
            ErrorCode::InvalidInput,
            &format!("{k} 须为字符串 ({k} must be a string)"),
        )),
    }
}

fn now_ms(v: f64) -> JsResult<u64> {
    if v.is_finite() && (0.0..1e17).contains(&v) {
        Ok(v as u64)
    } else {
        Err(invalid(
            ErrorCode::InvalidInput,
            "now 须为非负有限数 (now must be a finite non-negative number)",
        ))
    }
}

/// SM4-ECB 密钥对象（密钥扩展一次，重复使用）/ an SM4-ECB key object.
#[wasm_bindgen(js_name = Sm4)]
pub struct JsSm4 {
    inner: Sm4,
}

#[wasm_bindgen(js_class = Sm4)]
impl JsSm4 {
    /// key: 32 hex chars, 16 characters, or a 16-byte Uint8Array.
    #[wasm_bindgen(constructor)]
    pub fn new(key: JsValue) -> JsResult<JsSm4> {
        let k = if let Some(s) = key.as_string() {
            sm4::parse_key(&s)
        } else if key.is_instance_of::<Uint8Array>() {
            let bytes = zeroize::Zeroizing::new(Uint8Array::from(key).to_vec());
            sm4::key_from_bytes(&bytes)
        } else {
            Err(Error::new(
                ErrorCode::InvalidKey,
                "SM4 密钥须为字符串或 Uint8Array (SM4 key must be a string or a Uint8Array)",
            ))
        }
        .map_err(to_js)?;
        Ok(JsSm4 {
            inner: Sm4::new(&k),
        })
    }

    /// Encrypt UTF-8 text; `encoding`: 0 hex, 1 HEX, 2 base64.
    pub fn encrypt(&self, plaintext: &str, encoding_: u8) -> JsResult<String> {
        Ok(self.inner.encrypt_str(plaintext, encoding(encoding_)?))
    }

    /// Encrypt bytes to encoded text; `encoding`: 0 hex, 1 HEX, 2 base64.
    #[wasm_bindgen(js_name = encryptBytesEncoded)]
    pub fn encrypt_bytes_encoded(&self, data: &[u8], encoding_: u8) -> JsResult<String> {
        let enc = encoding(encoding_)?;
        Ok(sm4::encode(&self.inner.encrypt_bytes(data), enc))
    }

    /// Decrypt hex (either case) or base64 ciphertext to UTF-8 text.
    pub fn decrypt(&self, ciphertext: &str, encoding_: u8) -> JsResult<String> {
        self.inner
            .decrypt_str(ciphertext, encoding(encoding_)?)
            .map_err(to_js)
    }

    /// Encrypt raw bytes (PKCS#7).
    #[wasm_bindgen(js_name = encryptBytes)]
    pub fn encrypt_bytes(&self, data: &[u8]) -> Vec<u8> {
        self.inner.encrypt_bytes(data)
    }

    /// Decrypt raw bytes, checking padding.
    #[wasm_bindgen(js_name = decryptBytes)]
    pub fn decrypt_bytes(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.inner.decrypt_bytes(data).map_err(to_js)
    }

    /// Whether `ciphertext` decrypts to `plaintext` (constant-time compare).
    pub fn verify(&self, ciphertext: &str, plaintext: &str, encoding_: u8) -> JsResult<bool> {
        Ok(self
            .inner
            .verify(ciphertext, plaintext, encoding(encoding_)?))
    }
}

/// Java `Sm4Utils.encryptEcb`.
#[wasm_bindgen(js_name = encryptEcb)]
pub fn encrypt_ecb(key: &str, plaintext: &str) -> JsResult<String> {
    sm4::encrypt_ecb(key, plaintext).map_err(to_js)
}

/// Java `Sm4Utils.decryptEcb`.
#[wasm_bindgen(js_name = decryptEcb)]
pub fn decrypt_ecb(key: &str, cipher_hex: &str) -> JsResult<String> {
    sm4::decrypt_ecb(key, cipher_hex).map_err(to_js)
}

/// Java `Sm4Utils.verifyEcb`.
#[wasm_bindgen(js_name = verifyEcb)]
pub fn verify_ecb(key: &str, cipher_hex: &str, plaintext: &str) -> JsResult<bool> {
    sm4::verify_ecb(key, cipher_hex, plaintext).map_err(to_js)
}

/// HEX(SHA-256(timestamp + token + nonce + timestamp)); `lowercase` for the lower-case variant.
#[wasm_bindgen(js_name = gatewaySignature)]
pub fn gateway_signature(
    timestamp: &str,
    token: &str,
    nonce: &str,
    lowercase: Option<bool>,
) -> String {
    let case = if lowercase.unwrap_or(false) {
        HexCase::Lower
    } else {
        HexCase::Upper
    };
    gateway::signature(timestamp, token, nonce, case)
}

/// 16 lowercase hex characters from the platform CSPRNG.
#[wasm_bindgen(js_name = generateNonce)]
pub fn generate_nonce() -> JsResult<String> {
    gateway::generate_nonce().map_err(to_js)
}

fn gateway_options(v: Option<&serde_json::Value>) -> JsResult<GatewayOptions> {
    GatewayOptions::from_json(v).map_err(to_js)
}

/// credsJson: { paasId, paasToken, appSecret?, serviceId?, gateway? } → JSON `[[name, value], …]`.
#[wasm_bindgen(js_name = gatewayHeaders)]
pub fn gateway_headers(
    creds_json: &str,
    now: f64,
    timestamp: Option<String>,
    nonce: Option<String>,
) -> JsResult<String> {
    let c = json_arg(creds_json, "creds")?;
    let req = |k: &str| -> JsResult<String> {
        opt_string(&c, k)?
            .ok_or_else(|| invalid(ErrorCode::InvalidConfig, &format!("缺少 {k} (missing {k})")))
    };
    let credentials = GatewayCredentials::new(
        &req("paasId")?,
        &req("paasToken")?,
        opt_string(&c, "appSecret")?.as_deref(),
        opt_string(&c, "serviceId")?.as_deref(),
    )
    .map_err(to_js)?;
    let g = gateway_options(c.get("gateway"))?;
    let inputs = SignInputs {
        now_ms: now_ms(now)?,
        timestamp,
        nonce,
    };
    let h = gateway::gateway_headers(&credentials, &g, &inputs).map_err(to_js)?;
    // Pairs, not an object: a JSON array keeps the header order.
    to_json(&h)
}

/// headersJson: [[name, value], …]; optsJson: { paasToken, maxSkewSeconds?, strict?, gateway? }.
#[wasm_bindgen(js_name = verifyGatewayHeaders)]
pub fn verify_gateway_headers(headers_json: &str, now: f64, opts_json: &str) -> JsResult<String> {
    let pairs: Vec<(String, String)> = serde_json::from_str(headers_json).map_err(|_| {
        invalid(
            ErrorCode::InvalidInput,
            "headers 须为 [名称, 值] 列表 (headers must be [name, value] pairs)",
        )
    })?;
    let o = json_arg(opts_json, "opts")?;
    let token = opt_string(&o, "paasToken")?.ok_or_else(|| {
        invalid(
            ErrorCode::InvalidConfig,
            "缺少 paasToken (missing paasToken)",
        )
    })?;
    let max_skew_seconds = match o.get("maxSkewSeconds") {
        None | Some(serde_json::Value::Null) => 180,
        Some(v) => v.as_u64().ok_or_else(|| {
            invalid(
                ErrorCode::InvalidInput,
                "maxSkewSeconds 须为非负整数 (maxSkewSeconds must be a non-negative integer)",
            )
        })?,
    };
    let verify = VerifyOptions {
        now_ms: now_ms(now)?,
        max_skew_seconds,
        strict: o
            .get("strict")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    };
    let g = gateway_options(o.get("gateway"))?;
    let v = gateway::verify_gateway_headers(&pairs, &token, &g, &verify).map_err(to_js)?;
    to_json(&serde_json::json!({
        "timestamp": v.timestamp,
        "nonce": v.nonce,
        "paasId": v.paas_id,
        "serviceId": v.service_id,
    }))
}

/// A validated exchange configuration holding the expanded appKey.
#[wasm_bindgen(js_name = Exchange)]
pub struct JsExchange {
    inner: Exchange,
}

#[wasm_bindgen(js_class = Exchange)]
impl JsExchange {
    /// configJson: the JSON part of YjtConfig, as text.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> JsResult<JsExchange> {
        let v: serde_json::Value = serde_json::from_str(config_json).map_err(|_| {
            invalid(
                ErrorCode::InvalidConfig,
                "配置须为普通 JSON 对象 (config must be a plain JSON object)",
            )
        })?;
        Ok(JsExchange {
            inner: Exchange::from_json(&v).map_err(to_js)?,
        })
    }

    /// → JSON `{ method, url, headers: [[name, value], …] }`. `businessType` absent = the config's.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(
        &self,
        code: &str,
        now: f64,
        business_type: Option<f64>,
        timestamp: Option<String>,
        nonce: Option<String>,
    ) -> JsResult<String> {
        let business_type = match business_type {
            None => None,
            Some(n)
                if n.is_finite()
                    && n.fract() == 0.0
                    && (1.0..=f64::from(i32::MAX)).contains(&n) =>
            {
                Some(n as u32)
            }
            Some(_) => {
                return Err(invalid(
                    ErrorCode::InvalidInput,
                    "businessType 须为正整数 (businessType must be a positive integer)",
                ))
            }
        };
        let r = self
            .inner
            .build_request(
                code,
                &RequestOptions {
                    business_type,
                    now_ms: now_ms(now)?,
                    timestamp,
                    nonce,
                },
            )
            .map_err(to_js)?;
        // Serialized straight from borrowed parts: no intermediate JSON tree.
        #[derive(Serialize)]
        struct Parts<'a> {
            url: &'a str,
            headers: &'a [(String, String)],
        }
        to_json(&Parts {
            url: &r.url,
            headers: &r.headers,
        })
    }

    /// (status, body) → YjtUser as JSON text, or a thrown error with `.code`.
    #[wasm_bindgen(js_name = parseResponse)]
    pub fn parse_response(&self, status: f64, body: &str) -> JsResult<String> {
        if !(status.is_finite() && (100.0..=999.0).contains(&status) && status.fract() == 0.0) {
            return Err(invalid(
                ErrorCode::InvalidInput,
                "status 须为 100–999 的整数 (status must be an integer 100–999)",
            ));
        }
        let user = self
            .inner
            .parse_response(status as u16, body)
            .map_err(to_js)?;
        to_json(&user)
    }

    /// The SM4 object of this config's appKey.
    #[wasm_bindgen(js_name = sm4)]
    pub fn sm4(&self) -> JsSm4 {
        JsSm4 {
            inner: self.inner.sm4().clone(),
        }
    }
}

/// JSON `{ certificateTypes, genders, nations, channels, businessTypes }`: code → label.
#[wasm_bindgen]
pub fn dictionaries() -> JsResult<String> {
    fn table<K: ToString>(rows: &[(K, &str)]) -> serde_json::Value {
        serde_json::Value::Object(
            rows.iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String((*v).to_owned())))
                .collect(),
        )
    }
    to_json(&serde_json::json!({
        "certificateTypes": table(dict::CERTIFICATE_TYPES),
        "genders": table(dict::GENDERS),
        "nations": table(dict::NATIONS),
        "channels": table(dict::CHANNELS),
        "businessTypes": table(dict::BUSINESS_TYPES),
    }))
}

/// Label of a code in one dictionary (`certificateType`, `gender`, `nation`, `channel`,
/// `businessType`), or undefined.
#[wasm_bindgen(js_name = dictLabel)]
pub fn dict_label(dictionary: &str, code: &str) -> Option<String> {
    let num = || code.trim().parse::<i64>().ok();
    match dictionary {
        "certificateType" => dict::certificate_type_label(code),
        "gender" => num().and_then(dict::gender_label),
        "nation" => dict::nation_label(code),
        "channel" => dict::channel_label(code),
        "businessType" => num()
            .and_then(|n| u32::try_from(n).ok())
            .and_then(dict::business_type_label),
        _ => None,
    }
    .map(str::to_owned)
}

/// "valid" | "bad_check_digit" | "legacy_15" | "malformed".
#[wasm_bindgen(js_name = checkIdCard)]
pub fn check_id_card(id: &str) -> String {
    idcard::check_id_card(id).as_str().to_owned()
}

/// GB 11643 check: true only for a valid 18-character number.
#[wasm_bindgen(js_name = isValidIdCard)]
pub fn is_valid_id_card(id: &str) -> bool {
    idcard::is_valid_id_card(id)
}

/// Mask an ID number for logs.
#[wasm_bindgen(js_name = maskIdCard)]
pub fn mask_id_card(id: &str) -> String {
    idcard::mask_id_card(id)
}

/// Mask a phone number for logs.
#[wasm_bindgen(js_name = maskPhone)]
pub fn mask_phone(p: &str) -> String {
    idcard::mask_phone(p)
}

/// Mask a name for logs.
#[wasm_bindgen(js_name = maskName)]
pub fn mask_name(n: &str) -> String {
    idcard::mask_name(n)
}

/// Whether `code` is a well-formed one-time code (1–64 of `[A-Za-z0-9_-]`).
#[wasm_bindgen(js_name = isValidCode)]
pub fn is_valid_code(code: &str) -> bool {
    crate::exchange::validate_code(code).is_ok()
}

/// Traps the instance on purpose. Exists only so the tests can prove that the JS loader
/// recovers from a trap (re-instantiation); nothing else calls it.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTests)]
pub fn trap_for_tests() {
    core::arch::wasm32::unreachable()
}

/// JSON `{ baseUrl, serviceIds: { production, test } }`: the presets the config falls back to.
#[wasm_bindgen]
pub fn presets() -> JsResult<String> {
    use crate::exchange::{DEFAULT_BASE_URL, PRODUCTION_SERVICE_ID, TEST_SERVICE_ID};
    to_json(&serde_json::json!({
        "baseUrl": DEFAULT_BASE_URL,
        "serviceIds": { "production": PRODUCTION_SERVICE_ID, "test": TEST_SERVICE_ID },
    }))
}
