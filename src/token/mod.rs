//! Token introspection: what a pasted token is, whose it is, whether it is alive and what it can do.
//!
//! Zoom access tokens are HS512 JWTs signed with a key only Zoom holds, and Zoom does not document
//! their claims, so everything decoded here is unverified. Scopes are never in the token: they come
//! only from the token endpoint's response.

mod claims;
mod duration;
mod flat;
mod input;
mod jwt;
mod kind;
mod members;
mod output;
mod report;
mod shape;
mod warnings;


pub(crate) use input::BorrowedInput;
pub use input::{TokenInput, TokenResponse};
pub use jwt::{DecodedJwt, JwtSummary};
pub use shape::TextShape;

use crate::Result;

/// The kind of credential a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Server-to-Server OAuth access token (`account_credentials` grant, claim `type` 3).
    S2sAccess,
    /// User OAuth access token (authorization-code grant, claim `type` 0).
    UserAccess,
    /// Zoom OAuth refresh token (claim `type` 1): it cannot call the API.
    Refresh,
    /// A Zoom OAuth token of a kind this crate does not recognise.
    ZoomUnknown,
    /// A token signed by a retired JWT app (`iss` is the API key, HS256, no `aud`).
    LegacyJwtApp,
    /// A Meeting SDK or Video SDK signature (`appKey`, `sdkKey` or `app_key` claims).
    MeetingSdkJwt,
    /// A JWT that is not Zoom's.
    ForeignJwt,
    /// Text that is not a JWT at all, such as a client secret pasted by mistake.
    NotAJwt,
}

impl TokenKind {
    /// Returns true for the kinds that Zoom's REST API accepts as a bearer token.
    pub fn is_access_token(self) -> bool {
        matches!(self, TokenKind::S2sAccess | TokenKind::UserAccess | TokenKind::ZoomUnknown)
    }

    /// Returns the snake_case name that JavaScript receives, such as `s2s_access`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::S2sAccess => "s2s_access",
            TokenKind::UserAccess => "user_access",
            TokenKind::Refresh => "refresh",
            TokenKind::ZoomUnknown => "zoom_unknown",
            TokenKind::LegacyJwtApp => "legacy_jwt_app",
            TokenKind::MeetingSdkJwt => "meeting_sdk_jwt",
            TokenKind::ForeignJwt => "foreign_jwt",
            TokenKind::NotAJwt => "not_a_jwt",
        }
    }
}

/// Whether a warning blocks the call or only informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningLevel {
    /// Worth knowing; the token can still work.
    Info,
    /// The token will fail, or is likely to.
    Warning,
}

impl WarningLevel {
    /// Returns the name that JavaScript receives: `info` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Info => "info",
            WarningLevel::Warning => "warning",
        }
    }
}

/// A finding about a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable code, such as `token_expired` or `not_an_access_token`.
    pub code: &'static str,
    /// Whether the finding blocks the call.
    pub level: WarningLevel,
    /// A sentence saying what was found and what to do.
    pub message: String,
}

/// The source of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeSource {
    /// The `scope` field of a pasted token response.
    TokenResponse,
    /// No source: Zoom tokens do not carry their scopes.
    Unknown,
}

impl ScopeSource {
    /// Returns the name that JavaScript receives: `token_response` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeSource::TokenResponse => "token_response",
            ScopeSource::Unknown => "unknown",
        }
    }
}

/// The report `introspectToken` returns, written as JSON by its [`crate::json::ToJson`] impl.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenReport {
    /// The kind of credential.
    pub kind: TokenKind,
    /// The `ver` claim (token format version), when present.
    pub version: Option<i64>,
    /// The app's client ID, from `iss` = `zm:cid:<client id>`.
    pub client_id: Option<String>,
    /// The Zoom account ID (`aid`, or `accountId` in version 6 tokens).
    pub account_id: Option<String>,
    /// The Zoom user ID of the token owner (`uid`, or `userId` in version 6 tokens).
    pub user_id: Option<String>,
    /// `iat`, epoch seconds.
    pub issued_at: Option<i64>,
    /// `nbf`, epoch seconds.
    pub not_before: Option<i64>,
    /// `exp`, epoch seconds.
    pub expires_at: Option<i64>,
    /// True when `exp` is at or before `now`.
    pub expired: bool,
    /// Seconds until `exp` (negative once expired), when `exp` is known.
    pub seconds_left: Option<i64>,
    /// Granted scopes, or `None` when only a bare token was given.
    pub scopes: Option<Vec<String>>,
    /// The source of `scopes`.
    pub scope_source: ScopeSource,
    /// The API host named by the token response (`api_url`), when known.
    pub api_url: Option<String>,
    /// The JSON text of the decoded JWT header, unverified and exactly as decoded, or `None` for
    /// non-JWT input. It is always one valid JSON object.
    pub header: Option<String>,
    /// The JSON text of the decoded JWT claims, unverified and exactly as decoded, or `None` for
    /// non-JWT input. It is always one valid JSON object.
    pub claims: Option<String>,
    /// Always true: Zoom signs tokens with a key only Zoom holds, so nothing here is verified.
    pub unverified: bool,
    /// For text that is not a JWT, what it looks like, such as a client secret; otherwise `None`.
    pub looks_like: Option<TextShape>,
    /// Enough of the token to recognise it, never enough to use it.
    pub redacted: String,
    /// First 12 hex digits of the SHA-256 of the JWT's signature part, or of the whole text when
    /// the input is not a JWT.
    pub fingerprint: String,
    /// Findings, most serious first.
    pub warnings: Vec<Warning>,
}

impl TokenReport {
    /// Returns true when a warning with `code` was raised.
    pub fn has_warning(&self, code: &str) -> bool {
        self.warnings.iter().any(|warning| warning.code == code)
    }
}

/// Introspects a token, an `Authorization` header or a token response at the clock `now`.
///
/// # Errors
///
/// [`crate::Error::InvalidArgument`] for empty or whitespace-only input and a bare `Bearer`. Every
/// other input returns a report.
pub fn introspect(input: &str, now: i64) -> Result<TokenReport> {
    let parsed = TokenInput::parse(input)?;
    Ok(report::build(parsed, now))
}
