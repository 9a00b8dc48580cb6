//! `Exchange::from_json` on arbitrary JSON configs (mostly near-valid: every known key is
//! absent, a good value or arbitrary JSON) and `build_request` with arbitrary
//! code / businessType / nonce / timestamp / clock.
//!
//! Invariants: `from_json` errors are `INVALID_CONFIG` and never echo a secret; on `Ok` the URL
//! is visible ASCII (no CR/LF/space), has no '#', starts with the base URL and carries the code
//! and business type; every header name and value is visible ASCII; the signature headers
//! verify against the configured paasToken.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use yjt_sso::exchange::{DEFAULT_BASE_URL, PRODUCTION_SERVICE_ID, TEST_SERVICE_ID};
use yjt_sso::gateway::{verify_gateway_headers, ServiceIdPlacement, VerifyOptions};
use yjt_sso::{ErrorCode, Exchange, RequestOptions};

#[derive(Arbitrary, Debug)]
enum Json<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(&'a str),
    Arr(Vec<Json<'a>>),
    Obj(Vec<(&'a str, Json<'a>)>),
}

impl Json<'_> {
    fn value(&self, depth: u32) -> Value {
        if depth > 6 {
            return Value::Null;
        }
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Int(i) => json!(i),
            Json::UInt(u) => json!(u),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => json!(s),
            Json::Arr(v) => Value::Array(v.iter().map(|j| j.value(depth + 1)).collect()),
            Json::Obj(v) => Value::Object(
                v.iter()
                    .map(|(k, j)| ((*k).to_owned(), j.value(depth + 1)))
                    .collect(),
            ),
        }
    }
}

/// A config value: absent, one of the known-good values for that key, or arbitrary JSON.
#[derive(Arbitrary, Debug)]
enum Field<'a> {
    Absent,
    Good(u8),
    Str(&'a str),
    Json(Json<'a>),
}

impl Field<'_> {
    fn put(&self, m: &mut Map<String, Value>, key: &str, good: &[Value]) {
        let v = match self {
            Field::Absent => return,
            Field::Good(i) => good[usize::from(*i) % good.len()].clone(),
            Field::Str(s) => json!(s),
            Field::Json(j) => j.value(0),
        };
        m.insert(key.to_owned(), v);
    }
}

#[derive(Arbitrary, Debug)]
enum BaseUrl<'a> {
    Field(Field<'a>),
    Parts {
        scheme: Field<'a>,
        userinfo: Option<&'a str>,
        host: Field<'a>,
        port: Option<u16>,
        path: &'a str,
    },
}

#[derive(Arbitrary, Debug)]
enum Gateway<'a> {
    Field(Field<'a>),
    Object(Vec<(u8, Field<'a>)>),
}

#[derive(Arbitrary, Debug)]
struct Config<'a> {
    env: Field<'a>,
    app_code: Field<'a>,
    app_key: Field<'a>,
    paas_id: Field<'a>,
    paas_token: Field<'a>,
    app_secret: Field<'a>,
    service_id: Field<'a>,
    allow_insecure: Field<'a>,
    base_url: BaseUrl<'a>,
    business_type: Field<'a>,
    gateway: Gateway<'a>,
    decrypt_fields: Field<'a>,
    extra: Option<(&'a str, Json<'a>)>,
    not_an_object: Option<Json<'a>>,
}

#[derive(Arbitrary, Debug)]
enum Code<'a> {
    Good(u8),
    Any(&'a str),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    config: Config<'a>,
    code: Code<'a>,
    business_type: Option<u32>,
    now_ms: u64,
    timestamp: Option<&'a str>,
    nonce: Option<&'a str>,
}

fn s(v: &[&str]) -> Vec<Value> {
    v.iter().map(|x| json!(x)).collect()
}

const GW_KEYS: [&str; 8] = [
    "prefix",
    "serviceIdHeader",
    "appSecretHeader",
    "paasIdHeader",
    "signatureCase",
    "timestampUnit",
    "serviceIdPlacement",
    "sendAppSecret",
];

fn gw_good(key: &str) -> Vec<Value> {
    match key {
        "prefix" => s(&["x-tsp", "x-tif", "x-rio"]),
        "serviceIdHeader" => s(&["serviceid", "serviceId"]),
        "appSecretHeader" => s(&["appSecret", "AppSecret"]),
        "paasIdHeader" => s(&["paasid", "paasId"]),
        "signatureCase" => s(&["upper", "lower"]),
        "timestampUnit" => s(&["seconds", "milliseconds"]),
        "serviceIdPlacement" => s(&["header", "query", "omit"]),
        _ => vec![json!(true), json!(false)],
    }
}

fn build_config(c: &Config<'_>) -> Value {
    if let Some(j) = &c.not_an_object {
        return j.value(0);
    }
    let mut m = Map::new();
    c.env.put(&mut m, "env", &s(&["test", "production"]));
    c.app_code
        .put(&mut m, "appCode", &s(&["HOSP001", "a", "A-b_9"]));
    c.app_key.put(
        &mut m,
        "appKey",
        &s(&[
            "A7E2D00B4058086CBD3D4B8A5E0B2697",
            "a7e2d00b4058086cbd3d4b8a5e0b2697",
            "SECRET0123456789",
        ]),
    );
    c.paas_id.put(&mut m, "paasId", &s(&["paas-001"]));
    c.paas_token
        .put(&mut m, "paasToken", &s(&["tok-SECRET-123", "t"]));
    c.app_secret
        .put(&mut m, "appSecret", &s(&["app-SECRET-456"]));
    c.service_id.put(
        &mut m,
        "serviceId",
        &s(&[TEST_SERVICE_ID, PRODUCTION_SERVICE_ID]),
    );
    c.allow_insecure
        .put(&mut m, "allowInsecureHttp", &[json!(true), json!(false)]);
    match &c.base_url {
        BaseUrl::Field(f) => f.put(
            &mut m,
            "baseUrl",
            &s(&[
                DEFAULT_BASE_URL,
                "http://localhost:8080/api",
                "http://127.0.0.1/api?x=1",
                "https://[::1]:8443/a",
                "http://example.com/api",
                "HTTPS://Example.COM",
            ]),
        ),
        BaseUrl::Parts {
            scheme,
            userinfo,
            host,
            port,
            path,
        } => {
            let mut t = Map::new();
            scheme.put(&mut t, "x", &s(&["https", "http", "HTTP", "ftp"]));
            host.put(
                &mut t,
                "h",
                &s(&[
                    "localhost",
                    "127.0.0.1",
                    "[::1]",
                    "127.1.2.3",
                    "example.com",
                    "",
                ]),
            );
            let get = |k: &str| match t.get(k) {
                Some(Value::String(v)) => v.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            let mut u = format!("{}://", get("x"));
            if let Some(ui) = userinfo {
                u.push_str(ui);
                u.push('@');
            }
            u.push_str(&get("h"));
            if let Some(p) = port {
                u.push_str(&format!(":{p}"));
            }
            u.push_str(path);
            m.insert("baseUrl".into(), json!(u));
        }
    }
    c.business_type.put(
        &mut m,
        "businessType",
        &[
            json!(1),
            json!("12"),
            json!(2147483647),
            json!(0),
            json!(""),
        ],
    );
    match &c.gateway {
        Gateway::Field(f) => f.put(&mut m, "gateway", &[json!({}), json!(null)]),
        Gateway::Object(kv) => {
            let mut g = Map::new();
            for (k, f) in kv {
                let key = GW_KEYS[usize::from(*k) % GW_KEYS.len()];
                f.put(&mut g, key, &gw_good(key));
            }
            m.insert("gateway".into(), Value::Object(g));
        }
    }
    c.decrypt_fields.put(
        &mut m,
        "decryptFields",
        &[
            json!({ "name": "always" }),
            json!({ "healthCardNo": "never", "name": "auto" }),
            json!({}),
        ],
    );
    if let Some((k, j)) = &c.extra {
        m.insert((*k).to_owned(), j.value(0));
    }
    Value::Object(m)
}

fn str_field<'v>(cfg: &'v Value, k: &str) -> Option<&'v str> {
    cfg.get(k).and_then(Value::as_str)
}

