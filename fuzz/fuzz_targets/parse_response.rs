//! `Exchange::parse_response(status, body)` on arbitrary and near-valid gateway answers.
//!
//! The input is either raw text or a structured envelope (`errcode` or `code` + `success`, a
//! message under `errmsg` / `msg` / `message`, data with real SM4 ciphertext fields under the
//! configured key, data as an object or a JSON string, an optional duplicate key in the
//! envelope or in `data`, optionally truncated), so the fuzzer reaches the decryption and
//! dictionary code instead of stopping at the JSON parser.
//!
//! An oracle reads the body independently (its top-level entries, duplicates kept) and predicts
//! the outcome: no envelope / not JSON / a duplicate key → `BAD_RESPONSE` (2xx) or
//! `HTTP_STATUS`; a failure envelope → the `GATEWAY_*` code of its errcode; a success envelope
//! on 2xx → a user or `BAD_RESPONSE` / `DECRYPT_FAILED`. A JSON array is no envelope.
//! On `Ok`: userId, certificateNo and phone are what the body carried (decrypted); no field has
//! control characters; labels are the dictionary lookups; `Debug` prints the masks.
//! On `Err`: the message is short, never contains the paasToken / appSecret, and never quotes a
//! certificate number that was only present encrypted.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use yjt_sso::dict;
use yjt_sso::redact::{mask_id_card, mask_name, mask_phone};
use yjt_sso::sm4::{Encoding, Sm4};
use yjt_sso::{ErrorCode, Exchange};

const KEY: &str = "A7E2D00B4058086CBD3D4B8A5E0B2697";
const TOKEN: &str = "tok-SECRET-123";
const APP_SECRET: &str = "app-SECRET-456";

const ENVELOPE_KEYS: [&str; 7] = ["errcode", "code", "success", "errmsg", "msg", "message", "data"];
const USER_KEYS: [&str; 9] = [
    "userId",
    "certificateNo",
    "certificateType",
    "healthCardNo",
    "phone",
    "name",
    "gender",
    "nation",
    "channel",
];

fn exchanges() -> &'static [Exchange; 3] {
    static EX: OnceLock<[Exchange; 3]> = OnceLock::new();
    EX.get_or_init(|| {
        let mk = |policy: &str| {
            let cfg = json!({
                "env": "test", "appCode": "HOSP001", "appKey": KEY,
                "paasId": "paas-001", "paasToken": TOKEN, "appSecret": APP_SECRET,
                "decryptFields": { "name": policy, "healthCardNo": policy },
            });
            Exchange::from_json(&cfg.to_string()).unwrap()
        };
        [mk("auto"), mk("always"), mk("never")]
    })
}

#[derive(Arbitrary, Debug)]
enum Status {
    Ok200,
    Ok2xx(u8),
    Any(u16),
}

#[derive(Arbitrary, Debug)]
enum Atom<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(&'a str),
    Arr,
    Obj,
}

