//! Builds the one right HTTP request for an AI call summary, or the Server-to-Server token request.
//!
//! Nothing here sends anything: the functions return the method, URL and headers, and the caller
//! (the worker, a script, a test) performs the call. Every check that can fail runs before a
//! request is returned, so a rejected argument never reaches Zoom.

mod base;
mod checks;
mod event;
mod segment;
mod token_request;

use serde::Deserialize;

use crate::catalog::{self, RateLimitLabel};
use crate::json::{self, ToJson};
use crate::token::Warning;
use crate::Result;

pub use base::{
    api_base, api_base_from_setting, is_allowed_redirect, is_allowed_url, is_trusted_token_api_url, oauth_origin,
    oauth_origin_from_setting, redact_url, DEFAULT_API_BASE, DEFAULT_OAUTH_HOST,
};
pub(crate) use checks::{not_access_token_message, renew_step, TokenFacts};
pub use event::{summary_target_from_event, summary_target_from_event_str, EventAction, SummaryEvent};
pub use segment::{encode_id, validate_id, MAX_ID_BYTES};
pub use token_request::{build_token_request, TokenRequest, TokenRequestParams};

/// The summary to fetch: its owner and id, and the sub-account for the master-account form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryTarget {
    /// The summary owner's Zoom user ID or email, or `me` for a user-managed app's own user.
    pub user_id: String,
    /// The AI call summary ID (`ai_call_summary_id` in the webhook event).
    pub summary_id: String,
    /// The sub-account that contains the summary when a master account reads it, or `me` for the
    /// master account itself. Only when given is the master-account path used.
    #[serde(default)]
    pub sub_account_id: Option<String>,
}

/// Options for [`build_summary_request`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// A raw access token, `Bearer <token>`, an `Authorization` header or a token-response JSON text.
    pub token: Option<String>,
    /// The API host to call, which wins over the token response's `api_url`.
    pub api_url: Option<String>,
    /// The clock for expiry checks, in epoch seconds.
    pub now: i64,
    /// A `User-Agent` header value to send.
    pub user_agent: Option<String>,
}

impl std::fmt::Debug for RequestOptions {
    // The derived Debug would print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("api_url", &self.api_url)
            .field("now", &self.now)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// HTTP headers in sending order. They are written as a JSON object of name to value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// Appends a header.
    pub fn push(&mut self, name: &str, value: String) {
        self.0.push((name.to_owned(), value));
    }

    /// Returns the value of the first header called `name`, compared without ASCII case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Returns the headers as (name, value) pairs in sending order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// Returns the headers as owned (name, value) pairs in sending order.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.0
    }
}

impl ToJson for SummaryTarget {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("userId", &self.user_id)
            .field("summaryId", &self.summary_id)
            .optional("subAccountId", &self.sub_account_id)
            .end();
    }
}

impl ToJson for Headers {
    // Names are escaped too, because a header map is not one of the crate's own key sets.
    fn write_json(&self, out: &mut String) {
        out.push('{');
        for (index, (name, value)) in self.0.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            json::string(out, name);
            out.push(':');
            json::string(out, value);
        }
        out.push('}');
    }
}

impl std::fmt::Debug for Headers {
    // Credentials stay out of Debug output even though the serialised request carries them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            if name.eq_ignore_ascii_case("authorization") {
                map.entry(name, &"[redacted]");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltRequest {
    /// Always `GET`.
    pub method: &'static str,
    /// The absolute URL, with each id percent-encoded as one path segment.
    pub url: String,
    /// `Accept`, then `Authorization` when a token was given, then `User-Agent` when given.
    pub headers: Headers,
    /// The catalog id of the endpoint the URL hits.
    pub endpoint: &'static str,
    /// Zoom's rate-limit label for the endpoint.
    pub rate_limit_label: RateLimitLabel,
    /// Findings about the token and the target, most serious first.
    pub warnings: Vec<Warning>,
}

impl ToJson for BuiltRequest {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("method", self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("endpoint", self.endpoint)
            .field("rateLimitLabel", &self.rate_limit_label)
            .field("warnings", &self.warnings)
            .end();
    }
}

const USER_ENDPOINT: &str = "get_user_ai_call_summary";
const MASTER_ENDPOINT: &str = "get_user_ai_call_summary_master";

/// Builds the `GET` request for an AI call summary.
///
/// The user path `/v2/phone/user/{userId}/ai_call_summary/{summaryId}` is used unless the target
/// has a `sub_account_id`, which selects the master-account path under `/v2/accounts/{accountId}`.
/// Problems that Zoom would reject (an expired token, `me` with a Server-to-Server token, missing
/// scopes) become warnings, because the caller may still want to send the request to see Zoom's
/// response.
///
/// # Errors
///
/// [`crate::Error::InvalidArgument`] for an id that breaks the rules of [`encode_id`], a base URL
/// that breaks the host rules of [`api_base`], an unreadable token or a `User-Agent` with control
/// or non-ASCII characters.
pub fn build_summary_request(target: &SummaryTarget, options: &RequestOptions) -> Result<BuiltRequest> {
    let path = summary_path(target)?;
    let endpoint_id = if target.sub_account_id.is_some() { MASTER_ENDPOINT } else { USER_ENDPOINT };

    let facts = options.token.as_deref().map(|token| TokenFacts::analyse("options.token", token, options.now)).transpose()?;
    if let Some(facts) = &facts {
        check_header_token(&facts.token)?;
    }
    let token_api_url = facts.as_ref().and_then(|facts| facts.report.api_url.as_deref());
    let base = api_base(options.api_url.as_deref(), token_api_url)?;
    let user_agent = options.user_agent.as_deref().map(checks::user_agent).transpose()?;

    let mut headers = Headers::default();
    headers.push("Accept", "application/json".to_owned());
    if let Some(facts) = &facts {
        headers.push("Authorization", format!("Bearer {}", facts.token));
    }
    if let Some(user_agent) = user_agent {
        headers.push("User-Agent", user_agent.to_owned());
    }

    // Both ids are catalog constants, so `get` finds them; Medium is the catalog's label for both.
    let entry = catalog::get(endpoint_id);
    let rate_limit_label = entry.and_then(|entry| entry.rate_limit_label).unwrap_or(RateLimitLabel::Medium);
    let warnings = checks::request_warnings(target, facts.as_ref(), entry, options.api_url.as_deref());

    Ok(BuiltRequest { method: "GET", url: format!("{base}{path}"), headers, endpoint: endpoint_id, rate_limit_label, warnings })
}

/// Rejects a token that `fetch` could not put in an `Authorization` header. Zoom's tokens are
/// base64url and dots, so anything outside visible ASCII means a mangled paste.
fn check_header_token(token: &str) -> Result<()> {
    if token.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Ok(());
    }
    Err(crate::Error::invalid_argument(
        "options.token contains characters that cannot go in an HTTP header (non-ASCII, whitespace or control characters): pass the access token exactly as Zoom issued it",
    ))
}

