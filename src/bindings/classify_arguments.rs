//! Reads the `response` and `context` arguments of `classifyFailure`.
//!
//! classify_arguments.js reads every property in one call and returns the values packed into one
//! string, which crosses with a single `TextEncoder.encodeInto`. Reading property by property from
//! Rust took one call into JavaScript per property or string, about 14% of a call on the seed case
//! (Node 20 CPU profile). The single call made `classifyFailure` about 5% faster (A/B runs in one
//! Node 20 process on a 2-core AMD EPYC). The checks run in JavaScript in the same order as before,
//! and the error messages are written here from the code it returns.

use wasm_bindgen::prelude::*;

use super::args::long_string;
use super::{invalid_argument, resolve_now};
use crate::classify::{FailureContext, FailureResponse, RequestInfo};

#[wasm_bindgen(module = "/src/bindings/classify_arguments.js")]
extern "C" {
    /// Reads the arguments and returns them packed, or an error code. An exception from the
    /// caller's code is the code `RETHROW`, and `take_thrown` returns it. `catch` remains for
    /// an exception from the packing itself, which only replaced built-ins can cause.
    #[wasm_bindgen(js_name = readFailureArguments, catch)]
    fn read_failure_arguments(response: &JsValue, context: &JsValue) -> Result<JsValue, JsValue>;

    /// Returns `context.now` of the last `readFailureArguments` call.
    #[wasm_bindgen(js_name = takeNow)]
    fn take_now() -> f64;

    /// Returns the exception of the last `readFailureArguments` call that returned `RETHROW`.
    #[wasm_bindgen(js_name = takeThrown)]
    fn take_thrown() -> JsValue;
}

// Bits of the flags integer, as classify_arguments.js sets them.
const HAS_CONTEXT: u32 = 1;
const HAS_NOW: u32 = 2;
const HAS_REQUEST: u32 = 4;
const HAS_METHOD: u32 = 8;
const HAS_TOKEN: u32 = 16;

// Error codes, as classify_arguments.js returns them.
const RESPONSE_NOT_OBJECT: u32 = 1;
const STATUS_INVALID: u32 = 2;
const HEADERS_NOT_OBJECT: u32 = 3;
const HEADERS_NOT_ITERABLE: u32 = 4;
const HEADER_ENTRY_INVALID: u32 = 5;
const HEADER_VALUE_INVALID: u32 = 6;
const BODY_INVALID: u32 = 7;
const CONTEXT_NOT_OBJECT: u32 = 8;
const NOW_INVALID: u32 = 9;
const REQUEST_NOT_OBJECT: u32 = 10;
const URL_INVALID: u32 = 11;
const METHOD_INVALID: u32 = 12;
const TOKEN_NOT_JSON: u32 = 13;
const TOKEN_INVALID: u32 = 14;
const RETHROW: u32 = 15;

/// The properties whose getters are read, in the order of their indexes in the
/// `GETTER_THREW + index` error codes.
const PROPERTY_NAMES: [&str; 8] = ["status", "headers", "body", "now", "request", "token", "url", "method"];

/// The first error code of a getter that threw.
const GETTER_THREW: u32 = 16;

/// Reads and checks both arguments; `context` is `undefined` when it was not given.
pub(crate) fn read_arguments(response: &JsValue, context: &JsValue) -> Result<(FailureResponse, FailureContext), JsValue> {
    let packed = long_string(&read_failure_arguments(response, context)?).unwrap_or_default();
    let (integer_text, string_text) = packed.split_once(';').unwrap_or_default();
    let mut integers = integer_text.split(',').map(parse_integer);
    let mut next_integer = move || integers.next().unwrap_or(0);

    let code = next_integer();
    if code == RETHROW {
        return Err(take_thrown());
    }
    if code != 0 {
        return Err(argument_error(code, string_text));
    }

    let status = next_integer();
    let header_count = next_integer();
    let flags = next_integer();
    let mut strings = PackedStrings::new(string_text, next_integer);

    let mut headers = Vec::with_capacity(header_count as usize);
    for _ in 0..header_count {
        let name = strings.next();
        headers.push((name, strings.next()));
    }
    let response = FailureResponse { status: status as u16, headers, body: strings.next() };

    if flags & HAS_CONTEXT == 0 {
        return Ok((response, FailureContext { request: None, token: None, now: resolve_now(None)? }));
    }
    let request = (flags & HAS_REQUEST != 0).then(|| {
        let url = strings.next();
        let method = if flags & HAS_METHOD != 0 { strings.next() } else { "GET".to_owned() };
        RequestInfo { method, url }
    });
    let token = (flags & HAS_TOKEN != 0).then(|| strings.next());
    let now = (flags & HAS_NOW != 0).then(take_now);
    let now = resolve_now(now).map_err(|_| invalid_argument("context.now must be a finite number of epoch seconds"))?;
    Ok((response, FailureContext { request, token, now }))
}

