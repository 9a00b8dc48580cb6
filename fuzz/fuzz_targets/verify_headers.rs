//! `gateway::verify_gateway_headers` on arbitrary header lists, tokens, clocks, skews and every
//! `GatewayOptions` variant; the round trip with `gateway_headers`; the JSON entry points
//! `credentials_from_json` / `verify_options_from_json`.
//!
//! Invariants: `validate()` errors are `INVALID_CONFIG` naming a `gateway` field; headers
//! produced by `gateway_headers` have distinct names and verify iff within skew (also after
//! upper/lower-casing names, padding values, appending headers, reordering), reporting the
//! timestamp / nonce / paasId / serviceId that were sent; a verified arbitrary header set
//! carries a valid signature; `strict` only narrows; the JSON entry points round-trip.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use yjt_sso::gateway::{
    gateway_headers, signature, verify_gateway_headers, GatewayCredentials, GatewayOptions,
    HexCase, ServiceIdPlacement, SignInputs, TimestampUnit, VerifyOptions,
};
use yjt_sso::input::{credentials_from_json, verify_options_from_json};
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
            prefix: self.prefix.get(&["x-tsp", "x-tif", "x-rio", "X-TSP", "content"]),
            service_id_header: self.service_id_header.get(&["serviceid", "serviceId", "type"]),
            app_secret_header: self.app_secret_header.get(&["appSecret", "AppSecret", "PAASID"]),
            paas_id_header: self.paas_id_header.get(&["paasid", "paasId", "nonce"]),
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
            ..GatewayOptions::default()
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
    nonce: Ident<'a>,
    mutations: Vec<Mutation<'a>>,
    strict: bool,
    /// Arbitrary text for the JSON entry points.
    json_text: Option<&'a str>,
}

fn owned(h: &[(&str, &str)]) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fuzz_target!(|inp: Input<'_>| {
    let opts = inp.opts.build();
    let valid_opts = match opts.validate() {
        Ok(()) => true,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidConfig);
            assert!(e.message.contains("gateway"), "{}", e.message);
            false
        }
    };

    // 1. Arbitrary headers.
    let headers = owned(&inp.headers);
    for strict in [false, true] {
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_past_seconds: inp.skew,
            max_future_seconds: inp.skew,
            strict,
        };
        match verify_gateway_headers(&headers, inp.token, &opts, &v) {
            Ok(got) => {
                assert!(valid_opts);
                assert!(
                    !got.timestamp.is_empty() && got.timestamp.bytes().all(|b| b.is_ascii_digit())
                );
                assert!(is_nonce(&got.nonce));
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

    // 2. The JSON entry points: arbitrary text gives a typed error at worst.
    if let Some(t) = inp.json_text {
        let object = t.trim_start().starts_with('{');
        match credentials_from_json(t) {
            Ok(_) => assert!(object),
            Err(e) => assert_eq!(e.code, ErrorCode::InvalidConfig, "{e:?}"),
        }
        match verify_options_from_json(t, inp.now_ms) {
            Ok(_) => assert!(object),
            // INVALID_INPUT: maxSkewSeconds.
            Err(e) => assert!(
                matches!(e.code, ErrorCode::InvalidConfig | ErrorCode::InvalidInput),
                "{e:?}"
            ),
        }
    }
    let creds = GatewayCredentials::new(inp.paas_id, inp.token, inp.app_secret, inp.service_id);
    // ... and the JSON forms of these options round-trip.
    let gw = serde_json::to_value(&opts).unwrap();
    let mut cj = json!({ "paasId": inp.paas_id, "paasToken": inp.token, "gateway": gw });
    if let Some(a) = inp.app_secret {
        cj["appSecret"] = json!(a);
    }
    if let Some(a) = inp.service_id {
        cj["serviceId"] = json!(a);
    }
    match credentials_from_json(&cj.to_string()) {
        Ok((c, o)) => {
            let want = creds.as_ref().expect("JSON accepted bad credentials");
            assert!(valid_opts);
            assert_eq!(o, opts);
            assert_eq!(c.paas_id(), want.paas_id());
            assert_eq!(c.service_id(), want.service_id());
        }
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidConfig);
            assert!(creds.is_err() || !valid_opts, "{e:?}");
        }
    }
    let vj = json!({ "paasToken": inp.token, "maxSkewSeconds": inp.skew, "strict": inp.strict, "gateway": gw });
    // Checked in this order: paasToken (non-empty), maxSkewSeconds (an i64), the options.
    let want = if inp.token.is_empty() {
        Some(ErrorCode::InvalidConfig)
    } else if i64::try_from(inp.skew).is_err() {
        Some(ErrorCode::InvalidInput)
    } else if !valid_opts {
        Some(ErrorCode::InvalidConfig)
    } else {
        None
    };
    match verify_options_from_json(&vj.to_string(), inp.now_ms) {
        Ok(spec) => {
            let (token, o, v) = (spec.paas_token, spec.gateway, spec.verify);
            assert_eq!(want, None);
            assert_eq!((token.as_str(), o), (inp.token, opts.clone()));
            assert_eq!((v.now_ms, v.max_past_seconds, v.max_future_seconds, v.strict), (inp.now_ms, inp.skew, inp.skew, inp.strict));
        }
        Err(e) => assert_eq!(Some(e.code), want, "{e:?}"),
    }

    // 3. Round trip.
    let Ok(creds) = creds else {
        return;
    };
    let nonce = inp.nonce.get(&["0123456789abcdef", "n1", "A-b_9", &"n".repeat(64)]);
    let sign = SignInputs {
        now_ms: inp.now_ms,
        timestamp: inp.timestamp.map(str::to_owned),
        nonce: nonce.clone(),
    };
    let ts_ok = inp
        .timestamp
        .is_none_or(|t| !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()));
    let h = match gateway_headers(&creds, &opts, &sign) {
        Ok(h) => h,
        Err(e) => {
            // Only bad options (checked first), a bad timestamp or a bad nonce are refused.
            let code = if valid_opts { ErrorCode::InvalidInput } else { ErrorCode::InvalidConfig };
            assert_eq!(e.code, code);
            assert!(!valid_opts || !ts_ok || !is_nonce(&nonce), "gateway_headers refused: {e:?}");
            return;
        }
    };
    assert!(valid_opts && ts_ok && is_nonce(&nonce));
    for (i, (k, v)) in h.iter().enumerate() {
        assert!(!k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()), "{k:?}");
        assert!(!v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()), "{k}: {v:?}");
        // validate() rules out options under which one header would shadow another.
        assert!(
            h[i + 1..].iter().all(|(k2, _)| !k.eq_ignore_ascii_case(k2)),
            "two headers named {k}"
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
    // Reversing can move an appended copy of a name in front of the original.
    let reordered = inp.mutations.iter().any(|m| matches!(m, Mutation::Reverse));
    for strict in [false, true] {
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_past_seconds: inp.skew,
            max_future_seconds: inp.skew,
            strict,
        };
        let r = verify_gateway_headers(&hv, inp.token, &opts, &v);
        if reordered && hv.len() > h.len() {
            continue;
        }
        match r {
            Ok(got) => {
                assert!(within, "verified outside the skew window");
                assert_eq!(&got.timestamp, ts_str);
                assert_eq!(got.nonce, nonce);
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
            Err(e) => {
                assert!(!within, "own headers failed to verify: {e:?} (strict={strict})");
                assert_eq!(e.code, ErrorCode::TimestampSkew);
            }
        }
    }
});

/// Nonces: 1–64 visible ASCII characters but a comma (the core's rule; field nonces contain `:` and `.`).
fn is_nonce(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_graphic() && b != b',')
}
