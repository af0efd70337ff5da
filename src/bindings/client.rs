//! `mintToken` and `fetchSummary` for JavaScript.

use js_sys::{Function, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{error_to_js, invalid_argument, is_absent, to_js};
use crate::client::run::{self, SummaryCall};
use crate::client::RetryPolicy;
use crate::request::{validate_id, SummaryTarget, TokenRequestParams};

/// Default deadline of `fetchSummary`, retries included.
const DEFAULT_DEADLINE_MS: u64 = 10_000;

/// Default timeout of `mintToken`.
const DEFAULT_MINT_TIMEOUT_MS: u64 = 5_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MintConfig {
    account_id: String,
    client_id: String,
    client_secret: String,
    oauth_host: Option<String>,
    timeout_ms: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetInput {
    user_id: String,
    summary_id: String,
    sub_account_id: Option<String>,
}

/// Mints a Server-to-Server OAuth token (`account_credentials` grant).
///
/// `config` is `{ accountId, clientId, clientSecret, oauthHost?, timeoutMs?, fetch? }`. Resolves to
/// `{ ok: true, tokenResponse, expiresAt, mintedAt }` or `{ ok: false, status, problem }`; the
/// problem never contains the client secret. Rejects with an `invalid_argument` error when the
/// credentials or the host cannot form a request.
#[wasm_bindgen(js_name = mintToken)]
pub async fn mint_token(config: JsValue) -> Result<JsValue, JsValue> {
    if !config.is_object() {
        return Err(invalid_argument("config must be an object: { accountId, clientId, clientSecret, oauthHost? }"));
    }
    let fetch = optional_function(&config, "fetch")?;
    let parsed: MintConfig = serde_wasm_bindgen::from_value(without_functions(&config)?)
        .map_err(|err| invalid_argument(&format!("config is invalid: {err}; pass accountId, clientId and clientSecret as strings")))?;

    let timeout_ms = positive_ms(parsed.timeout_ms, "config.timeoutMs")?.unwrap_or(DEFAULT_MINT_TIMEOUT_MS);
    let params = TokenRequestParams {
        account_id: parsed.account_id,
        client_id: parsed.client_id,
        client_secret: parsed.client_secret,
        oauth_host: parsed.oauth_host,
    };
    let result = run::mint_token(&params, fetch.as_ref(), timeout_ms).await.map_err(error_to_js)?;
    to_js(&result)
}

/// Fetches an AI call summary, minting, retrying and classifying as needed.
///
/// `target` is `{ userId, summaryId, subAccountId? }`. `options` is `{ getToken, apiHost?, acquire?,
/// deadlineMs?, fetch?, userAgent? }`, where `getToken({ forceRefresh, rejectedFingerprint })` resolves
/// to `mintToken`'s result or a token response. Resolves to `{ ok, status, summary?, problem?,
/// retryAfter?, meta }`. Rejects with an `invalid_argument` error for a malformed target or option.
#[wasm_bindgen(js_name = fetchSummary)]
pub async fn fetch_summary(target: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let target = read_target(&target)?;
    if !options.is_object() {
        return Err(invalid_argument("options must be an object with a getToken function"));
    }

    let Some(get_token) = optional_function(&options, "getToken")? else {
        return Err(invalid_argument("options.getToken is missing: pass an async function that returns a token response"));
    };
    let call = SummaryCall {
        target,
        api_host: optional_string(&options, "apiHost")?,
        get_token,
        acquire: optional_function(&options, "acquire")?,
        fetch: optional_function(&options, "fetch")?,
        deadline_ms: positive_ms(optional_number(&options, "deadlineMs")?, "options.deadlineMs")?.unwrap_or(DEFAULT_DEADLINE_MS),
        user_agent: optional_string(&options, "userAgent")?,
        policy: RetryPolicy::default(),
    };

    let outcome = run::fetch_summary(&call).await;
    to_js(&outcome)
}

fn read_target(target: &JsValue) -> Result<SummaryTarget, JsValue> {
    if !target.is_object() {
        return Err(invalid_argument("target must be an object: { userId, summaryId, subAccountId? }"));
    }
    let input: TargetInput = serde_wasm_bindgen::from_value(target.clone())
        .map_err(|err| invalid_argument(&format!("target is invalid: {err}; pass userId and summaryId as strings")))?;

    // Checked here so a bad id is the caller's error before any token is requested.
    validate_id("target.userId", &input.user_id).map_err(error_to_js)?;
    validate_id("target.summaryId", &input.summary_id).map_err(error_to_js)?;
    if let Some(account) = &input.sub_account_id {
        validate_id("target.subAccountId", account).map_err(error_to_js)?;
    }
    Ok(SummaryTarget { user_id: input.user_id, summary_id: input.summary_id, sub_account_id: input.sub_account_id })
}

fn property(object: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(object, &JsValue::from_str(name))
}

fn optional_function(object: &JsValue, name: &str) -> Result<Option<Function>, JsValue> {
    let value = property(object, name)?;
    if is_absent(&value) {
        return Ok(None);
    }
    value.dyn_into::<Function>().map(Some).map_err(|_| invalid_argument(&format!("{name} must be a function or null")))
}

fn optional_string(object: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    let value = property(object, name)?;
    if is_absent(&value) {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| invalid_argument(&format!("options.{name} must be a string or null")))
}

fn optional_number(object: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    let value = property(object, name)?;
    if is_absent(&value) {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| invalid_argument(&format!("options.{name} must be a number of milliseconds or null")))
}

fn positive_ms(value: Option<f64>, name: &str) -> Result<Option<u64>, JsValue> {
    match value {
        None => Ok(None),
        Some(ms) if ms.is_finite() && ms > 0.0 => Ok(Some(ms.min(600_000.0) as u64)),
        Some(_) => Err(invalid_argument(&format!("{name} must be a positive number of milliseconds"))),
    }
}

// serde-wasm-bindgen cannot read functions, so the `fetch` property is dropped before parsing.
fn without_functions(object: &JsValue) -> Result<JsValue, JsValue> {
    let copy = js_sys::Object::assign(&js_sys::Object::new(), object.unchecked_ref());
    Reflect::delete_property(&copy, &JsValue::from_str("fetch"))?;
    Ok(copy.into())
}
