//! The stable failure kinds, their titles and the HTTP status a proxy returns for each.

use crate::json::{self, ToJson};

/// The failure kind, a stable code. The snake_case codes are part of the public API, and each one
/// has a documentation page at `/problems/<kind>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The token lacks a scope the endpoint requires.
    MissingScope,
    /// A Master Account API path (`/accounts/{accountId}/...`) was called by an account that is not
    /// an approved master account.
    MasterAccountRequired,
    /// The access token's `exp` has passed.
    TokenExpired,
    /// Zoom does not accept the token: malformed, revoked, superseded, or its app is deactivated.
    TokenInvalid,
    /// No access token reached Zoom.
    TokenMissing,
    /// The token was sent as a query parameter, which Zoom rejects.
    TokenInQuery,
    /// The account in the path or token does not exist, or the token belongs to another account.
    AccountMismatch,
    /// The OAuth token endpoint rejected the token request.
    TokenRequestRejected,
    /// `me` was used in the path with a Server-to-Server token.
    MeNotSupported,
    /// The token owner's role, licence or sharing settings do not allow this request.
    PermissionDenied,
    /// Zoom Phone is not enabled for the account.
    PhoneNotEnabled,
    /// The user in the path does not exist in this account.
    UserNotFound,
    /// No AI call summary with that id exists for that user.
    SummaryNotFound,
    /// The summary request succeeded but every summary field is empty or missing.
    SummaryEmpty,
    /// Zoom does not recognise the path as an API endpoint.
    EndpointNotRecognized,
    /// Zoom rejected a path or query parameter as invalid.
    ValidationFailed,
    /// A per-second, daily or per-user rate limit was reached.
    RateLimited,
    /// Zoom or its edge network failed (5xx, gateway page, timeout at the edge).
    UpstreamUnavailable,
    /// No HTTP response arrived: a network, DNS, timeout or CORS failure.
    NetworkUnreachable,
    /// None of the other kinds fits, or the response is not a failure.
    Unknown,
}

impl FailureKind {
    /// Every kind, in documentation order.
    pub const ALL: [FailureKind; 20] = [
        FailureKind::MissingScope,
        FailureKind::MasterAccountRequired,
        FailureKind::TokenExpired,
        FailureKind::TokenInvalid,
        FailureKind::TokenMissing,
        FailureKind::TokenInQuery,
        FailureKind::AccountMismatch,
        FailureKind::TokenRequestRejected,
        FailureKind::MeNotSupported,
        FailureKind::PermissionDenied,
        FailureKind::PhoneNotEnabled,
        FailureKind::UserNotFound,
        FailureKind::SummaryNotFound,
        FailureKind::SummaryEmpty,
        FailureKind::EndpointNotRecognized,
        FailureKind::ValidationFailed,
        FailureKind::RateLimited,
        FailureKind::UpstreamUnavailable,
        FailureKind::NetworkUnreachable,
        FailureKind::Unknown,
    ];

