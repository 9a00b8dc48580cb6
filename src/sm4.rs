//! SM4-ECB-PKCS#7，与 Java `Sm4Utils.encryptEcb / decryptEcb / verifyEcb` 兼容。
//!
//! SM4 (GB/T 32907-2016) in ECB mode with PKCS#7 padding (Java's "PKCS5Padding"), as the
//! 粤健通 interface document's Java `Sm4Utils` does it: key = the hospital's `appKey` as 32 hex
//! characters, plaintext UTF-8, ciphertext lowercase hex. The block cipher is RustCrypto's
//! `sm4` (natively) or the constant-time [`crate::sm4_ct`] (WebAssembly); ECB is a loop over
//! the cipher's multi-block API and PKCS#7 comes from RustCrypto `block-padding`.
//!
//! The key schedule runs once, in [`Sm4::new`]; the object is then reused for every call and the
//! round keys are zeroized when it is dropped.

use crate::error::{Error, ErrorCode, Result};
use base64ct::{Base64, Encoding as _};
use cipher::block_padding::{Padding, Pkcs7};
use cipher::consts::U16;
use cipher::generic_array::GenericArray;
use cipher::inout::InOutBuf;
use cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use zeroize::Zeroizing;

/// The block cipher behind [`Sm4`]: the constant-time SIMD implementation in the WebAssembly
/// build (what the npm package ships), RustCrypto's table-based `sm4` elsewhere (host tests and
/// native users; it is also the reference the constant-time one is tested against).
#[cfg(target_arch = "wasm32")]
type Cipher = crate::sm4_ct::Sm4Ct;
#[cfg(not(target_arch = "wasm32"))]
type Cipher = sm4::Sm4;

/// 当前构建的 SM4 实现是否为常量时间 / whether this build's SM4 is the constant-time one.
///
/// ```
/// # use yjt_sso::sm4::*;
/// if !yjt_sso::sm4::CONSTANT_TIME { eprintln!("table-based SM4 (native build)"); }
/// ```
pub const CONSTANT_TIME: bool = cfg!(target_arch = "wasm32");

/// SM4 分组长度（字节）/ the SM4 block size in bytes.
pub const BLOCK_SIZE: usize = 16;

/// From this many blocks on, the constant-time cipher takes its bitsliced batch path (cheaper for
/// many blocks; its frames also reach deeper into the stack).
#[cfg(any(test, target_arch = "wasm32"))]
pub(crate) const BITSLICE_MIN_BLOCKS: usize = 32;
// The cipher's own threshold (src/sm4_ct.rs) must be this one: the build fails otherwise.
#[cfg(target_arch = "wasm32")]
const _: () = assert!(BITSLICE_MIN_BLOCKS == crate::sm4_ct::BITSLICE_TAIL_MIN);

/// The shortest text that can carry a ciphertext of [`BITSLICE_MIN_BLOCKS`] blocks (as base64,
/// the densest encoding the core reads): a shorter exchange response cannot send a field down the
/// bitsliced path, so the JS layer follows it with a shallower stack scrub (js/generated.ts).
#[cfg(test)]
pub(crate) const BULK_FIELD_BYTES: usize = (BITSLICE_MIN_BLOCKS * BLOCK_SIZE).div_ceil(3) * 4;

// One message for a bad padding and for bad UTF-8: telling them apart would leak about a bit per
// chosen block to whoever can submit ciphertexts.
const DECRYPT_FAILED: &str =
    "解密失败：密钥不对或密文已损坏 (decryption failed: wrong key or corrupted ciphertext)";

const KEY_FORMS: &str = "SM4 密钥须为 32 位十六进制字符、16 个字符或 16 字节 \
     (SM4 key must be 32 hex characters, 16 characters, or 16 bytes)";

/// 密文的文本编码 / how ciphertext is written as text.
///
/// ```
/// # use yjt_sso::sm4::*;
/// let e = Encoding::parse("HEX")?; // 大写十六进制 / uppercase hex
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// 小写十六进制（Java Sm4Utils 默认）/ lowercase hex, the Java default.
    #[default]
    Hex,
    /// 大写十六进制 / uppercase hex.
    HexUpper,
    /// 标准 base64（带填充）/ standard base64 with padding.
    Base64,
}

