//! Splitting and decoding JWTs in compact serialization (`header.claims.signature`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

/// The two decoded JSON parts of a JWT. The signature is never kept.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJwt {
    /// The JOSE header.
    pub header: Value,
    /// The claims set.
    pub claims: Value,
}

impl DecodedJwt {
    /// Decodes `token` as `header.claims.signature` with base64url JSON-object parts, or returns
    /// `None`.
    ///
    /// The signature is not checked: Zoom signs its tokens with a key that only Zoom holds.
    pub fn decode(token: &str) -> Option<DecodedJwt> {
        let [header, claims, _signature] = split(token)?;
        Some(DecodedJwt {
            header: Value::Object(decode_object(header)?),
            claims: Value::Object(decode_object(claims)?),
        })
    }
}

/// Splits a compact JWT into its three parts, or returns `None` unless there are exactly three.
pub(super) fn split(token: &str) -> Option<[&str; 3]> {
    let mut parts = token.split('.');
    let split = [parts.next()?, parts.next()?, parts.next()?];
    match parts.next() {
        Some(_) => None,
        None => Some(split),
    }
}

/// Decodes one base64url part into bytes, tolerating `=` padding that some encoders add.
pub(super) fn decode_base64url(part: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()
}

/// Decodes one base64url part that must hold a JSON object.
pub(super) fn decode_object(part: &str) -> Option<Map<String, Value>> {
    let bytes = decode_base64url(part)?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn decode_three_parts() {
        let token = format!("{}.{}.c2ln", encode(r#"{"alg":"HS512"}"#), encode(r#"{"type":3}"#));
        let jwt = DecodedJwt::decode(&token).unwrap();
        assert_eq!(jwt.header["alg"], "HS512");
        assert_eq!(jwt.claims["type"], 3);
    }

    #[test]
    fn decode_accepts_padding() {
        let token = format!("{}==.{}.c2ln", encode(r#"{"a":1}"#), encode(r#"{"b":2}"#));
        assert!(DecodedJwt::decode(&token).is_some());
    }

    #[test]
    fn decode_rejects_wrong_part_count() {
        let part = encode(r#"{"a":1}"#);
        assert!(DecodedJwt::decode(&format!("{part}.{part}")).is_none());
        assert!(DecodedJwt::decode(&format!("{part}.{part}.x.y")).is_none());
    }

    #[test]
    fn decode_rejects_non_object_parts() {
        let token = format!("{}.{}.c2ln", encode("[1,2]"), encode(r#"{"b":2}"#));
        assert!(DecodedJwt::decode(&token).is_none());
    }

    #[test]
    fn decode_rejects_invalid_base64() {
        assert!(DecodedJwt::decode("e$J.e$J.sig").is_none());
    }
}
