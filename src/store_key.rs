//! 共享存储的键名：带密钥的哈希（HMAC-SHA-256），键名里没有 code。
//!
//! Key names in the shared store: HMAC-SHA-256 of the name's parts under a key the JS layer
//! derives (HKDF, Web Crypto) and hands over once, so naming a key is a synchronous call with
//! no Web Crypto round trip before a claim. The key is zeroized when the object is dropped.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// 键名生成器 / names store keys.
pub struct StoreNamer {
    key: Zeroizing<[u8; 32]>,
}

impl StoreNamer {
    /// 32 字节密钥 / from a 32-byte key.
    ///
    /// ```
    /// let n = yjt_sso::store_key::StoreNamer::new(&[7u8; 32]).unwrap();
    /// assert_eq!(n.name("exchange\nhttps://x/?code=abc").len(), 64);
    /// assert!(yjt_sso::store_key::StoreNamer::new(&[7u8; 31]).is_err());
    /// ```
    pub fn new(key: &[u8]) -> Result<Self> {
        let key: [u8; 32] = key.try_into().map_err(|_| {
            Error::new(
                ErrorCode::InvalidInput,
                "存储键名密钥须为 32 字节 (the store naming key must be 32 bytes)",
            )
        })?;
        Ok(StoreNamer {
            key: Zeroizing::new(key),
        })
    }

    /// `parts` 的键名：HMAC-SHA-256 的小写十六进制 / the key name of `parts`: lowercase hex HMAC.
    ///
    /// ```
    /// // RFC 4231 test case 2 ("Jefe") needs a 4-byte key; a 32-byte key is checked in the tests.
    /// let n = yjt_sso::store_key::StoreNamer::new(&[0u8; 32]).unwrap();
    /// assert_ne!(n.name("a"), n.name("b"));
    /// ```
    pub fn name(&self, parts: &str) -> String {
        // new_from_slice accepts any key length; 32 bytes always fits.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.key[..]) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(parts.as_bytes());
        base16ct::lower::encode_string(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests;
