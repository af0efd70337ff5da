//! `classifyFailure` for JavaScript.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::args::long_string;
use super::diagnosis;
use super::{invalid_argument, is_absent, resolve_now};
use crate::classify::{self, FailureContext, FailureResponse, RequestInfo};

#[wasm_bindgen(typescript_custom_section)]
const CLASSIFY_TYPES: &'static str = r#"
/** A Zoom response, or `status: 0` when none arrived (network or CORS failure). */
export interface FailureResponseInput {
  status: number;
  headers?: Headers | Record<string, string | number | string[]> | Array<[string, string | number | string[]]> | null;
  body?: string | null;
}

/** The context of the failed call. Every field is optional, and `null` counts as absent. */
export interface FailureContextInput {
  request?: { method?: string | null; url: string } | null;
  /** A raw token, an Authorization header value, or the token endpoint's response (text or object). */
  token?: string | object | null;
  /** The clock in epoch seconds; defaults to the JavaScript clock. */
  now?: number | null;
}

export type FailureKind =
  | "missing_scope" | "master_account_required" | "token_expired" | "token_invalid" | "token_missing"
  | "token_in_query" | "account_mismatch" | "token_request_rejected" | "me_not_supported"
  | "permission_denied" | "phone_not_enabled" | "user_not_found" | "summary_not_found" | "summary_empty"
  | "endpoint_not_recognized" | "validation_failed" | "rate_limited" | "upstream_unavailable"
  | "network_unreachable" | "unknown";

export interface DiagnosisFields {
  kind: FailureKind;
  explanation: string;
  fixes: string[];
  retryable: boolean;
  retryAt: string | null;
  retryAfterSeconds: number | null;
  missingScopes: string[];
  heldScopes: string[] | null;
  rateLimit: { type: "per_second" | "daily" | "per_user_daily" | "unknown"; category: string | null; limit: number | null; remaining: number | null } | null;
  oauthError: string | null;
  zoom: { status: number; code: number | null; message: string | null };
  trackingId: string | null;
  cluster: string | null;
  evidence: string[];
  alternatives: Array<{ kind: FailureKind; why: string; tellApart: string }>;
}

