//! Classifies any Zoom failure into a stable kind with an explanation, ordered fixes and an RFC 9457 problem.
//!
//! [`classify`] decides on the status, Zoom's code and message, the headers and the context
//! together, because Zoom's codes are not tied to HTTP statuses and its messages mislead (an expired
//! token can arrive as "Invalid access token."). It never fails and never panics: every input yields
//! a [`Diagnosis`].
//!
//! No diagnosis contains the context token, its signature, a secret or summary text. Quoted body
//! text is cut to 200 characters, and JWT-shaped words, `Bearer` values and credential fields in it
//! are redacted.

mod alternatives;
mod envelope;
mod facts;
mod headers;
mod kind;
mod path;
mod problem;
mod rules;
mod scopes;
mod scrub;
mod texts;

use crate::json::{self, ToJson};

pub use alternatives::Alternative;
pub use headers::{RateLimit, RateLimitType};
pub use kind::FailureKind;
pub use problem::Problem;

use facts::Facts;
use headers::RetrySource;
use rules::Verdict;
use texts::RetryFacts;

/// A response from Zoom, or the lack of one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailureResponse {
    /// The HTTP status; 0 means no response arrived (a network, DNS, timeout or CORS failure).
    pub status: u16,
    /// The response headers in any name case.
    pub headers: Vec<(String, String)>,
    /// The body as text: JSON, HTML, plain text or empty.
    pub body: String,
}

/// The request that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestInfo {
    /// The HTTP method, such as `GET`.
    pub method: String,
    /// The URL, absolute or a path.
    pub url: String,
}

/// The context of the failed call.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FailureContext {
    /// The request that failed, when known.
    pub request: Option<RequestInfo>,
    /// The access token sent: a raw token, an `Authorization` header or the token-response JSON.
    pub token: Option<String>,
    /// The clock in epoch seconds, used for token expiry and retry times.
    pub now: i64,
}

impl std::fmt::Debug for FailureContext {
    // The derived Debug would print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FailureContext")
            .field("request", &self.request)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("now", &self.now)
            .finish()
    }
}

/// Zoom's status, code and message as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoomReply {
    /// The HTTP status, 0 when no response arrived.
    pub status: u16,
    /// Zoom's error code (`code`, or `errorCode` in Contact Center's envelope).
    pub code: Option<i64>,
    /// Zoom's error message, with any credential in it redacted.
    pub message: Option<String>,
}

/// The explanation of one failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// The failure kind, a stable code.
    pub kind: FailureKind,
    /// A short title for the kind.
    pub title: String,
    /// Full sentences in terms of the user's own request.
    pub explanation: String,
    /// Concrete steps, most likely to help first.
    pub fixes: Vec<String>,
    /// True when the same request can succeed without a person changing anything: after waiting,
    /// or after minting a fresh token.
    pub retryable: bool,
    /// When a retry is allowed, ISO 8601 UTC (`2025-12-02T00:00:00Z`), when known.
    pub retry_at: Option<String>,
    /// Seconds from the context's clock until `retry_at`, never negative.
    pub retry_after_seconds: Option<i64>,
    /// The scopes Zoom's missing-scope message lists, as received; any one of them is enough.
    pub missing_scopes: Vec<String>,
    /// The scopes of the token response in the context; `None` when no token response was given.
    pub held_scopes: Option<Vec<String>>,
    /// The rate limit reached, for `rate_limited`.
    pub rate_limit: Option<RateLimit>,
    /// The token endpoint's OAuth `error` field, as received.
    pub oauth_error: Option<String>,
    /// Zoom's status, code and message.
    pub zoom: ZoomReply,
    /// The `x-zm-trackingid` header as received; Zoom support looks requests up by it.
    pub tracking_id: Option<String>,
    /// The serving cluster from the tracking id's `clid=` part, such as `us06`.
    pub cluster: Option<String>,
    /// The signals that led to the verdict.
    pub evidence: Vec<String>,
    /// Other plausible kinds, with why and how to tell them apart.
    pub alternatives: Vec<Alternative>,
    /// The problem document's `instance`: `urn:zoom:trackingid:<id>` when Zoom sent a tracking
    /// id, else the request path without its query; `None` when neither is known. JSON writes it
    /// only inside `problem`.
    pub instance: Option<String>,
}

impl ToJson for ZoomReply {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("status", &self.status).field("code", &self.code).field("message", &self.message).end();
    }
}