/// Returns the encoded path after `/v2`, checking every id first.
fn summary_path(target: &SummaryTarget) -> Result<String> {
    let user = encode_id("target.userId", &target.user_id)?;
    let summary = encode_id("target.summaryId", &target.summary_id)?;
    let account = target.sub_account_id.as_deref().map(|id| encode_id("target.subAccountId", id)).transpose()?;

    let user_path = format!("/phone/user/{user}/ai_call_summary/{summary}");
    Ok(match account {
        Some(account) => format!("/accounts/{account}{user_path}"),
        None => user_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(user: &str, summary: &str) -> SummaryTarget {
        SummaryTarget { user_id: user.to_owned(), summary_id: summary.to_owned(), sub_account_id: None }
    }

    fn options() -> RequestOptions {
        RequestOptions { now: 1_764_590_400, ..RequestOptions::default() }
    }

    #[test]
    fn build_default_request() {
        let built = build_summary_request(&target("u1", "s1"), &options()).unwrap();
        assert_eq!(built.method, "GET");
        assert_eq!(built.url, "https://api.zoom.us/v2/phone/user/u1/ai_call_summary/s1");
        assert_eq!(built.headers.get("accept"), Some("application/json"));
        assert_eq!(built.headers.get("authorization"), None);
        assert_eq!(built.endpoint, "get_user_ai_call_summary");
        assert_eq!(built.rate_limit_label, RateLimitLabel::Medium);
    }

    #[test]
    fn build_master_request() {
        let mut master = target("me", "s1");
        master.sub_account_id = Some("me".to_owned());
        let built = build_summary_request(&master, &options()).unwrap();
        assert_eq!(built.url, "https://api.zoom.us/v2/accounts/me/phone/user/me/ai_call_summary/s1");
        assert_eq!(built.endpoint, "get_user_ai_call_summary_master");
    }

    #[test]
    fn build_with_user_agent() {
        let with_agent = RequestOptions { user_agent: Some("doctor/1.0".to_owned()), ..options() };
        let built = build_summary_request(&target("u1", "s1"), &with_agent).unwrap();
        assert_eq!(built.headers.get("User-Agent"), Some("doctor/1.0"));
    }

    #[test]
    fn build_rejects_bad_user_agent() {
        for agent in ["a\r\nX-Evil: 1", "", "é"] {
            let bad = RequestOptions { user_agent: Some(agent.to_owned()), ..options() };
            assert!(build_summary_request(&target("u1", "s1"), &bad).is_err(), "{agent:?}");
        }
    }

    #[test]
    fn headers_serialise_in_order() {
        let mut headers = Headers::default();
        headers.push("Accept", "application/json".to_owned());
        headers.push("Authorization", "Bearer secret".to_owned());
        assert_eq!(headers.to_json(), r#"{"Accept":"application/json","Authorization":"Bearer secret"}"#);
        assert!(!format!("{headers:?}").contains("secret"));
    }

    #[test]
    fn options_debug_hides_token() {
        let with_token = RequestOptions { token: Some("secret.token.value".to_owned()), ..options() };
        assert!(!format!("{with_token:?}").contains("secret"));
    }

    #[test]
    fn build_rejects_non_ascii_token() {
        let bad = RequestOptions { token: Some("abc\u{20ac}def".to_owned()), ..options() };
        let error = build_summary_request(&target("u1", "s1"), &bad).unwrap_err().to_string();
        assert!(error.contains("cannot go in an HTTP header"), "{error}");
        assert!(!error.contains("abc"), "{error}");
    }
}
