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

#[test]
fn a_known_variant_changes_only_its_own_switches() {
    let base = opts_json(
        r#"{"extraHeaders":{"x-a":"1"},"sendAppSecret":false,"timestampUnit":"milliseconds"}"#,
    );
    let tif = known_variants()
        .into_iter()
        .find(|v| v.gateway.prefix == Some("x-tif") && v.gateway.signature_case.is_some())
        .unwrap();
    let g = tif.gateway.apply(&base);
    assert_eq!(
        (g.prefix.as_str(), g.service_id_header.as_str()),
        ("x-tif", "serviceId")
    );
    assert_eq!(g.signature_case, HexCase::Lower);
    // Everything the patch does not name keeps the configured value.
    assert_eq!(g.timestamp_unit, TimestampUnit::Milliseconds);
    assert!(!g.send_app_secret && g.extra_headers.len() == 1);
    let ms = known_variants()
        .into_iter()
        .find(|v| v.gateway.timestamp_unit == Some(TimestampUnit::Seconds))
        .unwrap();
    assert_eq!(
        ms.gateway.apply(&base).timestamp_unit,
        TimestampUnit::Seconds
    );
    assert_eq!(ms.gateway.apply(&base).prefix, "x-tsp");
    // Every known variant is a valid set of options.
    for v in known_variants() {
        v.gateway
            .apply(&GatewayOptions::default())
            .validate()
            .unwrap();
    }
}
