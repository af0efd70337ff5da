//! Signatures on the deliveries this project forwards to a customer's sink.
//!
//! Scheme: the `x-zsd-signature` header carries `t=<epoch seconds>,v1=<hex>`, where `<hex>` is the
//! lower-case hex HMAC-SHA256, keyed with the shared sink secret, of the bytes
//! `<t>.<raw body>`. A receiver recomputes it over the raw body it received, compares in constant
//! time and rejects timestamps outside its tolerance. `x-zsd-delivery-id` carries the delivery's
//! idempotency key, the same on every retry of one delivery.
//!
//! The header may contain several `v1=` entries, one per secret while the secret is rotated, and a
//! match with any of them is enough. Entries with other keys are ignored, so a later scheme version can
//! be added alongside `v1`.

use crate::json::{self, ToJson};

use super::mac::{self, DIGEST_LEN};
use super::{parse_timestamp, Reason};

/// Header that carries the sink signature, `t=<epoch seconds>,v1=<64 hex digits>`.
pub const SINK_SIGNATURE_HEADER: &str = "x-zsd-signature";

/// Header that carries the delivery's idempotency key, identical on every retry of a delivery.
pub const SINK_DELIVERY_ID_HEADER: &str = "x-zsd-delivery-id";

/// The outcome of [`verify_sink_signature`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkVerdict {
    /// True when a `v1` signature matches a secret and the timestamp is within the tolerance.
    pub valid: bool,
    /// The check that rejected the delivery, or `None` when `valid`.
    pub reason: Option<Reason>,
    /// One sentence on the outcome.
    pub message: String,
    /// Index of the secret that matched.
    pub matched_secret_index: Option<usize>,
    /// `t - now` in seconds, when `t` is a whole number: positive when `t` is in the future.
    pub skew_seconds: Option<i64>,
}

impl ToJson for SinkVerdict {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("valid", &self.valid)
            .field("reason", &self.reason)
            .field("message", &self.message)
            .field("matchedSecretIndex", &self.matched_secret_index)
            .field("skewSeconds", &self.skew_seconds)
            .end();
    }
}

impl SinkVerdict {
    fn rejected(reason: Reason, message: impl Into<String>) -> Self {
        SinkVerdict { valid: false, reason: Some(reason), message: message.into(), matched_secret_index: None, skew_seconds: None }
    }
}

/// Signs a sink delivery and returns the `x-zsd-signature` header value, `t=<timestamp>,v1=<hex>`.
///
/// The caller must pass a non-empty secret: HMAC accepts an empty key, but then anyone could sign.
/// The JavaScript binding rejects an empty secret.
pub fn sign_sink_delivery(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let timestamp_text = timestamp.to_string();
    let digest = mac::hmac_sha256(secret.as_bytes(), &[timestamp_text.as_bytes(), b".", body]);
    let hex = digest.map(|bytes| mac::to_hex(&bytes)).unwrap_or_default();
    format!("t={timestamp_text},v1={hex}")
}

/// The parts of an `x-zsd-signature` value.
struct ParsedHeader<'a> {
    timestamp_text: &'a str,
    timestamp: i64,
    signatures: Vec<[u8; DIGEST_LEN]>,
}

/// Verifies an `x-zsd-signature` header value against the raw body and the sink secret(s).
///
/// Checks run in this order: header present, `t` present and numeric, `v1` entries well formed, a
/// signature matches, `t` within `tolerance_seconds` of `now` (negative tolerances count as 0).
pub fn verify_sink_signature(header_value: &str, body: &[u8], secrets: &[String], now: i64, tolerance_seconds: i64) -> SinkVerdict {
    let parsed = match parse_header(header_value) {
        Ok(parsed) => parsed,
        Err(rejection) => return rejection,
    };
    let skew_seconds = i64::try_from(i128::from(parsed.timestamp) - i128::from(now)).ok();

    let parts: [&[u8]; 3] = [parsed.timestamp_text.as_bytes(), b".", body];
    let matched = parsed.signatures.iter().find_map(|signature| mac::matching_secret(secrets, &parts, signature));
    let Some(index) = matched else {
        let mut verdict = SinkVerdict::rejected(Reason::SignatureMismatch, "No v1 signature matches the body and timestamp under the secrets given. Check that the secret equals the sender's sink signing secret (SINK_SIGNING_SECRET in the worker) and that the raw body bytes are verified before any parsing.");
        verdict.skew_seconds = skew_seconds;
        return verdict;
    };

    let tolerance = tolerance_seconds.max(0).unsigned_abs();
    let distance = skew_seconds.map_or(u64::MAX, i64::unsigned_abs);
    if distance > tolerance {
        let direction = if skew_seconds.unwrap_or(0) > 0 { "in the future" } else { "in the past" };
        let mut verdict = SinkVerdict::rejected(Reason::StaleTimestamp, format!("The signature is genuine, but t is {distance} seconds {direction}, outside the tolerance of {tolerance} seconds."));
        verdict.skew_seconds = skew_seconds;
        verdict.matched_secret_index = Some(index);
        return verdict;
    }

    SinkVerdict { valid: true, reason: None, message: format!("The signature is genuine (secret {index} matched) and t is within the tolerance."), matched_secret_index: Some(index), skew_seconds }
}

