//! WASM 绑定测试（wasm-bindgen-test，在 Node 中运行）。
//! The bindings as JavaScript sees them: JSON text and strings in, JSON text out, errors as
//! `Error` with `.code`. Run with `wasm-bindgen-test-runner` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yjt_sso::wasm::*;

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";
const HEX: &str = "hex";
const HEX_UPPER: &str = "HEX";
const BASE64: &str = "base64";

/// The core throws JSON text `{ code, message, errcode?, status?, retryable }`.
fn thrown(e: JsValue) -> Value {
    serde_json::from_str(&e.as_string().expect("a string")).expect("JSON")
}

fn code_of(e: JsValue) -> String {
    thrown(e)["code"].as_str().unwrap().to_owned()
}

fn message_of(e: JsValue) -> String {
    thrown(e)["message"].as_str().unwrap().to_owned()
}

fn config() -> Value {
    json!({
        "env": "test", "appCode": "HOSP001", "appKey": KEY,
        "paasId": "paas-001", "paasToken": "tok-SECRET", "appSecret": "app-SECRET",
    })
}

/// JSON results cross as JS strings.
fn parse(s: &js_sys::JsString) -> Value {
    serde_json::from_str(&String::from(s)).unwrap()
}

#[wasm_bindgen_test]
fn sm4_class_and_helpers() {
    let sm4 = JsSm4::new(KEY.into()).unwrap();
    assert_eq!(
        sm4.encrypt("小明", HEX).unwrap(),
        "0a504c329ff631c16bd487b2fdc3489f"
    );
    assert_eq!(
        sm4.encrypt("", HEX_UPPER).unwrap(),
        "A6E32659FBA0E9185851B7411D8E1F16"
    );
    assert_eq!(
        sm4.decrypt("791410F8740FEDE1AD58D8EBD8BA1B0D", HEX)
            .unwrap(),
        "13800138000"
    );
    let b64 = sm4.encrypt("小明", BASE64).unwrap();
    assert_eq!(sm4.decrypt(&b64, BASE64).unwrap(), "小明");
    assert!(sm4
        .verify("0a504c329ff631c16bd487b2fdc3489f", "小明", HEX)
        .unwrap());
    let bytes = sm4.encrypt_bytes(vec![1, 2, 3]);
    assert_eq!(bytes.length(), 16);
    assert_eq!(
        sm4.decrypt_bytes(bytes.to_vec()).unwrap().to_vec(),
        vec![1, 2, 3]
    );
    // Whole batches, a bitsliced tail, a padded last block: the in-place path of the binding
    // gives what the core's copying path gives.
    let data: Vec<u8> = (0..128 * 16 * 2 + 40 * 16 + 5)
        .map(|i| (i * 7) as u8)
        .collect();
    let core = yjt_sso::sm4::Sm4::new_from_str(KEY).unwrap();
    assert_eq!(
        sm4.encrypt_bytes(data.clone()).to_vec(),
        core.encrypt_bytes(&data)
    );
    assert_eq!(
        sm4.encrypt_bytes_encoded("小明".as_bytes(), HEX).unwrap(),
        "0a504c329ff631c16bd487b2fdc3489f"
    );
    // A key as bytes.
    let sm4b = JsSm4::from_bytes(hex::decode(KEY).unwrap()).unwrap();
    assert_eq!(
        sm4b.encrypt("小明", HEX).unwrap(),
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
        code_of(JsSm4::from_bytes(vec![0; 15]).err().unwrap()),
        "INVALID_KEY"
    );
    let sm4 = JsSm4::new(KEY.into()).unwrap();
    assert_eq!(
        code_of(sm4.decrypt("zz", HEX).unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(sm4.decrypt("00", HEX).unwrap_err()),
        "DECRYPT_FAILED"
    );
    assert_eq!(
        code_of(sm4.decrypt("00", "utf8").unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(sm4.encrypt("x", "b64").unwrap_err()),
        "INVALID_INPUT"
    );
    let e = decrypt_ecb("nope", "00").unwrap_err();
    assert_eq!(code_of(e.clone()), "INVALID_KEY");
    assert!(!message_of(e).contains("nope"));
    assert_eq!(
        thrown(decrypt_ecb(KEY, "00").unwrap_err())["retryable"],
        false
    );
}

#[wasm_bindgen_test]
fn gateway_headers_and_verification() {
    let creds = json!({
        "paasId": "paas-001", "paasToken": "tok-SECRET", "appSecret": "app-SECRET",
        "serviceId": "DGSP_1911964810465574914",
    });
    let now = 1_700_000_000_000.0;
    let call = json!({ "creds": creds, "now": now, "nonce": "abcdef0123456789" }).to_string();
    let pairs = gateway_headers(&call).unwrap();
    let list: Vec<(String, String)> = serde_json::from_str(&String::from(&pairs)).unwrap();
    assert_eq!(
        list[0],
        ("x-tsp-timestamp".to_owned(), "1700000000".to_owned())
    );
    assert_eq!(list[1].0, "x-tsp-nonce");
    assert_eq!(list[2].0, "x-tsp-signature");
    assert_eq!(
        list[2].1,
        gateway_signature("1700000000", "tok-SECRET", "abcdef0123456789", false)
    );
    let verify = |headers: &serde_json::Value, now: f64, options: serde_json::Value| {
        json!({ "headers": headers, "now": now, "options": options }).to_string()
    };
    let headers: serde_json::Value = serde_json::from_str(&String::from(&pairs)).unwrap();
    let opts = json!({ "paasToken": "tok-SECRET" });
    let ok = parse(&verify_gateway_headers(&verify(&headers, now, opts.clone())).unwrap());
    assert_eq!(ok["nonce"], "abcdef0123456789");
    let bad = json!({ "paasToken": "other" });
    let e = verify_gateway_headers(&verify(&headers, now, bad)).unwrap_err();
    assert_eq!(thrown(e)["field"], "x-tsp-signature");
    assert_eq!(
        code_of(
            verify_gateway_headers(&verify(&headers, now + 1_000_000.0, opts.clone())).unwrap_err()
        ),
        "TIMESTAMP_SKEW"
    );
    assert_eq!(
        code_of(verify_gateway_headers(&verify(&json!([]), now, opts.clone())).unwrap_err()),
        "MISSING_HEADER"
    );
    assert_eq!(
        code_of(verify_gateway_headers("{").unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(verify_gateway_headers(&verify(&headers, -1.0, opts.clone())).unwrap_err()),
        "INVALID_INPUT"
    );
    // The verdict form: a rejection is a value naming the check.
    let wrong_secret = json!({ "paasToken": "tok-SECRET", "appSecret": "other" });
    let v = parse(&gateway_verdict(&verify(&headers, now, wrong_secret)).unwrap());
    assert_eq!(v["rejected"]["check"], "appSecret");
    assert_eq!(v["rejected"]["error"]["code"], "HEADER_MISMATCH");
    assert_eq!(v["rejected"]["error"]["field"], "x-tsp-appSecret");
    let v = parse(&gateway_verdict(&verify(&headers, now, opts)).unwrap());
    assert_eq!(v["verified"]["paasId"], "paas-001");
}

#[wasm_bindgen_test]
fn exchange_round_trip_as_json() {
    let ex = JsExchange::new(&config().to_string()).unwrap();
    let call = |bt: serde_json::Value| {
        json!({ "now": 1e12, "nonce": "n1", "businessType": bt }).to_string()
    };
    let req = parse(&ex.build_request("afadsgfaar", &call(json!(null))).unwrap());
    assert_eq!(
        req["headers"]["x-tsp-signature"].as_str().map(str::len),
        Some(64)
    );
    assert!(req["url"]
        .as_str()
        .unwrap()
        .ends_with("?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"));
    let req12 = parse(&ex.build_request("c", &call(json!(12))).unwrap());
    assert!(req12["url"].as_str().unwrap().ends_with("businessType=12"));
    for bad in [json!(0), json!(-1), json!(1.5), json!(3e9), json!("4")] {
        let e = ex.build_request("c", &call(bad)).unwrap_err();
        assert_eq!(thrown(e)["field"], "businessType");
    }
    let e = ex.build_request("a&b", &call(json!(null))).unwrap_err();
    assert_eq!(code_of(e.clone()), "INVALID_INPUT");
    assert_eq!(thrown(e)["field"], "code");
    assert_eq!(ex.secret_header().as_deref(), Some("x-tsp-appSecret"));

    let body = json!({
        "errcode": 0, "errmsg": "SUCCESS",
        "data": {
            "certificateNo": encrypt_ecb(KEY, "11010519491231002X").unwrap(), "certificateType": "01",
            "healthCardNo": "HC1", "phone": encrypt_ecb(KEY, "13800138000").unwrap(), "name": "张三",
            "gender": 1, "nation": "29", "userId": "u1", "channel": "2",
        }
    })
    .to_string();
    let user = parse(&ex.parse_response(200.0, body.as_bytes()).unwrap());
    assert_eq!(user["certificateNo"], "11010519491231002X");
    assert_eq!(user["phone"], "13800138000");
    assert_eq!(user["gender"], 1);
    assert_eq!(user["labels"]["nation"], "柯尔克孜族");
    assert_eq!(user["name"], "张三");
    assert_eq!(user["labels"]["channel"], "港澳");

    // Non-ASCII (astral characters included) crosses intact.
    let astral = json!({ "errcode": 0, "data": {
        "certificateNo": encrypt_ecb(KEY, "11010519491231002X").unwrap(), "userId": "u2", "name": "𠮷野 Ünal"
    }})
    .to_string();
    let out = ex.parse_response(200.0, astral.as_bytes()).unwrap();
    assert_eq!(parse(&out)["name"], "𠮷野 Ünal");
    let e = ex
        .parse_response(200.0, r#"{"errcode":3,"errmsg":"验签失败"}"#.as_bytes())
        .unwrap_err();
    assert_eq!(code_of(e.clone()), "GATEWAY_SIGNATURE");
    assert_eq!(thrown(e)["errcode"], 3);
    let e = ex.parse_response(503.0, b"busy").unwrap_err();
    assert_eq!(code_of(e.clone()), "HTTP_STATUS");
    let t = thrown(e);
    assert_eq!(
        (t["status"].as_u64(), t["retryable"].as_bool()),
        (Some(503), Some(true))
    );
    assert_eq!(
        code_of(ex.parse_response(f64::NAN, b"").unwrap_err()),
        "INVALID_INPUT"
    );
    assert_eq!(
        code_of(ex.parse_response(200.0, b"<html>").unwrap_err()),
        "BAD_RESPONSE"
    );
    assert_eq!(
        code_of(
            ex.parse_response(200.0, b"{\"errcode\":0,\xff}")
                .unwrap_err()
        ),
        "BAD_RESPONSE"
    );
}

#[wasm_bindgen_test]
fn config_errors_do_not_echo_values() {
    let mut c = config();
    c["appKey"] = json!("SECRET-BAD-KEY");
    let e = JsExchange::new(&c.to_string()).err().unwrap();
    assert_eq!(code_of(e.clone()), "INVALID_CONFIG");
    let msg = message_of(e);
    assert!(msg.contains("appKey") && !msg.contains("SECRET-BAD-KEY"));
    assert_eq!(
        code_of(JsExchange::new("3").err().unwrap()),
        "INVALID_CONFIG"
    );
    assert_eq!(
        code_of(JsExchange::new("[]").err().unwrap()),
        "INVALID_CONFIG"
    );
    assert_eq!(
        code_of(JsExchange::new("{").err().unwrap()),
        "INVALID_CONFIG"
    );
}

#[wasm_bindgen_test]
fn dictionaries_and_idcards() {
    let d = serde_json::to_value(yjt_sso::dict::all_tables()).unwrap();
    assert_eq!(d["nations"]["31"], "达斡尔族");
    assert_eq!(d["businessTypes"]["1"], "预约挂号");
    assert_eq!(d["nations"].as_object().unwrap().len(), 59);
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
        let constant_time = CONSTANT_TIME;
        assert!(
            constant_time,
            "the wasm32 build must use the constant-time SM4"
        );
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

/// The vector-permute S-box (src/sm4_sbox.rs `tau16`) against the S-box table, byte by byte. The module is private to the crate, so its file is compiled in here
/// (`#[path]` on this inline module makes `src/` the directory of its file modules).
#[path = "../src"]
mod vperm {
    #[allow(dead_code)]
    mod sm4_sbox;

    use core::arch::wasm32::*;
    use sm4_sbox::{tau16, SBOX};
    use wasm_bindgen_test::*;

    fn from_bytes(b: [u8; 16]) -> v128 {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&b[..8]);
        hi.copy_from_slice(&b[8..]);
        u64x2(u64::from_le_bytes(lo), u64::from_le_bytes(hi))
    }

    fn to_bytes(v: v128) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&u64x2_extract_lane::<0>(v).to_le_bytes());
        b[8..].copy_from_slice(&u64x2_extract_lane::<1>(v).to_le_bytes());
        b
    }

    fn check(input: [u8; 16]) {
        let v = from_bytes(input);
        let fast = to_bytes(tau16(v));
        let table = input.map(|x| SBOX[x as usize]);
        assert_eq!(fast, table, "tau16 != SBOX on {input:02x?}");
    }

    #[wasm_bindgen_test]
    fn every_byte_in_every_lane() {
        // Lane l holds base + 17·l: as base runs over 0..=255, every lane sees every value, and
        // the sixteen lanes of one vector all differ.
        for base in 0..=255u8 {
            let mut b = [0u8; 16];
            for (l, x) in b.iter_mut().enumerate() {
                *x = base.wrapping_add(17 * l as u8);
            }
            check(b);
        }
        // And each value alone in each lane, against a background of its complement.
        for lane in 0..16 {
            for x in 0..=255u8 {
                let mut b = [!x; 16];
                b[lane] = x;
                check(b);
            }
        }
    }

    #[wasm_bindgen_test]
    fn random_vectors() {
        let mut s = 0x0123_4567_89AB_CDEFu64;
        let mut next = || {
            // xorshift64*
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            s.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        for _ in 0..100_000 {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&next().to_le_bytes());
            b[8..].copy_from_slice(&next().to_le_bytes());
            check(b);
        }
    }
}

/// The bitsliced bulk path (src/sm4_bitslice.rs): 128-block batches, padded tails, and the
/// seams with the 8/4/1-block paths, against RustCrypto `sm4`.
mod bitslice {
    use cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
    use wasm_bindgen_test::*;
    use yjt_sso::sm4::Sm4;
    use yjt_sso::sm4_ct::Sm4Ct;

    type B = cipher::Block<Sm4Ct>;

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

    fn hex16(s: &str) -> [u8; 16] {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    /// Encrypts and decrypts `blocks` with both ciphers; returns the number of blocks.
    fn compare(key: &[u8; 16], blocks: &[B]) -> usize {
        let ct = Sm4Ct::new(key.into());
        let reference = sm4::Sm4::new(key.into());
        let mut a = blocks.to_vec();
        let mut b = blocks.to_vec();
        ct.encrypt_blocks(&mut a);
        reference.encrypt_blocks(&mut b);
        assert_eq!(
            a,
            b,
            "encrypt {} blocks, key {}",
            blocks.len(),
            hex::encode(key)
        );
        ct.decrypt_blocks(&mut a);
        assert_eq!(
            a,
            blocks,
            "decrypt {} blocks, key {}",
            blocks.len(),
            hex::encode(key)
        );
        blocks.len()
    }

    #[wasm_bindgen_test]
    fn gbt_32907_vectors_in_every_lane_of_a_batch() {
        let key = hex16("0123456789abcdeffedcba9876543210");
        let c = Sm4Ct::new(&key.into());
        // 128 = one batch, 160 = a batch and a padded tail, 1000 = batches and a small tail.
        for n in [128usize, 160, 1000] {
            let mut blocks = vec![B::from(key); n];
            c.encrypt_blocks(&mut blocks);
            for b in &blocks {
                assert_eq!(
                    hex::encode(b),
                    "681edf34d206965e86b3e94f536e4246",
                    "n = {n}"
                );
            }
            c.decrypt_blocks(&mut blocks);
            for b in &blocks {
                assert_eq!(
                    hex::encode(b),
                    "0123456789abcdeffedcba9876543210",
                    "n = {n}"
                );
            }
        }
        // Example 2 of the standard: a million encryptions, chained through one batch (and
        // all 128 lanes must agree).
        let mut blocks = vec![B::from(key); 128];
        for _ in 0..1_000_000 {
            c.encrypt_blocks(&mut blocks);
        }
        for b in &blocks {
            assert_eq!(hex::encode(b), "595298c7c6fd271f0402f804c33d3f66");
        }
    }

    #[wasm_bindgen_test]
    fn a_different_block_in_every_lane() {
        // Each lane gets its own plaintext, so a transposition slip (lanes swapped, bits
        // crossed) cannot cancel out.
        let mut rng = Rng(7);
        let mut key = [0u8; 16];
        rng.fill(&mut key);
        let blocks: Vec<B> = (0..128u8)
            .map(|i| {
                let mut b = B::default();
                b[(i as usize) % 16] = i.wrapping_mul(37) | 1;
                b
            })
            .collect();
        compare(&key, &blocks);
        let ones: Vec<B> = (0..128)
            .map(|i| B::from([if i % 2 == 0 { 0xff } else { 0 }; 16]))
            .collect();
        compare(&key, &ones);
    }

    #[wasm_bindgen_test]
    fn batch_boundaries() {
        let mut rng = Rng(0xB175_11CE);
        // Around 1, 2 and 3 batches, and around the padded-tail threshold.
        let sizes = [
            1usize, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100, 120, 127, 128, 129, 135, 136, 159, 160,
            161, 255, 256, 257, 383, 384, 385, 416,
        ];
        for n in sizes {
            let mut key = [0u8; 16];
            rng.fill(&mut key);
            let mut blocks = vec![B::default(); n];
            for b in blocks.iter_mut() {
                rng.fill(b);
            }
            compare(&key, &blocks);
        }
    }

    #[wasm_bindgen_test]
    fn one_million_random_blocks_in_batches_match_rustcrypto() {
        let mut rng = Rng(0x5EED_0B17_51CE_D5A4);
        let mut total = 0usize;
        // Random keys; block counts 1..=700 cross batch boundaries in every way.
        while total < 1_000_000 {
            let mut key = [0u8; 16];
            rng.fill(&mut key);
            let n = (rng.next() % 700) as usize + 1;
            let mut blocks = vec![B::default(); n];
            for b in blocks.iter_mut() {
                rng.fill(b);
            }
            total += compare(&key, &blocks);
        }
        assert!(total >= 1_000_000);
    }

    #[wasm_bindgen_test]
    fn ecb_bytes_match_rustcrypto_for_bulk_lengths() {
        use cipher::block_padding::Pkcs7;
        use cipher::{BlockDecryptMut, BlockEncryptMut};
        let mut rng = Rng(99);
        for len in [2047usize, 2048, 2049, 4096 + 15, 65_536, 1 << 20] {
            let mut key = [0u8; 16];
            rng.fill(&mut key);
            let mut data = vec![0u8; len];
            rng.fill(&mut data);
            let sm4 = Sm4::new(&key);
            let ours = sm4.encrypt_bytes(&data);
            let reference =
                ecb::Encryptor::<sm4::Sm4>::new(&key.into()).encrypt_padded_vec_mut::<Pkcs7>(&data);
            assert_eq!(ours, reference, "len {len}");
            let back = ecb::Decryptor::<sm4::Sm4>::new(&key.into())
                .decrypt_padded_vec_mut::<Pkcs7>(&ours)
                .unwrap();
            assert_eq!(back, data);
            assert_eq!(sm4.decrypt_bytes(&ours).unwrap(), data, "len {len}");
        }
    }
}
