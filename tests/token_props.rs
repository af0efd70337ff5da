//! Property tests: introspection never panics, rejects only with `InvalidArgument`, and never
//! puts the token or its signature part in its output.


#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use serde_json::{Map, Value};
use zoom_summary_doctor::token::{introspect, TokenInput, TokenReport};
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::Error;

/// Claim and header names that the classifier reads, so random objects reach its branches.
const KNOWN_NAMES: [&str; 24] = [
    "alg", "typ", "sv", "kid", "aud", "iss", "type", "tokenType", "ver", "uid", "aid", "userId",
    "accountId", "exp", "iat", "nbf", "appKey", "sdkKey", "mn", "role", "app_key", "tpc", "sub",
    "user_identity",
];

/// Values that read as Zoom's audience, issuers, algorithms and token types.
fn interesting_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://oauth.zoom.us".to_owned()),
        Just("zm:cid:Kq7Vn2Lx9Rt4Ws8Yp3Zb6D".to_owned()),
        Just("urn:zoom:connect:clientid:".to_owned()),
        Just("HS256".to_owned()),
        Just("HS512".to_owned()),
        Just("access_token".to_owned()),
        Just("refresh_token".to_owned()),
        Just("Vb3Nq8Lz5Kx2Wt7Rm4Jd9H".to_owned()),
        any::<String>(),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (0i64..4).prop_map(Value::from),
        (1_700_000_000i64..1_800_000_000).prop_map(Value::from),
        interesting_string().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    let name = prop_oneof![prop::sample::select(KNOWN_NAMES.to_vec()).prop_map(str::to_owned), any::<String>()];
    prop::collection::btree_map(name, json_value(), 0..10).prop_map(|map| map.into_iter().collect())
}

/// Generates a base64url part: usually an encoded JSON object, sometimes random bytes.
fn jwt_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json_object().prop_map(|object| URL_SAFE_NO_PAD.encode(Value::Object(object).to_string())),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(|bytes| URL_SAFE_NO_PAD.encode(bytes)),
    ]
}

/// Signatures long enough that finding one in the output cannot be a coincidence.
fn signature() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 16..96).prop_map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
}

/// Serializes the report as JavaScript receives it, and its Debug text.
fn outputs(report: &TokenReport) -> [String; 2] {
    let json = report.to_json();
    if let Err(err) = serde_json::from_str::<Value>(&json) {
        panic!("report JSON does not parse: {err}");
    }
    [json, format!("{report:?}")]
}

/// Runs introspection and checks the properties that hold for every input.
fn check_input(input: &str, now: i64) -> Result<(), TestCaseError> {
    let report = match introspect(input, now) {
        Ok(report) => report,
        Err(Error::InvalidArgument(message)) => {
            prop_assert!(!message.is_empty());
            return Ok(());
        }
        Err(other) => return Err(TestCaseError::fail(format!("unexpected error: {other:?}"))),
    };

    let token = TokenInput::parse(input).map_err(|err| TestCaseError::fail(err.to_string()))?.token;
    for output in outputs(&report) {
        if token.chars().count() >= 24 {
            prop_assert!(!output.contains(&token), "output contains the whole token");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(input in any::<String>(), now in any::<i64>()) {
        check_input(&input, now)?;
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), now in any::<i64>()) {
        let input = String::from_utf8_lossy(&bytes);
        check_input(&input, now)?;
    }

    #[test]
    fn jwt_shaped_strings(header in jwt_part(), claims in jwt_part(), signature in signature(), now in any::<i64>()) {
        let token = format!("{header}.{claims}.{signature}");
        let report = introspect(&token, now).map_err(|err| TestCaseError::fail(err.to_string()))?;

        for output in outputs(&report) {
            prop_assert!(!output.contains(&signature), "output contains the signature part");
        }
        prop_assert!(report.unverified);

        // The claims text parses to the same value as the decoded part itself.
        if let Some(text) = &report.claims {
            let decoded = URL_SAFE_NO_PAD.decode(&claims).map_err(|err| TestCaseError::fail(err.to_string()))?;
            let expected: Value = serde_json::from_slice(&decoded).map_err(|err| TestCaseError::fail(err.to_string()))?;
            let written: Value = serde_json::from_str(text).map_err(|err| TestCaseError::fail(err.to_string()))?;
            prop_assert_eq!(written, expected);
        }
    }

    #[test]
    fn jwt_shaped_responses(header in jwt_part(), claims in jwt_part(), signature in signature(), extra in json_object()) {
        let mut response = extra;
        response.insert("access_token".to_owned(), Value::String(format!("{header}.{claims}.{signature}")));
        response.insert("refresh_token".to_owned(), Value::String(format!("{claims}.{signature}x")));
        let input = Value::Object(response).to_string();
        let report = introspect(&input, 1_764_590_400).map_err(|err| TestCaseError::fail(err.to_string()))?;

        for output in outputs(&report) {
            prop_assert!(!output.contains(&signature), "output contains the signature part");
        }
    }

    #[test]
    fn wrapped_jwt_text(header in jwt_part(), claims in jwt_part(), signature in signature(), prefix in "[ \t\n\"'`]{0,4}", bearer in prop::bool::ANY) {
        let scheme = if bearer { "Bearer " } else { "" };
        let input = format!("{prefix}{scheme}{header}.{claims}.{signature}{prefix}");
        let report = introspect(&input, 1_764_590_400).map_err(|err| TestCaseError::fail(err.to_string()))?;

        for output in outputs(&report) {
            prop_assert!(!output.contains(&signature), "output contains the signature part");
        }
    }
}
