//! Building a [`TokenReport`] from parsed input.

use super::claims::ClaimReader;
use super::kind::{self, classify};
use super::shape::{self, TextShape};
use super::warnings::{self, Facts};
use super::jwt;
use super::members::{Members, CLAIM_NAMES, HEADER_NAMES};
use super::{ScopeSource, TokenInput, TokenKind, TokenReport};
use crate::secret;

/// Characters of a JWT shown in `redacted`: enough to recognise its header, and never reaching
/// the signature.
const JWT_VISIBLE_CHARS: usize = 10;

/// Characters of other text shown in `redacted`, and the length below which none are shown.
const TEXT_VISIBLE_CHARS: usize = 2;
const TEXT_MIN_CHARS_TO_SHOW: usize = 12;

/// A JWT split into the JSON texts of its decoded header and claims, with the signature reduced
/// to its length. The texts are exactly as decoded, and `JSON.parse` reads them as it would the
/// decoded parts themselves.
struct Parts {
    header: String,
    claims: String,
    header_length: usize,
    signature_length: usize,
}

fn decode_parts(token: &str) -> Option<Parts> {
    let [header, claims, signature] = jwt::split(token)?;
    Some(Parts {
        header: jwt::decode_part(header)?,
        claims: jwt::decode_part(claims)?,
        header_length: header.len(),
        signature_length: signature.len(),
    })
}

/// Builds the report for `input` at the clock `now` (epoch seconds).
pub(super) fn build(input: TokenInput, now: i64) -> TokenReport {
    let Some(parts) = decode_parts(&input.token) else {
        return text_report(input, now);
    };

    // The members borrow the decoded texts, so the texts move into the report only after this
    // block has dropped them.
    let mut report = {
        let header = Members::parse(&parts.header, HEADER_NAMES);
        let claims = Members::parse(&parts.claims, CLAIM_NAMES);
        let (Some(header), Some(claims)) = (header, claims) else {
            return text_report(input, now);
        };
        jwt_report(input, &header, &claims, &parts, now)
    };
    report.header = Some(parts.header);
    report.claims = Some(parts.claims);
    report
}

/// Builds the report of a JWT from its members, without the decoded texts, which `build` adds.
fn jwt_report(input: TokenInput, header: &Members, claims: &Members, parts: &Parts, now: i64) -> TokenReport {
    let kind = classify(header, claims);

    let mut reader = ClaimReader::new(Some(claims));
    let version = reader.version("ver");
    let client_id = kind::client_id(claims).map(str::to_owned);
    let account_id = reader.string(&["aid", "accountId"]).map(str::to_owned);
    let user_id = reader.string(&["uid", "userId"]).map(str::to_owned);
    let issued_at = reader.time("iat");
    let not_before = reader.time("nbf");
    let expires_at = reader.time("exp");
    if matches!(kind, TokenKind::ZoomUnknown) {
        // Reading `type` only to report it when malformed: a valid one has already set the kind.
        reader.integer("type");
    }
    let malformed = reader.into_malformed();

    let warnings = warnings::collect(Facts {
        kind,
        now,
        header: Some(header),
        claims: Some(claims),
        issued_at,
        not_before,
        expires_at,
        malformed: &malformed,
        response: input.response.as_ref(),
        signature_length: parts.signature_length,
        shape_message: None,
    });

    let redacted = redact_jwt(&input.token, parts.header_length);
    let mut report = base_report(input, kind, redacted, now, expires_at);
    report.version = version;
    report.client_id = client_id;
    report.account_id = account_id;
    report.user_id = user_id;
    report.issued_at = issued_at;
    report.not_before = not_before;
    report.warnings = warnings;
    report
}

fn text_report(input: TokenInput, now: i64) -> TokenReport {
    let (shape, message) = shape::recognise(&input.token);
    let warnings = warnings::collect(Facts {
        kind: TokenKind::NotAJwt,
        now,
        header: None,
        claims: None,
        issued_at: None,
        not_before: None,
        expires_at: None,
        malformed: &[],
        response: input.response.as_ref(),
        signature_length: 0,
        shape_message: Some(message),
    });

    let redacted = redact_text(&input.token);
    let mut report = base_report(input, TokenKind::NotAJwt, redacted, now, None);
    report.looks_like = Some(shape);
    report.warnings = warnings;
    report
}

