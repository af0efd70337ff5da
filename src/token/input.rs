//! Recognises what a user pasted: a bare token, an `Authorization` header or a token response.

use std::borrow::Cow;

use super::members::{Member, Members};
use crate::text::trim;
use crate::{Error, Result};

/// The token-response members that [`TokenResponse`] reads, in byte order.
const RESPONSE_NAMES: &[&str] = &["access_token", "api_url", "expires_in", "refresh_token", "scope", "token_type"];

/// The fields of a Zoom token-endpoint response that the crate reads.
///
/// Zoom returns `{access_token, token_type, expires_in, scope, api_url}` for every grant, plus
/// `refresh_token` for the authorization-code and refresh grants. `scope` is space-separated.
///
/// Only `access_token` must be a string. The optional fields are read leniently, because people
/// paste responses re-serialised by other tools: `expires_in` may be a number or a numeric string
/// and `scope` a string or an array of strings. A field of any other type reads as `None`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token itself.
    pub access_token: String,
    /// `bearer` in every response seen.
    pub token_type: Option<String>,
    /// Lifetime in seconds (3599 or 3600 in practice).
    pub expires_in: Option<i64>,
    /// Space-separated scopes granted to the token.
    pub scope: Option<String>,
    /// Regional API host, such as `https://api-eu.zoom.us`.
    pub api_url: Option<String>,
    /// Present for user OAuth grants; never printed.
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for TokenResponse {
    // The derived Debug would print both tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("api_url", &self.api_url)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl TokenResponse {
    /// Parses token-response JSON: one object whose `access_token` is a string.
    ///
    /// Returns `None` for other JSON, for invalid JSON and for an object that names a member twice.
    /// Members other than the six read here are skipped.
    pub fn parse(text: &str) -> Option<TokenResponse> {
        Self::from_members(Members::parse_unique(text, RESPONSE_NAMES)?)
    }

    /// Builds the response from the members named in `RESPONSE_NAMES`, or returns `None` unless
    /// `access_token` is a string.
    fn from_members(mut members: Members) -> Option<TokenResponse> {
        let Some(Member::Text(access_token)) = members.take("access_token") else {
            return None;
        };

        Some(TokenResponse {
            access_token: access_token.into_owned(),
            token_type: lenient::string(members.take("token_type")).map(Cow::into_owned),
            expires_in: lenient::seconds(members.get("expires_in")),
            scope: lenient::scope(members.take("scope")).map(Cow::into_owned),
            api_url: lenient::string(members.take("api_url")).map(Cow::into_owned),
            refresh_token: lenient::string(members.take("refresh_token")).map(Cow::into_owned),
        })
    }

    /// Returns the granted scopes, split on whitespace, or `None` when the response had no `scope`.
    pub fn scopes(&self) -> Option<Vec<String>> {
        let scope = self.scope.as_ref()?;
        Some(scope.split_whitespace().map(str::to_owned).collect())
    }
}

/// The parsed input: always a token string, and the token response when one was pasted.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenInput {
    /// The token text with whitespace, quotes and any `Authorization: Bearer` prefix removed.
    pub token: String,
    /// The parsed token response, when the input was one.
    pub response: Option<TokenResponse>,
}

impl std::fmt::Debug for TokenInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInput")
            .field("token", &"[redacted]")
            .field("response", &self.response)
            .finish()
    }
}

impl TokenInput {
    /// Parses a raw token, `Bearer <token>`, `Authorization: Bearer <token>` or token-response JSON.
    ///
    /// Surrounding whitespace, newlines and one pair of matching quotes are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when nothing but whitespace, quotes or a bare `Bearer` is left.
    pub fn parse(input: &str) -> Result<TokenInput> {
        let parsed = BorrowedInput::parse(input)?;
        Ok(TokenInput {
            token: parsed.token.into_owned(),
            response: parsed.response.and_then(TokenResponse::from_members),
        })
    }
}

/// The input as [`TokenInput::parse`] reads it, with the token and the token response's strings
/// borrowed from the input instead of copied, for callers that read only a few fields.
pub(crate) struct BorrowedInput<'a> {
    /// The token, borrowed unless it had escapes in the JSON or wrapped lines had to be joined.
    pub(crate) token: Cow<'a, str>,
    /// The members of the token response, when the input was one.
    response: Option<Members<'a>>,
}

