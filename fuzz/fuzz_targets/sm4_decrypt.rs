//! Decryption of untrusted ciphertext: `decrypt_bytes`, `decrypt_str` (Hex / HexUpper /
//! Base64), `try_decrypt_hex`, `verify`, with a fixed key or a key from the input.
//!
//! Invariants: ECB + PKCS#7 is a bijection between byte strings and valid ciphertexts, so
//! `decrypt_bytes(x) == Ok(p)` implies `encrypt_bytes(p) == x`; the string paths agree with the
//! byte path; `verify` is true exactly when `decrypt_str` returns that plaintext.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use yjt_sso::sm4::{decode, encode, Encoding, Sm4, BLOCK_SIZE};

const SEED_KEY: [u8; 16] = [
    0xA7, 0xE2, 0xD0, 0x0B, 0x40, 0x58, 0x08, 0x6C, 0xBD, 0x3D, 0x4B, 0x8A, 0x5E, 0x0B, 0x26, 0x97,
];

#[derive(Arbitrary, Debug)]
enum Key {
    Seed,
    Zero,
    Input([u8; 16]),
}

#[derive(Arbitrary, Debug)]
enum Text<'a> {
    /// Any text.
    Raw(&'a str),
    /// `raw` encoded (so the length/alphabet checks pass), with optional whitespace around it.
    Encoded { upper: bool, base64: bool, pad: u8 },
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    key: Key,
    raw: &'a [u8],
    text: Text<'a>,
    plain: &'a str,
}

const ENCODINGS: [Encoding; 3] = [Encoding::Hex, Encoding::HexUpper, Encoding::Base64];

fuzz_target!(|inp: Input<'_>| {
    let sm4 = match inp.key {
        Key::Seed => Sm4::new(&SEED_KEY),
        Key::Zero => Sm4::new(&[0; 16]),
        Key::Input(k) => Sm4::new(&k),
    };

    // Byte path.
    match sm4.decrypt_bytes(inp.raw) {
        Ok(p) => {
            assert!(!inp.raw.is_empty() && inp.raw.len() % BLOCK_SIZE == 0);
            let pad = inp.raw.len() - p.len();
            assert!((1..=BLOCK_SIZE).contains(&pad), "bad pad length {pad}");
            assert_eq!(sm4.encrypt_bytes(&p), inp.raw, "not a bijection");
        }
        Err(e) => assert_eq!(e.code, yjt_sso::ErrorCode::DecryptFailed),
    }

    let owned;
    let text: &str = match inp.text {
        Text::Raw(s) => s,
        Text::Encoded { upper, base64, pad } => {
            let enc = if base64 {
                Encoding::Base64
            } else if upper {
                Encoding::HexUpper
            } else {
                Encoding::Hex
            };
            let ws = [" ", "\n", "\t", "\r\n", "\u{3000}", ""][(pad % 6) as usize];
            owned = format!("{ws}{}{ws}", encode(inp.raw, enc));
            &owned
        }
    };

    for enc in ENCODINGS {
        let r = sm4.decrypt_str(text, enc);
        let v = sm4.verify(text, inp.plain, enc);
        match &r {
            Ok(p) => {
                let bytes = decode(text, enc).expect("decrypt_str Ok but decode failed");
                assert_eq!(
                    sm4.encrypt_bytes(p.as_bytes()),
                    bytes,
                    "string path not a bijection"
                );
                assert_eq!(sm4.decrypt_bytes(&bytes).unwrap(), p.as_bytes());
                assert!(
                    sm4.verify(text, p, enc),
                    "verify false on its own plaintext"
                );
                assert_eq!(v, p == inp.plain);
            }
            Err(_) => assert!(!v, "verify true but decrypt_str failed"),
        }
        // Hex and HexUpper accept the same inputs (either case).
        if enc == Encoding::HexUpper {
            assert_eq!(
                r.as_ref().ok(),
                sm4.decrypt_str(text, Encoding::Hex).as_ref().ok()
            );
        }
    }

    match sm4.try_decrypt_hex(text) {
        Some(s) => {
            assert_eq!(
                sm4.decrypt_str(text, Encoding::Hex).as_deref(),
                Ok(s.as_str())
            );
            assert!(!s.chars().any(char::is_control));
        }
        None => {
            // None only when it does not look like ciphertext or decodes to control chars.
            if let Ok(p) = sm4.decrypt_str(text, Encoding::Hex) {
                let t = text.trim();
                assert!(
                    t.len() % (2 * BLOCK_SIZE) != 0 || p.chars().any(char::is_control),
                    "try_decrypt_hex refused valid ciphertext"
                );
            }
        }
    }
});
