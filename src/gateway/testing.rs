//! Shared fixtures of the gateway tests.
#![allow(dead_code)]

use super::*;

pub(crate) fn creds() -> GatewayCredentials {
    GatewayCredentials::new(
        "paas-001",
        "tok-SECRET-123",
        Some("app-SECRET-456"),
        Some("DGSP_1911964810465574914"),
    )
    .unwrap()
}

pub(crate) fn get<'a>(h: &'a [(String, String)], k: &str) -> Option<&'a str> {
    h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

pub(crate) fn now() -> u64 {
    1_700_000_000_000
}

pub(crate) fn inputs() -> SignInputs {
    SignInputs {
        now_ms: now(),
        timestamp: None,
        nonce: "abcdef0123456789".into(),
    }
}

pub(crate) fn opts_json(j: &str) -> GatewayOptions {
    let o: GatewayOptions = serde_json::from_str(j).unwrap();
    o.validate().unwrap();
    o
}

pub(crate) fn signed(now_ms: u64, opts: &GatewayOptions) -> Vec<(String, String)> {
    gateway_headers(
        &creds(),
        opts,
        &SignInputs {
            now_ms,
            timestamp: None,
            nonce: "0123456789abcdef".into(),
        },
    )
    .unwrap()
}
