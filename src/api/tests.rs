use super::*;
use crate::gateway::SignInputs;

fn api(extra: &str) -> Result<Api> {
    Api::from_json(&format!(
        r#"{{"paasId":"p","paasToken":"tok-SECRET-1","appSecret":"sec-SECRET-2","serviceId":"S1","baseUrl":"https://gw.example/api"{extra}}}"#
    ))
}

fn inputs() -> SignInputs {
    SignInputs {
        now_ms: 1_700_000_000_000,
        timestamp: None,
        nonce: "0123456789abcdef".into(),
    }
}

#[test]
fn builds_get_and_post_with_query() {
    let a = api("").unwrap();
    let r = a
        .build_request(
            &Call {
                method: "POST",
                query: &[("a", "1 2&"), ("b", "中")],
                headers: &[],
            },
            &inputs(),
        )
        .unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        ("POST", "https://gw.example/api?a=1+2%26&b=%E4%B8%AD")
    );
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| k == "x-tsp-serviceid" && v == "S1"));
    assert_eq!(
        a.build_request(&Call::GET, &inputs()).unwrap().url,
        "https://gw.example/api"
    );
    let q =
        api(r#","gateway":{"serviceIdPlacement":"query"},"baseUrl":"https://gw.example/api?x=1""#);
    assert!(q.is_err(), "duplicate baseUrl key is refused");
    let q = Api::from_json(r#"{"paasId":"p","paasToken":"t","serviceId":"S1","baseUrl":"https://gw.example/api?x=1","gateway":{"serviceIdPlacement":"query"}}"#).unwrap();
    assert_eq!(
        q.build_request(
            &Call {
                query: &[("c", "d")],
                ..Call::GET
            },
            &inputs()
        )
        .unwrap()
        .url,
        "https://gw.example/api?x=1&c=d&serviceId=S1"
    );
    for m in ["PUT", "get", ""] {
        assert_eq!(
            a.build_request(
                &Call {
                    method: m,
                    ..Call::GET
                },
                &inputs()
            )
            .unwrap_err()
            .code,
            ErrorCode::InvalidInput
        );
    }
    assert!(a
        .build_request(
            &Call {
                query: &[("", "v")],
                ..Call::GET
            },
            &inputs()
        )
        .is_err());
    let keys: Vec<String> = (0..65).map(|i| format!("k{i}")).collect();
    let many: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "")).collect();
    let e = a
        .build_request(
            &Call {
                query: &many,
                ..Call::GET
            },
            &inputs(),
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("query"));
    assert!(a
        .build_request(
            &Call {
                query: &many[..64],
                ..Call::GET
            },
            &inputs()
        )
        .is_ok());
}

