//! wasm-bindgen 绑定：只做类型与错误的转换，不含协议规则。
//!
//! Bindings only: JS values in, a core call, results and errors out. Structured values cross
//! as JSON text (one crossing instead of one per property). An error is thrown as the JSON text
//! `{ code, message, errcode?, status?, retryable }`, which the JS layer turns into a `YjtError`.

use crate::config::BusinessType;
use crate::error::{Error, ErrorCode};
use crate::exchange::Exchange;
use crate::gateway::{self, HexCase, SignInputs};
use crate::request::RequestOptions;
use crate::sm4::{self, Encoding, Sm4};
use crate::{dict, idcard, redact, response};
use serde::Serialize;
use wasm_bindgen::prelude::*;

type JsResult<T> = core::result::Result<T, JsValue>;

fn to_js(e: Error) -> JsValue {
    #[derive(Serialize)]
    struct Thrown<'a> {
        code: &'static str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        errcode: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        retryable: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<&'a str>,
    }
    let t = Thrown {
        code: e.code.as_str(),
        message: &e.message,
        errcode: e.errcode,
        status: e.status,
        retryable: e.retryable,
        field: e.field.as_deref(),
    };
    JsValue::from_str(&serde_json::to_string(&t).unwrap_or_default())
}

fn to_json<T: Serialize>(v: &T) -> JsResult<String> {
    serde_json::to_string(v).map_err(|_| {
        to_js(Error::new(
            ErrorCode::InvalidInput,
            "无法转换结果 (could not convert the result)",
        ))
    })
}

fn encoding(name: &str) -> JsResult<Encoding> {
    Encoding::parse(name).map_err(to_js)
}

/// SM4-ECB 密钥对象 / an SM4-ECB key object.
#[wasm_bindgen(js_name = Sm4)]
pub struct JsSm4 {
    inner: Sm4,
}

#[wasm_bindgen(js_class = Sm4)]
impl JsSm4 {
    /// key: 32 hex chars or 16 characters.
    #[wasm_bindgen(constructor)]
    pub fn new(key: String) -> JsResult<JsSm4> {
        let key = zeroize::Zeroizing::new(key);
        let k = sm4::parse_key(&key).map_err(to_js)?;
        Ok(JsSm4 {
            inner: Sm4::new(&k),
        })
    }

