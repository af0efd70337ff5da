//! Readers for the fields of JavaScript option objects, one property at a time.
//!
//! Each field is read with `Reflect.get`, so a getter that throws (a `Proxy`, for example) becomes
//! an `invalid_argument` error instead of an exception escaping through WebAssembly. Type errors
//! name the field and the expected type (`options.apiUrl must be a string`), where serde's
//! messages would only say "invalid type: floating point `42.0`, expected a string".

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::{invalid_argument, is_absent};

/// Largest token or token-response text accepted, in bytes. Zoom's token responses are about
/// 1 KiB, so anything this large is a wrong paste, and parsing it would take a long time.
pub(crate) const MAX_TOKEN_INPUT_BYTES: usize = 64 * 1024;

/// Checks that `value` is an object, or returns `None` for `null` and `undefined`.
pub(crate) fn optional_object(value: &JsValue, what: &str) -> Result<Option<JsValue>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if !value.is_object() {
        return Err(invalid_argument(&format!("{what} must be an object or null")));
    }
    Ok(Some(value.clone()))
}

/// Reads `object[name]`; `what` is the object's name in messages, such as `options`.
pub(crate) fn field(object: &JsValue, what: &str, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).map_err(|_| getter_threw(what, name))
}

fn getter_threw(what: &str, name: &str) -> JsValue {
    invalid_argument(&format!("{what}.{name} could not be read because its getter threw: pass a plain object"))
}

/// Reads an optional string field; `null` and `undefined` mean absent.
pub(crate) fn optional_string(object: &JsValue, what: &str, name: &str) -> Result<Option<String>, JsValue> {
    let value = field(object, what, name)?;
    if is_absent(&value) {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| invalid_argument(&format!("{what}.{name} must be a string, or null to leave it out")))
}

/// Reads a required string field; `hint` names what to pass when it is missing.
pub(crate) fn required_string(object: &JsValue, what: &str, name: &str, hint: &str) -> Result<String, JsValue> {
    match optional_string(object, what, name)? {
        Some(text) => Ok(text),
        None => Err(invalid_argument(&format!("{what}.{name} is missing: {hint}"))),
    }
}

/// Reads an optional finite number field; `unit` completes "must be a finite number of ...".
pub(crate) fn optional_number(object: &JsValue, what: &str, name: &str, unit: &str) -> Result<Option<f64>, JsValue> {
    number_value(field(object, what, name)?, what, name, unit)
}

#[wasm_bindgen]
extern "C" {
    /// An options object, read for its `now` property.
    type NowOption;

    /// Reads `now` as `object.now`. Unlike `Reflect.get`, this passes no property name from
    /// WebAssembly, which saved about 3% of `introspectToken`.
    #[wasm_bindgen(method, getter, catch, js_name = now)]
    fn now(this: &NowOption) -> Result<JsValue, JsValue>;
}

/// Reads the optional `now` field (epoch seconds) of the object `what`, as [`optional_number`]
/// would.
pub(crate) fn optional_now(object: &JsValue, what: &str) -> Result<Option<f64>, JsValue> {
    let value = object.unchecked_ref::<NowOption>().now().map_err(|_| getter_threw(what, "now"))?;
    number_value(value, what, "now", "epoch seconds")
}

fn number_value(value: JsValue, what: &str, name: &str, unit: &str) -> Result<Option<f64>, JsValue> {
    if is_absent(&value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(number) if number.is_finite() => Ok(Some(number)),
        _ => Err(invalid_argument(&format!("{what}.{name} must be a finite number of {unit}, or null"))),
    }
}

/// Rejects a token input over [`MAX_TOKEN_INPUT_BYTES`] before any parsing.
pub(crate) fn check_token_size(what: &str, text: &str) -> Result<(), JsValue> {
    if text.len() <= MAX_TOKEN_INPUT_BYTES {
        return Ok(());
    }
    Err(invalid_argument(&format!(
        "{what} is {} bytes, over the limit of {MAX_TOKEN_INPUT_BYTES}: Zoom access tokens and token responses are a few KiB, so pass only the token or the token endpoint's JSON response",
        text.len()
    )))
}

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `TextEncoder`, which writes a string's UTF-8 bytes into a buffer in one call.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;

    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    /// `TextEncoder.encodeInto`. The glue of wasm-bindgen 0.2.130 passes `destination` as a view
    /// of the module's memory, so the bytes land in the Rust buffer without a copy.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, source: &JsValue, destination: &mut [u8]) -> EncodeIntoResult;

    /// The `{ read, written }` object that `encodeInto` returns.
    type EncodeIntoResult;

    #[wasm_bindgen(method, getter, structural)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    /// One encoder for every call: creating it costs a call into JavaScript and an allocation there.
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// Copies a long JavaScript string into Rust like `JsValue::as_string`, but through
/// `TextEncoder.encodeInto`.
///
/// wasm-bindgen's glue copies ASCII one `charCodeAt` at a time, which took about 7% of
/// `classifyFailure` for a 1.6 KB token response. `TextEncoder.encode` avoided that but built a
/// `Uint8Array` in JavaScript that was then copied again. Writing into the Rust buffer made
/// `classifyFailure` about 4% faster (A/B runs in one Node 20 process, seed case). Both write a
/// lone surrogate as U+FFFD, as `as_string` does. Short strings are cheaper through `as_string`,
/// which crosses the boundary once.
pub(crate) fn long_string(value: &JsValue) -> Option<String> {
    if !value.is_string() {
        return None;
    }
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4),
    // so the buffer always has room for the whole string.
    let units = value.unchecked_ref::<js_sys::JsString>().length() as usize;
    let mut bytes = vec![0u8; units.saturating_mul(3)];
    let written = ENCODER.with(|encoder| encoder.encode_into(value, &mut bytes).written());
    bytes.truncate(written as usize);
    String::from_utf8(bytes).ok()
}