impl Atom<'_> {
    fn value(&self) -> Value {
        match self {
            Atom::Null => Value::Null,
            Atom::Bool(b) => json!(b),
            Atom::Int(i) => json!(i),
            Atom::UInt(u) => json!(u),
            Atom::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Atom::Str(s) => json!(s),
            Atom::Arr => json!([1, "a"]),
            Atom::Obj => json!({ "k": "v" }),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum ErrCode<'a> {
    Zero,
    ZeroStr,
    /// 200: success only under the `code` key.
    Http200,
    Small(u8),
    Gateway(u16), // 400_000_000 + n
    Other(Atom<'a>),
    Absent,
}

#[derive(Arbitrary, Debug)]
enum Name<'a> {
    UserId,
    CertificateNo,
    CertificateType,
    Phone,
    Name,
    HealthCardNo,
    Gender,
    Nation,
    Channel,
    Other(&'a str),
}

impl Name<'_> {
    fn key(&self) -> &str {
        match self {
            Name::UserId => "userId",
            Name::CertificateNo => "certificateNo",
            Name::CertificateType => "certificateType",
            Name::Phone => "phone",
            Name::Name => "name",
            Name::HealthCardNo => "healthCardNo",
            Name::Gender => "gender",
            Name::Nation => "nation",
            Name::Channel => "channel",
            Name::Other(s) => s,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum FieldValue<'a> {
    /// SM4 ciphertext of this plaintext under the configured key.
    Enc {
        plain: &'a str,
        upper: bool,
        ws: bool,
    },
    /// Ciphertext of arbitrary bytes (may be invalid UTF-8 / control chars).
    EncBytes(&'a [u8]),
    /// Ciphertext under another key.
    WrongKey(&'a str),
    /// Dictionary-ish codes.
    Code(u8),
    Atom(Atom<'a>),
}

#[derive(Arbitrary, Debug)]
enum Data<'a> {
    Missing,
    Object(Vec<(Name<'a>, FieldValue<'a>)>),
    /// A complete record with every field encrypted, then `patches` applied.
    Complete {
        cert: &'a str,
        phone: &'a str,
        name: &'a str,
        patches: Vec<(Name<'a>, FieldValue<'a>)>,
    },
    Other(Atom<'a>),
}

#[derive(Arbitrary, Debug)]
enum Dup<'a> {
    /// A second copy of `ENVELOPE_KEYS[i]` (a plain extra key when the envelope lacks it).
    Envelope(u8, Atom<'a>),
    /// A second copy of `USER_KEYS[i]` in `data` (when `data` is an object).
    Data(u8, FieldValue<'a>),
}

#[derive(Arbitrary, Debug)]
struct Envelope<'a> {
    errcode: ErrCode<'a>,
    code_key: bool,
    success: Option<bool>,
    msg_key: u8,
    errmsg: Option<&'a str>,
    data: Data<'a>,
    data_as_string: bool,
    extra: Option<(&'a str, Atom<'a>)>,
    dup: Option<Dup<'a>>,
    truncate: Option<u16>,
}

#[derive(Arbitrary, Debug)]
enum Body<'a> {
    Raw(&'a str),
    Envelope(Envelope<'a>),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    status: Status,
    policy: u8,
    body: Body<'a>,
}

fn enc(sm4: &Sm4, s: &str) -> String {
    sm4.encrypt_str(s, Encoding::Hex)
}

fn field_value(sm4: &Sm4, v: &FieldValue<'_>) -> Value {
    match v {
        FieldValue::Enc { plain, upper, ws } => {
            let mut c = enc(sm4, plain);
            if *upper {
                c = c.to_ascii_uppercase();
            }
            if *ws {
                c = format!(" {c}\n");
            }
            json!(c)
        }
        FieldValue::EncBytes(b) => json!(hex::encode(sm4.encrypt_bytes(b))),
        FieldValue::WrongKey(p) => json!(Sm4::new(&[7; 16]).encrypt_str(p, Encoding::Hex)),
        FieldValue::Code(n) => match n % 4 {
            0 => json!(n % 100),
            1 => json!(format!("{:02}", n % 100)),
            2 => json!(format!("{}", n % 10)),
            _ => json!(format!(" {} ", n % 60)),
        },
        FieldValue::Atom(a) => a.value(),
    }
}

fn apply(sm4: &Sm4, m: &mut Map<String, Value>, fields: &[(Name<'_>, FieldValue<'_>)]) {
    for (n, v) in fields {
        m.insert(n.key().to_owned(), field_value(sm4, v));
    }
}

/// Adds `"key":value` at the front of a serialized JSON object.
fn splice(obj: &str, key: &str, value: &str) -> String {
    let k = json!(key).to_string();
    match obj {
        "{}" => format!("{{{k}:{value}}}"),
        _ => format!("{{{k}:{value},{}", &obj[1..]),
    }
}

fn build(sm4: &Sm4, e: &Envelope<'_>) -> String {
    let mut o = Map::new();
    let ck = if e.code_key { "code" } else { "errcode" };
    let code = match &e.errcode {
        ErrCode::Zero => Some(json!(0)),
        ErrCode::ZeroStr => Some(json!("0")),
        ErrCode::Http200 => Some(json!(200)),
        ErrCode::Small(n) => Some(json!(n % 5)),
        ErrCode::Gateway(n) => Some(json!(400_000_000u32 + u32::from(*n % 700))),
        ErrCode::Other(a) => Some(a.value()),
        ErrCode::Absent => None,
    };
    if let Some(c) = code {
        o.insert(ck.into(), c);
    }
    if let Some(b) = e.success {
        o.insert("success".into(), json!(b));
    }
    if let Some(m) = e.errmsg {
        let k = ["errmsg", "msg", "message"][usize::from(e.msg_key % 3)];
        o.insert(k.into(), json!(m));
    }
    let data = match &e.data {
        Data::Missing => None,
        Data::Object(fields) => {
            let mut m = Map::new();
            apply(sm4, &mut m, fields);
            Some(Value::Object(m))
        }
        Data::Complete {
            cert,
            phone,
            name,
            patches,
        } => {
            let mut m = Map::new();
            m.insert("userId".into(), json!("u-1001"));
            m.insert("certificateNo".into(), json!(enc(sm4, cert)));
            m.insert("certificateType".into(), json!("01"));
            m.insert("phone".into(), json!(enc(sm4, phone)));
            m.insert("name".into(), json!(enc(sm4, name)));
            m.insert("healthCardNo".into(), json!("E1234567890"));
            m.insert("gender".into(), json!(1));
            m.insert("nation".into(), json!("01"));
            m.insert("channel".into(), json!("1"));
            apply(sm4, &mut m, patches);
            Some(Value::Object(m))
        }
        Data::Other(a) => Some(a.value()),
    };
    if let Some((k, a)) = &e.extra {
        o.insert((*k).to_owned(), a.value());
    }
    let mut s = Value::Object(o).to_string();
    if let Some(d) = data {
        let mut t = d.to_string();
        if let (Some(Dup::Data(i, v)), true) = (&e.dup, d.is_object()) {
            let k = USER_KEYS[usize::from(*i) % USER_KEYS.len()];
            t = splice(&t, k, &field_value(sm4, v).to_string());
        }
        if e.data_as_string {
            t = json!(t).to_string();
        }
        s = splice(&s, "data", &t);
    }
    if let Some(Dup::Envelope(i, a)) = &e.dup {
        let k = ENVELOPE_KEYS[usize::from(*i) % ENVELOPE_KEYS.len()];
        s = splice(&s, k, &a.value().to_string());
    }
    if let Some(t) = e.truncate {
        let mut i = usize::from(t) % (s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.truncate(i);
    }
    s
}

/// A JSON object's entries in order, duplicates kept, values unparsed (a lax reading: whatever
/// the core's serde structs accept, this accepts too).
struct Entries(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Entries, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = a.next_entry()? {
                    v.push(e);
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(V)
    }
}

impl Entries {
    fn has_dup(&self, known: &[&str]) -> bool {
        known
            .iter()
            .any(|k| self.0.iter().filter(|(n, _)| n == k).count() > 1)
    }
    fn get(&self, k: &str) -> Option<&RawValue> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| &**v)
    }
}

/// A field as the core's `Scalar` reads it: `Ok(None)` for an array or object (accepted, not a
/// scalar), `Err` when it does not parse (the core's struct fails too).
fn scalar(raw: Option<&RawValue>) -> Result<Option<Value>, ()> {
    let Some(raw) = raw else { return Ok(None) };
    let t = raw.get().trim_start();
    if t.starts_with(['[', '{']) {
        return Ok(None);
    }
    serde_json::from_str(t).map(Some).map_err(|_| ())
}

/// An integer, or a string of one, as the protocol reads errcode / code.
fn int(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

enum Want {
    /// The body is not a usable envelope: `BAD_RESPONSE` on 2xx, else `HTTP_STATUS`.
    NoEnvelope,
    /// A failure envelope with this errcode.
    Gateway(i64),
    /// A success envelope and its `data`.
    Success(Option<Box<RawValue>>),
}

/// Only an object is an envelope (a JSON array is not read by position: finding 3).
fn predict(body: &str) -> Want {
    let Ok(e) = serde_json::from_str::<Entries>(body) else {
        return Want::NoEnvelope;
    };
    if e.has_dup(&ENVELOPE_KEYS) {
        return Want::NoEnvelope;
    }
    let (Ok(errcode), Ok(code), Ok(success), Ok(_), Ok(_), Ok(_)) = (
        scalar(e.get("errcode")),
        scalar(e.get("code")),
        scalar(e.get("success")),
        scalar(e.get("errmsg")),
        scalar(e.get("msg")),
        scalar(e.get("message")),
    ) else {
        return Want::NoEnvelope;
    };
    let data = e.get("data").map(|d| d.to_owned());
    // `success: false` is a failure whatever errcode says; its errcode is then `code` (unless
    // 0 / 200), else 1.
    let refused = matches!(success, Some(Value::Bool(false)));
    let (ok, n) = if let Some(n) = int(&errcode) {
        if n == 0 && refused {
            (false, int(&code).filter(|c| *c != 0 && *c != 200).unwrap_or(1))
        } else {
            (n == 0, n)
        }
    } else if let Some(Value::Bool(b)) = success {
        (b, int(&code).unwrap_or(if b { 0 } else { 1 }))
    } else if let Some(n) = int(&code) {
        (n == 0 || n == 200, n)
    } else {
        return Want::NoEnvelope;
    };
    if ok {
        Want::Success(data)
    } else {
        Want::Gateway(n)
    }
}

fn gateway_code(n: i64) -> ErrorCode {
    match n {
        2 => ErrorCode::GatewayInvalidParams,
        3 => ErrorCode::GatewaySignature,
        400_000_400..=400_000_599 => ErrorCode::GatewayRejected,
        _ => ErrorCode::GatewayFailure,
    }
}

/// The object text inside `data` (an object, or a JSON string holding one).
fn data_object(data: Option<&RawValue>) -> Option<String> {
    let raw = data?.get().trim_start();
    match raw.bytes().next() {
        Some(b'{') => Some(raw.to_owned()),
        Some(b'"') => serde_json::from_str::<String>(raw)
            .ok()
            .filter(|s| s.trim_start().starts_with('{')),
        _ => None,
    }
}

/// The string the core reads for a field (trimmed string or integer), `None` for anything else.
fn text(raw: Option<&RawValue>) -> Option<String> {
    match scalar(raw) {
        Ok(Some(Value::String(s))) => Some(s.trim().to_owned()),
        Ok(Some(Value::Number(n))) => n.as_i64().map(|n| n.to_string()),
        Ok(Some(Value::Null)) | Ok(None) if raw.is_none_or(|r| r.get() == "null") => Some(String::new()),
        _ => None,
    }
}

fuzz_target!(|inp: Input<'_>| {
    let ex = &exchanges()[usize::from(inp.policy % 3)];
    let sm4 = ex.config().sm4();
    let status = match inp.status {
        Status::Ok200 => 200,
        Status::Ok2xx(n) => 200 + u16::from(n % 100),
        Status::Any(n) => n,
    };
    let owned;
    let body: &str = match &inp.body {
        Body::Raw(s) => s,
        Body::Envelope(e) => {
            owned = build(sm4, e);
            &owned
        }
    };
    let ok2xx = (200..300).contains(&status);
    let want = predict(body);
    let r = ex.parse_response(status, body);

    match (&want, &r) {
        (Want::NoEnvelope, _) | (Want::Success(_), _) if !ok2xx => {
            let e = r.as_ref().expect_err("Ok for a non-2xx status");
            assert_eq!(e.code, ErrorCode::HttpStatus, "{e:?}");
            assert_eq!(e.status, Some(status));
            assert_eq!(e.retryable, matches!(status, 429 | 502 | 503 | 504));
        }
        (Want::NoEnvelope, _) => {
            let e = r.as_ref().expect_err("Ok without a success envelope");
            assert_eq!(e.code, ErrorCode::BadResponse, "{e:?}");
            assert_eq!(e.status, Some(status));
        }
        (Want::Gateway(n), _) => {
            let e = r.as_ref().expect_err("Ok for a failure envelope");
            assert_eq!(e.code, gateway_code(*n), "{e:?}");
            assert_eq!((e.errcode, e.status), (Some(*n), Some(status)));
            assert_eq!(e.retryable, matches!(n, 400_000_429 | 400_000_529));
        }
        (Want::Success(data), Err(e)) => {
            assert!(
                matches!(e.code, ErrorCode::BadResponse | ErrorCode::DecryptFailed),
                "{e:?}"
            );
            // No object in data, or a duplicate key in it: not a user.
            let obj = data_object(data.as_deref());
            let dup = obj
                .as_deref()
                .and_then(|o| serde_json::from_str::<Entries>(o).ok())
                .is_none_or(|d| d.has_dup(&USER_KEYS));
            if dup {
                assert_eq!(e.code, ErrorCode::BadResponse, "{e:?}");
            }
        }
        (Want::Success(data), Ok(u)) => {
            // The user is what data carried: parseable, no duplicate key, same values.
            let obj = data_object(data.as_deref()).expect("Ok without an object in data");
            let d: Entries = serde_json::from_str(&obj).expect("Ok for unparseable data");
            assert!(!d.has_dup(&USER_KEYS), "Ok with a duplicate key in data");
            assert_eq!(Some(&u.user_id), text(d.get("userId")).as_ref());
            let dec = |k: &str| match text(d.get(k)) {
                Some(t) if t.is_empty() => Some(t),
                Some(t) => sm4.decrypt_str(&t, Encoding::Hex).ok(),
                None => None,
            };
            assert_eq!(Some(&u.certificate_no), dec("certificateNo").as_ref());
            assert_eq!(Some(&u.phone), dec("phone").as_ref());
        }
    }

    match r {
        Ok(u) => {
            assert!(ok2xx, "Ok for HTTP {status}");
            assert!(!u.user_id.is_empty(), "Ok with empty userId");
            assert!(!u.certificate_no.trim().is_empty(), "Ok with a blank certificateNo");
            for f in [
                &u.user_id,
                &u.name,
                &u.phone,
                &u.certificate_no,
                &u.certificate_type,
                &u.health_card_no,
                &u.nation,
                &u.channel,
            ] {
                assert!(!f.chars().any(char::is_control), "control character in {f:?}");
            }
            assert_eq!(
                u.labels.certificate_type,
                dict::certificate_type_label(&u.certificate_type)
            );
            assert_eq!(u.labels.gender, u.gender.and_then(dict::gender_label));
            assert_eq!(u.labels.nation, dict::nation_label(&u.nation));
            assert_eq!(u.labels.channel, dict::channel_label(&u.channel));
            // Codes are trimmed on the way in.
            assert_eq!(u.user_id, u.user_id.trim());
            assert_eq!(u.certificate_type, u.certificate_type.trim());
            assert_eq!(u.nation, u.nation.trim());
            assert_eq!(u.channel, u.channel.trim());
            // Debug prints each personal field as its mask (a quote inside a value is escaped,
            // so `field: "` only comes from the struct itself).
            let dbg = format!("{u:?}");
            for (field, m) in [
                ("certificate_no", mask_id_card(&u.certificate_no)),
                ("health_card_no", mask_id_card(&u.health_card_no)),
                ("phone", mask_phone(&u.phone)),
                ("name", mask_name(&u.name)),
            ] {
                assert!(dbg.contains(&format!("{field}: {m:?}")), "Debug lacks {field}: {m:?}");
            }
            serde_json::to_string(&u).unwrap();
        }
        Err(e) => {
            assert!(e.message.chars().count() <= 300, "long message: {}", e.message);
            for secret in [TOKEN, APP_SECRET] {
                assert!(!e.message.contains(secret), "secret echoed: {}", e.message);
            }
            // An ID-like certificate number (≥ 10 digits) that was only ever on the wire
            // encrypted is never quoted.
            if let Body::Envelope(Envelope {
                data: Data::Complete { cert, .. },
                ..
            }) = &inp.body
            {
                let id_like = cert.len() >= 10 && cert.bytes().all(|b| b.is_ascii_digit());
                if id_like && !body.contains(cert) {
                    assert!(!e.message.contains(cert), "error quotes a decrypted value");
                }
            }
        }
    }
});
