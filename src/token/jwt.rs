//! Splitting and decoding JWTs in compact serialization (`header.claims.signature`).

use serde_json::{Map, Value};

use super::claims::ClaimReader;
use super::kind;
use super::members::{Member, Members, CLAIM_NAMES, HEADER_NAMES};
use super::TokenKind;

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

/// The facts a JWT's claims state about the token, read without keeping the decoded JSON.
///
/// This is the cheap path for callers that need the kind and a few claims but no report: it
/// neither hashes the token nor copies claims it does not read. Malformed claims read as `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSummary {
    /// The kind of credential, as [`crate::token::introspect`] reports it.
    pub kind: TokenKind,
    /// `exp`, epoch seconds.
    pub expires_at: Option<i64>,
    /// The Zoom account ID (`aid`, or `accountId` in version 6 tokens).
    pub account_id: Option<String>,
    /// The Zoom user ID of the token owner (`uid`, or `userId` in version 6 tokens).
    pub user_id: Option<String>,
}

impl JwtSummary {
    /// Decodes `token` and reads its kind, expiry, account and user, or returns `None` unless it
    /// is `header.claims.signature` with base64url JSON-object parts.
    ///
    /// The signature is not checked: Zoom signs its tokens with a key that only Zoom holds.
    pub fn read(token: &str) -> Option<JwtSummary> {
        let [header, claims, _signature] = split(token)?;
        let header_json = decode_part(header)?;
        let header = Members::parse(&header_json, HEADER_NAMES)?;
        let claims_json = decode_part(claims)?;
        let mut claims = Members::parse(&claims_json, CLAIM_NAMES)?;

        let kind = kind::classify(&header, &claims);
        let expires_at = ClaimReader::new(Some(&claims)).time("exp");
        Some(JwtSummary {
            kind,
            expires_at,
            account_id: take_string(&mut claims, &["aid", "accountId"]),
            user_id: take_string(&mut claims, &["uid", "userId"]),
        })
    }
}

/// Removes the first of `names` present in `claims` and returns its value when it is a string,
/// as `ClaimReader::string` reads it.
fn take_string(claims: &mut Members, names: &[&str]) -> Option<String> {
    for name in names {
        if let Some(value) = claims.take(name) {
            return match value {
                Member::Text(text) => Some(text.into_owned()),
                Member::Json(_) => None,
            };
        }
    }
    None
}

/// Decodes one base64url part into its text, which must be UTF-8. A JWT part must also be one
/// JSON object, which the caller checks when it reads the members with [`Members::parse`].
pub(super) fn decode_part(part: &str) -> Option<String> {
    String::from_utf8(decode_base64url(part)?).ok()
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
///
/// Like the base64 crate's `URL_SAFE_NO_PAD`, this rejects a length of 4n+1 and non-zero unused
/// bits in the last character. The crate's general-purpose engine took about 8% of
/// `introspectToken` at opt-level "z", and a loop over single characters took about 5%.
pub(super) fn decode_base64url(part: &str) -> Option<Vec<u8>> {
    decode_base64(part, Alphabet::Url)
}

/// The two base64 alphabets of RFC 4648, which differ in their last two characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Alphabet {
    /// `+` and `/`.
    Standard,
    /// `-` and `_`, as in JWTs.
    Url,
}

/// Decodes base64 in `alphabet` into bytes, with or without `=` padding.
pub(super) fn decode_base64(part: &str, alphabet: Alphabet) -> Option<Vec<u8>> {
    let table = match alphabet {
        Alphabet::Standard => &STANDARD_SEXTETS,
        Alphabet::Url => &URL_SAFE_SEXTETS,
    };
    let sextet = |character: u8| table.get(usize::from(character)).copied().filter(|value| *value < 64).map(u32::from);
    // A byte loop, because `trim_end_matches` with a char runs the generic pattern searcher.
    let mut text = part.as_bytes();
    while let [rest @ .., b'='] = text {
        text = rest;
    }

    // Four characters carry 24 bits, three whole bytes. 2 characters left over carry one byte
    // and 4 unused bits, 3 carry two bytes and 2 unused bits. 1 character carries no whole byte,
    // and no encoder writes it.
    let (rest_bytes, unused_bits) = match text.len() % 4 {
        0 => (0, 0),
        2 => (1, 4),
        3 => (2, 2),
        _ => return None,
    };
    let mut bytes = vec![0u8; text.len() / 4 * 3 + rest_bytes];
    let (body, tail) = bytes.split_at_mut(text.len() / 4 * 3);

    let mut quads = text.chunks_exact(4);
    for (quad, out) in (&mut quads).zip(body.chunks_exact_mut(3)) {
        // One validity test per quad instead of one per character. Valid sextets are below 64 and
        // invalid ones 255, so the bitwise OR of four is below 64 exactly when all are valid.
        let Ok(&[w, x, y, z]) = <&[u8; 4]>::try_from(quad) else {
            return None;
        };
        let (w, x, y, z) = (table[usize::from(w)], table[usize::from(x)], table[usize::from(y)], table[usize::from(z)]);
        if (w | x | y | z) >= 64 {
            return None;
        }
        let bits = u32::from(w) << 18 | u32::from(x) << 12 | u32::from(y) << 6 | u32::from(z);
        if let [first, second, third] = out {
            *first = (bits >> 16) as u8;
            *second = (bits >> 8) as u8;
            *third = bits as u8;
        }
    }

    let mut bits = 0;
    for &character in quads.remainder() {
        bits = bits << 6 | sextet(character)?;
    }
    if bits & ((1 << unused_bits) - 1) != 0 {
        return None;
    }
    let bits = bits >> unused_bits;
    for (index, byte) in tail.iter_mut().rev().enumerate() {
        *byte = (bits >> (8 * index)) as u8;
    }
    Some(bytes)
}

