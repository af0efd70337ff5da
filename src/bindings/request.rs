//! `buildSummaryRequest`, `summaryTargetFromEvent`, `buildTokenRequest`, `preflightSummaryAccess`
//! and `endpointCatalog` for JavaScript.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::{error_to_js, invalid_argument, is_absent, options_from_js, resolve_now, to_js};
use crate::request::{self, RequestOptions, SummaryTarget, TokenRequestParams};
use crate::{catalog, preflight};

/// The `target` argument as JavaScript passes it; fields are checked one by one for clear messages.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetInput {
    user_id: Option<String>,
    summary_id: Option<String>,
    sub_account_id: Option<String>,
}

impl TargetInput {
    fn into_target(self, what: &str) -> Result<SummaryTarget, JsValue> {
        let user_id = self
            .user_id
            .ok_or_else(|| invalid_argument(&format!("{what}.userId is missing: pass the summary owner's Zoom user ID, or 'me' for a user-managed app")))?;
        let summary_id = self
            .summary_id
            .ok_or_else(|| invalid_argument(&format!("{what}.summaryId is missing: pass the ai_call_summary_id from the webhook event")))?;
        Ok(SummaryTarget { user_id, summary_id, sub_account_id: self.sub_account_id })
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BuildOptions {
    token: Option<String>,
    api_url: Option<String>,
    now: Option<f64>,
    user_agent: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreflightInput {
    token: Option<String>,
    target: Option<TargetInput>,
    now: Option<f64>,
}

fn target_from_js(value: &JsValue, what: &str) -> Result<SummaryTarget, JsValue> {
    if is_absent(value) {
        return Err(invalid_argument(&format!("{what} is missing: pass {{ userId, summaryId }}")));
    }
    let input: TargetInput = options_from_js(value, what)?;
    input.into_target(what)
}

/// Builds the `GET` request for an AI call summary: `{ method, url, headers, endpoint, rateLimitLabel, warnings }`.
#[wasm_bindgen(js_name = buildSummaryRequest)]
pub fn build_summary_request(target: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let target = target_from_js(&target, "target")?;
    let options: BuildOptions = options_from_js(&options, "options")?;
    let now = resolve_now(options.now)?;

    let options = RequestOptions { token: options.token, api_url: options.api_url, now, user_agent: options.user_agent };
    let built = request::build_summary_request(&target, &options).map_err(error_to_js)?;
    to_js(&built)
}

/// Reads a `phone.ai_call_summary_changed` event (object or JSON text) into the target to fetch.
#[wasm_bindgen(js_name = summaryTargetFromEvent)]
pub fn summary_target_from_event(event: JsValue) -> Result<JsValue, JsValue> {
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
#[wasm_bindgen(js_name = buildTokenRequest)]
pub fn build_token_request(params: JsValue) -> Result<JsValue, JsValue> {
    if is_absent(&params) {
        return Err(invalid_argument("params is missing: pass { accountId, clientId, clientSecret, oauthHost? }"));
    }
    // serde's own message could quote a value, and this object contains a secret, so the message is fixed.
    let params: TokenRequestParams = options_from_js(&params, "params").map_err(|_| {
        invalid_argument("params is invalid: pass { accountId, clientId, clientSecret } as strings and oauthHost as a string or null")
    })?;

    let built = request::build_token_request(&params).map_err(error_to_js)?;
    to_js(&built)
}

/// Says for each path to an AI call summary whether the token can use it, why, and the fix.
#[wasm_bindgen(js_name = preflightSummaryAccess)]
pub fn preflight_summary_access(input: JsValue) -> Result<JsValue, JsValue> {
    if is_absent(&input) {
        return Err(invalid_argument("the argument is missing: pass { token, target?, now? }"));
    }
    // The token is kept out of serde's messages for the same reason as in buildTokenRequest.
    let input: PreflightInput = options_from_js(&input, "input").map_err(|_| {
        invalid_argument("the argument is invalid: pass { token: string, target?: { userId, summaryId, subAccountId? }, now?: number }")
    })?;
    let Some(token) = input.token else {
        return Err(invalid_argument("token is missing: pass an access token, an Authorization header or the token endpoint's JSON response"));
    };
    let target = input.target.map(|target| target.into_target("target")).transpose()?;
    let now = resolve_now(input.now)?;

    let report = preflight::preflight_summary_access(&token, target.as_ref(), now).map_err(error_to_js)?;
    to_js(&report)
}

/// Returns the endpoint catalog: `{ endpoints, rateLimits, rateLimitSource }`.
#[wasm_bindgen(js_name = endpointCatalog)]
pub fn endpoint_catalog() -> Result<JsValue, JsValue> {
    to_js(&catalog::document())
}