impl Encoding {
    /// 编码名（与 [`Encoding::parse`] 对应）/ the names [`Encoding::parse`] accepts.
    pub const NAMES: [&'static str; 3] = ["hex", "HEX", "base64"];

    /// 从 `"hex"`、`"HEX"`、`"base64"` 解析 / parse `"hex"`, `"HEX"` or `"base64"`.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// assert_eq!(Encoding::parse("base64")?, Encoding::Base64);
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "hex" => Ok(Encoding::Hex),
            "HEX" => Ok(Encoding::HexUpper),
            "base64" => Ok(Encoding::Base64),
            _ => Err(Error::new(
                ErrorCode::InvalidInput,
                "encoding 只能是 hex、HEX 或 base64 (encoding must be hex, HEX or base64)",
            )),
        }
    }
}

/// 解析密钥：32 位十六进制（大小写均可）、16 个字符（取其 UTF-8 字节）。错误消息不回显密钥。
///
/// Parses a key given as text: 32 hex characters (either case) or 16 characters whose UTF-8
/// encoding is 16 bytes. Anything else is `INVALID_KEY`; the key is never echoed.
///
/// ```
/// # use yjt_sso::sm4::*;
/// let k = parse_key("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
/// assert_eq!(k[0], 0xA7);
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn parse_key(key: &str) -> Result<Zeroizing<[u8; 16]>> {
    let mut out = Zeroizing::new([0u8; 16]);
    // Only the length (public) selects the form; hex digits decode in constant time.
    match key.len() {
        32 => match base16ct::mixed::decode(key, out.as_mut_slice()) {
            Ok(_) => Ok(out),
            Err(_) => Err(Error::new(ErrorCode::InvalidKey, KEY_FORMS)),
        },
        16 => {
            out.copy_from_slice(key.as_bytes());
            Ok(out)
        }
        _ => Err(Error::new(ErrorCode::InvalidKey, KEY_FORMS)),
    }
}

/// 从 16 字节构造密钥 / a key from raw bytes, which must be exactly 16.
///
/// ```
/// # use yjt_sso::sm4::*;
/// let k = key_from_bytes(&[0u8; 16])?;
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn key_from_bytes(key: &[u8]) -> Result<Zeroizing<[u8; 16]>> {
    let mut out = Zeroizing::new([0u8; 16]);
    if key.len() != 16 {
        return Err(Error::new(ErrorCode::InvalidKey, KEY_FORMS));
    }
    out.copy_from_slice(key);
    Ok(out)
}

/// 展开后的 SM4 密钥，可重复使用；释放时清零轮密钥。
///
/// An expanded SM4 key, reusable across calls; round keys are zeroized on drop.
///
/// ```
/// # use yjt_sso::sm4::*;
/// let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
/// assert_eq!(sm4.encrypt_str("小明", Encoding::Hex), "0a504c329ff631c16bd487b2fdc3489f");
/// assert_eq!(sm4.decrypt_str("0a504c329ff631c16bd487b2fdc3489f", Encoding::Hex)?, "小明");
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Clone)]
pub struct Sm4 {
    cipher: Cipher,
}

impl core::fmt::Debug for Sm4 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sm4 { key: [REDACTED] }")
    }
}

impl Sm4 {
    /// 由 16 字节密钥构造（只做一次密钥扩展）/ from a 16-byte key; runs the key schedule once.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// let sm4 = Sm4::new(&[0x01; 16]);
    /// ```
    pub fn new(key: &[u8; 16]) -> Self {
        Sm4 {
            cipher: Cipher::new(key.into()),
        }
    }

    /// 由文本密钥构造，规则见 [`parse_key`] / from a text key, see [`parse_key`].
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn new_from_str(key: &str) -> Result<Self> {
        Ok(Self::new(&*parse_key(key)?))
    }

