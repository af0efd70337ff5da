//! A JSON text writer for the values the crate returns.
//!
//! Every report, diagnosis and verdict leaves the crate as JSON text: `JSON.parse` in JavaScript
//! builds the whole object in one call. serde's derived serialisers did this job before, but at
//! the size-optimised `opt-level = "z"` they cost about a third of each call and a sixth of the
//! wasm module, so output types implement [`ToJson`] by hand instead. serde_json still parses
//! every input.
//!
//! Keys are written as given: they are the crate's own camelCase field names and never need
//! escaping. Values are escaped as RFC 8259 requires.

use serde_json::{Map, Number, Value};

/// A value that can write itself as JSON text.
pub trait ToJson {
    /// Appends this value's JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// Returns this value as JSON text.
    fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }
}

/// Writer for the members of one JSON object. [`object`] opens it and [`ObjectWriter::end`]
/// closes it.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

/// Starts a JSON object in `out`.
pub fn object(out: &mut String) -> ObjectWriter<'_> {
    out.push('{');
    ObjectWriter { out, empty: true }
}

impl ObjectWriter<'_> {
    /// Writes the member `key` with `value`.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// Writes the member `key` only when `value` is `Some`, for members that are left out rather
    /// than `null` when absent.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.field(key, value);
        }
        self
    }

    /// Writes the member `key` with JSON text that is already valid, such as a nested document.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Writes members that are already JSON text, such as `"a":1,"b":[2]`, so that members two
    /// objects share are written once and copied.
    pub fn members(&mut self, json: &str) -> &mut Self {
        if json.is_empty() {
            return self;
        }
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push_str(json);
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }

    fn key(&mut self, key: &str) {
        let open = if self.empty { "\"" } else { ",\"" };
        self.empty = false;

        self.out.push_str(open);
        self.out.push_str(key);
        self.out.push_str("\":");
    }
}

/// Writes `items` as a JSON array.
pub fn array<T: ToJson>(out: &mut String, items: impl IntoIterator<Item = T>) {
    out.push('[');
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        item.write_json(out);
    }
    out.push(']');
}

/// Writes `text` as a JSON string: quoted, with `"`, `\` and control characters escaped, and every
/// non-ASCII character written as `\u` escapes.
///
/// ASCII-only text crosses to JavaScript faster: `TextDecoder` has a fast path for it, and
/// `JSON.parse` then scans a one-byte string. Escaping the one `…` of a token report saved about
/// 0.5 us of a 21 us `introspectToken` call (Node 20, both builds timed in one process).
pub fn string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');

    // Runs of bytes that need no escape are copied in one step. The loop stops only at ASCII bytes
    // and at the first byte of a character, so the run boundaries are always character boundaries.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if let Some(&word) = bytes.get(index..).and_then(<[u8]>::first_chunk::<8>) {
            if is_plain_word(u64::from_le_bytes(word)) {
                index += 8;
                continue;
            }
        }
        if (0x20..0x80).contains(&byte) && byte != b'"' && byte != b'\\' {
            index += 1;
            continue;
        }
        out.push_str(&text[start..index]);
        match text[index..].chars().next() {
            Some(c) if !c.is_ascii() => {
                escape_non_ascii(out, c);
                index += c.len_utf8();
            }
            _ => {
                escape(out, byte);
                index += 1;
            }
        }
        start = index;
    }
    out.push_str(&text[start..]);

    out.push('"');
}

/// Returns true when none of the 8 bytes in `word` needs an escape: each is ASCII, at or above
/// b' ', and neither `"` nor `\`.
#[inline(always)]
fn is_plain_word(word: u64) -> bool {
    (word & HIGH_BITS == 0) & !has_quote_backslash_or_control(word)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Returns true when one of the 8 bytes of `word` is `"`, `\` or below 0x20, the bytes that end or
/// interrupt the plain run of a JSON string.
#[inline(always)]
pub(crate) fn has_quote_backslash_or_control(word: u64) -> bool {
    quote_backslash_or_control_mask(word) != 0
}

/// Returns a mask whose lowest set bit is the high bit of the first `"`, `\` or byte below 0x20
/// in `word` (first byte lowest), or 0 when there is none. The token JSON reader finds the end of
/// a string with it.
// The masks are combined with `|` rather than `||`, because the branches cost more in wasm than
// the two extra tests.
#[inline(always)]
pub(crate) fn quote_backslash_or_control_mask(word: u64) -> u64 {
    let control = bytes_below(word, 0x20);
    let quote = bytes_below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = bytes_below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash
}

/// Returns true when one of the 8 bytes of `word` is below `limit`, which must be at most 0x80.
#[inline(always)]
pub(crate) fn has_byte_below(word: u64, limit: u8) -> bool {
    bytes_below(word, limit) != 0
}

/// Returns a mask that is non-zero exactly when some byte of `word` is below `limit` (at most
/// 0x80). It is `(x - limit…) & !x & 0x80…`. The borrow can also mark a byte above a match (a later
/// byte), never one below, so the lowest set bit marks the first match.
// Inlined with plain expressions instead of closures, because opt-level "z" keeps both as calls
// and this runs once per 8 bytes of every string written or scanned.
#[inline(always)]
fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH_BITS
}

