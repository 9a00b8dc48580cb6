use super::*;

fn code(status: u16, body: &str) -> &'static str {
    classify(status, body, &[]).unwrap_err().code.as_str()
}

#[test]
fn envelopes_must_be_objects_with_unique_keys() {
    // serde fills a struct from an array by position: `[1,2]` must not read as errcode 1.
    for body in ["[1,2]", "[]", "[0]", " [0, 0]"] {
        assert_eq!(code(200, body), "BAD_RESPONSE", "{body}");
    }
    assert_eq!(
        code(200, r#"{"errcode":1,"errmsg":"x","errcode":0}"#),
        "BAD_RESPONSE"
    );
    let e = classify(200, r#"{"errcode":0,"errcode":0}"#, &[]).unwrap_err();
    assert!(e.message.contains("duplicate"), "{}", e.message);
    assert_eq!(code(502, "[1,2]"), "HTTP_STATUS");
}

#[test]
fn both_envelope_shapes() {
    let ok = |b: &str| classify(200, b, &[]).map(|d| d.map(|r| r.get().to_owned()));
    assert_eq!(
        ok(r#"{"errcode":0,"data":{"a":1}}"#).unwrap().as_deref(),
        Some(r#"{"a":1}"#)
    );
    assert_eq!(ok(r#"{"errcode":"0"}"#).unwrap(), None);
    assert_eq!(
        ok(r#"{"code":200,"message":"成功","success":true,"data":1}"#)
            .unwrap()
            .as_deref(),
        Some("1")
    );
    assert_eq!(ok(r#"{"code":0,"data":2}"#).unwrap().as_deref(), Some("2"));
    assert_eq!(ok(r#"{"code":200}"#).unwrap(), None);
    let e = ok(r#"{"code":500,"message":"服务异常","success":false}"#).unwrap_err();
    assert_eq!((e.code, e.errcode), (ErrorCode::GatewayFailure, Some(500)));
    assert!(e.message.contains("服务异常"));
    let e = ok(r#"{"success":false,"msg":"no"}"#).unwrap_err();
    assert_eq!((e.code, e.errcode), (ErrorCode::GatewayFailure, Some(1)));
    let e = ok(r#"{"code":"3","success":false}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::GatewaySignature);
    // errcode wins over code/success when both are present.
    let e = ok(r#"{"errcode":2,"code":200,"success":true}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::GatewayInvalidParams);
    assert_eq!(code(200, r#"{"errcode":1.5}"#), "BAD_RESPONSE");
    assert_eq!(code(200, r#"{"success":"yes"}"#), "BAD_RESPONSE");
}

#[test]
fn errmsg_scrubbed_before_truncation() {
    let long = format!("{}tok-SECRET-123", "a ".repeat(47));
    let body = format!(r#"{{"errcode":1,"errmsg":"{long}"}}"#);
    let e = classify(200, &body, &["tok-SECRET-123"]).unwrap_err();
    assert!(!e.message.contains("tok-SECRE"), "{}", e.message);
    let e = classify(200, r#"{"errcode":1,"errmsg":"phone 138 0013 8000"}"#, &[]).unwrap_err();
    assert!(!e.message.contains("0013"), "{}", e.message);
}

#[test]
fn errcode_labels_and_non_2xx_envelopes() {
    let e = classify(200, r#"{"errcode":1,"errmsg":"x"}"#, &[]).unwrap_err();
    assert!(
        e.message.contains("failure") && !e.message.contains("unknown"),
        "{}",
        e.message
    );
    let e = classify(200, r#"{"errcode":77,"errmsg":"x"}"#, &[]).unwrap_err();
    assert!(e.message.contains("unknown errcode"), "{}", e.message);
    // A success envelope or one without an outcome under a non-2xx status is an HTTP error.
    for body in [r#"{"errcode":0,"data":{}}"#, r#"{"foo":1}"#] {
        let e = classify(500, body, &[]).unwrap_err();
        assert_eq!(
            (e.code, e.status),
            (ErrorCode::HttpStatus, Some(500)),
            "{body}"
        );
    }
    let e = classify(200, r#"{"foo":1}"#, &[]).unwrap_err();
    assert!(e.message.contains("no errcode"), "{}", e.message);
}

#[test]
fn timestamp_rejections_point_at_the_clock() {
    for body in [
        r#"{"errcode":2,"errmsg":"参数不合法：时间戳超出允许范围"}"#,
        r#"{"errcode":400000400,"errmsg":"bad timestamp."}"#,
    ] {
        let e = classify(200, body, &[]).unwrap_err();
        assert!(e.message.contains("NTP"), "{}", e.message);
    }
    for body in [
        r#"{"errcode":2,"errmsg":"参数不合法：code"}"#,
        r#"{"errcode":3,"errmsg":"timestamp"}"#,
    ] {
        assert!(
            !classify(200, body, &[])
                .unwrap_err()
                .message
                .contains("NTP"),
            "{body}"
        );
    }
}

#[test]
fn bodies_of_errors_are_quoted_only_when_safe() {
    for (status, body) in [
        (502, "[\"张三\", \"11010519491231002X\"]"),
        (500, "{\"name\":\"张三\""),
    ] {
        let e = classify(status, body, &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::HttpStatus);
        assert!(
            e.message.contains("not quoted") && !e.message.contains("张三"),
            "{}",
            e.message
        );
    }
    let e = classify(200, "[\"张三\"", &[]).unwrap_err();
    assert!(
        e.message.contains("not quoted") && !e.message.contains("张三"),
        "{}",
        e.message
    );
    let e = classify(503, "  ", &[]).unwrap_err();
    assert!(e.message.contains("empty body"), "{}", e.message);
    let e = classify(500, "Bad Gateway 张三", &[]).unwrap_err();
    assert!(e.message.contains("«Bad Gateway ··»"), "{}", e.message);
    for (status, retry) in [
        (429, true),
        (502, true),
        (503, true),
        (504, true),
        (500, false),
        (404, false),
        (301, false),
    ] {
        assert_eq!(
            classify(status, "x", &[]).unwrap_err().retryable,
            retry,
            "{status}"
        );
    }
    // A JSON kind other than an object is named.
    for (body, kind) in [
        ("\"s\"", "string"),
        ("null", "null"),
        ("true", "boolean"),
        ("1", "number"),
        ("[1]", "array"),
    ] {
        let e = classify(200, body, &[]).unwrap_err();
        assert!(
            e.message.contains(&format!("JSON {kind}")),
            "{body}: {}",
            e.message
        );
    }
}

#[test]
fn the_input_a_gateway_blames_becomes_the_field() {
    for (errmsg, field) in [
        ("参数不合法：时间戳超出允许范围", Some("timestamp")),
        ("bad timestamp.", Some("timestamp")),
        ("参数不合法：nonce 重复", Some("nonce")),
        ("nonce reused.", Some("nonce")),
        ("验签失败：appSecret 不匹配", Some("appSecret")),
        ("参数不合法：service ID 不匹配", Some("serviceId")),
        ("unknown serviceId", Some("serviceId")),
        ("验签失败：paasid 未授权", Some("paasId")),
        ("验签失败", None),
        ("bad signature.", None),
    ] {
        let body = serde_json::json!({ "errcode": 2, "errmsg": errmsg }).to_string();
        let e = classify(200, &body, &[]).unwrap_err();
        assert_eq!(e.field.as_deref(), field, "{errmsg}");
    }
}

#[test]
fn success_false_is_a_failure_whatever_errcode_says() {
    assert_eq!(
        code(200, r#"{"errcode":"0","success":false,"data":1}"#),
        "GATEWAY_FAILURE"
    );
    assert_eq!(
        code(200, r#"{"errcode":0,"success":false,"code":3}"#),
        "GATEWAY_SIGNATURE"
    );
    assert!(classify(200, r#"{"errcode":0,"success":true,"data":1}"#, &[]).is_ok());
    // errcode 0 with success false: `code` names the failure unless it says success (0, 200).
    for body in [
        r#"{"errcode":0,"success":false,"code":200}"#,
        r#"{"errcode":0,"success":false,"code":0}"#,
    ] {
        assert_eq!(
            classify(200, body, &[]).unwrap_err().errcode,
            Some(1),
            "{body}"
        );
    }
    // A non-zero errcode with success false keeps its own errcode.
    assert_eq!(
        code(200, r#"{"errcode":2,"success":false,"code":3}"#),
        "GATEWAY_INVALID_PARAMS"
    );
}
