//! Arbitrary key + plaintext: encrypt then decrypt is the identity, on bytes and on every text
//! encoding, and the encodings agree with each other and with the Java-style helpers.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use yjt_sso::sm4::{decode, encode, Encoding, Sm4, BLOCK_SIZE};
use yjt_sso::{decrypt_ecb, encrypt_ecb, verify_ecb};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    key: [u8; 16],
    bytes: &'a [u8],
    text: &'a str,
}

fuzz_target!(|inp: Input<'_>| {
    let sm4 = Sm4::new(&inp.key);

    // Bytes.
    let ct = sm4.encrypt_bytes(inp.bytes);
    assert_eq!(ct.len(), (inp.bytes.len() / BLOCK_SIZE + 1) * BLOCK_SIZE);
    assert_eq!(sm4.decrypt_bytes(&ct).unwrap(), inp.bytes);
    // Deterministic (ECB), and a clone is the same key.
    assert_eq!(sm4.clone().encrypt_bytes(inp.bytes), ct);

    // Text, every encoding.
    let t = inp.text;
    let hex = sm4.encrypt_str(t, Encoding::Hex);
    let upper = sm4.encrypt_str(t, Encoding::HexUpper);
    let b64 = sm4.encrypt_str(t, Encoding::Base64);
    assert_eq!(upper, hex.to_ascii_uppercase());
    assert!(hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    let raw = sm4.encrypt_bytes(t.as_bytes());
    assert_eq!(hex::decode(&hex).unwrap(), raw);
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(&b64)
            .unwrap(),
        raw
    );
    for (s, enc) in [
        (&hex, Encoding::Hex),
        (&upper, Encoding::HexUpper),
        (&b64, Encoding::Base64),
    ] {
        assert_eq!(encode(&raw, enc), *s);
        assert_eq!(decode(s, enc).unwrap(), raw);
        assert_eq!(sm4.decrypt_str(s, enc).unwrap(), t);
        assert_eq!(sm4.decrypt_str(&format!(" {s}\n"), enc).unwrap(), t);
        assert!(sm4.verify(s, t, enc));
        // A different plaintext never verifies.
        let other = format!("{t}\u{1}");
        assert!(!sm4.verify(s, &other, enc));
    }
    // Hex of either case decrypts under either hex encoding.
    assert_eq!(sm4.decrypt_str(&upper, Encoding::Hex).unwrap(), t);
    assert_eq!(sm4.decrypt_str(&hex, Encoding::HexUpper).unwrap(), t);

    // try_decrypt_hex: Some(t) exactly when t has no control characters.
    let lax = sm4.try_decrypt_hex(&hex);
    if t.chars().any(char::is_control) {
        assert_eq!(lax, None);
    } else {
        assert_eq!(lax.as_deref(), Some(t));
    }

    // Java-style helpers with the key as hex (both cases).
    for key in [hex::encode(inp.key), hex::encode_upper(inp.key)] {
        assert_eq!(encrypt_ecb(&key, t).unwrap(), hex);
        assert_eq!(decrypt_ecb(&key, &upper).unwrap(), t);
        assert!(verify_ecb(&key, &hex, t).unwrap());
    }
    // A 16-byte UTF-8 key given as text is the same key as its bytes.
    if let Ok(k) = core::str::from_utf8(&inp.key) {
        assert_eq!(encrypt_ecb(k, t).unwrap(), hex);
    }
});
