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
//! | [`sm4`] | key parsing, SM4-ECB-PKCS#7 over bytes / hex / base64 |
//! | `sm4_ct` | constant-time SM4 block cipher (wasm32 + simd128; the npm build) |
//! | [`gateway`] | gateway credentials, header set, signature, inbound verification |
//! | [`exchange`] | build the exchange request, parse the response into a [`YjtUser`] |
//! | [`dict`] | 证件类型、性别、民族、渠道、业务类型 dictionaries |
//! | [`idcard`] | GB 11643 check digit, masks for logs |
//! | [`error`] | one error type with stable string codes |

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod dict;
pub mod error;
pub mod exchange;
pub mod gateway;
pub mod idcard;
pub mod sm4;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod sm4_bitslice;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod sm4_ct;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod sm4_sbox;
/// wasm-bindgen 绑定（仅 wasm32）/ the wasm-bindgen bindings (wasm32 only).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::{Error, ErrorCode, Result};
pub use exchange::{Exchange, RequestOptions, RequestParts, YjtUser};
pub use gateway::{GatewayCredentials, GatewayOptions};
pub use sm4::{decrypt_ecb, encrypt_ecb, verify_ecb, Encoding, Sm4};
