//! Token facts and the warnings attached to a built request.

use crate::catalog::Endpoint;
use crate::scopes::{scope_to_add, AppType};
use crate::token::{self, TokenInput, TokenKind, TokenReport, Warning, WarningLevel};
use crate::{Error, Result};

use super::SummaryTarget;

/// A parsed token and what introspection found in it.
#[derive(Clone)]
pub(crate) struct TokenFacts {
    /// The bare token, ready for `Authorization: Bearer`.
    pub token: String,
    /// The introspection report (unverified claims, scopes from a token response).
    pub report: TokenReport,
    /// The app type inferred from the token kind and its scopes.
    pub app_type: AppType,
}

impl std::fmt::Debug for TokenFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenFacts")
            .field("token", &self.report.redacted)
            .field("kind", &self.report.kind)
            .field("app_type", &self.app_type)
            .finish()
    }
}

impl TokenFacts {
    /// Parses and introspects a token, an `Authorization` header or a token response at `now`.
    ///
    /// `name` is the argument's name in messages, such as `options.token`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty token, and for a token with whitespace or control
    /// characters inside, which cannot be sent in a header.
    pub fn analyse(name: &str, text: &str, now: i64) -> Result<TokenFacts> {
        let input = TokenInput::parse(text).map_err(|error| Error::invalid_argument(format!("{name} is invalid: {error}")))?;
        if input.token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid_argument(format!(
                "{name} contains whitespace or control characters inside the token, so it cannot be sent in an Authorization header: paste the token again as one line"
            )));
        }

        let report = token::introspect(text, now)?;
        let app_type = AppType::infer(report.kind, report.scopes.as_deref());
        Ok(TokenFacts { token: input.token, report, app_type })
    }

    /// Returns the granted scopes when a token response named them.
    pub fn scopes(&self) -> Option<&[String]> {
        self.report.scopes.as_deref()
    }
}

/// Checks a `User-Agent` value: printable ASCII, not empty.
pub(super) fn user_agent(value: &str) -> Result<&str> {
    if value.is_empty() {
        return Err(Error::invalid_argument("options.userAgent is empty: omit it or pass a product token such as my-app/1.0"));
    }
    if !value.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        return Err(Error::invalid_argument(
            "options.userAgent contains control or non-ASCII characters, which HTTP header values cannot carry: use printable ASCII such as my-app/1.0",
        ));
    }
    Ok(value)
}

fn warning(code: &'static str, message: String) -> Warning {
    Warning { code, level: WarningLevel::Warning, message }
}

fn info(code: &'static str, message: String) -> Warning {
    Warning { code, level: WarningLevel::Info, message }
}

/// Collects the warnings for a summary request, most serious first.
pub(super) fn request_warnings(
    target: &SummaryTarget,
    facts: Option<&TokenFacts>,
    endpoint: Option<&Endpoint>,
    api_url: Option<&str>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let master = target.sub_account_id.is_some();

    let Some(facts) = facts else {
        warnings.push(info(
            "no_token",
            "no token was given, so the request has no Authorization header: add 'Authorization: Bearer <access token>' before sending it".to_owned(),
        ));
        return warnings;
    };

    warnings.extend(token_kind_warning(facts));
    warnings.extend(expiry_warning(facts));
    if target.user_id == "me" && facts.report.kind == TokenKind::S2sAccess {
        warnings.push(warning(
            "me_with_server_to_server",
            "userId is 'me', but a Server-to-Server token acts for the app's owner, so 'me' does not name the summary's owner: pass the owner's user ID (payload.object.user_id of the phone.ai_call_summary_changed event)".to_owned(),
        ));
    }
    if let Some(endpoint) = endpoint {
        warnings.extend(scope_warning(facts, endpoint, master));
    }
    if !master && target.user_id != "me" && facts.app_type == AppType::UserManaged {
        warnings.push(warning(
            "explicit_user_id_with_user_token",
            "the token comes from a user-managed app, which holds only user-level scopes, and Zoom checks an explicit userId against :admin scopes: pass 'me' as userId".to_owned(),
        ));
    }

    warnings.extend(informational_warnings(facts, master, api_url));
    warnings
}

fn token_kind_warning(facts: &TokenFacts) -> Option<Warning> {
    let message = not_access_token_message(facts.report.kind)?;
    Some(warning("not_an_access_token", message.to_owned()))
}

