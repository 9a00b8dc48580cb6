use super::*;

#[test]
fn hmac_sha256_of_the_parts() {
    // Independent value: python3 -c "import hmac,hashlib;print(hmac.new(bytes(range(32)),b'exchange\ncode',hashlib.sha256).hexdigest())"
    let n = StoreNamer::new(&(0u8..32).collect::<Vec<_>>()).unwrap();
    assert_eq!(
        n.name("exchange\ncode"),
        "268182c2075aa0ff96503cd0cbd2b1391270594a643ae07b552bf39d2e699259"
    );
    assert_eq!(
        StoreNamer::new(&[]).err().map(|e| e.code),
        Some(ErrorCode::InvalidInput)
    );
}
