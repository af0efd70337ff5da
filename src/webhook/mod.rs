//! Verifies Zoom's signed webhook deliveries, computes the response to the `endpoint.url_validation`
//! challenge and signs the deliveries this project forwards to a customer's sink.
//!
//! Zoom signs each delivery with HMAC-SHA256, keyed with the app's Secret Token, over the exact
//! bytes `v0:{x-zm-request-timestamp}:{raw body}`, and sends the hex digest as
//! `x-zm-signature: v0=<hex>` (Zoom's webhook documentation and its official `webhook-sample`).
//! The raw bytes matter: a body that was parsed and serialised again, or decoded with the wrong
//! character set, no longer matches. When a check fails, [`Diagnostics`] reports which of those
//! happened, as far as the bytes show, without revealing the secret.

mod decimal;
mod diagnostics;
mod mac;
mod reserialise;
mod sink;
mod url_validation;

use std::fmt;

use crate::json::{self, ToJson};

pub use diagnostics::{Diagnostics, Finding, SecretFacts};
pub use sink::{sign_sink_delivery, verify_sink_signature, SinkVerdict, SINK_DELIVERY_ID_HEADER, SINK_SIGNATURE_HEADER};
pub use url_validation::{answer_url_validation, UrlValidationAnswer, URL_VALIDATION_EVENT};

/// Header that carries Zoom's signature, `v0=<64 hex digits>`.
pub const SIGNATURE_HEADER: &str = "x-zm-signature";

/// Header that carries the epoch-seconds timestamp Zoom signed.
pub const TIMESTAMP_HEADER: &str = "x-zm-request-timestamp";

// NOTE: Zoom retries an unacknowledged delivery after 5, 20 and 60 more minutes, and does not
// document whether a retry carries a fresh timestamp. If it keeps the first one, this default
// rejects the retries. Check the timestamp of a retried delivery and raise the default if so.
/// Default maximum distance, in seconds, between a delivery's timestamp and the verifier's clock.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

/// A webhook delivery to verify, with the secrets and clock to verify it against.
///
/// `Debug` shows only each secret's fingerprint.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyRequest {
    /// Request headers as (name, value) pairs. Names match case-insensitively, and repeated names
    /// are joined with `", "` as HTTP does.
    pub headers: Vec<(String, String)>,
    /// The request body exactly as received, before any decoding or JSON parsing.
    pub raw_body: Vec<u8>,
    /// The Secret Token, or the old and the new one while a rotation is under way.
    pub secrets: Vec<String>,
    /// The verifier's clock, in epoch seconds.
    pub now: i64,
    /// Maximum distance, in seconds, between the signed timestamp and `now`. Negative values count
    /// as 0.
    pub tolerance_seconds: i64,
}

impl VerifyRequest {
    /// Builds a request with the default tolerance of [`DEFAULT_TOLERANCE_SECONDS`].
    pub fn new(headers: Vec<(String, String)>, raw_body: Vec<u8>, secrets: Vec<String>, now: i64) -> Self {
        VerifyRequest { headers, raw_body, secrets, now, tolerance_seconds: DEFAULT_TOLERANCE_SECONDS }
    }

    /// Returns the trimmed value of header `name` (any case), joining repeated headers with `", "`.
    pub fn header(&self, name: &str) -> Option<String> {
        let mut joined: Option<String> = None;
        for (key, value) in &self.headers {
            if !key.trim().eq_ignore_ascii_case(name) {
                continue;
            }
            let value = value.trim_matches(|c| c == ' ' || c == '\t');
            match &mut joined {
                Some(text) => {
                    text.push_str(", ");
                    text.push_str(value);
                }
                None => joined = Some(value.to_owned()),
            }
        }
        joined
    }
}

impl fmt::Debug for VerifyRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fingerprints: Vec<String> = self.secrets.iter().map(|secret| crate::secret::fingerprint(secret.as_bytes())).collect();
        formatter
            .debug_struct("VerifyRequest")
            .field("headers", &self.headers)
            .field("raw_body_bytes", &self.raw_body.len())
            .field("secret_fingerprints", &fingerprints)
            .field("now", &self.now)
            .field("tolerance_seconds", &self.tolerance_seconds)
            .finish()
    }
}

/// The check that rejected a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The signature header is absent or empty.
    MissingSignature,
    /// The signature header is not `v0=` followed by 64 hex digits (for the sink: no `v1=` entry
    /// of 64 hex digits).
    MalformedSignature,
    /// The timestamp is absent, empty or not a whole number of epoch seconds.
    MissingTimestamp,
    /// The timestamp is further from the verifier's clock than the tolerance allows.
    StaleTimestamp,
    /// No configured secret produces the received signature.
    SignatureMismatch,
    /// The signature is genuine but the body is not a JSON object.
    MalformedBody,
}

