//! 省卫健数据中台网关（x-tsp 家族）的协议层：凭据、变体、签名、签名请求、入站校验、响应信封。
//! 不含 JSON 配置解析、不读时钟。
//!
//! The protocol of the provincial health data-center gateway (the x-tsp / x-tif / x-rio family):
//! credentials, variants, the signature, signing a request, verifying one (the exact inverse of
//! signing) and classifying the response envelope. No config parsing, no clock: time and
//! randomness are inputs.
//!
//! | module | concept |
//! |---|---|
//! | `credentials` | [`GatewayCredentials`]: paasId, token, appSecret, service id |
//! | `variant` | [`GatewayOptions`]: every variant switch and its rules; [`known_variants`] |
//! | `signature` | [`signature`]: `HEX(SHA-256(timestamp + token + nonce + timestamp))` |
//! | `sign` | [`gateway_headers`], [`variant_query`]: what one signed request carries |
//! | `verify` | [`verify_request`]: checks all of it, naming the failed [`Check`] |
//! | `envelope` | [`classify`]: `{errcode, errmsg, data}` and `{code, message, success, data}` |

mod credentials;
mod envelope;
mod sign;
mod signature;
#[cfg(test)]
mod testing;
mod variant;
mod verify;

pub use credentials::GatewayCredentials;
pub use envelope::classify;
pub(crate) use sign::Layout;
pub use sign::{
    gateway_headers, gateway_headers_for_user, variant_query, Header, SignInputs, SERVICE_ID_PARAM,
};
pub use signature::{format_timestamp, signature, signature_for, ForwardedUser};
pub use variant::{
    known_variants, AlsoSign, GatewayOptions, HexCase, KnownVariant, ServiceIdPlacement,
    TimestampUnit, VariantPatch,
};
pub use verify::{
    verify_gateway_headers, verify_request, Check, Expected, Inbound, Rejection, Verdict,
    VerifiedHeaders, VerifyOptions, DEFAULT_MAX_SKEW_SECONDS,
};