impl Diagnosis {
    /// Returns the same diagnosis as an RFC 9457 problem document.
    pub fn problem(&self) -> Problem<'_> {
        Problem::new(self)
    }

    /// Returns the JSON text of the members a diagnosis shares with its problem document, from
    /// `explanation` to `alternatives`, without the braces around them.
    fn shared_members_json(&self) -> String {
        let mut text = String::with_capacity(4096);
        let mut writer = json::object(&mut text);
        self.write_shared_members(&mut writer);
        writer.end();

        text.pop();
        text.remove(0);
        text
    }

    /// Writes the members a diagnosis shares with its problem document, from `explanation` to
    /// `alternatives`.
    fn write_shared_members(&self, writer: &mut json::ObjectWriter) {
        writer
            .field("explanation", &self.explanation)
            .field("fixes", &self.fixes)
            .field("retryable", &self.retryable)
            .field("retryAt", &self.retry_at)
            .field("retryAfterSeconds", &self.retry_after_seconds)
            .field("missingScopes", &self.missing_scopes)
            .field("heldScopes", &self.held_scopes)
            .field("rateLimit", &self.rate_limit)
            .field("oauthError", &self.oauth_error)
            .field("zoom", &self.zoom)
            .field("trackingId", &self.tracking_id)
            .field("cluster", &self.cluster)
            .field("evidence", &self.evidence)
            .field("alternatives", &self.alternatives);
    }
}

impl ToJson for Diagnosis {
    fn write_json(&self, out: &mut String) {
        let shared = self.shared_members_json();
        let mut problem = String::with_capacity(shared.len() + 512);
        self.problem().write_with_members(&mut problem, &shared);

        json::object(out).field("kind", &self.kind).field("title", &self.title).members(&shared).raw("problem", &problem).end();
    }
}

/// Classifies a failed Zoom call. Never fails and never panics.
pub fn classify(response: &FailureResponse, context: &FailureContext) -> Diagnosis {
    let mut facts = Facts::gather(response, context);
    let mut verdict = rules::decide(&facts);
    let rate_limit = (verdict.kind == FailureKind::RateLimited).then(|| headers::rate_limit(facts.headers, &facts.envelope.match_text, &facts.scrubber));
    let retry_found = retry_at(&verdict, &facts, rate_limit.as_ref());
    if let Some((_, source)) = retry_found {
        verdict.evidence.push(format!("retry time from {}", source.describe()));
    }
    let retry_at = retry_found.map(|(at, _)| at);

    let retry = RetryFacts { retry_at, rate_limit: rate_limit.as_ref() };
    let texts = texts::describe(&verdict, &facts, &retry);
    let alternatives = alternatives::alternatives(&verdict, &facts);

    // The request path is scrubbed only when it becomes the instance, because a tracking id wins.
    let request_path = || facts.request.as_ref().map(|request| facts.scrubber.scrub(&request.display_path));
    let instance = problem::instance(facts.tracking_id.as_deref(), request_path);

    // The texts are written, so the diagnosis takes these lists and texts instead of copying them.
    let missing_scopes = missing_scopes(&verdict, &mut facts);
    let held_scopes = facts.token.as_mut().and_then(|token| token.held_scopes.take());
    let oauth_error = facts.envelope.oauth_error.as_ref().map(|error| rules::quote(&facts, error));
    let cluster = facts.tracking_id.as_deref().and_then(headers::cluster);
    let tracking_id = facts.tracking_id.take();
    let message = facts.message.take().map(|(scrubbed, _)| scrubbed);
    Diagnosis {
        kind: verdict.kind,
        title: verdict.kind.title().to_owned(),
        explanation: texts.explanation,
        fixes: texts.fixes,
        retryable: verdict.kind.retryable(),
        retry_at: retry_at.map(crate::time::format_iso8601),
        retry_after_seconds: retry_at.map(|at| at.saturating_sub(facts.now).max(0)),
        missing_scopes,
        held_scopes,
        rate_limit,
        oauth_error,
        zoom: ZoomReply { status: facts.status, code: facts.envelope.code, message },
        tracking_id,
        cluster,
        evidence: verdict.evidence,
        alternatives,
        instance,
    }
}

/// Takes the missing scopes for the kinds about scopes, and returns nothing for other kinds.
fn missing_scopes(verdict: &Verdict, facts: &mut Facts) -> Vec<String> {
    let about_scopes = matches!(verdict.kind, FailureKind::MissingScope | FailureKind::MasterAccountRequired);
    if about_scopes {
        std::mem::take(&mut facts.listed_scopes)
    } else {
        Vec::new()
    }
}

/// Finds when a retry is allowed: from the headers, from a time named in the message, or from the
/// daily reset at 00:00 UTC.
fn retry_at(verdict: &Verdict, facts: &Facts, rate_limit: Option<&RateLimit>) -> Option<(i64, RetrySource)> {
    if !verdict.kind.retryable() {
        return None;
    }
    if let Some(found) = headers::retry_from_headers(facts.headers, facts.now) {
        return Some(found);
    }
    if verdict.kind != FailureKind::RateLimited {
        return None;
    }
    if let Some(at) = headers::retry_from_message(&facts.envelope.match_text, facts.now) {
        return Some((at, RetrySource::MessageTimeOfDay));
    }

    let daily = rate_limit.is_some_and(|limit| matches!(limit.limit_type, RateLimitType::Daily | RateLimitType::PerUserDaily));
    daily.then(|| (crate::time::next_utc_midnight(facts.now), RetrySource::DailyReset))
}
