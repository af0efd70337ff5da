//! Explanations and ordered fixes for each kind, written in terms of the user's own request.

use super::facts::Facts;
use super::headers::{RateLimit, RateLimitType};
use super::kind::FailureKind;
use super::rules::{quote, token_kind_name, Cause, Verdict};
use super::scopes;
use crate::time;

/// The summary endpoint as Zoom documents it, for fixes that cannot name the user's own ids.
const SUMMARY_PATH_TEMPLATE: &str = "/v2/phone/user/{userId}/ai_call_summary/{aiCallSummaryId}";

/// The explanation and the fixes of one diagnosis.
pub(crate) struct Texts {
    pub(crate) explanation: String,
    pub(crate) fixes: Vec<String>,
}

/// The retry facts the texts mention.
pub(crate) struct RetryFacts<'a> {
    pub(crate) retry_at: Option<i64>,
    pub(crate) rate_limit: Option<&'a RateLimit>,
}

/// Writes the explanation and fixes for a verdict.
pub(crate) fn describe(verdict: &Verdict, facts: &Facts, retry: &RetryFacts) -> Texts {
    let cause = verdict.cause;
    match verdict.kind {
        FailureKind::MissingScope => missing_scope(facts),
        FailureKind::MasterAccountRequired => master_account_required(facts),
        FailureKind::TokenExpired => token_expired(facts, cause),
        FailureKind::TokenInvalid => token_invalid(facts, cause),
        FailureKind::TokenMissing => token_missing(facts),
        FailureKind::TokenInQuery => token_in_query(facts),
        FailureKind::AccountMismatch => account_mismatch(facts),
        FailureKind::TokenRequestRejected => token_request_rejected(facts),
        FailureKind::MeNotSupported => me_not_supported(facts),
        FailureKind::PermissionDenied => permission_denied(facts, cause),
        FailureKind::PhoneNotEnabled => phone_not_enabled(facts),
        FailureKind::UserNotFound => user_not_found(facts),
        FailureKind::SummaryNotFound => summary_not_found(facts),
        FailureKind::SummaryEmpty => summary_empty(facts),
        FailureKind::EndpointNotRecognized => endpoint_not_recognized(facts, cause),
        FailureKind::ValidationFailed => validation_failed(facts),
        FailureKind::RateLimited => rate_limited(facts, retry),
        FailureKind::UpstreamUnavailable => upstream_unavailable(facts, cause, retry),
        FailureKind::NetworkUnreachable => network_unreachable(facts),
        FailureKind::Unknown => unknown(facts, cause),
    }
}

// ---- Shared phrases ----

/// Returns "Zoom responded to `GET /v2/...` with HTTP 401 and code 124 (\"Invalid access token.\")".
fn zoom_response_phrase(facts: &Facts) -> String {
    let mut text = String::with_capacity(256);
    push_zoom_response_phrase(&mut text, facts);
    text
}

/// Appends the phrase [`zoom_response_phrase`] returns, for texts built in one buffer.
fn push_zoom_response_phrase(text: &mut String, facts: &Facts) {
    let envelope = &facts.envelope;
    // Built with push_str: this phrase starts most explanations, and `format!` costs more than
    // the copying in wasm at the size-first opt-level.
    text.push_str("Zoom responded to ");
    match &facts.request_description {
        Some(description) => push_all(text, &["`", description, "`"]),
        None => text.push_str("the request"),
    }
    text.push_str(" with HTTP ");
    crate::json::integer(text, i64::from(facts.status));
    if let Some(code) = envelope.code {
        text.push_str(" and code ");
        crate::json::integer(text, code);
    }

    if let Some(message) = facts.message_quote() {
        push_all(text, &[" (\"", message, "\")"]);
    } else if let Some(error) = &envelope.oauth_error {
        text.push_str(&format!(" and OAuth error `{}`", quote(facts, error)));
        if let Some(reason) = &envelope.reason {
            text.push_str(&format!(" (\"{}\")", quote(facts, reason)));
        }
    } else if let Some(title) = &envelope.html_title {
        text.push_str(&format!(" and an HTML page titled \"{}\"", quote(facts, title)));
    }
}

fn push_all(text: &mut String, parts: &[&str]) {
    for part in parts {
        text.push_str(part);
    }
}

