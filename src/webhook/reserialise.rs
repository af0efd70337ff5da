//! Order-preserving JSON re-serialisation, used to recognise a body that was re-serialised after
//! Zoom signed it.
//!
//! `serde_json::Value` sorts object keys unless the `preserve_order` feature is on, so a round trip
//! through it would not reproduce what `JSON.stringify(JSON.parse(body))` produces. This module
//! rewrites the body token by token instead: whitespace between tokens is dropped, separators and
//! string escapes are written the way the chosen serialiser writes them, and key order is kept.

use super::decimal;

/// A serialiser whose output a receiver or sender may have hashed instead of the raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// JavaScript's `JSON.stringify(JSON.parse(body))`: no spaces, non-ASCII text written raw.
    JsonStringify,
    /// Python's `json.dumps(json.loads(body))` with default arguments: `", "` and `": "` separators
    /// and every character outside printable ASCII written as a `\uXXXX` escape.
    PythonDumps,
}

/// One decoded unit of a JSON string: a character, or a lone UTF-16 surrogate that `\uXXXX` can
/// spell but a Rust `char` cannot hold.
enum Unit {
    Char(char),
    LoneSurrogate(u16),
}

/// Re-serialises `body` in `style`, or returns `None` when it is not valid JSON text.
///
/// The caller must first check that `body` parses as JSON. This scanner validates only string
/// escapes, so other invalid input may produce meaningless output rather than `None`.
pub(crate) fn reserialise(body: &str, style: Style) -> Option<String> {
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut pos = 0;

    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => pos += 1,
            b'"' => {
                let (units, next) = decode_string(body, pos + 1)?;
                write_string(&mut out, &units, style);
                pos = next;
            }
            b',' => {
                out.push_str(if style == Style::PythonDumps { ", " } else { "," });
                pos += 1;
            }
            b':' => {
                out.push_str(if style == Style::PythonDumps { ": " } else { ":" });
                pos += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = number_end(bytes, pos);
                let literal = body.get(pos..end)?;
                out.push_str(&number_text(literal, style));
                pos = end;
            }
            _ => {
                // Outside strings, valid JSON holds only ASCII punctuation and the literals
                // true, false and null.
                out.push(char::from(byte));
                pos += 1;
            }
        }
    }
    Some(out)
}

/// Decodes the string whose content starts at byte `start` (just after the opening quote).
///
/// Returns the decoded units and the byte offset just past the closing quote.
fn decode_string(body: &str, start: usize) -> Option<(Vec<Unit>, usize)> {
    let rest = body.get(start..)?;
    let mut units = Vec::new();
    let mut chars = rest.char_indices();

    while let Some((offset, c)) = chars.next() {
        match c {
            '"' => return Some((units, start + offset + 1)),
            '\\' => {
                let (_, escape) = chars.next()?;
                match escape {
                    'u' => units.push(decode_unicode_escape(&mut chars)?),
                    other => units.push(Unit::Char(simple_escape(other)?)),
                }
            }
            other => units.push(Unit::Char(other)),
        }
    }
    None
}

fn simple_escape(escape: char) -> Option<char> {
    match escape {
        '"' => Some('"'),
        '\\' => Some('\\'),
        '/' => Some('/'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        _ => None,
    }
}

/// Decodes the four hex digits after `\u`, joining a surrogate pair written as two escapes.
fn decode_unicode_escape(chars: &mut std::str::CharIndices<'_>) -> Option<Unit> {
    let first = read_hex4(chars)?;
    if !(0xD800..0xDC00).contains(&first) {
        return Some(char::from_u32(u32::from(first)).map_or(Unit::LoneSurrogate(first), Unit::Char));
    }

    // A high surrogate joins the following `\uDC00`-`\uDFFF` escape, if there is one.
    let mut lookahead = chars.clone();
    let is_pair_start = matches!(lookahead.next(), Some((_, '\\'))) && matches!(lookahead.next(), Some((_, 'u')));
    if !is_pair_start {
        return Some(Unit::LoneSurrogate(first));
    }
    let second = read_hex4(&mut lookahead)?;
    if !(0xDC00..0xE000).contains(&second) {
        return Some(Unit::LoneSurrogate(first));
    }

    *chars = lookahead;
    let code = 0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00);
    char::from_u32(code).map(Unit::Char)
}