fn parse_header(value: &str) -> Result<ParsedHeader<'_>, SinkVerdict> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SinkVerdict::rejected(Reason::MissingSignature, "The x-zsd-signature header is missing or empty."));
    }

    let mut timestamp_text = None;
    let mut signature_texts = Vec::new();
    for item in value.split(',') {
        match item.trim().split_once('=') {
            Some(("t", text)) if timestamp_text.is_none() => timestamp_text = Some(text.trim()),
            Some(("t", _)) => return Err(SinkVerdict::rejected(Reason::MalformedSignature, "The x-zsd-signature header has more than one `t=` entry.")),
            Some(("v1", text)) => signature_texts.push(text.trim()),
            _ => {}
        }
    }

    let Some(timestamp_text) = timestamp_text else {
        return Err(SinkVerdict::rejected(Reason::MissingTimestamp, "The x-zsd-signature header has no `t=` entry. Expected `t=<epoch seconds>,v1=<64 hex digits>`."));
    };
    let Some(timestamp) = parse_timestamp(timestamp_text) else {
        return Err(SinkVerdict::rejected(Reason::MissingTimestamp, "The `t=` entry of x-zsd-signature is not a whole number of epoch seconds."));
    };
    let signatures = parse_signatures(&signature_texts)?;
    Ok(ParsedHeader { timestamp_text, timestamp, signatures })
}

fn parse_signatures(texts: &[&str]) -> Result<Vec<[u8; DIGEST_LEN]>, SinkVerdict> {
    if texts.is_empty() {
        return Err(SinkVerdict::rejected(Reason::MalformedSignature, "The x-zsd-signature header has no `v1=` entry. Expected `t=<epoch seconds>,v1=<64 hex digits>`."));
    }
    texts
        .iter()
        .map(|text| {
            mac::digest_from_hex(text).ok_or_else(|| SinkVerdict::rejected(Reason::MalformedSignature, format!("A `v1=` entry of x-zsd-signature has {} characters instead of 64 hex digits.", text.chars().count())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_590_400;
    const BODY: &[u8] = br#"{"summary":"caf\u00e9","callId":"1"}"#;

    fn secrets(list: &[&str]) -> Vec<String> {
        list.iter().map(|secret| secret.to_string()).collect()
    }

    #[test]
    fn signature_has_documented_shape() {
        let header = sign_sink_delivery("sink-secret", NOW, BODY);
        let expected = mac::hmac_sha256(b"sink-secret", &[format!("{NOW}.").as_bytes(), BODY]).map(|digest| mac::to_hex(&digest)).unwrap();
        assert_eq!(header, format!("t={NOW},v1={expected}"));
    }

    #[test]
    fn round_trip_is_valid() {
        let header = sign_sink_delivery("sink-secret", NOW - 10, BODY);
        let verdict = verify_sink_signature(&header, BODY, &secrets(&["sink-secret"]), NOW, 300);
        assert!(verdict.valid, "{}", verdict.message);
        assert_eq!(verdict.matched_secret_index, Some(0));
        assert_eq!(verdict.skew_seconds, Some(-10));
    }

    #[test]
    fn rotation_matches_second_secret() {
        let header = sign_sink_delivery("new", NOW, BODY);
        let verdict = verify_sink_signature(&header, BODY, &secrets(&["old", "new"]), NOW, 300);
        assert_eq!(verdict.matched_secret_index, Some(1));
    }

    #[test]
    fn tampered_body_mismatches() {
        let header = sign_sink_delivery("sink-secret", NOW, BODY);
        let verdict = verify_sink_signature(&header, b"{}", &secrets(&["sink-secret"]), NOW, 300);
        assert_eq!(verdict.reason, Some(Reason::SignatureMismatch));
    }

    #[test]
    fn stale_both_directions() {
        let past = sign_sink_delivery("s", NOW - 301, BODY);
        let verdict = verify_sink_signature(&past, BODY, &secrets(&["s"]), NOW, 300);
        assert_eq!(verdict.reason, Some(Reason::StaleTimestamp));
        assert!(verdict.message.contains("301 seconds in the past"));

        let future = sign_sink_delivery("s", NOW + 301, BODY);
        let verdict = verify_sink_signature(&future, BODY, &secrets(&["s"]), NOW, 300);
        assert!(verdict.message.contains("301 seconds in the future"));

        let edge = sign_sink_delivery("s", NOW - 300, BODY);
        assert!(verify_sink_signature(&edge, BODY, &secrets(&["s"]), NOW, 300).valid);
    }

    #[test]
    fn malformed_headers_are_classified() {
        let cases = [
            ("", Reason::MissingSignature),
            ("v1=abc", Reason::MissingTimestamp),
            ("t=soon,v1=abc", Reason::MissingTimestamp),
            ("t=1", Reason::MalformedSignature),
            ("t=1,v1=abc", Reason::MalformedSignature),
            ("t=1,t=2,v1=abc", Reason::MalformedSignature),
        ];
        for (header, reason) in cases {
            let verdict = verify_sink_signature(header, BODY, &secrets(&["s"]), NOW, 300);
            assert_eq!(verdict.reason, Some(reason), "header {header:?}");
        }
    }

    #[test]
    fn extra_entries_and_spaces_are_tolerated() {
        let header = sign_sink_delivery("s", NOW, BODY).replace(',', " , v2=future, ");
        let verdict = verify_sink_signature(&header, BODY, &secrets(&["s"]), NOW, 300);
        assert!(verdict.valid, "{}", verdict.message);
    }
}