/// Returns the summary path with the user's own ids when known, else Zoom's template.
fn non_master_summary_path(facts: &Facts) -> String {
    let mut path = String::with_capacity(SUMMARY_PATH_TEMPLATE.len());
    push_non_master_summary_path(&mut path, facts);
    path
}

/// Appends the path [`non_master_summary_path`] returns.
fn push_non_master_summary_path(text: &mut String, facts: &Facts) {
    let summary = facts.request.as_ref().and_then(|request| request.summary.as_ref());
    match summary {
        Some(summary) => {
            text.push_str("/v2/phone/user/");
            push_segment(text, &summary.user_id);
            text.push_str("/ai_call_summary/");
            push_segment(text, &summary.summary_id);
        }
        None => text.push_str(SUMMARY_PATH_TEMPLATE),
    }
}

fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    push_segment(&mut encoded, segment);
    encoded
}

/// Appends `segment` percent-encoded as one path segment.
fn push_segment(text: &mut String, segment: &str) {
    // Zoom's ids need no encoding, and this check costs less than the encoder's per-byte iteration.
    let unreserved = segment.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~'));
    if unreserved {
        text.push_str(segment);
    } else {
        text.extend(percent_encoding::utf8_percent_encode(segment, scopes::PATH_SEGMENT));
    }
}

fn tracking_phrase(facts: &Facts) -> String {
    match &facts.tracking_id {
        Some(id) => format!("the tracking id `{id}`"),
        None => "the x-zm-trackingid response header".to_owned(),
    }
}

fn join_scopes(scopes: &[String]) -> String {
    let mut joined = String::with_capacity(scopes.iter().map(|scope| scope.len() + 4).sum());
    push_scopes(&mut joined, scopes);
    joined
}

/// Appends the scopes in backquotes, separated by commas.
fn push_scopes(text: &mut String, scopes: &[String]) {
    for (index, scope) in scopes.iter().enumerate() {
        let separator = if index == 0 { "`" } else { ", `" };
        push_all(text, &[separator, scope, "`"]);
    }
}

fn new_token_fix() -> String {
    "Mint a new token after saving the scopes: a Server-to-Server app requests a fresh token, a user-managed app has the user authorize it again. Tokens minted earlier keep the scopes they were minted with.".to_owned()
}

// ---- Scopes ----

fn missing_scope(facts: &Facts) -> Texts {
    let listed = &facts.listed_scopes;
    let mut explanation = if listed.is_empty() {
        format!("{}. The access token lacks a scope the endpoint requires, and Zoom did not name it.", zoom_response_phrase(facts))
    } else {
        format!(
            "{}. The access token contains none of {}. Zoom lists every scope that would satisfy the endpoint, so any one of them is enough.",
            zoom_response_phrase(facts),
            join_scopes(listed)
        )
    };

    let held: Vec<&String> = listed.iter().filter(|scope| facts.token.as_ref().is_some_and(|token| token.holds(scope))).collect();
    if let Some(scope) = held.first() {
        explanation.push_str(&format!(
            " The token response already lists `{scope}`, so the token Zoom received is probably not the one from that response: it was minted before the scope was added, or by another app."
        ));
    }
    let explicit_user_with_user_token = facts.user_level_token() && !facts.request.as_ref().is_some_and(|request| request.uses_me);
    if explicit_user_with_user_token && listed.iter().all(|scope| scope.ends_with(":admin")) && !listed.is_empty() {
        explanation.push_str(" With a user-level token and an explicit user id in the path, Zoom checks the :admin scope; with `me` it checks the user-level scope.");
    }

    let mut fixes = vec![scope_fix(facts, listed), new_token_fix()];
    if !held.is_empty() {
        fixes.push("Check that the token you send comes from the token response you checked: the same app, minted after the scope was added.".to_owned());
    }
    if explicit_user_with_user_token {
        fixes.push("With a user-managed app, put `me` in the path in place of the user id.".to_owned());
    }
    if facts.server_to_server() || facts.token.is_none() {
        fixes.push("If the scope does not appear in the app's scope list, an admin must give the role of the app's creator the matching privilege (User Management > Roles); Zoom shows only the scopes that role allows.".to_owned());
    }
    Texts { explanation, fixes }
}