    /// key: 16 bytes.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(key: Vec<u8>) -> JsResult<JsSm4> {
        let key = zeroize::Zeroizing::new(key);
        let k = sm4::key_from_bytes(&key).map_err(to_js)?;
        Ok(JsSm4 {
            inner: Sm4::new(&k),
        })
    }

    /// Encrypts UTF-8 text; `encoding`: hex, HEX or base64.
    pub fn encrypt(&self, plaintext: &str, encoding_: &str) -> JsResult<String> {
        Ok(self.inner.encrypt_str(plaintext, encoding(encoding_)?))
    }

    /// Encrypts bytes to encoded text.
    #[wasm_bindgen(js_name = encryptBytesEncoded)]
    pub fn encrypt_bytes_encoded(&self, data: &[u8], encoding_: &str) -> JsResult<String> {
        let enc = encoding(encoding_)?;
        Ok(sm4::encode(&self.inner.encrypt_bytes(data), enc))
    }

    /// Decrypts hex (either case) or base64 ciphertext to UTF-8 text.
    pub fn decrypt(&self, ciphertext: &str, encoding_: &str) -> JsResult<String> {
        self.inner
            .decrypt_str(ciphertext, encoding(encoding_)?)
            .map_err(to_js)
    }

    /// Encrypts raw bytes (PKCS#7).
    #[wasm_bindgen(js_name = encryptBytes)]
    pub fn encrypt_bytes(&self, data: &[u8]) -> Vec<u8> {
        self.inner.encrypt_bytes(data)
    }

    /// Decrypts raw bytes, checking the padding.
    #[wasm_bindgen(js_name = decryptBytes)]
    pub fn decrypt_bytes(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.inner.decrypt_bytes(data).map_err(to_js)
    }

    /// Whether `ciphertext` decrypts to `plaintext` (constant-time compare).
    pub fn verify(&self, ciphertext: &str, plaintext: &str, encoding_: &str) -> JsResult<bool> {
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
pub fn gateway_signature(timestamp: &str, token: &str, nonce: &str, lowercase: bool) -> String {
    let case = if lowercase {
        HexCase::Lower
    } else {
        HexCase::Upper
    };
    gateway::signature(timestamp, token, nonce, case)
}

/// credsJson: `{ paasId, paasToken, appSecret?, serviceId?, gateway? }` → JSON `[[name, value], …]`.
/// With `uid` the forwarded-user form (uid, uinfo, ext headers, covered by the signature).
#[wasm_bindgen(js_name = gatewayHeaders)]
pub fn gateway_headers(
    creds_json: &str,
    now: f64,
    timestamp: Option<String>,
    nonce: String,
    uid: Option<String>,
    uinfo: Option<String>,
    ext: Option<String>,
) -> JsResult<String> {
    let (creds, opts) = gateway::credentials_from_json(creds_json).map_err(to_js)?;
    let inputs = SignInputs {
        now_ms: gateway::millis(now).map_err(to_js)?,
        timestamp,
        nonce,
    };
    let headers = match uid {
        None => gateway::gateway_headers(&creds, &opts, &inputs),
        Some(uid) => {
            let user = gateway::ForwardedUser {
                uid,
                uinfo: uinfo.unwrap_or_default(),
                ext: ext.unwrap_or_default(),
            };
            gateway::gateway_headers_for_user(&creds, &opts, &inputs, &user)
        }
    };
    // Pairs, not an object: a JSON array keeps the header order.
    to_json(&headers.map_err(to_js)?)
}

/// headersJson: `[[name, value], …]`; optsJson: `{ paasToken, maxSkewSeconds?, strict?, gateway? }`.
#[wasm_bindgen(js_name = verifyGatewayHeaders)]
pub fn verify_gateway_headers(headers_json: &str, now: f64, opts_json: &str) -> JsResult<String> {
    let pairs: Vec<(String, String)> = serde_json::from_str(headers_json).map_err(|_| {
        to_js(Error::new(
            ErrorCode::InvalidInput,
            "headers 须为 [名称, 值] 列表 (headers must be [name, value] pairs)",
        ))
    })?;
    let now = gateway::millis(now).map_err(to_js)?;
    let (token, opts, verify) = gateway::verify_options_from_json(opts_json, now).map_err(to_js)?;
    let v = gateway::verify_gateway_headers(&pairs, &token, &opts, &verify).map_err(to_js)?;
    to_json(&v)
}

/// A caller of any API behind the gateway.
#[wasm_bindgen(js_name = Api)]
pub struct JsApi {
    inner: crate::api::Api,
}

#[wasm_bindgen(js_class = Api)]
impl JsApi {
    /// optionsJson: the JSON part of the `GatewayClient` options.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> JsResult<JsApi> {
        Ok(JsApi {
            inner: crate::api::Api::from_json(options_json).map_err(to_js)?,
        })
    }

    /// queryJson: `[[name, value], …]` → JSON `{ method, url, headers: [[name, value], …] }`.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(
        &self,
        method: &str,
        query_json: &str,
        now: f64,
        timestamp: Option<String>,
        nonce: String,
    ) -> JsResult<String> {
        let query: Vec<(String, String)> = serde_json::from_str(query_json).map_err(|_| {
            to_js(Error::new(
                ErrorCode::InvalidInput,
                "query 须为 [名称, 值] 列表 (query must be [name, value] pairs)",
            ))
        })?;
        let inputs = SignInputs {
            now_ms: gateway::millis(now).map_err(to_js)?,
            timestamp,
            nonce,
        };
        to_json(
            &self
                .inner
                .build_request(method, &query, &inputs)
                .map_err(to_js)?,
        )
    }

    /// (status, body) → the envelope's `data` as JSON text (undefined when absent), or a thrown
    /// error.
    pub fn classify(&self, status: f64, body: &str) -> JsResult<Option<String>> {
        let status = response::status_from_f64(status).map_err(to_js)?;
        let data = self.inner.classify(status, body).map_err(to_js)?;
        Ok(data.map(|d| d.get().to_owned()))
    }

    /// The effective timeout, ms.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.inner.timeout_ms()
    }

    /// The effective body cap, bytes.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> u32 {
        self.inner.max_body_bytes()
    }
}

