//! `Exchange::from_json` on generated JSON configs (every key absent, good, an arbitrary string
//! or arbitrary JSON; or a good config with one field replaced) and `build_request` with
//! arbitrary code / businessType / nonce / timestamp / clock.
//!
//! Invariants: config errors are `INVALID_CONFIG`, never echo a value (the marker `SECRET`) and,
//! when one field was replaced, name that field (a nested one by its parent: `gateway`); only
//! JSON objects are accepted; on `Ok` the config holds what was given.
//! `build_request` succeeds iff code, nonce and timestamp are valid; the URL is the base URL
//! plus the exact query; the header set is exactly the expected one and verifies (strict).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use yjt_sso::config::{
    BusinessType, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS,
    PRODUCTION_SERVICE_ID, TEST_SERVICE_ID, COMMAND,
};
use yjt_sso::gateway::{
    format_timestamp, signature, verify_gateway_headers, ServiceIdPlacement, VerifyOptions,
};
use yjt_sso::{ErrorCode, Exchange, RequestOptions};

/// Present only in values (good secrets, or wherever the fuzzer puts it): never in a message.
const MARKER: &str = "SECRET";

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
    fn get(&self, good: &[Value]) -> Option<Value> {
        match self {
            Field::Absent => None,
            Field::Good(i) => Some(good[usize::from(*i) % good.len()].clone()),
            Field::Str(s) => Some(json!(s)),
            Field::Json(j) => Some(j.value(0)),
        }
    }

    fn put(&self, m: &mut Map<String, Value>, key: &str) {
        match self.get(&good(key)) {
            Some(v) => m.insert(key.to_owned(), v),
            None => m.remove(key),
        };
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
struct Free<'a> {
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
    timeout_ms: Field<'a>,
    max_body_bytes: Field<'a>,
    gateway: Gateway<'a>,
    decrypt_fields: Field<'a>,
    extra: Option<(&'a str, Json<'a>)>,
    not_an_object: Option<Json<'a>>,
}

