use super::*;
use crate::config::TEST_SERVICE_ID;
use crate::gateway::HexCase;
use crate::rules::validate_base_url;
use serde_json::{json, Value};

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

#[test]
fn credentials_and_json_options() {
    let (c, o) = credentials_from_json(
        r#"{"paasId":"p","paasToken":"t","gateway":{"signatureCase":"lower","prefix":"x-tif"}}"#,
    )
    .unwrap();
    assert_eq!(c.paas_id(), "p");
    assert_eq!(
        (o.signature_case, o.prefix.as_str()),
        (HexCase::Lower, "x-tif")
    );
    let (_, o) = credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":null}"#).unwrap();
    assert_eq!(o, GatewayOptions::default());
    let e = credentials_from_json(r#"{"paasId":"p","paasToken":"t","gateway":{"prefix":1}}"#)
        .unwrap_err();
    assert!(e.message.contains("gateway"), "{}", e.message);
}

fn base() -> Value {
    json!({ "env": "test", "appCode": "HOSP001", "appKey": KEY, "paasId": "p", "paasToken": "t" })
}

fn with(field: &str, v: Value) -> Result<Config> {
    let mut c = base();
    c[field] = v;
    Config::from_json(&c.to_string())
}

fn rejected(field: &str, v: Value) -> bool {
    match with(field, v.clone()) {
        Ok(_) => false,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidConfig, "{field}={v}");
            assert!(e.message.contains(field), "{field}={v}: {}", e.message);
            true
        }
    }
}

#[test]
fn env_missing_or_wrong() {
    let mut c = base();
    c.as_object_mut().unwrap().remove("env");
    let missing = Config::from_json(&c.to_string()).unwrap_err();
    assert!(
        missing.message.contains("missing: production or test"),
        "{}",
        missing.message
    );
    for v in [json!("prd"), json!(1), json!("")] {
        let e = with("env", v).unwrap_err();
        assert!(
            e.message.contains("env") && !e.message.contains("missing"),
            "{}",
            e.message
        );
    }
    assert_eq!(
        with("env", json!("production")).unwrap().env(),
        Env::Production
    );
}

#[test]
fn business_type_in_the_config() {
    for v in [json!(4), json!("4"), json!(2147483647), json!("2147483647")] {
        let c = with("businessType", v.clone()).unwrap();
        let want = if v == json!(4) || v == json!("4") {
            4
        } else {
            2147483647
        };
        assert_eq!(c.business_type().get(), want, "{v}");
    }
    assert_eq!(
        with("businessType", Value::Null).unwrap().business_type(),
        BusinessType::DEFAULT
    );
    for v in [
        json!(0),
        json!(-1),
        json!(2147483648u64),
        json!("2147483648"),
        json!("12345678901"),
        json!(""),
        json!("+4"),
        json!(" 4"),
        json!("4a"),
        json!(4.5),
        json!(true),
    ] {
        assert!(rejected("businessType", v.clone()), "{v} accepted");
    }
}

