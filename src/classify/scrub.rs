//! Removes tokens and secrets from text that the diagnosis quotes (body excerpts, Zoom messages,
//! header values), so no output contains a credential from the input.

use std::borrow::Cow;

use super::envelope::{find, truncate_chars};

const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: they would match ordinary words.
const MIN_SECRET_LEN: usize = 8;

/// Returns the marker that starts with the lower-case `letter`: `bearer`, or a key whose value is a
/// credential in JSON bodies, form bodies and query strings. Each marker has its own first letter.
fn marker_starting_with(letter: u8) -> Option<&'static [u8]> {
    let marker: &'static str = match letter {
        b'b' => "bearer",
        b'a' => "access_token",
        b'r' => "refresh_token",
        b'i' => "id_token",
        b'c' => "client_secret",
        b's' => "secret_token",
        b'p' => "password",
        _ => return None,
    };
    Some(marker.as_bytes())
}

/// Redacts the known secrets of one request and anything shaped like a credential.
#[derive(Clone, Default)]
pub(crate) struct Scrubber {
    secrets: Vec<String>,
    /// The secrets `scrub` searches for to decide whether a text contains any known secret. A
    /// JWT's whole text contains its signature part, so only the signature is searched for.
    probes: Vec<Probe>,
}

/// One secret that `scrub` searches for.
#[derive(Clone)]
struct Probe {
    secret: String,
    /// True when every byte is a token character, so the secret can only occur inside a word of
    /// token characters at least as long as itself.
    token_chars_only: bool,
}

impl Probe {
    fn new(secret: &str) -> Probe {
        Probe { secret: secret.to_owned(), token_chars_only: secret.bytes().all(is_token_char) }
    }

    /// True when `text`, whose longest word of token characters has `longest_word` bytes,
    /// contains this secret.
    fn occurs_in(&self, text: &str, longest_word: usize) -> bool {
        if self.token_chars_only && self.secret.len() > longest_word {
            return false;
        }
        find(text, &self.secret, 0).is_some()
    }
}

impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scrubber {{ {} secrets }}", self.secrets.len())
    }
}

impl Scrubber {
    /// Adds a secret to redact wherever it appears. For a JWT, its signature part is added too, so
    /// a token quoted with a different header or claims is still caught.
    ///
    /// It takes the secret by value and keeps it unless it has surrounding whitespace, because an
    /// access token is about 800 bytes and the caller no longer needs it.
    pub(crate) fn add_secret(&mut self, secret: String) {
        let trimmed_len = secret.trim().len();
        if trimmed_len < MIN_SECRET_LEN {
            return;
        }
        let secret = if trimmed_len == secret.len() { secret } else { secret.trim().to_owned() };

        let signature = secret.rsplit_once('.').map(|(_, signature)| signature).filter(|signature| signature.len() >= MIN_SECRET_LEN);
        if let Some(signature) = signature {
            self.secrets.push(signature.to_owned());
        }
        self.probes.push(Probe::new(signature.unwrap_or(&secret)));
        self.secrets.push(secret);

        // Longer secrets first, so a whole token is replaced before its signature part.
        crate::sort::sort_small_by_key(&mut self.secrets, |secret| std::cmp::Reverse(secret.len()));
    }

