use super::*;

#[test]
fn code_rules() {
    for ok in ["a", "_", "-", "A_b-9", &"z".repeat(64)] {
        assert!(validate_code(ok).is_ok(), "{ok}");
    }
    for bad in ["", "a b", "a&b", "a#b", "码", "a\n", &"z".repeat(65)] {
        let e = validate_code(bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(bad.is_empty() || !e.message.contains(bad), "{bad}");
    }
}

#[test]
fn timestamps_nonces_and_header_names() {
    assert!(is_timestamp("1") && is_timestamp(&"9".repeat(20)));
    for bad in ["", "1.5", "-1", "1e9", " 1", "１"] {
        assert!(!is_timestamp(bad), "{bad:?}");
    }
    assert!(!is_timestamp(&"1".repeat(21)));
    assert!(is_nonce("0100007f:01940736acbc:019de1") && is_nonce(&"n".repeat(64)));
    for bad in ["", "a b", "a\tb", "é", "n,u1", ","] {
        assert!(!is_nonce(bad), "{bad:?}");
    }
    for (part, ok, bad) in [
        ("uid", "u1001", "u1001,a"),
        ("uinfo", "i", "i,x"),
        ("ext", "x,y", "x\ny"),
    ] {
        assert!(is_user_part(part, ok) && !is_user_part(part, bad), "{part}");
    }
    assert!(
        !is_user_part("uid", " ")
            && is_user_part("uinfo", "")
            && !is_user_part("ext", &"e".repeat(4097))
    );
    assert!(!is_nonce(&"n".repeat(65)));
    assert_eq!(
        check_nonce("a b").unwrap_err().field.as_deref(),
        Some("nonce")
    );
    assert_eq!(
        check_timestamp("x").unwrap_err().field.as_deref(),
        Some("timestamp")
    );
    assert!(is_header_name("x-tsp_1") && is_header_name(&"h".repeat(64)));
    for bad in ["", "x.tsp", "x tsp", "x:tsp", "é"] {
        assert!(!is_header_name(bad), "{bad:?}");
    }
    assert!(!is_header_name(&"h".repeat(65)));
    assert!(is_static_header_value(&"v".repeat(1024)) && is_static_header_value("a b"));
    assert!(!is_static_header_value(&"v".repeat(1025)) && !is_static_header_value("a\u{7f}"));
    assert!(is_app_code("A_1-b") && is_app_code(&"a".repeat(32)));
    assert!(!is_app_code(&"a".repeat(33)) && !is_app_code("") && !is_app_code("a.b"));
    let e = check_header_value("paasToken", "tok en").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidConfig, Some("paasToken"))
    );
    assert!(!e.message.contains("tok en"));
    assert!(check_header_value("f", &"v".repeat(512)).is_ok());
    assert!(check_header_value("f", &"v".repeat(513)).is_err());
}
