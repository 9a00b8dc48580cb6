use crate::error::ErrorCode;
use crate::gateway::testing::*;
use crate::gateway::*;

#[test]
fn colliding_header_names_are_invalid_config() {
    // Found while writing the verify_headers fuzz target.
    for o in [
        GatewayOptions {
            paas_id_header: "nonce".into(),
            ..Default::default()
        },
        GatewayOptions {
            service_id_header: "Signature".into(),
            ..Default::default()
        },
        GatewayOptions {
            app_secret_header: "PAASID".into(),
            ..Default::default()
        },
        GatewayOptions {
            prefix: "content".into(),
            service_id_header: "type".into(),
            ..Default::default()
        },
    ] {
        assert_eq!(o.validate().unwrap_err().code, ErrorCode::InvalidConfig);
    }
    assert!(GatewayOptions::default().validate().is_ok());
}

#[test]
fn second_signer_debug_redacts_its_token() {
    let o =
        opts_json(r#"{"alsoSign":{"prefix":"x-rio","paasId":"rio-1","paasToken":"rio-SECRET-9"}}"#);
    let d = format!("{o:?}");
    assert!(
        d.contains("AlsoSign") && d.contains("x-rio") && d.contains("rio-1"),
        "{d}"
    );
    assert!(
        d.contains("[REDACTED]") && !d.contains("rio-SECRET-9"),
        "{d}"
    );
}