    /// Returns `text` with known secrets, JWT-shaped words, `Bearer` credentials and the values of
    /// credential keys replaced by `[redacted]`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        // Most quoted texts contain no secret and no credential key, and then one pass finds the
        // JWT-shaped words. Otherwise each redaction step runs on the output of the one before.
        let Some((jwt_words, longest_word)) = jwt_words_without_markers(text) else {
            return self.scrub_in_steps(text);
        };
        let has_secret = self.probes.iter().any(|probe| probe.occurs_in(text, longest_word));
        if has_secret {
            return self.scrub_in_steps(text);
        }
        splice(text, jwt_words).into_owned()
    }

    /// Redacts the known secrets, then the values after markers, then JWT-shaped words.
    fn scrub_in_steps(&self, text: &str) -> String {
        // Each step borrows until it must replace.
        let mut output = Cow::Borrowed(text);
        for secret in &self.secrets {
            if find(&output, secret, 0).is_some() {
                output = Cow::Owned(output.replace(secret.as_str(), REDACTED));
            }
        }

        let output = redact_after_markers(&output);
        redact_jwt_words(&output).into_owned()
    }

    /// Returns at most `max_chars` characters of `text` with credentials redacted, followed by `…`
    /// when text was cut.
    ///
    /// The scrubber reads past the cut: to the end of the word the cut falls in, and as far as the
    /// longest known secret reaches. So a credential that starts inside the quote is redacted whole,
    /// instead of leaving a part too short to recognise. It reads at most `MAX_LOOKAHEAD` bytes of a
    /// word past the cut.
    pub(crate) fn quote(&self, text: &str, max_chars: usize) -> String {
        let window = self.quote_window(text, max_chars);
        let scrubbed = self.scrub(window);
        cut_quote(&scrubbed, max_chars, window.len() < text.len())
    }

    /// Returns `text` scrubbed whole and its `quote`. A text whose quote window covers all of it
    /// is scrubbed once for both.
    pub(crate) fn scrub_and_quote(&self, text: &str, max_chars: usize) -> (String, String) {
        let scrubbed = self.scrub(text);
        let window = self.quote_window(text, max_chars);
        let quoted = if window.len() == text.len() { cut_quote(&scrubbed, max_chars, false) } else { self.quote(text, max_chars) };
        (scrubbed, quoted)
    }

    /// Returns the start of `text` that `quote` scrubs: `max_chars` characters, then the rest of the
    /// word they cut and the length of the longest known secret.
    fn quote_window<'t>(&self, text: &'t str, max_chars: usize) -> &'t str {
        let head = truncate_chars(text, max_chars);
        let bytes = text.as_bytes();
        let word_limit = head.len().saturating_add(MAX_LOOKAHEAD).min(bytes.len());
        let mut end = head.len();
        while end < word_limit && is_token_char(bytes[end]) {
            end += 1;
        }

        let longest_secret = self.secrets.first().map_or(0, String::len);
        let end = end.max(head.len().saturating_add(longest_secret));
        prefix_bytes(text, end)
    }
}

/// Cuts scrubbed text to `max_chars` characters and appends `…` when text was cut here or before.
fn cut_quote(scrubbed: &str, max_chars: usize, cut_before: bool) -> String {
    let cut = truncate_chars(scrubbed, max_chars);
    let mut quoted = cut.to_owned();
    if cut.len() < scrubbed.len() || cut_before {
        quoted.push('…');
    }
    quoted
}

/// The maximum number of bytes of one word that `Scrubber::quote` reads past its cut. A Zoom access
/// token is under 1 KiB.
const MAX_LOOKAHEAD: usize = 8 * 1024;

/// Returns at most `max` bytes of `text`, cut back to a character boundary.
pub(crate) fn prefix_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// True for the characters of base64url, base64 and JWT text.
fn is_token_char(byte: u8) -> bool {
    TOKEN_CHARS[usize::from(byte)]
}

/// `is_token_char` as a table. The scrubber tests every byte of every quoted text, and at the
/// crate's size-first opt-level a function call per byte cost more than the test itself.
const TOKEN_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let letter = byte as u8;
        table[byte] = letter.is_ascii_alphanumeric() || matches!(letter, b'-' | b'_' | b'.' | b'=' | b'+' | b'/' | b'~');
        byte += 1;
    }
    table
};

/// Replaces the value after `Bearer ` and after each credential key (`access_token=`,
/// `"refresh_token": "`). Markers match in any ASCII case.
fn redact_after_markers(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::new();

    // No marker can overlap itself, so one pass finds the same occurrences as a separate search
    // for each marker. The loop avoids iterator adaptors, which are not inlined at opt-level "z".
    let mut start = 0;
    while start < bytes.len() {
        if let Some(range) = may_start_marker(bytes, start).then(|| marker_value_at(bytes, start)).flatten() {
            ranges.push(range);
        }
        start += 1;
    }
    splice(text, ranges)
}

/// The lower-case second letter of the marker that starts with each byte, in any ASCII case, or 0.
/// The markers' first letters are common in text, so the scans compare two letters before calling
/// `marker_value_at`, which at opt-level "z" is not inlined.
const MARKER_SECOND_LETTERS: [u8; 256] = {
    let mut table = [0; 256];
    let markers: [&[u8]; 7] = [b"bearer", b"access_token", b"refresh_token", b"id_token", b"client_secret", b"secret_token", b"password"];
    let mut index = 0;
    while index < markers.len() {
        let marker = markers[index];
        table[marker[0] as usize] = marker[1];
        table[marker[0].to_ascii_uppercase() as usize] = marker[1];
        index += 1;
    }
    table
};

