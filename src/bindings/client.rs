//! `mintToken` and `fetchSummary` for JavaScript.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::args::{field, optional_number, optional_string, required_string};
use super::{coded_error, error_to_js, invalid_argument, is_absent, to_js};
use crate::client::run::{self, SummaryCall};
use crate::client::RetryPolicy;
use crate::request::{self, validate_id, SummaryTarget, TokenRequestParams};

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &str = r#"
/** A Zoom token-endpoint response, as Zoom sends it. */
export interface ZoomTokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  api_url?: string;
  [member: string]: unknown;
}

/** Settings of `mintToken`. */
export interface MintTokenConfig {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Defaults to https://zoom.us. */
  oauthHost?: string | null;
  /** Timeout of the token request in milliseconds; defaults to 5000. */
  timeoutMs?: number | null;
  /** A replacement for the global `fetch`. */
  fetch?: typeof fetch | null;
}

/** The result of `mintToken`. Times are epoch seconds. */
export type MintTokenResult =
  | { ok: true; tokenResponse: ZoomTokenResponse; expiresAt: number; mintedAt: number; oauthOrigin: string | null }
  | { ok: false; status: number; problem: Problem };

/** The summary to fetch. */
export interface SummaryTargetInput {
  userId: string;
  summaryId: string;
  /** Set for a master account reading a sub-account's summary. */
  subAccountId?: string | null;
}

/** Settings of `fetchSummary`. */
export interface FetchSummaryOptions {
  /**
   * Returns or resolves to `mintToken`'s result, optionally with `cached`, or to a bare token
   * response. Returning a cached token directly, not in a promise, spares a timer per call.
   */
  getToken: (request: { forceRefresh: boolean; rejectedFingerprint?: string }) =>
    | (MintTokenResult & { cached?: boolean }) | ZoomTokenResponse
    | Promise<(MintTokenResult & { cached?: boolean }) | ZoomTokenResponse>;
  /** An API origin that replaces the token response's `api_url`, such as an emulator's. */
  apiHost?: string | null;
  /** Returns, or resolves, when the rate limiter grants a call. */
  acquire?: (() => unknown) | null;
  /** Milliseconds the whole call may take, retries included; defaults to 10000. */
  deadlineMs?: number | null;
  /** A replacement for the global `fetch`. */
  fetch?: typeof fetch | null;
  /** The User-Agent sent to Zoom. */
  userAgent?: string | null;
}

/** The record of one `fetchSummary` call: endpoint, tracking id, attempts and token use. */
export interface FetchSummaryMeta {
  endpoint: string | null;
  trackingId: string | null;
  attempts: number;
  tokenCached: boolean;
  reminted: boolean;
  durationMs: number;
  warnings?: string[];
}

/** The result of `fetchSummary` when Zoom returned the summary. */
export interface FetchSummarySuccess {
  ok: true;
  status: 200;
  /** Zoom's summary fields as received. */
  summary: Record<string, unknown>;
  meta: FetchSummaryMeta;
}

/** The result of `fetchSummary` when the call failed. */
export interface FetchSummaryFailure {
  ok: false;
  /** The HTTP status to give the caller. */
  status: number;
  problem: Problem;
  /** Seconds to wait before retrying; always set when `status` is 429. */
  retryAfter?: number;
  meta: FetchSummaryMeta;
}

/** The result of `fetchSummary`: Zoom's summary fields, or a problem document. Test `ok` first. */
export type FetchSummaryResult = FetchSummarySuccess | FetchSummaryFailure;
"#;

/// Default deadline of `fetchSummary`, retries included.
const DEFAULT_DEADLINE_MS: u64 = 10_000;

/// Default timeout of `mintToken`.
const DEFAULT_MINT_TIMEOUT_MS: u64 = 5_000;

/// Mints a Server-to-Server OAuth token (`account_credentials` grant).
///
/// `config` is `{ accountId, clientId, clientSecret, oauthHost?, timeoutMs?, fetch? }`. Resolves to
/// `{ ok: true, tokenResponse, expiresAt, mintedAt }` or `{ ok: false, status, problem }`; the
/// problem never contains the client secret. Rejects with an `invalid_argument` error when the
/// credentials or the host cannot form a request; for a disallowed host the error's `option` is
/// `'oauthHost'`.
#[wasm_bindgen(js_name = mintToken, unchecked_return_type = "MintTokenResult")]
pub async fn mint_token(#[wasm_bindgen(unchecked_param_type = "MintTokenConfig")] config: JsValue) -> Result<JsValue, JsValue> {
    if !config.is_object() {
        return Err(invalid_argument("config must be an object: { accountId, clientId, clientSecret, oauthHost? }"));
    }
    let fetch = optional_function(&config, "config", "fetch")?;
    // Messages name fields and types only, never values, because this object contains a secret.
    let params = TokenRequestParams {
        account_id: required_string(&config, "config", "accountId", "pass the Account ID from the app's credentials page")?,
        client_id: required_string(&config, "config", "clientId", "pass the Client ID from the app's credentials page")?,
        client_secret: required_string(&config, "config", "clientSecret", "pass the Client Secret from the app's credentials page")?,
        oauth_host: optional_string(&config, "config", "oauthHost")?,
    };
    if let Some(host) = &params.oauth_host {
        request::oauth_origin_from_setting("config.oauthHost", host).map_err(|err| option_error("oauthHost", &err))?;
    }
    let timeout_ms = positive_ms(optional_number(&config, "config", "timeoutMs", "milliseconds")?, "config.timeoutMs")?.unwrap_or(DEFAULT_MINT_TIMEOUT_MS);

    let result = run::mint_token(&params, fetch.as_ref(), timeout_ms).await.map_err(error_to_js)?;
    to_js(&result)
}