#[derive(Arbitrary, Debug)]
enum ConfigGen<'a> {
    Free(Free<'a>),
    /// The good base config with the field `SINGLE[i]` replaced.
    Single(u8, Field<'a>),
}

#[derive(Arbitrary, Debug)]
enum Ident<'a> {
    Good(u8),
    Any(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Bt<'a> {
    Config,
    Num(f64),
    Int(u32),
    Str(&'a str),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    config: ConfigGen<'a>,
    code: Ident<'a>,
    business_type: Bt<'a>,
    now_ms: u64,
    timestamp: Option<&'a str>,
    nonce: Ident<'a>,
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

/// Header-name options: a collision error names the resulting header, i.e. part of the value.
const GW_NAMES: [&str; 4] = ["prefix", "serviceIdHeader", "appSecretHeader", "paasIdHeader"];

const SINGLE: [&str; 24] = [
    "env",
    "appCode",
    "appKey",
    "paasId",
    "paasToken",
    "appSecret",
    "serviceId",
    "baseUrl",
    "allowInsecureHttp",
    "businessType",
    "timeoutMs",
    "maxBodyBytes",
    "gateway",
    "decryptFields",
    "gateway.prefix",
    "gateway.serviceIdHeader",
    "gateway.appSecretHeader",
    "gateway.paasIdHeader",
    "gateway.signatureCase",
    "gateway.timestampUnit",
    "gateway.serviceIdPlacement",
    "gateway.sendAppSecret",
    "decryptFields.name",
    "decryptFields.healthCardNo",
];

fn good(key: &str) -> Vec<Value> {
    match key {
        "env" => s(&["test", "production"]),
        "appCode" => s(&["HOSP001", "a", "A-b_9"]),
        "appKey" => s(&[
            "A7E2D00B4058086CBD3D4B8A5E0B2697",
            "a7e2d00b4058086cbd3d4b8a5e0b2697",
            "SECRET0123456789",
        ]),
        "paasId" => s(&["paas-001"]),
        "paasToken" => s(&["tok-SECRET-123", "t"]),
        "appSecret" => s(&["app-SECRET-456"]),
        "serviceId" => s(&[TEST_SERVICE_ID, PRODUCTION_SERVICE_ID, "a&b=c%"]),
        "allowInsecureHttp" | "sendAppSecret" => vec![json!(true), json!(false)],
        "baseUrl" => s(&[
            DEFAULT_BASE_URL,
            "http://localhost:8080/api",
            "http://127.0.0.1/api?x=1",
            "https://[::1]:8443/a",
            "http://example.com/api",
            "HTTPS://Example.COM",
        ]),
        "businessType" => vec![
            json!(1),
            json!("12"),
            json!(2147483647),
            json!(0),
            json!(""),
        ],
        "timeoutMs" => vec![json!(1), json!(600_000), json!(0), json!(600_001)],
        "maxBodyBytes" => vec![json!(1), json!(67_108_864), json!(0), json!(67_108_865)],
        "gateway" => vec![json!({}), json!(null), json!({ "prefix": "x-tif" })],
        "decryptFields" => vec![
            json!({ "name": "always" }),
            json!({ "healthCardNo": "never", "name": "auto" }),
            json!({}),
        ],
        "prefix" => s(&["x-tsp", "x-tif", "x-rio", "content"]),
        "serviceIdHeader" => s(&["serviceid", "serviceId", "type", "nonce"]),
        "appSecretHeader" => s(&["appSecret", "AppSecret"]),
        "paasIdHeader" => s(&["paasid", "paasId", "Signature"]),
        "signatureCase" => s(&["upper", "lower"]),
        "timestampUnit" => s(&["seconds", "milliseconds"]),
        "serviceIdPlacement" => s(&["header", "query", "omit"]),
        "name" | "healthCardNo" => s(&["auto", "always", "never"]),
        _ => vec![json!(null)],
    }
}

fn free_config(c: &Free<'_>) -> Value {
    if let Some(j) = &c.not_an_object {
        return j.value(0);
    }
    let mut m = Map::new();
    c.env.put(&mut m, "env");
    c.app_code.put(&mut m, "appCode");
    c.app_key.put(&mut m, "appKey");
    c.paas_id.put(&mut m, "paasId");
    c.paas_token.put(&mut m, "paasToken");
    c.app_secret.put(&mut m, "appSecret");
    c.service_id.put(&mut m, "serviceId");
    c.allow_insecure.put(&mut m, "allowInsecureHttp");
    match &c.base_url {
        BaseUrl::Field(f) => f.put(&mut m, "baseUrl"),
        BaseUrl::Parts {
            scheme,
            userinfo,
            host,
            port,
            path,
        } => {
            fn get(f: &Field<'_>, good: &[&str]) -> String {
                match f.get(&s(good)) {
                    Some(Value::String(v)) => v,
                    Some(v) => v.to_string(),
                    None => String::new(),
                }
            }
            let mut u = format!("{}://", get(scheme, &["https", "http", "HTTP", "ftp"]));
            if let Some(ui) = userinfo {
                u.push_str(ui);
                u.push('@');
            }
            let hosts = ["localhost", "127.0.0.1", "[::1]", "127.1.2.3", "example.com", ""];
            u.push_str(&get(host, &hosts));
            if let Some(p) = port {
                u.push_str(&format!(":{p}"));
            }
            u.push_str(path);
            m.insert("baseUrl".into(), json!(u));
        }
    }
    c.business_type.put(&mut m, "businessType");
    c.timeout_ms.put(&mut m, "timeoutMs");
    c.max_body_bytes.put(&mut m, "maxBodyBytes");
    match &c.gateway {
        Gateway::Field(f) => f.put(&mut m, "gateway"),
        Gateway::Object(kv) => {
            let mut g = Map::new();
            for (k, f) in kv {
                f.put(&mut g, GW_KEYS[usize::from(*k) % GW_KEYS.len()]);
            }
            m.insert("gateway".into(), Value::Object(g));
        }
    }
    c.decrypt_fields.put(&mut m, "decryptFields");
    if let Some((k, j)) = &c.extra {
        m.insert((*k).to_owned(), j.value(0));
    }
    Value::Object(m)
}

/// A good config with `path` replaced by `f` (removed when absent).
fn single_config(path: &str, f: &Field<'_>) -> Value {
    let mut cfg = json!({
        "env": "test", "appCode": "HOSP001", "appKey": "SECRET0123456789",
        "paasId": "paas-001", "paasToken": "tok-SECRET-123", "appSecret": "app-SECRET-456",
    });
    let m = cfg.as_object_mut().unwrap();
    match path.split_once('.') {
        None => f.put(m, path),
        Some((parent, key)) => {
            let mut inner = Map::new();
            f.put(&mut inner, key);
            m.insert(parent.into(), Value::Object(inner));
        }
    }
    cfg
}

/// Whether a key, as an "unknown field" message would show it (visible ASCII only), has the marker.
fn any_key_has_marker(v: &Value) -> bool {
    let shown = |k: &str| k.chars().filter(char::is_ascii_graphic).collect::<String>();
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| shown(k).contains(MARKER) || any_key_has_marker(v)),
        Value::Array(a) => a.iter().any(any_key_has_marker),
        _ => false,
    }
}

/// Whether a gateway header name has the marker.
fn names_have_marker(cfg: &Value) -> bool {
    cfg.get("gateway").is_some_and(|g| {
        GW_NAMES
            .iter()
            .any(|k| g.get(*k).and_then(Value::as_str).is_some_and(|v| v.contains(MARKER)))
    })
}

fn str_field<'v>(cfg: &'v Value, k: &str) -> Option<&'v str> {
    cfg.get(k).and_then(Value::as_str)
}

