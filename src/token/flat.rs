//! A fast reader for the flat JSON objects that JWT parts and token responses almost always are.
//!
//! In wasm at opt-level "z", reading the token through this path made `classifyFailure` about 2%
//! faster and `introspectToken` about 6% (A/B runs in one Node 20 process, seed case). This reader
//! handles only objects whose values are strings without escapes, non-negative integers below
//! 10^18, `true`, `false` and `null`. It returns `None` for anything else, valid or not, and the
//! caller then parses the text with serde_json, so that both paths accept and reject the same
//! texts and produce the same values.

use std::borrow::Cow;

use serde_json::Value;

use super::members::{Member, Members};

/// Maximum number of digits read as an integer: 18 digits always fit in a `u64`.
const MAX_DIGITS: usize = 18;

/// Reads `text` as a flat JSON object, keeping the members named in `names`, or returns `None`
/// when the text contains anything this reader does not handle. A selected name that occurs twice
/// also returns `None` when `reject_duplicates` is set.
pub(super) fn parse<'a>(text: &'a str, names: &'static [&'static str], reject_duplicates: bool) -> Option<Members<'a>> {
    let mut scanner = Scanner { text, bytes: text.as_bytes(), position: 0 };
    let mut members = Members::for_names(names);

    scanner.expect(b'{')?;
    if scanner.peek() == Some(b'}') {
        scanner.position += 1;
        return scanner.at_end().then_some(members);
    }
    loop {
        let name = scanner.string()?;
        scanner.expect(b':')?;
        let selected = super::members::select(names, name);
        let value = scanner.value()?;
        if let Some(name) = selected {
            let first = members.insert(name, value);
            if !first && reject_duplicates {
                return None;
            }
        }

        match scanner.next_byte()? {
            b',' => continue,
            b'}' => return scanner.at_end().then_some(members),
            _ => return None,
        }
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
}

// The per-byte helpers are marked `#[inline(always)]` because opt-level "z" leaves them as calls,
// which cost about a sixth of the time to read the claims in a native release build.
impl<'a> Scanner<'a> {
    /// Skips JSON whitespace and returns the next byte without consuming it.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.position) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.position += 1;
        }
        None
    }

    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
    }

    #[inline(always)]
    fn expect(&mut self, expected: u8) -> Option<()> {
        (self.next_byte()? == expected).then_some(())
    }

    #[inline(always)]
    fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// Reads a string without escapes or control characters and returns its contents.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.position;
        let end = find_special_byte(self.bytes, start)?;
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }

        // Both ends are next to an ASCII quote, so they are character boundaries and slicing the
        // text needs no UTF-8 check.
        let contents = self.text.get(start..end)?;
        self.position = end + 1;
        Some(contents)
    }

    /// Reads a value. A string borrows its text, so an unselected one costs nothing to build.
    #[inline(always)]
    fn value(&mut self) -> Option<Member<'a>> {
        match self.peek()? {
            b'"' => Some(Member::Text(Cow::Borrowed(self.string()?))),
            b'0'..=b'9' => self.integer().map(Member::Json),
            _ => self.literal().map(Member::Json),
        }
    }

    /// Reads a non-negative integer without a leading zero, fraction or exponent.
    #[inline(always)]
    fn integer(&mut self) -> Option<Value> {
        let start = self.position;
        let mut value: u64 = 0;
        while let Some(&byte) = self.bytes.get(self.position) {
            if !byte.is_ascii_digit() {
                break;
            }
            value = value * 10 + u64::from(byte - b'0');
            self.position += 1;
            if self.position - start > MAX_DIGITS {
                return None;
            }
        }

        let leading_zero = self.position - start > 1 && self.bytes.get(start) == Some(&b'0');
        let fraction_or_exponent = matches!(self.bytes.get(self.position), Some(b'.' | b'e' | b'E'));
        (!leading_zero && !fraction_or_exponent).then_some(Value::from(value))
    }

    #[inline(always)]
    fn literal(&mut self) -> Option<Value> {
        let rest = self.bytes.get(self.position..)?;
        let (length, value) = if rest.starts_with(b"true") {
            (4, Value::Bool(true))
        } else if rest.starts_with(b"false") {
            (5, Value::Bool(false))
        } else if rest.starts_with(b"null") {
            (4, Value::Null)
        } else {
            return None;
        };
        self.position += length;
        Some(value)
    }
}