impl<'a> BorrowedInput<'a> {
    /// Parses the input as [`TokenInput::parse`] does.
    ///
    /// # Errors
    ///
    /// The errors of [`TokenInput::parse`].
    pub(crate) fn parse(input: &'a str) -> Result<BorrowedInput<'a>> {
        let text = strip_curl_header_flag(strip_wrapping(input));
        if let Some(parsed) = parse_token_response(text) {
            return Ok(parsed);
        }

        let token = strip_bearer(text);
        if token.is_empty() {
            return Err(Error::invalid_argument(empty_token_message(input)));
        }
        Ok(BorrowedInput { token: join_wrapped_lines(token), response: None })
    }

    /// Removes the token response's `scope` and returns it as [`TokenResponse::scope`] reads it.
    pub(crate) fn take_scope(&mut self) -> Option<Cow<'a, str>> {
        lenient::scope(self.response.as_mut()?.take("scope"))
    }

    /// Removes the token response's `api_url` and returns it as [`TokenResponse::api_url`]
    /// reads it.
    pub(crate) fn take_api_url(&mut self) -> Option<Cow<'a, str>> {
        lenient::string(self.response.as_mut()?.take("api_url"))
    }

    /// Removes the token response's `refresh_token` and returns it as
    /// [`TokenResponse::refresh_token`] reads it.
    pub(crate) fn take_refresh_token(&mut self) -> Option<Cow<'a, str>> {
        lenient::string(self.response.as_mut()?.take("refresh_token"))
    }
}

/// Reads token-response JSON. JSON without a usable `access_token` returns `None`, so that it is
/// reported as text that is not a token instead of being rejected.
fn parse_token_response(text: &str) -> Option<BorrowedInput<'_>> {
    if !text.starts_with('{') {
        return None;
    }

    let members = Members::parse_unique(text, RESPONSE_NAMES)?;
    let Some(Member::Text(access_token)) = members.get("access_token") else {
        return None;
    };
    let token = clean_access_token(access_token);
    if token.is_empty() {
        return None;
    }
    Some(BorrowedInput { token, response: Some(members) })
}

/// Strips and joins a response's `access_token` as a bare token is. A token borrowed from the
/// input stays borrowed from it, so the result outlives the members that contain the token.
fn clean_access_token<'a>(access_token: &Cow<'a, str>) -> Cow<'a, str> {
    match access_token {
        Cow::Borrowed(token) => join_wrapped_lines(strip_wrapping(token)),
        Cow::Owned(token) => Cow::Owned(join_wrapped_lines(strip_wrapping(token)).into_owned()),
    }
}

/// Removes the line breaks and spaces that terminals and mail clients insert into long tokens.
///
/// Only text made of base64 and JWT characters is joined, so a pasted sentence stays as it is and
/// is described as text.
fn join_wrapped_lines(token: &str) -> Cow<'_, str> {
    // One comparison per byte keeps the common case, a token without spaces or control
    // characters, to one fast scan. ASCII whitespace is all at or below b' '.
    let has_space = has_space_or_control(token.as_bytes());
    let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/');
    let wrapped = has_space && token.chars().all(|c| token_char(c) || c.is_whitespace());
    if wrapped {
        Cow::Owned(token.split_whitespace().collect())
    } else {
        Cow::Borrowed(token)
    }
}

/// True when `bytes` contains a byte at or below `b' '`.
///
/// It tests 8 bytes at a time, because a Zoom access token is about 800 bytes and a loop over
/// single bytes took about a fifth of `TokenInput::parse` for a 1.1 KB token response (native
/// release build at opt-level "z").
fn has_space_or_control(bytes: &[u8]) -> bool {
    let mut index = 0;
    while let Some(chunk) = bytes.get(index..index + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if crate::json::has_byte_below(u64::from_le_bytes(chunk), b' ' + 1) {
            return true;
        }
        index += 8;
    }

    // A plain loop for the last bytes, because `Iterator::any` with a closure stays a call per
    // byte at opt-level "z".
    while let Some(&byte) = bytes.get(index) {
        if byte <= b' ' {
            return true;
        }
        index += 1;
    }
    false
}

/// Removes a curl `-H`/`--header` flag, so that `-H 'Authorization: Bearer …'` copied from a
/// command line is read as the header.
fn strip_curl_header_flag(text: &str) -> &str {
    if !text.starts_with('-') {
        return text;
    }
    for flag in ["--header", "-H"] {
        if let Some(rest) = text.strip_prefix(flag) {
            if rest.starts_with(char::is_whitespace) {
                return strip_wrapping(rest);
            }
        }
    }
    text
}

