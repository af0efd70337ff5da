//! Property tests: webhook and sink verification never panic on any input, and never put a secret
//! or the expected signature into their output.

use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::Sha256;
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::webhook::{self, Reason, VerifyRequest};

fn hex_hmac(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect()
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x-zm-signature".to_string()),
        Just("X-ZM-Signature".to_string()),
        Just("x-zm-request-timestamp".to_string()),
        Just("authorization".to_string()),
        "[a-zA-Z-]{0,12}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "v0=[0-9a-fA-F]{0,70}",
        "-?[0-9]{0,22}",
        ".{0,80}",
    ]
}

/// Secrets long enough that finding one in the output by chance is not a concern.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{12,40}"
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        ".{0,200}".prop_map(String::into_bytes),
        r#"\{"event":"[a-z._]{0,30}","payload":\{"plainToken":".{0,40}"\}\}"#.prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn verify_never_panics_or_leaks(
        headers in proptest::collection::vec((header_name(), header_value()), 0..6),
        raw_body in body(),
        secrets in proptest::collection::vec(secret(), 0..3),
        now in any::<i64>(),
        tolerance_seconds in any::<i64>(),
    ) {
        let request = VerifyRequest { headers, raw_body, secrets, now, tolerance_seconds };
        let verdict = webhook::verify(&request);
        let json = verdict.to_json();
        let debug = format!("{request:?} {verdict:?}");

        for secret in &request.secrets {
            let in_input = request.headers.iter().any(|(name, value)| name.contains(secret.as_str()) || value.contains(secret.as_str()))
                || request.raw_body.windows(secret.len()).any(|window| window == secret.as_bytes());
            prop_assume!(!in_input);
            prop_assert!(!json.contains(secret.as_str()), "secret in verdict JSON: {}", json);
            prop_assert!(!debug.contains(secret.as_str()), "secret in Debug output");

            let timestamp = request.header("x-zm-request-timestamp").unwrap_or_default();
            let mut message = format!("v0:{timestamp}:").into_bytes();
            message.extend_from_slice(&request.raw_body);
            let expected = hex_hmac(secret, &message);
            prop_assert!(!json.contains(&expected), "expected signature in verdict JSON");
        }
        prop_assert_eq!(verdict.valid, verdict.reason.is_none());
    }

    #[test]
    fn genuine_signature_always_matches(
        raw_body in body(),
        secret in secret(),
        skew in -300i64..=300,
    ) {
        let now = 1_764_590_400;
        let timestamp = (now + skew).to_string();
        let mut message = format!("v0:{timestamp}:").into_bytes();
        message.extend_from_slice(&raw_body);
        let headers = vec![
            ("x-zm-signature".to_string(), format!("v0={}", hex_hmac(&secret, &message))),
            ("x-zm-request-timestamp".to_string(), timestamp),
        ];

        let verdict = webhook::verify(&VerifyRequest::new(headers, raw_body, vec![secret], now));
        prop_assert!(verdict.valid || verdict.reason == Some(Reason::MalformedBody), "{:?}", verdict.reason);
        prop_assert_eq!(verdict.diagnostics.matched_secret_index, Some(0));
    }

    #[test]
    fn any_changed_byte_mismatches(
        raw_body in proptest::collection::vec(any::<u8>(), 1..200),
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        secret in secret(),
    ) {
        let now = 1_764_590_400;
        let mut message = format!("v0:{now}:").into_bytes();
        message.extend_from_slice(&raw_body);
        let headers = vec![
            ("x-zm-signature".to_string(), format!("v0={}", hex_hmac(&secret, &message))),
            ("x-zm-request-timestamp".to_string(), now.to_string()),
        ];
        let mut changed = raw_body.clone();
        let index = position.index(changed.len());
        changed[index] ^= flip;

        let verdict = webhook::verify(&VerifyRequest::new(headers, changed, vec![secret.clone()], now));
        prop_assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));

        // The mismatch path re-signs variants of the body, so check it for leaks too.
        let json = verdict.to_json();
        prop_assume!(!raw_body.windows(secret.len()).any(|window| window == secret.as_bytes()));
        prop_assert!(!json.contains(secret.as_str()));
        prop_assert!(!json.contains(&hex_hmac(&secret, &message)));
    }

    #[test]
    fn url_validation_never_panics_or_leaks(raw_body in body(), secret in secret()) {
        prop_assume!(!raw_body.windows(secret.len()).any(|window| window == secret.as_bytes()));
        match webhook::answer_url_validation(&raw_body, &secret) {
            Ok(answer) => {
                prop_assert!(!answer.plain_token.is_empty() && answer.plain_token.len() <= 128);
                prop_assert!(answer.plain_token.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'));
                prop_assert_eq!(answer.encrypted_token, hex_hmac(&secret, answer.plain_token.as_bytes()));
            }
            Err(error) => {
                prop_assert_eq!(error.code(), "invalid_argument");
                prop_assert!(!error.to_string().contains(secret.as_str()));
            }
        }
    }

    #[test]
    fn sink_verify_never_panics_or_leaks(
        header in prop_oneof!["t=-?[0-9]{0,20},v1=[0-9a-fA-F]{0,70}", ".{0,120}"],
        raw_body in body(),
        secrets in proptest::collection::vec(secret(), 0..3),
        now in any::<i64>(),
        tolerance_seconds in any::<i64>(),
    ) {
        let verdict = webhook::verify_sink_signature(&header, &raw_body, &secrets, now, tolerance_seconds);
        let json = verdict.to_json();
        for secret in &secrets {
            prop_assume!(!header.contains(secret.as_str()));
            prop_assert!(!json.contains(secret.as_str()));
        }
        prop_assert_eq!(verdict.valid, verdict.reason.is_none());
    }

    #[test]
    fn sink_round_trip_is_valid(
        raw_body in body(),
        secret in secret(),
        timestamp in -10_000_000_000i64..10_000_000_000,
        skew in -300i64..=300,
    ) {
        let header = webhook::sign_sink_delivery(&secret, timestamp, &raw_body);
        let verdict = webhook::verify_sink_signature(&header, &raw_body, &[secret], timestamp - skew, 300);
        prop_assert!(verdict.valid, "{}", verdict.message);
    }
}

