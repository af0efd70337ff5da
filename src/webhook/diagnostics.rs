//! Facts about a webhook delivery and the likely causes of a rejection, without the secret.

use super::mac::{self, DIGEST_LEN};
use super::reserialise::{reserialise, Style};
use super::{parse_timestamp, Reason, VerifyRequest, TIMESTAMP_HEADER};
use crate::json::{self, ToJson};
use crate::secret::fingerprint;

/// Timestamps at or above this are read as milliseconds: as seconds they would fall after the year
/// 5000, and as milliseconds they fall after 1973.
const MILLISECOND_TIMESTAMP_FLOOR: i64 = 100_000_000_000;

/// Largest body, in bytes, that a mismatch is probed for. Probing signs the body about eight more
/// times per secret, and this bound caps what an unauthenticated sender can make the verifier do.
/// Zoom's event bodies are a few kilobytes.
const MAX_PROBED_BODY_BYTES: usize = 256 * 1024;

/// Facts about a delivery that the verifier reports without revealing the secret or the expected
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// One or two sentences on the outcome.
    pub message: String,
    /// Body length in bytes.
    pub body_bytes: usize,
    /// Whether the body is valid UTF-8.
    pub body_is_utf8: bool,
    /// Whether the body contains bytes outside ASCII, which change if it is decoded as Latin-1 or
    /// ASCII instead of UTF-8.
    pub body_has_non_ascii: bool,
    /// Whether the body contains `\uXXXX` or `\/` escapes, which re-serialisation may rewrite.
    pub body_has_json_escapes: bool,
    /// Whether the body contains whitespace between JSON tokens, which compact re-serialisation
    /// removes.
    pub body_has_whitespace_between_tokens: bool,
    /// Whether the body contains U+FFFD, the mark a decoder leaves on bytes it could not decode.
    pub body_has_replacement_characters: bool,
    /// The signed timestamp in epoch seconds, when the header contains a whole number.
    pub timestamp: Option<i64>,
    /// `timestamp - now` in seconds: positive when the timestamp is in the future.
    pub skew_seconds: Option<i64>,
    /// The tolerance applied, in seconds.
    pub tolerance_seconds: i64,
    /// One entry per configured secret, in the order given.
    pub secrets: Vec<SecretFacts>,
    /// Index of the secret that produced the signature, once one has.
    pub matched_secret_index: Option<usize>,
    /// Transformations of the body, message or secret under which the signature does match.
    /// Computed only for `signature_mismatch`, and only for bodies up to 256 KiB.
    pub evidence: Vec<Finding>,
    /// Likely causes of a rejection, most likely first. Empty when the delivery is valid.
    pub likely_causes: Vec<Finding>,
}

/// A configured secret, described without revealing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretFacts {
    /// Position in the list of secrets.
    pub index: usize,
    /// First 12 hex digits of the SHA-256 of the secret.
    pub fingerprint: String,
    /// Length in characters.
    pub length: usize,
    /// Whether the secret starts or ends with whitespace or a quote, a common copy-paste mistake.
    pub has_surrounding_characters: bool,
}

/// A finding: a stable code and a sentence on what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable snake_case code, such as `wrong_secret`.
    pub code: &'static str,
    /// Description of the finding and of the next step.
    pub message: String,
}

impl ToJson for Diagnostics {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("message", &self.message)
            .field("bodyBytes", &self.body_bytes)
            .field("bodyIsUtf8", &self.body_is_utf8)
            .field("bodyHasNonAscii", &self.body_has_non_ascii)
            .field("bodyHasJsonEscapes", &self.body_has_json_escapes)
            .field("bodyHasWhitespaceBetweenTokens", &self.body_has_whitespace_between_tokens)
            .field("bodyHasReplacementCharacters", &self.body_has_replacement_characters)
            .field("timestamp", &self.timestamp)
            .field("skewSeconds", &self.skew_seconds)
            .field("toleranceSeconds", &self.tolerance_seconds)
            .field("secrets", &self.secrets)
            .field("matchedSecretIndex", &self.matched_secret_index)
            .field("evidence", &self.evidence)
            .field("likelyCauses", &self.likely_causes)
            .end();
    }
}

