//! JWT decoding and the report built from it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::{ScopeSource, TokenInput, TokenKind, TokenReport};
use crate::secret;

/// The two decoded JSON parts of a JWT; the signature is never kept.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJwt {
    /// The JOSE header.
    pub header: Value,
    /// The claims set.
    pub claims: Value,
}

impl DecodedJwt {
    /// Decodes `token` as `header.claims.signature` with base64url JSON parts, or returns `None`.
    pub fn decode(token: &str) -> Option<DecodedJwt> {
        let mut parts = token.split('.');
        let (header, claims, _signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Some(DecodedJwt { header: decode_part(header)?, claims: decode_part(claims)? })
    }
}

fn decode_part(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.is_object().then_some(value)
}

// TODO: replace with the full classifier (legacy JWT apps, SDK signatures, version 6 claim names,
// warnings); this first version only covers what the request builder and classifier read.
pub(super) fn report(input: &TokenInput, now: i64) -> TokenReport {
    let decoded = DecodedJwt::decode(&input.token);
    let claims = decoded.as_ref().map(|jwt| &jwt.claims);
    let claim_str = |name: &str| claims.and_then(|c| c.get(name)).and_then(Value::as_str).map(str::to_owned);
    let claim_int = |name: &str| claims.and_then(|c| c.get(name)).and_then(Value::as_i64);

    let kind = match (decoded.as_ref(), claim_int("type")) {
        (None, _) => TokenKind::NotAJwt,
        (Some(_), Some(3)) => TokenKind::S2sAccess,
        (Some(_), Some(0)) => TokenKind::UserAccess,
        (Some(_), Some(1)) => TokenKind::Refresh,
        (Some(_), _) => TokenKind::ForeignJwt,
    };
    let expires_at = claim_int("exp");
    let response = input.response.as_ref();

    TokenReport {
        kind,
        version: claim_int("ver"),
        client_id: claim_str("iss").and_then(|iss| iss.strip_prefix("zm:cid:").map(str::to_owned)),
        account_id: claim_str("aid"),
        user_id: claim_str("uid"),
        issued_at: claim_int("iat"),
        not_before: claim_int("nbf"),
        expires_at,
        expired: expires_at.is_some_and(|exp| exp <= now),
        seconds_left: expires_at.map(|exp| exp - now),
        scopes: response.and_then(|r| r.scopes()),
        scope_source: if response.and_then(|r| r.scope.as_ref()).is_some() {
            ScopeSource::TokenResponse
        } else {
            ScopeSource::Unknown
        },
        api_url: response.and_then(|r| r.api_url.clone()),
        header: decoded.as_ref().map(|jwt| jwt.header.clone()),
        claims: decoded.map(|jwt| jwt.claims),
        unverified: true,
        redacted: secret::redact(&input.token),
        fingerprint: secret::fingerprint(input.token.as_bytes()),
        warnings: Vec::new(),
    }
}