/// A validated exchange configuration holding the expanded appKey.
#[wasm_bindgen(js_name = Exchange)]
pub struct JsExchange {
    inner: Exchange,
}

#[wasm_bindgen(js_class = Exchange)]
impl JsExchange {
    /// configJson: the JSON part of `YjtConfig`.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> JsResult<JsExchange> {
        Ok(JsExchange {
            inner: Exchange::from_json(config_json).map_err(to_js)?,
        })
    }

    /// → JSON `{ url, headers: [[name, value], …] }`. `businessType` absent = the config's.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(
        &self,
        code: &str,
        now: f64,
        business_type: Option<f64>,
        timestamp: Option<String>,
        nonce: String,
    ) -> JsResult<String> {
        let opts = RequestOptions {
            business_type: business_type
                .map(BusinessType::try_from)
                .transpose()
                .map_err(to_js)?,
            now_ms: gateway::millis(now).map_err(to_js)?,
            timestamp,
            nonce,
        };
        let r = self.inner.build_request(code, &opts).map_err(to_js)?;
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
        let status = response::status_from_f64(status).map_err(to_js)?;
        to_json(&self.inner.parse_response(status, body).map_err(to_js)?)
    }

    /// The SM4 object of this config's appKey.
    pub fn sm4(&self) -> JsSm4 {
        JsSm4 {
            inner: self.inner.config().sm4().clone(),
        }
    }

    /// The effective timeout, ms.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.inner.config().timeout_ms()
    }

    /// The effective body cap, bytes.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> u32 {
        self.inner.config().max_body_bytes()
    }

    /// The effective default business type.
    #[wasm_bindgen(getter, js_name = businessType)]
    pub fn business_type(&self) -> u32 {
        self.inner.config().business_type().get()
    }
}

/// Label of a code in one dictionary, or undefined.
#[wasm_bindgen(js_name = dictLabel)]
pub fn dict_label(dictionary: &str, code: &str) -> Option<String> {
    dict::label(dictionary, code).map(str::to_owned)
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

/// Masks an ID number for logs.
#[wasm_bindgen(js_name = maskIdCard)]
pub fn mask_id_card(id: &str) -> String {
    redact::mask_id_card(id)
}

/// Masks a phone number for logs.
#[wasm_bindgen(js_name = maskPhone)]
pub fn mask_phone(p: &str) -> String {
    redact::mask_phone(p)
}

/// Masks a name for logs.
#[wasm_bindgen(js_name = maskName)]
pub fn mask_name(n: &str) -> String {
    redact::mask_name(n)
}

/// Whether `code` is a well-formed one-time code (1–64 of `[A-Za-z0-9_-]`).
#[wasm_bindgen(js_name = isValidCode)]
pub fn is_valid_code(code: &str) -> bool {
    crate::request::validate_code(code).is_ok()
}

/// Whether `s` is a business type as the query carries it (decimal, 1–2147483647).
#[wasm_bindgen(js_name = isValidBusinessType)]
pub fn is_valid_business_type(s: &str) -> bool {
    BusinessType::parse(s).is_ok()
}

/// Zeroes the shadow stack the last call used; the JS layer calls it after every core call.
#[wasm_bindgen(js_name = scrubStack)]
pub fn scrub_stack() {
    crate::wipe::scrub_stack();
}