/// Nonces: 1–64 visible ASCII characters (the core's rule; field nonces contain `:` and `.`).
// No comma: the signature joins its parts with commas, so one could move between parts.
fn is_nonce(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_graphic() && b != b',')
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let auth = rest.split(['/', '?']).next().unwrap_or("");
    let host = match auth.find(']') {
        Some(i) if auth.starts_with('[') => &auth[..=i],
        _ => auth.split(':').next().unwrap_or(""),
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Checks the config holds what the JSON said.
fn check_config(ex: &Exchange, cfg: &Map<String, Value>) {
    let c = ex.config();
    let st = |k: &str| cfg.get(k).and_then(Value::as_str);
    assert_eq!(c.app_code(), st("appCode").unwrap());
    assert_eq!(c.credentials().paas_id(), st("paasId").unwrap());
    assert_eq!(
        c.credentials().service_id(),
        Some(st("serviceId").unwrap_or(c.env().service_id()))
    );
    let base = st("baseUrl").unwrap_or(DEFAULT_BASE_URL);
    assert_eq!(c.base_url(), base);
    // Plain http only to loopback or with allowInsecureHttp: true.
    if base.to_ascii_lowercase().starts_with("http://") && !is_loopback(base) {
        assert_eq!(cfg.get("allowInsecureHttp"), Some(&json!(true)), "{base}");
    }
    // null is the same as absent.
    let given = |k: &str| cfg.get(k).filter(|v| !v.is_null());
    let num = |k: &str, default: u32| given(k).map_or(Some(u64::from(default)), Value::as_u64);
    assert_eq!(Some(u64::from(c.timeout_ms())), num("timeoutMs", DEFAULT_TIMEOUT_MS));
    assert_eq!(
        Some(u64::from(c.max_body_bytes())),
        num("maxBodyBytes", DEFAULT_MAX_BODY_BYTES)
    );
    let bt = c.business_type().get();
    match given("businessType") {
        None => assert_eq!(bt, 1),
        Some(Value::String(s)) => assert_eq!(s, &bt.to_string()),
        Some(v) => assert_eq!(v.as_u64(), Some(u64::from(bt))),
    }
    if let Some(Value::Object(g)) = cfg.get("gateway") {
        let o = c.gateway_options();
        for (k, got) in [
            ("prefix", &o.prefix),
            ("serviceIdHeader", &o.service_id_header),
            ("appSecretHeader", &o.app_secret_header),
            ("paasIdHeader", &o.paas_id_header),
        ] {
            if let Some(Value::String(v)) = g.get(k) {
                assert_eq!(v, got, "gateway.{k}");
            }
        }
    }
}

fuzz_target!(|inp: Input<'_>| {
    let (cfg, single) = match &inp.config {
        ConfigGen::Free(c) => (free_config(c), None),
        ConfigGen::Single(i, f) => {
            let path = SINGLE[usize::from(*i) % SINGLE.len()];
            (single_config(path, f), Some(path))
        }
    };
    let ex = match Exchange::from_json(&cfg.to_string()) {
        Ok(ex) => ex,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidConfig, "{e:?}");
            // Values are never echoed (keys may be: "unknown field"; header names may be: a
            // collision error names the colliding header).
            if !any_key_has_marker(&cfg) && !names_have_marker(&cfg) {
                assert!(!e.message.contains(MARKER), "value echoed: {}", e.message);
            }
            // The one replaced field is named; a nested one at least by its parent.
            if let Some(path) = single {
                let top = path.split('.').next().unwrap();
                assert!(e.message.contains(top), "{path}: {}", e.message);
            }
            return;
        }
    };
    // serde would fill a struct from an array by position (fuzz/README.md, finding 3).
    let obj = cfg.as_object().expect("a config that is not a JSON object was accepted");
    check_config(&ex, obj);
    let c = ex.config();

    let code = match inp.code {
        Ident::Good(i) => ["afadsgfaar", "a", "A-b_9", &"z".repeat(64)][usize::from(i % 4)].to_owned(),
        Ident::Any(c) => c.to_owned(),
    };
    let nonce = match inp.nonce {
        Ident::Good(i) => ["0123456789abcdef", "n1", "A-b_9", &"n".repeat(64)][usize::from(i % 4)].to_owned(),
        Ident::Any(c) => c.to_owned(),
    };
    let business_type = match inp.business_type {
        Bt::Config => None,
        Bt::Num(n) => {
            // As JavaScript hands it over: a JSON number (NaN and the infinities become null).
            let ok = n.fract() == 0.0 && (1.0..=2_147_483_647.0).contains(&n);
            let call = serde_json::json!({ "now": 1, "nonce": "n", "businessType": n }).to_string();
            let r = yjt_sso::input::ExchangeCall::parse(&call).map(|o| o.business_type);
            if n.is_finite() {
                assert_eq!(r.is_ok(), ok, "{n}");
                if let Err(e) = &r {
                    assert_eq!(e.field.as_deref(), Some("businessType"));
                }
                r.ok().flatten()
            } else {
                assert!(matches!(r, Ok(None)), "{n}");
                None
            }
        }
        Bt::Int(n) => {
            let r = BusinessType::new(u64::from(n));
            assert_eq!(r.is_some(), (1..=i32::MAX as u32).contains(&n));
            r
        }
        Bt::Str(s) => {
            let ok = !s.is_empty()
                && s.len() <= 10
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.parse::<u64>().is_ok_and(|n| (1..=2_147_483_647).contains(&n));
            let r = BusinessType::parse(s);
            assert_eq!(r.is_ok(), ok, "{s:?}");
            if let Err(e) = &r {
                assert_eq!(e.code, ErrorCode::InvalidInput);
            }
            r.ok()
        }
    };
    if let Some(b) = business_type {
        assert_eq!(BusinessType::parse(&b.get().to_string()).ok(), Some(b));
        assert_eq!(BusinessType::new(u64::from(b.get())), Some(b));
    }
    let opts = RequestOptions {
        business_type,
        now_ms: inp.now_ms,
        timestamp: inp.timestamp.map(str::to_owned),
        nonce: nonce.clone(),
    };
    let ts_ok = inp
        .timestamp
        .is_none_or(|t| !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()));
    let req = match ex.build_request(&code, &opts) {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
            assert!(!(is_token(&code) && is_nonce(&nonce) && ts_ok), "{e:?}");
            return;
        }
    };
    assert!(is_token(&code) && is_nonce(&nonce) && ts_ok);
    assert_eq!(req.method, "GET");

    // URL = base + '?' or '&' + the exact query.
    let url = &req.url;
    let base = c.base_url();
    assert!(url.bytes().all(|b| b.is_ascii_graphic()), "{url:?}");
    assert!(!url.contains('#'), "URL has a fragment: {url:?}");
    assert!(url.starts_with(base));
    let sep = if base.contains('?') { '&' } else { '?' };
    assert_eq!(url.as_bytes()[base.len()], sep as u8);
    let query = &url[base.len() + 1..];
    let bt = business_type.unwrap_or(c.business_type()).get();
    let want = format!("appCode={}&command={COMMAND}&code={code}&businessType={bt}", c.app_code());
    let o = c.gateway_options();
    if o.service_id_placement == ServiceIdPlacement::Query {
        assert!(query.starts_with(&format!("{want}&serviceId=")), "{url}");
    } else {
        assert_eq!(query, want);
    }

    // Headers: exactly the expected set (order aside), distinct names, visible ASCII.
    let token = str_field(&cfg, "paasToken").unwrap();
    let ts = inp
        .timestamp
        .map_or_else(|| format_timestamp(inp.now_ms, o.timestamp_unit), str::to_owned);
    let name = |suffix: &str| format!("{}-{suffix}", o.prefix);
    let mut want_h = vec![
        (name("timestamp"), ts.clone()),
        (name("nonce"), nonce.clone()),
        (name("signature"), signature(&ts, token, &nonce, o.signature_case)),
        (name(&o.paas_id_header), c.credentials().paas_id().to_owned()),
        ("Content-Type".to_owned(), "application/json;charset=utf-8".to_owned()),
    ];
    if let (true, Some(sec)) = (o.send_app_secret, str_field(&cfg, "appSecret")) {
        want_h.push((name(&o.app_secret_header), sec.to_owned()));
    }
    if o.service_id_placement == ServiceIdPlacement::Header {
        let sid = c.credentials().service_id().unwrap().to_owned();
        want_h.push((name(&o.service_id_header), sid));
    }
    // Names and fixed values are borrowed from the config, per-request values owned.
    let owned: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut got_h = owned.clone();
    want_h.sort();
    got_h.sort();
    assert_eq!(got_h, want_h);
    for (i, (k, v)) in req.headers.iter().enumerate() {
        assert!(!k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()), "{k:?}");
        assert!(!v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()), "{k}: {v:?}");
        assert!(
            req.headers[i + 1..].iter().all(|(k2, _)| !k.eq_ignore_ascii_case(k2)),
            "two headers named {k}"
        );
    }

    // The request verifies with the configured token (no skew limit, strict case).
    if ts.parse::<u64>().is_ok() {
        let v = VerifyOptions {
            now_ms: inp.now_ms,
            max_past_seconds: u64::MAX,
            max_future_seconds: u64::MAX,
            strict: true,
        };
        let got = verify_gateway_headers(&owned, token, o, &v).expect("own request does not verify");
        assert_eq!((got.timestamp, got.nonce), (ts, nonce));
        assert_eq!(got.paas_id, c.credentials().paas_id());
        let sid = (o.service_id_placement == ServiceIdPlacement::Header)
            .then(|| c.credentials().service_id().unwrap());
        assert_eq!(got.service_id.as_deref(), sid);
    }
});