impl ToJson for SecretFacts {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("index", &self.index)
            .field("fingerprint", &self.fingerprint)
            .field("length", &self.length)
            .field("hasSurroundingCharacters", &self.has_surrounding_characters)
            .end();
    }
}

impl ToJson for Finding {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("code", self.code).field("message", &self.message).end();
    }
}

impl Finding {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Finding { code, message: message.into() }
    }
}

impl Diagnostics {
    /// Collects the facts that hold whatever the outcome: body, timestamp and secrets.
    pub(crate) fn describe(request: &VerifyRequest) -> Self {
        let body = &request.raw_body;
        let tolerance_seconds = request.tolerance_seconds.max(0);
        let timestamp = request.header(TIMESTAMP_HEADER).and_then(|text| parse_timestamp(&text));
        let skew_seconds = timestamp.map(|signed| skew(signed, request.now));
        let scan = scan_json_text(body);

        Diagnostics {
            message: String::new(),
            body_bytes: body.len(),
            body_is_utf8: std::str::from_utf8(body).is_ok(),
            body_has_non_ascii: !body.is_ascii(),
            body_has_json_escapes: scan.has_escapes,
            body_has_whitespace_between_tokens: scan.has_whitespace_between_tokens,
            body_has_replacement_characters: contains(body, "\u{FFFD}".as_bytes()),
            timestamp,
            skew_seconds,
            tolerance_seconds,
            secrets: request.secrets.iter().enumerate().map(|(index, secret)| describe_secret(index, secret)).collect(),
            matched_secret_index: None,
            evidence: Vec::new(),
            likely_causes: Vec::new(),
        }
    }
}

/// Returns `signed - now`, saturated to the `i64` range.
fn skew(signed: i64, now: i64) -> i64 {
    let difference = i128::from(signed) - i128::from(now);
    i64::try_from(difference).unwrap_or(if difference > 0 { i64::MAX } else { i64::MIN })
}

fn describe_secret(index: usize, secret: &str) -> SecretFacts {
    SecretFacts {
        index,
        fingerprint: fingerprint(secret.as_bytes()),
        length: secret.chars().count(),
        has_surrounding_characters: trim_secret(secret) != secret,
    }
}

