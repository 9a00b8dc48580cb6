//! 统一错误类型：稳定的字符串错误码；消息不含密钥、令牌或未脱敏的个人信息。
//!
//! One error type with stable string codes (the JavaScript `YjtError.code`). Messages never
//! carry a key, token, secret or unmasked personal data.

use core::fmt;
use serde::Serialize;

/// 稳定错误码；`as_str()` 即 JS 侧 `YjtError.code` / stable error codes, as JS sees them.
///
/// ```
/// use yjt_sso::ErrorCode;
/// assert_eq!(ErrorCode::GatewaySignature.as_str(), "GATEWAY_SIGNATURE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "YjtErrorCode"))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// 配置缺失或不合法 / a config field is missing or invalid.
    InvalidConfig,
    /// 调用参数不合法 / a call argument is malformed.
    InvalidInput,
    /// SM4 密钥格式不对 / the SM4 key is not 32 hex chars, 16 characters or 16 bytes.
    InvalidKey,
    /// 解密失败（长度、填充、UTF-8）/ ciphertext length, padding or UTF-8 is wrong.
    DecryptFailed,
    /// 网络错误（JS 传输层）/ network failure (the JS transport).
    Network,
    /// 超时（JS 传输层）/ timeout (the JS transport).
    Timeout,
    /// 调用方取消（JS 传输层）/ aborted by the caller's signal (the JS transport).
    Aborted,
    /// HTTP 状态码非 2xx / non-2xx HTTP status.
    HttpStatus,
    /// 响应不是预期的 JSON / the response body is not the expected JSON.
    BadResponse,
    /// errcode 1 失败 / the gateway answered errcode 1.
    GatewayFailure,
    /// errcode 2 参数不合法 / the gateway answered errcode 2.
    GatewayInvalidParams,
    /// errcode 3 验签失败 / the gateway answered errcode 3.
    GatewaySignature,
    /// 网关层拒绝（4000004xx 等）/ a gateway-level rejection (4000004xx family).
    GatewayRejected,
    /// 入站请求缺少网关请求头 / an inbound request lacks a gateway header.
    MissingHeader,
    /// 入站请求头格式不对 / an inbound gateway header is malformed.
    InvalidHeader,
    /// 时间戳偏差超限 / the inbound timestamp is outside the allowed skew.
    TimestampSkew,
    /// 签名不匹配 / the inbound signature does not match.
    SignatureMismatch,
    /// 入站请求的 paasId、appSecret、service ID 或额外请求头与预期不符 / an inbound paasId,
    /// appSecret, service id or extra header is missing or not the expected value.
    HeaderMismatch,
    /// WASM 实例故障（JS 层）/ the WebAssembly instance trapped (the JS layer).
    Internal,
    /// 共享存储（如 Redis）不可用或超时（JS 层）/ the shared store (e.g. Redis) failed or timed out (the JS layer).
    StoreUnavailable,
    /// 共享存储中的值被篡改或挪到了别的键（JS 层）/ a value in the shared store was altered or moved to another key (the JS layer).
    StoreTampered,
    /// 入站请求的 nonce 在时间窗内已用过（JS 层，多实例共享存储）/ an inbound nonce was already used within the window (the JS layer, shared store).
    NonceReplay,
}

impl ErrorCode {
    /// 全部错误码 / every code, in declaration order.
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::InvalidConfig,
        ErrorCode::InvalidInput,
        ErrorCode::InvalidKey,
        ErrorCode::DecryptFailed,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::HttpStatus,
        ErrorCode::BadResponse,
        ErrorCode::GatewayFailure,
        ErrorCode::GatewayInvalidParams,
        ErrorCode::GatewaySignature,
        ErrorCode::GatewayRejected,
        ErrorCode::MissingHeader,
        ErrorCode::InvalidHeader,
        ErrorCode::TimestampSkew,
        ErrorCode::SignatureMismatch,
        ErrorCode::HeaderMismatch,
        ErrorCode::Internal,
        ErrorCode::StoreUnavailable,
        ErrorCode::StoreTampered,
        ErrorCode::NonceReplay,
    ];

    /// 字符串形式 / the stable string form.
    ///
    /// ```
    /// assert_eq!(yjt_sso::ErrorCode::InvalidKey.as_str(), "INVALID_KEY");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InvalidConfig => "INVALID_CONFIG",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::InvalidKey => "INVALID_KEY",
            ErrorCode::DecryptFailed => "DECRYPT_FAILED",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::HttpStatus => "HTTP_STATUS",
            ErrorCode::BadResponse => "BAD_RESPONSE",
            ErrorCode::GatewayFailure => "GATEWAY_FAILURE",
            ErrorCode::GatewayInvalidParams => "GATEWAY_INVALID_PARAMS",
            ErrorCode::GatewaySignature => "GATEWAY_SIGNATURE",
            ErrorCode::GatewayRejected => "GATEWAY_REJECTED",
            ErrorCode::MissingHeader => "MISSING_HEADER",
            ErrorCode::InvalidHeader => "INVALID_HEADER",
            ErrorCode::TimestampSkew => "TIMESTAMP_SKEW",
            ErrorCode::SignatureMismatch => "SIGNATURE_MISMATCH",
            ErrorCode::HeaderMismatch => "HEADER_MISMATCH",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::StoreUnavailable => "STORE_UNAVAILABLE",
            ErrorCode::StoreTampered => "STORE_TAMPERED",
            ErrorCode::NonceReplay => "NONCE_REPLAY",
        }
    }
}

