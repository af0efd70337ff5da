//! Reads a response body in any envelope Zoom or its edge sends: `{code, message[, errors]}`,
//! Contact Center's `{status, errorCode}`, the token endpoint's `{reason, error}`, HTML gateway
//! pages, plain text and empty bodies. JSON whose fields have unexpected types is read leniently.

use serde_json::{Map, Value};

use super::scrub::prefix_bytes;
use crate::text::trim;

/// The maximum number of bytes read of a body that is not JSON. HTML error pages put their title
/// in the first few hundred bytes.
const MAX_TEXT_BODY: usize = 64 * 1024;

/// The maximum number of bytes kept of each text field of a JSON body (`message`, `reason`,
/// `error`). Zoom's messages are under 500 bytes, and the cap bounds the phrase matching, scrubbing
/// and quoting on hostile input.
const MAX_FIELD_TEXT: usize = 8 * 1024;

/// The summary fields of a `getUserAICallSummary` response that carry text.
pub(crate) const SUMMARY_TEXT_FIELDS: [&str; 3] = ["call_summary", "next_steps", "detailed_summary"];

/// The form of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyForm {
    /// Nothing but whitespace.
    Empty,
    /// A JSON object.
    JsonObject,
    /// JSON that is not an object (array, string, number).
    JsonOther,
    /// An HTML page, typically from a gateway or CDN.
    Html,
    /// Anything else.
    Text,
}

/// The filled fields of an AI call summary response, without their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SummaryContent {
    /// The text fields that are present and not blank.
    pub(crate) filled: Vec<&'static str>,
    /// True when the body also has `ai_call_summary_id`.
    pub(crate) has_id: bool,
    /// The `deleted` flag, when present.
    pub(crate) deleted: bool,
}

/// The signals read from a response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    /// The form of the body.
    pub(crate) form: BodyForm,
    /// Zoom's error code: `code`, or `errorCode` in Contact Center's envelope.
    pub(crate) code: Option<i64>,
    /// Zoom's error message: `message`, `errorMessage` or `error_description`.
    pub(crate) message: Option<String>,
    /// The OAuth `error` field of the token endpoint's envelope.
    pub(crate) oauth_error: Option<String>,
    /// The token endpoint's `reason` field.
    pub(crate) reason: Option<String>,
    /// Field names from a validation error's `errors` list.
    pub(crate) error_fields: Vec<String>,
    /// True when the envelope has `"status": false`.
    pub(crate) status_false: bool,
    /// The page title of an HTML body.
    pub(crate) html_title: Option<String>,
    /// The summary fields, when the body looks like an AI call summary.
    pub(crate) summary: Option<SummaryContent>,
    /// The scopes a missing-scope message lists (`does not contain scopes:[a, b]`), as received.
    pub(crate) missing_scopes: Option<Vec<String>>,
    /// Text that rules match phrases against, with ASCII letters lower-cased: the message, the
    /// reason, or the whole body when it is plain text. Zoom's messages are English, and ASCII
    /// lower-casing spares the wasm module the Unicode case tables.
    pub(crate) match_text: String,
}

impl Envelope {
    /// Reads `body`. `content_type` is the response's `Content-Type` header, when present.
    ///
    /// A JSON body is parsed whole, because a cut one would not parse and would lose its code. The
    /// parse is linear in the body's length, and each text field is cut to `MAX_FIELD_TEXT`. Other
    /// bodies are read to `MAX_TEXT_BODY` bytes.
    pub(crate) fn parse(body: &str, content_type: Option<&str>) -> Envelope {
        let trimmed = trim(body);
        if trimmed.is_empty() {
            return Envelope::empty(BodyForm::Empty);
        }

        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            match serde_json::from_slice::<Value>(trimmed.as_bytes()) {
                Ok(Value::Object(object)) => return Envelope::from_object(object),
                Ok(_) => return Envelope::empty(BodyForm::JsonOther),
                Err(_) => {}
            }
        }

