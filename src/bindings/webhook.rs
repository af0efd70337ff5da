//! `verifyWebhook`, `answerUrlValidation`, `signSinkDelivery` and `verifySinkSignature` for
//! JavaScript.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{error_to_js, invalid_argument, is_absent, now_seconds, resolve_now, to_js};
use crate::webhook::{self, VerifyRequest, DEFAULT_TOLERANCE_SECONDS, SINK_SIGNATURE_HEADER};

#[wasm_bindgen(typescript_custom_section)]
const WEBHOOK_TYPES: &'static str = r#"
/** Request headers: a plain object (any case), a `Headers` object, a `Map` or a list of pairs. */
export type WebhookHeaders = Record<string, string | string[] | number | undefined> | Headers | Map<string, string | string[] | number> | Array<[string, string | string[] | number]>;
/** A body as received: a string (encoded as UTF-8) or its exact bytes. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;
export type WebhookReason = "missing_signature" | "malformed_signature" | "missing_timestamp" | "stale_timestamp" | "signature_mismatch" | "malformed_body";
export interface WebhookFinding { code: string; message: string }
export interface WebhookSecretFacts { index: number; fingerprint: string; length: number; hasSurroundingCharacters: boolean }
export interface WebhookDiagnostics {
  message: string;
  bodyBytes: number;
  bodyIsUtf8: boolean;
  bodyHasNonAscii: boolean;
  bodyHasJsonEscapes: boolean;
  bodyHasWhitespaceBetweenTokens: boolean;
  bodyHasReplacementCharacters: boolean;
  timestamp: number | null;
  skewSeconds: number | null;
  toleranceSeconds: number;
  secrets: WebhookSecretFacts[];
  matchedSecretIndex: number | null;
  evidence: WebhookFinding[];
  likelyCauses: WebhookFinding[];
}
export interface WebhookVerdict {
  valid: boolean;
  reason: WebhookReason | null;
  event: string | null;
  payload: Record<string, unknown> | null;
  diagnostics: WebhookDiagnostics;
}
export interface VerifyWebhookOptions {
  headers: WebhookHeaders;
  rawBody: WebhookBody;
  secretToken: string | [string] | [string, string];
  now?: number | null;
  toleranceSeconds?: number | null;
}
export interface UrlValidationAnswer { plainToken: string; encryptedToken: string }
export interface SignSinkDeliveryOptions { secret: string; timestamp?: number | null; body: WebhookBody }
export interface VerifySinkSignatureOptions {
  headers?: WebhookHeaders | null;
  signature?: string | null;
  body: WebhookBody;
  secret: string | [string] | [string, string];
  now?: number | null;
  toleranceSeconds?: number | null;
}
export interface SinkVerdict {
  valid: boolean;
  reason: Exclude<WebhookReason, "malformed_body"> | null;
  message: string;
  matchedSecretIndex: number | null;
  skewSeconds: number | null;
}
"#;

/// Verifies a Zoom webhook delivery: signature, timestamp and body.
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "WebhookVerdict")]
pub fn verify_webhook(#[wasm_bindgen(unchecked_param_type = "VerifyWebhookOptions")] options: JsValue) -> Result<JsValue, JsValue> {
    let options = required_object(&options, "options")?;
    let request = VerifyRequest {
        headers: headers_from_js(&field(&options, "headers"), "options.headers")?,
        raw_body: bytes_from_js(&field(&options, "rawBody"), "options.rawBody")?,
        secrets: secrets_from_js(&field(&options, "secretToken"), "options.secretToken")?,
        now: resolve_now(optional_number(&field(&options, "now"), "options.now")?)?,
        tolerance_seconds: tolerance_from_js(&field(&options, "toleranceSeconds"))?,
    };
    to_js(&webhook::verify(&request))
}

/// Computes `{ plainToken, encryptedToken }` for an `endpoint.url_validation` challenge.
#[wasm_bindgen(js_name = answerUrlValidation, unchecked_return_type = "UrlValidationAnswer")]
pub fn answer_url_validation(
    #[wasm_bindgen(unchecked_param_type = "WebhookBody")] raw_body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret_token: JsValue,
) -> Result<JsValue, JsValue> {
    let body = bytes_from_js(&raw_body, "rawBody")?;
    let Some(secret) = secret_token.as_string() else {
        return Err(invalid_argument("secretToken must be a string: the Secret Token that verified the challenge (diagnostics.matchedSecretIndex names it during a rotation)"));
    };
    let answer = webhook::answer_url_validation(&body, &secret).map_err(error_to_js)?;
    to_js(&answer)
}

/// Signs a sink delivery and returns the `x-zsd-signature` header value.
#[wasm_bindgen(js_name = signSinkDelivery)]
pub fn sign_sink_delivery(#[wasm_bindgen(unchecked_param_type = "SignSinkDeliveryOptions")] options: JsValue) -> Result<String, JsValue> {
    let options = required_object(&options, "options")?;
    let secret = non_empty_string(&field(&options, "secret"), "options.secret")?;
    let body = bytes_from_js(&field(&options, "body"), "options.body")?;
    let timestamp = match optional_number(&field(&options, "timestamp"), "options.timestamp")? {
        Some(value) => value.floor() as i64,
        None => now_seconds(),
    };
    Ok(webhook::sign_sink_delivery(&secret, timestamp, &body))
}

/// Verifies a sink delivery's `x-zsd-signature` against its raw body.
#[wasm_bindgen(js_name = verifySinkSignature, unchecked_return_type = "SinkVerdict")]
pub fn verify_sink_signature(#[wasm_bindgen(unchecked_param_type = "VerifySinkSignatureOptions")] options: JsValue) -> Result<JsValue, JsValue> {
    let options = required_object(&options, "options")?;
    let header_value = sink_header_from_js(&options)?;
    let body = bytes_from_js(&field(&options, "body"), "options.body")?;
    let secrets = secrets_from_js(&field(&options, "secret"), "options.secret")?;
    let now = resolve_now(optional_number(&field(&options, "now"), "options.now")?)?;
    let tolerance = tolerance_from_js(&field(&options, "toleranceSeconds"))?;

    to_js(&webhook::verify_sink_signature(&header_value, &body, &secrets, now, tolerance))
}

/// Reads the signature from `options.signature`, or else from `options.headers`.
///
/// Headers without `x-zsd-signature` give an empty value, which the verdict reports as
/// `missing_signature`.
fn sink_header_from_js(options: &JsValue) -> Result<String, JsValue> {
    let signature = field(options, "signature");
    if !is_absent(&signature) {
        return signature.as_string().ok_or_else(|| invalid_argument("options.signature must be a string: the x-zsd-signature header value"));
    }

    let headers = field(options, "headers");
    if is_absent(&headers) {
        return Err(invalid_argument("options needs headers (the request's headers) or signature (the x-zsd-signature value)"));
    }
    let headers = headers_from_js(&headers, "options.headers")?;
    let request = VerifyRequest::new(headers, Vec::new(), Vec::new(), 0);
    Ok(request.header(SINK_SIGNATURE_HEADER).unwrap_or_default())
}

fn required_object(value: &JsValue, argument: &str) -> Result<JsValue, JsValue> {
    if is_absent(value) || !value.is_object() {
        return Err(argument_error(argument, " must be an object"));
    }
    Ok(value.clone())
}

/// Reads a property, treating a getter that throws as absent.
fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn optional_number(value: &JsValue, argument: &str) -> Result<Option<f64>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(number) if number.is_finite() => Ok(Some(number)),
        _ => Err(argument_error(argument, " must be a finite number of epoch seconds, or null")),
    }
}

fn tolerance_from_js(value: &JsValue) -> Result<i64, JsValue> {
    if is_absent(value) {
        return Ok(DEFAULT_TOLERANCE_SECONDS);
    }
    match value.as_f64() {
        Some(number) if number.is_finite() && number >= 0.0 => Ok(number.floor() as i64),
        _ => Err(invalid_argument(&format!("options.toleranceSeconds must be a number of seconds, 0 or more, or null for the default of {DEFAULT_TOLERANCE_SECONDS}"))),
    }
}

fn non_empty_string(value: &JsValue, argument: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(text) if !text.is_empty() => Ok(text),
        Some(_) => Err(argument_error(argument, " is empty: pass the secret itself")),
        None => Err(argument_error(argument, " must be a non-empty string")),
    }
}

/// Reads one secret, or a list of one or two during a rotation.
fn secrets_from_js(value: &JsValue, argument: &str) -> Result<Vec<String>, JsValue> {
    if value.as_string().is_some() {
        return Ok(vec![non_empty_string(value, argument)?]);
    }
    if !Array::is_array(value) {
        return Err(argument_error(argument, " must be a string, or an array of one or two strings during a rotation"));
    }

    let list = Array::from(value);
    if !(1..=2).contains(&list.length()) {
        return Err(invalid_argument(&format!("{argument} has {} entries. Pass one secret, or two (old and new) during a rotation", list.length())));
    }
    let mut secrets = Vec::with_capacity(2);
    for (index, item) in list.iter().enumerate() {
        secrets.push(non_empty_string(&item, &format!("{argument}[{index}]"))?);
    }
    Ok(secrets)
}

/// Reads a body as bytes: a string is encoded as UTF-8, binary input is copied unchanged.
fn bytes_from_js(value: &JsValue, argument: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }

    // A detached buffer (transferred to a worker or structuredClone) has no bytes left, and the
    // typed-array constructors throw a bare TypeError on it.
    let buffer = if value.is_instance_of::<ArrayBuffer>() { value.clone() } else { field(value, "buffer") };
    if is_detached(&buffer) {
        return Err(argument_error(argument, " is a detached ArrayBuffer, so its bytes are gone: pass the body before transferring it, or a copy"));
    }

    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(value) {
        return Ok(view_bytes(value));
    }
    Err(argument_error(argument, " must be a string, a Uint8Array or an ArrayBuffer holding the body exactly as received"))
}

/// Returns true for a detached `ArrayBuffer`. `ArrayBuffer.prototype.detached` exists only since
/// Node 22 and recent browsers, so an empty buffer is also probed by viewing it, which throws only
/// when it is detached.
fn is_detached(buffer: &JsValue) -> bool {
    let Some(array_buffer) = buffer.dyn_ref::<ArrayBuffer>() else {
        return false;
    };
    if let Some(detached) = field(buffer, "detached").as_bool() {
        return detached;
    }
    if array_buffer.byte_length() > 0 {
        return false;
    }
    let constructor = Uint8Array::new_with_length(0).constructor();
    Reflect::construct(&constructor, &Array::of1(buffer)).is_err()
}

/// Copies the bytes an `ArrayBufferView` (a `DataView` or any typed array) covers.
fn view_bytes(view: &JsValue) -> Vec<u8> {
    let buffer = field(view, "buffer");
    let offset = field(view, "byteOffset").as_f64().unwrap_or(0.0) as u32;
    let length = field(view, "byteLength").as_f64().unwrap_or(0.0) as u32;
    Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length).to_vec()
}

/// Reads headers from a plain object, a `Headers` object, a `Map` or a list of `[name, value]`.
fn headers_from_js(value: &JsValue, argument: &str) -> Result<Vec<(String, String)>, JsValue> {
    let shape_error = || argument_error(argument, " must be a plain object, a Headers object, a Map or an array of [name, value] pairs");
    if is_absent(value) || value.as_string().is_some() || !value.is_object() {
        return Err(shape_error());
    }

    let mut headers = Vec::new();
    if let Some(entries) = js_sys::try_iter(value).map_err(|_| shape_error())? {
        for entry in entries {
            let entry = entry.map_err(|_| shape_error())?;
            let (name, header_value) = pair_from_js(&entry, argument)?;
            push_header(&mut headers, name, &header_value, argument)?;
        }
        return Ok(headers);
    }

    let object: &Object = value.unchecked_ref();
    for entry in Object::entries(object).iter() {
        let (name, header_value) = pair_from_js(&entry, argument)?;
        push_header(&mut headers, name, &header_value, argument)?;
    }
    Ok(headers)
}

fn pair_from_js(entry: &JsValue, argument: &str) -> Result<(String, JsValue), JsValue> {
    let pair = Array::from(entry);
    let name = if Array::is_array(entry) && pair.length() == 2 { pair.get(0).as_string() } else { None };
    match name {
        Some(name) => Ok((name, pair.get(1))),
        None => Err(argument_error(argument, " entries must be [name, value] pairs with a string name")),
    }
}

/// Adds one header. An array (Node's repeated headers) adds one entry per item, and `undefined` or
/// `null` values are skipped.
fn push_header(headers: &mut Vec<(String, String)>, name: String, value: &JsValue, argument: &str) -> Result<(), JsValue> {
    if is_absent(value) {
        return Ok(());
    }
    if !Array::is_array(value) {
        let text = header_text(value).ok_or_else(|| header_type_error(&name, argument))?;
        headers.push((name, text));
        return Ok(());
    }

    for item in Array::from(value).iter() {
        let text = header_text(&item).ok_or_else(|| header_type_error(&name, argument))?;
        headers.push((name.clone(), text));
    }
    Ok(())
}

/// Returns a header value as text: a string as is, an integer in decimal.
fn header_text(value: &JsValue) -> Option<String> {
    if let Some(text) = value.as_string() {
        return Some(text);
    }
    let number = value.as_f64().filter(|number| number.is_finite() && number.fract() == 0.0)?;
    Some(format!("{}", number as i64))
}

/// Builds an `invalid_argument` error whose message is `argument` followed by `detail`, without
/// a `format!` at every call site.
fn argument_error(argument: &str, detail: &str) -> JsValue {
    let mut message = String::with_capacity(argument.len() + detail.len());
    message.push_str(argument);
    message.push_str(detail);
    invalid_argument(&message)
}

fn header_type_error(name: &str, argument: &str) -> JsValue {
    invalid_argument(&format!("{argument}[\"{}\"] must be a string, an array of strings or an integer", printable_name(name)))
}

/// Returns a header name safe to put in a message: at most 64 characters, without control
/// characters.
fn printable_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}
