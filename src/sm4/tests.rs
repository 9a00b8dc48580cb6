use super::*;
use cipher::BlockEncrypt;

const SEED_KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";

#[test]
fn gbt_32907_single_block() {
    let key: [u8; 16] = hex::decode("0123456789abcdeffedcba9876543210")
        .unwrap()
        .try_into()
        .unwrap();
    let sm4 = Sm4::new(&key);
    let mut block = cipher::generic_array::GenericArray::clone_from_slice(&key);
    sm4.cipher.encrypt_block(&mut block);
    assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
    // Through the padded ECB path the first block must be the same.
    assert_eq!(
        &hex::encode(sm4.encrypt_bytes(&key))[..32],
        "681edf34d206965e86b3e94f536e4246"
    );
}

#[test]
fn gbt_32907_million_iterations() {
    let key: [u8; 16] = hex::decode("0123456789abcdeffedcba9876543210")
        .unwrap()
        .try_into()
        .unwrap();
    let sm4 = Sm4::new(&key);
    let mut block = cipher::generic_array::GenericArray::clone_from_slice(&key);
    for _ in 0..1_000_000 {
        sm4.cipher.encrypt_block(&mut block);
    }
    assert_eq!(hex::encode(block), "595298c7c6fd271f0402f804c33d3f66");
}

#[test]
fn seed_vectors() {
    for (p, c) in [
        ("小明", "0a504c329ff631c16bd487b2fdc3489f"),
        ("", "a6e32659fba0e9185851b7411d8e1f16"),
        ("13800138000", "791410f8740fede1ad58d8ebd8ba1b0d"),
    ] {
        assert_eq!(encrypt_ecb(SEED_KEY, p).unwrap(), c);
        assert_eq!(
            encrypt_ecb(&SEED_KEY.to_lowercase(), p).unwrap(),
            c,
            "lowercase key"
        );
        assert_eq!(decrypt_ecb(SEED_KEY, c).unwrap(), p);
        assert_eq!(decrypt_ecb(SEED_KEY, &c.to_uppercase()).unwrap(), p);
        assert_eq!(decrypt_ecb(SEED_KEY, &format!("  {c}\n")).unwrap(), p);
        assert!(verify_ecb(SEED_KEY, c, p).unwrap());
        assert!(!verify_ecb(SEED_KEY, c, "x").unwrap());
    }
}

