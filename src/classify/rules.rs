//! The decision: which kind fits the failure, and the signals that led there.
//!
//! Rules run in order and the first match wins. Context rules (an expired token, `me` with a
//! Server-to-Server token, a Master Account path) come before wording rules, because Zoom's
//! messages mislead: "Invalid access token." arrives for expired tokens, and a missing `:master`
//! scope means the account is not a master account. Status-only rules come last, because Zoom's
//! codes are not tied to HTTP statuses.

use super::envelope::BodyForm;
use super::facts::Facts;
use super::kind::FailureKind;
use crate::text::trim;
use crate::time;
use crate::token::TokenKind;

/// The maximum number of characters of a body or message quoted in evidence.
pub(crate) const MAX_QUOTE: usize = 200;

/// Zoom codes that only the OAuth token endpoint returns (Zoom's "OAuth error messages" page).
const TOKEN_ENDPOINT_CODES: [i64; 7] = [4702, 4704, 4705, 4706, 4709, 4733, 4734];

/// Zoom codes that report a missing scope on API calls.
const MISSING_SCOPE_CODES: [i64; 3] = [104, 4700, 4711];

/// The finer cause behind a kind, which selects the explanation and fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The usual cause of the kind.
    General,
    /// A 2xx response that is not a failure.
    NotAFailure,
    /// The token's `exp` had passed at the context's clock.
    ExpiredByClock,
    /// The context token is not an access token (a refresh token, an SDK signature, a secret).
    NotAnAccessToken,
    /// A Zoom for Government token was sent to zoom.us, or the other way round.
    CloudMismatch,
    /// A token-endpoint error code (47xx) on an API call.
    OAuthCode(i64),
    /// Every scope in Zoom's missing-scope list ends in `:master`.
    OnlyMasterScopes,
    /// The user has not granted shared access (code 3001).
    SharedAccess,
    /// The token owner's role is limited to some Zoom Phone sites.
    SiteScoped,
    /// Code 3001 "Error retrieving call logs." from a legacy call-log endpoint.
    LegacyCallLogs,
    /// The method is not one the endpoint serves (405).
    WrongMethod,
    /// The path is misshapen: `users` plural, double encoding, an empty segment.
    MalformedPath,
    /// A timeout status (408 or 504).
    Timeout,
}

/// The kind, its cause and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) kind: FailureKind,
    pub(crate) cause: Cause,
    pub(crate) evidence: Vec<String>,
}

type Rule = fn(&Facts, &mut Vec<String>) -> Option<(FailureKind, Cause)>;

/// The rules in priority order.
const RULES: [Rule; 19] = [
    no_response,
    rate_limited,
    token_request_rejected,
    token_in_query,
    token_missing,
    token_expired,
    missing_scope,
    me_with_server_to_server,
    account_mismatch,
    token_invalid,
    phone_not_enabled,
    user_not_found,
    endpoint_not_recognized,
    permission_denied,
    validation_failed,
    upstream_unavailable,
    by_status,
    success_body,
    fallback,
];

/// Runs the rules over the facts and returns the first verdict.
pub(crate) fn decide(facts: &Facts) -> Verdict {
    let mut evidence = base_evidence(facts);
    for rule in RULES {
        if let Some((kind, cause)) = rule(facts, &mut evidence) {
            return Verdict { kind, cause, evidence };
        }
    }
    Verdict { kind: FailureKind::Unknown, cause: Cause::General, evidence }
}

// ---- Evidence every verdict starts with ----