#[test]
fn business_type_parse_and_from_a_call() {
    for (s, ok) in [
        ("1", Some(1)),
        ("01", Some(1)),
        ("2147483647", Some(2147483647)),
        ("0", None),
        ("", None),
        ("2147483648", None),
        ("99999999999999999999999", None),
        ("+1", None),
        ("-1", None),
        ("1 ", None),
    ] {
        assert_eq!(
            BusinessType::parse(s).ok().map(BusinessType::get),
            ok,
            "{s:?}"
        );
    }
    for (n, ok) in [
        ("1", Some(1)),
        ("2147483647", Some(2147483647)),
        ("0", None),
        ("0.5", None),
        ("1.5", None),
        ("2147483648", None),
        ("-3", None),
        ("\"4\"", None),
    ] {
        let call = format!(r#"{{"now":1700000000000,"nonce":"n1","businessType":{n}}}"#);
        let got = ExchangeCall::parse(&call).map(|o| o.business_type.map(BusinessType::get));
        match ok {
            Some(v) => assert_eq!(got.unwrap(), Some(v), "{n}"),
            None => assert_eq!(
                got.unwrap_err().field.as_deref(),
                Some("businessType"),
                "{n}"
            ),
        }
    }
}

#[test]
fn limits_of_timeout_and_body_cap() {
    let c = Config::from_json(&base().to_string()).unwrap();
    assert_eq!((c.timeout_ms(), c.max_body_bytes()), (10_000, 1_048_576));
    assert_eq!(
        with("timeoutMs", json!(600_000)).unwrap().timeout_ms(),
        600_000
    );
    assert_eq!(with("timeoutMs", json!(1)).unwrap().timeout_ms(), 1);
    assert_eq!(
        with("maxBodyBytes", json!(67_108_864))
            .unwrap()
            .max_body_bytes(),
        67_108_864
    );
    assert_eq!(with("maxBodyBytes", json!(1)).unwrap().max_body_bytes(), 1);
    for (f, v) in [
        ("timeoutMs", json!(600_001)),
        ("timeoutMs", json!(0)),
        ("maxBodyBytes", json!(67_108_865)),
        ("maxBodyBytes", json!(0)),
    ] {
        assert!(rejected(f, v.clone()), "{f}={v} accepted");
    }
}

#[test]
fn required_strings_and_app_code() {
    for f in ["appCode", "appKey", "paasId", "paasToken"] {
        assert!(rejected(f, json!("")), "empty {f} accepted");
        assert!(rejected(f, Value::Null), "null {f} accepted");
    }
    assert_eq!(
        with("appCode", json!("A".repeat(32)))
            .unwrap()
            .app_code()
            .len(),
        32
    );
    assert_eq!(
        with("appCode", json!("a_b-C9")).unwrap().app_code(),
        "a_b-C9"
    );
    for v in ["A".repeat(33), "a b".into(), "a#b".into(), "医院".into()] {
        assert!(rejected("appCode", json!(v)), "appCode {v:?} accepted");
    }
    assert!(rejected("appSecret", json!("")));
}

#[test]
fn decrypt_fields_auto_always_never() {
    for v in ["auto", "always", "never"] {
        let c = with("decryptFields", json!({ "name": v, "healthCardNo": v })).unwrap();
        assert_eq!(c.name_policy, c.health_card_policy);
    }
    let auto = with("decryptFields", json!({ "name": "auto" })).unwrap();
    let dflt = Config::from_json(&base().to_string()).unwrap();
    assert_eq!(auto.name_policy, dflt.name_policy);
    let never = with("decryptFields", json!({ "name": "never" })).unwrap();
    assert_ne!(never.name_policy, dflt.name_policy);
    assert!(rejected("decryptFields", json!({ "name": "sometimes" })));
    assert!(rejected("decryptFields", json!({ "phone": "auto" })));
}

#[test]
fn getters_return_what_was_configured() {
    let c = with("gateway", json!({ "signatureCase": "lower" })).unwrap();
    assert_eq!(c.env(), Env::Test);
    assert_eq!(c.app_code(), "HOSP001");
    assert_eq!(c.credentials().paas_id(), "p");
    assert_eq!(c.credentials().service_id(), Some(TEST_SERVICE_ID));
    assert_ne!(c.gateway_options(), &GatewayOptions::default());
    assert_eq!(c.base_url(), DEFAULT_BASE_URL);
    assert_eq!(
        c.sm4().encrypt_str("小明", crate::sm4::Encoding::Hex),
        "0a504c329ff631c16bd487b2fdc3489f"
    );
}

fn api_json(extra: &str) -> Result<Api> {
    Api::from_json(&format!(
        r#"{{"paasId":"p","paasToken":"tok-SECRET-1","appSecret":"sec-SECRET-2","serviceId":"S1","baseUrl":"https://gw.example/api"{extra}}}"#
    ))
}

#[test]
fn options_are_validated_and_defaulted() {
    let a = api_json("").unwrap();
    assert_eq!((a.timeout_ms(), a.max_body_bytes()), (10_000, 1024 * 1024));
    let a = api_json(r#","timeoutMs":500,"maxBodyBytes":2048"#).unwrap();
    assert_eq!((a.timeout_ms(), a.max_body_bytes()), (500, 2048));
    for (extra, field) in [
        (r#","timeoutMs":0"#, "timeoutMs"),
        (r#","maxBodyBytes":67108865"#, "maxBodyBytes"),
        (r#","baseUrl2":"x""#, "baseUrl2"),
        (r#","gateway":{"prefix":1}"#, "gateway"),
        (r#","allowInsecureHttp":"yes""#, "allowInsecureHttp"),
    ] {
        let e = api_json(extra).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig, "{extra}");
        assert!(e.message.contains(field), "{}", e.message);
    }
    let e = Api::from_json(r#"{"paasId":"p","paasToken":"t","baseUrl":"https://gw.example/api"}"#)
        .unwrap_err();
    assert!(e.message.contains("serviceId"));
    let e = Api::from_json(r#"{"paasId":"p","paasToken":"t","serviceId":"S"}"#).unwrap_err();
    assert!(e.message.contains("baseUrl"));
    assert!(Api::from_json(
        r#"{"paasId":"p","paasToken":"t","serviceId":"S","baseUrl":"http://10.0.0.1/x"}"#
    )
    .is_err());
}

#[test]
fn base_urls() {
    let long_ok = format!("https://gw.example/{}", "a".repeat(2048 - 19));
    assert_eq!(long_ok.len(), 2048);
    let long_bad = format!("{long_ok}a");
    let accepted = [
        "https://gw.example/api",
        "HTTPS://gw.example/api",
        "https://gw.example:1/api",
        "https://gw.example:65535/api",
        "https://gw.example./api",
        "https://a/api",
        "https://gw_1.example/api",
        "https://[::1]:8443/api",
        "https://[2001:db8::1]/api",
        "https://gw.example?x=1",
        "http://localhost:8787/api",
        "http://LOCALHOST/api",
        "http://127.0.0.1/api",
        "http://127.8.9.10:1/api",
        "http://[::1]/api",
        long_ok.as_str(),
    ];
    for url in accepted {
        assert!(validate_base_url(url, false).is_ok(), "{url} refused");
    }
    let refused = [
        long_bad.as_str(),
        "https://gw.example/a b",
        "https://gw.example/a\tb",
        "https://gw.example/医院",
        "https://gw.example/api#frag",
        "gw.example/api",
        "https://user:pw@gw.example/api",
        "https://[zz]/api",
        "https://[::1/api",
        "https:///api",
        "https://./api",
        "https://gw!.example/api",
        "https://gw.example:/api",
        "https://gw.example:0/api",
        "https://gw.example:65536/api",
        "https://gw.example:99999/api",
        "https://gw.example:123456/api",
        "https://gw.example:8a/api",
        "http://gw.example/api",
        "http://10.0.0.1/api",
        "ftp://gw.example/api",
    ];
    for url in refused {
        let e = validate_base_url(url, false).unwrap_err();
        assert!(e.message.contains("baseUrl"), "{url}: {}", e.message);
        assert!(
            !e.message.contains("gw.example"),
            "{url}: the URL is quoted"
        );
    }
    // Plain http is refused with the way out named; other schemes are told to use https.
    let e = validate_base_url("http://gw.example/api", false).unwrap_err();
    assert!(e.message.contains("allowInsecureHttp"), "{}", e.message);
    let e = validate_base_url("ftp://gw.example/api", false).unwrap_err();
    assert!(
        e.message.contains("must start with https://"),
        "{}",
        e.message
    );
    // allowInsecureHttp opens plain http, and only that.
    assert!(validate_base_url("http://gw.example/api", true).is_ok());
    assert!(validate_base_url("ftp://gw.example/api", true).is_err());
    assert!(rejected("baseUrl", json!("http://10.0.0.1/api")));
    let mut c = base();
    c["baseUrl"] = json!("http://10.0.0.1/api");
    c["allowInsecureHttp"] = json!(true);
    assert_eq!(
        Config::from_json(&c.to_string()).unwrap().base_url(),
        "http://10.0.0.1/api"
    );
}

#[test]
fn accepted_fields_are_derived_from_the_types() {
    let (zh, en) = gateway_forms();
    // Every field a GatewayOptions serializes to, plus alsoSign (never serialized: it holds a token).
    let fields = serde_json::to_value(GatewayOptions::default()).unwrap();
    let mut names: Vec<&str> = fields
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.push("alsoSign");
    assert_eq!(names.len(), 11);
    for n in &names {
        assert!(zh.contains(n) && en.contains(n), "{n} missing from {en}");
    }
    assert!(
        en.contains("signatureCase(upper|lower)")
            && en.contains("serviceIdPlacement(header|query|omit)")
    );
    let mut c = base();
    c["gateway"] = json!({ "nope": 1 });
    let e = Config::from_json(&c.to_string()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("gateway.nope"));
    for n in ["extraHeaders", "paasIdInQuery", "alsoSign"] {
        assert!(e.message.contains(n), "{}", e.message);
    }
    c["gateway"] = json!({ "prefix": 1 });
    assert_eq!(
        Config::from_json(&c.to_string())
            .unwrap_err()
            .field
            .as_deref(),
        Some("gateway")
    );
    c["gateway"] = json!({ "prefix": "x tsp" });
    assert_eq!(
        Config::from_json(&c.to_string())
            .unwrap_err()
            .field
            .as_deref(),
        Some("gateway.prefix")
    );
    let (zh, en) = decrypt_fields_forms();
    assert!(zh.contains("healthCardNo") && en.contains("name and healthCardNo"));
}

#[test]
fn every_config_error_names_its_field() {
    for (field, v) in [
        ("env", json!("prd")),
        ("appCode", json!("a b")),
        ("appKey", json!("short")),
        ("paasId", json!("")),
        ("paasToken", json!(1)),
        ("appSecret", json!("a b")),
        ("serviceId", json!(false)),
        ("baseUrl", json!("ftp://x")),
        ("businessType", json!(0)),
        ("timeoutMs", json!(0)),
        ("maxBodyBytes", json!(-1)),
        ("allowInsecureHttp", json!("yes")),
        ("decryptFields", json!({ "name": "sometimes" })),
    ] {
        let mut c = base();
        c[field] = v;
        let e = Config::from_json(&c.to_string()).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidConfig, Some(field)),
            "{}",
            e.message
        );
    }
    let mut c = base();
    c["extra"] = json!(1);
    assert_eq!(
        Config::from_json(&c.to_string())
            .unwrap_err()
            .field
            .as_deref(),
        Some("extra")
    );
}

#[test]
fn a_verify_spec_prints_its_expectation_without_the_token() {
    let spec = verify_options_from_json(
        r#"{"paasToken":"tok-never-printed","paasId":"pid-1","maxSkewSeconds":60}"#,
        1_700_000_000_000,
    )
    .unwrap();
    let shown = format!("{spec:?}");
    assert!(shown.starts_with("VerifySpec"), "{shown}");
    assert!(shown.contains("pid-1"), "{shown}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(!shown.contains("tok-never-printed"), "{shown}");
}
