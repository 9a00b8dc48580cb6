use super::*;
use crate::config::{BusinessType, PRODUCTION_SERVICE_ID, TEST_SERVICE_ID};
use serde_json::{json, Value};

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

fn opts() -> RequestOptions {
    RequestOptions {
        business_type: None,
        now_ms: 1_700_000_000_000,
        timestamp: None,
        nonce: "abcdef0123456789".into(),
    }
}

fn from(v: &Value) -> Result<Exchange> {
    Exchange::from_json(&v.to_string())
}

fn cfg() -> Value {
    json!({
        "env": "test", "appCode": "HOSP001", "appKey": KEY,
        "paasId": "paas-001", "paasToken": "tok-SECRET-123", "appSecret": "app-SECRET-456",
    })
}

fn ex() -> Exchange {
    from(&cfg()).unwrap()
}

fn enc(s: &str) -> String {
    crate::sm4::encrypt_ecb(KEY, s).unwrap()
}

fn ok_body(data: Value) -> String {
    json!({ "errcode": 0, "errmsg": "SUCCESS", "data": data }).to_string()
}

fn sample() -> Value {
    json!({
        "certificateNo": enc("11010519491231002X"), "certificateType": "01",
        "healthCardNo": "E1234567890", "phone": enc("13800138000"), "name": "张三丰",
        "gender": 1, "nation": "01", "userId": "u-1001", "channel": "1",
    })
}

#[test]
fn build_request_default() {
    let ex = ex();
    let r = ex.build_request("afadsgfaar", &opts()).unwrap();
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.url,
        "https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api?appCode=HOSP001&command=01&code=afadsgfaar&businessType=1"
    );
    let sid = r
        .headers
        .iter()
        .find(|(k, _)| k == "x-tsp-serviceid")
        .unwrap();
    assert_eq!(sid.1, TEST_SERVICE_ID);
    let prod_ex = from(&json!({
        "env": "production", "appCode": "H", "appKey": KEY, "paasId": "p", "paasToken": "t"
    }))
    .unwrap();
    let prod = prod_ex.build_request("c", &opts()).unwrap();
    assert!(prod
        .headers
        .iter()
        .any(|(k, v)| k == "x-tsp-serviceid" && v == PRODUCTION_SERVICE_ID));
    // No appSecret configured → no appSecret header.
    assert!(prod.headers.iter().all(|(k, _)| k != "x-tsp-appSecret"));
}

#[test]
fn build_request_options_and_rejections() {
    let e = ex();
    let r = e
        .build_request(
            "c1",
            &RequestOptions {
                business_type: BusinessType::new(12),
                ..opts()
            },
        )
        .unwrap();
    assert!(r.url.ends_with("businessType=12"));
    for bad in [
        "",
        "a&b",
        "a#b",
        "a b",
        "a\r\nb",
        "码",
        "a%20",
        &"a".repeat(65),
    ] {
        let err = e.build_request(bad, &opts()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
    }
    assert!(BusinessType::new(0).is_none());
    // Service id in the query, base URL that already has a query.
    let mut c = cfg();
    c["gateway"] = json!({ "serviceIdPlacement": "query" });
    c["baseUrl"] = json!("https://proxy.example/gw?route=yjt");
    let q = from(&c).unwrap();
    let r = q.build_request("c", &opts()).unwrap();
    assert_eq!(
        r.url,
        format!("https://proxy.example/gw?route=yjt&appCode=HOSP001&command=01&code=c&businessType=1&serviceId={TEST_SERVICE_ID}")
    );
}

#[test]
fn config_errors_name_the_field_and_never_the_value() {
    let cases: Vec<(&str, Value)> = vec![
        ("env", Value::Null),
        ("env", json!("prod")),
        ("appCode", Value::Null),
        ("appCode", json!("a b")),
        ("appKey", json!("SECRETKEY-not-valid")),
        ("appKey", json!(12345)),
        ("paasId", json!("")),
        ("paasToken", Value::Null),
        ("appSecret", json!("has space")),
        ("baseUrl", json!("http://gw.example/api")),
        ("baseUrl", json!("ftp://x")),
        ("baseUrl", json!("https://user:pw@x/")),
        ("businessType", json!(0)),
        ("businessType", json!(-1)),
        ("businessType", json!(1.5)),
        ("gateway", json!({ "prefix": 1 })),
        ("gateway", json!({ "bogus": true })),
        ("decryptFields", json!({ "name": "sometimes" })),
        ("appcode", json!("HOSP001")),
        ("timeoutMs", json!(0)),
        ("maxBodyBytes", json!(67_108_865)),
    ];
    for (field, v) in cases {
        let mut c = cfg();
        if v.is_null() {
            c.as_object_mut().unwrap().remove(field);
        } else {
            c[field] = v.clone();
        }
        let e = from(&c).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig, "{field} {v}");
        assert!(e.message.contains(field), "{field}: {}", e.message);
        for secret in ["SECRETKEY", "tok-SECRET", "app-SECRET", "has space", "pw@"] {
            assert!(!e.message.contains(secret), "{}", e.message);
        }
    }
    assert!(from(&json!([])).is_err());
    // Loopback http is allowed; other http only with allowInsecureHttp.
    for (url, insecure, ok) in [
        ("http://127.0.0.1:8787/api", false, true),
        ("http://localhost/api", false, true),
        ("http://[::1]:80/api", false, true),
        ("http://10.0.0.1/api", false, false),
        ("http://10.0.0.1/api", true, true),
        ("http://127.0.0.1.evil.example/api", false, false),
    ] {
        let mut c = cfg();
        c["baseUrl"] = json!(url);
        c["allowInsecureHttp"] = json!(insecure);
        assert_eq!(from(&c).is_ok(), ok, "{url}");
    }
}