fn empty_token_message(input: &str) -> String {
    if input.trim().is_empty() {
        "the token is empty: pass an access token, an Authorization header or the token endpoint's JSON response".to_owned()
    } else {
        "the input holds no token after 'Bearer': paste the whole header value, 'Bearer ' followed by the token".to_owned()
    }
}

/// Removes surrounding whitespace and matching quotes, repeatedly, so `" 'abc' "` becomes `abc`.
fn strip_wrapping(input: &str) -> &str {
    let mut text = trim(input);
    loop {
        // Testing the first byte spares the generic `strip_prefix` searches for the usual input,
        // which starts with no quote.
        if !matches!(text.as_bytes().first(), Some(b'"' | b'\'' | b'`')) {
            return text;
        }
        let unquoted = ['"', '\'', '`']
            .iter()
            .find_map(|quote| text.strip_prefix(*quote).and_then(|rest| rest.strip_suffix(*quote)));
        match unquoted {
            Some(inner) if text.len() >= 2 => text = trim(inner),
            _ => return text,
        }
    }
}

/// Removes an `Authorization:` header name and a `Bearer` scheme, both case-insensitive.
fn strip_bearer(text: &str) -> &str {
    let mut rest = text;
    if let Some(after) = strip_prefix_ignore_case(rest, "authorization") {
        if let Some(value) = after.trim_start().strip_prefix(':') {
            rest = value.trim_start();
        }
    }

    if let Some(after) = strip_prefix_ignore_case(rest, "bearer") {
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            rest = after;
        }
    }
    strip_wrapping(rest)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Readers that turn a member of an unexpected type into `None` instead of failing.
mod lenient {
    use std::borrow::Cow;

    use serde_json::Value;

    use super::Member;

