//! 网关签名：`HEX(SHA-256(timestamp + paasToken + nonce + timestamp))`，转发用户时加入 uid、uinfo、ext。
//!
//! The gateway signature. The **token** is signed; the appSecret only travels as its own header.
//! When the gateway forwards a user, the user's uid, uinfo and ext join the signed string.

use super::variant::{HexCase, TimestampUnit};
use sha2::{Digest, Sha256};

/// 网关转发给服务方的用户信息（进入签名）/ the user the gateway forwards to a provider; covered
/// by the signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForwardedUser {
    /// `x-…-uid`.
    pub uid: String,
    /// `x-…-uinfo`.
    pub uinfo: String,
    /// `x-…-ext`.
    pub ext: String,
}

/// 计算网关签名：`HEX(SHA-256(timestamp + token + nonce + timestamp))`，默认大写。
///
/// The gateway signature over `timestamp + token + nonce + timestamp`.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let s = signature("1700000000", "token", "abcdef0123456789", HexCase::Upper);
/// assert_eq!(s.len(), 64);
/// ```
pub fn signature(timestamp: &str, token: &str, nonce: &str, case: HexCase) -> String {
    signature_for(timestamp, token, nonce, None, case)
}

/// 带转发用户的签名：`HEX(SHA-256(ts + token + nonce + "," + uid + "," + uinfo + "," + ext + ts))`。
///
/// The signature when the gateway forwards a user: the user's uid, uinfo and ext join the
/// signed string, comma-separated, between the nonce and the closing timestamp.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let u = ForwardedUser { uid: "u1".into(), uinfo: "i".into(), ext: "".into() };
/// let s = signature_for("1700000000", "tok", "n1", Some(&u), HexCase::Upper);
/// assert_ne!(s, signature("1700000000", "tok", "n1", HexCase::Upper));
/// ```
pub fn signature_for(
    timestamp: &str,
    token: &str,
    nonce: &str,
    user: Option<&ForwardedUser>,
    case: HexCase,
) -> String {
    let mut h = Sha256::new();
    h.update(timestamp.as_bytes());
    h.update(token.as_bytes());
    h.update(nonce.as_bytes());
    if let Some(u) = user {
        for part in [&u.uid, &u.uinfo, &u.ext] {
            h.update(b",");
            h.update(part.as_bytes());
        }
    }
    h.update(timestamp.as_bytes());
    let d = h.finalize();
    match case {
        HexCase::Upper => base16ct::upper::encode_string(&d),
        HexCase::Lower => base16ct::lower::encode_string(&d),
    }
}

/// 把毫秒时间转为网关时间戳字符串 / formats "now" (ms since the epoch) in the configured unit.
///
/// ```
/// # use yjt_sso::gateway::*;
/// assert_eq!(format_timestamp(1_700_000_000_123, TimestampUnit::Seconds), "1700000000");
/// ```
pub fn format_timestamp(now_ms: u64, unit: TimestampUnit) -> String {
    match unit {
        TimestampUnit::Seconds => (now_ms / 1000).to_string(),
        TimestampUnit::Milliseconds => now_ms.to_string(),
    }
}

#[cfg(test)]
mod tests;