#[test]
fn parse_success() {
    let u = ex().parse_response(200, ok_body(sample())).unwrap();
    assert_eq!(u.certificate_no, "11010519491231002X");
    assert_eq!(u.phone, "13800138000");
    assert_eq!(u.name, "张三丰");
    assert_eq!(u.user_id, "u-1001");
    assert_eq!(u.gender, Some(1));
    assert_eq!(u.labels.certificate_type, Some("居民身份证"));
    assert_eq!(u.labels.gender, Some("男"));
    assert_eq!(u.labels.nation, Some("汉族"));
    assert_eq!(u.labels.channel, Some("内地"));
    let dbg = format!("{u:?}");
    assert!(!dbg.contains("13800138000") && !dbg.contains("11010519491231002X"));
    assert!(!dbg.contains("张三丰"));
}

#[test]
fn parse_lax_fields_and_policies() {
    let mut d = sample();
    d["name"] = json!(enc("欧阳娜娜"));
    d["healthCardNo"] = json!(enc("HC-0001"));
    d["gender"] = json!("2");
    d["nation"] = json!("77");
    d["userId"] = json!(123456);
    let u = ex().parse_response(200, ok_body(d.clone())).unwrap();
    assert_eq!(u.name, "欧阳娜娜");
    assert_eq!(u.health_card_no, "HC-0001");
    assert_eq!(u.gender, Some(2));
    assert_eq!(u.labels.nation, None);
    assert_eq!(u.nation, "77");
    assert_eq!(u.user_id, "123456");
    // never: left as sent
    let mut c = cfg();
    c["decryptFields"] = json!({ "name": "never", "healthCardNo": "always" });
    let e2 = from(&c).unwrap();
    let u = e2.parse_response(200, ok_body(d.clone())).unwrap();
    assert_eq!(u.name, enc("欧阳娜娜"));
    // always: plain text fails loudly, naming the field
    let mut plain = d.clone();
    plain["healthCardNo"] = json!("HC-PLAIN");
    let err = e2.parse_response(200, ok_body(plain)).unwrap_err();
    assert_eq!(err.code, ErrorCode::DecryptFailed);
    assert!(err.message.contains("healthCardNo"));
    assert!(!err.message.contains("HC-PLAIN"));
    // optional fields may be missing
    let mut min = sample();
    for f in [
        "phone",
        "name",
        "healthCardNo",
        "gender",
        "nation",
        "channel",
    ] {
        min.as_object_mut().unwrap().remove(f);
    }
    let u = ex().parse_response(200, ok_body(min)).unwrap();
    assert_eq!(u.phone, "");
    assert_eq!(u.gender, None);
    assert_eq!(u.labels.gender, None);
    // data as a JSON string
    let body = json!({ "errcode": 0, "errmsg": "ok", "data": sample().to_string() }).to_string();
    assert_eq!(
        ex().parse_response(200, &body).unwrap().phone,
        "13800138000"
    );
}