/// Names the scope variant that fits the app type of the context token.
fn scope_fix(facts: &Facts, listed: &[String]) -> String {
    let (admin, user) = if listed.is_empty() {
        (vec!["phone:read:ai_call_summary:admin".to_owned()], vec!["phone:read:ai_call_summary".to_owned()])
    } else {
        (scopes::admin_variants(listed), scopes::user_variants(listed))
    };

    if facts.server_to_server() {
        format!("Add {} to the app's scopes in the Zoom App Marketplace: Server-to-Server apps take the :admin variant.", join_scopes(&admin))
    } else if facts.user_level_token() {
        format!("Add {} to the app's scopes in the Zoom App Marketplace: user-managed apps take the variant without :admin.", join_scopes(&user))
    } else {
        format!(
            "Add the variant that fits the app type to its scopes in the Zoom App Marketplace: {} for a Server-to-Server or admin-managed app, {} for a user-managed app.",
            join_scopes(&admin),
            join_scopes(&user)
        )
    }
}

/// The capacity reserved for an explanation built in one buffer: the master-path explanation of a
/// summary request runs to about 700 characters.
const EXPLANATION_CAPACITY: usize = 1024;

fn master_account_required(facts: &Facts) -> Texts {
    let listed = &facts.listed_scopes;
    let master_path = facts.request.as_ref().and_then(|request| request.master_account_id.as_ref());
    let mut explanation = String::with_capacity(EXPLANATION_CAPACITY);
    push_zoom_response_phrase(&mut explanation, facts);
    match master_path {
        Some(account_id) => push_all(
            &mut explanation,
            &[
                ". The path starts with /accounts/",
                &quote(facts, account_id),
                "/, Zoom's Master Account API, which only accounts that Zoom approved as master accounts can call.",
            ],
        ),
        None => explanation.push_str(
            ". Zoom asks for :master scopes only on Master Account API paths (/accounts/{accountId}/...), which only accounts that Zoom approved as master accounts can call.",
        ),
    }
    explanation.push_str(" Adding the :master scope and minting a new token does not help without that approval; the same endpoint without the /accounts prefix serves your own account.");

    let held_master = listed.iter().find(|scope| facts.token.as_ref().is_some_and(|token| token.holds(scope)));
    if let Some(scope) = held_master {
        push_all(&mut explanation, &[" The token response already lists `", scope, "`, which confirms the scope is not what is missing."]);
    }

    let mut call_fix = String::with_capacity(256);
    call_fix.push_str("Call `GET ");
    push_non_master_target(&mut call_fix, facts, listed);
    call_fix.push_str("` instead, without the /accounts/{accountId} prefix.");

    let admin = if listed.is_empty() { vec!["phone:read:ai_call_summary:admin".to_owned()] } else { scopes::admin_variants(listed) };
    let admin_held = admin.iter().any(|scope| facts.token.as_ref().is_some_and(|token| token.holds(scope)));
    let mut scope_fix = String::with_capacity(256);
    if admin_held {
        scope_fix.push_str("The token already holds ");
        push_scopes(&mut scope_fix, &admin);
        scope_fix.push_str(", which is the scope the non-master path needs, so no new token is required.");
    } else {
        scope_fix.push_str("Give the app ");
        push_scopes(&mut scope_fix, &admin);
        scope_fix.push_str(" (the :admin variant) and mint a new token.");
    }

    let fixes = vec![
        call_fix,
        scope_fix,
        "Use the Master Account API only if Zoom has approved your account as a master account (ask Zoom's partner team).".to_owned(),
    ];
    Texts { explanation, fixes }
}

/// Appends the request's path without its `/accounts/{accountId}` prefix.
fn push_non_master_target(text: &mut String, facts: &Facts, listed: &[String]) {
    let about_summary = listed.iter().any(|scope| scope.contains("ai_call_summary"));
    let Some(request) = &facts.request else {
        return text.push_str(SUMMARY_PATH_TEMPLATE);
    };
    if request.summary.is_some() || about_summary && request.master_account_id.is_none() {
        return push_non_master_summary_path(text, facts);
    }
    match request.segments.get(2..) {
        Some(rest) if request.master_account_id.is_some() => {
            text.push_str("/v2/");
            for (index, segment) in rest.iter().enumerate() {
                if index > 0 {
                    text.push('/');
                }
                push_segment(text, segment);
            }
        }
        _ => text.push_str(SUMMARY_PATH_TEMPLATE),
    }
}

// ---- Tokens ----

