//! `introspectToken` for JavaScript.

use wasm_bindgen::prelude::*;

use super::args::{check_token_size, optional_number, optional_object};
use super::{error_to_js, invalid_argument, resolve_now, to_js};
use crate::token;

#[wasm_bindgen(typescript_custom_section)]
const TOKEN_TYPES: &str = r#"
/** Kind of credential that a pasted token is. */
export type TokenKind =
  | "s2s_access" | "user_access" | "refresh" | "zoom_unknown"
  | "legacy_jwt_app" | "meeting_sdk_jwt" | "foreign_jwt" | "not_a_jwt";

/** Shape of a pasted text that is not a JWT. */
export type TextShape =
  | "client_secret" | "id_or_secret_token" | "basic_credentials" | "webhook_signature"
  | "token_endpoint_error" | "api_error_response" | "token_response_without_token"
  | "other_json" | "incomplete_jwt" | "base64_not_json" | "hex_string" | "url" | "text";

/** A finding about a token. `warning` means the token will fail or is likely to. */
export interface TokenWarning {
  code: string;
  level: "info" | "warning";
  message: string;
}

/** The result of `introspectToken`. Times are epoch seconds. */
export interface TokenReport {
  kind: TokenKind;
  version: number | null;
  clientId: string | null;
  accountId: string | null;
  userId: string | null;
  issuedAt: number | null;
  notBefore: number | null;
  expiresAt: number | null;
  expired: boolean;
  secondsLeft: number | null;
  /** Granted scopes, or null when only a bare token was given. */
  scopes: string[] | null;
  scopeSource: "token_response" | "unknown";
  apiUrl: string | null;
  /** Decoded JWT header, unverified; null for text that is not a JWT. */
  header: Record<string, unknown> | null;
  /** Decoded JWT claims, unverified; null for text that is not a JWT. */
  claims: Record<string, unknown> | null;
  unverified: true;
  looksLike: TextShape | null;
  redacted: string;
  fingerprint: string;
  /** Findings, warnings before infos. */
  warnings: TokenWarning[];
}

/** Options of `introspectToken`. */
export interface IntrospectOptions {
  /** The clock in epoch seconds. Defaults to the current time. */
  now?: number | null;
}
"#;

/// Introspects a Zoom token, an `Authorization` header or a token-endpoint response.
///
/// Throws an `Error` with `code` `invalid_argument` when `input` is not a string, is empty, is a
/// bare `Bearer` or is over 64 KiB, or when `options` or `options.now` cannot be read as documented.
/// Every other input returns a report.
#[wasm_bindgen(js_name = introspectToken, unchecked_return_type = "TokenReport")]
pub fn introspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "IntrospectOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let Some(text) = input.as_string() else {
        return Err(invalid_argument("input must be a string: an access token, an Authorization header or a token response"));
    };
    check_token_size("input", &text)?;
    let now = match optional_object(&options, "options")? {
        Some(options) => optional_number(&options, "options", "now", "epoch seconds")?,
        None => None,
    };
    let now = resolve_now(now)?;

    let report = token::introspect(&text, now).map_err(error_to_js)?;
    to_js(&report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const NOW: f64 = 1_764_590_400.0;

    fn options(now: f64) -> JsValue {
        let object = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&object, &"now".into(), &now.into());
        object.into()
    }

    fn get(value: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
    }

    fn error_code(result: Result<JsValue, JsValue>) -> Option<String> {
        let error = result.err()?;
        assert!(error.is_instance_of::<js_sys::Error>());
        get(&error, "code").as_string()
    }

    #[wasm_bindgen_test]
    fn report_is_camel_case_object() {
        let report = introspect_token("my-client-secret-value".into(), options(NOW)).unwrap();
        assert_eq!(get(&report, "kind").as_string().as_deref(), Some("not_a_jwt"));
        assert!(get(&report, "secondsLeft").is_null());
        assert!(js_sys::Array::is_array(&get(&report, "warnings")));
    }

    #[wasm_bindgen_test]
    fn null_options_use_the_clock() {
        let report = introspect_token("my-client-secret-value".into(), JsValue::NULL).unwrap();
        assert_eq!(get(&report, "kind").as_string().as_deref(), Some("not_a_jwt"));
    }

    #[wasm_bindgen_test]
    fn non_string_input_throws() {
        assert_eq!(error_code(introspect_token(JsValue::from(5), JsValue::UNDEFINED)).as_deref(), Some("invalid_argument"));
        assert_eq!(error_code(introspect_token(JsValue::NULL, JsValue::UNDEFINED)).as_deref(), Some("invalid_argument"));
    }

    #[wasm_bindgen_test]
    fn empty_input_throws() {
        assert_eq!(error_code(introspect_token("  ".into(), JsValue::UNDEFINED)).as_deref(), Some("invalid_argument"));
        assert_eq!(error_code(introspect_token("Bearer".into(), JsValue::UNDEFINED)).as_deref(), Some("invalid_argument"));
    }

    #[wasm_bindgen_test]
    fn invalid_now_throws() {
        assert_eq!(error_code(introspect_token("abc".into(), options(f64::NAN))).as_deref(), Some("invalid_argument"));
        let text_now = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&text_now, &"now".into(), &"soon".into());
        assert_eq!(error_code(introspect_token("abc".into(), text_now.into())).as_deref(), Some("invalid_argument"));
    }

    #[wasm_bindgen_test]
    fn oversized_input_throws() {
        let huge = "x".repeat(super::super::args::MAX_TOKEN_INPUT_BYTES + 1);
        assert_eq!(error_code(introspect_token(huge.into(), JsValue::UNDEFINED)).as_deref(), Some("invalid_argument"));
    }
}
