//! Property tests: any status, headers, body, request URL, token and clock yields a diagnosis with
//! a kind and a problem, and the output never contains the context token or its signature.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use zoom_summary_doctor::classify::{classify, FailureContext, FailureKind, FailureResponse, RequestInfo};
use zoom_summary_doctor::json::ToJson;

/// Builds a Zoom-shaped JWT with the given claims and signature.
fn jwt(claims: &str, signature: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"sv":"000001","alg":"HS512","v":"2.0","kid":"k"}"#);
    format!("{header}.{}.{signature}", URL_SAFE_NO_PAD.encode(claims))
}

fn signature() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{86}"
}

/// Generates a token as a caller passes it: raw, with `Bearer`, or inside a token response.
fn token() -> impl Strategy<Value = (String, String)> {
    (signature(), 0..4i64, 1_700_000_000..1_800_000_000i64, 0..3usize).prop_map(|(signature, kind, exp, wrapping)| {
        let claims = format!(r#"{{"ver":10,"type":{kind},"uid":"u","aid":"a","iss":"zm:cid:c","aud":"https://oauth.zoom.us","exp":{exp},"iat":{}}}"#, exp - 3600);
        let token = jwt(&claims, &signature);
        let passed = match wrapping {
            0 => token.clone(),
            1 => format!("Bearer {token}"),
            _ => format!(r#"{{"access_token":"{token}","token_type":"bearer","expires_in":3599,"scope":"phone:read:ai_call_summary:admin"}}"#),
        };
        (passed, token)
    })
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x-zm-trackingid".to_owned()),
        Just("Retry-After".to_owned()),
        Just("X-RateLimit-Type".to_owned()),
        Just("X-RateLimit-Reset".to_owned()),
        Just("x-ratelimit-limit".to_owned()),
        Just("content-type".to_owned()),
        ".{0,12}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9]{1,20}",
        Just("QPS".to_owned()),
        Just("Daily-limit".to_owned()),
        Just("text/html".to_owned()),
        Just("v=2.0;clid=us06;rid=WEB_1".to_owned()),
        Just("Tue, 02 Dec 2025 00:00:00 GMT".to_owned()),
        Just("9999-12-31T23:59:59Z".to_owned()),
    ]
}

/// Bodies in every envelope, with random codes and messages, sometimes quoting the token.
fn body(token: String) -> impl Strategy<Value = String> {
    let code = prop_oneof![any::<i64>(), Just(104i64), Just(124), Just(429), Just(4700), Just(4711), Just(300), Just(1001), Just(2300)];
    let message = prop_oneof![
        ".{0,60}",
        Just("Invalid access token, does not contain scopes:[a:b:c:master, x]".to_owned()),
        Just("Access token is expired.".to_owned()),
        Just("You may resume these requests at GMT 99:99:99.".to_owned()),
    ];
    let quoted = token.clone();
    prop_oneof![
        ".{0,300}",
        (code, message).prop_map(|(code, message)| serde_json::json!({ "code": code, "message": message }).to_string()),
        any::<i64>().prop_map(|code| format!(r#"{{"status": false, "errorCode": {code}}}"#)),
        ".{0,20}".prop_map(|error| serde_json::json!({ "reason": "r", "error": error }).to_string()),
        ".{0,40}".prop_map(|title| format!("<html><title>{title}</title></html>")),
        Just(format!(r#"{{"code": 124, "message": "Invalid access token: {quoted}"}}"#)),
        Just(format!("token was {token} and Bearer {token}")),
        Just(r#"{"call_summary": "secret words", "next_steps": ""}"#.to_owned()),
        Just(r#"{"code": "124", "message": 5, "errors": [{"field": 1}]}"#.to_owned()),
    ]
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "[a-z/%.?=&]{0,60}",
        Just("https://api.zoom.us/v2/phone/user/me/ai_call_summary/s".to_owned()),
        Just("https://api.zoom.us/v2/accounts/a/phone/user/u/ai_call_summary/s".to_owned()),
        Just("https://zoom.us/oauth/token?grant_type=account_credentials".to_owned()),
        Just("/v2/phone/users//ai_call_summary/?access_token=x".to_owned()),
    ]
}

fn case() -> impl Strategy<Value = (FailureResponse, FailureContext, String)> {
    (token(), any::<bool>()).prop_flat_map(|((passed, token), give_token)| {
        let headers = prop::collection::vec((header_name(), header_value()), 0..6);
        let request = prop::option::of((".{0,6}", url()));
        let now = -1_000_000_000_000i64..1_000_000_000_000;
        (0..=999u16, headers, body(token.clone()), request, now).prop_map(move |(status, headers, body, request, now)| {
            let response = FailureResponse { status, headers, body };
            let context = FailureContext {
                request: request.map(|(method, url)| RequestInfo { method, url }),
                token: give_token.then(|| passed.clone()),
                now,
            };
            (response, context, token.clone())
        })
    })
}

/// Generates a header value that carries a credential: the context token, its signature, or a
/// foreign JWT, glued to ordinary text on either side.
fn secret_header_value(token: String) -> impl Strategy<Value = (String, String)> {
    let token_signature = token.rsplit('.').next().unwrap_or_default().to_owned();
    let foreign = signature().prop_map(|foreign_signature| jwt(r#"{"sub":"someone-else"}"#, &foreign_signature));
    let secret = prop_oneof![Just(token), Just(token_signature), foreign];
    let glue = prop_oneof![Just(String::new()), Just("v=2.0;clid=us06;rid=WEB_".to_owned()), Just("x.".to_owned()), Just("Bearer ".to_owned()), ".{0,12}"];
    (glue.clone(), secret, glue).prop_map(|(before, secret, after)| (format!("{before}{secret}{after}"), secret))
}

/// Generates a 429 response whose echoed headers carry credentials, with the token in the context.
fn secret_headers_case() -> impl Strategy<Value = (FailureResponse, FailureContext, Vec<String>)> {
    token().prop_flat_map(|(passed, token)| {
        let names = prop_oneof![
            Just("x-zm-trackingid"),
            Just("X-RateLimit-Category"),
            Just("X-RateLimit-Type"),
            Just("Retry-After"),
            Just("X-RateLimit-Reset"),
            Just("X-RateLimit-Limit"),
        ];
        let headers = prop::collection::vec((names, secret_header_value(token)), 1..5);
        (headers, any::<bool>()).prop_map(move |(headers, give_token)| {
            let secrets = headers.iter().map(|(_, (_, secret))| secret.clone()).collect();
            let headers = headers.into_iter().map(|(name, (value, _))| (name.to_owned(), value)).collect();
            let response = FailureResponse { status: 429, headers, body: String::new() };
            let context = FailureContext { request: None, token: give_token.then(|| passed.clone()), now: 1_764_590_400 };
            (response, context, secrets)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn always_a_kind_and_a_problem((response, context, _token) in case()) {
        let diagnosis = classify(&response, &context);
        prop_assert!(FailureKind::ALL.contains(&diagnosis.kind));
        prop_assert_eq!(&diagnosis.problem().type_uri(), &format!("/problems/{}", diagnosis.kind.as_str()));
        let expected_status = if response.status == 0 { 502 } else { response.status };
        prop_assert_eq!(diagnosis.problem().status(), expected_status);
        prop_assert!(!diagnosis.explanation.is_empty());
        prop_assert!(diagnosis.retry_after_seconds.is_none_or(|seconds| seconds >= 0));
    }

    #[test]
    fn output_never_leaks_the_token((response, context, token) in case()) {
        let diagnosis = classify(&response, &context);
        let json = diagnosis.to_json();
        let signature = token.rsplit('.').next().unwrap_or_default();
        prop_assert!(!json.contains(signature), "signature in {}", json);
        prop_assert!(!json.contains("secret words"), "summary text in {}", json);
        let debug = format!("{:?}", context);
        prop_assert!(!debug.contains(signature));
    }

    #[test]
    fn header_secrets_never_reach_output((response, context, secrets) in secret_headers_case()) {
        let diagnosis = classify(&response, &context);
        let json = diagnosis.to_json();
        for secret in secrets {
            // A bare signature is only recognisable when the context token it belongs to is given.
            let recognisable = secret.contains('.') || context.token.is_some();
            prop_assert!(!recognisable || !json.contains(&secret), "{} in {}", secret, json);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(status in any::<u16>(), body in any::<String>(), url in any::<String>(), token in any::<String>(), now in any::<i64>()) {
        let response = FailureResponse { status, headers: vec![(body.clone(), url.clone())], body };
        let context = FailureContext { request: Some(RequestInfo { method: token.clone(), url }), token: Some(token), now: now / 4 };
        let diagnosis = classify(&response, &context);
        prop_assert!(FailureKind::ALL.contains(&diagnosis.kind));
        let json: serde_json::Value = serde_json::from_str(&diagnosis.to_json()).expect("the diagnosis JSON parses");
        prop_assert_eq!(json["problem"]["kind"].as_str(), Some(diagnosis.kind.as_str()));
        prop_assert_eq!(&json["problem"]["fixes"], &json["fixes"]);
    }
}
