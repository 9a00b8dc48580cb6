//! `gateway::verify_gateway_headers` on arbitrary header lists, tokens, clocks, skews and every
//! `GatewayOptions` variant, plus the round trip with `gateway_headers`.
//!
//! Invariants: headers produced by `gateway_headers` for the same credentials/options/clock
//! verify (also after upper-casing names, padding values with whitespace, appending unrelated
//! headers), and report back the timestamp and nonce that were sent; a verified arbitrary header
//! set really carries a valid signature; `strict` only ever narrows what verifies.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use yjt_sso::gateway::{
    gateway_headers, signature, verify_gateway_headers, GatewayCredentials, GatewayOptions,
    HexCase, ServiceIdPlacement, SignInputs, TimestampUnit, VerifyOptions,
};
use yjt_sso::ErrorCode;

#[derive(Arbitrary, Debug)]
enum Ident<'a> {
    Known(u8),
    Any(&'a str),
}

impl Ident<'_> {
    fn get(&self, known: &[&str]) -> String {
        match self {
            Ident::Known(i) => known[usize::from(*i) % known.len()].to_owned(),
            Ident::Any(s) => (*s).to_owned(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Opts<'a> {
    prefix: Ident<'a>,
    service_id_header: Ident<'a>,
    app_secret_header: Ident<'a>,
    paas_id_header: Ident<'a>,
    lower: bool,
    millis: bool,
    placement: u8,
    send_app_secret: bool,
}

impl Opts<'_> {
    fn build(&self) -> GatewayOptions {
        GatewayOptions {
            prefix: self.prefix.get(&["x-tsp", "x-tif", "x-rio", "X-TSP"]),
            service_id_header: self.service_id_header.get(&["serviceid", "serviceId"]),
            app_secret_header: self.app_secret_header.get(&["appSecret", "AppSecret"]),
            paas_id_header: self.paas_id_header.get(&["paasid", "paasId"]),
            signature_case: if self.lower {
                HexCase::Lower
            } else {
                HexCase::Upper
            },
            timestamp_unit: if self.millis {
                TimestampUnit::Milliseconds
            } else {
                TimestampUnit::Seconds
            },
            service_id_placement: match self.placement % 3 {
                0 => ServiceIdPlacement::Header,
                1 => ServiceIdPlacement::Query,
                _ => ServiceIdPlacement::Omit,
            },
            send_app_secret: self.send_app_secret,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Mutation<'a> {
    UpperNames,
    LowerNames,
    PadValues,
    Reverse,
    Append(&'a str, &'a str),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    opts: Opts<'a>,
    headers: Vec<(&'a str, &'a str)>,
    token: &'a str,
    now_ms: u64,
    skew: u64,
    // Round trip.
    paas_id: &'a str,
    app_secret: Option<&'a str>,
    service_id: Option<&'a str>,
    timestamp: Option<&'a str>,
    nonce: Option<&'a str>,
    mutations: Vec<Mutation<'a>>,
}

fn owned(h: &[(&str, &str)]) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Options under which two header names are equal (case-insensitively), e.g. paasIdHeader
/// "nonce", or prefix "content" + serviceIdHeader "type" = `Content-Type`. `validate()` accepts
/// these (reported, see fuzz/README.md); the first header of a name wins, so the reported paasId
/// / serviceId can be another header's value. The round-trip equalities skip such options.
fn names_collide(o: &GatewayOptions) -> bool {
    let names = [
        o.name_of("timestamp"),
        o.name_of("nonce"),
        o.name_of("signature"),
        o.name_of(&o.paas_id_header),
        o.name_of(&o.service_id_header),
        o.name_of(&o.app_secret_header),
        "Content-Type".to_owned(),
    ];
    names
        .iter()
        .enumerate()
        .any(|(i, a)| names[i + 1..].iter().any(|b| a.eq_ignore_ascii_case(b)))
}

trait NameOf {
    fn name_of(&self, suffix: &str) -> String;
}

impl NameOf for GatewayOptions {
    fn name_of(&self, suffix: &str) -> String {
        format!("{}-{}", self.prefix, suffix)
    }
}

fuzz_target!(|inp: Input<'_>| {
    let opts = inp.opts.build();
    let valid_opts = opts.validate().is_ok();

    // 1. Arbitrary headers.
    let headers = owned(&inp.headers);
    for strict in [false, true] {
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_skew_seconds: inp.skew,
            strict,
        };
        match verify_gateway_headers(&headers, inp.token, &opts, &v) {
            Ok(got) => {
                assert!(valid_opts);
                assert!(
                    !got.timestamp.is_empty() && got.timestamp.bytes().all(|b| b.is_ascii_digit())
                );
                assert!(!got.nonce.is_empty() && got.nonce.len() <= 64);
                // The signature header really is the signature (modulo case unless strict).
                let sig_name = format!("{}-signature", opts.prefix);
                let sent = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&sig_name))
                    .map(|(_, v)| v.trim())
                    .unwrap();
                let want = signature(&got.timestamp, inp.token, &got.nonce, opts.signature_case);
                if strict {
                    assert_eq!(sent, want);
                } else {
                    assert!(sent.eq_ignore_ascii_case(&want));
                }
            }
            Err(e) => {
                if !valid_opts {
                    assert_eq!(e.code, ErrorCode::InvalidConfig);
                }
                // strict rejects at least what lenient rejects.
                if !strict {
                    let s = VerifyOptions { strict: true, ..v };
                    assert!(verify_gateway_headers(&headers, inp.token, &opts, &s).is_err());
                }
            }
        }
    }

    // 2. Round trip.
    let Ok(creds) = GatewayCredentials::new(inp.paas_id, inp.token, inp.app_secret, inp.service_id)
    else {
        return;
    };
    let sign = SignInputs {
        now_ms: inp.now_ms,
        timestamp: inp.timestamp.map(str::to_owned),
        nonce: inp.nonce.map(str::to_owned),
    };
    let h = match gateway_headers(&creds, &opts, &sign) {
        Ok(h) => h,
        Err(e) => {
            // Only bad options, a bad timestamp or a bad nonce are refused.
            assert!(
                !valid_opts || inp.timestamp.is_some() || inp.nonce.is_some(),
                "gateway_headers refused: {e:?}"
            );
            return;
        }
    };
    assert!(valid_opts);
    for (k, v) in &h {
        assert!(
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()),
            "{k:?}"
        );
        assert!(
            !v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()),
            "{k}: {v:?}"
        );
    }
    let ts_str = &h[0].1;
    let Ok(ts) = ts_str.parse::<u64>() else {
        // Only an explicit 20-digit timestamp can overflow u64.
        assert!(inp.timestamp.is_some());
        return;
    };
    let ts_ms = if opts.timestamp_unit == TimestampUnit::Seconds {
        ts.saturating_mul(1000)
    } else {
        ts
    };
    // With the clock the headers were made with, they verify iff the timestamp is within skew.
    let within = ts_ms.abs_diff(inp.now_ms) <= inp.skew.saturating_mul(1000);
    let mut hv = h.clone();
    for m in &inp.mutations {
        match m {
            Mutation::UpperNames => hv.iter_mut().for_each(|(k, _)| *k = k.to_ascii_uppercase()),
            Mutation::LowerNames => hv.iter_mut().for_each(|(k, _)| *k = k.to_ascii_lowercase()),
            Mutation::PadValues => hv.iter_mut().for_each(|(_, v)| *v = format!(" \t{v} ")),
            Mutation::Reverse => hv.reverse(),
            Mutation::Append(k, v) => hv.push(((*k).to_owned(), (*v).to_owned())),
        }
    }
    // Reversing moves duplicate names (colliding suffixes, appended copies) to the front.
    let reordered = inp.mutations.iter().any(|m| matches!(m, Mutation::Reverse));
    for strict in [false, true] {
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_skew_seconds: inp.skew,
            strict,
        };
        let r = verify_gateway_headers(&hv, inp.token, &opts, &v);
        if reordered && (names_collide(&opts) || hv.len() > h.len()) {
            continue;
        }
        match r {
            Ok(got) => {
                assert!(within, "verified outside the skew window");
                assert_eq!(&got.timestamp, ts_str);
                assert_eq!(got.nonce, h[1].1);
                if !names_collide(&opts) {
                    assert_eq!(got.paas_id, creds.paas_id());
                    let sid = match opts.service_id_placement {
                        ServiceIdPlacement::Header => creds.service_id(),
                        _ => None,
                    };
                    // An appended header can supply a service id that was not sent.
                    if hv.len() == h.len() {
                        assert_eq!(got.service_id.as_deref(), sid);
                    }
                }
            }
            Err(e) => {
                assert!(
                    !within,
                    "own headers failed to verify: {e:?} (strict={strict})"
                );
                assert_eq!(e.code, ErrorCode::TimestampSkew);
            }
        }
    }
});