    /// 加密任意字节（PKCS#7 填充）/ encrypts bytes with PKCS#7 padding.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// let ct = sm4.encrypt_bytes(b"hello");
    /// assert_eq!(ct.len(), 16);
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn encrypt_bytes(&self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() + BLOCK_SIZE);
        out.extend_from_slice(data);
        let (full, last) = self.encrypt_split(&mut out);
        // The plaintext tail (under 16 bytes) is overwritten by the last block.
        out.truncate(full);
        out.extend_from_slice(&last);
        out
    }

    /// Encrypts the whole blocks of `data` in place and returns their length and the last
    /// ciphertext block (the rest of `data`, PKCS#7-padded): the ciphertext is
    /// `data[..full] ‖ last`. Lets a caller that owns the buffer skip a copy.
    pub(crate) fn encrypt_split(&self, data: &mut [u8]) -> (usize, [u8; BLOCK_SIZE]) {
        // ECB by hand on top of the block-cipher API: `ecb` 0.1's encryptor hands the cipher one
        // block at a time (ParBlocksSize = 1), which would starve the SIMD paths.
        let full = data.len() - data.len() % BLOCK_SIZE;
        let (body, tail) = data.split_at_mut(full);
        let mut last = Zeroizing::new([0u8; BLOCK_SIZE]);
        if let Some(head) = last.get_mut(..tail.len()) {
            head.copy_from_slice(tail);
        }
        <Pkcs7 as Padding<U16>>::pad(GenericArray::from_mut_slice(&mut last[..]), tail.len());
        let (blocks, _) = InOutBuf::from(body).into_chunks::<U16>();
        self.cipher.encrypt_blocks_inout(blocks);
        self.cipher
            .encrypt_block(GenericArray::from_mut_slice(&mut last[..]));
        (full, *last)
    }

    /// 解密字节并校验填充；长度须为 16 的正整数倍。
    ///
    /// Decrypts bytes and checks the padding; the length must be a positive multiple of 16.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// assert_eq!(sm4.decrypt_bytes(&sm4.encrypt_bytes(b"x"))?, b"x");
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn decrypt_bytes(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.decrypt_vec(data.to_vec())
    }

    /// [`Sm4::decrypt_bytes`] on a buffer it may overwrite: decrypted in place, no copy.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn decrypt_owned(&self, data: Vec<u8>) -> Result<Vec<u8>> {
        self.decrypt_vec(data)
    }

    /// Decrypts in place, so the text path decodes hex once and copies nothing after that.
    fn decrypt_vec(&self, data: Vec<u8>) -> Result<Vec<u8>> {
        let len = data.len();
        if len == 0 || !len.is_multiple_of(BLOCK_SIZE) {
            return Err(Error::new(
                ErrorCode::DecryptFailed,
                format!(
                    "密文长度 {len} 字节不是 16 的正整数倍 (ciphertext length {len} is not a positive multiple of 16)"
                ),
            ));
        }
        // Zeroizing: on a padding error the buffer (now plaintext) is wiped when dropped.
        let mut buf = Zeroizing::new(data);
        let (blocks, _) = InOutBuf::from(&mut buf[..]).into_chunks::<U16>();
        self.cipher.decrypt_blocks_inout(blocks);
        let last_start = len - BLOCK_SIZE;
        let kept = buf
            .get(last_start..)
            .map(GenericArray::from_slice)
            .and_then(|last| <Pkcs7 as Padding<U16>>::unpad(last).ok())
            .map(<[u8]>::len)
            .ok_or_else(|| Error::new(ErrorCode::DecryptFailed, DECRYPT_FAILED))?;
        buf.truncate(last_start + kept);
        Ok(core::mem::take(&mut *buf))
    }

    /// 一次解密多段十六进制密文（各自独立填充）；各段的块一起送入分组密码，常量时间实现按批处理，段越多越省。
    ///
    /// Decrypts several hex ciphertexts to UTF-8 strings, each with its own padding, in one pass
    /// of the block cipher: the constant-time cipher works on batches of blocks, so one pass over
    /// all fields costs about what one field costs. Each result is what [`Sm4::decrypt_str`]
    /// would return for that text.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// let r = sm4.decrypt_hex_many(&["0a504c329ff631c16bd487b2fdc3489f", "zz", "791410f8740fede1ad58d8ebd8ba1b0d"]);
    /// assert_eq!(r[0].as_deref().ok(), Some("小明"));
    /// assert!(r[1].is_err());
    /// assert_eq!(r[2].as_deref().ok(), Some("13800138000"));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn decrypt_hex_many(&self, texts: &[&str]) -> Vec<Result<String>> {
        // Where each text's blocks go in one buffer; a text that is not whole blocks of hex is
        // an error of its own. Ciphertext is public: the fast (not constant-time) hex decoder.
        let mut total = 0;
        let spans: Vec<Result<(usize, usize)>> = texts
            .iter()
            .map(|t| {
                let len = t.trim().len() / 2;
                if len == 0 || !len.is_multiple_of(BLOCK_SIZE) || t.trim().len() % 2 != 0 {
                    return Err(Error::new(
                        ErrorCode::DecryptFailed,
                        format!("密文长度 {len} 字节不是 16 的正整数倍 (ciphertext length {len} is not a positive multiple of 16)"),
                    ));
                }
                total += len;
                Ok((total - len, len))
            })
            .collect();
        let mut buf = Zeroizing::new(vec![0u8; total]);
        let spans: Vec<Result<(usize, usize)>> = spans
            .into_iter()
            .zip(texts)
            .map(|(span, t)| {
                let (at, len) = span?;
                let dst = buf.get_mut(at..at + len).unwrap_or_default();
                hex::decode_to_slice(t.trim(), dst).map_err(|_| {
                    Error::new(
                        ErrorCode::InvalidInput,
                        "密文不是合法的十六进制 (ciphertext is not valid hex)",
                    )
                })?;
                Ok((at, len))
            })
            .collect();
        // All of it decrypted in place in one call; a span that failed to decode is zeros.
        let (blocks, _) = InOutBuf::from(&mut buf[..]).into_chunks::<U16>();
        self.cipher.decrypt_blocks_inout(blocks);
        spans
            .into_iter()
            .map(|span| {
                let (at, len) = span?;
                let plain = buf.get(at..at + len).unwrap_or_default();
                let kept = plain
                    .get(len - BLOCK_SIZE..)
                    .map(GenericArray::from_slice)
                    .and_then(|last| <Pkcs7 as Padding<U16>>::unpad(last).ok())
                    .map(<[u8]>::len)
                    .ok_or_else(|| Error::new(ErrorCode::DecryptFailed, DECRYPT_FAILED))?;
                let text = plain.get(..len - BLOCK_SIZE + kept).unwrap_or_default();
                core::str::from_utf8(text)
                    .map(str::to_owned)
                    .map_err(|_| Error::new(ErrorCode::DecryptFailed, DECRYPT_FAILED))
            })
            .collect()
    }

    /// 加密 UTF-8 文本并按指定编码输出 / encrypts UTF-8 text and encodes the ciphertext.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// assert_eq!(sm4.encrypt_str("", Encoding::Hex), "a6e32659fba0e9185851b7411d8e1f16");
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn encrypt_str(&self, plaintext: &str, encoding: Encoding) -> String {
        encode(&self.encrypt_bytes(plaintext.as_bytes()), encoding)
    }

    /// 解密文本密文为 UTF-8 字符串。十六进制大小写均可，首尾空白忽略；`Base64` 时按 base64 解码。
    ///
    /// Decrypts text ciphertext to a UTF-8 string. Hex may be either case (`Hex` and `HexUpper`
    /// both accept both); surrounding whitespace is ignored.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// assert_eq!(sm4.decrypt_str("791410F8740FEDE1AD58D8EBD8BA1B0D", Encoding::Hex)?, "13800138000");
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn decrypt_str(&self, ciphertext: &str, encoding: Encoding) -> Result<String> {
        let plain = self.decrypt_vec(decode(ciphertext, encoding)?)?;
        String::from_utf8(plain).map_err(|e| {
            drop(Zeroizing::new(e.into_bytes()));
            Error::new(ErrorCode::DecryptFailed, DECRYPT_FAILED)
        })
    }

    /// 校验密文是否为给定明文加密所得（常量时间比较）。
    ///
    /// Whether `ciphertext` decrypts to `plaintext` (compared in constant time). Malformed
    /// ciphertext is simply `false`, like Java's `verifyEcb`.
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// assert!(sm4.verify("0a504c329ff631c16bd487b2fdc3489f", "小明", Encoding::Hex));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn verify(&self, ciphertext: &str, plaintext: &str, encoding: Encoding) -> bool {
        let Ok(bytes) = decode(ciphertext, encoding) else {
            return false;
        };
        match self.decrypt_bytes(&bytes) {
            Ok(plain) => ct_eq(&Zeroizing::new(plain), plaintext.as_bytes()),
            Err(_) => false,
        }
    }

    /// 宽松解密：仅当输入“看起来像密文”（十六进制、整块、填充有效、UTF-8 且无控制字符）时返回明文。
    ///
    /// Decrypts only when the input looks like ciphertext — hex, whole blocks, valid padding,
    /// valid UTF-8 without control characters — and returns `None` otherwise. Used for fields the
    /// gateway may or may not encrypt (`name`, `healthCardNo`).
    ///
    /// ```
    /// # use yjt_sso::sm4::*;
    /// # let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697")?;
    /// assert_eq!(sm4.try_decrypt_hex("0a504c329ff631c16bd487b2fdc3489f").as_deref(), Some("小明"));
    /// assert_eq!(sm4.try_decrypt_hex("张三"), None);
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn try_decrypt_hex(&self, text: &str) -> Option<String> {
        // Empty or odd-length text fails to decrypt like any other non-ciphertext.
        let s = self.decrypt_str(text.trim(), Encoding::Hex).ok()?;
        if s.chars().any(char::is_control) {
            return None;
        }
        Some(s)
    }
}

