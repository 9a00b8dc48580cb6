use crate::gateway::testing::*;

#[test]
fn debug_redacts() {
    let d = format!("{:?}", creds());
    assert!(!d.contains("tok-SECRET"));
    assert!(!d.contains("app-SECRET"));
    assert!(d.contains("paas-001"));
}