#[test]
fn classify_scrubs_this_callers_secrets() {
    let a = api("").unwrap();
    let e = a
        .classify(502, "upstream said tok-SECRET-1 and sec-SECRET-2")
        .unwrap_err();
    assert!(!e.message.contains("SECRET"), "{}", e.message);
    assert_eq!(
        a.classify(200, r#"{"code":200,"success":true,"data":{"x":1}}"#)
            .unwrap()
            .unwrap()
            .get(),
        r#"{"x":1}"#
    );
}

#[test]
fn caller_headers_follow_the_signed_set_and_never_replace_it() {
    let a = api("").unwrap();
    let call = |headers: &[(&str, &str)]| {
        let c = Call {
            headers,
            ..Call::GET
        };
        a.build_request(&c, &inputs()).map(|r| {
            r.headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let h = call(&[("x-trace", "t 1"), ("X-Other", "2")]).unwrap();
    let n = h.len();
    assert_eq!(h[n - 2], ("x-trace".into(), "t 1".into()));
    assert_eq!(h[n - 1], ("X-Other".into(), "2".into()));
    assert!(h.iter().any(|(k, _)| k == "x-tsp-signature"));
    for (headers, field, says) in [
        (
            &[("X-TSP-Signature", "x")][..],
            "headers.X-TSP-Signature",
            "由网关签名生成",
        ),
        (
            &[("content-type", "text/plain")][..],
            "headers.content-type",
            "由网关签名生成",
        ),
        (&[("x-a", "1"), ("X-A", "2")][..], "headers.X-A", "重复"),
        (&[("x a", "1")][..], "headers", "1–64"),
        (&[("x.a", "1")][..], "headers", "1–64"),
        (&[("x-a", "line\nbreak")][..], "headers.x-a", "可打印 ASCII"),
    ] {
        let e = call(headers).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidInput, Some(field)),
            "{headers:?}"
        );
        assert!(e.message.contains(says), "{}", e.message);
    }
    assert!(call(&[("x-a", &"v".repeat(1024))]).is_ok());
    assert!(call(&[("x-a", &"v".repeat(1025))]).is_err());
}

#[test]
fn request_parts_cross_as_one_object_with_headers_in_order() {
    let a = api("").unwrap();
    let r = a.build_request(&Call::GET, &inputs()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.starts_with(r#"{"method":"GET","url":"https://gw.example/api","headers":{"x-tsp-timestamp":"1700000000","x-tsp-nonce":"0123456789abcdef","x-tsp-signature":""#), "{json}");
    assert!(
        json.ends_with(r#""Content-Type":"application/json;charset=utf-8"}}"#),
        "{json}"
    );
}

#[test]
fn caller_query_keys_never_collide_with_the_variant_ones() {
    let a = api(r#","gateway":{"serviceIdPlacement":"query","paasIdInQuery":true}"#).unwrap();
    let url = |query: &[(&str, &str)]| a.build_request(&Call { query, ..Call::GET }, &inputs());
    assert!(url(&[("command", "02")]).is_ok());
    for (k, v) in [
        ("serviceId", "OTHER"),
        ("SERVICEID", "OTHER"),
        ("paasid", "x"),
    ] {
        let e = url(&[("command", "02"), (k, v)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{k}");
        assert_eq!(e.field.as_deref(), Some(format!("query.{k}").as_str()));
        assert!(!e.message.contains(v));
    }
    // With the service id in a header, a query key of that name is the caller's own.
    assert!(api("")
        .unwrap()
        .build_request(
            &Call {
                query: &[("serviceId", "x")],
                ..Call::GET
            },
            &inputs()
        )
        .is_ok());
}

#[test]
fn transport_headers_are_not_the_callers() {
    let a = api("").unwrap();
    for k in [
        "Content-Length",
        "host",
        "Transfer-Encoding",
        "Connection",
        "Proxy-Authorization",
        "expect",
    ] {
        let e = a
            .build_request(
                &Call {
                    headers: &[(k, "5")],
                    ..Call::GET
                },
                &inputs(),
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{k}");
        assert_eq!(e.field.as_deref(), Some(format!("headers.{k}").as_str()));
    }
}

#[test]
fn data_reaches_javascript_exactly_or_not_at_all() {
    let deep = |n: usize| {
        format!(
            "{{\"errcode\":0,\"data\":{}{}}}",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    assert!(api("").unwrap().classify(200, &deep(100)).is_ok());
    for body in [
        deep(500_000),
        r#"{"errcode":0,"data":{"n":12345678901234567890}}"#.to_owned(),
        r#"{"errcode":0,"data":{"n":-9007199254740993}}"#.to_owned(),
        r#"{"errcode":0,"data":{"x":1e400}}"#.to_owned(),
        r#"{"errcode":0,"data":{"a":1,"a":2}}"#.to_owned(),
        r#"{"errcode":0,"data":[{"a":{"b":1,"b":1}}]}"#.to_owned(),
    ] {
        let e = api("").unwrap().classify(200, &body).unwrap_err();
        assert_eq!(
            e.code,
            ErrorCode::BadResponse,
            "{}",
            &body[..body.len().min(60)]
        );
        assert_eq!(e.status, Some(200));
    }
    assert!(classify(
        200,
        r#"{"errcode":0,"data":{"n":9007199254740991,"f":1.5e300}}"#,
        &[]
    )
    .is_ok());
}