/// 编码密文字节 / encodes ciphertext bytes.
///
/// ```
/// # use yjt_sso::sm4::*;
/// assert_eq!(encode(&[0xab], Encoding::HexUpper), "AB");
/// ```
pub fn encode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Hex => base16ct::lower::encode_string(bytes),
        Encoding::HexUpper => base16ct::upper::encode_string(bytes),
        Encoding::Base64 => Base64::encode_string(bytes),
    }
}

/// 解码文本密文（忽略首尾空白；十六进制大小写均可）/ decodes text ciphertext.
///
/// ```
/// # use yjt_sso::sm4::*;
/// assert_eq!(decode(" AB ", Encoding::Hex)?, vec![0xab]);
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn decode(text: &str, encoding: Encoding) -> Result<Vec<u8>> {
    let t = text.trim();
    match encoding {
        Encoding::Hex | Encoding::HexUpper => base16ct::mixed::decode_vec(t).map_err(|_| {
            Error::new(
                ErrorCode::InvalidInput,
                "密文不是合法的十六进制 (ciphertext is not valid hex)",
            )
        }),
        Encoding::Base64 => Base64::decode_vec(t).map_err(|_| {
            Error::new(
                ErrorCode::InvalidInput,
                "密文不是合法的 base64 (ciphertext is not valid base64)",
            )
        }),
    }
}