#[test]
fn empty_decrypted_certificate_no_is_rejected() {
    // Found by the parse_response fuzz target: SM4("") is valid ciphertext.
    for p in ["", "   "] {
        let mut d = sample();
        d["certificateNo"] = json!(enc(p));
        assert_eq!(
            ex().parse_response(200, ok_body(d)).unwrap_err().code,
            ErrorCode::BadResponse
        );
    }
}

#[test]
fn parse_decrypt_failures_name_field_not_value() {
    for (field, val) in [
        ("certificateNo", "11010519491231002X"),
        ("phone", "13800138000"),
        ("certificateNo", "0a504c329ff631c1"),
    ] {
        let mut d = sample();
        d[field] = json!(val);
        let e = ex().parse_response(200, ok_body(d)).unwrap_err();
        assert_eq!(e.code, ErrorCode::DecryptFailed);
        assert!(e.message.contains(field));
        assert!(!e.message.contains(val));
    }
    let wrong_key = crate::sm4::Sm4::new(&[9; 16]);
    let mut d = sample();
    d["phone"] = json!(wrong_key.encrypt_str("13800138000", crate::sm4::Encoding::Hex));
    assert_eq!(
        ex().parse_response(200, ok_body(d)).unwrap_err().code,
        ErrorCode::DecryptFailed
    );
}

#[test]
fn every_secret_of_the_config_is_scrubbed_from_gateway_text() {
    // A 16-character key does not look like a secret to the pattern masks; a 32-hex key
    // echoed in lower case neither matches the configured text. Both are scrubbed by value.
    let ex16 = from(&json!({
        "env": "test", "appCode": "H", "appKey": "q7#Lm!vX p$R&z%k",
        "paasId": "p", "paasToken": "s3cr!t~tok", "appSecret": "a:b;c=d"
    }))
    .unwrap();
    for (ex, echoed) in [
        (&ex16, "q7#Lm!vX p$R&z%k"),
        (&ex16, "s3cr!t~tok"),
        (&ex16, "a:b;c=d"),
        (&ex(), "a7e2d00b4058086cbd3d4b8a5e0b2697"),
        (&ex(), "tok-SECRET-123"),
    ] {
        let body = json!({ "errcode": 3, "errmsg": format!("bad [{echoed}] end") }).to_string();
        let e = ex.parse_response(200, &body).unwrap_err();
        assert!(
            e.message.contains("bad [***] end"),
            "{echoed}: {}",
            e.message
        );
    }
    let dbg = format!("{:?}", ex16.config());
    assert!(
        dbg.contains("app_key_forms: [REDACTED]") && !dbg.contains("q7#Lm"),
        "{dbg}"
    );
}

#[test]
fn parse_each_errcode() {
    for (errcode, code, retry) in [
        (json!(1), ErrorCode::GatewayFailure, false),
        (json!(2), ErrorCode::GatewayInvalidParams, false),
        (json!("3"), ErrorCode::GatewaySignature, false),
        (json!(400000400), ErrorCode::GatewayRejected, false),
        (json!(400000401), ErrorCode::GatewayRejected, false),
        (json!(400000403), ErrorCode::GatewayRejected, false),
        (json!(400000404), ErrorCode::GatewayRejected, false),
        (json!(400000429), ErrorCode::GatewayRejected, true),
        (json!(400000529), ErrorCode::GatewayRejected, true),
        (json!(77), ErrorCode::GatewayFailure, false),
    ] {
        let body = json!({ "errcode": errcode, "errmsg": "bad signature." }).to_string();
        let e = ex().parse_response(200, &body).unwrap_err();
        assert_eq!(e.code, code, "{errcode}");
        assert_eq!(e.retryable, retry, "{errcode}");
        assert!(e.errcode.is_some());
        assert!(e.message.contains("bad signature."));
    }
}

