//! wasm-bindgen 绑定：只做类型与错误的转换，不含协议规则。
//!
//! Bindings only: JS values in, a core call, results and errors out. One crossing per
//! operation: an operation's inputs cross as one JSON object (typed by the generated
//! `…Call…` declarations), its result as one JSON text, a response body as bytes. An error is
//! thrown as the JSON text of [`crate::error::ErrorView`], which the JS layer turns into a
//! `YjtError`.

use crate::api::{Api, Call};
use crate::config::BusinessType;
use crate::error::{Error, ErrorCode};
use crate::exchange::Exchange;
use crate::gateway::{self, HexCase, Inbound, Rejection, Verdict, VerifiedHeaders};
use crate::input::{self, ApiCall, ExchangeCall, HeadersCall, VerifyCall};
use crate::sm4::{self, Encoding, Sm4};
use crate::{dict, idcard, redact};
use js_sys::JsString;
use serde::Serialize;
use wasm_bindgen::prelude::*;

type JsResult<T> = core::result::Result<T, JsValue>;

fn to_js(e: Error) -> JsValue {
    JsValue::from_str(&serde_json::to_string(&e.view()).unwrap_or_default())
}

/// Text for JS without a shrink: a `String` result is shrunk to its length before the glue reads
/// it (with the zeroing allocator, a realloc: a new block, a copy, the old block zeroed). The
/// JS string is made from the buffer as it is; the buffer is then zeroed once, on drop.
fn js_text(s: &str) -> JsString {
    JsString::from(s)
}

fn to_json<T: Serialize>(v: &T) -> JsResult<JsString> {
    // Sized for a request or an identity at once: growing the buffer step by step (each old
    // block zeroed on free) cost more than the serialization itself.
    let mut out = Vec::with_capacity(1024);
    serde_json::to_writer(&mut out, v)
        .ok()
        .and_then(|()| core::str::from_utf8(&out).ok().map(js_text))
        .ok_or_else(|| {
            to_js(Error::new(
                ErrorCode::InvalidInput,
                "无法转换结果 (could not convert the result)",
            ))
        })
}

