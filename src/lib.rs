//! # yjt-sso
//!
//! 粤健通单点登录与省卫健数据中台网关的 sans-I/O 内核：SM4-ECB（兼容 Java `Sm4Utils`）、
//! 网关请求签名、code 换取用户认证信息（构造请求、解析响应、解密敏感字段、数据字典）。
//! 内核不做网络 I/O、不读时钟：时间、随机数与字节都由调用方传入。
//!
//! The sans-I/O core of the 粤健通 single sign-on SDK: SM4-ECB (Java `Sm4Utils`-compatible),
//! gateway request signing, and the code → identity exchange. The core never touches the
//! network or the clock; time, randomness and bytes come in as arguments. `wasm.rs` exposes it
//! to JavaScript; the TypeScript package adds the fetch transport.
//!
//! | module | concept |
//! |---|---|
//! Layers, each depending only on the ones above it:
//!
//! | layer | module | concept |
//! |---|---|---|
//! | base | [`error`] | one error type with stable string codes and the input at fault |
//! | base | [`rules`] | the input rules: header names and values, nonce, timestamp, code, base URL |
//! | base | [`sm4`] | key parsing, SM4-ECB-PKCS#7 over bytes / hex / base64 |
//! | base | `sm4_ct` | constant-time SM4 block cipher (wasm32 + simd128; the npm build) |
//! | base | [`dict`], [`idcard`], [`redact`], [`json`] | dictionaries, GB 11643, masks, loose JSON scalars |
//! | protocol | [`gateway`] | credentials, variants, signature, sign, verify (its inverse), envelope |
//! | endpoints | [`api`] | [`api::Api`]: a signed call to any API behind the gateway |
//! | endpoints | [`config`], [`identity`], [`exchange`] | the exchange on top of `Api`: config, identity decoding |
//! | input | [`input`] | JSON from JavaScript → the validated types above |
//! | bindings | `wasm` | wasm-bindgen glue: one crossing per operation, no rules |
//! | | `wipe` | memory hygiene of the wasm build: zero-on-free heap, shadow-stack scrub |

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod config;
pub mod dict;
pub mod error;
pub mod exchange;
pub mod gateway;
pub mod idcard;
pub mod identity;
pub mod input;
pub mod json;
pub mod redact;
pub mod rules;
pub mod sm4;
pub mod store_key;
// Fail closed: the WebAssembly build must use the constant-time SM4, which needs SIMD. A
// `RUSTFLAGS` variable in the environment replaces the `+simd128` of .cargo/config.toml; without
// this check such a build would silently link a table-based cipher instead.
#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
compile_error!(
    "yjt-sso for wasm32 needs `-C target-feature=+simd128` (constant-time SM4); \
     if you set RUSTFLAGS, include it there"
);
#[cfg(target_arch = "wasm32")]
mod sm4_bitslice;
#[cfg(target_arch = "wasm32")]
pub mod sm4_ct;
#[cfg(target_arch = "wasm32")]
mod sm4_sbox;
#[cfg(test)]
mod typegen;
/// wasm-bindgen 绑定（仅 wasm32）/ the wasm-bindgen bindings (wasm32 only).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
mod wipe;

pub use api::RequestParts;
pub use config::{BusinessType, Config};
pub use error::{Error, ErrorCode, Result};
pub use exchange::{Exchange, RequestOptions};
pub use gateway::{GatewayCredentials, GatewayOptions};
pub use identity::YjtUser;
pub use sm4::{decrypt_ecb, encrypt_ecb, verify_ecb, Encoding, Sm4};
