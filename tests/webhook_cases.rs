//! Webhook verification against the recorded cases in tests/cases/webhooks.json and against
//! deliveries built here for every rejection reason.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::webhook::{self, Reason, Verdict, VerifyRequest};

const CASES: &str = include_str!("cases/webhooks.json");
const NOW: i64 = 1_764_590_400;
const SECRET: &str = "-fVYXZdOikfp-PuKYDavl5";
const SUMMARY_EVENT: &str = r#"{"event":"phone.ai_call_summary_changed","event_ts":1764590395000,"payload":{"account_id":"-BtKaWMavWqCvJvXwB7zZA","object":{"edited":false,"deleted":false,"ai_call_summary_id":"0if0jfVXG1Oxrnk6JM0wt3","user_id":"liU_FZKChYxZcQBIG5ed9j","call_id":"9989380906975975379","call_log_ids":["59d825a4-b575-aed8-28cd-4d8c0935aac8"],"created_time":"2025-12-01T11:52:04Z","modified_time":"2025-12-01T11:52:04Z"}}}"#;
const NON_ASCII_EVENT: &str = r#"{"event":"meeting.ended","payload":{"account_id":"-BtKaWMavWqCvJvXwB7zZA","object":{"duration":60,"topic":"Weekly sync 🚒 ’quoted’ – HOLA café","id":"81234567890"}},"event_ts":1764590398000}"#;

/// Computes Zoom's signature header independently of the crate.
fn zoom_signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    format!("v0={hex}")
}

/// Builds a delivery signed with `signing_secret` at `timestamp`, verified with `SECRET`.
fn signed(signing_secret: &str, timestamp: i64, signed_body: &[u8], received_body: &[u8]) -> VerifyRequest {
    let timestamp = timestamp.to_string();
    let headers = vec![
        ("x-zm-signature".to_string(), zoom_signature(signing_secret, &timestamp, signed_body)),
        ("x-zm-request-timestamp".to_string(), timestamp),
        ("content-type".to_string(), "application/json; charset=utf-8".to_string()),
    ];
    VerifyRequest::new(headers, received_body.to_vec(), vec![SECRET.to_string()], NOW)
}

fn cause_codes(verdict: &Verdict) -> Vec<&'static str> {
    verdict.diagnostics.likely_causes.iter().map(|cause| cause.code).collect()
}

fn evidence_codes(verdict: &Verdict) -> Vec<&'static str> {
    verdict.diagnostics.evidence.iter().map(|finding| finding.code).collect()
}

/// Asserts that the verdict's JSON contains neither the secret nor the signature it expected.
fn assert_no_leak(verdict: &Verdict, secret: &str, expected_signature: &str) {
    let json = verdict.to_json();
    assert!(!json.contains(secret), "verdict contains the secret: {json}");
    let expected_hex = expected_signature.trim_start_matches("v0=");
    assert!(!json.contains(expected_hex), "verdict contains the expected signature: {json}");
}

/// Reads a string, or each string of an array, from a case field.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(text) => vec![text.clone()],
        Value::Number(number) => vec![number.to_string()],
        _ => Vec::new(),
    }
}

fn request_from_case(case: &Value) -> VerifyRequest {
    let mut headers = Vec::new();
    for (name, value) in case["headers"].as_object().unwrap() {
        headers.extend(strings(value).into_iter().map(|text| (name.clone(), text)));
    }
    let body = case["rawBody"].as_str().unwrap().as_bytes().to_vec();
    let mut request = VerifyRequest::new(headers, body, strings(&case["secretToken"]), case["now"].as_i64().unwrap());
    if let Some(tolerance) = case.get("toleranceSeconds").and_then(Value::as_i64) {
        request.tolerance_seconds = tolerance;
    }
    request
}