    pub(super) fn string(value: Option<Member<'_>>) -> Option<Cow<'_, str>> {
        match value? {
            Member::Text(text) => Some(text),
            Member::Json(_) => None,
        }
    }

    pub(super) fn seconds(value: Option<&Member>) -> Option<i64> {
        match value? {
            Member::Json(Value::Number(number)) => number.as_i64().or_else(|| whole_seconds(number.as_f64()?)),
            Member::Text(text) => text.trim().parse::<i64>().ok(),
            Member::Json(_) => None,
        }
    }

    fn whole_seconds(seconds: f64) -> Option<i64> {
        (seconds.is_finite() && seconds.abs() < 1e15).then(|| seconds.floor() as i64)
    }

    pub(super) fn scope(value: Option<Member<'_>>) -> Option<Cow<'_, str>> {
        match value? {
            Member::Text(text) => Some(text),
            Member::Json(Value::Array(items)) => Some(Cow::Owned(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "))),
            Member::Json(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_raw_token() {
        assert_eq!(TokenInput::parse("  abc.def.ghi \n").unwrap().token, "abc.def.ghi");
    }

    #[test]
    fn parse_header_line() {
        let input = TokenInput::parse("Authorization: Bearer abc.def.ghi").unwrap();
        assert_eq!(input.token, "abc.def.ghi");
    }

    #[test]
    fn parse_quoted_bearer() {
        assert_eq!(TokenInput::parse("\"bearer abc\"").unwrap().token, "abc");
    }

    #[test]
    fn parse_token_response() {
        let input = TokenInput::parse(r#"{"access_token":"a.b.c","scope":"x y","api_url":"https://api-eu.zoom.us"}"#).unwrap();
        assert_eq!(input.token, "a.b.c");
        let response = input.response.unwrap();
        assert_eq!(response.scopes().unwrap(), vec!["x", "y"]);
    }

    #[test]
    fn parse_bare_bearer_fails() {
        assert!(TokenInput::parse("Bearer").is_err());
        assert!(TokenInput::parse("Bearer   ").is_err());
    }

    #[test]
    fn parse_blank_fails() {
        assert!(TokenInput::parse(" \n\t").is_err());
        assert!(TokenInput::parse("\"\"").is_err());
    }

    #[test]
    fn parse_curl_header_flag() {
        let input = TokenInput::parse("-H 'Authorization: Bearer abc.def.ghi'").unwrap();
        assert_eq!(input.token, "abc.def.ghi");
    }

    #[test]
    fn parse_joins_wrapped_token() {
        let input = TokenInput::parse("\"abc.de\n  f.ghi\"\n").unwrap();
        assert_eq!(input.token, "abc.def.ghi");
    }

    #[test]
    fn parse_keeps_sentences() {
        assert_eq!(TokenInput::parse("not a token!").unwrap().token, "not a token!");
    }

    #[test]
    fn parse_lenient_response_fields() {
        let text = r#"{"access_token":"a.b.c","expires_in":"3599","scope":["x","y"],"api_url":5}"#;
        let response = TokenInput::parse(text).unwrap().response.unwrap();
        assert_eq!(response.expires_in, Some(3599));
        assert_eq!(response.scope.as_deref(), Some("x y"));
        assert_eq!(response.api_url, None);
    }

    #[test]
    fn space_test_is_exact() {
        // Every byte value at every position of texts of otherwise plain bytes, with lengths on
        // both sides of the 8-byte words.
        for length in 1..=17 {
            for position in 0..length {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; length];
                    bytes[position] = byte;
                    assert_eq!(has_space_or_control(&bytes), byte <= b' ', "{bytes:?}");
                }
            }
        }
        assert!(!has_space_or_control(b""));
    }

    #[test]
    fn wrapping_stripped_as_str_trim_would() {
        // Every pair of edge bytes around a plain middle, and texts of one or two characters,
        // against the same loop written with `str::trim` and no first-byte test.
        fn reference(input: &str) -> &str {
            let mut text = input.trim();
            loop {
                let unquoted = ['"', '\'', '`']
                    .iter()
                    .find_map(|quote| text.strip_prefix(*quote).and_then(|rest| rest.strip_suffix(*quote)));
                match unquoted {
                    Some(inner) if text.len() >= 2 => text = inner.trim(),
                    _ => return text,
                }
            }
        }

        let edges = ["a", "{", " ", "\t", "\u{b}", "\u{c}", "\r", "\n", "\"", "'", "`", "é", "\u{a0}", "\u{1f}", "\u{7f}", ""];
        for first in edges {
            for last in edges {
                for middle in ["", "x", " x ", "' x '"] {
                    let text = format!("{first}{middle}{last}");
                    assert_eq!(strip_wrapping(&text), reference(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn borrowed_input_reads_as_token_input() {
        let texts = [
            "abc.def.ghi",
            "Authorization: Bearer abc.def.ghi",
            r#"{"access_token":"a.b.c","scope":"x y","api_url":"https://api-eu.zoom.us","refresh_token":"r"}"#,
            r#"{"access_token":" 'a.b\nc' ","scope":["x","y",5],"api_url":5,"refresh_token":null}"#,
            r#"{"access_token":"a\u002eb","scope":"x\ty","api_url":"https:\/\/api.zoom.us"}"#,
            r#"{"access_token":"","token_type":"bearer"}"#,
        ];
        for text in texts {
            let owned = TokenInput::parse(text).unwrap();
            let response = owned.response.as_ref();
            let mut borrowed = BorrowedInput::parse(text).unwrap();
            assert_eq!(borrowed.token, owned.token, "{text}");
            assert_eq!(borrowed.take_scope().map(Cow::into_owned), response.and_then(|r| r.scope.clone()), "{text}");
            assert_eq!(borrowed.take_api_url().map(Cow::into_owned), response.and_then(|r| r.api_url.clone()), "{text}");
            let refresh_token = response.and_then(|r| r.refresh_token.clone());
            assert_eq!(borrowed.take_refresh_token().map(Cow::into_owned), refresh_token, "{text}");
        }
    }

    #[test]
    fn borrowed_input_borrows_plain_token() {
        let input = BorrowedInput::parse(r#"{"access_token":"a.b.c","scope":"x"}"#).unwrap();
        assert!(matches!(input.token, Cow::Borrowed("a.b.c")));
    }

    #[test]
    fn response_names_are_sorted() {
        assert!(RESPONSE_NAMES.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn parse_response_rejects_duplicates() {
        assert!(TokenResponse::parse(r#"{"access_token":"a","access_token":"b"}"#).is_none());
        assert!(TokenResponse::parse(r#"{"access_token":"a","x":1,"x":2}"#).is_some());
    }

    #[test]
    fn parse_response_needs_string_token() {
        for text in [r#"{"scope":"x"}"#, r#"{"access_token":5}"#, r#"{"access_token":null}"#, "[1]", r#"{"access_token":"a"} x"#] {
            assert!(TokenResponse::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn parse_response_without_token_is_text() {
        let input = TokenInput::parse(r#"{"access_token":"","token_type":"bearer"}"#).unwrap();
        assert!(input.response.is_none());
        assert!(input.token.starts_with('{'));
    }

    #[test]
    fn debug_hides_tokens() {
        let input = TokenInput::parse(r#"{"access_token":"secret.token.value","refresh_token":"r"}"#).unwrap();
        let printed = format!("{input:?}");
        assert!(!printed.contains("secret.token.value"));
    }
}
