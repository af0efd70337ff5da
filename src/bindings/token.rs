//! `introspectToken` for JavaScript.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::{error_to_js, invalid_argument, options_from_js, resolve_now, to_js};
use crate::token;

#[derive(Default, Deserialize)]
struct IntrospectOptions {
    now: Option<f64>,
}

/// Introspects a Zoom token, an `Authorization` header or a token-endpoint response.
#[wasm_bindgen(js_name = introspectToken)]
pub fn introspect_token(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let Some(text) = input.as_string() else {
        return Err(invalid_argument("input must be a string: an access token, an Authorization header or a token response"));
    };
    let options: IntrospectOptions = options_from_js(&options, "options")?;
    let now = resolve_now(options.now)?;

    let report = token::introspect(&text, now).map_err(error_to_js)?;
    to_js(&report)
}