#[test]
fn recorded_cases_hold() {
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert!(!cases.is_empty());

    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let expect = &case["expect"];
        let request = request_from_case(case);
        let verdict = webhook::verify(&request);

        assert_eq!(Value::Bool(verdict.valid), expect["valid"], "{id}: {}", verdict.diagnostics.message);
        if let Some(reason) = expect.get("reason") {
            assert_eq!(serde_json::from_str::<Value>(&verdict.reason.to_json()).unwrap(), *reason, "{id}");
        }
        if let Some(event) = expect.get("event") {
            assert_eq!(verdict.event.as_deref(), event.as_str(), "{id}");
        }
        if let Some(answer) = expect.get("answer") {
            let secret = &request.secrets[verdict.diagnostics.matched_secret_index.unwrap_or(0)];
            let computed = webhook::answer_url_validation(&request.raw_body, secret).unwrap();
            assert_eq!(serde_json::from_str::<Value>(&computed.to_json()).unwrap(), *answer, "{id}");
        }

        let timestamp = request.header("x-zm-request-timestamp").unwrap_or_default();
        for secret in &request.secrets {
            assert_no_leak(&verdict, secret, &zoom_signature(secret, &timestamp, &request.raw_body));
        }
    }
}

#[test]
fn tampered_body_mismatches() {
    let tampered = SUMMARY_EVENT.replace("\"deleted\":false", "\"deleted\":true ");
    let verdict = webhook::verify(&signed(SECRET, NOW - 5, SUMMARY_EVENT.as_bytes(), tampered.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert_eq!(verdict.event, None);
    assert_eq!(verdict.payload, None);
}

#[test]
fn wrong_secret_lists_secret_first() {
    let verdict = webhook::verify(&signed("client-secret-of-the-app-0123456", NOW - 5, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert!(verdict.diagnostics.evidence.is_empty());
    assert_eq!(cause_codes(&verdict).first(), Some(&"wrong_secret"));
    assert_eq!(verdict.diagnostics.secrets.len(), 1);
    assert_eq!(verdict.diagnostics.secrets[0].length, SECRET.len());
    assert_eq!(verdict.diagnostics.secrets[0].fingerprint.len(), 12);
}

#[test]
fn stale_past_is_rejected() {
    let verdict = webhook::verify(&signed(SECRET, NOW - 301, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::StaleTimestamp));
    assert_eq!(verdict.diagnostics.skew_seconds, Some(-301));
    assert!(verdict.diagnostics.message.contains("301 seconds in the past"), "{}", verdict.diagnostics.message);
    assert_eq!(cause_codes(&verdict).first(), Some(&"delivery_delayed_or_replayed"));
}

#[test]
fn stale_future_is_rejected() {
    let verdict = webhook::verify(&signed(SECRET, NOW + 900, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::StaleTimestamp));
    assert_eq!(verdict.diagnostics.skew_seconds, Some(900));
    assert!(verdict.diagnostics.message.contains("900 seconds in the future"), "{}", verdict.diagnostics.message);
    assert_eq!(cause_codes(&verdict).first(), Some(&"clock_skew"));
}

#[test]
fn tolerance_boundary_is_inclusive() {
    let verdict = webhook::verify(&signed(SECRET, NOW - 300, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    assert!(verdict.valid, "{}", verdict.diagnostics.message);
}

#[test]
fn custom_tolerance_applies() {
    let mut request = signed(SECRET, NOW - 3600, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.tolerance_seconds = 5400;
    assert!(webhook::verify(&request).valid);

    request.tolerance_seconds = 60;
    assert_eq!(webhook::verify(&request).reason, Some(Reason::StaleTimestamp));
}

#[test]
fn millisecond_timestamp_is_named() {
    let verdict = webhook::verify(&signed(SECRET, NOW * 1000, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::StaleTimestamp));
    assert_eq!(cause_codes(&verdict).first(), Some(&"timestamp_in_milliseconds"));
}

#[test]
fn missing_timestamp_is_rejected() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.headers.retain(|(name, _)| name != "x-zm-request-timestamp");
    let verdict = webhook::verify(&request);
    assert_eq!(verdict.reason, Some(Reason::MissingTimestamp));
    assert_eq!(verdict.diagnostics.timestamp, None);
}

#[test]
fn empty_timestamp_is_missing() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.headers[1].1 = "  ".to_string();
    assert_eq!(webhook::verify(&request).reason, Some(Reason::MissingTimestamp));
}

#[test]
fn missing_signature_is_rejected() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.headers.retain(|(name, _)| name != "x-zm-signature");
    request.headers.push(("Authorization".to_string(), "legacy-verification-token".to_string()));
    let verdict = webhook::verify(&request);
    assert_eq!(verdict.reason, Some(Reason::MissingSignature));
    assert_eq!(cause_codes(&verdict).first(), Some(&"legacy_verification_token"));
    assert!(!verdict.to_json().contains("legacy-verification-token"));
}

#[test]
fn malformed_signature_forms_are_rejected() {
    let genuine = zoom_signature(SECRET, &NOW.to_string(), SUMMARY_EVENT.as_bytes());
    let hex = genuine.trim_start_matches("v0=").to_string();
    let forms = [
        hex.clone(),
        format!("v1={hex}"),
        format!("sha256={hex}"),
        format!("v0={}", &hex[..40]),
        format!("v0={hex}00"),
        format!("v0={}xy", &hex[..62]),
        format!("v0= {hex}"),
        format!("{genuine}, {genuine}"),
        "v0=".to_string(),
    ];
    for form in forms {
        let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
        request.headers[0].1 = form.clone();
        let verdict = webhook::verify(&request);
        assert_eq!(verdict.reason, Some(Reason::MalformedSignature), "form {form:?}: {}", verdict.diagnostics.message);
    }
}

#[test]
fn repeated_signature_header_is_malformed() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    let duplicate = request.headers[0].clone();
    request.headers.push(duplicate);
    assert_eq!(webhook::verify(&request).reason, Some(Reason::MalformedSignature));
}

#[test]
fn rotation_accepts_either_secret() {
    let old = "old-secret-token-00000";
    for (signing_secret, index) in [(old, 0), (SECRET, 1)] {
        let mut request = signed(signing_secret, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
        request.secrets = vec![old.to_string(), SECRET.to_string()];
        let verdict = webhook::verify(&request);
        assert!(verdict.valid, "{}", verdict.diagnostics.message);
        assert_eq!(verdict.diagnostics.matched_secret_index, Some(index));
        assert_eq!(verdict.diagnostics.secrets.len(), 2);
    }
}

#[test]
fn rotation_rejects_third_secret() {
    let mut request = signed("unrelated-secret-00000", NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.secrets = vec!["old-secret-token-00000".to_string(), SECRET.to_string()];
    let verdict = webhook::verify(&request);
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert!(verdict.diagnostics.message.contains("2 secrets"));
}

#[test]
fn pretty_printed_body_is_detected() {
    let parsed: Value = serde_json::from_str(SUMMARY_EVENT).unwrap();
    let pretty = serde_json::to_string_pretty(&parsed).unwrap();
    let verdict = webhook::verify(&signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), pretty.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert!(verdict.diagnostics.body_has_whitespace_between_tokens);
    // serde_json sorts the keys here, so no variant reproduces the signed bytes. The whitespace
    // alone still puts the changed body first among the causes.
    assert_eq!(cause_codes(&verdict).first(), Some(&"body_changed"));
}

#[test]
fn reformatted_body_is_proven() {
    let spaced = SUMMARY_EVENT.replace(",\"", ", \"").replace("\":", "\": ");
    let verdict = webhook::verify(&signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), spaced.as_bytes()));
    assert_eq!(evidence_codes(&verdict), vec!["body_reserialised"]);
    assert_eq!(cause_codes(&verdict).first(), Some(&"body_changed"));
}

#[test]
fn escaped_body_is_proven() {
    let escaped = NON_ASCII_EVENT
        .replace('🚒', "\\ud83d\\ude92")
        .replace('’', "\\u2019")
        .replace('–', "\\u2013")
        .replace('é', "\\u00e9");
    let verdict = webhook::verify(&signed(SECRET, NOW, NON_ASCII_EVENT.as_bytes(), escaped.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert!(verdict.diagnostics.body_has_json_escapes);
    assert!(!verdict.diagnostics.body_has_non_ascii);
    assert_eq!(evidence_codes(&verdict), vec!["body_reserialised"]);
}

#[test]
fn python_signed_body_is_proven() {
    let python = NON_ASCII_EVENT
        .replace(",\"", ", \"")
        .replace("\":", "\": ")
        .replace('🚒', "\\ud83d\\ude92")
        .replace('’', "\\u2019")
        .replace('–', "\\u2013")
        .replace('é', "\\u00e9");
    let verdict = webhook::verify(&signed(SECRET, NOW, python.as_bytes(), NON_ASCII_EVENT.as_bytes()));
    assert_eq!(evidence_codes(&verdict), vec!["body_reserialised_python"]);
}

#[test]
fn latin1_decoded_body_is_proven() {
    let mojibake: String = NON_ASCII_EVENT.bytes().map(char::from).collect();
    let verdict = webhook::verify(&signed(SECRET, NOW, NON_ASCII_EVENT.as_bytes(), mojibake.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert_eq!(evidence_codes(&verdict), vec!["body_decoded_as_latin1"]);
    assert_eq!(cause_codes(&verdict).first(), Some(&"body_encoding"));
    assert!(verdict.diagnostics.evidence[0].message.contains("secret 0"));
}

#[test]
fn latin1_signed_body_is_proven() {
    let mojibake: String = NON_ASCII_EVENT.bytes().map(char::from).collect();
    let verdict = webhook::verify(&signed(SECRET, NOW, mojibake.as_bytes(), NON_ASCII_EVENT.as_bytes()));
    assert_eq!(evidence_codes(&verdict), vec!["body_signed_as_latin1"]);
}

#[test]
fn ascii_replaced_body_lists_encoding() {
    let replaced = NON_ASCII_EVENT.replace(['🚒', '’', '–', 'é'], "\u{FFFD}");
    let verdict = webhook::verify(&signed(SECRET, NOW, NON_ASCII_EVENT.as_bytes(), replaced.as_bytes()));
    assert!(verdict.diagnostics.body_has_replacement_characters);
    assert!(cause_codes(&verdict).contains(&"body_encoding"));
}

#[test]
fn missing_v0_prefix_is_proven() {
    let timestamp = NOW.to_string();
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}:{SUMMARY_EVENT}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    request.headers[0].1 = format!("v0={hex}");

    let verdict = webhook::verify(&request);
    assert_eq!(evidence_codes(&verdict), vec!["signed_without_v0_prefix"]);
    assert_eq!(cause_codes(&verdict).first(), Some(&"missing_v0_prefix"));
}

#[test]
fn pasted_trailing_newline_is_proven() {
    let pasted = format!("{SUMMARY_EVENT}\n");
    let verdict = webhook::verify(&signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), pasted.as_bytes()));
    assert_eq!(evidence_codes(&verdict), vec!["body_whitespace_added", "body_reserialised"]);
}

#[test]
fn quoted_secret_is_proven() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.secrets = vec![format!("\"{SECRET}\"\n")];
    let verdict = webhook::verify(&request);
    assert_eq!(evidence_codes(&verdict), vec!["secret_has_surrounding_characters"]);
    assert!(verdict.diagnostics.secrets[0].has_surrounding_characters);
    assert_no_leak(&verdict, SECRET, &zoom_signature(SECRET, &NOW.to_string(), SUMMARY_EVENT.as_bytes()));
}

#[test]
fn no_secret_never_matches() {
    let mut request = signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes());
    request.secrets.clear();
    let verdict = webhook::verify(&request);
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert_eq!(cause_codes(&verdict), vec!["no_secret"]);
}

#[test]
fn non_json_body_is_malformed() {
    let body = b"event=phone.ai_call_summary_changed";
    let verdict = webhook::verify(&signed(SECRET, NOW, body, body));
    assert_eq!(verdict.reason, Some(Reason::MalformedBody));
    assert_eq!(verdict.diagnostics.matched_secret_index, Some(0));
    assert_eq!(verdict.payload, None);
}

#[test]
fn gzip_body_is_named() {
    let body = [0x1f, 0x8b, 0x08, 0x00, 0xff];
    let verdict = webhook::verify(&signed(SECRET, NOW, &body, &body));
    assert_eq!(verdict.reason, Some(Reason::MalformedBody));
    assert!(!verdict.diagnostics.body_is_utf8);
    assert_eq!(cause_codes(&verdict).first(), Some(&"compressed_body"));
}

#[test]
fn valid_verdict_carries_body() {
    let verdict = webhook::verify(&signed(SECRET, NOW - 5, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    let payload = verdict.payload.unwrap();
    assert_eq!(payload["event_ts"], 1_764_590_395_000_i64);
    assert_eq!(payload["payload"]["object"]["ai_call_summary_id"], "0if0jfVXG1Oxrnk6JM0wt3");
}

#[test]
fn verdict_json_is_camel_case() {
    let verdict = webhook::verify(&signed(SECRET, NOW, SUMMARY_EVENT.as_bytes(), SUMMARY_EVENT.as_bytes()));
    let json: Value = serde_json::from_str(&verdict.to_json()).unwrap();
    for key in ["bodyBytes", "bodyHasNonAscii", "bodyHasJsonEscapes", "skewSeconds", "toleranceSeconds", "matchedSecretIndex", "likelyCauses"] {
        assert!(json["diagnostics"].get(key).is_some(), "missing diagnostics.{key}");
    }
    assert_eq!(json["diagnostics"]["bodyBytes"], SUMMARY_EVENT.len());
}

#[test]
fn hostile_plain_token_is_rejected() {
    let forged = format!("v0:{NOW}:{SUMMARY_EVENT}");
    let body = serde_json::json!({"event": "endpoint.url_validation", "payload": {"plainToken": forged}}).to_string();
    let error = webhook::answer_url_validation(body.as_bytes(), SECRET).unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert!(!error.to_string().contains(SUMMARY_EVENT));

    for token in ["abc def", "abc.def", "abc/def", "tökén", "abc\n"] {
        let body = serde_json::json!({"event": "endpoint.url_validation", "payload": {"plainToken": token}}).to_string();
        assert!(webhook::answer_url_validation(body.as_bytes(), SECRET).is_err(), "token {token:?}");
    }
}

#[test]
fn url_validation_needs_the_event() {
    let bodies = [
        r#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}"#,
        r#"{"event":"endpoint.url_validation","payload":{}}"#,
        r#"{"event":"endpoint.url_validation","payload":{"plainToken":42}}"#,
        "not json",
    ];
    for body in bodies {
        let error = webhook::answer_url_validation(body.as_bytes(), SECRET).unwrap_err();
        assert_eq!(error.code(), "invalid_argument", "body {body}");
    }
}

#[test]
fn oversized_body_skips_probing() {
    let body = format!(r#"{{"event":"x","padding":"{}"}}"#, "a".repeat(300 * 1024));
    let pasted = format!("{body}\n");
    let verdict = webhook::verify(&signed(SECRET, NOW, body.as_bytes(), pasted.as_bytes()));
    assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    assert!(verdict.diagnostics.evidence.is_empty());
}