fn token_expired(facts: &Facts, cause: Cause) -> Texts {
    let expiry = facts.token.as_ref().and_then(|token| token.expires_at);
    let explanation = match (cause, expiry) {
        (Cause::ExpiredByClock, Some(exp)) => format!(
            "{}. The token in the context expired at {} ({} before the clock of this check), and Zoom reports expired tokens with this answer too, so the expiry is the cause.",
            zoom_response_phrase(facts),
            time::format_iso8601(exp),
            describe_duration(facts.now.saturating_sub(exp))
        ),
        _ => format!("{}. The access token has expired: Zoom access tokens are valid for one hour.", zoom_response_phrase(facts)),
    };

    let fixes = vec![
        "Mint a fresh token and send the request again: a Server-to-Server app posts grant_type=account_credentials to https://zoom.us/oauth/token, a user-managed app uses its refresh token.".to_owned(),
        "Cache the token with its expiry and renew it about 60 seconds before exp, with one token request at a time, so concurrent requests do not mint tokens that replace each other.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn describe_duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    match seconds {
        0..=119 => format!("{seconds} seconds"),
        120..=7199 => format!("{} minutes", seconds / 60),
        7200..=172_799 => format!("{} hours", seconds / 3600),
        _ => format!("{} days", seconds / 86_400),
    }
}

fn token_invalid(facts: &Facts, cause: Cause) -> Texts {
    let response_phrase = if facts.envelope.code.is_none() && facts.envelope.message.is_none() {
        format!("Zoom responded to {} with HTTP {} and no usable error body", facts.request_phrase(), facts.status)
    } else {
        zoom_response_phrase(facts)
    };

    let detail = match cause {
        Cause::NotAnAccessToken => {
            let kind = facts.token.as_ref().map(|token| token_kind_name(token.kind)).unwrap_or("token");
            format!("The token in the context is a {kind}, which Zoom's REST API does not accept as a bearer token.")
        }
        Cause::CloudMismatch => "The token and the request belong to different Zoom clouds: Zoom for Government (zoomgov.com) tokens only work on api.zoomgov.com, and zoom.us tokens only on zoom.us hosts.".to_owned(),
        Cause::OAuthCode(code) => oauth_code_detail(code).to_owned(),
        _ => "Zoom does not accept the token. The usual causes: a newer token of the same Server-to-Server app superseded it, it was revoked or the user authorized the app again, the app was deactivated, the token was sent to the other Zoom cloud (zoom.us or zoomgov.com), or it was damaged on the way (cut, quoted, or with a doubled `Bearer`).".to_owned(),
    };
    let explanation = format!("{response_phrase}. {detail}");

    let mut fixes = match cause {
        Cause::NotAnAccessToken => vec!["Send an access token: the access_token field of the token endpoint's response, not a refresh token, an SDK signature or a client secret.".to_owned()],
        Cause::CloudMismatch => vec!["Call api.zoomgov.com with tokens from https://zoomgov.com/oauth/token for Zoom for Government accounts, and api.zoom.us with tokens from https://zoom.us/oauth/token otherwise.".to_owned()],
        _ => vec!["Mint a fresh token and retry once; if a fresh token fails the same way, the app or its credentials are the problem.".to_owned()],
    };
    fixes.push("Mint tokens in one place (a shared cache with one token request at a time), so parallel workers do not supersede each other's tokens.".to_owned());
    fixes.push("Check in the Zoom App Marketplace that the app is activated and that the client ID and secret you use are current.".to_owned());
    fixes.push("Send the header exactly as `Authorization: Bearer <access_token>`, without quotes or extra spaces.".to_owned());
    fixes.push(format!("If a fresh token fails too, send Zoom Developer Support {} with the time of the request.", tracking_phrase(facts)));
    Texts { explanation, fixes }
}

/// Explains the codes of Zoom's "OAuth error messages" page that can reach an API call.
fn oauth_code_detail(code: i64) -> &'static str {
    match code {
        4700 => "Code 4700 is Zoom's catch-all OAuth error: the token was not accepted.",
        4711 => "Code 4711 means the token's scopes do not match the app's scopes.",
        4717 => "Code 4717 means the app has been disabled; only Zoom can enable it again.",
        4735 => "Code 4735 means the user who owns the token no longer exists.",
        4737 => "Code 4737 means Zoom found no authorization for the token: the app was uninstalled or its authorization removed.",
        4738 => "Code 4738 means an admin disabled the token.",
        4740 => "Code 4740 means the token's index is outside the app's token tolerance.",
        4741 => "Code 4741 means the token was revoked: with several authorizations, only the latest token stays valid.",
        _ => "Zoom rejected the token with an OAuth error code.",
    }
}

