//! The JavaScript boundary: the only module that sees `JsValue`.
//!
//! Each submodule converts its arguments in, calls the sans-IO core and converts the result out.
//! Results cross as JSON text parsed by `JSON.parse`, which builds the object in one call instead of
//! one call per property. `classifyFailure` is the exception: its arguments and its diagnosis cross
//! packed for small JavaScript modules (classify_arguments.js and diagnosis.js), which was faster.

mod args;
mod classify;
mod classify_arguments;
mod client;
mod diagnosis;
mod request;
pub mod token;
mod webhook;

use wasm_bindgen::prelude::*;

use crate::json::ToJson;
use crate::Error;

/// Converts a Rust value into a plain JavaScript object through its JSON text.
pub(crate) fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&value.to_json())
}

/// Converts a crate error into a JavaScript `Error` whose `code` property is the stable code.
pub(crate) fn error_to_js(error: Error) -> JsValue {
    coded_error(error.code(), &error.to_string())
}

/// Builds a JavaScript `Error` with `name` `ZoomSummaryDoctorError` and the given `code`.
pub(crate) fn coded_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("ZoomSummaryDoctorError");
    // Reflect::set only fails on frozen or non-object targets, and a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// Builds an `invalid_argument` JavaScript error.
pub(crate) fn invalid_argument(message: &str) -> JsValue {
    coded_error("invalid_argument", message)
}

/// Returns true for `undefined` and `null`, which both mean "not given" for optional arguments.
pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Returns the current time in epoch seconds from JavaScript's clock.
///
/// `std::time::SystemTime::now` panics on `wasm32-unknown-unknown`, so the clock must come from JS.
pub(crate) fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Reads an optional `now` (epoch seconds) option, falling back to the JavaScript clock.
pub(crate) fn resolve_now(now: Option<f64>) -> Result<i64, JsValue> {
    match now {
        None => Ok(now_seconds()),
        Some(value) if value.is_finite() => Ok(value.floor() as i64),
        Some(_) => Err(invalid_argument("options.now must be a finite number of epoch seconds")),
    }
}
