//! 输入规则：请求头名与值、nonce、时间戳、code、appCode、baseUrl。每条规则只在这里写一次。
//!
//! The input rules, each written once: header names and values, nonces, timestamps, one-time
//! codes, the appCode and base URLs. Signing, verifying, the config and the JavaScript layer all
//! ask these functions; an error names the input (`field`) and never echoes its value.

use crate::error::{Error, ErrorCode, Result};

/// `[A-Za-z0-9_-]`：code、appCode 与请求头名的字符 / the characters of a code, an appCode and a
/// header name.
pub fn is_code_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// 请求头名（及其前缀、后缀）：1–64 个 `[A-Za-z0-9_-]`。
///
/// A header name, prefix or suffix: 1–64 of `[A-Za-z0-9_-]`, a subset of the HTTP token that
/// every gateway, proxy and fetch implementation accepts.
///
/// ```
/// use yjt_sso::rules::is_header_name;
/// assert!(is_header_name("x-tsp") && !is_header_name("x tsp") && !is_header_name(""));
/// ```
pub fn is_header_name(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(is_code_char)
}

/// 凭据类请求头值：非空可见 ASCII（无空格、CR/LF），≤ 512 字节；错误只点名字段。
///
/// A credential sent as a header value (paasId, paasToken, appSecret, serviceId): non-empty
/// visible ASCII up to 512 bytes, so nothing can inject a header line. The error names `field`.
///
/// ```
/// use yjt_sso::rules::check_header_value;
/// assert!(check_header_value("paasId", "p-1").is_ok());
/// assert_eq!(check_header_value("paasId", "a b").unwrap_err().field.as_deref(), Some("paasId"));
/// ```
pub fn check_header_value(field: &str, v: &str) -> Result<()> {
    if !v.is_empty() && v.len() <= 512 && v.bytes().all(|b| b.is_ascii_graphic()) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidConfig,
        format!(
            "{field} 须为非空的可见 ASCII 字符（不含空格与换行）({field} must be non-empty visible ASCII)"
        ),
    )
    .with_field(field))
}

/// 静态请求头值（`gateway.extraHeaders`、调用方的额外请求头）：可打印 ASCII，≤ 1024 字节。
///
/// A static header value (`gateway.extraHeaders`, a caller's extra header): printable ASCII
/// (spaces allowed, no control characters), at most 1024 bytes.
///
/// ```
/// use yjt_sso::rules::is_static_header_value;
/// assert!(is_static_header_value("a b") && !is_static_header_value("a\nb"));
/// ```
pub fn is_static_header_value(v: &str) -> bool {
    v.len() <= 1024 && v.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// 时间戳：1–20 位十进制数字（秒或毫秒），签名与校验共用。
///
/// A timestamp as signed and as verified: 1–20 decimal digits (seconds or milliseconds).
///
/// ```
/// use yjt_sso::rules::is_timestamp;
/// assert!(is_timestamp("1700000000") && !is_timestamp("17e8") && !is_timestamp(""));
/// ```
pub fn is_timestamp(t: &str) -> bool {
    !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit())
}

/// nonce：1–64 个可见 ASCII 字符，不含逗号（实际网关里见过 `0100007f:01940736acbc:019de1`、`0.8273…`）。
///
/// A nonce: 1–64 visible ASCII characters, no whitespace and no comma. Field nonces include
/// `0100007f:01940736acbc:019de1` and `0.8273…`. No comma because the forwarded-user signature
/// joins nonce, uid and uinfo with commas: a comma inside one would let a captured request be
/// re-split into a new nonce with the same signature (a replay).
///
/// ```
/// use yjt_sso::rules::is_nonce;
/// assert!(is_nonce("0100007f:01940736acbc:019de1") && !is_nonce("a b") && !is_nonce("n,u1"));
/// ```
pub fn is_nonce(n: &str) -> bool {
    !n.is_empty() && n.len() <= 64 && n.bytes().all(|b| b.is_ascii_graphic() && b != b',')
}

/// 转发用户的 uid、uinfo、ext：可打印 ASCII，≤ 4096 字节；uid 非空；uid 与 uinfo 不含逗号（签名串以逗号连接各部分，
/// 逗号可在两部分间挪动而签名不变），ext 在最后，可含逗号。
///
/// A forwarded user's `uid`, `uinfo` or `ext`: printable ASCII up to 4096 bytes; `uid`
/// non-empty; no comma in `uid` or `uinfo` (the string to sign joins the parts with commas, so a
/// comma inside one could move to the next with the same signature); `ext`, the last, may
/// hold commas.
///
/// ```
/// use yjt_sso::rules::is_user_part;
/// assert!(is_user_part("uid", "u1001") && !is_user_part("uid", "u1001,a") && is_user_part("ext", "a,b"));
/// ```
pub fn is_user_part(part: &str, v: &str) -> bool {
    v.len() <= 4096
        && v.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !(part == "uid" && v.trim().is_empty())
        && !(part != "ext" && v.contains(','))
}