/// Parses the decimal digits of an integer that classify_arguments.js wrote.
fn parse_integer(text: &str) -> u32 {
    text.bytes().fold(0, |value, digit| value.wrapping_mul(10).wrapping_add(u32::from(digit.wrapping_sub(b'0'))))
}

/// Builds the `invalid_argument` error for a code of classify_arguments.js.
fn argument_error(code: u32, header_name: &str) -> JsValue {
    let message = match code {
        RESPONSE_NOT_OBJECT => "response must be an object: { status, headers, body }",
        STATUS_INVALID => "response.status must be an integer from 0 to 999; use 0 when no response arrived",
        HEADERS_NOT_OBJECT => "response.headers must be a Headers object, a plain object or an array of [name, value] pairs",
        HEADERS_NOT_ITERABLE => "response.headers could not be iterated",
        HEADER_ENTRY_INVALID => "each entry of response.headers must be a [name, value] pair of strings",
        HEADER_VALUE_INVALID => return invalid_argument(&format!("the value of response header {header_name:?} must be a string")),
        BODY_INVALID => "response.body must be a string (the response text) or null",
        CONTEXT_NOT_OBJECT => "context must be an object { request, token, now } or null",
        NOW_INVALID => "context.now must be a number of epoch seconds or null",
        REQUEST_NOT_OBJECT => "context.request must be an object { method, url } or null",
        URL_INVALID => "context.request.url must be a string, such as https://api.zoom.us/v2/phone/user/{userId}/ai_call_summary/{id}",
        METHOD_INVALID => "context.request.method must be a string such as \"GET\", or null",
        TOKEN_NOT_JSON => "context.token could not be converted to JSON",
        TOKEN_INVALID => "context.token must be a string (a token, an Authorization header or token-response JSON), a token-response object, or null",
        _ => {
            let name = PROPERTY_NAMES.get(code.wrapping_sub(GETTER_THREW) as usize).unwrap_or(&"");
            return invalid_argument(&format!("could not read the property {name}"));
        }
    };
    invalid_argument(message)
}

/// The strings of the packed arguments, each followed by a NUL, with their UTF-16 lengths.
struct PackedStrings<'a, F> {
    rest: &'a str,
    ascii: bool,
    next_length: F,
}

impl<'a, F: FnMut() -> u32> PackedStrings<'a, F> {
    fn new(text: &'a str, next_length: F) -> Self {
        PackedStrings { rest: text, ascii: text.is_ascii(), next_length }
    }

    /// Takes the next string and the NUL after it.
    fn next(&mut self) -> String {
        let units = (self.next_length)() as usize;
        let end = if self.ascii { units.min(self.rest.len()) } else { utf8_offset(self.rest, units) };
        let value = self.rest[..end].to_owned();
        self.rest = self.rest.get(end + 1..).unwrap_or_default();
        value
    }
}

/// Returns the byte offset in `text` after its first `units` UTF-16 code units. `TextEncoder`
/// wrote each lone surrogate as U+FFFD, which is one code unit as well.
fn utf8_offset(text: &str, units: usize) -> usize {
    let mut counted = 0;
    for (offset, character) in text.char_indices() {
        if counted >= units {
            return offset;
        }
        counted += character.len_utf16();
    }
    text.len()
}