fuzz_target!(|inp: Input<'_>| {
    let cfg = build_config(&inp.config);
    let ex = match Exchange::from_json(&cfg) {
        Ok(ex) => ex,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidConfig, "{e:?}");
            // Secrets are never echoed: "SECRET" occurs once in the config, inside a secret.
            let text = cfg.to_string();
            let in_secret = ["appKey", "paasToken", "appSecret"]
                .iter()
                .any(|k| str_field(&cfg, k).is_some_and(|v| v.contains("SECRET")));
            if text.matches("SECRET").count() == 1 && in_secret {
                assert!(
                    !e.message.contains("SECRET"),
                    "secret echoed: {}",
                    e.message
                );
            }
            return;
        }
    };
    let base = str_field(&cfg, "baseUrl").unwrap_or(DEFAULT_BASE_URL);
    assert_eq!(ex.app_code(), str_field(&cfg, "appCode").unwrap());

    let code = match inp.code {
        Code::Good(i) => {
            ["afadsgfaar", "a", "A-b_9", &"z".repeat(64)][usize::from(i % 4)].to_owned()
        }
        Code::Any(c) => c.to_owned(),
    };
    let opts = RequestOptions {
        business_type: inp.business_type,
        now_ms: inp.now_ms,
        timestamp: inp.timestamp.map(str::to_owned),
        nonce: inp.nonce.map(str::to_owned),
    };
    let req = match ex.build_request(&code, &opts) {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
            return;
        }
    };
    assert_eq!(req.method, "GET");
    let url = &req.url;
    assert!(
        url.bytes().all(|b| b.is_ascii_graphic()),
        "URL has a non-visible byte: {url:?}"
    );
    assert!(!url.contains('#'), "URL has a fragment: {url:?}");
    assert!(url.starts_with(base));
    let query = &url[base.len() + 1..];
    assert!(query.contains(&format!("&code={code}&")), "{url}");
    let bt = inp.business_type.map_or_else(
        || {
            // The config's businessType (validated), else 1.
            let q = query
                .split('&')
                .find_map(|p| p.strip_prefix("businessType="));
            q.unwrap().to_owned()
        },
        |n| n.to_string(),
    );
    assert!(query.contains(&format!("&businessType={bt}")), "{url}");
    assert_eq!(
        query.contains("serviceId="),
        ex.gateway_options().service_id_placement == ServiceIdPlacement::Query,
        "{url}"
    );
    for (k, v) in &req.headers {
        assert!(
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()),
            "{k:?}"
        );
        assert!(
            !v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()),
            "{k}: {v:?}"
        );
    }
    // The request signature verifies with the configured token (no skew limit, strict case).
    let ts_ok = req.headers[0].1.parse::<u64>().is_ok();
    if ts_ok {
        let token = str_field(&cfg, "paasToken").unwrap();
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_skew_seconds: u64::MAX,
            strict: true,
        };
        let got = verify_gateway_headers(&req.headers, token, ex.gateway_options(), &v)
            .expect("own request does not verify");
        assert_eq!(got.nonce, req.headers[1].1);
    }
});
