//! 网关凭据：paasId、令牌、appSecret 与 service ID；令牌与密钥清零、不打印。
//!
//! The credentials a hospital is issued. The token and the secret are zeroized on drop and never
//! shown by `Debug`.

use crate::error::Result;
use crate::rules;
use zeroize::Zeroizing;

/// 网关凭据。`Debug` 不输出令牌与密钥。
///
/// Gateway credentials issued per hospital. `Debug` redacts the token and the secret, and both
/// are zeroized on drop.
///
/// ```
/// # use yjt_sso::gateway::*;
/// let creds = GatewayCredentials::new("paas-1", "token-xyz", Some("secret"), Some("DGSP_1911964810465574914"))?;
/// # Ok::<(), yjt_sso::Error>(())
/// ```
#[derive(Clone)]
pub struct GatewayCredentials {
    paas_id: String,
    paas_token: Zeroizing<String>,
    app_secret: Option<Zeroizing<String>>,
    service_id: Option<String>,
}

impl core::fmt::Debug for GatewayCredentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GatewayCredentials")
            .field("paas_id", &self.paas_id)
            .field("paas_token", &"[REDACTED]")
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field("service_id", &self.service_id)
            .finish()
    }
}

impl GatewayCredentials {
    /// 构造并校验凭据（值只能是可见 ASCII，防止请求头注入）。
    ///
    /// Builds and validates credentials: every value must be non-empty visible ASCII, so nothing
    /// can inject a header line. Errors name the field, never its value.
    ///
    /// ```
    /// # use yjt_sso::gateway::*;
    /// let c = GatewayCredentials::new("paas", "tok", None, None)?;
    /// # Ok::<(), yjt_sso::Error>(())
    /// ```
    pub fn new(
        paas_id: &str,
        paas_token: &str,
        app_secret: Option<&str>,
        service_id: Option<&str>,
    ) -> Result<Self> {
        rules::check_header_value("paasId", paas_id)?;
        rules::check_header_value("paasToken", paas_token)?;
        if let Some(s) = app_secret {
            rules::check_header_value("appSecret", s)?;
        }
        if let Some(s) = service_id {
            rules::check_header_value("serviceId", s)?;
        }
        Ok(GatewayCredentials {
            paas_id: paas_id.to_owned(),
            paas_token: Zeroizing::new(paas_token.to_owned()),
            app_secret: app_secret.map(|s| Zeroizing::new(s.to_owned())),
            service_id: service_id.map(str::to_owned),
        })
    }

    /// 网关 paasId / the gateway paasId.
    pub fn paas_id(&self) -> &str {
        &self.paas_id
    }

    /// 令牌与 appSecret（仅供本 crate 从错误消息中剔除）/ the token and the secret, so the crate
    /// can scrub them from error messages.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        core::iter::once(self.paas_token.as_str())
            .chain(self.app_secret.as_deref().map(|s| s.as_str()))
    }

    /// 服务 ID / the service id, if any.
    pub fn service_id(&self) -> Option<&str> {
        self.service_id.as_deref()
    }

    /// 签名用的令牌 / the token that is signed.
    pub(crate) fn paas_token(&self) -> &str {
        &self.paas_token
    }

    /// appSecret（若有）/ the appSecret, if any.
    pub(crate) fn app_secret(&self) -> Option<&str> {
        self.app_secret.as_deref().map(|s| s.as_str())
    }
}

#[cfg(test)]
mod tests;