/** An RFC 9457 problem document with the diagnosis fields as extension members. */
export interface Problem extends DiagnosisFields {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

export interface Diagnosis extends DiagnosisFields {
  title: string;
  problem: Problem;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The `context` argument of `classifyFailure`; typed so that TypeScript marks it optional.
    #[wasm_bindgen(typescript_type = "FailureContextInput")]
    pub type FailureContextArg;
}

/// Classifies a failed Zoom call into a diagnosis.
#[wasm_bindgen(js_name = classifyFailure, unchecked_return_type = "Diagnosis")]
pub fn classify_failure(
    #[wasm_bindgen(unchecked_param_type = "FailureResponseInput")] response: JsValue,
    context: Option<FailureContextArg>,
) -> Result<JsValue, JsValue> {
    let response = read_response(&response)?;
    let context = read_context(&context.map_or(JsValue::UNDEFINED, Into::into))?;
    Ok(diagnosis::to_js(&classify::classify(&response, &context)))
}

#[wasm_bindgen]
extern "C" {
    /// A `response`, `context` or `context.request` argument. Its getters read one property each
    /// without passing the property name across the boundary, as `Reflect.get` would.
    type Argument;

    #[wasm_bindgen(method, getter, structural, catch)]
    fn status(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn headers(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn body(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn request(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn token(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn now(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn url(this: &Argument) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn method(this: &Argument) -> Result<JsValue, JsValue>;
}

/// Reads a property with one of `Argument`'s getters. A getter that throws becomes an
/// `invalid_argument` error naming the property.
fn get(object: &JsValue, name: &str, getter: fn(&Argument) -> Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    getter(object.unchecked_ref()).map_err(|_| invalid_argument(&format!("could not read the property {name}")))
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !js_sys::Array::is_array(value)
}

fn read_response(value: &JsValue) -> Result<FailureResponse, JsValue> {
    if !is_plain_object(value) {
        return Err(invalid_argument("response must be an object: { status, headers, body }"));
    }

    let status = read_status(&get(value, "status", Argument::status)?)?;
    let headers = read_headers(&get(value, "headers", Argument::headers)?)?;
    let body_value = get(value, "body", Argument::body)?;
    let body = if is_absent(&body_value) {
        String::new()
    } else {
        body_value
            .as_string()
            .ok_or_else(|| invalid_argument("response.body must be a string (the response text) or null"))?
    };
    Ok(FailureResponse { status, headers, body })
}

fn read_status(value: &JsValue) -> Result<u16, JsValue> {
    let message = "response.status must be an integer from 0 to 999; use 0 when no response arrived";
    let number = value.as_f64().ok_or_else(|| invalid_argument(message))?;
    if number.fract() != 0.0 || !(0.0..=999.0).contains(&number) {
        return Err(invalid_argument(message));
    }
    Ok(number as u16)
}

/// Reads headers from a `Headers` object, any iterable of pairs, or a plain object.
fn read_headers(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if is_absent(value) {
        return Ok(Vec::new());
    }
    if !value.is_object() {
        return Err(invalid_argument("response.headers must be a Headers object, a plain object or an array of [name, value] pairs"));
    }

    let iterator = js_sys::try_iter(value).map_err(|_| invalid_argument("response.headers could not be iterated"))?;
    match iterator {
        Some(entries) => read_header_pairs(entries),
        None => read_header_object(value),
    }
}

fn read_header_pairs(entries: js_sys::IntoIter) -> Result<Vec<(String, String)>, JsValue> {
    let message = "each entry of response.headers must be a [name, value] pair of strings";
    let mut headers = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|_| invalid_argument("response.headers could not be iterated"))?;
        let pair: js_sys::Array = entry.dyn_into().map_err(|_| invalid_argument(message))?;
        if pair.length() != 2 {
            return Err(invalid_argument(message));
        }
        let name = pair.get(0).as_string().ok_or_else(|| invalid_argument(message))?;
        if let Some(value) = header_value(&pair.get(1), &name)? {
            headers.push((name, value));
        }
    }
    Ok(headers)
}

fn read_header_object(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let object: &js_sys::Object = value.unchecked_ref();
    let mut headers = Vec::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        if let Some(value) = header_value(&pair.get(1), &name)? {
            headers.push((name, value));
        }
    }
    Ok(headers)
}

/// Reads a header value: a string, a number, or an array of strings (joined with ", " as HTTP
/// joins repeated headers). `null` and `undefined` drop the header.
fn header_value(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(text));
    }
    if value.as_f64().is_some() {
        // JavaScript's own number formatting, as `new Headers({ name: 30 })` would apply it.
        let text = value.unchecked_ref::<js_sys::Number>().to_string_with_radix(10).map_err(|_| invalid_argument(&format!("the value of response header {name:?} must be a string")))?;
        return Ok(Some(text.into()));
    }
    if js_sys::Array::is_array(value) {
        let parts: Option<Vec<String>> = js_sys::Array::from(value).iter().map(|part| part.as_string()).collect();
        if let Some(parts) = parts {
            return Ok(Some(parts.join(", ")));
        }
    }
    Err(invalid_argument(&format!("the value of response header {name:?} must be a string")))
}

fn read_context(value: &JsValue) -> Result<FailureContext, JsValue> {
    if is_absent(value) {
        return Ok(FailureContext { request: None, token: None, now: resolve_now(None)? });
    }
    if !is_plain_object(value) {
        return Err(invalid_argument("context must be an object { request, token, now } or null"));
    }

    let now_value = get(value, "now", Argument::now)?;
    let now = if is_absent(&now_value) {
        None
    } else {
        Some(now_value.as_f64().ok_or_else(|| invalid_argument("context.now must be a number of epoch seconds or null"))?)
    };
    Ok(FailureContext {
        request: read_request(&get(value, "request", Argument::request)?)?,
        token: read_token(&get(value, "token", Argument::token)?)?,
        now: resolve_now(now).map_err(|_| invalid_argument("context.now must be a finite number of epoch seconds"))?,
    })
}

fn read_request(value: &JsValue) -> Result<Option<RequestInfo>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if !is_plain_object(value) {
        return Err(invalid_argument("context.request must be an object { method, url } or null"));
    }

    let url = get(value, "url", Argument::url)?
        .as_string()
        .ok_or_else(|| invalid_argument("context.request.url must be a string, such as https://api.zoom.us/v2/phone/user/{userId}/ai_call_summary/{id}"))?;
    let method_value = get(value, "method", Argument::method)?;
    let method = if is_absent(&method_value) {
        "GET".to_owned()
    } else {
        method_value.as_string().ok_or_else(|| invalid_argument("context.request.method must be a string such as \"GET\", or null"))?
    };
    Ok(Some(RequestInfo { method, url }))
}

/// Reads the token: a string, or a token-response object, which is turned back into JSON text.
fn read_token(value: &JsValue) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if let Some(text) = long_string(value) {
        return Ok(Some(text));
    }
    if is_plain_object(value) {
        let json = js_sys::JSON::stringify(value).map_err(|_| invalid_argument("context.token could not be converted to JSON"))?;
        return Ok(json.as_string());
    }
    Err(invalid_argument("context.token must be a string (a token, an Authorization header or token-response JSON), a token-response object, or null"))
}
