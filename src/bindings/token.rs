//! `introspectToken` for JavaScript.

use wasm_bindgen::prelude::*;

use super::args::{check_token_size, long_string, optional_now, optional_object};
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

#[wasm_bindgen]
extern "C" {
    /// The `options` argument of `introspectToken`; typed so that TypeScript marks it optional.
    #[wasm_bindgen(typescript_type = "IntrospectOptions")]
    pub type IntrospectOptionsArg;
}

/// Introspects a Zoom token, an `Authorization` header or a token-endpoint response.
///
/// Throws an `Error` with `code` `invalid_argument` when `input` is not a string, is empty, is a
/// bare `Bearer` or is over 64 KiB, or when `options` or `options.now` cannot be read as documented.
/// Every other input returns a report.
#[wasm_bindgen(js_name = introspectToken, unchecked_return_type = "TokenReport")]
pub fn introspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    options: Option<IntrospectOptionsArg>,
) -> Result<JsValue, JsValue> {
    let Some(text) = long_string(&input) else {
        return Err(invalid_argument("input must be a string: an access token, an Authorization header or a token response"));
    };
    check_token_size("input", &text)?;
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let now = match optional_object(&options, "options")? {
        Some(options) => optional_now(&options, "options")?,
        None => None,
    };
    let now = resolve_now(now)?;

    let report = token::introspect(&text, now).map_err(error_to_js)?;
    to_js(&report)
}