/// Returns the index of the first quote, backslash or control byte at or after `position`, or
/// `None` when the text ends first.
///
/// It tests 8 bytes at a time, because the access token's string is most of a token response,
/// about 800 bytes. It takes the index from the mask's lowest set bit instead of testing the last
/// word's bytes one by one, because most other strings end within their first 8 bytes. It takes
/// the position instead of `&mut Scanner`, because a call that borrows the scanner keeps the
/// scanner in the wasm stack's memory instead of in locals for the whole parse.
fn find_special_byte(bytes: &[u8], mut position: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(position..position + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let mask = crate::json::quote_backslash_or_control_mask(u64::from_le_bytes(chunk));
        if mask != 0 {
            return Some(position + (mask.trailing_zeros() / 8) as usize);
        }
        position += 8;
    }

    // The last bytes, which do not fill a word.
    while let Some(&byte) = bytes.get(position) {
        if matches!(byte, b'"' | b'\\' | 0..=0x1f) {
            return Some(position);
        }
        position += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["a", "exp", "iss"];

    /// Texts the fast reader handles, with the serde_json result they must match.
    const FLAT: &[&str] = &[
        "{}",
        " { } ",
        r#"{"iss":"zm:cid:a","sid":"x","exp":5}"#,
        "{\n \"exp\" : 0 ,\t\"a\":true,\"b\":false,\"iss\":null}",
        r#"{"exp":1,"exp":2}"#,
        r#"{"a":"é ü","exp":999999999999999999}"#,
    ];

    /// Texts the fast reader leaves to serde_json: valid ones and invalid ones.
    const OTHER: &[&str] = &[
        r#"{"a":"x\"y"}"#, r#"{"\u0061":1}"#, r#"{"a":1.5}"#, r#"{"a":1e3}"#, r#"{"a":-1}"#, r#"{"a":-0}"#,
        r#"{"a":[1]}"#, r#"{"a":{}}"#, r#"{"a":1234567890123456789}"#, r#"{"a":01}"#, r#"{"a":1,}"#,
        r#"{"a":tru}"#, r#"{"a":1} x"#, r#"{"a":"x"#, "{\"a\":\"\t\"}", "[1]", "", "{", r#"{"a" 1}"#,
        r#"{"a":truex}"#, r#"{"a":1"b":2}"#,
    ];

    #[test]
    fn flat_objects_match_serde_path() {
        for text in FLAT {
            let fast = parse(text, NAMES, false);
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, Members::parse_with_serde(text, NAMES, false), "{text}");
        }
    }

    #[test]
    fn other_texts_are_left_to_serde() {
        for text in OTHER {
            assert_eq!(parse(text, NAMES, false), None, "{text}");
        }
    }

    #[test]
    fn string_end_test_is_exact() {
        // Every byte value at every position of a word of otherwise plain bytes.
        for position in 0..8 {
            for byte in 0..=u8::MAX {
                let mut bytes = *b"abcdefgh";
                bytes[position] = byte;
                let expected = bytes.iter().any(|byte| matches!(byte, b'"' | b'\\' | 0..=0x1f));
                assert_eq!(crate::json::has_quote_backslash_or_control(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn special_byte_found_at_exact_index() {
        // Every byte value at every position of texts of plain bytes, with lengths on both sides
        // of the 8-byte words. A second special byte after the first checks that a borrow in the
        // mask never marks a later byte first.
        let special = |byte: &u8| matches!(byte, b'"' | b'\\' | 0..=0x1f);
        for length in 1..=17 {
            for position in 0..length {
                for byte in 0..=u8::MAX {
                    for follower in [None, Some(b'"'), Some(0x1f), Some(0)] {
                        let mut bytes = vec![b'a'; length];
                        bytes[position] = byte;
                        if let (Some(follower), Some(next)) = (follower, bytes.get_mut(position + 1)) {
                            *next = follower;
                        }
                        let expected = bytes.iter().position(special);
                        assert_eq!(find_special_byte(&bytes, 0), expected, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn long_strings_stop_at_any_position() {
        let long = "x".repeat(37);
        let text_with = |inserted: &str, cut: usize| format!(r#"{{"a":"{}{inserted}{}","exp":1}}"#, &long[..cut], &long[cut..]);
        for cut in [0, 7, 8, 9, 16, 36, 37] {
            let plain = text_with("é", cut);
            let fast = parse(&plain, NAMES, false);
            assert!(fast.is_some(), "{plain}");
            assert_eq!(fast, Members::parse_with_serde(&plain, NAMES, false), "{plain}");

            let escaped = text_with(r#"\""#, cut);
            assert_eq!(parse(&escaped, NAMES, false), None, "{escaped}");
            assert!(Members::parse_with_serde(&escaped, NAMES, false).is_some(), "{escaped}");

            let control = text_with("\t", cut);
            assert_eq!(parse(&control, NAMES, false), None, "{control}");
        }
    }

    #[test]
    fn duplicates_rejected_when_unique() {
        assert_eq!(parse(r#"{"exp":1,"exp":2}"#, NAMES, true), None);
        assert!(parse(r#"{"sid":1,"sid":2,"exp":3}"#, NAMES, true).is_some());
    }

    #[test]
    fn zoom_token_parts_are_flat() {
        let header = r#"{"sv":"000001","alg":"HS512","v":"2.0","kid":"2da0ce65-317d-af02-1379-18ceff902831"}"#;
        let claims = r#"{"ver":10,"auid":"287ab458","code":"wOPJgGue5","iss":"zm:cid:-UAdtXqXePEMtRG8neDjda","gno":0,"type":3,"aud":"https://oauth.zoom.us","uid":"liU_FZKChYxZcQBIG5ed9j","nbf":1764589800,"exp":1764593400,"iat":1764589800,"aid":"-BtKaWMavWqCvJvXwB7zZA"}"#;
        let header_names = super::super::members::HEADER_NAMES;
        let claim_names = super::super::members::CLAIM_NAMES;
        assert_eq!(parse(header, header_names, false), Members::parse_with_serde(header, header_names, false));
        assert!(parse(header, header_names, false).is_some());
        assert_eq!(parse(claims, claim_names, false), Members::parse_with_serde(claims, claim_names, false));
        assert!(parse(claims, claim_names, false).is_some());
    }
}
