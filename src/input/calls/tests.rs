use super::*;

#[test]
fn status_numbers() {
    assert_eq!(status(100.0).unwrap(), 100);
    assert_eq!(status(999.0).unwrap(), 999);
    for bad in [99.0, 1000.0, 200.5, f64::NAN, f64::INFINITY, -200.0] {
        assert_eq!(
            status(bad).unwrap_err().field.as_deref(),
            Some("status"),
            "{bad}"
        );
    }
}

#[test]
fn clock_readings() {
    for (now, ok) in [
        ("0", Some(0)),
        ("1700000000000", Some(1_700_000_000_000)),
        ("1700000000000.9", Some(1_700_000_000_000)),
        ("99999999999999999", Some(99_999_999_999_999_999)),
        ("100000000000000000", None),
        ("1e17", None),
        ("1.5e17", None),
        ("-0.5", None),
        ("-1", None),
        ("null", None),
        ("\"1\"", None),
    ] {
        let call = format!(r#"{{"now":{now},"nonce":"n1"}}"#);
        match ok {
            Some(v) => assert_eq!(ExchangeCall::parse(&call).unwrap().now_ms, v, "{now}"),
            None => assert_eq!(
                ExchangeCall::parse(&call).unwrap_err().field.as_deref(),
                Some("now"),
                "{now}"
            ),
        }
    }
}

#[test]
fn calls_refuse_unknown_fields_and_name_them() {
    let e = ExchangeCall::parse(r#"{"now":1,"nonce":"n","code":"x"}"#).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("code"))
    );
    let (c, inputs) = ApiCall::parse(
        r#"{"method":"POST","query":[["a","1"]],"now":5000,"nonce":"n","timestamp":"7"}"#,
    )
    .unwrap();
    assert_eq!(
        (c.method.as_str(), c.query.len(), c.headers.len()),
        ("POST", 1, 0)
    );
    assert_eq!(
        (
            inputs.now_ms,
            inputs.timestamp.as_deref(),
            inputs.nonce.as_str()
        ),
        (5000, Some("7"), "n")
    );
    let (inputs, user) =
        HeadersCall::parse(r#"{"creds":{"paasId":"p"},"now":1,"nonce":"n","user":{"uid":"u"}}"#)
            .unwrap()
            .inputs()
            .unwrap();
    assert_eq!(
        (inputs.nonce.as_str(), user.map(|u| u.uid)),
        ("n", Some("u".to_owned()))
    );
    let (headers, spec) = crate::input::VerifyCall::parse(
        r#"{"headers":[["x-tsp-nonce","n"]],"now":1000,"options":{"paasToken":"t","paasId":"p","query":[["serviceId","S"]]}}"#,
    )
    .unwrap();
    assert_eq!(headers.len(), 1);
    assert_eq!(
        (
            spec.paas_id.as_deref(),
            spec.query.len(),
            spec.verify.now_ms
        ),
        (Some("p"), 1, 1000)
    );
}

#[test]
fn verification_specs_never_show_their_secrets() {
    let (_, spec) = crate::input::VerifyCall::parse(
        r#"{"headers":[],"now":1,"options":{"paasToken":"tok-SECRET-1","appSecret":"sec-SECRET-2","gateway":{"alsoSign":{"prefix":"x-tif","paasId":"p2","paasToken":"tok-SECRET-3"}}}}"#,
    )
    .unwrap();
    let shown = format!("{spec:?} {:?}", spec.expected());
    assert!(shown.contains("[REDACTED]"), "{shown}");
    for s in ["tok-SECRET-1", "sec-SECRET-2", "tok-SECRET-3"] {
        assert!(!shown.contains(s), "{shown}");
    }
}

#[test]
fn a_whole_float_business_type_is_that_integer() {
    let bt = |v: &str| {
        ExchangeCall::parse(&format!(r#"{{"now":1,"nonce":"n","businessType":{v}}}"#))
            .map(|o| o.business_type.map(crate::BusinessType::get))
    };
    assert_eq!(bt("4.0").unwrap(), Some(4));
    assert_eq!(bt("2147483647.0").unwrap(), Some(2_147_483_647));
    for bad in ["4.5", "0.0", "2147483648.0", "-1.0"] {
        assert_eq!(
            bt(bad).unwrap_err().field.as_deref(),
            Some("businessType"),
            "{bad}"
        );
    }
}