#[test]
fn encodings() {
    let sm4 = Sm4::new_from_str(SEED_KEY).unwrap();
    let up = sm4.encrypt_str("小明", Encoding::HexUpper);
    assert_eq!(up, "0A504C329FF631C16BD487B2FDC3489F");
    let b64 = sm4.encrypt_str("小明", Encoding::Base64);
    assert_eq!(b64, "ClBMMp/2McFr1Iey/cNInw==");
    assert_eq!(sm4.decrypt_str(&b64, Encoding::Base64).unwrap(), "小明");
    assert_eq!(sm4.decrypt_str(&up, Encoding::HexUpper).unwrap(), "小明");
    assert!(Encoding::parse("hex").is_ok());
    assert_eq!(
        Encoding::parse("utf8").unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn key_forms() {
    assert!(parse_key(SEED_KEY).is_ok());
    let raw = parse_key("1234567890abcdef").unwrap();
    assert_eq!(&raw[..], b"1234567890abcdef");
    for bad in [
        "",
        "abc",
        "A7E2D00B4058086CBD3D4B8A5E0B269",
        "A7E2D00B4058086CBD3D4B8A5E0B26977",
        "G7E2D00B4058086CBD3D4B8A5E0B2697",
        "密钥密钥密钥密钥密钥密钥密钥密钥", // 16 chars but 48 bytes
    ] {
        let e = parse_key(bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidKey);
        if !bad.is_empty() {
            assert!(!e.message.contains(bad), "key echoed");
        }
    }
    assert!(key_from_bytes(&[1; 16]).is_ok());
    assert_eq!(
        key_from_bytes(&[1; 15]).unwrap_err().code,
        ErrorCode::InvalidKey
    );
    // A 16-char raw key and the hex of the same bytes are the same key.
    let a = Sm4::new_from_str("1234567890abcdef").unwrap();
    let b = Sm4::new_from_str(&hex::encode("1234567890abcdef")).unwrap();
    assert_eq!(a.encrypt_bytes(b"x"), b.encrypt_bytes(b"x"));
}

#[test]
fn decrypt_errors() {
    let sm4 = Sm4::new_from_str(SEED_KEY).unwrap();
    let code = |s: &str| sm4.decrypt_str(s, Encoding::Hex).unwrap_err().code;
    assert_eq!(code("zz"), ErrorCode::InvalidInput);
    assert_eq!(code("abc"), ErrorCode::InvalidInput);
    assert_eq!(code(""), ErrorCode::DecryptFailed);
    assert_eq!(code("00"), ErrorCode::DecryptFailed);
    // Valid length, wrong key → bad padding (with overwhelming probability for this block).
    let other = Sm4::new(&[7; 16]).encrypt_str("13800138000", Encoding::Hex);
    assert_eq!(code(&other), ErrorCode::DecryptFailed);
    // Valid padding, invalid UTF-8: same code and the same message as a bad padding.
    let bad_utf8 = hex::encode(sm4.encrypt_bytes(&[0xff, 0xfe]));
    assert_eq!(code(&bad_utf8), ErrorCode::DecryptFailed);
    let msg = |s: &str| sm4.decrypt_str(s, Encoding::Hex).unwrap_err().message;
    assert_eq!(msg(&bad_utf8), msg(&other));
    assert_eq!(
        sm4.decrypt_str("!!", Encoding::Base64).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert!(!sm4.verify("zz", "", Encoding::Hex));
}

#[test]
fn many_fields_in_one_pass_decrypt_like_one_at_a_time() {
    let sm4 = Sm4::new_from_str(SEED_KEY).unwrap();
    let texts: Vec<String> = ["", "小明", "13800138000", "a", &"长".repeat(40)]
        .iter()
        .map(|p| sm4.encrypt_str(p, Encoding::Hex))
        .chain(
            [
                "",
                "zz",
                "00",
                "0a504c329ff631c16bd487b2fdc3489f00",
                "0123456789abcdef0123456789abcdef",
            ]
            .map(String::from),
        )
        .chain([
            sm4.encrypt_str("x", Encoding::HexUpper),
            format!(" {} ", sm4.encrypt_str("y", Encoding::Hex)),
        ])
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let many = sm4.decrypt_hex_many(&refs);
    assert_eq!(many.len(), refs.len());
    for (t, m) in refs.iter().zip(&many) {
        let one = sm4.decrypt_str(t, Encoding::Hex);
        assert_eq!(m.as_ref().ok(), one.as_ref().ok(), "{t}");
        assert_eq!(m.is_err(), one.is_err(), "{t}");
    }
    assert_eq!(many[4].as_deref().ok(), Some("长".repeat(40).as_str()));
    assert!(sm4.decrypt_hex_many(&[]).is_empty());
}

#[test]
fn lax_decrypt() {
    let sm4 = Sm4::new_from_str(SEED_KEY).unwrap();
    assert_eq!(
        sm4.try_decrypt_hex("0a504c329ff631c16bd487b2fdc3489f")
            .as_deref(),
        Some("小明")
    );
    assert_eq!(sm4.try_decrypt_hex("张三"), None);
    assert_eq!(sm4.try_decrypt_hex(""), None);
    assert_eq!(sm4.try_decrypt_hex("abcd"), None);
    let ctl = sm4.encrypt_str("a\u{0}b", Encoding::Hex);
    assert_eq!(sm4.try_decrypt_hex(&ctl), None);
}

#[test]
fn debug_is_redacted() {
    let sm4 = Sm4::new_from_str(SEED_KEY).unwrap();
    let d = format!("{sm4:?}");
    assert!(!d.to_lowercase().contains("a7e2"));
    assert!(d.contains("REDACTED"));
}

#[test]
fn encoding_names() {
    let want = [Encoding::Hex, Encoding::HexUpper, Encoding::Base64];
    for (name, enc) in Encoding::NAMES.iter().zip(want) {
        assert_eq!(Encoding::parse(name).unwrap(), enc, "{name}");
    }
    for bad in ["", "Hex", "BASE64", "base64url", "utf8"] {
        assert_eq!(
            Encoding::parse(bad).unwrap_err().code,
            ErrorCode::InvalidInput,
            "{bad}"
        );
    }
    let s = Sm4::new_from_str(SEED_KEY).unwrap();
    assert_eq!(
        s.encrypt_str("小明", Encoding::HexUpper),
        "0A504C329FF631C16BD487B2FDC3489F"
    );
    assert_eq!(
        s.encrypt_str("小明", Encoding::Base64),
        "ClBMMp/2McFr1Iey/cNInw=="
    );
}

#[test]
fn ct_eq_works() {
    assert!(ct_eq(b"abc", b"abc"));
    assert!(!ct_eq(b"abc", b"abd"));
    assert!(!ct_eq(b"abc", b"ab"));
    // Two bytes that differ by the same bits must not cancel out.
    assert!(!ct_eq(b"ab", b"ba"));
    assert!(ct_eq(b"", b""));
}
