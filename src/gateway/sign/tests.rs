use crate::error::ErrorCode;
use crate::gateway::testing::*;
use crate::gateway::*;

#[test]
fn default_header_set() {
    let h = gateway_headers(
        &creds(),
        &GatewayOptions::default(),
        &SignInputs {
            now_ms: 1_700_000_000_999,
            timestamp: None,
            nonce: "abcdef0123456789".into(),
        },
    )
    .unwrap();
    assert_eq!(get(&h, "x-tsp-timestamp"), Some("1700000000"));
    assert_eq!(get(&h, "x-tsp-nonce"), Some("abcdef0123456789"));
    assert_eq!(get(&h, "x-tsp-paasid"), Some("paas-001"));
    assert_eq!(get(&h, "x-tsp-appSecret"), Some("app-SECRET-456"));
    assert_eq!(get(&h, "x-tsp-serviceid"), Some("DGSP_1911964810465574914"));
    assert_eq!(
        get(&h, "Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        get(&h, "x-tsp-signature"),
        Some(
            signature(
                "1700000000",
                "tok-SECRET-123",
                "abcdef0123456789",
                HexCase::Upper
            )
            .as_str()
        )
    );
    // The token itself is never sent.
    assert!(h.iter().all(|(_, v)| !v.contains("tok-SECRET-123")));
}

#[test]
fn every_variant() {
    let opts = GatewayOptions {
        prefix: "x-tif".into(),
        service_id_header: "serviceId".into(),
        app_secret_header: "AppSecret".into(),
        paas_id_header: "paasId".into(),
        signature_case: HexCase::Lower,
        timestamp_unit: TimestampUnit::Milliseconds,
        service_id_placement: ServiceIdPlacement::Query,
        send_app_secret: false,
        ..GatewayOptions::default()
    };
    let h = gateway_headers(
        &creds(),
        &opts,
        &SignInputs {
            now_ms: 1_700_000_000_999,
            timestamp: None,
            nonce: "n1".into(),
        },
    )
    .unwrap();
    assert_eq!(get(&h, "x-tif-timestamp"), Some("1700000000999"));
    assert_eq!(get(&h, "x-tif-paasId"), Some("paas-001"));
    assert_eq!(get(&h, "x-tif-AppSecret"), None);
    assert_eq!(get(&h, "x-tif-serviceId"), None);
    let sig = get(&h, "x-tif-signature").unwrap();
    assert_eq!(sig, sig.to_lowercase());
    assert_eq!(
        sig,
        signature("1700000000999", "tok-SECRET-123", "n1", HexCase::Lower)
    );
    let omit = GatewayOptions {
        service_id_placement: ServiceIdPlacement::Omit,
        prefix: "x-rio".into(),
        ..GatewayOptions::default()
    };
    let h = gateway_headers(
        &creds(),
        &omit,
        &SignInputs {
            now_ms: 1,
            timestamp: None,
            nonce: "0123456789abcdef".into(),
        },
    )
    .unwrap();
    assert!(h.iter().all(|(k, _)| !k.contains("serviceid")));
    assert_eq!(get(&h, "x-rio-nonce"), Some("0123456789abcdef"));
}

#[test]
fn timestamps_and_nonces_given_by_the_caller() {
    // Known signatures: SHA-256 computed independently (Python hashlib).
    for (ts, want) in [
        (
            "1700000123",
            "5521130422B0D7C25C162AFFA0239EDD2438EBF2CB66A20F27665522444C31F2",
        ),
        (
            "00000000001700000000",
            "D59E353901935DDF7ACBC1181215BBBE5F833F9C716246629E65E4DF2CA39D8C",
        ),
        (
            "1",
            "3410E6467211ADC5DB5E4CBA9A55DABDB21892816F348AF6D5E1356EE0C3EEE9",
        ),
    ] {
        let inputs = SignInputs {
            now_ms: 5,
            timestamp: Some(ts.into()),
            nonce: "n_1".into(),
        };
        let h = gateway_headers(&creds(), &GatewayOptions::default(), &inputs).unwrap();
        assert_eq!(get(&h, "x-tsp-timestamp"), Some(ts));
        assert_eq!(get(&h, "x-tsp-nonce"), Some("n_1"));
        assert_eq!(get(&h, "x-tsp-signature"), Some(want), "{ts}");
    }
    for ts in ["", "1".repeat(21).as_str(), "17e8"] {
        let inputs = SignInputs {
            now_ms: 5,
            timestamp: Some(ts.into()),
            nonce: "n_1".into(),
        };
        let e = gateway_headers(&creds(), &GatewayOptions::default(), &inputs).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{ts:?}");
    }
    // The longest nonce is accepted, one more character is not.
    let n64 = SignInputs {
        now_ms: 0,
        timestamp: None,
        nonce: "_".repeat(64),
    };
    assert!(gateway_headers(&creds(), &GatewayOptions::default(), &n64).is_ok());
}

#[test]
fn bad_inputs_are_errors() {
    for bad in ["", "a b", "a\r\nX-Evil: 1", "密"] {
        let e = GatewayCredentials::new(bad, "t", None, None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig);
        let e = GatewayCredentials::new("p", bad, None, None).unwrap_err();
        assert!(e.message.contains("paasToken"));
        if !bad.is_empty() {
            assert!(!e.message.contains(bad));
        }
    }
    let c = creds();
    let o = GatewayOptions::default();
    for nonce in ["", "a b", "x\n", "\u{0}", "码", &"a".repeat(65)] {
        let e = gateway_headers(
            &c,
            &o,
            &SignInputs {
                now_ms: 0,
                timestamp: None,
                nonce: nonce.to_string(),
            },
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
    let e = gateway_headers(
        &c,
        &o,
        &SignInputs {
            now_ms: 0,
            timestamp: Some("12a".into()),
            nonce: "n".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let bad_prefix = GatewayOptions {
        prefix: "x tsp".into(),
        ..GatewayOptions::default()
    };
    assert_eq!(
        bad_prefix.validate().unwrap_err().code,
        ErrorCode::InvalidConfig
    );
}

#[test]
fn extra_headers_are_sent_and_never_collide() {
    let o = opts_json(r#"{"extraHeaders":{"x-tsp-target":"svc-1","x-tsp-internet":"true"}}"#);
    let h = gateway_headers(&creds(), &o, &inputs()).unwrap();
    assert_eq!(get(&h, "x-tsp-target"), Some("svc-1"));
    assert_eq!(get(&h, "x-tsp-internet"), Some("true"));
    for bad in [
        r#"{"extraHeaders":{"X-TSP-Signature":"x"}}"#,
        r#"{"extraHeaders":{"content-type":"text/plain"}}"#,
        r#"{"extraHeaders":{"x-tsp-uid":"u"}}"#,
        r#"{"extraHeaders":{"bad name":"x"}}"#,
        r#"{"extraHeaders":{"x-a":"line\nbreak"}}"#,
    ] {
        let o: GatewayOptions = serde_json::from_str(bad).unwrap();
        assert_eq!(
            o.validate().unwrap_err().code,
            ErrorCode::InvalidConfig,
            "{bad}"
        );
    }
}

#[test]
fn extra_header_and_forwarded_user_limits() {
    let headers = |n: usize, len: usize| {
        let m: std::collections::BTreeMap<String, String> = (0..n)
            .map(|i| (format!("x-e{i}"), "v".repeat(len)))
            .collect();
        GatewayOptions {
            extra_headers: m,
            ..GatewayOptions::default()
        }
    };
    assert!(headers(32, 1024).validate().is_ok());
    assert!(headers(33, 1).validate().is_err());
    assert!(headers(1, 1025).validate().is_err());
    let user = |uid: &str, uinfo: String| ForwardedUser {
        uid: uid.into(),
        uinfo,
        ext: String::new(),
    };
    let o = GatewayOptions::default();
    assert!(
        gateway_headers_for_user(&creds(), &o, &inputs(), &user("u", "i".repeat(4096))).is_ok()
    );
    for u in [
        user("u", "i".repeat(4097)),
        user(" ", String::new()),
        user("u", "\u{7f}".into()),
    ] {
        let e = gateway_headers_for_user(&creds(), &o, &inputs(), &u).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}

#[test]
fn paas_id_in_query() {
    let o = opts_json(r#"{"paasIdInQuery":true}"#);
    assert_eq!(variant_query(&creds(), &o), [("paasid", "paas-001")]);
    assert!(variant_query(&creds(), &GatewayOptions::default()).is_empty());
    let o =
        opts_json(r#"{"paasIdInQuery":true,"serviceIdPlacement":"query","paasIdHeader":"paasId"}"#);
    assert_eq!(
        variant_query(&creds(), &o),
        [
            ("serviceId", "DGSP_1911964810465574914"),
            ("paasId", "paas-001")
        ]
    );
}