        let head = prefix_bytes(trimmed, MAX_TEXT_BODY);
        if looks_like_html(head, content_type) {
            return Envelope::from_html(head);
        }
        Envelope::from_text(head)
    }

    /// True when the body carries an error signal (a code, an OAuth error or `status: false`).
    pub(crate) fn reports_error(&self) -> bool {
        self.code.is_some() || self.oauth_error.is_some() || self.status_false
    }

    /// True when the lower-cased match text contains `phrase`, which must be lower case.
    pub(crate) fn has_phrase(&self, phrase: &str) -> bool {
        find(&self.match_text, phrase, 0).is_some()
    }

    fn empty(form: BodyForm) -> Envelope {
        Envelope {
            form,
            code: None,
            message: None,
            oauth_error: None,
            reason: None,
            error_fields: Vec::new(),
            status_false: false,
            html_title: None,
            summary: None,
            missing_scopes: None,
            match_text: String::new(),
        }
    }

    /// Reads a parsed JSON object. Text fields are taken out of the map instead of copied,
    /// because the map is dropped afterwards. They are swapped for empty values rather than
    /// removed, because `BTreeMap::remove` added about 2 KB to the `gzip -9` size of the wasm
    /// that scripts/build-pkg.sh builds.
    fn from_object(mut object: Map<String, Value>) -> Envelope {
        let mut envelope = Envelope::empty(BodyForm::JsonObject);

        // Some gateways nest the error: {"error": {"code": ..., "message": ...}}. A string `error`
        // is the token endpoint's OAuth error instead.
        let mut nested = match object.get_mut("error") {
            Some(Value::Object(inner)) => Some(std::mem::take(inner)),
            Some(Value::String(error)) => {
                envelope.oauth_error = Some(cut_field(std::mem::take(error)));
                None
            }
            _ => None,
        };
        let source = nested.as_mut().unwrap_or(&mut object);

        envelope.code = read_code(source.get("code")).or_else(|| read_code(source.get("errorCode")));
        envelope.message = ["message", "errorMessage", "error_description"]
            .iter()
            .find_map(|name| take_text(source, name));
        envelope.error_fields = read_error_fields(source.get("errors"));
        envelope.reason = take_text(&mut object, "reason");
        envelope.status_false = object.get("status") == Some(&Value::Bool(false));
        envelope.summary = read_summary(&object);

        let phrases = [envelope.message.as_deref(), envelope.reason.as_deref(), envelope.oauth_error.as_deref()];
        envelope.match_text = lower_case_joined(phrases);
        envelope.missing_scopes = envelope.message.as_deref().and_then(missing_scopes);
        envelope
    }

    fn from_html(body: &str) -> Envelope {
        let mut envelope = Envelope::empty(BodyForm::Html);
        envelope.html_title = html_title(body);
        envelope.match_text = envelope.html_title.as_deref().unwrap_or("").to_ascii_lowercase();
        envelope
    }

    fn from_text(body: &str) -> Envelope {
        let mut envelope = Envelope::empty(BodyForm::Text);
        envelope.match_text = truncate_chars(body, 1000).to_ascii_lowercase();
        envelope.missing_scopes = missing_scopes(body);
        envelope
    }
}

/// Reads the scope list of Zoom's missing-scope message, with or without a space before `[`, with
/// or without the brackets, and with or without a trailing period.
fn missing_scopes(message: &str) -> Option<Vec<String>> {
    let marker = "does not contain scope";
    let after_marker = find_ignore_ascii_case(message, marker)? + marker.len();
    let rest = trim_start_bytes(trim_start_bytes(message.get(after_marker..)?, b"sS"), b": ");

    let list = match rest.strip_prefix('[') {
        Some(inside) => &inside[..find(inside, "]", 0).unwrap_or(inside.len())],
        None => rest.trim_end().trim_end_matches('.'),
    };
    Some(split_scopes(list))
}

/// Removes the leading bytes of `text` that are in `set`, which must be ASCII. It scans bytes
/// because `trim_start_matches` with a `char` array decodes each character.
fn trim_start_bytes<'a>(text: &'a str, set: &[u8]) -> &'a str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && set.contains(&bytes[start]) {
        start += 1;
    }
    &text[start..]
}

/// Splits a scope list at commas and ASCII spaces, tabs and newlines, dropping quotes and periods
/// around each scope. The separators are ASCII, so a byte scan finds them without decoding
/// characters.
fn split_scopes(list: &str) -> Vec<String> {
    let bytes = list.as_bytes();
    let mut scopes = Vec::new();
    let (mut start, mut index) = (0, 0);
    while index <= bytes.len() {
        let at_end = match bytes.get(index) {
            Some(byte) => matches!(byte, b',' | b' ' | b'\t' | b'\n'),
            None => true,
        };
        if at_end {
            let scope = trim_quotes(trim(&list[start..index]));
            if !scope.is_empty() {
                scopes.push(scope.to_owned());
            }
            start = index + 1;
        }
        index += 1;
    }
    scopes
}