/// 由 HTTP 传输层决定的请求头（长度、分帧、连接、主机、代理）：调用方给出会让请求挂起或被改写。
///
/// Headers the HTTP transport owns (length, framing, connection, host, proxy): a caller value
/// would hang the request (a wrong `Content-Length`) or change where and how it goes.
///
/// ```
/// use yjt_sso::rules::is_transport_header;
/// assert!(is_transport_header("Content-Length") && is_transport_header("proxy-authorization") && !is_transport_header("x-trace-id"));
/// ```
pub fn is_transport_header(name: &str) -> bool {
    const OWNED: [&str; 10] = [
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "host",
        "upgrade",
        "te",
        "trailer",
        "expect",
        "proxy-connection",
    ];
    let n = name.to_ascii_lowercase();
    OWNED.contains(&n.as_str()) || n.starts_with("proxy-")
}

/// 校验调用方给的 nonce / checks a nonce the caller supplied (`INVALID_INPUT`, field `nonce`).
pub(crate) fn check_nonce(n: &str) -> Result<()> {
    if is_nonce(n) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidInput,
        "nonce 须为 1–64 个可见 ASCII 字符，不含逗号 (nonce must be 1–64 visible ASCII characters, no comma)",
    )
    .with_field("nonce"))
}

/// 校验调用方给的时间戳 / checks a timestamp the caller supplied (`INVALID_INPUT`, field
/// `timestamp`).
pub(crate) fn check_timestamp(t: &str) -> Result<()> {
    if is_timestamp(t) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidInput,
        "timestamp 须为十进制数字 (timestamp must be decimal digits)",
    )
    .with_field("timestamp"))
}

/// 校验一次性 code：1–64 个 `[A-Za-z0-9_-]`；其他一律在拼 URL 前拒绝，且不回显。
///
/// Validates a one-time code: 1–64 of `[A-Za-z0-9_-]`. Anything else is refused before it can
/// reach a URL; the code is not echoed.
///
/// ```
/// use yjt_sso::rules::validate_code;
/// assert!(validate_code("afadsgfaar").is_ok());
/// assert_eq!(validate_code("a&b").unwrap_err().field.as_deref(), Some("code"));
/// ```
pub fn validate_code(code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 64 || !code.bytes().all(is_code_char) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "code 须为 1–64 个字母、数字、- 或 _ (code must be 1–64 of [A-Za-z0-9_-])",
        )
        .with_field("code"));
    }
    Ok(())
}

/// appCode：1–32 个 `[A-Za-z0-9_-]` / an appCode: 1–32 of `[A-Za-z0-9_-]`.
///
/// ```
/// assert!(yjt_sso::rules::is_app_code("HOSP001") && !yjt_sso::rules::is_app_code("a b"));
/// ```
pub fn is_app_code(v: &str) -> bool {
    !v.is_empty() && v.len() <= 32 && v.bytes().all(is_code_char)
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn url_err(zh: &str, en: &str) -> Error {
    crate::error::config_error("baseUrl", zh, en)
}

/// baseUrl：`scheme://host[:port]/path?query`，须能被 fetch 的 URL 解析器接受。
///
/// `scheme://host[:port]/path?query`, as fetch's URL parser will accept it: ASCII without
/// whitespace or `#`, no userinfo, a host, a port 1–65535, https unless loopback or allowed.
///
/// ```
/// use yjt_sso::rules::validate_base_url;
/// assert!(validate_base_url("https://gw.example/api", false).is_ok());
/// assert!(validate_base_url("http://127.0.0.1:8787/api", false).is_ok());
/// assert_eq!(validate_base_url("http://gw.example/api", false).unwrap_err().field.as_deref(), Some("baseUrl"));
/// ```
pub fn validate_base_url(url: &str, allow_insecure: bool) -> Result<()> {
    if url.len() > 2048 || !url.bytes().all(|b| b.is_ascii_graphic()) || url.contains('#') {
        return Err(url_err(
            "须为不含空白与 # 的 ASCII URL（最长 2048）",
            "must be an ASCII URL without whitespace or # (at most 2048)",
        ));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| url_err("须以 https:// 开头", "must start with https://"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(url_err("不能包含用户名密码", "must not carry credentials"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| url_err("IPv6 地址格式不对", "has a malformed IPv6 address"))?;
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(url_err("IPv6 地址格式不对", "has a malformed IPv6 address"));
        }
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() || host.ends_with('.') && host.len() == 1 {
        return Err(url_err("缺少主机名", "has no host"));
    }
    if !host.starts_with('[')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return Err(url_err("主机名含非法字符", "has an invalid host name"));
    }
    if let Some(p) = port {
        let ok = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !ok {
            return Err(url_err("端口须为 1–65535", "port must be 1–65535"));
        }
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback_host(&host.to_ascii_lowercase()) => Ok(()),
        "http" => Err(url_err(
            "不允许明文 http（本机回环地址除外；确需使用请设 allowInsecureHttp: true）",
            "plain http is refused unless loopback or allowInsecureHttp: true",
        )),
        _ => Err(url_err("须以 https:// 开头", "must start with https://")),
    }
}

#[cfg(test)]
mod tests;