/// Fetches an AI call summary, minting, retrying and classifying as needed.
///
/// `target` is `{ userId, summaryId, subAccountId? }`. `options` is `{ getToken, apiHost?, acquire?,
/// deadlineMs?, fetch?, userAgent? }`, where `getToken({ forceRefresh, rejectedFingerprint })` returns
/// or resolves to `mintToken`'s result or a token response. Resolves to `{ ok: true, status: 200,
/// summary, meta }` or `{ ok: false, status, problem, retryAfter?, meta }`. `retryAfter` is always
/// set, from 1 to 86,400 seconds, when `status` is 429.
/// Rejects with an `invalid_argument` error for a malformed target or option; for a disallowed
/// `apiHost` the error's `option` is `'apiHost'`.
#[wasm_bindgen(js_name = fetchSummary, unchecked_return_type = "FetchSummaryResult")]
pub async fn fetch_summary(
    #[wasm_bindgen(unchecked_param_type = "SummaryTargetInput")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FetchSummaryOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let target = read_target(&target)?;
    if !options.is_object() {
        return Err(invalid_argument("options must be an object with a getToken function"));
    }

    let Some(get_token) = optional_function(&options, "options", "getToken")? else {
        return Err(invalid_argument("options.getToken is missing: pass an async function that returns a token response"));
    };
    let api_host = optional_string(&options, "options", "apiHost")?;
    if let Some(host) = &api_host {
        // Checked before any token is requested, so a bad setting never reaches Zoom or the token.
        request::api_base_from_setting("options.apiHost", host).map_err(|err| option_error("apiHost", &err))?;
    }
    let call = SummaryCall {
        target,
        api_host,
        get_token,
        acquire: optional_function(&options, "options", "acquire")?,
        fetch: optional_function(&options, "options", "fetch")?,
        deadline_ms: positive_ms(optional_number(&options, "options", "deadlineMs", "milliseconds")?, "options.deadlineMs")?.unwrap_or(DEFAULT_DEADLINE_MS),
        user_agent: optional_string(&options, "options", "userAgent")?,
        policy: RetryPolicy::default(),
    };

    let outcome = run::fetch_summary(&call).await;
    to_js(&outcome)
}

fn read_target(target: &JsValue) -> Result<SummaryTarget, JsValue> {
    if !target.is_object() {
        return Err(invalid_argument("target must be an object: { userId, summaryId, subAccountId? }"));
    }
    let user_id = required_string(target, "target", "userId", "pass the summary owner's Zoom user ID")?;
    let summary_id = required_string(target, "target", "summaryId", "pass the ai_call_summary_id from the webhook event")?;
    let sub_account_id = optional_string(target, "target", "subAccountId")?;

    // Checked here so a bad id is the caller's error before any token is requested.
    validate_id("target.userId", &user_id).map_err(error_to_js)?;
    validate_id("target.summaryId", &summary_id).map_err(error_to_js)?;
    if let Some(account) = &sub_account_id {
        validate_id("target.subAccountId", account).map_err(error_to_js)?;
    }
    Ok(SummaryTarget { user_id, summary_id, sub_account_id })
}

/// Builds an `invalid_argument` error whose `option` property names the setting to fix, so a
/// worker can report which of its settings is wrong.
fn option_error(option: &str, error: &crate::Error) -> JsValue {
    let thrown = coded_error(error.code(), &error.to_string());
    // Reflect::set only fails on frozen or non-object targets, and a fresh Error is neither.
    let _ = js_sys::Reflect::set(&thrown, &JsValue::from_str("option"), &JsValue::from_str(option));
    thrown
}

fn optional_function(object: &JsValue, what: &str, name: &str) -> Result<Option<Function>, JsValue> {
    let value = field(object, what, name)?;
    if is_absent(&value) {
        return Ok(None);
    }
    value.dyn_into::<Function>().map(Some).map_err(|_| invalid_argument(&format!("{what}.{name} must be a function or null")))
}

fn positive_ms(value: Option<f64>, name: &str) -> Result<Option<u64>, JsValue> {
    match value {
        None => Ok(None),
        Some(ms) if ms.is_finite() && ms > 0.0 => Ok(Some(ms.min(600_000.0) as u64)),
        Some(_) => Err(invalid_argument(&format!("{name} must be a positive number of milliseconds"))),
    }
}