fn base_evidence(facts: &Facts) -> Vec<String> {
    let mut evidence = Vec::with_capacity(8);
    if facts.status == 0 {
        evidence.push("no HTTP response (status 0)".to_owned());
    } else {
        evidence.push(with_number("HTTP status ", i64::from(facts.status)));
    }

    let envelope = &facts.envelope;
    if let Some(code) = envelope.code {
        evidence.push(with_number("Zoom code ", code));
    }
    if let Some(message) = facts.message_quote() {
        evidence.push(["Zoom message \"", message, "\""].concat());
    }
    if let Some(error) = &envelope.oauth_error {
        evidence.push(format!("OAuth error \"{}\"", quote(facts, error)));
    }
    if let Some(body) = describe_body(facts) {
        evidence.push(body);
    }
    if let Some(description) = &facts.request_description {
        evidence.push(["request ", description].concat());
    }
    if facts.tracking_id_dropped {
        evidence.push("x-zm-trackingid ignored: it contains a credential".to_owned());
    }
    if let Some(token) = &facts.token {
        evidence.push(describe_token(facts, token.kind, token.expires_at));
    }
    evidence
}

/// Returns `label` followed by `number` in decimal. `format!` costs more than the copying in wasm
/// at the size-first opt-level.
fn with_number(label: &str, number: i64) -> String {
    let mut text = String::with_capacity(label.len() + 20);
    text.push_str(label);
    crate::json::integer(&mut text, number);
    text
}

/// Quotes at most `MAX_QUOTE` characters of `text`, with credentials redacted.
pub(crate) fn quote(facts: &Facts, text: &str) -> String {
    facts.scrubber.quote(text, MAX_QUOTE)
}

/// Describes the body. Bodies of successful responses and summary bodies are never quoted, because
/// they may carry the call's summary text.
fn describe_body(facts: &Facts) -> Option<String> {
    let envelope = &facts.envelope;
    match envelope.form {
        BodyForm::Empty => Some("empty body".to_owned()),
        BodyForm::Html => Some(match &envelope.html_title {
            Some(title) => format!("HTML page titled \"{}\", not Zoom's JSON", quote(facts, title)),
            None => "HTML page, not Zoom's JSON".to_owned(),
        }),
        _ if facts.is_success_status() || envelope.summary.is_some() => None,
        BodyForm::Text => Some(format!("plain-text body \"{}\"", quote(facts, trim(facts.body)))),
        BodyForm::JsonOther => Some("JSON body that is not an object".to_owned()),
        BodyForm::JsonObject if envelope.code.is_none() && envelope.message.is_none() && envelope.oauth_error.is_none() => {
            Some(format!("JSON body \"{}\"", quote(facts, trim(facts.body))))
        }
        BodyForm::JsonObject => None,
    }
}

fn describe_token(facts: &Facts, kind: TokenKind, expires_at: Option<i64>) -> String {
    let name = token_kind_name(kind);
    match expires_at {
        Some(exp) if exp <= facts.now => ["context token: ", name, ", expired at ", &time::format_iso8601(exp)].concat(),
        Some(exp) => ["context token: ", name, ", valid until ", &time::format_iso8601(exp)].concat(),
        None => ["context token: ", name].concat(),
    }
}

/// Returns a human name for a token kind.
pub(crate) fn token_kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::S2sAccess => "Server-to-Server OAuth access token",
        TokenKind::UserAccess => "user OAuth access token",
        TokenKind::Refresh => "Zoom OAuth refresh token",
        TokenKind::ZoomUnknown => "Zoom OAuth token of an unknown type",
        TokenKind::LegacyJwtApp => "token of a retired JWT app",
        TokenKind::MeetingSdkJwt => "Meeting SDK or Video SDK signature",
        TokenKind::ForeignJwt => "JWT that Zoom's OAuth did not issue",
        TokenKind::NotAJwt => "value that is not a JWT",
    }
}

// ---- Shared predicates ----

fn code_is(facts: &Facts, codes: &[i64]) -> bool {
    facts.envelope.code.is_some_and(|code| codes.contains(&code))
}

/// True when the response reports an authentication failure rather than a refusal of a valid token.
fn is_auth_failure(facts: &Facts) -> bool {
    let envelope = &facts.envelope;
    facts.status == 401
        || code_is(facts, &[124])
        || envelope.status_false && envelope.code == Some(401)
        || envelope.has_phrase("access token") && !envelope.has_phrase("does not contain scope")
}