impl Reason {
    /// Returns the snake_case code, as serialised and as logged.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::MissingSignature => "missing_signature",
            Reason::MalformedSignature => "malformed_signature",
            Reason::MissingTimestamp => "missing_timestamp",
            Reason::StaleTimestamp => "stale_timestamp",
            Reason::SignatureMismatch => "signature_mismatch",
            Reason::MalformedBody => "malformed_body",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// True when the signature is genuine, the timestamp is fresh and the body is a JSON object.
    pub valid: bool,
    /// The check that rejected the delivery, or `None` when `valid`.
    pub reason: Option<Reason>,
    /// The body's `event` field, such as `phone.ai_call_summary_changed`. Set only when `valid`.
    pub event: Option<String>,
    /// The whole parsed body: `event`, `event_ts` and Zoom's own `payload` object. Set only when
    /// `valid`, so nothing unverified is handed on.
    pub payload: Option<serde_json::Value>,
    /// Facts about the delivery and, on a rejection, its likely causes.
    pub diagnostics: Diagnostics,
}

impl ToJson for Reason {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for Verdict {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("valid", &self.valid)
            .field("reason", &self.reason)
            .field("event", &self.event)
            .field("payload", &self.payload)
            .field("diagnostics", &self.diagnostics)
            .end();
    }
}

/// A rejection found by one of the checks in [`verify`].
struct Rejection {
    reason: Reason,
    message: String,
}

impl Rejection {
    fn new(reason: Reason, message: impl Into<String>) -> Self {
        Rejection { reason, message: message.into() }
    }
}

/// Verifies a Zoom webhook delivery.
///
/// The checks run in this order, and the first failure decides the reason: signature header
/// present, timestamp present and numeric, signature well formed, signature matches one of the
/// secrets, timestamp within the tolerance, body is a JSON object. The signature is checked before
/// the timestamp, so a forged delivery with an old timestamp reports `signature_mismatch`.
pub fn verify(request: &VerifyRequest) -> Verdict {
    let mut diagnostics = Diagnostics::describe(request);

    match check(request, &mut diagnostics) {
        Ok(body) => {
            diagnostics.message = match diagnostics.matched_secret_index {
                Some(index) => format!("The signature is genuine (secret {index} matched) and the timestamp is within the tolerance."),
                None => "The signature is genuine and the timestamp is within the tolerance.".to_string(),
            };
            let event = body.get("event").and_then(serde_json::Value::as_str).map(str::to_string);
            Verdict { valid: true, reason: None, event, payload: Some(body), diagnostics }
        }
        Err(rejection) => {
            diagnostics.message = rejection.message;
            diagnostics.likely_causes = diagnostics::likely_causes(rejection.reason, request, &diagnostics);
            Verdict { valid: false, reason: Some(rejection.reason), event: None, payload: None, diagnostics }
        }
    }
}

/// Runs the checks in order and returns the parsed body when all pass.
fn check(request: &VerifyRequest, diagnostics: &mut Diagnostics) -> Result<serde_json::Value, Rejection> {
    let signature = required_signature(request)?;
    let timestamp_text = required_timestamp(request)?;
    let received = parse_zoom_signature(&signature)?;

    let parts: [&[u8]; 4] = [b"v0:", timestamp_text.as_bytes(), b":", &request.raw_body];
    let Some(index) = mac::matching_secret(&request.secrets, &parts, &received) else {
        diagnostics.evidence = diagnostics::probe_mismatch(request, &timestamp_text, &received);
        return Err(Rejection::new(Reason::SignatureMismatch, mismatch_message(request)));
    };
    diagnostics.matched_secret_index = Some(index);

    check_freshness(diagnostics)?;
    parse_body(&request.raw_body)
}

fn required_signature(request: &VerifyRequest) -> Result<String, Rejection> {
    match request.header(SIGNATURE_HEADER) {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => Err(Rejection::new(Reason::MissingSignature, "The x-zm-signature header is empty. Zoom sends `v0=` followed by 64 hex digits.")),
        None => Err(Rejection::new(Reason::MissingSignature, "The x-zm-signature header is missing, so the request cannot be shown to come from Zoom.")),
    }
}