/// 常量时间字节比较（长度不同直接返回 false）/ constant-time equality for equal lengths.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimizer from turning the fold into an early-exit compare.
    core::hint::black_box(diff) == 0
}

/// Java `Sm4Utils.encryptEcb(hexKey, plaintext)`：输出小写十六进制。
///
/// Java-compatible helper: lowercase-hex ciphertext of UTF-8 `plaintext`.
///
/// ```
/// # use yjt_sso::sm4::*;
/// assert_eq!(encrypt_ecb("A7E2D00B4058086CBD3D4B8A5E0B2697", "小明")?, "0a504c329ff631c16bd487b2fdc3489f");
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn encrypt_ecb(key: &str, plaintext: &str) -> Result<String> {
    Ok(Sm4::new_from_str(key)?.encrypt_str(plaintext, Encoding::Hex))
}

/// Java `Sm4Utils.decryptEcb(hexKey, cipherHex)`。
///
/// Java-compatible helper: decrypts hex ciphertext (either case) to UTF-8.
///
/// ```
/// # use yjt_sso::sm4::*;
/// assert_eq!(decrypt_ecb("A7E2D00B4058086CBD3D4B8A5E0B2697", "0a504c329ff631c16bd487b2fdc3489f")?, "小明");
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn decrypt_ecb(key: &str, cipher_hex: &str) -> Result<String> {
    Sm4::new_from_str(key)?.decrypt_str(cipher_hex, Encoding::Hex)
}

/// Java `Sm4Utils.verifyEcb(hexKey, cipherHex, plaintext)`；密钥不合法时报错。
///
/// Java-compatible helper; a malformed key is an error, malformed ciphertext is `false`.
///
/// ```
/// # use yjt_sso::sm4::*;
/// assert!(verify_ecb("A7E2D00B4058086CBD3D4B8A5E0B2697", "0a504c329ff631c16bd487b2fdc3489f", "小明")?);
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn verify_ecb(key: &str, cipher_hex: &str, plaintext: &str) -> Result<bool> {
    Ok(Sm4::new_from_str(key)?.verify(cipher_hex, plaintext, Encoding::Hex))
}

#[cfg(test)]
mod tests;