/// Strips whitespace and quotes that a copy from a `.env` file or a console often adds.
fn trim_secret(secret: &str) -> &str {
    secret.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Results of a quick pass over the body, outside and inside JSON strings.
struct JsonTextScan {
    has_escapes: bool,
    has_whitespace_between_tokens: bool,
}

/// Scans the body as JSON text, tolerating invalid JSON: a quote toggles string state, and a
/// backslash inside a string consumes the next byte.
fn scan_json_text(body: &[u8]) -> JsonTextScan {
    let mut scan = JsonTextScan { has_escapes: false, has_whitespace_between_tokens: false };
    let mut in_string = false;
    let mut bytes = body.iter();

    while let Some(&byte) = bytes.next() {
        match (in_string, byte) {
            (true, b'\\') => {
                if matches!(bytes.next(), Some(b'u' | b'/')) {
                    scan.has_escapes = true;
                }
            }
            (_, b'"') => in_string = !in_string,
            (false, b' ' | b'\t' | b'\n' | b'\r') => scan.has_whitespace_between_tokens = true,
            _ => {}
        }
    }
    scan
}

/// A way the signed bytes may differ from the bytes given, with the finding to report if the
/// signature matches the altered bytes.
struct Variant {
    code: &'static str,
    message: &'static str,
    signed: Vec<u8>,
}

/// Looks for a transformation under which the received signature does match, so a mismatch can be
/// explained by evidence instead of guesses.
///
/// Each variant costs one HMAC per secret. Nothing here reveals the secret or the expected
/// signature: a finding names only the transformation that matched and the secret's index.
pub(crate) fn probe_mismatch(request: &VerifyRequest, timestamp: &str, received: &[u8; DIGEST_LEN]) -> Vec<Finding> {
    let mut findings = Vec::new();
    if request.raw_body.len() > MAX_PROBED_BODY_BYTES {
        return findings;
    }

    for variant in signed_variants(&request.raw_body, timestamp) {
        if let Some(index) = mac::matching_secret(&request.secrets, &[&variant.signed], received) {
            findings.push(Finding::new(variant.code, format!("{} (secret {index} matched.)", variant.message)));
        }
    }

    let standard: [&[u8]; 4] = [b"v0:", timestamp.as_bytes(), b":", &request.raw_body];
    for (index, secret) in request.secrets.iter().enumerate() {
        let trimmed = trim_secret(secret);
        if trimmed != secret && mac::matches(trimmed.as_bytes(), &standard, received) {
            findings.push(Finding::new(
                "secret_has_surrounding_characters",
                format!("The signature matches once whitespace or quotes around secret {index} are removed. Store the Secret Token without them."),
            ));
        }
    }
    findings
}

/// Builds the messages the sender may have signed instead of `v0:{timestamp}:{body}`.
fn signed_variants(body: &[u8], timestamp: &str) -> Vec<Variant> {
    let standard = |altered: Vec<u8>| [b"v0:", timestamp.as_bytes(), b":", altered.as_slice()].concat();
    let mut variants = Vec::new();

    for (code, message, altered) in body_variants(body) {
        variants.push(Variant { code, message, signed: standard(altered) });
    }

    variants.push(Variant {
        code: "signed_without_v0_prefix",
        message: "The signature matches `{timestamp}:{body}`, without the `v0:` prefix. The sender must sign `v0:{x-zm-request-timestamp}:{body}`, as Zoom does.",
        signed: [timestamp.as_bytes(), b":", body].concat(),
    });
    variants.push(Variant {
        code: "signed_body_only",
        message: "The signature matches the body alone. The sender must sign `v0:{x-zm-request-timestamp}:{body}`, as Zoom does.",
        signed: body.to_vec(),
    });
    variants
}

/// Builds the bodies the sender may have signed instead of the bytes given, smallest change first,
/// skipping any that equal the bytes given.
fn body_variants(body: &[u8]) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut variants = Vec::new();
    let text = std::str::from_utf8(body).ok();

    let trimmed = body.trim_ascii();
    if trimmed.len() != body.len() {
        variants.push(("body_whitespace_added", "The signature matches the body without its leading or trailing whitespace. Whitespace, such as a final newline from a paste or a proxy, was added after signing.", trimmed.to_vec()));
    }
    variants.push(("body_trailing_newline_removed", "The signature matches the body with a final newline. Something removed that newline after signing: pass the raw bytes unchanged.", [body, b"\n"].concat()));

    if let Some(latin1) = text.and_then(encode_latin1) {
        variants.push(("body_decoded_as_latin1", "The signature matches once the body's characters are encoded back to Latin-1 bytes. The raw UTF-8 body was decoded as Latin-1 (ISO-8859-1) before verification: pass the raw bytes, or decode them as UTF-8.", latin1));
    }
    if !body.is_ascii() {
        let double_encoded: String = body.iter().map(|&byte| char::from(byte)).collect();
        variants.push(("body_signed_as_latin1", "The signature matches the body's bytes read as Latin-1 characters and encoded again as UTF-8. The sender decoded its own UTF-8 body as Latin-1 before signing.", double_encoded.into_bytes()));
    }

    let is_json = serde_json::from_slice::<serde_json::Value>(body).is_ok();
    if let (Some(text), true) = (text, is_json) {
        if let Some(compact) = reserialise(text, Style::JsonStringify) {
            variants.push(("body_reserialised", "The signature matches the body re-serialised compactly, as `JSON.stringify(JSON.parse(body))` writes it. The body was pretty-printed, re-escaped or re-serialised after signing: verify the raw request bytes, read before any JSON parsing.", compact.into_bytes()));
        }
        if let Some(python) = reserialise(text, Style::PythonDumps) {
            variants.push(("body_reserialised_python", "The signature matches the body as Python's `json.dumps(json.loads(body))` writes it. The sender signed a re-serialised body instead of the bytes it sent: sign and send the same bytes.", python.into_bytes()));
        }
    }

    variants.retain(|(_, _, altered)| altered.as_slice() != body);
    variants
}