/// True when a marker may start at `start`: its first two letters match in any ASCII case.
#[inline(always)]
fn may_start_marker(bytes: &[u8], start: usize) -> bool {
    let second = MARKER_SECOND_LETTERS[usize::from(bytes[start])];
    second != 0 && bytes.get(start + 1).is_some_and(|byte| byte.to_ascii_lowercase() == second)
}

/// Returns the range of the credential after a marker that starts at `start`, if one does.
fn marker_value_at(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let marker = marker_starting_with(bytes[start].to_ascii_lowercase())?;
    let word = bytes.get(start..start + marker.len())?;
    if !word.eq_ignore_ascii_case(marker) {
        return None;
    }
    value_range(bytes, start + marker.len())
}

/// Returns the ranges `redact_jwt_words` would replace and the length of the longest word of token
/// characters, or `None` when `text` has a credential after a marker, in one pass over the text.
fn jwt_words_without_markers(text: &str) -> Option<(Vec<(usize, usize)>, usize)> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut longest_word = 0;
    let mut word_start = None;
    let mut index = 0;
    while index < bytes.len() {
        if may_start_marker(bytes, index) && marker_value_at(bytes, index).is_some() {
            return None;
        }
        if is_token_char(bytes[index]) {
            word_start = word_start.or(Some(index));
        } else if let Some(start) = word_start.take() {
            longest_word = longest_word.max(index - start);
            push_if_jwt(text, start, index, &mut ranges);
        }
        index += 1;
    }
    if let Some(start) = word_start {
        longest_word = longest_word.max(bytes.len() - start);
        push_if_jwt(text, start, bytes.len(), &mut ranges);
    }
    Some((ranges, longest_word))
}

/// The length of the shortest word `looks_like_jwt` accepts: a first part of 10 characters
/// (`eyJ` and 7 more, or any 10) and two dots.
const MIN_JWT_WORD: usize = 12;

/// Adds the word `start..end` to `ranges` when it contains JWT-shaped text. Words consist of
/// ASCII token characters, so both ends are character boundaries.
// Inlined, so that the length test skips the call for the short words that most text is made of.
#[inline(always)]
fn push_if_jwt(text: &str, start: usize, end: usize, ranges: &mut Vec<(usize, usize)>) {
    if end - start < MIN_JWT_WORD {
        return;
    }
    if text.get(start..end).is_some_and(looks_like_jwt) {
        ranges.push((start, end));
    }
}

/// Finds the value after a marker: skips quotes, `:`, `=` and spaces, then takes a run of token
/// characters. Returns `None` when there is no run.
fn value_range(bytes: &[u8], marker_end: usize) -> Option<(usize, usize)> {
    let mut start = marker_end;
    while bytes.get(start).is_some_and(|byte| matches!(byte, b'"' | b'\'' | b':' | b'=' | b' ' | b'\t' | b'\\')) {
        start += 1;
    }
    // "Bearer" needs a space before its value, so words such as "bearers" stay.
    if start == marker_end {
        return None;
    }
    let mut end = start;
    while bytes.get(end).is_some_and(|byte| is_token_char(*byte)) {
        end += 1;
    }
    (end > start).then_some((start, end))
}

