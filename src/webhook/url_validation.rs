//! The response to Zoom's `endpoint.url_validation` challenge.
//!
//! Zoom posts `{"event":"endpoint.url_validation","payload":{"plainToken":"…"},…}` and expects
//! `{"plainToken":"…","encryptedToken":"<hex HMAC-SHA256 of plainToken keyed with the Secret
//! Token>"}` back with status 200 (Zoom's webhook documentation and its `webhook-sample`).

use super::mac;
use crate::json::{self, ToJson};
use crate::{Error, Result};

/// The `event` value of Zoom's URL validation challenge.
pub const URL_VALIDATION_EVENT: &str = "endpoint.url_validation";

/// Maximum accepted length of a `plainToken`: several times the length of the challenge tokens in
/// public examples, yet too short to hold a forged event body.
const MAX_PLAIN_TOKEN_LEN: usize = 128;

/// The JSON body to send back, with status 200, to a URL validation challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlValidationAnswer {
    /// The challenge's `payload.plainToken`, unchanged.
    pub plain_token: String,
    /// Hex HMAC-SHA256 of `plain_token`, keyed with the Secret Token.
    pub encrypted_token: String,
}

impl ToJson for UrlValidationAnswer {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("plainToken", &self.plain_token).field("encryptedToken", &self.encrypted_token).end();
    }
}

/// Computes the response body for an `endpoint.url_validation` challenge.
///
/// Verify the delivery with [`super::verify`] first: this function checks only the body's shape,
/// and uses the secret that verification matched.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when `secret` is empty, the body is not JSON, its `event` is not
/// `endpoint.url_validation`, or `payload.plainToken` is not 1 to 128 ASCII letters, digits, `-` or
/// `_`. The last check matters because the answer is an HMAC under the Secret Token: without it,
/// anyone could have the endpoint sign chosen text, such as a forged event's `v0:{ts}:{body}`.
pub fn answer_url_validation(raw_body: &[u8], secret: &str) -> Result<UrlValidationAnswer> {
    if secret.is_empty() {
        return Err(Error::invalid_argument("secretToken is empty. Pass the app's Secret Token, the one that verified the challenge."));
    }

    let plain_token = plain_token(raw_body)?;
    check_plain_token(&plain_token)?;

    let encrypted_token = mac::hmac_sha256(secret.as_bytes(), &[plain_token.as_bytes()])
        .map(|digest| mac::to_hex(&digest))
        .ok_or_else(|| Error::invalid_argument("secretToken could not be used as an HMAC key."))?;
    Ok(UrlValidationAnswer { plain_token, encrypted_token })
}

/// Extracts `payload.plainToken` from a challenge body.
fn plain_token(raw_body: &[u8]) -> Result<String> {
    let body: serde_json::Value = serde_json::from_slice(raw_body)
        .map_err(|error| Error::invalid_argument(format!("rawBody is not valid JSON ({error}). Pass the request body exactly as received.")))?;

    let event = body.get("event").and_then(serde_json::Value::as_str);
    if event != Some(URL_VALIDATION_EVENT) {
        return Err(Error::invalid_argument("rawBody is not an endpoint.url_validation event: its `event` field is missing or different. Pass only URL validation challenges to this function."));
    }

    // Two `get` calls instead of `pointer`, whose escape handling links `str::replace` into the wasm.
    let token = body.get("payload").and_then(|payload| payload.get("plainToken"));
    match token.and_then(serde_json::Value::as_str) {
        Some(token) => Ok(token.to_string()),
        None => Err(Error::invalid_argument("rawBody has no string payload.plainToken, so no response can be computed.")),
    }
}

/// Rejects a token that is not a short run of `[A-Za-z0-9_-]`, without echoing it.
fn check_plain_token(token: &str) -> Result<()> {
    let length = token.chars().count();
    if length == 0 || length > MAX_PLAIN_TOKEN_LEN {
        return Err(Error::invalid_argument(format!(
            "payload.plainToken is {length} characters long, but a Zoom challenge token is 1 to {MAX_PLAIN_TOKEN_LEN}. No response was computed."
        )));
    }
    if !token.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_') {
        return Err(Error::invalid_argument(
            "payload.plainToken contains characters other than ASCII letters, digits, `-` and `_`, so it is not a Zoom challenge token. It was not signed, because signing arbitrary text would let anyone forge signatures.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &[u8] = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1764590400000,"event":"endpoint.url_validation"}"#;

    #[test]
    fn answer_matches_known_digest() {
        let answer = answer_url_validation(CHALLENGE, "-fVYXZdOikfp-PuKYDavl5").unwrap();
        assert_eq!(answer.plain_token, "qgg8vlvZRS6UYooatFL8Aw");
        assert_eq!(answer.encrypted_token, "d20ca91fef815b5009882fd7fdd7856d138d475dc37618759631f6cf500dba52");
    }

    #[test]
    fn empty_secret_is_rejected() {
        let error = answer_url_validation(CHALLENGE, "").unwrap_err();
        assert_eq!(error.code(), "invalid_argument");
    }

    #[test]
    fn other_event_is_rejected() {
        let body = br#"{"event":"phone.ai_call_summary_changed","payload":{"plainToken":"abc"}}"#;
        assert!(answer_url_validation(body, "secret").is_err());
    }

    #[test]
    fn hostile_token_is_rejected_without_echo() {
        let body = br#"{"event":"endpoint.url_validation","payload":{"plainToken":"v0:1764590395:{\"event\":\"x\"}"}}"#;
        let message = answer_url_validation(body, "secret").unwrap_err().to_string();
        assert!(message.contains("plainToken"));
        assert!(!message.contains("v0:1764590395"));
    }

    #[test]
    fn token_length_limits() {
        let long = format!(r#"{{"event":"endpoint.url_validation","payload":{{"plainToken":"{}"}}}}"#, "a".repeat(129));
        assert!(answer_url_validation(long.as_bytes(), "secret").is_err());

        let longest = format!(r#"{{"event":"endpoint.url_validation","payload":{{"plainToken":"{}"}}}}"#, "a".repeat(128));
        assert!(answer_url_validation(longest.as_bytes(), "secret").is_ok());

        let empty = br#"{"event":"endpoint.url_validation","payload":{"plainToken":""}}"#;
        assert!(answer_url_validation(empty, "secret").is_err());
    }
}
