//! `sm4::parse_key` / `key_from_bytes` / `Sm4::new_from_str` and the Java-style helpers on
//! arbitrary keys. Invariant: a text key is accepted iff it is 32 hex characters (→ the decoded
//! bytes) or exactly 16 bytes of UTF-8 (→ those bytes); a byte key iff it is 16 bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yjt_sso::sm4::{key_from_bytes, parse_key, Encoding, Sm4};
use yjt_sso::{decrypt_ecb, encrypt_ecb, verify_ecb, ErrorCode};

fn template_message() -> &'static str {
    static M: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    M.get_or_init(|| parse_key("").unwrap_err().message)
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes.
    match key_from_bytes(data) {
        Ok(k) => {
            assert_eq!(data.len(), 16);
            assert_eq!(&k[..], data);
        }
        Err(e) => {
            assert_ne!(data.len(), 16);
            assert_eq!(e.code, ErrorCode::InvalidKey);
        }
    }

    let Ok(s) = core::str::from_utf8(data) else {
        return;
    };
    let is_hex = s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let expected: Option<Vec<u8>> = if is_hex {
        Some(hex::decode(s).expect("32 hex chars decode"))
    } else if s.len() == 16 {
        Some(s.as_bytes().to_vec())
    } else {
        None
    };
    match (parse_key(s), &expected) {
        (Ok(k), Some(want)) => assert_eq!(&k[..], &want[..]),
        (Err(e), None) => {
            assert_eq!(e.code, ErrorCode::InvalidKey);
            // The key is never echoed: the message is the same for every rejected key.
            assert_eq!(e.message, template_message(), "message depends on the key");
        }
        (got, want) => panic!(
            "parse_key({s:?}) = {:?}, expected {:?}",
            got.map(|k| k.to_vec()),
            want
        ),
    }

    // Sm4::new_from_str and the Java helpers accept exactly the same keys.
    let sm4 = Sm4::new_from_str(s);
    assert_eq!(sm4.is_ok(), expected.is_some());
    let enc = encrypt_ecb(s, "x");
    assert_eq!(enc.is_ok(), expected.is_some());
    let dec = decrypt_ecb(s, "a6e32659fba0e9185851b7411d8e1f16");
    let ver = verify_ecb(s, "a6e32659fba0e9185851b7411d8e1f16", "");
    if let Some(want) = expected {
        let k: [u8; 16] = want.try_into().unwrap();
        let direct = Sm4::new(&k);
        let ct = enc.unwrap();
        assert_eq!(ct, direct.encrypt_str("x", Encoding::Hex));
        assert_eq!(decrypt_ecb(s, &ct).unwrap(), "x");
        assert!(verify_ecb(s, &ct, "x").unwrap());
        // Same ciphertext, whichever way the key was given.
        assert_eq!(sm4.unwrap().encrypt_bytes(data), direct.encrypt_bytes(data));
        assert!(ver.is_ok());
        let _ = dec;
    } else {
        assert_eq!(dec.unwrap_err().code, ErrorCode::InvalidKey);
        assert_eq!(ver.unwrap_err().code, ErrorCode::InvalidKey);
    }
});
