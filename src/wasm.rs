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
use js_sys::{Array, Object, Reflect, Uint8Array};
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

fn to_plain<T: Serialize>(v: &T) -> JsResult<JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| {
            invalid(
                ErrorCode::InvalidInput,
                "无法转换结果 (could not convert the result)",
            )
        })
}

fn encoding(e: Option<String>) -> JsResult<Encoding> {
    match e {
        None => Ok(Encoding::Hex),
        Some(s) => Encoding::parse(&s).map_err(to_js),
    }
}

fn pairs_to_object(pairs: &[(String, String)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    }
    o.into()
}

/// A JS object → JSON value; the serde message is dropped, since it may quote a value.
fn json_arg(v: &JsValue, what: &str) -> JsResult<serde_json::Value> {
    if v.is_undefined() || v.is_null() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    serde_wasm_bindgen::from_value(v.clone()).map_err(|_| {
        invalid(
            ErrorCode::InvalidInput,
            &format!("{what} 须为普通 JSON 对象 ({what} must be a plain JSON object)"),
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

fn now_ms(o: &serde_json::Value, k: &str) -> JsResult<u64> {
    match o.get(k) {
        None | Some(serde_json::Value::Null) => Ok(0),
        Some(v) => v
            .as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0 && *f < 1e17)
            .map(|f| f as u64)
            .ok_or_else(|| {
                invalid(
                    ErrorCode::InvalidInput,
                    &format!("{k} 须为非负有限数 ({k} must be a finite non-negative number)"),
                )
            }),
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

    /// Encrypt UTF-8 text (or bytes) to hex / HEX / base64.
    pub fn encrypt(&self, plaintext: JsValue, encoding_: Option<String>) -> JsResult<String> {
        let enc = encoding(encoding_)?;
        if let Some(s) = plaintext.as_string() {
            Ok(self.inner.encrypt_str(&s, enc))
        } else if plaintext.is_instance_of::<Uint8Array>() {
            let bytes = Uint8Array::from(plaintext).to_vec();
            Ok(sm4::encode(&self.inner.encrypt_bytes(&bytes), enc))
        } else {
            Err(invalid(
                ErrorCode::InvalidInput,
                "明文须为字符串或 Uint8Array (plaintext must be a string or a Uint8Array)",
            ))
        }
    }

    /// Decrypt hex (either case) or base64 ciphertext to UTF-8 text.
    pub fn decrypt(&self, ciphertext: &str, encoding_: Option<String>) -> JsResult<String> {
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
    pub fn verify(
        &self,
        ciphertext: &str,
        plaintext: &str,
        encoding_: Option<String>,
    ) -> JsResult<bool> {
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
    match v {
        None | Some(serde_json::Value::Null) => Ok(GatewayOptions::default()),
        Some(v) => {
            let g: GatewayOptions = serde_json::from_value(v.clone()).map_err(|e| {
                invalid(
                    ErrorCode::InvalidConfig,
                    &format!("gateway 选项不合法 (invalid gateway options): {e}"),
                )
            })?;
            g.validate().map_err(to_js)?;
            Ok(g)
        }
    }
}

/// creds: { paasId, paasToken, appSecret?, serviceId?, gateway? }; opts: { nowMs, timestamp?, nonce? }.
#[wasm_bindgen(js_name = gatewayHeaders)]
pub fn gateway_headers(creds: JsValue, opts: JsValue) -> JsResult<JsValue> {
    let c = json_arg(&creds, "creds")?;
    let o = json_arg(&opts, "opts")?;
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
        now_ms: now_ms(&o, "nowMs")?,
        timestamp: opt_string(&o, "timestamp")?,
        nonce: opt_string(&o, "nonce")?,
    };
    let h = gateway::gateway_headers(&credentials, &g, &inputs).map_err(to_js)?;
    Ok(pairs_to_object(&h))
}

/// headers: [name, value][] or a plain object; opts: { paasToken, nowMs, maxSkewSeconds?, strict?, gateway? }.
#[wasm_bindgen(js_name = verifyGatewayHeaders)]
pub fn verify_gateway_headers(headers: JsValue, opts: JsValue) -> JsResult<JsValue> {
    let pairs: Vec<(String, String)> = if Array::is_array(&headers) {
        serde_wasm_bindgen::from_value(headers)
    } else {
        serde_wasm_bindgen::from_value::<std::collections::BTreeMap<String, String>>(headers)
            .map(|m| m.into_iter().collect())
    }
    .map_err(|_| {
        invalid(
            ErrorCode::InvalidInput,
            "headers 须为 [名称, 值] 数组或字符串值的对象 (headers must be [name, value] pairs or an object of strings)",
        )
    })?;
    let o = json_arg(&opts, "opts")?;
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
        now_ms: now_ms(&o, "nowMs")?,
        max_skew_seconds,
        strict: o
            .get("strict")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    };
    let g = gateway_options(o.get("gateway"))?;
    let v = gateway::verify_gateway_headers(&pairs, &token, &g, &verify).map_err(to_js)?;
    let out = Object::new();
    let _ = Reflect::set(&out, &"timestamp".into(), &v.timestamp.into());
    let _ = Reflect::set(&out, &"nonce".into(), &v.nonce.into());
    let _ = Reflect::set(&out, &"paasId".into(), &v.paas_id.into());
    let _ = Reflect::set(
        &out,
        &"serviceId".into(),
        &v.service_id.map(JsValue::from).unwrap_or(JsValue::NULL),
    );
    Ok(out.into())
}

/// A validated exchange configuration holding the expanded appKey.
#[wasm_bindgen(js_name = Exchange)]
pub struct JsExchange {
    inner: Exchange,
}

#[wasm_bindgen(js_class = Exchange)]
impl JsExchange {
    /// config: the JSON part of YjtConfig.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<JsExchange> {
        let v = serde_wasm_bindgen::from_value::<serde_json::Value>(config).map_err(|_| {
            invalid(
                ErrorCode::InvalidConfig,
                "配置须为普通 JSON 对象 (config must be a plain JSON object)",
            )
        })?;
        Ok(JsExchange {
            inner: Exchange::from_json(&v).map_err(to_js)?,
        })
    }

    /// opts: { businessType?, nowMs, timestamp?, nonce? } → { method, url, headers }.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(&self, code: &str, opts: JsValue) -> JsResult<JsValue> {
        let o = json_arg(&opts, "opts")?;
        let business_type =
            match o.get("businessType") {
                None | Some(serde_json::Value::Null) => None,
                Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                    || {
                        invalid(
                            ErrorCode::InvalidInput,
                            "businessType 须为正整数 (businessType must be a positive integer)",
                        )
                    },
                )?),
            };
        let r = self
            .inner
            .build_request(
                code,
                &RequestOptions {
                    business_type,
                    now_ms: now_ms(&o, "nowMs")?,
                    timestamp: opt_string(&o, "timestamp")?,
                    nonce: opt_string(&o, "nonce")?,
                },
            )
            .map_err(to_js)?;
        let out = Object::new();
        let _ = Reflect::set(&out, &"method".into(), &r.method.into());
        let _ = Reflect::set(&out, &"url".into(), &r.url.into());
        let _ = Reflect::set(&out, &"headers".into(), &pairs_to_object(&r.headers));
        Ok(out.into())
    }

    /// (status, body) → YjtUser as a plain object, or a thrown error with `.code`.
    #[wasm_bindgen(js_name = parseResponse)]
    pub fn parse_response(&self, status: f64, body: &str) -> JsResult<JsValue> {
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
        to_plain(&user)
    }

    /// The SM4 object of this config's appKey.
    #[wasm_bindgen(js_name = sm4)]
    pub fn sm4(&self) -> JsSm4 {
        JsSm4 {
            inner: self.inner.sm4().clone(),
        }
    }
}

/// { certificateTypes, genders, nations, channels, businessTypes }: code → label.
#[wasm_bindgen]
pub fn dictionaries() -> JsValue {
    fn table<K: ToString>(rows: &[(K, &str)]) -> JsValue {
        let o = Object::new();
        for (k, v) in rows {
            let _ = Reflect::set(&o, &k.to_string().into(), &(*v).into());
        }
        o.into()
    }
    let out = Object::new();
    let _ = Reflect::set(
        &out,
        &"certificateTypes".into(),
        &table(dict::CERTIFICATE_TYPES),
    );
    let _ = Reflect::set(&out, &"genders".into(), &table(dict::GENDERS));
    let _ = Reflect::set(&out, &"nations".into(), &table(dict::NATIONS));
    let _ = Reflect::set(&out, &"channels".into(), &table(dict::CHANNELS));
    let _ = Reflect::set(&out, &"businessTypes".into(), &table(dict::BUSINESS_TYPES));
    out.into()
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
