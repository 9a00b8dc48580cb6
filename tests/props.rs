#![cfg(not(target_arch = "wasm32"))]
//! 性质测试：随机密钥/明文往返，任意输入不 panic。
//! Property tests: round-trips over random keys and data, and "arbitrary input never panics"
//! for every decrypt / parse / verify / build function of the core.

use proptest::prelude::*;
use serde_json::json;
use yjt_sso::gateway::{
    gateway_headers, verify_gateway_headers, GatewayCredentials, GatewayOptions, SignInputs,
    VerifyOptions,
};
use yjt_sso::rules::validate_code;
use yjt_sso::sm4::{decode, parse_key, Encoding, Sm4};
use yjt_sso::{dict, idcard, redact};
use yjt_sso::{BusinessType, Exchange, RequestOptions};

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

fn exchange() -> Exchange {
    Exchange::from_json(
        &json!({
            "env": "test", "appCode": "HOSP001", "appKey": KEY,
            "paasId": "paas-001", "paasToken": "tok", "appSecret": "sec",
        })
        .to_string(),
    )
    .unwrap()
}

fn any_encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Hex),
        Just(Encoding::HexUpper),
        Just(Encoding::Base64)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn bytes_round_trip(key in any::<[u8; 16]>(), data in proptest::collection::vec(any::<u8>(), 0..300)) {
        let sm4 = Sm4::new(&key);
        let ct = sm4.encrypt_bytes(&data);
        prop_assert_eq!(ct.len(), (data.len() / 16 + 1) * 16);
        prop_assert_eq!(sm4.decrypt_bytes(&ct).unwrap(), data);
    }

    #[test]
    fn ecb_matches_the_rustcrypto_ecb_crate(key in any::<[u8; 16]>(), data in proptest::collection::vec(any::<u8>(), 0..300)) {
        use cipher::{BlockEncryptMut, KeyInit};
        let reference = ecb::Encryptor::<sm4::Sm4>::new(&key.into())
            .encrypt_padded_vec_mut::<cipher::block_padding::Pkcs7>(&data);
        prop_assert_eq!(Sm4::new(&key).encrypt_bytes(&data), reference);
    }

    #[test]
    fn string_round_trip(key in any::<[u8; 16]>(), text in "\\PC{0,64}", enc in any_encoding()) {
        let sm4 = Sm4::new(&key);
        let ct = sm4.encrypt_str(&text, enc);
        prop_assert_eq!(sm4.decrypt_str(&ct, enc).unwrap(), text.clone());
        prop_assert!(sm4.verify(&ct, &text, enc));
        // Hex ciphertext decrypts whatever its case.
        if enc != Encoding::Base64 {
            prop_assert_eq!(sm4.decrypt_str(&ct.to_uppercase(), Encoding::Hex).unwrap(), text.clone());
            prop_assert_eq!(sm4.decrypt_str(&ct.to_lowercase(), Encoding::HexUpper).unwrap(), text);
        }
    }

    #[test]
    fn hex_key_equals_raw_key(key in any::<[u8; 16]>(), text in "\\PC{0,20}") {
        let a = Sm4::new(&key);
        let b = Sm4::new_from_str(&hex::encode_upper(key)).unwrap();
        prop_assert_eq!(a.encrypt_str(&text, Encoding::Hex), b.encrypt_str(&text, Encoding::Hex));
    }

    #[test]
    fn key_parsing_never_panics(s in "\\PC{0,40}") {
        let _ = parse_key(&s);
    }

    #[test]
    fn decrypt_never_panics(s in "\\PC{0,200}", hexish in "[0-9a-fA-F]{0,96}", bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let sm4 = Sm4::new_from_str(KEY).unwrap();
        for enc in [Encoding::Hex, Encoding::HexUpper, Encoding::Base64] {
            let _ = sm4.decrypt_str(&s, enc);
            let _ = sm4.decrypt_str(&hexish, enc);
            let _ = sm4.verify(&s, &s, enc);
            let _ = decode(&s, enc);
        }
        let _ = sm4.decrypt_bytes(&bytes);
        let _ = sm4.try_decrypt_hex(&hexish);
        let _ = sm4.try_decrypt_hex(&s);
    }

    #[test]
    fn parse_response_never_panics(status in 0u16..1000, body in "\\PC{0,300}") {
        let _ = exchange().parse_response(status, &body);
    }

    #[test]
    fn parse_response_on_json_shapes_never_panics(
        errcode in prop_oneof![Just(json!(0)), Just(json!("0")), any::<i64>().prop_map(|n| json!(n)), Just(json!(null)), Just(json!(1.5))],
        field in prop_oneof![Just("userId"), Just("certificateNo"), Just("phone"), Just("name"), Just("healthCardNo"), Just("gender"), Just("nation"), Just("channel"), Just("certificateType")],
        value in prop_oneof![
            "\\PC{0,40}".prop_map(|s| json!(s)),
            "[0-9a-f]{32}".prop_map(|s| json!(s)),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            Just(json!(null)), Just(json!([])), Just(json!({})), Just(json!(true)),
        ],
    ) {
        let mut data = json!({
            "userId": "u", "certificateNo": yjt_sso::encrypt_ecb(KEY, "440106199001011234").unwrap(),
            "phone": yjt_sso::encrypt_ecb(KEY, "13800138000").unwrap(), "certificateType": "01",
        });
        data[field] = value;
        let body = json!({ "errcode": errcode, "errmsg": "x", "data": data }).to_string();
        let _ = exchange().parse_response(200, &body);
    }

    #[test]
    fn build_request_validates_or_encodes(code in "\\PC{0,80}", bt in any::<u32>()) {
        let ex = exchange();
        let business_type = BusinessType::new(u64::from(bt));
        prop_assert_eq!(business_type.is_some(), bt >= 1 && bt <= i32::MAX as u32);
        let r = ex.build_request(&code, &RequestOptions { business_type, now_ms: 1, timestamp: None, nonce: "n".into() });
        match (validate_code(&code).is_ok(), bt >= 1 && bt <= i32::MAX as u32) {
            (true, true) => {
                let r = r.unwrap();
                let wanted = format!("&code={code}&businessType={bt}");
                prop_assert!(r.url.contains(&wanted));
            }
            (false, _) => prop_assert!(r.is_err()),
            (true, false) => prop_assert!(r.unwrap().url.ends_with("&businessType=1")),
        }
    }

    #[test]
    fn config_from_arbitrary_json_never_panics(
        k in prop_oneof![Just("env"), Just("appCode"), Just("appKey"), Just("paasId"), Just("paasToken"), Just("appSecret"), Just("serviceId"), Just("baseUrl"), Just("businessType"), Just("gateway"), Just("decryptFields"), Just("allowInsecureHttp")],
        v in prop_oneof!["\\PC{0,40}".prop_map(|s| json!(s)), any::<i64>().prop_map(|n| json!(n)), Just(json!(null)), Just(json!({"prefix": "x"})), Just(json!([1]))],
    ) {
        let mut c = json!({ "env": "test", "appCode": "H", "appKey": KEY, "paasId": "p", "paasToken": "t" });
        c[k] = v;
        let _ = Exchange::from_json(&c.to_string());
    }

    #[test]
    fn verify_headers_never_panics(pairs in proptest::collection::vec(("\\PC{0,20}", "\\PC{0,70}"), 0..8), now in any::<u64>(), skew in any::<u64>()) {
        let _ = verify_gateway_headers(&pairs, "tok", &GatewayOptions::default(), &VerifyOptions { now_ms: now, max_past_seconds: skew, max_future_seconds: skew / 2, strict: false });
    }

    #[test]
    fn signed_headers_always_verify(now in 0u64..4_000_000_000_000, token in "[!-~]{1,40}") {
        let creds = GatewayCredentials::new("p", &token, None, None).unwrap();
        let h = gateway_headers(&creds, &GatewayOptions::default(), &SignInputs { now_ms: now, timestamp: None, nonce: "0123456789abcdef".into() }).unwrap();
        let v = VerifyOptions { now_ms: now, ..Default::default() };
        prop_assert!(verify_gateway_headers(&h, &token, &GatewayOptions::default(), &v).is_ok());
        let wrong = format!("{token}x");
        prop_assert!(verify_gateway_headers(&h, &wrong, &GatewayOptions::default(), &v).is_err());
    }

    #[test]
    fn dict_and_idcard_never_panic(s in "\\PC{0,30}", n in any::<i64>()) {
        let _ = dict::nation_label(&s);
        let _ = dict::certificate_type_label(&s);
        let _ = dict::channel_label(&s);
        let _ = dict::gender_label(n);
        let _ = idcard::check_id_card(&s);
        let _ = redact::mask_id_card(&s);
        let _ = redact::mask_phone(&s);
        let _ = redact::mask_name(&s);
    }
}
