//! WASM 绑定测试（wasm-bindgen-test，在 Node 中运行）。
//! The bindings as JavaScript sees them: values in, plain objects out, errors as `Error` with
//! `.code`. Run with `wasm-bindgen-test-runner` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use yjt_sso::wasm::*;

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn code_of(e: JsValue) -> String {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error");
    get(&e, "code").as_string().unwrap()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn config() -> JsValue {
    obj(&[
        ("env", "test".into()),
        ("appCode", "HOSP001".into()),
        ("appKey", KEY.into()),
        ("paasId", "paas-001".into()),
        ("paasToken", "tok-SECRET".into()),
        ("appSecret", "app-SECRET".into()),
    ])
}

#[wasm_bindgen_test]
fn sm4_class_and_helpers() {
    let sm4 = JsSm4::new(KEY.into()).unwrap();
    assert_eq!(
        sm4.encrypt("小明".into(), None).unwrap(),
        "0a504c329ff631c16bd487b2fdc3489f"
    );
    assert_eq!(
        sm4.encrypt("".into(), Some("HEX".into())).unwrap(),
        "A6E32659FBA0E9185851B7411D8E1F16"
    );
    assert_eq!(
        sm4.decrypt("791410F8740FEDE1AD58D8EBD8BA1B0D", None)
            .unwrap(),
        "13800138000"
    );
    let b64 = sm4.encrypt("小明".into(), Some("base64".into())).unwrap();
    assert_eq!(sm4.decrypt(&b64, Some("base64".into())).unwrap(), "小明");
    assert!(sm4
        .verify("0a504c329ff631c16bd487b2fdc3489f", "小明", None)
        .unwrap());
    let bytes = sm4.encrypt_bytes(&[1, 2, 3]);
    assert_eq!(sm4.decrypt_bytes(&bytes).unwrap(), vec![1, 2, 3]);
    // Uint8Array key and plaintext.
    let key_bytes = Uint8Array::from(&hex::decode(KEY).unwrap()[..]);
    let sm4b = JsSm4::new(key_bytes.into()).unwrap();
    let pt = Uint8Array::from("小明".as_bytes());
    assert_eq!(
        sm4b.encrypt(pt.into(), None).unwrap(),
        "0a504c329ff631c16bd487b2fdc3489f"
    );
    assert_eq!(
        encrypt_ecb(KEY, "13800138000").unwrap(),
        "791410f8740fede1ad58d8ebd8ba1b0d"
    );
    assert_eq!(
        decrypt_ecb(KEY, "a6e32659fba0e9185851b7411d8e1f16").unwrap(),
        ""
    );
    assert!(verify_ecb(KEY, "0a504c329ff631c16bd487b2fdc3489f", "小明").unwrap());
}

#[wasm_bindgen_test]
fn errors_carry_codes() {
    assert_eq!(
        code_of(JsSm4::new("short".into()).err().unwrap()),
        "INVALID_KEY"
    );
    assert_eq!(
        code_of(JsSm4::new(JsValue::from(42)).err().unwrap()),
        "INVALID_KEY"
    );
    assert_eq!(
        code_of(
            JsSm4::new(Uint8Array::new_with_length(15).into())
                .err()
                .unwrap()
        ),
        "INVALID_KEY"
    );
    let sm4 = JsSm4::new(KEY.into()).unwrap();
    assert_eq!(
        code_of(sm4.decrypt("zz", None).unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(sm4.decrypt("00", None).unwrap_err()),
        "DECRYPT_FAILED"
    );
    assert_eq!(
        code_of(sm4.decrypt("00", Some("utf8".into())).unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(sm4.encrypt(JsValue::from(1), None).unwrap_err()),
        "INVALID_INPUT"
    );
    let e = decrypt_ecb("nope", "00").unwrap_err();
    assert_eq!(code_of(e.clone()), "INVALID_KEY");
    let msg = js_sys::Error::from(e).message().as_string().unwrap();
    assert!(!msg.contains("nope"));
    assert_eq!(
        get(&decrypt_ecb(KEY, "00").unwrap_err(), "retryable"),
        JsValue::FALSE
    );
}

#[wasm_bindgen_test]
fn gateway_headers_and_verification() {
    let creds = obj(&[
        ("paasId", "paas-001".into()),
        ("paasToken", "tok-SECRET".into()),
        ("appSecret", "app-SECRET".into()),
        ("serviceId", "DGSP_1911964810465574914".into()),
    ]);
    let opts = obj(&[
        ("nowMs", JsValue::from_f64(1_700_000_000_000.0)),
        ("nonce", "abcdef0123456789".into()),
    ]);
    let h = gateway_headers(creds, opts).unwrap();
    assert_eq!(
        get(&h, "x-tsp-timestamp").as_string().unwrap(),
        "1700000000"
    );
    assert_eq!(
        get(&h, "x-tsp-signature").as_string().unwrap(),
        gateway_signature("1700000000", "tok-SECRET", "abcdef0123456789", None)
    );
    let verify_opts = obj(&[
        ("paasToken", "tok-SECRET".into()),
        ("nowMs", JsValue::from_f64(1_700_000_000_000.0)),
    ]);
    let ok = verify_gateway_headers(h.clone(), verify_opts.clone()).unwrap();
    assert_eq!(get(&ok, "nonce").as_string().unwrap(), "abcdef0123456789");
    // As pairs, too.
    let pairs = Object::entries(h.unchecked_ref());
    assert!(verify_gateway_headers(pairs.into(), verify_opts.clone()).is_ok());
    let bad = obj(&[
        ("paasToken", "other".into()),
        ("nowMs", JsValue::from_f64(1_700_000_000_000.0)),
    ]);
    assert_eq!(
        code_of(verify_gateway_headers(h.clone(), bad).unwrap_err()),
        "SIGNATURE_MISMATCH"
    );
    let late = obj(&[
        ("paasToken", "tok-SECRET".into()),
        ("nowMs", JsValue::from_f64(1_700_001_000_000.0)),
    ]);
    assert_eq!(
        code_of(verify_gateway_headers(h, late).unwrap_err()),
        "TIMESTAMP_SKEW"
    );
    assert_eq!(
        code_of(verify_gateway_headers(Object::new().into(), verify_opts).unwrap_err()),
        "MISSING_HEADER"
    );
    assert_eq!(generate_nonce().unwrap().len(), 16);
}

#[wasm_bindgen_test]
fn exchange_round_trip_as_plain_objects() {
    let ex = JsExchange::new(config()).unwrap();
    let req = ex
        .build_request("afadsgfaar", obj(&[("nowMs", JsValue::from_f64(1e12))]))
        .unwrap();
    assert_eq!(get(&req, "method").as_string().unwrap(), "GET");
    assert!(get(&req, "url")
        .as_string()
        .unwrap()
        .ends_with("?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"));
    assert_eq!(
        code_of(ex.build_request("a&b", JsValue::UNDEFINED).unwrap_err()),
        "INVALID_INPUT"
    );

    let body = format!(
        r#"{{"errcode":0,"errmsg":"SUCCESS","data":{{"certificateNo":"{}","certificateType":"01","healthCardNo":"HC1","phone":"{}","name":"张三","gender":1,"nation":"29","userId":"u1","channel":"2"}}}}"#,
        encrypt_ecb(KEY, "11010519491231002X").unwrap(),
        encrypt_ecb(KEY, "13800138000").unwrap()
    );
    let user = ex.parse_response(200.0, &body).unwrap();
    assert_eq!(
        get(&user, "certificateNo").as_string().unwrap(),
        "11010519491231002X"
    );
    assert_eq!(get(&user, "phone").as_string().unwrap(), "13800138000");
    assert_eq!(get(&user, "gender").as_f64().unwrap(), 1.0);
    let labels = get(&user, "labels");
    assert_eq!(get(&labels, "nation").as_string().unwrap(), "柯尔克孜族");
    assert_eq!(get(&labels, "channel").as_string().unwrap(), "港澳");
    assert_eq!(
        Object::get_prototype_of(&user),
        Object::get_prototype_of(&Object::new())
    );

    let e = ex
        .parse_response(200.0, r#"{"errcode":3,"errmsg":"验签失败"}"#)
        .unwrap_err();
    assert_eq!(code_of(e.clone()), "GATEWAY_SIGNATURE");
    assert_eq!(get(&e, "errcode").as_f64().unwrap(), 3.0);
    let e = ex.parse_response(503.0, "busy").unwrap_err();
    assert_eq!(code_of(e.clone()), "HTTP_STATUS");
    assert_eq!(get(&e, "status").as_f64().unwrap(), 503.0);
    assert_eq!(get(&e, "retryable"), JsValue::TRUE);
    assert_eq!(
        code_of(ex.parse_response(f64::NAN, "").unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(ex.parse_response(200.0, "<html>").unwrap_err()),
        "BAD_RESPONSE"
    );
}

#[wasm_bindgen_test]
fn config_errors_do_not_echo_values() {
    let c = config();
    Reflect::set(&c, &"appKey".into(), &"SECRET-BAD-KEY".into()).unwrap();
    let e = JsExchange::new(c).err().unwrap();
    assert_eq!(code_of(e.clone()), "INVALID_CONFIG");
    let msg = js_sys::Error::from(e).message().as_string().unwrap();
    assert!(msg.contains("appKey") && !msg.contains("SECRET-BAD-KEY"));
    assert_eq!(
        code_of(JsExchange::new(JsValue::from(3)).err().unwrap()),
        "INVALID_CONFIG"
    );
    assert_eq!(
        code_of(JsExchange::new(Array::new().into()).err().unwrap()),
        "INVALID_CONFIG"
    );
}

#[wasm_bindgen_test]
fn dictionaries_and_idcards() {
    let d = dictionaries();
    assert_eq!(
        get(&get(&d, "nations"), "31").as_string().unwrap(),
        "达斡尔族"
    );
    assert_eq!(
        get(&get(&d, "businessTypes"), "1").as_string().unwrap(),
        "预约挂号"
    );
    assert_eq!(dict_label("nation", "1").as_deref(), Some("汉族"));
    assert_eq!(dict_label("gender", "4").as_deref(), Some("未知"));
    assert_eq!(dict_label("nope", "1"), None);
    assert!(is_valid_id_card("11010519491231002X"));
    assert_eq!(check_id_card("110105194912310021"), "bad_check_digit");
    assert_eq!(mask_phone("13800138000"), "138****8000");
}

// --- The constant-time SIMD SM4 against the RustCrypto reference -------------------------

mod ct {
    use cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
    use wasm_bindgen_test::*;
    use yjt_sso::sm4::{Encoding, Sm4, CONSTANT_TIME};
    use yjt_sso::sm4_ct::Sm4Ct;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            // xorshift64*: deterministic, so a failure reproduces.
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn fill(&mut self, b: &mut [u8]) {
            for x in b {
                *x = self.next() as u8;
            }
        }
    }

    #[wasm_bindgen_test]
    fn the_wasm_build_is_constant_time() {
        assert!(CONSTANT_TIME);
    }

    #[wasm_bindgen_test]
    fn gbt_32907_vectors_on_the_ct_cipher() {
        let key: [u8; 16] = hex::decode("0123456789abcdeffedcba9876543210")
            .unwrap()
            .try_into()
            .unwrap();
        let c = Sm4Ct::new(&key.into());
        let mut block = cipher::generic_array::GenericArray::clone_from_slice(&key);
        c.encrypt_block(&mut block);
        assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
        c.decrypt_block(&mut block);
        assert_eq!(hex::encode(block), "0123456789abcdeffedcba9876543210");
        for _ in 0..1_000_000 {
            c.encrypt_block(&mut block);
        }
        assert_eq!(hex::encode(block), "595298c7c6fd271f0402f804c33d3f66");
    }

    #[wasm_bindgen_test]
    fn one_million_random_blocks_match_rustcrypto() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut total = 0usize;
        // Varying block counts exercise the 8-block, 4-block and single-block paths.
        while total < 1_000_000 {
            let mut key = [0u8; 16];
            rng.fill(&mut key);
            let ct = Sm4Ct::new(&key.into());
            let reference = sm4::Sm4::new(&key.into());
            let n = (rng.next() % 37) as usize + 1;
            let mut blocks = vec![cipher::Block::<Sm4Ct>::default(); n];
            for b in blocks.iter_mut() {
                rng.fill(b);
            }
            let mut a = blocks.clone();
            let mut b = blocks.clone();
            ct.encrypt_blocks(&mut a);
            reference.encrypt_blocks(&mut b);
            assert_eq!(a, b, "encrypt, key {}", hex::encode(key));
            ct.decrypt_blocks(&mut a);
            assert_eq!(a, blocks, "decrypt, key {}", hex::encode(key));
            total += n;
        }
    }

    #[wasm_bindgen_test]
    fn ecb_strings_match_rustcrypto_for_every_length() {
        let mut rng = Rng(42);
        for len in 0..300 {
            let mut key = [0u8; 16];
            rng.fill(&mut key);
            let mut data = vec![0u8; len];
            rng.fill(&mut data);
            let ours = Sm4::new(&key).encrypt_bytes(&data);
            let reference = {
                use cipher::BlockEncryptMut;
                ecb::Encryptor::<sm4::Sm4>::new(&key.into())
                    .encrypt_padded_vec_mut::<cipher::block_padding::Pkcs7>(&data)
            };
            assert_eq!(ours, reference, "len {len}");
            assert_eq!(Sm4::new(&key).decrypt_bytes(&ours).unwrap(), data);
        }
        let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697").unwrap();
        assert_eq!(
            sm4.encrypt_str("小明", Encoding::Hex),
            "0a504c329ff631c16bd487b2fdc3489f"
        );
    }
}