/// Reads a code written as a number (`124`, `124.0`) or a numeric string (`"124"`).
fn read_code(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().filter(|float| float.fract() == 0.0 && float.abs() < 1e15).map(|float| float as i64)),
        Value::String(text) => trim(text).parse().ok(),
        _ => None,
    }
}

/// Joins the present phrases with spaces and lower-cases ASCII letters, in one allocation.
fn lower_case_joined(phrases: [Option<&str>; 3]) -> String {
    let length: usize = phrases.iter().flatten().map(|phrase| phrase.len() + 1).sum();
    let mut text = String::with_capacity(length);
    for (position, phrase) in phrases.into_iter().flatten().enumerate() {
        if position > 0 {
            text.push(' ');
        }
        text.push_str(phrase);
    }
    text.make_ascii_lowercase();
    text
}

/// Cuts a text field to `MAX_FIELD_TEXT` bytes in place.
fn cut_field(mut text: String) -> String {
    let end = prefix_bytes(&text, MAX_FIELD_TEXT).len();
    text.truncate(end);
    text
}

/// Reads the field `name` as a message: a non-blank string, taken out of the map, or a number or
/// boolean rendered as text.
fn take_text(object: &mut Map<String, Value>, name: &str) -> Option<String> {
    match object.get_mut(name)? {
        Value::String(text) if !trim(text).is_empty() => Some(cut_field(std::mem::take(text))),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The maximum number of field names read from a validation error's `errors` list.
const MAX_ERROR_FIELDS: usize = 20;

fn read_error_fields(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| item.get("field").and_then(Value::as_str))
        .take(MAX_ERROR_FIELDS)
        .map(|field| prefix_bytes(field, MAX_FIELD_TEXT).to_owned())
        .collect()
}

/// Reads the summary fields without copying their text, which belongs to the call's participants.
fn read_summary(object: &Map<String, Value>) -> Option<SummaryContent> {
    let has_id = object.contains_key("ai_call_summary_id");
    let has_text_field = SUMMARY_TEXT_FIELDS.iter().any(|name| object.contains_key(*name));
    if !has_id && !has_text_field {
        return None;
    }

    let filled = SUMMARY_TEXT_FIELDS
        .iter()
        .copied()
        .filter(|name| object.get(*name).is_some_and(is_filled))
        .collect();
    let deleted = object.get("deleted") == Some(&Value::Bool(true));
    Some(SummaryContent { filled, has_id, deleted })
}

/// True for a non-blank string, a non-empty array or object, and any number or `true`.
fn is_filled(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(text) => !trim(text).is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        Value::Bool(true) | Value::Number(_) => true,
    }
}

fn looks_like_html(body: &str, content_type: Option<&str>) -> bool {
    if content_type.is_some_and(|value| find_ignore_ascii_case(value, "html").is_some()) {
        return true;
    }
    if !body.starts_with('<') {
        return false;
    }
    let head = truncate_chars(body, 512);
    ["<html", "<!doctype", "<head", "<body", "<title", "<center", "<h1"]
        .iter()
        .any(|tag| find_ignore_ascii_case(head, tag).is_some())
}

fn html_title(body: &str) -> Option<String> {
    // The tags are found in any ASCII case without a lower-cased copy of the body, which may be
    // 64 KiB.
    let start = find_ignore_ascii_case(body, "<title")?;
    let open_end = find(body, ">", start)? + 1;
    let close = open_end + find_ignore_ascii_case(body.get(open_end..)?, "</title")?;

    let mut title = String::new();
    for word in body.get(open_end..close)?.split_whitespace() {
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        return None;
    }
    let end = truncate_chars(&title, 120).len();
    title.truncate(end);
    Some(title)
}

/// Returns the byte index of the first `needle` in `haystack` at or after `from`.
///
/// The texts searched here are short, so a scan that compares from each matching first byte is
/// faster than `str::find`, whose searcher preprocesses the needle on every call.
pub(crate) fn find(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    let last_offset = needle.len() - 1;
    let last = needle[last_offset];
    let last_start = haystack.len().checked_sub(needle.len())?;

    // A plain loop: at the crate's size-first opt-level, iterator adaptors with closures are not
    // inlined and cost a call per byte. The phrases start with common letters, so comparing the
    // last byte too skips most calls to `memcmp`, which is a call and a byte loop in wasm.
    let mut start = from;
    while start <= last_start {
        if haystack[start] == first && haystack[start + last_offset] == last && haystack.get(start..start + needle.len()) == Some(needle) {
            return Some(start);
        }
        start += 1;
    }
    None
}