/// Replaces words that contain JWT-shaped text: three dot-separated parts where the first contains
/// `eyJ` (base64url of `{"`) and 7 more characters, or where every part is at least 10 characters
/// long. Text glued to a JWT, such as `rid=WEB_` or `x.`, does not hide it.
fn redact_jwt_words(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if !is_token_char(bytes[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && is_token_char(bytes[index]) {
            index += 1;
        }
        push_if_jwt(text, start, index, &mut ranges);
    }
    splice(text, ranges)
}

fn looks_like_jwt(word: &str) -> bool {
    let mut dots = 0;
    for byte in word.bytes() {
        dots += usize::from(byte == b'.');
    }
    if dots < 2 {
        return false;
    }

    let parts: Vec<&str> = word.split('.').collect();
    parts.windows(3).any(|window| match window {
        [first, second, third] => starts_like_jwt_header(first) || [first, second, third].iter().all(|part| part.len() >= 10),
        _ => false,
    })
}

/// True when `part` contains `eyJ` followed by at least 7 more characters, as a JWT header does.
fn starts_like_jwt_header(part: &str) -> bool {
    find(part, "eyJ", 0).is_some_and(|start| part.len() - start >= 10)
}

/// Replaces byte ranges (which always start and end on ASCII bytes) with `[redacted]`.
///
/// Expects `ranges` ordered by their start, because every caller scans the text from the start,
/// and skips a range that starts inside an earlier one.
fn splice(text: &str, ranges: Vec<(usize, usize)>) -> Cow<'_, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    debug_assert!(ranges.windows(2).all(|pair| pair[0].0 <= pair[1].0), "ranges must be ordered by start");

    let mut output = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in ranges {
        if start < copied {
            continue;
        }
        output.push_str(text.get(copied..start).unwrap_or(""));
        output.push_str(REDACTED);
        copied = end;
    }
    output.push_str(text.get(copied..).unwrap_or(""));
    Cow::Owned(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzUxMiJ9.eyJ1aWQiOiJ4eHh4eHh4eHh4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

    #[test]
    fn known_secret_and_signature() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret(JWT.to_owned());
        let signature = JWT.rsplit('.').next().unwrap_or_default();
        assert_eq!(scrubber.scrub(&format!("token {JWT} end")), "token [redacted] end");
        assert!(!scrubber.scrub(&format!("sig={signature}")).contains(signature));
    }

    #[test]
    fn secret_inside_longer_word() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret("secretvalue1".to_owned());
        scrubber.add_secret("opaque secret value".to_owned());
        assert_eq!(scrubber.scrub("path/xsecretvalue1y/end"), "path/x[redacted]y/end");
        assert_eq!(scrubber.scrub("secretvalue"), "secretvalue");
        assert_eq!(scrubber.scrub("an opaque secret value here"), "an [redacted] here");
    }

    #[test]
    fn jwt_shaped_words() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub(&format!("bad token: {JWT}.")), "bad token: [redacted]");
        assert_eq!(scrubber.scrub("host api.zoom.us v=2.0"), "host api.zoom.us v=2.0");
    }

    #[test]
    fn shortest_jwt_shaped_word() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub("a eyJ1234567.. b"), "a [redacted] b");
        assert_eq!(scrubber.scrub("a eyJ123456.. b"), "a eyJ123456.. b");
        assert!(!looks_like_jwt("eyJ123456.."));
        assert!(!looks_like_jwt("abcdefghi.."));
    }

    #[test]
    fn jwt_glued_to_other_text() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub(&format!("x.{JWT}")), "[redacted]");
        assert_eq!(scrubber.scrub(&format!("v=2.0;rid=WEB_{JWT}")), "v=2.0;[redacted]");
        assert_eq!(scrubber.scrub("v=2.0;clid=us06;rid=WEB_2c1f8a0e"), "v=2.0;clid=us06;rid=WEB_2c1f8a0e");
    }

    #[test]
    fn quote_redacts_secret_across_cut() {
        let mut scrubber = Scrubber::default();
        let secret = "opaque secret value that is long";
        scrubber.add_secret(secret.to_owned());
        let text = format!("{}{secret} tail", "a ".repeat(5));
        let quoted = scrubber.quote(&text, 14);
        assert_eq!(quoted, "a a a a a [red…");
        assert!(!quoted.contains("opaque"));
    }

    #[test]
    fn quote_redacts_jwt_across_cut() {
        let scrubber = Scrubber::default();
        // The window ends with the word the cut falls in, so the quote ends at the redaction.
        let quoted = scrubber.quote(&format!("token {JWT} end"), 20);
        assert_eq!(quoted, "token [redacted]…");
        let cut = scrubber.quote(&format!("token {JWT} end and more"), 12);
        assert_eq!(cut, "token [redac…");
    }

    #[test]
    fn scrub_and_quote_match_separate_calls() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret("opaque secret value that is long".to_owned());
        let texts = [
            "short".to_owned(),
            format!("Invalid token {JWT} here"),
            format!("{} opaque secret value that is long", "word ".repeat(30)),
            "Bearer x ".repeat(30),
            "é".repeat(250),
        ];
        for text in &texts {
            for max in [5, 14, 200] {
                assert_eq!(scrubber.scrub_and_quote(text, max), (scrubber.scrub(text), scrubber.quote(text, max)), "{text:?} {max}");
            }
        }
    }

    #[test]
    fn one_pass_matches_steps() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret("opaque secret value that is long".to_owned());
        let texts = [
            String::new(),
            "phone:read:ai_call_summary:admin".to_owned(),
            format!("x.{JWT} and {JWT}"),
            format!("access_token={JWT}"),
            "Bearer xyzpassword: hunter2".to_owned(),
            "client_secret_token=abc".to_owned(),
            "Bearer".to_owned(),
            "BEARER abc.def.ghi".to_owned(),
            format!("aaaaaaaaaa.bbbbbbbbbb.cccccccccc é {JWT}"),
            "the opaque secret value that is long, Bearer x".to_owned(),
            "v=2.0;clid=us06;rid=WEB_2c1f8a0e".to_owned(),
            "ü Bearer abc ü password".to_owned(),
        ];
        for text in &texts {
            assert_eq!(scrubber.scrub(text), scrubber.scrub_in_steps(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_matches_steps_on_any_text(text in "(Bearer|password|access_token|secretvalue1|eyJhbGciOiJI|[a-zA-Z0-9]{1,12}|[ .=:\"'_é\\-]){0,24}") {
            let mut scrubber = Scrubber::default();
            scrubber.add_secret("secretvalue1".to_owned());
            proptest::prop_assert_eq!(scrubber.scrub(&text), scrubber.scrub_in_steps(&text));
        }
    }

    #[test]
    fn second_letter_table_matches_markers() {
        for byte in 0..=u8::MAX {
            let expected = marker_starting_with(byte.to_ascii_lowercase()).map_or(0, |marker| marker[1]);
            assert_eq!(MARKER_SECOND_LETTERS[usize::from(byte)], expected, "{byte}");
        }
    }

    #[test]
    fn quote_short_text_unchanged() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.quote("Light", 200), "Light");
        assert_eq!(scrubber.quote("héllo", 2), "hé…");
    }

    #[test]
    fn prefix_bytes_on_char_boundary() {
        assert_eq!(prefix_bytes("héllo", 2), "h");
        assert_eq!(prefix_bytes("hi", 5), "hi");
    }

    #[test]
    fn bearer_values() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub("Authorization: Bearer abc123"), "Authorization: Bearer [redacted]");
        assert_eq!(scrubber.scrub("bearers of news"), "bearers of news");
    }

    #[test]
    fn credential_keys() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub(r#"{"access_token": "opaque-value", "x": 1}"#), r#"{"access_token": "[redacted]", "x": 1}"#);
        assert_eq!(scrubber.scrub("/v2/users?access_token=abc&x=1"), "/v2/users?access_token=[redacted]&x=1");
        assert_eq!(scrubber.scrub("client_secret=s3cr3t"), "client_secret=[redacted]");
    }

    #[test]
    fn short_secrets_are_ignored() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret("abc".to_owned());
        assert_eq!(scrubber.scrub("abc"), "abc");
    }

    #[test]
    fn multibyte_text_survives() {
        let scrubber = Scrubber::default();
        assert_eq!(scrubber.scrub("é Bearer ü"), "é Bearer ü");
        assert_eq!(scrubber.scrub("ü Bearer abc ü"), "ü Bearer [redacted] ü");
    }

    #[test]
    fn padded_secret_is_trimmed() {
        for (padded, trimmed) in [(" opaque secret value \n", "opaque secret value"), ("\u{a0}abc.secretvalue1\t", "abc.secretvalue1")] {
            let mut from_padded = Scrubber::default();
            from_padded.add_secret(padded.to_owned());
            let mut from_trimmed = Scrubber::default();
            from_trimmed.add_secret(trimmed.to_owned());

            assert_eq!(from_padded.secrets, from_trimmed.secrets, "{padded:?}");
            let probes = |scrubber: &Scrubber| scrubber.probes.iter().map(|probe| probe.secret.clone()).collect::<Vec<_>>();
            assert_eq!(probes(&from_padded), probes(&from_trimmed), "{padded:?}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let mut scrubber = Scrubber::default();
        scrubber.add_secret(JWT.to_owned());
        assert!(!format!("{scrubber:?}").contains("eyJ"));
    }
}