/// True when the response reports any failure: a 4xx status or an error envelope.
fn is_failure(facts: &Facts) -> bool {
    (400..500).contains(&facts.status) || facts.envelope.reports_error() && facts.envelope.summary.is_none()
}

// ---- Rules ----

fn no_response(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    (facts.status == 0).then_some((FailureKind::NetworkUnreachable, Cause::General))
}

fn rate_limited(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let by_message = envelope.has_phrase("rate limit") || envelope.has_phrase("too many requests");
    if facts.status != 429 && !code_is(facts, &[429]) && !by_message {
        return None;
    }

    for name in ["x-ratelimit-type", "x-ratelimit-category", "retry-after", "x-ratelimit-reset"] {
        if let Some(value) = super::headers::header(facts.headers, name) {
            evidence.push(format!("{name}: {}", quote(facts, value)));
        }
    }
    Some((FailureKind::RateLimited, Cause::General))
}

fn token_request_rejected(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let to_token_endpoint = facts.request.as_ref().is_some_and(|request| request.token_endpoint);
    let oauth_envelope = envelope.oauth_error.is_some() && envelope.code.is_none();
    let endpoint_code = code_is(facts, &TOKEN_ENDPOINT_CODES);
    let refresh_invalid = code_is(facts, &[4711]) && envelope.has_phrase("refresh token");
    if facts.is_success_status() && !envelope.reports_error() {
        return None;
    }
    if facts.status >= 500 && !oauth_envelope {
        return None;
    }
    if !(to_token_endpoint || oauth_envelope || endpoint_code || refresh_invalid) {
        return None;
    }

    if to_token_endpoint {
        evidence.push("the request went to Zoom's OAuth token endpoint".to_owned());
    }
    Some((FailureKind::TokenRequestRejected, Cause::General))
}

fn token_in_query(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let by_message = facts.envelope.has_phrase("not supported as query parameter") || facts.envelope.has_phrase("as query parameter");
    let by_request = facts.request.as_ref().is_some_and(|request| request.token_in_query) && is_auth_failure(facts);
    if !by_message && !by_request {
        return None;
    }

    if by_request {
        evidence.push("the request URL carries access_token in its query string".to_owned());
    }
    Some((FailureKind::TokenInQuery, Cause::General))
}

fn token_missing(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let missing = envelope.has_phrase("requires an access token")
        || envelope.has_phrase("token cannot be empty")
        || code_is(facts, &[4700]) && envelope.message.is_none();
    missing.then_some((FailureKind::TokenMissing, Cause::General))
}

fn token_expired(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let by_clock = facts.token.as_ref().is_some_and(|token| token.expired && token.kind.is_access_token());
    if by_clock && is_auth_failure(facts) {
        evidence.push("the context token's exp has passed, whatever Zoom's message says".to_owned());
        return Some((FailureKind::TokenExpired, Cause::ExpiredByClock));
    }

    let about_access_token = envelope.has_phrase("access token") || code_is(facts, &[124]);
    // The phrases about other tokens are searched last, because few messages get that far.
    let other_token = || envelope.has_phrase("page token") || envelope.has_phrase("sync token");
    let by_message = about_access_token && envelope.has_phrase("expired") && !other_token();
    by_message.then_some((FailureKind::TokenExpired, Cause::General))
}

fn missing_scope(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let scopes = envelope.missing_scopes.as_deref();
    let by_code = code_is(facts, &[104]) || code_is(facts, &MISSING_SCOPE_CODES) && envelope.has_phrase("scope");
    if scopes.is_none() && !by_code {
        return None;
    }

    let listed = scopes.unwrap_or(&[]);
    let only_master = !listed.is_empty() && listed.iter().all(|scope| scope.ends_with(":master"));
    let master_path = facts.request.as_ref().and_then(|request| request.master_account_id.as_ref());
    if let Some(account_id) = master_path {
        evidence.push(["the path starts with /accounts/", &quote(facts, account_id), "/, the Master Account API"].concat());
        let cause = if only_master { Cause::OnlyMasterScopes } else { Cause::General };
        return Some((FailureKind::MasterAccountRequired, cause));
    }
    if only_master {
        evidence.push("every scope Zoom lists is a :master scope".to_owned());
        return Some((FailureKind::MasterAccountRequired, Cause::OnlyMasterScopes));
    }
    Some((FailureKind::MissingScope, Cause::General))
}

