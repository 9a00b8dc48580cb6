//! 每次调用的 JSON 输入（JS 层一次传入一个对象）：签名、网关调用、换取、入站校验。
//!
//! The JSON of one call, as the JavaScript layer passes it — one object per operation:
//! signing headers, a gateway call, an exchange request, an inbound verification.

use crate::error::{Error, ErrorCode, Result};
use crate::gateway::{ForwardedUser, SignInputs};
use crate::json::{parse_object, Scalar};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The clock reading of a call (Unix ms): a non-negative number below 1e17.
pub(super) fn millis(v: &Scalar) -> Result<u64> {
    let ok = match v {
        Scalar::Int(n) => u64::try_from(*n)
            .ok()
            .filter(|n| *n < 100_000_000_000_000_000),
        // NaN and the infinities never reach JSON (they become null); fractions are truncated.
        Scalar::Float(f) if (0.0..1e17).contains(f) => Some(*f as u64),
        _ => None,
    };
    ok.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            "now 须为非负有限数 (now must be a finite non-negative number)",
        )
        .with_field("now")
    })
}

/// JS 传入的 HTTP 状态 → `u16`；须为 100–999 的整数 / a JS status number as `u16`.
///
/// ```
/// assert_eq!(yjt_sso::input::status(200.0)?, 200);
/// assert!(yjt_sso::input::status(99.5).is_err());
/// # Ok::<(), yjt_sso::Error>(())
/// ```
pub fn status(status: f64) -> Result<u16> {
    if status.fract() == 0.0 && (100.0..=999.0).contains(&status) {
        Ok(status as u16)
    } else {
        Err(Error::new(
            ErrorCode::InvalidInput,
            "status 须为 100–999 的整数 (status must be an integer 100–999)",
        )
        .with_field("status"))
    }
}

fn sign_inputs(now: &Scalar, timestamp: Option<String>, nonce: String) -> Result<SignInputs> {
    Ok(SignInputs {
        now_ms: millis(now)?,
        timestamp,
        nonce,
    })
}

/// `gatewayHeaders` 的输入 / the input of `gatewayHeaders`.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "GatewayHeadersCall"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeadersCall<'a> {
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "GatewayCredentialsCore"))]
    /// 网关凭据（JSON）/ the credentials, as JSON.
    pub creds: &'a RawValue,
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "number"))]
    now: Scalar<'a>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    timestamp: Option<String>,
    nonce: String,
    #[serde(default)]
    #[cfg_attr(
        test,
        ts(optional, type = "{ uid: string; uinfo?: string; ext?: string }")
    )]
    user: Option<UserInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserInput {
    uid: String,
    #[serde(default)]
    uinfo: String,
    #[serde(default)]
    ext: String,
}

impl<'a> HeadersCall<'a> {
    /// 解析 / parses the call.
    ///
    /// ```
    /// use yjt_sso::input::HeadersCall;
    /// let (inputs, user) = HeadersCall::parse(r#"{"creds":{},"now":1700000000000,"nonce":"n1"}"#)?.inputs()?;
    /// assert_eq!((inputs.now_ms, user.is_none()), (1_700_000_000_000, true));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Self> {
        parse_object(text, ErrorCode::InvalidInput, "options")
    }
    /// 签名输入与转发用户 / the signing inputs and the forwarded user.
    pub fn inputs(self) -> Result<(SignInputs, Option<ForwardedUser>)> {
        let user = self.user.map(|u| ForwardedUser {
            uid: u.uid,
            uinfo: u.uinfo,
            ext: u.ext,
        });
        Ok((sign_inputs(&self.now, self.timestamp, self.nonce)?, user))
    }
}

/// `GatewayClient.request` 交给内核的部分 / what a `GatewayClient.request` hands the core.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ApiCallCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiCall<'a> {
    #[cfg_attr(test, ts(type = "'GET' | 'POST'"))]
    /// `GET` 或 `POST`。
    pub method: String,
    #[serde(default)]
    /// 查询参数 / query pairs.
    pub query: Vec<(String, String)>,
    #[serde(default)]
    /// 额外请求头 / extra headers.
    pub headers: Vec<(String, String)>,
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "number"))]
    now: Scalar<'a>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    timestamp: Option<String>,
    nonce: String,
}

impl<'a> ApiCall<'a> {
    /// 解析 / parses the call.
    ///
    /// ```
    /// use yjt_sso::input::ApiCall;
    /// let (call, inputs) = ApiCall::parse(r#"{"method":"POST","query":[["command","02"]],"now":1,"nonce":"n1"}"#)?;
    /// assert_eq!((call.method.as_str(), inputs.nonce.as_str()), ("POST", "n1"));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<(Self, SignInputs)> {
        let mut c: ApiCall = parse_object(text, ErrorCode::InvalidInput, "options")?;
        let inputs = sign_inputs(&c.now, c.timestamp.take(), core::mem::take(&mut c.nonce))?;
        Ok((c, inputs))
    }
}

/// 换取请求的输入 / the input of an exchange request.
#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ExchangeCallCore"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeCall<'a> {
    #[serde(borrow, default)]
    #[cfg_attr(test, ts(optional, type = "number"))]
    business_type: Option<Scalar<'a>>,
    #[serde(borrow)]
    #[cfg_attr(test, ts(type = "number"))]
    now: Scalar<'a>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    timestamp: Option<String>,
    nonce: String,
}

impl<'a> ExchangeCall<'a> {
    /// 解析为请求选项 / parses into request options.
    ///
    /// ```
    /// use yjt_sso::input::ExchangeCall;
    /// let o = ExchangeCall::parse(r#"{"now":1,"nonce":"n1","businessType":2}"#)?;
    /// assert_eq!(o.business_type.map(|b| b.get()), Some(2));
    /// assert_eq!(ExchangeCall::parse(r#"{"now":1,"nonce":"n1","businessType":0}"#).unwrap_err().field.as_deref(), Some("businessType"));
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<crate::RequestOptions> {
        let c: ExchangeCall = parse_object(text, ErrorCode::InvalidInput, "options")?;
        let business_type = match &c.business_type {
            None | Some(Scalar::Null) => None,
            Some(Scalar::Int(n)) => Some(
                u64::try_from(*n)
                    .ok()
                    .and_then(crate::BusinessType::new)
                    .ok_or_else(|| crate::BusinessType::error(ErrorCode::InvalidInput))?,
            ),
            // `4.0` is the integer 4 (JSON writers differ); NaN and the infinities never reach JSON.
            Some(Scalar::Float(f))
                if f.fract() == 0.0 && (1.0..=f64::from(crate::BusinessType::MAX)).contains(f) =>
            {
                crate::BusinessType::new(*f as u64)
            }
            Some(_) => return Err(crate::BusinessType::error(ErrorCode::InvalidInput)),
        };
        let s = sign_inputs(&c.now, c.timestamp, c.nonce)?;
        Ok(crate::RequestOptions {
            business_type,
            now_ms: s.now_ms,
            timestamp: s.timestamp,
            nonce: s.nonce,
        })
    }
}

#[cfg(test)]
pub(crate) type HeadersCallTs = HeadersCall<'static>;
#[cfg(test)]
pub(crate) type ApiCallTs = ApiCall<'static>;
#[cfg(test)]
pub(crate) type ExchangeCallTs = ExchangeCall<'static>;

#[cfg(test)]
mod tests;