fn status(status: f64) -> JsResult<u16> {
    input::status(status).map_err(to_js)
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
    pub fn decrypt(&self, ciphertext: &str, encoding_: &str) -> JsResult<JsString> {
        // The plaintext's buffer keeps its padding's room: no shrink on the way out (js_text).
        let plain = self
            .inner
            .decrypt_str(ciphertext, encoding(encoding_)?)
            .map_err(to_js)?;
        Ok(js_text(&plain))
    }

    /// Encrypts raw bytes (PKCS#7). Encrypts the copy the glue made in place and copies it
    /// straight into a JS array with the last block: returning a Vec would cost one more copy
    /// and one more zeroing of the whole buffer.
    #[wasm_bindgen(js_name = encryptBytes)]
    pub fn encrypt_bytes(&self, mut data: Vec<u8>) -> js_sys::Uint8Array {
        let (full, last) = self.inner.encrypt_split(&mut data);
        let out = js_sys::Uint8Array::new_with_length((full + sm4::BLOCK_SIZE) as u32);
        if let Some(body) = data.get(..full) {
            out.subarray(0, full as u32).copy_from(body);
        }
        out.subarray(full as u32, (full + sm4::BLOCK_SIZE) as u32)
            .copy_from(&last);
        out
    }

    /// Decrypts raw bytes, checking the padding. Decrypts the copy the glue made in place and
    /// copies the plaintext straight into a JS array: returning the Vec would first shrink it
    /// past its padding (a realloc: one more copy and zeroing of the whole buffer).
    #[wasm_bindgen(js_name = decryptBytes)]
    pub fn decrypt_bytes(&self, data: Vec<u8>) -> JsResult<js_sys::Uint8Array> {
        let plain = self.inner.decrypt_owned(data).map_err(to_js)?;
        Ok(js_sys::Uint8Array::from(plain.as_slice()))
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
pub fn decrypt_ecb(key: &str, cipher_hex: &str) -> JsResult<JsString> {
    Ok(js_text(&sm4::decrypt_ecb(key, cipher_hex).map_err(to_js)?))
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

/// callJson: `GatewayHeadersCall` → JSON `[[name, value], …]` (pairs keep the header order).
#[wasm_bindgen(js_name = gatewayHeaders)]
pub fn gateway_headers(call_json: &str) -> JsResult<JsString> {
    let call = HeadersCall::parse(call_json).map_err(to_js)?;
    let (creds, opts) = input::credentials_from_json(call.creds.get()).map_err(to_js)?;
    let (inputs, user) = call.inputs().map_err(to_js)?;
    let headers = match user {
        None => gateway::gateway_headers(&creds, &opts, &inputs),
        Some(user) => gateway::gateway_headers_for_user(&creds, &opts, &inputs, &user),
    };
    to_json(&headers.map_err(to_js)?)
}

fn verify(
    call_json: &str,
    f: impl FnOnce(core::result::Result<VerifiedHeaders, Rejection>) -> JsResult<JsString>,
) -> JsResult<JsString> {
    let (headers, spec) = VerifyCall::parse(call_json).map_err(to_js)?;
    let inbound = Inbound {
        headers: &headers,
        query: &spec.query,
    };
    f(gateway::verify_request(
        inbound,
        &spec.expected(),
        &spec.verify,
    ))
}

/// callJson: `VerifyCallCore` → JSON `VerifiedGatewayHeaders`, or a thrown error naming the header.
#[wasm_bindgen(js_name = verifyGatewayHeaders)]
pub fn verify_gateway_headers(call_json: &str) -> JsResult<JsString> {
    verify(call_json, |r| to_json(&r.map_err(|r| to_js(r.error))?))
}

/// callJson: `VerifyCallCore` → JSON `GatewayVerdict` (a rejection is a value, not a throw).
#[wasm_bindgen(js_name = gatewayVerdict)]
pub fn gateway_verdict(call_json: &str) -> JsResult<JsString> {
    verify(call_json, |r| match r {
        Ok(v) => to_json(&Verdict::Verified(v)),
        Err(r) => to_json(&Verdict::Rejected {
            check: r.check,
            error: r.error.view(),
        }),
    })
}

/// A caller of any API behind the gateway.
#[wasm_bindgen(js_name = Api)]
pub struct JsApi {
    inner: Api,
}

#[wasm_bindgen(js_class = Api)]
impl JsApi {
    /// optionsJson: the JSON part of the `GatewayClient` options.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> JsResult<JsApi> {
        Ok(JsApi {
            inner: Api::from_json(options_json).map_err(to_js)?,
        })
    }

    /// callJson: `ApiCallCore` → JSON `RequestPartsCore`.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(&self, call_json: &str) -> JsResult<JsString> {
        let (c, inputs) = ApiCall::parse(call_json).map_err(to_js)?;
        let query: Vec<(&str, &str)> = c
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let headers: Vec<(&str, &str)> = c
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let call = Call {
            method: &c.method,
            query: &query,
            headers: &headers,
        };
        to_json(&self.inner.build_request(&call, &inputs).map_err(to_js)?)
    }

    /// (status, body) → the envelope's `data` as JSON text (undefined when absent), or a thrown
    /// error.
    pub fn classify(&self, status_: f64, body: &str) -> JsResult<Option<String>> {
        let data = self.inner.classify(status(status_)?, body).map_err(to_js)?;
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

    /// (code, callJson: `ExchangeCallCore`) → JSON `RequestPartsCore`. `businessType` absent =
    /// the config's.
    #[wasm_bindgen(js_name = buildRequest)]
    pub fn build_request(&self, code: &str, call_json: &str) -> JsResult<JsString> {
        let opts = ExchangeCall::parse(call_json).map_err(to_js)?;
        to_json(&self.inner.build_request(code, &opts).map_err(to_js)?)
    }

    /// (status, body bytes) → YjtUser as JSON text, or a thrown error with `.code`. The body
    /// crosses as bytes: no re-encoding, one copy.
    #[wasm_bindgen(js_name = parseResponse)]
    pub fn parse_response(&self, status_: f64, body: &[u8]) -> JsResult<JsString> {
        to_json(
            &self
                .inner
                .parse_response(status(status_)?, body)
                .map_err(to_js)?,
        )
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

    /// The name of the header that carries the appSecret, when one is sent (for redacted views).
    #[wasm_bindgen(getter, js_name = secretHeader)]
    pub fn secret_header(&self) -> Option<String> {
        let c = self.inner.config();
        let o = c.gateway_options();
        c.credentials()
            .app_secret()
            .filter(|_| o.send_app_secret)
            .map(|_| o.name(&o.app_secret_header))
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
    crate::rules::validate_code(code).is_ok()
}

/// Whether `s` is a business type as the query carries it (decimal, 1–2147483647).
#[wasm_bindgen(js_name = isValidBusinessType)]
pub fn is_valid_business_type(s: &str) -> bool {
    BusinessType::parse(s).is_ok()
}

/// Names shared-store keys (HMAC-SHA-256 under a key derived in JavaScript).
#[wasm_bindgen(js_name = StoreNamer)]
pub struct JsStoreNamer {
    inner: crate::store_key::StoreNamer,
}

#[wasm_bindgen(js_class = StoreNamer)]
impl JsStoreNamer {
    /// key: the 32-byte naming key.
    #[wasm_bindgen(constructor)]
    pub fn new(key: &[u8]) -> JsResult<JsStoreNamer> {
        Ok(JsStoreNamer {
            inner: crate::store_key::StoreNamer::new(key).map_err(to_js)?,
        })
    }

    /// The key name of `parts`, lowercase hex.
    pub fn name(&self, parts: &str) -> String {
        self.inner.name(parts)
    }
}

/// Zeroes the shadow stack the last call used; the JS layer calls it after every core call.
#[wasm_bindgen(js_name = scrubStack)]
pub fn scrub_stack() {
    crate::wipe::scrub_stack();
}

/// Zeroes the 4 KiB a field-sized SM4 call uses (see `wipe::FIELD_SCRUB_BYTES`).
#[wasm_bindgen(js_name = scrubStackField)]
pub fn scrub_stack_field() {
    crate::wipe::scrub_stack_field();
}

/// Zeroes the 2 KiB building an exchange request uses (see `wipe::REQUEST_SCRUB_BYTES`).
#[wasm_bindgen(js_name = scrubStackRequest)]
pub fn scrub_stack_request() {
    crate::wipe::scrub_stack_request();
}

/// Zeroes the 5 KiB parsing a short exchange response uses (see `wipe::RESPONSE_SCRUB_BYTES`).
#[wasm_bindgen(js_name = scrubStackResponse)]
pub fn scrub_stack_response() {
    crate::wipe::scrub_stack_response();
}