fn me_with_server_to_server(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let uses_me = facts.request.as_ref().is_some_and(|request| request.uses_me);
    if !uses_me || !facts.server_to_server() || !is_failure(facts) {
        return None;
    }
    evidence.push("the path uses `me` and the token is a Server-to-Server token".to_owned());
    Some((FailureKind::MeNotSupported, Cause::General))
}

fn account_mismatch(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let mismatch = facts.envelope.has_phrase("account does not exist") || code_is(facts, &[2001]);
    mismatch.then_some((FailureKind::AccountMismatch, Cause::General))
}

fn token_invalid(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let oauth_code = envelope.code.filter(|code| (4700..=4741).contains(code));
    let invalid = code_is(facts, &[124])
        || oauth_code.is_some()
        || envelope.status_false && envelope.code == Some(401)
        || envelope.code.is_none() && (envelope.has_phrase("invalid access token") || envelope.has_phrase("invalid token"));
    if !invalid {
        return None;
    }

    if let Some(code) = oauth_code {
        return Some((FailureKind::TokenInvalid, Cause::OAuthCode(code)));
    }
    Some((FailureKind::TokenInvalid, token_invalid_cause(facts, evidence)))
}

/// Picks the most specific reason the context offers for an invalid token.
fn token_invalid_cause(facts: &Facts, evidence: &mut Vec<String>) -> Cause {
    let Some(token) = &facts.token else {
        return Cause::General;
    };
    if !token.kind.is_access_token() {
        evidence.push(format!("the context token is a {}, not an access token", token_kind_name(token.kind)));
        return Cause::NotAnAccessToken;
    }

    let request_gov = facts.request.as_ref().map(|request| request.is_zoomgov());
    let token_gov = token.api_url.as_ref().map(|_| token.is_zoomgov());
    match (request_gov, token_gov) {
        (Some(request), Some(token)) if request != token => {
            evidence.push("the token's api_url and the request's host belong to different Zoom clouds (zoom.us and zoomgov.com)".to_owned());
            Cause::CloudMismatch
        }
        _ => Cause::General,
    }
}

fn phone_not_enabled(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let about_phone = envelope.has_phrase("zoom phone");
    let not_enabled = envelope.has_phrase("not been enabled") || envelope.has_phrase("not enabled") || envelope.has_phrase("not set up") || envelope.has_phrase("disabled");
    let matched = code_is(facts, &[2031]) || about_phone && not_enabled;
    matched.then_some((FailureKind::PhoneNotEnabled, Cause::General))
}

fn user_not_found(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let about_user = envelope.has_phrase("user does not exist")
        || envelope.has_phrase("user not found")
        || envelope.has_phrase("user not exist")
        || envelope.has_phrase("user does not belong")
        || envelope.has_phrase("not belong to this account");
    let matched = code_is(facts, &[1001, 13500]) || about_user;
    matched.then_some((FailureKind::UserNotFound, Cause::General))
}

fn endpoint_not_recognized(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    if code_is(facts, &[3001]) && envelope.has_phrase("call log") {
        return Some((FailureKind::EndpointNotRecognized, Cause::LegacyCallLogs));
    }
    let matched = code_is(facts, &[2300]) || envelope.has_phrase("endpoint is not recognized") || envelope.has_phrase("not recognized");
    matched.then_some((FailureKind::EndpointNotRecognized, Cause::General))
}

