//! `buildSummaryRequest`, `summaryTargetFromEvent`, `buildTokenRequest`, `preflightSummaryAccess`
//! and `endpointCatalog` for JavaScript.

use wasm_bindgen::prelude::*;

use super::args::{check_token_size, field, optional_number, optional_object, optional_string, required_string};
use super::{error_to_js, invalid_argument, is_absent, resolve_now, to_js};
use crate::request::{self, RequestOptions, SummaryTarget, TokenRequestParams};
use crate::{catalog, preflight};

#[wasm_bindgen(typescript_custom_section)]
const REQUEST_TYPES: &str = r#"
/** A summary to fetch, as the functions return it. */
export interface SummaryTarget {
  userId: string;
  summaryId: string;
  subAccountId?: string;
}

/** A rate-limit label of Zoom's API reference. */
export type RateLimitLabel = "light" | "medium" | "heavy" | "resource_intensive";

/** Options of `buildSummaryRequest`. */
export interface BuildSummaryRequestOptions {
  /** A raw token, `Bearer <token>`, an Authorization header line or the token endpoint's JSON response. */
  token?: string | null;
  /** An API origin that replaces the token response's `api_url`. */
  apiUrl?: string | null;
  /** The clock in epoch seconds; defaults to the JavaScript clock. */
  now?: number | null;
  userAgent?: string | null;
}

/** A request built for the summary endpoint. Only `headers.Authorization` carries the token. */
export interface BuiltSummaryRequest {
  method: "GET";
  url: string;
  headers: Record<string, string>;
  endpoint: "get_user_ai_call_summary" | "get_user_ai_call_summary_master";
  rateLimitLabel: RateLimitLabel;
  /** Problems Zoom would reject, most serious first. */
  warnings: TokenWarning[];
}

/** The action a `phone.ai_call_summary_changed` event calls for, with its ids. */
export interface SummaryEventTarget {
  action: "fetch" | "skip";
  /** The target to fetch, or null for a deleted summary. */
  target: SummaryTarget | null;
  deleted: boolean;
  edited: boolean;
  summaryId: string;
  userId: string | null;
  accountId: string | null;
  callId: string | null;
  modifiedTime: string | null;
  eventTs: number | null;
  message: string;
}

