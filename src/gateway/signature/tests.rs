use crate::gateway::*;

#[test]
fn signature_matches_independent_sha256() {
    // echo -n "1700000000tok-SECRET-123abcdef01234567891700000000" | sha256sum
    let s = signature(
        "1700000000",
        "tok-SECRET-123",
        "abcdef0123456789",
        HexCase::Upper,
    );
    assert_eq!(
        s,
        "73FECFCCC1D3081E9EFB9735E290ECB834D15ECFCEDF56B75516DB354AB0C73F"
    );
    assert_eq!(
        signature(
            "1700000000",
            "tok-SECRET-123",
            "abcdef0123456789",
            HexCase::Lower
        ),
        s.to_lowercase()
    );
}