fn permission_denied(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    if code_is(facts, &[3001]) || envelope.has_phrase("not permitted access") || envelope.has_phrase("shared access") {
        return Some((FailureKind::PermissionDenied, Cause::SharedAccess));
    }
    if envelope.has_phrase("target sites") {
        return Some((FailureKind::PermissionDenied, Cause::SiteScoped));
    }
    let matched = code_is(facts, &[403]) || envelope.has_phrase("permission") || envelope.has_phrase("not allowed to access");
    matched.then_some((FailureKind::PermissionDenied, Cause::General))
}

fn validation_failed(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let envelope = &facts.envelope;
    let matched = code_is(facts, &[300, 301, 400])
        || envelope.has_phrase("validation failed")
        || envelope.has_phrase("invalid request param")
        || envelope.has_phrase("invalid field")
        || envelope.has_phrase("invalid or expired")
        || !envelope.error_fields.is_empty();
    matched.then_some((FailureKind::ValidationFailed, Cause::General))
}

fn upstream_unavailable(facts: &Facts, _evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    let status = facts.status;
    if status == 408 || status == 504 {
        return Some((FailureKind::UpstreamUnavailable, Cause::Timeout));
    }
    let gateway_page = facts.envelope.form == BodyForm::Html && !(400..500).contains(&status);
    (status >= 500 || gateway_page).then_some((FailureKind::UpstreamUnavailable, Cause::General))
}

/// Decides on the status alone, for bodies with no recognised code or message.
fn by_status(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    match facts.status {
        401 => Some((FailureKind::TokenInvalid, token_invalid_cause(facts, evidence))),
        403 => Some((FailureKind::PermissionDenied, Cause::General)),
        404 => Some(not_found(facts, evidence)),
        405 => Some((FailureKind::EndpointNotRecognized, Cause::WrongMethod)),
        400 | 422 => Some((FailureKind::ValidationFailed, Cause::General)),
        _ => None,
    }
}

fn not_found(facts: &Facts, evidence: &mut Vec<String>) -> (FailureKind, Cause) {
    // NOTE: without the request, a bare 404 is read as a missing summary because that endpoint is
    // what this crate serves; a 404 from another endpoint would be misnamed.
    let Some(request) = &facts.request else {
        return (FailureKind::SummaryNotFound, Cause::General);
    };

    let plural = request.summary.as_ref().is_some_and(|summary| summary.plural_users);
    if plural {
        evidence.push("the path says `users` where Zoom's summary path has the singular `user`".to_owned());
    }
    if request.double_encoded {
        evidence.push("the path contains %25, a percent sign encoded twice".to_owned());
    }
    if request.empty_segment {
        evidence.push("the path has an empty segment or a trailing slash".to_owned());
    }
    if plural || request.double_encoded || request.empty_segment {
        return (FailureKind::EndpointNotRecognized, Cause::MalformedPath);
    }

    if request.summary.is_some() {
        (FailureKind::SummaryNotFound, Cause::General)
    } else {
        (FailureKind::Unknown, Cause::General)
    }
}

fn success_body(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    if !facts.is_success_status() {
        return None;
    }
    if !facts.is_summary_request() {
        evidence.push("a 2xx status with no error in the body: not a failure".to_owned());
        return Some((FailureKind::Unknown, Cause::NotAFailure));
    }

    let filled = facts.envelope.summary.as_ref().map(|summary| summary.filled.len()).unwrap_or(0);
    if filled > 0 {
        evidence.push(format!("the summary has {filled} filled text field(s): not a failure"));
        return Some((FailureKind::Unknown, Cause::NotAFailure));
    }
    evidence.push("call_summary, next_steps and detailed_summary are all empty or missing".to_owned());
    if facts.envelope.summary.as_ref().is_some_and(|summary| summary.deleted) {
        evidence.push("the body has \"deleted\": true".to_owned());
    }
    Some((FailureKind::SummaryEmpty, Cause::General))
}

fn fallback(facts: &Facts, evidence: &mut Vec<String>) -> Option<(FailureKind, Cause)> {
    if (300..400).contains(&facts.status) {
        evidence.push("a redirect status: Zoom's REST API answers directly, so something between redirected the request".to_owned());
    }
    Some((FailureKind::Unknown, Cause::General))
}
