//! Gathers every signal the rules decide on: status, body envelope, headers, the failed request and
//! the token from the context.

use super::envelope::Envelope;
use super::headers;
use super::path::RequestFacts;
use super::scrub::Scrubber;
use super::{FailureContext, FailureResponse};
use crate::token::{self, TokenInput, TokenKind};

/// The facts of the context's token, read at the context's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenFacts {
    /// The kind of credential.
    pub(crate) kind: TokenKind,
    /// True when `exp` is at or before `now`.
    pub(crate) expired: bool,
    /// `exp`, epoch seconds.
    pub(crate) expires_at: Option<i64>,
    /// Scopes from the token response, when one was given.
    pub(crate) held_scopes: Option<Vec<String>>,
    /// The token response's `api_url`.
    pub(crate) api_url: Option<String>,
    /// The account the token belongs to (`aid` claim).
    pub(crate) account_id: Option<String>,
    /// The token owner's user id (`uid` claim).
    pub(crate) user_id: Option<String>,
}

impl TokenFacts {
    /// True for a Server-to-Server OAuth access token.
    pub(crate) fn is_server_to_server(&self) -> bool {
        self.kind == TokenKind::S2sAccess
    }

    /// True when the token response lists `scope`.
    pub(crate) fn holds(&self, scope: &str) -> bool {
        self.held_scopes.as_ref().is_some_and(|held| held.iter().any(|item| item == scope))
    }

    /// True when the token response names a Zoom for Government host.
    pub(crate) fn is_zoomgov(&self) -> bool {
        self.api_url.as_deref().is_some_and(|url| url.contains("zoomgov.com"))
    }
}

/// All signals of one failure.
#[derive(Debug)]
pub(crate) struct Facts<'a> {
    /// The HTTP status, 0 when no response arrived.
    pub(crate) status: u16,
    /// The clock, epoch seconds.
    pub(crate) now: i64,
    /// The response headers as given.
    pub(crate) headers: &'a [(String, String)],
    /// The response body as given.
    pub(crate) body: &'a str,
    /// The body's envelope.
    pub(crate) envelope: Envelope,
    /// The `x-zm-trackingid` header, scrubbed.
    pub(crate) tracking_id: Option<String>,
    /// The failed request, when the context named it.
    pub(crate) request: Option<RequestFacts>,
    /// The context's token, when it was given and readable.
    pub(crate) token: Option<TokenFacts>,
    /// Redacts the context's secrets from quoted text.
    pub(crate) scrubber: Scrubber,
}

impl<'a> Facts<'a> {
    /// Reads every signal from a response and its context.
    pub(crate) fn gather(response: &'a FailureResponse, context: &FailureContext) -> Facts<'a> {
        let mut scrubber = Scrubber::default();
        let token = context.token.as_deref().and_then(|text| read_token(text, context.now, &mut scrubber));

        let headers = response.headers.as_slice();
        let content_type = headers::header(headers, "content-type");
        let tracking_id = headers::header(headers, "x-zm-trackingid")
            .filter(|value| !value.is_empty())
            .map(|value| scrubber.scrub(value));

        Facts {
            status: response.status,
            now: context.now,
            headers,
            body: &response.body,
            envelope: Envelope::parse(&response.body, content_type),
            tracking_id,
            request: context.request.as_ref().map(|request| RequestFacts::parse(&request.method, &request.url)),
            token,
            scrubber,
        }
    }

    /// True for a 2xx status.
    pub(crate) fn is_success_status(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// True when the request called the AI call summary endpoint, or the body is a summary.
    pub(crate) fn is_summary_request(&self) -> bool {
        self.request.as_ref().is_some_and(|request| request.summary.is_some())
            || self.request.is_none() && self.envelope.summary.is_some()
    }

    /// Returns "`GET /v2/...`" for the failed request, or "the request" when it is unknown.
    pub(crate) fn request_phrase(&self) -> String {
        match &self.request {
            Some(request) => format!("`{}`", self.scrubber.scrub(&request.describe())),
            None => "the request".to_owned(),
        }
    }

    /// True when the token in the context is a Server-to-Server token.
    pub(crate) fn server_to_server(&self) -> bool {
        self.token.as_ref().is_some_and(TokenFacts::is_server_to_server)
    }

    /// True when the token in the context is a user OAuth token.
    pub(crate) fn user_level_token(&self) -> bool {
        self.token.as_ref().is_some_and(|token| token.kind == TokenKind::UserAccess)
    }
}

/// Introspects the context token and registers its secrets with the scrubber.
fn read_token(text: &str, now: i64, scrubber: &mut Scrubber) -> Option<TokenFacts> {
    let input = TokenInput::parse(text).ok()?;
    scrubber.add_secret(&input.token);
    if let Some(refresh) = input.response.as_ref().and_then(|response| response.refresh_token.as_deref()) {
        scrubber.add_secret(refresh);
    }

    let report = token::introspect(text, now).ok()?;
    Some(TokenFacts {
        kind: report.kind,
        expired: report.expired,
        expires_at: report.expires_at,
        held_scopes: report.scopes,
        api_url: report.api_url,
        account_id: report.account_id,
        user_id: report.user_id,
    })
}