/** The Server-to-Server token request. `headers.Authorization` carries the client credentials. */
export interface BuiltTokenRequest {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Input of `buildTokenRequest`. */
export interface TokenRequestParams {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Defaults to https://zoom.us. */
  oauthHost?: string | null;
}

/** Input of `preflightSummaryAccess`. */
export interface PreflightInput {
  /** Preferably the token endpoint's JSON response, the only form that lists the scopes. */
  token: string;
  target?: { userId: string; summaryId: string; subAccountId?: string | null } | null;
  now?: number | null;
}

/** One path to a summary and whether the token can use it. */
export interface PreflightCheck {
  endpoint: string;
  title: string;
  usable: "yes" | "no" | "unknown";
  reason: string;
  acceptedScopes: string[];
  heldScopes: string[];
  fix: string | null;
}

/** The result of `preflightSummaryAccess`. */
export interface PreflightReport {
  tokenKind: TokenKind;
  appType: "server_to_server" | "admin_managed" | "user_managed" | "unknown";
  expired: boolean;
  scopes: string[] | null;
  scopeSource: "token_response" | "unknown";
  redacted: string;
  fingerprint: string;
  target: SummaryTarget | null;
  checks: PreflightCheck[];
}

/** One endpoint of the catalog. */
export interface CatalogEndpoint {
  id: string;
  title: string;
  kind: "rest" | "webhook" | "o_auth";
  method: string | null;
  path: string;
  granularScopes: string[];
  classicScopes: string[];
  rateLimitLabel: RateLimitLabel | null;
  prerequisites: string[];
  notes: string[];
  source: string;
}

/** A rate limit: `requests` per `windowSeconds`, with an optional daily cap. */
export interface RateLimit {
  requests: number;
  windowSeconds: number;
  dailyCap: number | null;
}

/** The result of `endpointCatalog`. */
export interface EndpointCatalog {
  endpoints: CatalogEndpoint[];
  rateLimits: Array<{ label: RateLimitLabel; pro: RateLimit; businessPlus: RateLimit }>;
  rateLimitSource: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The `options` argument of `buildSummaryRequest`; typed so that TypeScript marks it optional.
    #[wasm_bindgen(typescript_type = "BuildSummaryRequestOptions")]
    pub type BuildSummaryRequestOptionsArg;
}

fn target_from_js(value: &JsValue, what: &str) -> Result<SummaryTarget, JsValue> {
    let Some(object) = optional_object(value, what)? else {
        return Err(invalid_argument(&format!("{what} is missing: pass {{ userId, summaryId }}")));
    };
    let user_id = required_string(&object, what, "userId", "pass the summary owner's Zoom user ID, or 'me' for a user-managed app")?;
    let summary_id = required_string(&object, what, "summaryId", "pass the ai_call_summary_id from the webhook event")?;
    let sub_account_id = optional_string(&object, what, "subAccountId")?;
    Ok(SummaryTarget { user_id, summary_id, sub_account_id })
}

/// Reads an optional token field and rejects one too large to be a token.
fn optional_token(object: &JsValue, what: &str) -> Result<Option<String>, JsValue> {
    let token = optional_string(object, what, "token")?;
    if let Some(token) = &token {
        check_token_size(&format!("{what}.token"), token)?;
    }
    Ok(token)
}

/// Builds the `GET` request for an AI call summary: `{ method, url, headers, endpoint, rateLimitLabel, warnings }`.
#[wasm_bindgen(js_name = buildSummaryRequest, unchecked_return_type = "BuiltSummaryRequest")]
pub fn build_summary_request(
    #[wasm_bindgen(unchecked_param_type = "SummaryTargetInput")] target: JsValue,
    options: Option<BuildSummaryRequestOptionsArg>,
) -> Result<JsValue, JsValue> {
    let target = target_from_js(&target, "target")?;
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let options = match optional_object(&options, "options")? {
        Some(options) => RequestOptions {
            token: optional_token(&options, "options")?,
            api_url: optional_string(&options, "options", "apiUrl")?,
            now: resolve_now(optional_number(&options, "options", "now", "epoch seconds")?)?,
            user_agent: optional_string(&options, "options", "userAgent")?,
        },
        None => RequestOptions { now: resolve_now(None)?, ..RequestOptions::default() },
    };
    let built = request::build_summary_request(&target, &options).map_err(error_to_js)?;
    to_js(&built)
}

/// Reads a `phone.ai_call_summary_changed` event (object or JSON text) into the target to fetch.
#[wasm_bindgen(js_name = summaryTargetFromEvent, unchecked_return_type = "SummaryEventTarget")]
pub fn summary_target_from_event(#[wasm_bindgen(unchecked_param_type = "string | object")] event: JsValue) -> Result<JsValue, JsValue> {
    let text = match event.as_string() {
        Some(text) => text,
        None if event.is_object() => js_sys::JSON::stringify(&event)
            .map(String::from)
            .map_err(|_| invalid_argument("event could not be converted to JSON: pass the parsed webhook body or its raw text"))?,
        None => return Err(invalid_argument("event must be an object or a JSON string: pass the webhook request body")),
    };

    let found = request::summary_target_from_event_str(&text).map_err(error_to_js)?;
    to_js(&found)
}

/// Builds the Server-to-Server token request: `{ method, url, headers, body }`.
#[wasm_bindgen(js_name = buildTokenRequest, unchecked_return_type = "BuiltTokenRequest")]
pub fn build_token_request(#[wasm_bindgen(unchecked_param_type = "TokenRequestParams")] params: JsValue) -> Result<JsValue, JsValue> {
    if is_absent(&params) {
        return Err(invalid_argument("params is missing: pass { accountId, clientId, clientSecret, oauthHost? }"));
    }
    let Some(object) = optional_object(&params, "params")? else {
        return Err(invalid_argument("params is missing: pass { accountId, clientId, clientSecret, oauthHost? }"));
    };
    // Messages name fields and types only, never values, because this object contains a secret.
    let params = TokenRequestParams {
        account_id: required_string(&object, "params", "accountId", "pass the Account ID from the app's credentials page")?,
        client_id: required_string(&object, "params", "clientId", "pass the Client ID from the app's credentials page")?,
        client_secret: required_string(&object, "params", "clientSecret", "pass the Client Secret from the app's credentials page")?,
        oauth_host: optional_string(&object, "params", "oauthHost")?,
    };

    let built = request::build_token_request(&params).map_err(error_to_js)?;
    to_js(&built)
}

/// Says for each path to an AI call summary whether the token can use it, why, and the fix.
#[wasm_bindgen(js_name = preflightSummaryAccess, unchecked_return_type = "PreflightReport")]
pub fn preflight_summary_access(#[wasm_bindgen(unchecked_param_type = "PreflightInput")] input: JsValue) -> Result<JsValue, JsValue> {
    if is_absent(&input) {
        return Err(invalid_argument("the argument is missing: pass { token, target?, now? }"));
    }
    let Some(object) = optional_object(&input, "input")? else {
        return Err(invalid_argument("the argument is missing: pass { token, target?, now? }"));
    };
    let Some(token) = optional_token(&object, "input")? else {
        return Err(invalid_argument("input.token is missing: pass an access token, an Authorization header or the token endpoint's JSON response"));
    };
    let target_value = field(&object, "input", "target")?;
    let target = if is_absent(&target_value) { None } else { Some(target_from_js(&target_value, "input.target")?) };
    let now = resolve_now(optional_number(&object, "input", "now", "epoch seconds")?)?;

    let report = preflight::preflight_summary_access(&token, target.as_ref(), now).map_err(error_to_js)?;
    to_js(&report)
}

/// Returns the endpoint catalog: `{ endpoints, rateLimits, rateLimitSource }`.
#[wasm_bindgen(js_name = endpointCatalog, unchecked_return_type = "EndpointCatalog")]
pub fn endpoint_catalog() -> Result<JsValue, JsValue> {
    to_js(&catalog::document())
}