/// 本 crate 的错误 / the crate's error.
///
/// ```
/// let err = yjt_sso::Sm4::new_from_str("short").unwrap_err();
/// assert_eq!(err.code.as_str(), "INVALID_KEY");
/// assert!(!err.message.contains("short"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// 错误码 / the stable code.
    pub code: ErrorCode,
    /// 说明（中文在前）/ the message, Chinese first.
    pub message: String,
    /// 网关 errcode / the gateway's errcode, when there was one.
    pub errcode: Option<i64>,
    /// HTTP 状态码 / the HTTP status, when it matters.
    pub status: Option<u16>,
    /// 重试是否可能成功 / whether retrying the same call can succeed.
    pub retryable: bool,
    /// 出错的输入：配置项（`appKey`、`gateway.prefix`）、入站请求头（`x-tsp-timestamp`）或调用参数
    /// （`code`）/ the input at fault: a config field, an inbound header or a call argument.
    pub field: Option<String>,
}

impl Error {
    /// 不可重试、无 errcode/status 的错误 / a plain, non-retryable error.
    ///
    /// ```
    /// use yjt_sso::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidInput, "code 格式不对");
    /// assert_eq!(e.to_string(), "[INVALID_INPUT] code 格式不对");
    /// ```
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            errcode: None,
            status: None,
            retryable: false,
            field: None,
        }
    }

    /// 点名出错的输入 / names the input at fault.
    ///
    /// ```
    /// use yjt_sso::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidConfig, "appKey 格式不对").with_field("appKey");
    /// assert_eq!(e.field.as_deref(), Some("appKey"));
    /// ```
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn with_errcode(mut self, errcode: i64) -> Self {
        self.errcode = Some(errcode);
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }
}

/// 错误越过 WASM 边界时的形式（JS 层据此构造 `YjtError`）/ an error as it crosses into
/// JavaScript, which builds a `YjtError` from it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "CoreError"))]
pub struct ErrorView<'a> {
    /// 错误码 / the code.
    #[cfg_attr(test, ts(type = "YjtErrorCode"))]
    pub code: &'static str,
    /// 说明 / the message.
    pub message: &'a str,
    /// 网关 errcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional, type = "number"))]
    pub errcode: Option<i64>,
    /// HTTP 状态码 / the HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub status: Option<u16>,
    /// 可否重试 / retryable.
    pub retryable: bool,
    /// 出错的输入 / the input at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<&'a str>,
}

impl Error {
    /// 越过边界的形式 / the form that crosses into JavaScript.
    ///
    /// ```
    /// use yjt_sso::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidInput, "code 格式不对").with_field("code");
    /// let json = serde_json::to_string(&e.view()).unwrap();
    /// assert!(json.contains(r#""code":"INVALID_INPUT""#) && json.contains(r#""field":"code""#));
    /// ```
    pub fn view(&self) -> ErrorView<'_> {
        ErrorView {
            code: self.code.as_str(),
            message: &self.message,
            errcode: self.errcode,
            status: self.status,
            retryable: self.retryable,
            field: self.field.as_deref(),
        }
    }
}

/// 配置项错误：`配置项 F 原因 (config field F: reason)`，并点名字段 / a config-field error that
/// names the field.
pub(crate) fn config_error(field: &str, zh: &str, en: &str) -> Error {
    Error::new(
        ErrorCode::InvalidConfig,
        format!("配置项 {field} {zh} (config field {field}: {en})"),
    )
    .with_field(field)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

/// 本 crate 的 `Result` / the crate's result type.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_unique_and_match_serde() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(seen.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn builders_set_fields() {
        let e = Error::new(ErrorCode::InvalidKey, "密钥格式不对")
            .with_status(500)
            .with_errcode(3)
            .retryable(true);
        assert_eq!(e.to_string(), "[INVALID_KEY] 密钥格式不对");
        assert_eq!(
            (e.status, e.errcode, e.retryable),
            (Some(500), Some(3), true)
        );
    }
}
