use crate::error::ErrorCode;
use crate::gateway::testing::*;
use crate::gateway::*;

#[test]
fn inbound_timestamps() {
    let opts = GatewayOptions::default();
    let verify = |ts: &str, now_ms: u64| {
        let nonce = "n_1";
        let sig = signature(ts, "tok-SECRET-123", nonce, HexCase::Upper);
        let h: Vec<(String, String)> = [
            ("x-tsp-timestamp", ts),
            ("x-tsp-nonce", nonce),
            ("x-tsp-signature", sig.as_str()),
            ("x-tsp-paasid", "paas-001"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let v = VerifyOptions {
            now_ms,
            ..VerifyOptions::default()
        };
        verify_gateway_headers(&h, "tok-SECRET-123", &opts, &v)
    };
    // 20 digits with leading zeros are a timestamp; 21 are not; "" is not.
    assert!(verify("00000000001700000000", 1_700_000_000_000).is_ok());
    for ts in ["", "000000000001700000000", "17000000a0"] {
        assert_eq!(
            verify(ts, 1_700_000_000_000).unwrap_err().code,
            ErrorCode::InvalidHeader,
            "{ts:?}"
        );
    }
    let e = verify("99999999999999999999", 1_700_000_000_000).unwrap_err();
    assert!(e.message.contains("out of range"), "{}", e.message);
    // The skew edges: exactly 180 s either way is accepted, one more second is not.
    assert!(verify("1700000000", 1_700_000_180_000).is_ok());
    assert!(verify("1700000180", 1_700_000_000_000).is_ok());
    assert_eq!(
        verify("1700000000", 1_700_000_181_000).unwrap_err().code,
        ErrorCode::TimestampSkew
    );
    assert_eq!(
        verify("1700000181", 1_700_000_000_000).unwrap_err().code,
        ErrorCode::TimestampSkew
    );
}

#[test]
fn verify_round_trip_and_each_failure() {
    let o = GatewayOptions::default();
    let now = 1_700_000_000_000;
    let v = VerifyOptions {
        now_ms: now,
        ..Default::default()
    };
    let h = signed(now, &o);
    let ok = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
    assert_eq!(ok.paas_id, "paas-001");
    assert_eq!(ok.service_id.as_deref(), Some("DGSP_1911964810465574914"));

    // Case-insensitive names.
    let upper: Vec<_> = h
        .iter()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    assert!(verify_gateway_headers(&upper, "tok-SECRET-123", &o, &v).is_ok());

    // Lowercased signature: accepted by default, rejected when strict.
    let lower_sig: Vec<_> = h
        .iter()
        .map(|(k, val)| {
            if k.ends_with("signature") {
                (k.clone(), val.to_lowercase())
            } else {
                (k.clone(), val.clone())
            }
        })
        .collect();
    assert!(verify_gateway_headers(&lower_sig, "tok-SECRET-123", &o, &v).is_ok());
    let strict = VerifyOptions {
        strict: true,
        ..v.clone()
    };
    assert_eq!(
        verify_gateway_headers(&lower_sig, "tok-SECRET-123", &o, &strict)
            .unwrap_err()
            .code,
        ErrorCode::SignatureMismatch
    );

    // Wrong token.
    assert_eq!(
        verify_gateway_headers(&h, "other", &o, &v)
            .unwrap_err()
            .code,
        ErrorCode::SignatureMismatch
    );
    // Each missing header.
    for name in [
        "x-tsp-timestamp",
        "x-tsp-nonce",
        "x-tsp-signature",
        "x-tsp-paasid",
    ] {
        let less: Vec<_> = h.iter().filter(|(k, _)| k != name).cloned().collect();
        let e = verify_gateway_headers(&less, "tok-SECRET-123", &o, &v).unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingHeader, "{name}");
        assert!(e.message.contains(name));
    }
    // Skew both ways, and the edge.
    for (ts, code) in [
        (now - 181_000, Some(ErrorCode::TimestampSkew)),
        (now + 181_000, Some(ErrorCode::TimestampSkew)),
        (now - 180_000, None),
        (now + 180_000, None),
    ] {
        let r = verify_gateway_headers(&signed(ts, &o), "tok-SECRET-123", &o, &v);
        assert_eq!(r.err().map(|e| e.code), code);
    }
    // Malformed timestamp.
    let bad_ts: Vec<_> = h
        .iter()
        .map(|(k, val)| {
            if k.ends_with("timestamp") {
                (k.clone(), "17e9".to_string())
            } else {
                (k.clone(), val.clone())
            }
        })
        .collect();
    assert_eq!(
        verify_gateway_headers(&bad_ts, "tok-SECRET-123", &o, &v)
            .unwrap_err()
            .code,
        ErrorCode::InvalidHeader
    );
    // Millisecond unit round trip.
    let ms = GatewayOptions {
        timestamp_unit: TimestampUnit::Milliseconds,
        ..GatewayOptions::default()
    };
    assert!(verify_gateway_headers(&signed(now, &ms), "tok-SECRET-123", &ms, &v).is_ok());
}

#[test]
fn second_signer() {
    let o = opts_json(
        r#"{"alsoSign":{"prefix":"x-tif","paasId":"tif-paas","paasToken":"tif-TOKEN-9"}}"#,
    );
    let h = gateway_headers(&creds(), &o, &inputs()).unwrap();
    // echo -n "1700000000tif-TOKEN-9abcdef01234567891700000000" | sha256sum
    assert_eq!(
        get(&h, "x-tif-signature"),
        Some("075BC9F498619161E713CEC11FAEEF8870BC9B2533D38349855AE0AE552C142D")
    );
    assert_eq!(get(&h, "x-tif-paasid"), Some("tif-paas"));
    assert_eq!(get(&h, "x-tif-timestamp"), get(&h, "x-tsp-timestamp"));
    assert!(h.iter().all(|(_, v)| !v.contains("tif-TOKEN")));
    // Each set verifies with its own token and prefix.
    let v = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    assert!(verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).is_ok());
    let tif = GatewayOptions {
        prefix: "x-tif".into(),
        ..Default::default()
    };
    assert!(verify_gateway_headers(&h, "tif-TOKEN-9", &tif, &v).is_ok());
    assert!(verify_gateway_headers(&h, "tok-SECRET-123", &tif, &v).is_err());
    // Never printed, never serialized, scrubbed from messages.
    assert!(!format!("{o:?}").contains("tif-TOKEN"));
    assert!(!serde_json::to_string(&o).unwrap().contains("tif-TOKEN"));
    assert!(o.secrets(&creds()).contains(&"tif-TOKEN-9"));
    for bad in [
        r#"{"alsoSign":{"prefix":"X-TSP","paasId":"p","paasToken":"t"}}"#,
        r#"{"alsoSign":{"prefix":"x-tif","paasId":"p","paasToken":"has space"}}"#,
        r#"{"alsoSign":{"prefix":"x tif","paasId":"p","paasToken":"t"}}"#,
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
fn asymmetric_skew() {
    let o = GatewayOptions::default();
    let at = |offset_s: i64| {
        let t = (now() as i64 / 1000 + offset_s).to_string();
        gateway_headers(
            &creds(),
            &o,
            &SignInputs {
                timestamp: Some(t),
                ..inputs()
            },
        )
        .unwrap()
    };
    let v = VerifyOptions {
        now_ms: now(),
        max_past_seconds: 180,
        max_future_seconds: 1,
        strict: false,
    };
    assert!(verify_gateway_headers(&at(-180), "tok-SECRET-123", &o, &v).is_ok());
    assert!(verify_gateway_headers(&at(1), "tok-SECRET-123", &o, &v).is_ok());
    for off in [-181, 2] {
        let e = verify_gateway_headers(&at(off), "tok-SECRET-123", &o, &v).unwrap_err();
        assert_eq!(e.code, ErrorCode::TimestampSkew, "{off}");
        assert!(e.message.contains("NTP"));
    }
    use crate::input::verify_options_from_json;
    let v = verify_options_from_json(
        r#"{"paasToken":"t","maxSkewSeconds":60,"maxFutureSeconds":1}"#,
        0,
    )
    .unwrap()
    .verify;
    assert_eq!((v.max_past_seconds, v.max_future_seconds), (60, 1));
    let v = verify_options_from_json(r#"{"paasToken":"t","maxPastSeconds":5}"#, 0)
        .unwrap()
        .verify;
    assert_eq!((v.max_past_seconds, v.max_future_seconds), (5, 180));
    let e = verify_options_from_json(r#"{"paasToken":"t","maxFutureSeconds":-1}"#, 0).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("maxFutureSeconds"));
}

#[test]
fn field_nonces_verify() {
    let o = GatewayOptions::default();
    let v = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    for nonce in [
        "4821",
        "0100007f:01940736acbc:019de1",
        "0.8273649182",
        "N1700000000N",
        "550e8400e29b41d4a716446655440000",
        &"z".repeat(64),
    ] {
        let h = gateway_headers(
            &creds(),
            &o,
            &SignInputs {
                nonce: nonce.into(),
                ..inputs()
            },
        )
        .unwrap();
        let got = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
        assert_eq!(got.nonce, nonce);
    }
    let mut h = gateway_headers(&creds(), &o, &inputs()).unwrap();
    for (k, val) in h.iter_mut() {
        if k == "x-tsp-nonce" {
            *val = "has space".into();
        }
    }
    assert_eq!(
        verify_gateway_headers(&h, "tok-SECRET-123", &o, &v)
            .unwrap_err()
            .code,
        ErrorCode::InvalidHeader
    );
}

#[test]
fn forwarded_user_signature() {
    let o = GatewayOptions::default();
    let user = ForwardedUser {
        uid: "u-1".into(),
        uinfo: "info".into(),
        ext: "ext".into(),
    };
    let inputs = SignInputs {
        timestamp: Some("1700000000".into()),
        ..inputs()
    };
    let h = gateway_headers_for_user(&creds(), &o, &inputs, &user).unwrap();
    // echo -n "1700000000tok-SECRET-123abcdef0123456789,u-1,info,ext1700000000" | sha256sum
    assert_eq!(
        get(&h, "x-tsp-signature"),
        Some("F7DE65339DD39AB68B5D3228EA581174168665AA2C277B309A84AC66F4120883")
    );
    let v = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    let got = verify_gateway_headers(&h, "tok-SECRET-123", &o, &v).unwrap();
    assert_eq!(
        (got.uid.as_deref(), got.uinfo.as_deref(), got.ext.as_deref()),
        (Some("u-1"), Some("info"), Some("ext"))
    );
    // Changing any user part breaks the signature; without a uid the plain form applies.
    for (name, val) in [
        ("x-tsp-uid", "u-2"),
        ("x-tsp-uinfo", "other"),
        ("x-tsp-ext", ""),
    ] {
        let t: Vec<(String, String)> = h
            .iter()
            .map(|(k, x)| (k.clone(), if k == name { val.into() } else { x.clone() }))
            .collect();
        assert_eq!(
            verify_gateway_headers(&t, "tok-SECRET-123", &o, &v)
                .unwrap_err()
                .code,
            ErrorCode::SignatureMismatch,
            "{name}"
        );
    }
    let plain = gateway_headers(&creds(), &o, &inputs).unwrap();
    assert_eq!(
        verify_gateway_headers(&plain, "tok-SECRET-123", &o, &v)
            .unwrap()
            .uid,
        None
    );
    for bad in [
        ForwardedUser {
            uid: " ".into(),
            ..Default::default()
        },
        ForwardedUser {
            uid: "u".into(),
            uinfo: "a\nb".into(),
            ..Default::default()
        },
    ] {
        assert_eq!(
            gateway_headers_for_user(&creds(), &o, &inputs, &bad)
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );
    }
}

/// Every variant switch, alone and combined, as JSON options.
fn variants() -> Vec<GatewayOptions> {
    [
        r#"{}"#,
        r#"{"signatureCase":"lower"}"#,
        r#"{"timestampUnit":"milliseconds"}"#,
        r#"{"prefix":"x-tif","serviceIdHeader":"serviceId","appSecretHeader":"AppSecret","paasIdHeader":"paasId"}"#,
        r#"{"serviceIdPlacement":"query"}"#,
        r#"{"serviceIdPlacement":"omit"}"#,
        r#"{"sendAppSecret":false}"#,
        r#"{"paasIdInQuery":true}"#,
        r#"{"extraHeaders":{"x-tsp-target":"svc-1","x-tsp-internet":"true"}}"#,
        r#"{"alsoSign":{"prefix":"x-tif","paasId":"paas-2","paasToken":"tok-2"}}"#,
        r#"{"prefix":"x-rio","serviceIdPlacement":"query","paasIdInQuery":true,"signatureCase":"lower",
            "extraHeaders":{"x-a":"1"},"alsoSign":{"prefix":"x-tif","paasId":"paas-2","paasToken":"tok-2"}}"#,
    ]
    .iter()
    .map(|j| opts_json(j))
    .collect()
}

fn owned(q: Vec<(&str, &str)>) -> Vec<(String, String)> {
    q.into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn verify_is_the_inverse_of_sign() {
    let c = creds();
    let verify = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    for o in variants() {
        let headers = gateway_headers(&c, &o, &inputs()).unwrap();
        let query = owned(variant_query(&c, &o));
        let expected = Expected::of(&c, &o);
        let check = |h: &[(String, String)], q: &[(String, String)]| {
            verify_request(
                Inbound {
                    headers: h,
                    query: q,
                },
                &expected,
                &verify,
            )
        };
        check(&headers, &query).unwrap_or_else(|r| panic!("{o:?}: {r:?}"));
        // Every header signing produced is checked: without it, or with another value, the
        // request fails, naming that header. Content-Type is HTTP, not the gateway's.
        for (i, (name, value)) in headers.iter().enumerate() {
            if name == "Content-Type" {
                continue;
            }
            let mut without = headers.clone();
            without.remove(i);
            let r = check(&without, &query).unwrap_err();
            assert_eq!(
                r.error.field.as_deref(),
                Some(name.as_str()),
                "{o:?} without {name}"
            );
            let mut altered = headers.clone();
            altered[i].1 = format!("{value}0");
            let r = check(&altered, &query).unwrap_err();
            assert!(r.error.field.is_some(), "{o:?} altered {name}: {r:?}");
        }
        // And every query parameter the variant adds.
        for (i, (name, value)) in query.iter().enumerate() {
            let mut without = query.clone();
            without.remove(i);
            let r = check(&headers, &without).unwrap_err();
            assert_eq!(r.error.field, Some(format!("query.{name}")), "{o:?}");
            let mut altered = query.clone();
            altered[i].1 = format!("{value}0");
            assert_eq!(
                check(&headers, &altered).unwrap_err().error.field,
                Some(format!("query.{name}"))
            );
        }
    }
}

#[test]
fn each_check_names_itself_and_its_code() {
    let c = creds();
    let o = opts_json(
        r#"{"extraHeaders":{"x-tsp-target":"svc-1"},"paasIdInQuery":true,
            "alsoSign":{"prefix":"x-tif","paasId":"paas-2","paasToken":"tok-2"}}"#,
    );
    let verify = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    let headers = gateway_headers(&c, &o, &inputs()).unwrap();
    let query = owned(variant_query(&c, &o));
    let run = |h: &[(String, String)], expected: Expected| {
        verify_request(
            Inbound {
                headers: h,
                query: &query,
            },
            &expected,
            &verify,
        )
        .unwrap_err()
    };
    let set = |name: &str, v: &str| {
        let mut h = headers.clone();
        h.iter_mut().find(|(k, _)| k == name).unwrap().1 = v.into();
        h
    };
    let full = Expected::of(&c, &o);
    for (h, check, code, field) in [
        (
            set("x-tsp-nonce", "a b"),
            Check::Header,
            ErrorCode::InvalidHeader,
            "x-tsp-nonce",
        ),
        (
            set("x-tsp-timestamp", "1"),
            Check::Timestamp,
            ErrorCode::TimestampSkew,
            "x-tsp-timestamp",
        ),
        (
            set("x-tsp-signature", "00"),
            Check::Signature,
            ErrorCode::SignatureMismatch,
            "x-tsp-signature",
        ),
        (
            set("x-tif-signature", "00"),
            Check::Signature,
            ErrorCode::SignatureMismatch,
            "x-tif-signature",
        ),
        (
            set("x-tif-paasid", "other"),
            Check::SecondPaasId,
            ErrorCode::HeaderMismatch,
            "x-tif-paasid",
        ),
        (
            set("x-tsp-target", "svc-2"),
            Check::ExtraHeader,
            ErrorCode::HeaderMismatch,
            "x-tsp-target",
        ),
        (
            set("x-tsp-appSecret", "no"),
            Check::AppSecret,
            ErrorCode::HeaderMismatch,
            "x-tsp-appSecret",
        ),
        (
            set("x-tsp-serviceid", "S2"),
            Check::ServiceId,
            ErrorCode::HeaderMismatch,
            "x-tsp-serviceid",
        ),
    ] {
        let r = run(&h, full);
        assert_eq!(
            (r.check, r.error.code, r.error.field.as_deref()),
            (check, code, Some(field))
        );
    }
    let r = run(
        &headers,
        Expected {
            paas_id: Some("paas-999"),
            ..full
        },
    );
    assert_eq!(
        (r.check, r.error.field.as_deref()),
        (Check::PaasId, Some("x-tsp-paasid"))
    );
    let r = verify_request(
        Inbound {
            headers: &headers,
            query: &[],
        },
        &full,
        &verify,
    )
    .unwrap_err();
    assert_eq!(
        (r.check, r.error.field.as_deref()),
        (Check::QueryPaasId, Some("query.paasid"))
    );
    // Only the token expected: the signed sets alone decide.
    let bare = Expected {
        paas_id: None,
        app_secret: None,
        service_id: None,
        ..full
    };
    assert!(verify_request(
        Inbound {
            headers: &set("x-tsp-appSecret", "no"),
            query: &query
        },
        &bare,
        &verify
    )
    .is_ok());
    // Secrets never appear in a rejection.
    for r in [
        run(&set("x-tsp-appSecret", "no"), full),
        run(&set("x-tsp-signature", "00"), full),
    ] {
        for s in ["tok-SECRET-123", "app-SECRET-456", "tok-2"] {
            assert!(!r.error.message.contains(s), "{}", r.error.message);
        }
    }
    for check in Check::ALL {
        let json = serde_json::to_string(&check).unwrap();
        assert!(json.starts_with('"') && json.len() > 2);
    }
}

/// Moving a comma between the parts of the forwarded-user string to sign keeps the signature:
/// the verifier refuses every re-split (a new nonce would otherwise replay a captured request).
#[test]
fn comma_resplits_are_refused() {
    let o = GatewayOptions::default();
    let v = VerifyOptions {
        now_ms: now(),
        ..Default::default()
    };
    let ts = "1700000000";
    let sig = signature_for(
        ts,
        "tok-SECRET-123",
        "N1",
        Some(&ForwardedUser {
            uid: "u1001".into(),
            uinfo: "i".into(),
            ext: "x,y".into(),
        }),
        HexCase::Upper,
    );
    let headers = |parts: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut h: Vec<(String, String)> = [
            ("x-tsp-timestamp", ts),
            ("x-tsp-signature", sig.as_str()),
            ("x-tsp-paasid", "paas-001"),
        ]
        .iter()
        .chain(parts)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        h.sort();
        h
    };
    // The genuine request verifies.
    let genuine = headers(&[
        ("x-tsp-nonce", "N1"),
        ("x-tsp-uid", "u1001"),
        ("x-tsp-uinfo", "i"),
        ("x-tsp-ext", "x,y"),
    ]);
    assert!(verify_gateway_headers(&genuine, "tok-SECRET-123", &o, &v).is_ok());
    for (forged, field) in [
        // nonce "N1,u1001": the same string to sign, a new nonce
        (
            headers(&[
                ("x-tsp-nonce", "N1,u1001"),
                ("x-tsp-uid", "i"),
                ("x-tsp-uinfo", "x"),
                ("x-tsp-ext", "y"),
            ]),
            "x-tsp-nonce",
        ),
        // the user folded into the nonce of a plain request
        (headers(&[("x-tsp-nonce", "N1,u1001,i,x,y")]), "x-tsp-nonce"),
        // a comma inside uid or uinfo
        (
            headers(&[
                ("x-tsp-nonce", "N1"),
                ("x-tsp-uid", "u1001,i"),
                ("x-tsp-uinfo", "x"),
                ("x-tsp-ext", "y"),
            ]),
            "x-tsp-uid",
        ),
        (
            headers(&[
                ("x-tsp-nonce", "N1"),
                ("x-tsp-uid", "u1001"),
                ("x-tsp-uinfo", "i,x"),
                ("x-tsp-ext", "y"),
            ]),
            "x-tsp-uinfo",
        ),
    ] {
        let e = verify_gateway_headers(&forged, "tok-SECRET-123", &o, &v).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidHeader, "{forged:?}");
        assert_eq!(e.field.as_deref(), Some(field), "{forged:?}");
    }
    // Signing refuses what verifying would refuse.
    for user in [
        ForwardedUser {
            uid: "u,1".into(),
            ..Default::default()
        },
        ForwardedUser {
            uid: "u".into(),
            uinfo: "a,b".into(),
            ..Default::default()
        },
    ] {
        assert_eq!(
            gateway_headers_for_user(&creds(), &o, &inputs(), &user)
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );
    }
    let comma_nonce = SignInputs {
        nonce: "a,b".into(),
        ..inputs()
    };
    assert_eq!(
        gateway_headers(&creds(), &o, &comma_nonce)
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
}