fn token_missing(facts: &Facts) -> Texts {
    let explanation = format!(
        "{}. No access token reached Zoom: the Authorization header was missing or empty. Proxies, redirects to another host and fetch wrappers can drop the header.",
        zoom_response_phrase(facts)
    );
    let fixes = vec![
        "Send `Authorization: Bearer <access_token>` on every request.".to_owned(),
        "Check that the variable holding the token is not empty when the request is built.".to_owned(),
        "If a proxy or a redirect sits between you and Zoom, make sure it forwards the Authorization header.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn token_in_query(facts: &Facts) -> Texts {
    let explanation = format!(
        "{}. Zoom does not accept an access token in the query string (`access_token=...`); it must travel in the Authorization header.",
        zoom_response_phrase(facts)
    );
    let fixes = vec![
        "Remove access_token from the URL and send `Authorization: Bearer <access_token>` instead.".to_owned(),
        "Treat the token as exposed wherever URLs are logged, and mint a new one.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn account_mismatch(facts: &Facts) -> Texts {
    let mut explanation = format!(
        "{}. The account named in the path, or the account the token belongs to, is not one this token can reach.",
        zoom_response_phrase(facts)
    );
    let path_account = facts.request.as_ref().and_then(|request| request.master_account_id.as_deref());
    let token_account = facts.token.as_ref().and_then(|token| token.account_id.as_deref());
    if let (Some(path), Some(token)) = (path_account, token_account) {
        if path != token {
            explanation.push_str(&format!(" The path names account `{}`, but the token belongs to account `{}`.", quote(facts, path), quote(facts, token)));
        }
    }

    let mut fixes = Vec::new();
    if path_account.is_some() {
        fixes.push(format!("Call `GET {}` without the /accounts/{{accountId}} prefix, which serves the token's own account.", non_master_summary_path(facts)));
    }
    fixes.push("Use a token of the account that owns the user and the summary: the account_id in the webhook payload names it.".to_owned());
    fixes.push("Check that the token and the API host belong to the same Zoom cloud (zoom.us or zoomgov.com).".to_owned());
    Texts { explanation, fixes }
}

fn token_request_rejected(facts: &Facts) -> Texts {
    let error = facts.envelope.oauth_error.as_deref().unwrap_or("").to_ascii_lowercase();
    let code = facts.envelope.code.unwrap_or(0);
    let missing_account = facts.envelope.has_phrase("account_id") || facts.envelope.has_phrase("account id");

    let (detail, fixes): (&str, Vec<&str>) = if error == "unsupported_grant_type" || code == 4705 {
        (
            "The token endpoint does not accept this grant type for these credentials. The account_credentials grant works only with the credentials of a Server-to-Server OAuth app, so these credentials are not a Server-to-Server OAuth app's.",
            vec![
                "Use the Account ID, Client ID and Client Secret of a Server-to-Server OAuth app (Zoom App Marketplace > Develop > Build App > Server-to-Server OAuth).",
                "For a General (user-managed) app, use the authorization_code grant and then its refresh tokens instead.",
            ],
        )
    } else if error == "invalid_client" || code == 4702 || code == 4704 {
        (
            "The client ID or client secret is wrong, or the app no longer exists.",
            vec![
                "Copy the Client ID and Client Secret again from the app's App Credentials page; if the secret was regenerated, update it everywhere.",
                "Send them as HTTP Basic authentication: `Authorization: Basic base64(client_id:client_secret)`.",
                "Check that the app still exists and is activated.",
            ],
        )
    } else if error == "invalid_request" || code == 4706 || missing_account {
        (
            "The token request is missing a parameter or has a malformed one: account_id, grant_type or the Basic authorization header.",
            vec![
                "Send grant_type=account_credentials&account_id=<the Account ID from the app's App Credentials page>.",
                "Send `Authorization: Basic base64(client_id:client_secret)` with the app's credentials.",
            ],
        )
    } else if error == "invalid_grant" || matches!(code, 4711 | 4733 | 4734) {
        (
            "The grant is invalid: an authorization code expired (they last five minutes) or was already used, or a refresh token was replaced by a newer one.",
            vec![
                "Start the authorization flow again to get a new authorization code.",
                "Store the newest refresh token after every refresh: each refresh returns a new one and the previous one stops working.",
            ],
        )
    } else if code == 4709 {
        (
            "The redirect_uri of the token request does not match the one configured for the app.",
            vec!["Send exactly the redirect URI configured in the app, the same one used in the authorization request."],
        )
    } else {
        (
            "The token endpoint rejected the request.",
            vec!["Check the grant type, the account_id and the Basic authorization header against the app's App Credentials page."],
        )
    };

    let explanation = format!("{}. {detail}", zoom_response_phrase(facts));
    let mut fixes: Vec<String> = fixes.into_iter().map(str::to_owned).collect();
    fixes.push(format!("If the request looks right, send Zoom Developer Support {}.", tracking_phrase(facts)));
    Texts { explanation, fixes }
}

fn me_not_supported(facts: &Facts) -> Texts {
    let explanation = format!(
        "{}. The path uses `me` as the user id with a Server-to-Server token. `me` stands for the token's own user, but a Server-to-Server token acts for the whole account, so Zoom does not resolve `me` to the summary's owner.",
        zoom_response_phrase(facts)
    );
    let summary_id = facts
        .request
        .as_ref()
        .and_then(|request| request.summary.as_ref())
        .map(|summary| encode_segment(&summary.summary_id))
        .unwrap_or_else(|| "{aiCallSummaryId}".to_owned());

    let fixes = vec![
        format!(
            "Replace `me` with the summary owner's user_id: take payload.object.user_id from the same phone.ai_call_summary_changed webhook event that carried the summary id, and call `GET /v2/phone/user/{{user_id}}/ai_call_summary/{summary_id}`."
        ),
        "Use `me` only with the token of a user-managed OAuth app.".to_owned(),
    ];
    Texts { explanation, fixes }
}

// ---- Permissions, users and summaries ----

fn permission_denied(facts: &Facts, cause: Cause) -> Texts {
    let mut explanation = format!("{}. Zoom accepted the token but does not allow it to read this resource.", zoom_response_phrase(facts));
    let accepted = scopes::summary_scopes(facts.request.as_ref().is_some_and(|request| request.master_account_id.is_some()));
    let held = facts.token.as_ref().and_then(|token| accepted.iter().find(|scope| token.holds(scope)));
    if let (Some(scope), true) = (held, facts.server_to_server()) {
        explanation.push_str(&format!(" The Server-to-Server token holds `{scope}`, so the scope is not the problem."));
    }

    let mut fixes = Vec::new();
    let lacks_scope = facts.token.as_ref().is_some_and(|token| token.held_scopes.is_some()) && held.is_none();
    if lacks_scope && facts.is_summary_request() {
        fixes.push("The token response lists none of the summary endpoint's scopes: add phone:read:ai_call_summary:admin (or phone:read:ai_call_summary for a user-managed app) and mint a new token.".to_owned());
    }
    match cause {
        Cause::SharedAccess => fixes.push("The user has not granted shared access to this resource: the user must allow it in their Zoom profile, or an admin must grant the access.".to_owned()),
        Cause::SiteScoped => fixes.push("The token owner's role is limited to some Zoom Phone sites: give the role access to the site of the user in the path (User Management > Roles).".to_owned()),
        _ => {}
    }
    fixes.extend(permission_hypotheses(facts));
    Texts { explanation, fixes }
}

/// Lists the hypotheses for a 403 on the summary endpoint, most likely first.
fn permission_hypotheses(facts: &Facts) -> Vec<String> {
    let owner = if facts.server_to_server() || facts.token.is_none() {
        "Give the role of the app's creator Zoom Phone privileges: a Server-to-Server token acts with the role of the user who created the app. In the web portal, open User Management > Roles and allow viewing Phone call logs for that role, then mint a new token."
    } else {
        "Give the authorizing user's role Zoom Phone privileges (User Management > Roles, Phone call logs), then authorize the app again."
    };
    let user = facts
        .request
        .as_ref()
        .and_then(|request| request.summary.as_ref())
        .map(|summary| format!("`{}`", quote(facts, &summary.user_id)))
        .unwrap_or_else(|| "the user id in the path".to_owned());

    vec![
        owner.to_owned(),
        format!("Check that {user} owns the summary: use payload.object.user_id from the same phone.ai_call_summary_changed event as the summary id."),
        "Check that the user has a Zoom Phone licence and that AI call summaries are enabled for them.".to_owned(),
        format!("If all of that holds, the fault may be on Zoom's side: send Zoom Developer Support {} with the time of the request.", tracking_phrase(facts)),
    ]
}

fn phone_not_enabled(facts: &Facts) -> Texts {
    let explanation = format!("{}. Zoom Phone is not enabled for the account (or the user), so no Phone API call can succeed.", zoom_response_phrase(facts));
    let fixes = vec![
        "Have an account owner enable Zoom Phone for the account and assign the user a Zoom Phone licence.".to_owned(),
        "Check that the token belongs to the account that has Zoom Phone (the aid claim of the token names the account).".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn user_not_found(facts: &Facts) -> Texts {
    let explanation = format!(
        "{}. The user in the path does not exist in the token's account: a typo, a deleted user, a user of another account, or an id in the wrong form.",
        zoom_response_phrase(facts)
    );
    let fixes = vec![
        "Use the Zoom user id from payload.object.user_id of the phone.ai_call_summary_changed event, unchanged.".to_owned(),
        "Check that the user belongs to the account the token was minted for.".to_owned(),
        "With a user-managed app, use `me` in place of the user id.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn summary_not_found(facts: &Facts) -> Texts {
    let explanation = format!(
        "{}. Zoom has no AI call summary with this id for this user: the id is wrong, it belongs to another user, the summary was deleted, or it has not been generated yet.",
        zoom_response_phrase(facts)
    );
    let fixes = vec![
        "Use the ai_call_summary_id and user_id from the same phone.ai_call_summary_changed event, unchanged.".to_owned(),
        "If that event had \"deleted\": true, the summary is gone: skip it.".to_owned(),
        "Fetch only after the event arrives: summaries appear some minutes after the call ends.".to_owned(),
        format!("Check the path shape: `GET {SUMMARY_PATH_TEMPLATE}`, with the singular `user`."),
    ];
    Texts { explanation, fixes }
}

fn summary_empty(facts: &Facts) -> Texts {
    let explanation = format!(
        "{} succeeded with HTTP {}, but call_summary, next_steps and detailed_summary are all empty or missing, so there is no summary text to show.",
        facts.request_phrase(),
        facts.status
    );
    let fixes = vec![
        "If the summary may still be generating, wait for the next phone.ai_call_summary_changed event and fetch again.".to_owned(),
        "If the event had \"deleted\": true, treat the summary as gone.".to_owned(),
        "Check that the AI call summary policy (call_summary.enable and auto_call_summary) is on for the user or their site.".to_owned(),
    ];
    Texts { explanation, fixes }
}

// ---- Requests ----

fn endpoint_not_recognized(facts: &Facts, cause: Cause) -> Texts {
    let detail = match cause {
        Cause::LegacyCallLogs => "The legacy call-log endpoints are deprecated; this error comes from them.",
        Cause::WrongMethod => "The endpoint does not serve this HTTP method; the AI call summary endpoint serves only GET.",
        Cause::MalformedPath => "The path is misshapen, so it matches no endpoint.",
        _ => "Zoom does not recognise the path as an API endpoint.",
    };
    let explanation = format!("{}. {detail}", zoom_response_phrase(facts));

    let mut fixes = vec![format!("Build the path exactly as documented: the summary endpoint is `GET {SUMMARY_PATH_TEMPLATE}`, with the singular `user`.")];
    if cause == Cause::LegacyCallLogs {
        fixes.insert(0, "Move from the call-log endpoints to the call history endpoints (/phone/call_history, /phone/users/{userId}/call_history).".to_owned());
    }
    fixes.push("Percent-encode each id once: `%25` in a path means an id was encoded twice.".to_owned());
    fixes.push("Keep the /v2 prefix and call api.zoom.us, or the api_url from the token response.".to_owned());
    Texts { explanation, fixes }
}

fn validation_failed(facts: &Facts) -> Texts {
    let fields = &facts.envelope.error_fields;
    let mut explanation = format!("{}. Zoom rejected a path or query parameter of the request.", zoom_response_phrase(facts));
    if !fields.is_empty() {
        let names: Vec<String> = fields.iter().map(|field| quote(facts, field)).collect();
        explanation.push_str(&format!(" Invalid fields: {}.", names.join(", ")));
    }

    let fixes = vec![
        "Check that every path segment is non-empty and that each id is percent-encoded once.".to_owned(),
        "Pass the user id and summary id from the webhook event unchanged.".to_owned(),
        "If a next_page_token or sync token expired (they last 15 minutes), restart the listing from the first page.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn rate_limited(facts: &Facts, retry: &RetryFacts) -> Texts {
    let limit_type = retry.rate_limit.map(|limit| limit.limit_type).unwrap_or(RateLimitType::Unknown);
    let category = retry.rate_limit.and_then(|limit| limit.category.as_deref());
    let which = match limit_type {
        RateLimitType::PerSecond => "the account's per-second limit",
        RateLimitType::Daily => "the account's daily limit, which resets at 00:00 UTC",
        RateLimitType::PerUserDaily => "a per-user daily limit, which resets at 00:00 UTC",
        RateLimitType::Unknown => "a rate limit that Zoom did not name",
    };
    let mut explanation = format!("{}. The request reached {which}.", zoom_response_phrase(facts));
    if let Some(category) = category {
        explanation.push_str(&format!(" The endpoint's rate-limit category is {}.", quote(facts, category)));
    }
    explanation.push_str(" Zoom counts limits per account, across all of its apps.");

    let wait = match retry.retry_at {
        Some(at) => format!("Wait until {} before sending the request again.", time::format_iso8601(at)),
        None if limit_type == RateLimitType::PerSecond => "Wait about a second, then retry with exponential backoff and jitter.".to_owned(),
        None => "Retry with exponential backoff and jitter.".to_owned(),
    };
    let fixes = vec![
        wait,
        "Spread requests over time: the AI call summary endpoint is labelled Medium (about 10 requests per second on Pro plans and 20 on Business and higher, shared by the account).".to_owned(),
        "Cache summaries you already fetched instead of fetching them again.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn upstream_unavailable(facts: &Facts, cause: Cause, retry: &RetryFacts) -> Texts {
    let detail = if cause == Cause::Timeout {
        "The request timed out on the way to Zoom or inside it."
    } else {
        "Zoom or the edge network in front of it failed; this is usually transient."
    };
    let explanation = format!("{}. {detail}", zoom_response_phrase(facts));

    let first = match retry.retry_at {
        Some(at) => format!("Retry after {}, then with exponential backoff.", time::format_iso8601(at)),
        None => "Retry with exponential backoff (for example 1, 2, then 4 seconds).".to_owned(),
    };
    let fixes = vec![
        first,
        format!("If it persists, check https://status.zoom.us and send Zoom Developer Support {}.", tracking_phrase(facts)),
    ];
    Texts { explanation, fixes }
}

fn network_unreachable(facts: &Facts) -> Texts {
    let explanation = format!(
        "No HTTP response arrived for {}. In a browser this is almost always CORS: Zoom's API and OAuth endpoints must be called from a server. Elsewhere it means a DNS failure, no connectivity, a blocked host or a timeout.",
        facts.request_phrase()
    );
    let fixes = vec![
        "From a browser, send the request through your own server or the Worker instead of calling Zoom directly.".to_owned(),
        "From a server, check DNS resolution and outbound access to api.zoom.us (or the api_url of the token response), then retry.".to_owned(),
        "If a timeout ended the request, retry with a longer timeout.".to_owned(),
    ];
    Texts { explanation, fixes }
}

fn unknown(facts: &Facts, cause: Cause) -> Texts {
    if cause == Cause::NotAFailure {
        let explanation = format!("{} succeeded with HTTP {}: this response is not a failure.", facts.request_phrase(), facts.status);
        return Texts { explanation, fixes: Vec::new() };
    }

    let explanation = format!("{}. This does not match a failure this classifier knows.", zoom_response_phrase(facts));
    let mut fixes = Vec::new();
    if let Some(code) = facts.envelope.code {
        fixes.push(format!("Look up code {code} in Zoom's API reference for the endpoint."));
    }
    fixes.push(format!("Send Zoom Developer Support {} with the time of the request.", tracking_phrase(facts)));
    Texts { explanation, fixes }
}