fn read_hex4(chars: &mut std::str::CharIndices<'_>) -> Option<u16> {
    let mut value: u16 = 0;
    for _ in 0..4 {
        let (_, digit) = chars.next()?;
        let nibble = u16::try_from(digit.to_digit(16)?).ok()?;
        value = (value << 4) | nibble;
    }
    Some(value)
}

fn write_string(out: &mut String, units: &[Unit], style: Style) {
    out.push('"');
    for unit in units {
        match unit {
            Unit::Char(c) => write_char(out, *c, style),
            Unit::LoneSurrogate(code) => write_u_escape(out, *code),
        }
    }
    out.push('"');
}

/// Writes one character the way both serialisers escape it, then applies Python's ASCII-only rule.
fn write_char(out: &mut String, c: char, style: Style) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x20 => write_u_escape(out, u32::from(c) as u16),
        c if style == Style::PythonDumps && u32::from(c) > 0x7e => {
            let mut buffer = [0u16; 2];
            for code in c.encode_utf16(&mut buffer) {
                write_u_escape(out, *code);
            }
        }
        c => out.push(c),
    }
}

/// Writes `\\u` and four lower-case hex digits, as both serialisers spell an escape.
fn write_u_escape(out: &mut String, code: u16) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        let nibble = u32::from(code >> shift) & 0xf;
        out.push(char::from_digit(nibble, 16).unwrap_or('0'));
    }
}

fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while let Some(byte) = bytes.get(end) {
        if !matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
            break;
        }
        end += 1;
    }
    end
}

/// Writes a number literal as the style's parser and serialiser would round-trip it.
///
/// NOTE: Python keeps the literal unchanged here. Python round-trips integers exactly but writes
/// floats with `repr`, which differs from the literal for forms such as `1.50` or `1E3`, so a
/// Python-signed body with such floats is not recognised until `repr`'s rules are added here.
fn number_text(literal: &str, style: Style) -> String {
    match style {
        Style::PythonDumps => literal.to_string(),
        Style::JsonStringify => js_number_text(literal),
    }
}

/// Formats a number literal as JavaScript's `Number.prototype.toString` prints the parsed double.
///
/// serde_json writes the shortest round-trip digits (the zmij algorithm), so no second float
/// printer is compiled in, and the digits are then laid out by the ECMAScript `Number::toString`
/// rules.
fn js_number_text(literal: &str) -> String {
    let Some(value) = decimal::parse_f64(literal) else {
        return literal.to_string();
    };
    if value == 0.0 {
        return "0".to_string();
    }

    // `Number`'s Display writes the same shortest digits as `serde_json::to_string`, without
    // linking serde_json's `io::Write` serialiser.
    let Some(shortest) = serde_json::Number::from_f64(value).map(|number| number.to_string()) else {
        return literal.to_string();
    };
    let (digits, point) = decimal_digits(&shortest);
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{}", layout_js(&digits, point))
}

/// Splits a formatted decimal such as `-12.50` or `1.5e-7` into its significant digits and the
/// position of the decimal point relative to them: the value is `0.DIGITS × 10^point`.
fn decimal_digits(formatted: &str) -> (String, i32) {
    let unsigned = formatted.trim_start_matches('-');
    let (mantissa, exponent) = match split_exponent(unsigned) {
        Some((mantissa, exponent)) => (mantissa, exponent),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));

    let all_digits = format!("{whole}{fraction}");
    let leading_zeros = all_digits.len() - all_digits.trim_start_matches('0').len();
    let digits = all_digits.trim_matches('0').to_string();
    let point = whole.len() as i32 - leading_zeros as i32 + exponent;
    (digits, point)
}

/// Splits `1.5e-7` into `1.5` and -7, or returns `None` when there is no exponent.
fn split_exponent(text: &str) -> Option<(&str, i32)> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    Some((mantissa, exponent.trim_start_matches('+').parse().ok()?))
}