/// Writes `c` as one `\uXXXX` escape, or two (a surrogate pair) beyond the Basic Multilingual Plane.
fn escape_non_ascii(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        out.push_str("\\u");
        for shift in [12, 8, 4, 0] {
            out.push(char::from(HEX[usize::from((*unit >> shift) & 0xf)]));
        }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn escape(out: &mut String, byte: u8) {
    match byte {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        _ => {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
}

/// Writes an integer in decimal without going through `core::fmt`.
pub fn integer(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    unsigned(out, value.unsigned_abs());
}

fn unsigned(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    // One push_str costs less than a push per digit, and the digits are always ASCII.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut String) {
        integer(out, *self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        unsigned(out, *self);
    }
}

impl ToJson for i32 {
    fn write_json(&self, out: &mut String) {
        integer(out, i64::from(*self));
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        unsigned(out, u64::from(*self));
    }
}

impl ToJson for u16 {
    fn write_json(&self, out: &mut String) {
        unsigned(out, u64::from(*self));
    }
}

impl ToJson for u8 {
    fn write_json(&self, out: &mut String) {
        unsigned(out, u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        unsigned(out, *self as u64);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        array(out, self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        array(out, self);
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(value) => value.write_json(out),
            Value::Number(number) => write_number(out, number),
            Value::String(text) => string(out, text),
            Value::Array(items) => array(out, items),
            Value::Object(members) => write_map(out, members),
        }
    }
}

impl ToJson for Map<String, Value> {
    fn write_json(&self, out: &mut String) {
        write_map(out, self);
    }
}

fn write_map(out: &mut String, members: &Map<String, Value>) {
    out.push('{');
    for (index, (key, value)) in members.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(out, key);
        out.push(':');
        value.write_json(out);
    }
    out.push('}');
}

fn write_number(out: &mut String, number: &Number) {
    if let Some(value) = number.as_i64() {
        return integer(out, value);
    }
    if let Some(value) = number.as_u64() {
        return unsigned(out, value);
    }
    // serde_json formats its own floats (shortest round trip), and never contains NaN or infinity.
    out.push_str(&number.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample {
        name: String,
        count: Option<i64>,
        note: Option<String>,
        tags: Vec<&'static str>,
    }

    impl ToJson for Sample {
        fn write_json(&self, out: &mut String) {
            object(out).field("name", &self.name).field("count", &self.count).optional("note", &self.note).field("tags", &self.tags).end();
        }
    }

    #[test]
    fn object_parses_back() {
        let sample = Sample { name: "a \"quoted\" \\ name\n\u{1}é\u{2028}".into(), count: Some(-42), note: None, tags: vec!["x", "y"] };
        let text = sample.to_json();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, serde_json::json!({ "name": "a \"quoted\" \\ name\n\u{1}é\u{2028}", "count": -42, "tags": ["x", "y"] }));
    }

    #[test]
    fn integer_limits() {
        for value in [0, 7, -1, 10, i64::MIN, i64::MAX] {
            let mut out = String::new();
            integer(&mut out, value);
            assert_eq!(out, value.to_string());
        }
        assert_eq!(u64::MAX.to_json(), u64::MAX.to_string());
    }

    #[test]
    fn parsed_values_round_trip() {
        let text = r#"{"a":[1,-2,3.5,1e300,18446744073709551615,null,true,"\u0000\"x\""],"b":{}}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let again: Value = serde_json::from_str(&value.to_json()).unwrap();
        assert_eq!(again, value);
    }

    #[test]
    fn control_characters_escaped() {
        for byte in 0u8..0x20 {
            let text = char::from(byte).to_string();
            let json = text.to_json();
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
            assert!(json.bytes().all(|b| b >= 0x20), "{json:?}");
        }
    }

    #[test]
    fn copied_members() {
        let mut out = String::new();
        object(&mut out).members("").field("a", &1i64).members(r#""b":[2],"c":null"#).members("").end();
        assert_eq!(out, r#"{"a":1,"b":[2],"c":null}"#);

        let mut first = String::new();
        object(&mut first).members(r#""b":2"#).end();
        assert_eq!(first, r#"{"b":2}"#);
    }

    #[test]
    fn plain_word_matches_bytes() {
        // Every byte value at each position of a word of otherwise plain bytes.
        for position in 0..8 {
            for byte in 0..=255u8 {
                let mut bytes = *b"abcdefgh";
                bytes[position] = byte;
                let plain = (0x20..0x80).contains(&byte) && byte != b'"' && byte != b'\\';
                assert_eq!(is_plain_word(u64::from_le_bytes(bytes)), plain, "byte {byte:#x} at {position}");
            }
        }
    }

    #[test]
    fn escapes_at_any_offset() {
        for position in 0..20 {
            let mut text = "x".repeat(20);
            text.insert_str(position, "\"\n…");
            let json = text.to_json();
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
            assert!(json.is_ascii());
        }
    }

    #[test]
    fn non_ascii_escaped() {
        let text = "é…\u{2028}😀 ok";
        let json = text.to_json();
        assert_eq!(json, "\"\\u00e9\\u2026\\u2028\\ud83d\\ude00 ok\"");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn absent_optional_member() {
        let mut out = String::new();
        object(&mut out).optional::<i64>("x", &None).end();
        assert_eq!(out, "{}");
    }
}
