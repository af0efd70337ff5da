//! Validation and percent-encoding of the ids that become path segments.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::quoted;
use crate::{Error, Result};

/// Every byte except the RFC 3986 unreserved characters (`ALPHA / DIGIT / "-" / "." / "_" / "~"`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Maximum id length, in bytes. Zoom ids are 22 characters and emails at most 254.
pub const MAX_ID_BYTES: usize = 256;

/// How many rounds of percent-decoding the dot-segment check undoes, so `%252e%252e` is caught too.
const DECODE_ROUNDS: usize = 3;

/// Checks an id and returns it percent-encoded as one path segment.
///
/// `name` is the argument's name in messages, such as `target.userId`.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty id, surrounding whitespace, control characters (raw or
/// percent-encoded), more than [`MAX_ID_BYTES`] bytes, or a `/`-separated part equal to `.` or
/// `..`, raw or after percent-decoding.
pub fn encode_id(name: &str, id: &str) -> Result<String> {
    validate_id(name, id)?;
    Ok(utf8_percent_encode(id, SEGMENT).to_string())
}

/// Checks an id without encoding it. See [`encode_id`] for the rules.
pub fn validate_id(name: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!("{name} is empty: pass the id exactly as Zoom returned it")));
    }
    if id.trim() != id {
        return Err(Error::invalid_argument(format!(
            "{name} {} has leading or trailing whitespace: remove it, because Zoom ids never contain spaces at either end",
            quoted(&shorten(id))
        )));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(Error::invalid_argument(format!(
            "{name} is {} bytes long, over the {MAX_ID_BYTES}-byte limit: pass the id itself, not a URL or a document",
            id.len()
        )));
    }
    if id.chars().any(char::is_control) {
        return Err(Error::invalid_argument(format!("{name} {} contains control characters: remove them", quoted(&shorten(id)))));
    }

    check_decoded_forms(name, id)
}

/// Rejects dot segments and control characters that appear after one or more rounds of decoding.
fn check_decoded_forms(name: &str, id: &str) -> Result<()> {
    let mut current = id.to_owned();
    for round in 0..=DECODE_ROUNDS {
        if current.split('/').any(|part| part == "." || part == "..") {
            let how = if round == 0 { "" } else { " once percent-decoded" };
            return Err(Error::invalid_argument(format!(
                "{name} {} contains a '.' or '..' path part{how}, which would change the request path: pass the id exactly as Zoom returned it",
                quoted(&shorten(id))
            )));
        }
        if round > 0 && current.chars().any(char::is_control) {
            return Err(Error::invalid_argument(format!(
                "{name} {} contains percent-encoded control characters: pass the id exactly as Zoom returned it",
                quoted(&shorten(id))
            )));
        }

        let decoded = percent_decode_str(&current).decode_utf8_lossy().into_owned();
        if decoded == current {
            break;
        }
        current = decoded;
    }
    Ok(())
}

/// Cuts an id to 64 characters for an error message.
fn shorten(id: &str) -> String {
    let mut short: String = id.chars().take(64).collect();
    if short.len() < id.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(id: &str) -> String {
        encode_id("id", id).unwrap()
    }

    #[test]
    fn encode_keeps_unreserved() {
        assert_eq!(encoded("liU_FZKChYxZcQBIG5ed9j"), "liU_FZKChYxZcQBIG5ed9j");
        assert_eq!(encoded("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(encoded("me"), "me");
    }

    #[test]
    fn encode_reserved_once() {
        assert_eq!(encoded("ana+phone@example.com"), "ana%2Bphone%40example.com");
        assert_eq!(encoded("a/b"), "a%2Fb");
        assert_eq!(encoded("a=b"), "a%3Db");
        assert_eq!(encoded("a b"), "a%20b");
        assert_eq!(encoded("100%"), "100%25");
        assert_eq!(encoded("a%2Fb"), "a%252Fb");
        assert_eq!(encoded("é"), "%C3%A9");
        assert_eq!(encoded("a?b#c"), "a%3Fb%23c");
    }

    #[test]
    fn rejects_empty_and_whitespace() {
        assert!(encode_id("id", "").is_err());
        assert!(encode_id("id", " a").is_err());
        assert!(encode_id("id", "a\t").is_err());
        assert!(encode_id("id", "\u{a0}a").is_err());
    }

    #[test]
    fn rejects_control_characters() {
        assert!(encode_id("id", "a\nb").is_err());
        assert!(encode_id("id", "a\u{0}b").is_err());
        assert!(encode_id("id", "a%0d%0aX").is_err());
    }

    #[test]
    fn rejects_long_ids() {
        assert!(encode_id("id", &"a".repeat(MAX_ID_BYTES)).is_ok());
        assert!(encode_id("id", &"a".repeat(MAX_ID_BYTES + 1)).is_err());
    }

    #[test]
    fn rejects_dot_segments() {
        for id in [".", "..", "../../users", "a/../b", "a/.", "%2e%2e", "%2E%2e/x", "..%2fusers", "%252e%252e", "a%2f..", "%2e"] {
            assert!(encode_id("id", id).is_err(), "{id}");
        }
    }

    #[test]
    fn accepts_dots_inside_parts() {
        assert_eq!(encoded("a..b"), "a..b");
        assert_eq!(encoded("..."), "...");
        assert_eq!(encoded(".a"), ".a");
    }

    #[test]
    fn error_names_argument() {
        let error = encode_id("target.summaryId", "").unwrap_err();
        assert!(error.to_string().starts_with("target.summaryId is empty"));
        assert_eq!(error.code(), "invalid_argument");
    }
}
