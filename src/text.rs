//! String helpers shared by the token reader and the failure classifier.

/// Returns `text` without leading and trailing whitespace, as `str::trim` does.
///
/// Most texts trimmed here have none, and this returns them after testing two bytes, because at
/// the crate's size-first opt-level `str::trim` decodes a character at each end through a
/// searcher that costs more than the rest of the test.
pub(crate) fn trim(text: &str) -> &str {
    // An ASCII letter, digit or punctuation mark is never whitespace.
    let is_graphic = |byte: Option<&u8>| byte.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if is_graphic(bytes.first()) && is_graphic(bytes.last()) {
        return text;
    }
    text.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_matches_str_trim() {
        let texts = ["", " ", "\t\n\u{b}\u{c}\r x \r\n", "x", "ab", " a b ", "\u{a0}x\u{a0}", "x\u{2028}", "é ", " é", "\u{85}", "\u{1f}a\u{1f}"];
        for text in texts {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