/// Lays out `0.DIGITS × 10^point` as ECMAScript's `Number::toString` does: plain decimals from
/// 1e-6 up to 1e21, exponent form with an explicit sign outside that range.
fn layout_js(digits: &str, point: i32) -> String {
    let count = digits.len() as i32;
    if count <= point && point <= 21 {
        return format!("{digits}{}", "0".repeat((point - count) as usize));
    }
    if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        return format!("{whole}.{fraction}");
    }
    if -6 < point && point <= 0 {
        return format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize));
    }

    let exponent = point - 1;
    let exponent_sign = if exponent < 0 { "-" } else { "+" };
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
    format!("{first}{fraction}e{exponent_sign}{}", exponent.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stringify(body: &str) -> String {
        reserialise(body, Style::JsonStringify).unwrap()
    }

    fn python(body: &str) -> String {
        reserialise(body, Style::PythonDumps).unwrap()
    }

    #[test]
    fn stringify_drops_whitespace_keeps_order() {
        assert_eq!(stringify("{ \"z\" : 1,\n  \"a\" : [ true , null ] }"), r#"{"z":1,"a":[true,null]}"#);
    }

    #[test]
    fn stringify_unescapes_text() {
        assert_eq!(stringify(r#"{"url":"https:\/\/zoom.us","name":"caf\u00e9 \ud83d\ude92"}"#), "{\"url\":\"https://zoom.us\",\"name\":\"café 🚒\"}");
    }

    #[test]
    fn stringify_keeps_required_escapes() {
        assert_eq!(stringify(r#"["a\"b\\c\n\u0001\u001F"]"#), r#"["a\"b\\c\n\u0001\u001f"]"#);
    }

    #[test]
    fn stringify_keeps_lone_surrogate_escaped() {
        assert_eq!(stringify(r#"["\uD800x"]"#), r#"["\ud800x"]"#);
    }

    #[test]
    fn stringify_normalises_numbers() {
        assert_eq!(stringify("[1.50,1E3,-0,1e21,1.5e-7,9989380906975975379,1764590395000]"), "[1.5,1000,0,1e+21,1.5e-7,9989380906975975000,1764590395000]");
    }

    #[test]
    fn js_number_text_matches_javascript() {
        // Expected texts are JSON.stringify(JSON.parse(literal)) as printed by Node 20.
        let cases = [
            ("1.50", "1.5"),
            ("1E3", "1000"),
            ("-0", "0"),
            ("1e21", "1e+21"),
            ("1.5e-7", "1.5e-7"),
            ("9989380906975975379", "9989380906975975000"),
            ("1764590395000", "1764590395000"),
            ("123456789012345680000", "123456789012345680000"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("-2.5e+30", "-2.5e+30"),
            ("100", "100"),
            ("0.1", "0.1"),
            ("123.456", "123.456"),
            ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("-0.5", "-0.5"),
            ("12e-1", "1.2"),
            ("0.00001234", "0.00001234"),
            ("1e-6", "0.000001"),
            ("999999999999999999999", "1e+21"),
            ("4.35", "4.35"),
            ("2e22", "2e+22"),
            ("-1e-7", "-1e-7"),
        ];
        for (literal, expected) in cases {
            assert_eq!(js_number_text(literal), expected, "literal {literal}");
        }
    }

    #[test]
    fn js_number_text_keeps_overflowing_literal() {
        assert_eq!(js_number_text("1e400"), "1e400");
    }

    #[test]
    fn python_escapes_non_ascii() {
        assert_eq!(python("{\"a\":\"café 🚒\",\"b\":[1,2]}"), r#"{"a": "caf\u00e9 \ud83d\ude92", "b": [1, 2]}"#);
    }

    #[test]
    fn unterminated_string_is_none() {
        assert_eq!(reserialise("\"abc", Style::JsonStringify), None);
        assert_eq!(reserialise("\"\\q\"", Style::JsonStringify), None);
    }
}
