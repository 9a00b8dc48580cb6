use super::*;
use serde_json::{json, Value};

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

fn config() -> Config {
    Config::from_json(&format!(
        r#"{{"env":"test","appCode":"H","appKey":"{KEY}","paasId":"p","paasToken":"t"}}"#
    ))
    .unwrap()
}

fn enc(s: &str) -> String {
    crate::sm4::encrypt_ecb(KEY, s).unwrap()
}

fn data(extra: Value) -> Value {
    let mut d = json!({
        "userId": "u-1", "certificateNo": enc("11010519491231002X"),
        "phone": enc("13800138000"), "name": "张三丰", "gender": 1,
    });
    for (k, v) in extra.as_object().unwrap() {
        d[k] = v.clone();
    }
    d
}

fn decode(d: &Value) -> Result<YjtUser> {
    let raw = serde_json::value::to_raw_value(d).unwrap();
    decode_user(&config(), Some(&raw))
}

#[test]
fn debug_prints_masks_only() {
    let u = decode(&data(json!({ "healthCardNo": "E1234567890ABCDEF" }))).unwrap();
    let dbg = format!("{u:?}");
    for masked in [
        "1101**********002X",
        "138****8000",
        "张*丰",
        "YjtUser",
        "u-1",
    ] {
        assert!(dbg.contains(masked), "{masked} not in {dbg}");
    }
    for plain in [
        "11010519491231002X",
        "13800138000",
        "张三丰",
        "E1234567890ABCDEF",
    ] {
        assert!(!dbg.contains(plain), "{plain} in {dbg}");
    }
}

#[test]
fn odd_field_values() {
    for (g, want) in [
        (json!(""), None),
        (json!("  "), None),
        (json!(" 2 "), Some(2)),
        (json!(null), None),
        (json!(-1), Some(-1)),
    ] {
        assert_eq!(
            decode(&data(json!({ "gender": g.clone() })))
                .unwrap()
                .gender,
            want,
            "{g}"
        );
    }
    for g in [json!("2.5"), json!(1.5), json!(true), json!("男")] {
        let e = decode(&data(json!({ "gender": g.clone() }))).unwrap_err();
        assert!(e.message.contains("data.gender"), "{g}: {}", e.message);
    }
    let u = decode(&data(
        json!({ "userId": 12345, "nation": -3, "channel": " 1 " }),
    ))
    .unwrap();
    assert_eq!(
        (u.user_id.as_str(), u.nation.as_str(), u.channel.as_str()),
        ("12345", "-3", "1")
    );
    for (field, v) in [
        ("nation", json!(1.5)),
        ("certificateType", json!(true)),
        ("userId", json!([1])),
    ] {
        let e = decode(&data(json!({ field: v.clone() }))).unwrap_err();
        assert!(
            e.message.contains(&format!("data.{field}")),
            "{field}={v}: {}",
            e.message
        );
    }
    for v in [json!("  "), json!(null), json!("")] {
        let e = decode(&data(json!({ "userId": v.clone() }))).unwrap_err();
        assert!(e.message.contains("lacks userId"), "{v}: {}", e.message);
    }
    let e = decode(&data(json!({ "nation": "0\u{1b}[31m1" }))).unwrap_err();
    assert!(e.message.contains("control"), "{}", e.message);
}

#[test]
fn data_shapes() {
    let wrapped = Value::String(data(json!({})).to_string());
    assert_eq!(
        decode(&wrapped).unwrap().certificate_no,
        "11010519491231002X"
    );
    for (d, msg) in [
        (json!("not an object"), "not an object"),
        (json!([1]), "not an object"),
        (json!(1), "not an object"),
        (Value::Null, "without data"),
    ] {
        let e = decode(&d).unwrap_err();
        assert!(e.message.contains(msg), "{d}: {}", e.message);
    }
    assert!(decode_user(&config(), None)
        .unwrap_err()
        .message
        .contains("without data"));
}

#[test]
fn decrypted_control_characters_are_refused_or_left_encrypted() {
    // A field that must decrypt and decrypts to control characters: refused, naming the field.
    for field in ["certificateNo", "phone"] {
        let e = decode(&data(json!({ field: enc("138\u{1b}[2J0013") }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse, "{field}");
        assert_eq!(e.field, Some(format!("data.{field}")));
    }
    // A field decrypted only when it looks like ciphertext: control characters mean it does not,
    // so it stays as sent.
    let ct = enc("张\u{7}三");
    let u = decode(&data(json!({ "name": ct, "healthCardNo": enc("E1\r\n") }))).unwrap();
    assert_eq!(u.name, ct);
    assert_eq!(u.health_card_no, enc("E1\r\n"));
    let u = decode(&data(json!({ "name": enc("李四") }))).unwrap();
    assert_eq!(u.name, "李四");
}