#[test]
fn parse_http_status_classes() {
    for (status, retry) in [
        (400, false),
        (401, false),
        (404, false),
        (429, true),
        (500, false),
        (502, true),
        (503, true),
        (504, true),
        (301, false),
        (100, false),
    ] {
        let e = ex()
            .parse_response(status, "<html>oops</html>")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::HttpStatus, "{status}");
        assert_eq!(e.status, Some(status));
        assert_eq!(e.retryable, retry, "{status}");
    }
    // A gateway envelope under a 4xx is classified by its errcode.
    let e = ex()
        .parse_response(401, r#"{"errcode":400000401,"errmsg":"bad signature."}"#)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::GatewayRejected);
    assert_eq!(e.status, Some(401));
    assert_eq!(e.errcode, Some(400000401));
}

#[test]
fn parse_malformed_bodies() {
    let cases = [
        "",
        "not json",
        "{",
        "[]",
        "null",
        "42",
        "\"str\"",
        r#"{"errmsg":"x"}"#,
        r#"{"errcode":0,"errmsg":"ok"}"#,
        r#"{"errcode":0,"data":null}"#,
        r#"{"errcode":0,"data":[1]}"#,
        r#"{"errcode":0,"data":"not-json"}"#,
        r#"{"errcode":0,"data":{}}"#,
        r#"{"errcode":0,"data":{"userId":"u","certificateNo":{}}}"#,
        r#"{"errcode":0,"data":{"userId":"u","certificateNo":"x","gender":true}}"#,
    ];
    for body in cases {
        let e = ex().parse_response(200, body).unwrap_err();
        assert!(
            matches!(e.code, ErrorCode::BadResponse | ErrorCode::DecryptFailed),
            "{body}: {e}"
        );
    }
    let deep = "[".repeat(100_000);
    assert_eq!(
        ex().parse_response(200, &deep).unwrap_err().code,
        ErrorCode::BadResponse
    );
}

#[test]
fn excerpts_hide_numbers_and_ciphertext() {
    let body =
        "Error for 11010519491231002X phone 13800138000 cipher 791410f8740fede1ad58d8ebd8ba1b0d";
    let e = ex().parse_response(200, body).unwrap_err();
    assert!(!e.message.contains("13800138000"));
    assert!(!e.message.contains("110105194912"));
    assert!(!e.message.contains("791410f8740fede1"));
    let truncated = r#"{"errcode":0,"data":{"name":"张三丰","phone":"79"#;
    let e = ex().parse_response(200, truncated).unwrap_err();
    assert!(!e.message.contains("张三丰"), "{e}");
    let long = "x".repeat(10_000);
    assert!(ex().parse_response(200, &long).unwrap_err().message.len() < 400);
    // A relay that echoes a name, our token and secret: none of them survive.
    let echo = "<html>司马相如 tok-SECRET-123 app-SECRET-456 Bad Gateway</html>";
    for status in [200, 502] {
        let m = ex().parse_response(status, echo).unwrap_err().message;
        for leaked in ["司马相如", "tok-SECRET-123", "app-SECRET-456"] {
            assert!(!m.contains(leaked), "{m}");
        }
        assert!(m.contains("Bad Gateway"), "{m}");
    }
}

#[test]
fn a_404_from_a_base_url_without_the_api_path_says_so() {
    let mut c = cfg();
    c["baseUrl"] = json!("https://proxy.hospital.internal/yjt");
    let e = from(&c)
        .unwrap()
        .parse_response(404, "Not Found")
        .unwrap_err();
    assert_eq!((e.code, e.status), (ErrorCode::HttpStatus, Some(404)));
    assert!(
        e.message.contains("/data_center/gateway/common/api"),
        "{}",
        e.message
    );
    // With the path in place a 404 is just a 404.
    let e = ex().parse_response(404, "Not Found").unwrap_err();
    assert!(!e.message.contains("baseUrl"), "{}", e.message);
}