fn required_timestamp(request: &VerifyRequest) -> Result<String, Rejection> {
    let Some(text) = request.header(TIMESTAMP_HEADER).filter(|value| !value.is_empty()) else {
        return Err(Rejection::new(Reason::MissingTimestamp, "The x-zm-request-timestamp header is missing or empty. Zoom signs each delivery with its epoch-seconds timestamp, so it cannot be verified without it."));
    };
    if parse_timestamp(&text).is_none() {
        return Err(Rejection::new(
            Reason::MissingTimestamp,
            format!("The x-zm-request-timestamp header ({} characters) is not a whole number of epoch seconds.", text.chars().count()),
        ));
    }
    Ok(text)
}

/// Parses a timestamp of ASCII digits, optionally preceded by `-`, into epoch seconds.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses `v0=<64 hex digits>` (either case) into the received digest.
fn parse_zoom_signature(value: &str) -> Result<[u8; mac::DIGEST_LEN], Rejection> {
    let malformed = |detail: String| Rejection::new(Reason::MalformedSignature, format!("The x-zm-signature header {detail}. Zoom sends `v0=` followed by 64 hex digits."));

    let Some(hex) = value.strip_prefix("v0=") else {
        if mac::is_hex(value) && value.len() == 64 {
            return Err(malformed("has 64 hex digits but lacks the `v0=` prefix".to_string()));
        }
        return Err(malformed(match scheme_label(value) {
            Some(scheme) => format!("uses the scheme `{scheme}=` instead of `v0=`"),
            None => format!("({} characters) does not start with `v0=`", value.chars().count()),
        }));
    };

    if !mac::is_hex(hex) {
        return Err(malformed("contains characters after `v0=` that are not hex digits".to_string()));
    }
    mac::digest_from_hex(hex).ok_or_else(|| malformed(format!("has {} hex digits after `v0=` instead of 64", hex.len())))
}

/// Returns the text before `=` when it is a short alphanumeric label such as `sha256` or `v1`, so
/// the message can name it without echoing arbitrary header text.
pub(crate) fn scheme_label(value: &str) -> Option<&str> {
    let (label, _) = value.split_once('=')?;
    let plausible = !label.is_empty() && label.len() <= 16 && label.bytes().all(|byte| byte.is_ascii_alphanumeric());
    plausible.then_some(label)
}

fn mismatch_message(request: &VerifyRequest) -> String {
    match request.secrets.len() {
        0 => "No secret was configured, so no signature can match. Configure the app's Secret Token.".to_string(),
        1 => "The signature does not match the body, timestamp and secret given.".to_string(),
        count => format!("The signature does not match the body and timestamp under any of the {count} secrets given."),
    }
}

fn check_freshness(diagnostics: &Diagnostics) -> Result<(), Rejection> {
    let Some(skew) = diagnostics.skew_seconds else {
        return Ok(());
    };
    if skew.unsigned_abs() <= diagnostics.tolerance_seconds.unsigned_abs() {
        return Ok(());
    }

    let direction = if skew > 0 { "in the future" } else { "in the past" };
    Err(Rejection::new(
        Reason::StaleTimestamp,
        format!(
            "The signature is genuine, but x-zm-request-timestamp is {} seconds {direction}, outside the tolerance of {} seconds.",
            skew.unsigned_abs(),
            diagnostics.tolerance_seconds
        ),
    ))
}