/// The 6-bit value of each byte in the standard alphabet, or 255 for bytes outside it.
static STANDARD_SEXTETS: [u8; 256] = sextet_table(b'+', b'/');

/// The 6-bit value of each byte in the URL-safe alphabet, or 255 for bytes outside it.
static URL_SAFE_SEXTETS: [u8; 256] = sextet_table(b'-', b'_');

/// Builds the sextet table of the alphabet whose last two characters are `char62` and `char63`.
const fn sextet_table(char62: u8, char63: u8) -> [u8; 256] {
    let mut table = [255u8; 256];
    let mut value = 0;
    while value < 26 {
        table[(b'A' + value) as usize] = value;
        table[(b'a' + value) as usize] = value + 26;
        value += 1;
    }
    let mut digit = 0;
    while digit < 10 {
        table[(b'0' + digit) as usize] = digit + 52;
        digit += 1;
    }
    table[char62 as usize] = 62;
    table[char63 as usize] = 63;
    table
}

/// Decodes one base64url part that must hold a JSON object.
fn decode_object(part: &str) -> Option<Map<String, Value>> {
    let bytes = decode_base64url(part)?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

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
    fn summary_reads_kind_and_claims() {
        let claims = r#"{"aud":"https://oauth.zoom.us","type":3,"exp":1764593400,"aid":"a1","userId":"u1"}"#;
        let token = format!("{}.{}.c2ln", encode(r#"{"alg":"HS512"}"#), encode(claims));
        let summary = JwtSummary::read(&token).unwrap();
        assert_eq!(summary.kind, TokenKind::S2sAccess);
        assert_eq!(summary.expires_at, Some(1_764_593_400));
        assert_eq!(summary.account_id.as_deref(), Some("a1"));
        assert_eq!(summary.user_id.as_deref(), Some("u1"));
    }

    #[test]
    fn summary_ids_match_claim_reader() {
        // The first name present decides, even when its value is null or not a string.
        let claim_sets = [
            r#"{"aid":"a1","accountId":"a2","uid":"u1","userId":"u2"}"#,
            r#"{"accountId":"a2","userId":"u2"}"#,
            r#"{"aid":null,"accountId":"a2","uid":5,"userId":"u2"}"#,
            r#"{"aid":["a1"],"uid":{"id":"u1"}}"#,
            r#"{"aid":"a1","aid":"a3"}"#,
            "{}",
        ];
        for claims in claim_sets {
            let token = format!("{}.{}.c2ln", encode(r#"{"alg":"HS512"}"#), encode(claims));
            let summary = JwtSummary::read(&token).unwrap();
            let members = Members::parse(claims, CLAIM_NAMES).unwrap();
            let mut reader = ClaimReader::new(Some(&members));
            assert_eq!(summary.account_id.as_deref(), reader.string(&["aid", "accountId"]), "{claims}");
            assert_eq!(summary.user_id.as_deref(), reader.string(&["uid", "userId"]), "{claims}");
        }
    }

    #[test]
    fn summary_rejects_non_jwt() {
        assert!(JwtSummary::read("my-client-secret-value").is_none());
        assert!(JwtSummary::read(&format!("{}.{}.c2ln", encode("[1]"), encode("{}"))).is_none());
    }

    #[test]
    fn part_keeps_text_as_decoded() {
        let text = "{ \"b\": 1,\n \"alg\": \"HS256\", \"alg\": \"HS512\" }";
        let json = decode_part(&encode(text)).unwrap();
        assert_eq!(json, text);
        let members = Members::parse(&json, HEADER_NAMES).unwrap();
        assert_eq!(members.get("alg").and_then(Member::as_str), Some("HS512"));
    }

    #[test]
    fn part_rejects_invalid_utf8() {
        assert!(decode_part(&URL_SAFE_NO_PAD.encode(b"{\"a\":\"\xff\"}")).is_none());
    }

    #[test]
    fn base64url_matches_base64_crate() {
        // Every string of up to 4 characters over an alphabet of edge values and invalid bytes
        // decodes as the base64 crate decodes it, and so do a long string and a padded one.
        let alphabet = ["A", "B", "P", "Q", "_", "-", "z", "9", "=", ".", "+", "é"];
        let mut inputs = vec![String::new()];
        let mut previous = vec![String::new()];
        for _ in 0..4 {
            previous = previous.iter().flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}"))).collect();
            inputs.extend(previous.iter().cloned());
        }
        inputs.push(URL_SAFE_NO_PAD.encode((0u8..=255).collect::<Vec<u8>>()));
        inputs.push(format!("{}==", URL_SAFE_NO_PAD.encode(b"ab")));

        for input in &inputs {
            let expected = URL_SAFE_NO_PAD.decode(input.trim_end_matches('=')).ok();
            assert_eq!(decode_base64url(input), expected, "{input:?}");
        }
    }

    #[test]
    fn decode_rejects_invalid_base64() {
        assert!(DecodedJwt::decode("e$J.e$J.sig").is_none());
    }
}
