//! 主机上的 Rust 内核基准（标准库测试框架，`cargo bench` 需 nightly 特性，用 RUSTC_BOOTSTRAP 也可；
//! 这里用简单计时以便在 stable 上运行）。
//! Host timings of the Rust core (native, RustCrypto `sm4`): a plain timing harness so it runs
//! on stable with `cargo bench --bench core`.
use std::hint::black_box;
use std::time::Instant;
use yjt_sso::sm4::{Encoding, Sm4};

fn bench(name: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    let ns = t.elapsed().as_nanos() as f64 / f64::from(n);
    println!("{name:<40} bench: {ns:>12.1} ns/iter");
}

fn main() {
    let sm4 = Sm4::new_from_str("A7E2D00B4058086CBD3D4B8A5E0B2697").expect("valid key");
    bench("decrypt phone (hex → string)", 200_000, || {
        black_box(
            sm4.decrypt_str(black_box("791410f8740fede1ad58d8ebd8ba1b0d"), Encoding::Hex)
                .ok(),
        );
    });
    let mib = vec![7u8; 1 << 20];
    bench("encrypt 1 MiB", 20, || {
        black_box(sm4.encrypt_bytes(black_box(&mib)));
    });
    let ex = yjt_sso::Exchange::from_json(&serde_json::json!({
        "env": "test", "appCode": "H1", "appKey": "A7E2D00B4058086CBD3D4B8A5E0B2697", "paasId": "p", "paasToken": "t"
    }).to_string())
    .expect("valid config");
    let body = serde_json::json!({ "errcode": 0, "errmsg": "ok", "data": {
        "userId": "u", "certificateNo": sm4.encrypt_str("11010519491231002X", Encoding::Hex),
        "phone": sm4.encrypt_str("13800138000", Encoding::Hex), "name": "陈小明", "gender": 1, "nation": "01", "channel": "1", "certificateType": "01"
    }})
    .to_string();
    bench("exchange: build request", 100_000, || {
        black_box(
            ex.build_request(
                "abc",
                &yjt_sso::RequestOptions {
                    nonce: "abcdef0123456789".into(),
                    now_ms: 1,
                    business_type: None,
                    timestamp: None,
                },
            )
            .ok(),
        );
    });
    bench("exchange: parse + decrypt + labels", 100_000, || {
        black_box(ex.parse_response(200, black_box(&body)).ok());
    });
}