/// Explains why a token of `kind` cannot call the API, or returns `None` for access tokens.
pub(crate) fn not_access_token_message(kind: TokenKind) -> Option<&'static str> {
    let message = match kind {
        kind if kind.is_access_token() => return None,
        TokenKind::Refresh => "this is a Zoom refresh token, which the API rejects: exchange it at POST https://zoom.us/oauth/token with grant_type=refresh_token and send the access_token from the response",
        TokenKind::LegacyJwtApp => "this token was signed by a JWT app, an app type Zoom retired in June 2023: create a Server-to-Server OAuth app and send its access token",
        TokenKind::MeetingSdkJwt => "this is a Meeting SDK or Video SDK signature, which can only join meetings: send an OAuth access token from Zoom's token endpoint",
        TokenKind::ForeignJwt => "this JWT was not issued by Zoom's OAuth server: send the access_token from Zoom's token endpoint",
        _ => "this is not a JWT, and Zoom access tokens are JWTs (three base64url parts separated by dots): it may be a client secret or a webhook secret token, so send the access_token from Zoom's token endpoint",
    };
    Some(message)
}

fn expiry_warning(facts: &TokenFacts) -> Option<Warning> {
    let report = &facts.report;
    if !report.expired {
        return None;
    }

    let ago = report.seconds_left.map_or(String::new(), |left| format!(" {} seconds ago", left.saturating_neg()));
    let expires_at = report.expires_at.map_or(String::new(), |exp| format!(" (exp {exp})"));
    Some(warning(
        "token_expired",
        format!("the token expired{ago}{expires_at}, and Zoom access tokens live one hour: {}", renew_step(facts.app_type)),
    ))
}

pub(crate) fn renew_step(app_type: AppType) -> &'static str {
    match app_type {
        AppType::ServerToServer => "request a new token with grant_type=account_credentials",
        AppType::AdminManaged | AppType::UserManaged => "exchange the refresh token for a new access token",
        AppType::Unknown => "request a new token (Server-to-Server) or exchange the refresh token (general app)",
    }
}

fn scope_warning(facts: &TokenFacts, endpoint: &Endpoint, master: bool) -> Option<Warning> {
    let scopes = facts.scopes()?;
    if endpoint.accepts_any(scopes) {
        return None;
    }

    let accepted = endpoint.accepted_scopes();
    let app_type = facts.app_type;
    let holdable = endpoint.accepted_scopes_for(app_type);
    let pick = scope_to_add(&holdable, app_type).or_else(|| scope_to_add(&accepted, app_type)).unwrap_or_default();
    let granted = if scopes.is_empty() { "no scopes".to_owned() } else { scopes.join(" ") };

    let mut message = format!(
        "the token's scopes ({granted}) include none that {} accepts ({}): add {pick} to the {}, {}, because a token keeps the scopes it was issued with",
        endpoint.id,
        accepted.join(", "),
        app_type.describe(),
        app_type.new_token_step(),
    );
    if master {
        message.push_str(". The master-account path also needs a master account approved by Zoom; without one, drop subAccountId to use the user path");
    }
    Some(warning("missing_scope", message))
}

fn informational_warnings(facts: &TokenFacts, master: bool, api_url: Option<&str>) -> Vec<Warning> {
    let mut notes = Vec::new();
    let report = &facts.report;

    if report.scopes.is_none() && report.kind.is_access_token() {
        notes.push(info(
            "scopes_unknown",
            "the token's scopes are unknown because Zoom tokens do not carry them: pass the token endpoint's whole JSON response to check scopes before sending".to_owned(),
        ));
    }
    if master {
        notes.push(info(
            "master_account_required",
            "the master-account path works only for master accounts that Zoom's partner programme approved; otherwise Zoom answers code 104 'does not contain scopes' even with phone:read:ai_call_summary:master, so drop subAccountId to use the user path".to_owned(),
        ));
    }

    match (api_url, report.api_url.as_deref()) {
        (Some(option), Some(from_token)) if !same_origin(option, from_token) => notes.push(info(
            "api_url_overridden",
            format!("options.apiUrl is used instead of the token response's api_url {from_token}: a token works only in the Zoom cloud that issued it"),
        )),
        (None, Some(from_token)) if !same_origin(from_token, super::DEFAULT_API_BASE) => notes.push(info(
            "regional_api_url",
            format!("the request goes to {from_token}, the regional host named by the token response's api_url"),
        )),
        _ => {}
    }
    notes
}

fn same_origin(left: &str, right: &str) -> bool {
    let normalise = |url: &str| url.trim().trim_end_matches('/').trim_end_matches("/v2").trim_end_matches('/').to_ascii_lowercase();
    normalise(left) == normalise(right)
}