    /// Returns the stable snake_case code, the value JSON output contains.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::MissingScope => "missing_scope",
            FailureKind::MasterAccountRequired => "master_account_required",
            FailureKind::TokenExpired => "token_expired",
            FailureKind::TokenInvalid => "token_invalid",
            FailureKind::TokenMissing => "token_missing",
            FailureKind::TokenInQuery => "token_in_query",
            FailureKind::AccountMismatch => "account_mismatch",
            FailureKind::TokenRequestRejected => "token_request_rejected",
            FailureKind::MeNotSupported => "me_not_supported",
            FailureKind::PermissionDenied => "permission_denied",
            FailureKind::PhoneNotEnabled => "phone_not_enabled",
            FailureKind::UserNotFound => "user_not_found",
            FailureKind::SummaryNotFound => "summary_not_found",
            FailureKind::SummaryEmpty => "summary_empty",
            FailureKind::EndpointNotRecognized => "endpoint_not_recognized",
            FailureKind::ValidationFailed => "validation_failed",
            FailureKind::RateLimited => "rate_limited",
            FailureKind::UpstreamUnavailable => "upstream_unavailable",
            FailureKind::NetworkUnreachable => "network_unreachable",
            FailureKind::Unknown => "unknown",
        }
    }

    /// Parses a snake_case code back into a kind.
    pub fn from_code(code: &str) -> Option<FailureKind> {
        FailureKind::ALL.into_iter().find(|kind| kind.as_str() == code)
    }

    /// Returns the HTTP status a proxy should return to its own caller for this kind.
    ///
    /// - 400: the caller's own input is wrong (`validation_failed`, `endpoint_not_recognized`,
    ///   `me_not_supported`).
    /// - 404: the user or summary does not exist, including `summary_empty`, because the caller
    ///   asked for summary text and there is none to return.
    /// - 429: `rate_limited`.
    /// - 502: Zoom rejected the proxy's own credentials or configuration (scopes, tokens, account,
    ///   permissions, Zoom Phone), and `unknown`.
    /// - 503: `upstream_unavailable`.
    /// - 504: `network_unreachable`, because no response from Zoom arrived in time.
    pub fn proxy_status(self) -> u16 {
        match self {
            FailureKind::ValidationFailed | FailureKind::EndpointNotRecognized | FailureKind::MeNotSupported => 400,
            FailureKind::UserNotFound | FailureKind::SummaryNotFound | FailureKind::SummaryEmpty => 404,
            FailureKind::RateLimited => 429,
            FailureKind::UpstreamUnavailable => 503,
            FailureKind::NetworkUnreachable => 504,
            FailureKind::MissingScope
            | FailureKind::MasterAccountRequired
            | FailureKind::TokenExpired
            | FailureKind::TokenInvalid
            | FailureKind::TokenMissing
            | FailureKind::TokenInQuery
            | FailureKind::AccountMismatch
            | FailureKind::TokenRequestRejected
            | FailureKind::PermissionDenied
            | FailureKind::PhoneNotEnabled
            | FailureKind::Unknown => 502,
        }
    }

    /// Returns a short human title, used as the problem document's `title`.
    pub fn title(self) -> &'static str {
        match self {
            FailureKind::MissingScope => "The token lacks a required scope",
            FailureKind::MasterAccountRequired => "The Master Account API needs an approved master account",
            FailureKind::TokenExpired => "The access token has expired",
            FailureKind::TokenInvalid => "Zoom does not accept the access token",
            FailureKind::TokenMissing => "No access token reached Zoom",
            FailureKind::TokenInQuery => "The token was sent in the query string",
            FailureKind::AccountMismatch => "The account does not match the token",
            FailureKind::TokenRequestRejected => "The token endpoint rejected the token request",
            FailureKind::MeNotSupported => "`me` does not work with a Server-to-Server token",
            FailureKind::PermissionDenied => "Zoom denied permission for this request",
            FailureKind::PhoneNotEnabled => "Zoom Phone is not enabled",
            FailureKind::UserNotFound => "The user does not exist in this account",
            FailureKind::SummaryNotFound => "The AI call summary was not found",
            FailureKind::SummaryEmpty => "The AI call summary is empty",
            FailureKind::EndpointNotRecognized => "Zoom does not recognise the endpoint",
            FailureKind::ValidationFailed => "Zoom rejected a path or query parameter",
            FailureKind::RateLimited => "A Zoom rate limit was reached",
            FailureKind::UpstreamUnavailable => "Zoom or its edge network failed",
            FailureKind::NetworkUnreachable => "No response arrived from Zoom",
            FailureKind::Unknown => "Unrecognised response",
        }
    }

    /// Returns true when the same request can succeed without a person changing anything: after
    /// waiting, or after minting a fresh token.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            FailureKind::TokenExpired
                | FailureKind::TokenInvalid
                | FailureKind::RateLimited
                | FailureKind::UpstreamUnavailable
                | FailureKind::NetworkUnreachable
        )
    }
}

impl ToJson for FailureKind {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_variant_names() {
        for kind in FailureKind::ALL {
            let mut expected = String::new();
            for letter in format!("{kind:?}").chars() {
                if letter.is_ascii_uppercase() && !expected.is_empty() {
                    expected.push('_');
                }
                expected.push(letter.to_ascii_lowercase());
            }
            assert_eq!(kind.as_str(), expected);
            assert_eq!(kind.to_json(), format!("\"{expected}\""));
        }
    }

    #[test]
    fn codes_round_trip() {
        for kind in FailureKind::ALL {
            assert_eq!(FailureKind::from_code(kind.as_str()), Some(kind));
        }
        assert_eq!(FailureKind::from_code("nope"), None);
    }

    #[test]
    fn all_lists_twenty_distinct_kinds() {
        let codes: std::collections::HashSet<_> = FailureKind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(codes.len(), 20);
    }

    #[test]
    fn proxy_status_groups() {
        assert_eq!(FailureKind::ValidationFailed.proxy_status(), 400);
        assert_eq!(FailureKind::MeNotSupported.proxy_status(), 400);
        assert_eq!(FailureKind::SummaryEmpty.proxy_status(), 404);
        assert_eq!(FailureKind::RateLimited.proxy_status(), 429);
        assert_eq!(FailureKind::MissingScope.proxy_status(), 502);
        assert_eq!(FailureKind::UpstreamUnavailable.proxy_status(), 503);
        assert_eq!(FailureKind::NetworkUnreachable.proxy_status(), 504);
        assert_eq!(FailureKind::Unknown.proxy_status(), 502);
    }
}