/// Encodes text as Latin-1 when every character fits in one byte and at least one is not ASCII.
fn encode_latin1(text: &str) -> Option<Vec<u8>> {
    if text.is_ascii() {
        return None;
    }
    text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// Lists the likely causes of a rejection, most likely first.
pub(crate) fn likely_causes(reason: Reason, request: &VerifyRequest, diagnostics: &Diagnostics) -> Vec<Finding> {
    let causes = match reason {
        Reason::MissingSignature => missing_signature_causes(request),
        Reason::MissingTimestamp => missing_timestamp_causes(request),
        Reason::MalformedSignature => vec![not_from_zoom(), headers_altered()],
        Reason::SignatureMismatch => mismatch_causes(request, diagnostics),
        Reason::StaleTimestamp => stale_causes(diagnostics),
        Reason::MalformedBody => malformed_body_causes(request),
    };
    deduplicate(causes)
}

fn deduplicate(causes: Vec<Finding>) -> Vec<Finding> {
    let mut unique: Vec<Finding> = Vec::with_capacity(causes.len());
    for cause in causes {
        if !unique.iter().any(|kept| kept.code == cause.code) {
            unique.push(cause);
        }
    }
    unique
}

fn not_from_zoom() -> Finding {
    Finding::new("not_from_zoom", "The request did not come from Zoom: a health check, a manual request or a forged event. Zoom signs every delivery, `endpoint.url_validation` included.")
}

fn headers_altered() -> Finding {
    Finding::new("headers_altered", "A proxy, load balancer or framework removed or rewrote the x-zm-* headers. Pass the request's headers to the verifier unchanged.")
}

fn missing_signature_causes(request: &VerifyRequest) -> Vec<Finding> {
    let mut causes = Vec::new();
    if request.header("authorization").is_some() {
        causes.push(Finding::new("legacy_verification_token", "The request has an authorization header but no x-zm-signature: that is Zoom's retired verification-token scheme. Verify with the Secret Token and x-zm-signature instead."));
    }
    causes.push(not_from_zoom());
    causes.push(headers_altered());
    causes
}

fn missing_timestamp_causes(request: &VerifyRequest) -> Vec<Finding> {
    if request.header(TIMESTAMP_HEADER).is_some() {
        return vec![
            Finding::new("headers_altered", "The x-zm-request-timestamp header was rewritten: Zoom sends whole epoch seconds. Pass the request's headers to the verifier unchanged."),
            not_from_zoom(),
        ];
    }
    vec![headers_altered(), not_from_zoom()]
}

fn mismatch_causes(request: &VerifyRequest, diagnostics: &Diagnostics) -> Vec<Finding> {
    if request.secrets.is_empty() {
        return vec![Finding::new("no_secret", "No secret was configured. Set the app's Secret Token from the Zoom App Marketplace.")];
    }

    let mut causes: Vec<Finding> = diagnostics.evidence.iter().map(cause_from_evidence).collect();
    // NOTE: Zoom's deliveries in public samples are compact JSON, so whitespace between tokens
    // points to a re-serialised body. Zoom does not document its formatting: if a genuine
    // delivery with whitespace turns up, drop this rule.
    if diagnostics.body_has_whitespace_between_tokens {
        causes.push(body_changed());
    }
    if diagnostics.secrets.iter().any(|secret| secret.has_surrounding_characters) {
        causes.push(secret_has_surrounding_characters());
    }

    causes.push(Finding::new("wrong_secret", "The secret is not this app's Secret Token: it may be the app's Client Secret, another app's Secret Token, or a token that was regenerated since. Copy the Secret Token of the app that owns the event subscription."));
    causes.push(body_changed());
    if diagnostics.body_has_non_ascii || diagnostics.body_has_replacement_characters {
        causes.push(body_encoding());
    }
    causes.push(Finding::new("missing_v0_prefix", "The sender did not sign `v0:{x-zm-request-timestamp}:{body}`: a test sender that omits the `v0:` prefix or signs another timestamp. Zoom itself always signs that form."));
    causes
}

fn cause_from_evidence(evidence: &Finding) -> Finding {
    match evidence.code {
        "body_decoded_as_latin1" | "body_signed_as_latin1" => body_encoding(),
        "signed_without_v0_prefix" | "signed_body_only" => Finding::new("missing_v0_prefix", evidence.message.clone()),
        "secret_has_surrounding_characters" => secret_has_surrounding_characters(),
        _ => body_changed(),
    }
}

fn body_changed() -> Finding {
    Finding::new("body_changed", "The body was changed after Zoom signed it: re-serialised (for example by hashing `JSON.stringify(parsed)` instead of the raw text), pretty-printed, or rewritten by a proxy. Verify the raw request bytes, read before any JSON parsing.")
}

fn body_encoding() -> Finding {
    Finding::new("body_encoding", "The body was decoded with the wrong character set (Latin-1 or ASCII instead of UTF-8), which changes every non-ASCII character. Pass the raw bytes, or decode them as UTF-8.")
}

fn secret_has_surrounding_characters() -> Finding {
    Finding::new("secret_has_surrounding_characters", "A secret starts or ends with whitespace or a quote, which is usually left over from a copy or a `.env` file. Store the Secret Token without them.")
}

fn stale_causes(diagnostics: &Diagnostics) -> Vec<Finding> {
    let mut causes = Vec::new();
    if diagnostics.timestamp.is_some_and(|timestamp| timestamp >= MILLISECOND_TIMESTAMP_FLOOR) {
        causes.push(Finding::new("timestamp_in_milliseconds", "The timestamp looks like milliseconds. Zoom's x-zm-request-timestamp is in seconds, so the sender must divide by 1000."));
    }

    let clock = Finding::new("clock_skew", "This server's clock, or the sender's, is wrong. Synchronise it with NTP.");
    let late = Finding::new("delivery_delayed_or_replayed", "The delivery was held up, replayed or retried long after it was signed. If genuine Zoom retries are rejected, raise toleranceSeconds and keep processing idempotent.");
    if diagnostics.skew_seconds.is_some_and(|skew| skew > 0) {
        causes.push(clock);
        causes.push(late);
    } else {
        causes.push(late);
        causes.push(clock);
    }
    causes
}

fn malformed_body_causes(request: &VerifyRequest) -> Vec<Finding> {
    let body = &request.raw_body;
    let mut causes = Vec::new();
    if body.starts_with(&[0x1f, 0x8b]) {
        causes.push(Finding::new("compressed_body", "The body is gzip-compressed. Verify the bytes as received, then decompress them before parsing."));
    }
    if body.is_empty() {
        causes.push(Finding::new("empty_body", "The body is empty: a framework may have consumed it before the verifier read it."));
    }
    causes.push(Finding::new("not_an_event", "The sender signed a body that is not a Zoom event. Check what the sender sends."));
    causes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_escapes_only_in_strings() {
        let scan = scan_json_text(br#"{"a":"x\/y"}"#);
        assert!(scan.has_escapes);
        assert!(!scan.has_whitespace_between_tokens);

        let scan = scan_json_text(br#"{"a": "x\\u"}"#);
        assert!(!scan.has_escapes);
        assert!(scan.has_whitespace_between_tokens);
    }

    #[test]
    fn scan_ignores_whitespace_inside_strings() {
        let scan = scan_json_text(br#"{"a":"two words"}"#);
        assert!(!scan.has_whitespace_between_tokens);
    }

    #[test]
    fn skew_saturates() {
        assert_eq!(skew(i64::MAX, i64::MIN), i64::MAX);
        assert_eq!(skew(i64::MIN, i64::MAX), i64::MIN);
        assert_eq!(skew(100, 40), 60);
    }

    #[test]
    fn latin1_encoding_needs_non_ascii_latin1_text() {
        assert_eq!(encode_latin1("abc"), None);
        assert_eq!(encode_latin1("é"), Some(vec![0xe9]));
        assert_eq!(encode_latin1("’"), None);
    }

    #[test]
    fn trim_secret_strips_quotes_and_whitespace() {
        assert_eq!(trim_secret(" \"abc\"\n"), "abc");
        assert_eq!(trim_secret("abc"), "abc");
    }

    #[test]
    fn body_variants_skip_identical_bodies() {
        let codes: Vec<&str> = body_variants(br#"["x"]"#).iter().map(|(code, _, _)| *code).collect();
        assert_eq!(codes, vec!["body_trailing_newline_removed"]);
    }

    #[test]
    fn deduplicate_keeps_first() {
        let causes = deduplicate(vec![body_changed(), body_encoding(), body_changed()]);
        let codes: Vec<&str> = causes.iter().map(|cause| cause.code).collect();
        assert_eq!(codes, vec!["body_changed", "body_encoding"]);
    }
}