fn parse_body(raw_body: &[u8]) -> Result<serde_json::Value, Rejection> {
    match serde_json::from_slice::<serde_json::Value>(raw_body) {
        Ok(body) if body.is_object() => Ok(body),
        Ok(_) => Err(Rejection::new(Reason::MalformedBody, "The signature is genuine, but the body is JSON without being an object, so it is not a Zoom event.")),
        // serde_json's message gives a position and a category, never the input text.
        Err(error) => Err(Rejection::new(Reason::MalformedBody, format!("The signature is genuine, but the body is not valid JSON: {error}."))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_590_400;
    const SECRET: &str = "-fVYXZdOikfp-PuKYDavl5";
    const BODY: &str = r#"{"event":"phone.ai_call_summary_changed","event_ts":1764590395000,"payload":{"object":{"ai_call_summary_id":"0if0jfVXG1Oxrnk6JM0wt3"}}}"#;

    fn zoom_signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
        let digest = mac::hmac_sha256(secret.as_bytes(), &[b"v0:", timestamp.as_bytes(), b":", body]).unwrap();
        format!("v0={}", mac::to_hex(&digest))
    }

    fn delivery(headers: &[(&str, &str)], body: &str) -> VerifyRequest {
        let headers = headers.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        VerifyRequest::new(headers, body.as_bytes().to_vec(), vec![SECRET.to_string()], NOW)
    }

    #[test]
    fn genuine_delivery_is_valid() {
        let signature = zoom_signature(SECRET, "1764590395", BODY.as_bytes());
        let verdict = verify(&delivery(&[("X-Zm-Signature", &signature), ("X-ZM-Request-Timestamp", "1764590395")], BODY));
        assert!(verdict.valid, "{}", verdict.diagnostics.message);
        assert_eq!(verdict.event.as_deref(), Some("phone.ai_call_summary_changed"));
        assert_eq!(verdict.diagnostics.matched_secret_index, Some(0));
        assert_eq!(verdict.diagnostics.skew_seconds, Some(-5));
        assert!(verdict.diagnostics.likely_causes.is_empty());
    }

    #[test]
    fn header_lookup_ignores_case_and_joins_repeats() {
        let request = delivery(&[("A", " one "), ("a", "two")], "");
        assert_eq!(request.header("a").as_deref(), Some("one, two"));
        assert_eq!(request.header("b"), None);
    }

    #[test]
    fn signature_forms_are_classified() {
        let hex = "a".repeat(64);
        let cases = [
            (hex.clone(), "lacks the `v0=` prefix"),
            (format!("sha256={hex}"), "`sha256=`"),
            (format!("v0={}", "a".repeat(63)), "63 hex digits"),
            (format!("v0={}", "z".repeat(64)), "not hex digits"),
            ("garbage".to_string(), "does not start with `v0=`"),
        ];
        for (header, expected) in cases {
            let verdict = verify(&delivery(&[(SIGNATURE_HEADER, &header), (TIMESTAMP_HEADER, "1764590395")], BODY));
            assert_eq!(verdict.reason, Some(Reason::MalformedSignature), "header {header:?}");
            assert!(verdict.diagnostics.message.contains(expected), "{}", verdict.diagnostics.message);
        }
    }

    #[test]
    fn upper_case_hex_is_accepted() {
        let signature = zoom_signature(SECRET, "1764590395", BODY.as_bytes()).to_uppercase().replacen("V0=", "v0=", 1);
        let verdict = verify(&delivery(&[(SIGNATURE_HEADER, &signature), (TIMESTAMP_HEADER, "1764590395")], BODY));
        assert!(verdict.valid, "{}", verdict.diagnostics.message);
    }

    #[test]
    fn timestamp_must_be_whole_seconds() {
        let verdict = verify(&delivery(&[(SIGNATURE_HEADER, "v0=00"), (TIMESTAMP_HEADER, "12.5")], BODY));
        assert_eq!(verdict.reason, Some(Reason::MissingTimestamp));
        assert_eq!(parse_timestamp("-12"), Some(-12));
        assert_eq!(parse_timestamp("+12"), None);
        assert_eq!(parse_timestamp("99999999999999999999"), None);
    }

    #[test]
    fn negative_tolerance_counts_as_zero() {
        let signature = zoom_signature(SECRET, "1764590400", BODY.as_bytes());
        let mut request = delivery(&[(SIGNATURE_HEADER, &signature), (TIMESTAMP_HEADER, "1764590400")], BODY);
        request.tolerance_seconds = -5;
        let verdict = verify(&request);
        assert!(verdict.valid, "{}", verdict.diagnostics.message);
        assert_eq!(verdict.diagnostics.tolerance_seconds, 0);
    }

    #[test]
    fn json_array_body_is_malformed() {
        let signature = zoom_signature(SECRET, "1764590395", b"[1]");
        let verdict = verify(&delivery(&[(SIGNATURE_HEADER, &signature), (TIMESTAMP_HEADER, "1764590395")], "[1]"));
        assert_eq!(verdict.reason, Some(Reason::MalformedBody));
        assert_eq!(verdict.payload, None);
    }

    #[test]
    fn debug_hides_secrets() {
        let request = delivery(&[], BODY);
        let text = format!("{request:?}");
        assert!(!text.contains(SECRET));
        assert!(text.contains(&crate::secret::fingerprint(SECRET.as_bytes())));
    }

    #[test]
    fn reason_json_is_code() {
        for reason in [Reason::MissingSignature, Reason::MalformedSignature, Reason::MissingTimestamp, Reason::StaleTimestamp, Reason::SignatureMismatch, Reason::MalformedBody] {
            assert_eq!(reason.to_json(), format!("\"{}\"", reason.as_str()));
        }
    }
}