/// Fills the fields that do not depend on the claims, consuming the input so that the response's
/// strings move into the report instead of being copied.
fn base_report(input: TokenInput, kind: TokenKind, redacted: String, now: i64, expires_at: Option<i64>) -> TokenReport {
    let fingerprint = match kind {
        TokenKind::NotAJwt => secret::fingerprint(input.token.as_bytes()),
        _ => jwt_fingerprint(&input.token),
    };
    let (scopes, api_url) = match input.response {
        Some(response) => (response.scopes(), response.api_url),
        None => (None, None),
    };
    let scope_source = if scopes.is_some() { ScopeSource::TokenResponse } else { ScopeSource::Unknown };

    TokenReport {
        kind,
        version: None,
        client_id: None,
        account_id: None,
        user_id: None,
        issued_at: None,
        not_before: None,
        expires_at,
        expired: expires_at.is_some_and(|expires_at| expires_at <= now),
        seconds_left: expires_at.map(|expires_at| expires_at.saturating_sub(now)),
        scopes,
        scope_source,
        api_url,
        header: None,
        claims: None,
        unverified: true,
        looks_like: None::<TextShape>,
        redacted,
        fingerprint,
        warnings: Vec::new(),
    }
}

/// Hashes a JWT's signature part, or the whole token when the signature part is empty.
///
/// The signature is an HMAC of the header and claims, so it tells tokens apart as well as the
/// whole token does. An HS512 signature is 86 characters, 2 SHA-256 blocks, where a ~640-character
/// Zoom token is 11, and each block costs about 6,500 instructions at opt-level "z" (callgrind,
/// x86-64, the software SHA-256 that wasm32 also runs).
fn jwt_fingerprint(token: &str) -> String {
    match token.rsplit('.').next() {
        Some(signature) if !signature.is_empty() => secret::fingerprint(signature.as_bytes()),
        _ => secret::fingerprint(token.as_bytes()),
    }
}

/// Shows at most the first 10 characters of the header part, never any of the signature, and the
/// total length.
fn redact_jwt(token: &str, header_length: usize) -> String {
    let visible = header_length.min(JWT_VISIBLE_CHARS);
    // The header part decoded as base64url, so it is ASCII and any byte index is a char boundary.
    let head = token.get(..visible).unwrap_or_default();
    format!("{head}… ({} characters)", token.chars().count())
}

/// Shows at most 2 characters and the length, and nothing of text shorter than 12 characters.
fn redact_text(text: &str) -> String {
    let length = text.chars().count();
    if length < TEXT_MIN_CHARS_TO_SHOW {
        return format!("[{length} characters]");
    }
    let head: String = text.chars().take(TEXT_VISIBLE_CHARS).collect();
    format!("{head}… ({length} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_jwt_stops_at_header() {
        assert_eq!(redact_jwt("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", 20), "eyJhbGciOi… (29 characters)");
        assert_eq!(redact_jwt("e30.e30.c2lnbmF0dXJl", 3), "e30… (20 characters)");
    }

    #[test]
    fn redact_text_shows_two_characters() {
        assert_eq!(redact_text("my-client-secret-value"), "my… (22 characters)");
        assert_eq!(redact_text("short"), "[5 characters]");
    }

    #[test]
    fn jwt_fingerprint_hashes_signature() {
        assert_eq!(jwt_fingerprint("e30.e30.c2ln"), secret::fingerprint(b"c2ln"));
        assert_ne!(jwt_fingerprint("e30.e30.c2ln"), jwt_fingerprint("e30.e30.c2lo"));
    }

    #[test]
    fn jwt_fingerprint_without_signature() {
        assert_eq!(jwt_fingerprint("e30.e30."), secret::fingerprint(b"e30.e30."));
    }
}