/// Returns the byte offset of the first match of `needle`, which must be lower case, in `haystack`
/// in any ASCII case. This spares a lower-cased copy of the haystack.
fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    let last_offset = needle.len() - 1;
    let last = needle[last_offset];
    let last_start = haystack.len().checked_sub(needle.len())?;

    // Comparing the last byte too skips most full comparisons, as in `find`.
    let mut start = 0;
    while start <= last_start {
        let matches = haystack[start].to_ascii_lowercase() == first
            && haystack[start + last_offset].to_ascii_lowercase() == last
            && matches_lower_case_at(haystack, start, needle);
        if matches {
            return Some(start);
        }
        start += 1;
    }
    None
}

/// True when `haystack` from `start` equals `needle`, which must be lower case, in any ASCII case.
/// It is a plain loop because at opt-level "z" `eq_ignore_ascii_case` costs more than this scan.
fn matches_lower_case_at(haystack: &[u8], start: usize, needle: &[u8]) -> bool {
    let Some(word) = haystack.get(start..start + needle.len()) else {
        return false;
    };
    let mut index = 0;
    while index < needle.len() {
        if word[index].to_ascii_lowercase() != needle[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Removes quotes and periods from both ends of `text`.
fn trim_quotes(text: &str) -> &str {
    let bytes = text.as_bytes();
    let is_quote = |byte: u8| matches!(byte, b'"' | b'\'' | b'.');
    let mut start = 0;
    while start < bytes.len() && is_quote(bytes[start]) {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && is_quote(bytes[end - 1]) {
        end -= 1;
    }
    text.get(start..end).unwrap_or("")
}

/// Returns at most `max` characters of `text`, cut on a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> &str {
    // A text of at most `max` bytes has at most `max` characters, so most texts need no scan.
    if text.len() <= max {
        return text;
    }

    // Counts the bytes that start a character (all but UTF-8 continuation bytes) instead of
    // decoding each character.
    let mut count = 0;
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if byte & 0xC0 == 0x80 {
            continue;
        }
        if count == max {
            return text.get(..index).unwrap_or(text);
        }
        count += 1;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_envelope() {
        let envelope = Envelope::parse(r#"{"code": 124, "message": "Invalid access token."}"#, None);
        assert_eq!(envelope.form, BodyForm::JsonObject);
        assert_eq!(envelope.code, Some(124));
        assert_eq!(envelope.message.as_deref(), Some("Invalid access token."));
        assert!(envelope.has_phrase("invalid access token"));
        assert!(envelope.reports_error());
    }

    #[test]
    fn contact_center_envelope() {
        let envelope = Envelope::parse(r#"{"status": false, "errorCode": 401}"#, None);
        assert_eq!(envelope.code, Some(401));
        assert!(envelope.status_false);
        assert_eq!(envelope.message, None);
    }

    #[test]
    fn token_endpoint_envelope() {
        let envelope = Envelope::parse(r#"{"reason": "unsupported grant type", "error": "unsupported_grant_type"}"#, None);
        assert_eq!(envelope.oauth_error.as_deref(), Some("unsupported_grant_type"));
        assert_eq!(envelope.reason.as_deref(), Some("unsupported grant type"));
        assert!(envelope.has_phrase("unsupported grant type"));
    }

    #[test]
    fn nested_error_object() {
        let envelope = Envelope::parse(r#"{"error": {"code": "429", "message": "Too many"}}"#, None);
        assert_eq!(envelope.code, Some(429));
        assert_eq!(envelope.oauth_error, None);
        assert_eq!(envelope.message.as_deref(), Some("Too many"));
    }

    #[test]
    fn wrong_types_are_tolerated() {
        let envelope = Envelope::parse(r#"{"code": "124", "message": 42, "errors": "x"}"#, None);
        assert_eq!(envelope.code, Some(124));
        assert_eq!(envelope.message.as_deref(), Some("42"));
        assert!(envelope.error_fields.is_empty());

        let envelope = Envelope::parse(r#"{"code": 104.0, "message": null}"#, None);
        assert_eq!(envelope.code, Some(104));
        assert_eq!(envelope.message, None);

        let envelope = Envelope::parse(r#"{"code": [1], "message": {"a": 1}}"#, None);
        assert_eq!(envelope.code, None);
        assert_eq!(envelope.message, None);
    }

    #[test]
    fn validation_error_fields() {
        let envelope = Envelope::parse(r#"{"code": 300, "message": "Validation Failed.", "errors": [{"field": "userId", "message": "Invalid field."}]}"#, None);
        assert_eq!(envelope.error_fields, vec!["userId".to_owned()]);
    }

    #[test]
    fn html_gateway_page() {
        let body = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
        let envelope = Envelope::parse(body, None);
        assert_eq!(envelope.form, BodyForm::Html);
        assert_eq!(envelope.html_title.as_deref(), Some("502 Bad Gateway"));
    }

    #[test]
    fn html_by_content_type() {
        let envelope = Envelope::parse("Service Unavailable", Some("text/html; charset=utf-8"));
        assert_eq!(envelope.form, BodyForm::Html);
        assert_eq!(envelope.html_title, None);
    }

    #[test]
    fn plain_text_and_empty() {
        let envelope = Envelope::parse("  Invalid access token  ", None);
        assert_eq!(envelope.form, BodyForm::Text);
        assert!(envelope.has_phrase("invalid access token"));
        assert_eq!(Envelope::parse(" \n", None).form, BodyForm::Empty);
        assert_eq!(Envelope::parse("[1, 2]", None).form, BodyForm::JsonOther);
        assert_eq!(Envelope::parse("{not json", None).form, BodyForm::Text);
    }

    #[test]
    fn summary_fields_without_text() {
        let envelope = Envelope::parse(r#"{"ai_call_summary_id": "x", "call_summary": "  ", "next_steps": null}"#, None);
        let summary = envelope.summary.expect("summary fields are present");
        assert!(summary.filled.is_empty());
        assert!(summary.has_id);

        let envelope = Envelope::parse(r#"{"call_summary": "talked", "detailed_summary": ""}"#, None);
        assert_eq!(envelope.summary.expect("summary fields are present").filled, vec!["call_summary"]);
    }

    #[test]
    fn missing_scope_lists() {
        let spaced = Envelope::parse(r#"{"code": 104, "message": "Invalid access token, does not contain scopes: [phone:read:ai_call_summary:master]."}"#, None);
        assert_eq!(spaced.missing_scopes, Some(vec!["phone:read:ai_call_summary:master".to_owned()]));

        let unspaced = Envelope::parse(r#"{"code": 4711, "message": "Invalid access token, does not contain scopes:[contact:read:list_contacts, contact:read:list_contacts:admin]"}"#, None);
        let expected = vec!["contact:read:list_contacts".to_owned(), "contact:read:list_contacts:admin".to_owned()];
        assert_eq!(unspaced.missing_scopes, Some(expected));

        let bare = Envelope::parse("Invalid access token, does not contain scopes: report:read:admin.", None);
        assert_eq!(bare.missing_scopes, Some(vec!["report:read:admin".to_owned()]));

        let empty = Envelope::parse(r#"{"code": 4700, "message": "Invalid access token, does not contain scopes."}"#, None);
        assert_eq!(empty.missing_scopes, Some(Vec::new()));

        let unrelated = Envelope::parse(r#"{"code": 124, "message": "Invalid access token."}"#, None);
        assert_eq!(unrelated.missing_scopes, None);
    }

    #[test]
    fn find_positions() {
        assert_eq!(find("abcabc", "bc", 0), Some(1));
        assert_eq!(find("abcabc", "bc", 2), Some(4));
        assert_eq!(find("ab", "abc", 0), None);
        assert_eq!(find("abc", "", 0), None);
        assert_eq!(find("abc", "c", 5), None);
        assert_eq!(find("héllo", "llo", 0), Some(3));
    }

    #[test]
    fn trim_quotes_matches_trim_matches() {
        for text in ["", "'", "\"a.b.\"", "..'x'", "é.", "x"] {
            assert_eq!(trim_quotes(text), text.trim_matches(['"', '\'', '.']), "{text:?}");
        }
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("hi", 5), "hi");
    }

    #[test]
    fn html_title_with_multibyte_text() {
        let envelope = Envelope::parse("<html><TITLE>Ünavailable — édge</TITLE></html>", None);
        assert_eq!(envelope.html_title.as_deref(), Some("Ünavailable — édge"));
    }
}
