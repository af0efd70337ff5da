//! Gathers every signal the rules decide on: status, body envelope, headers, the failed request and
//! the token from the context.

use std::borrow::Cow;

use super::envelope::Envelope;
use super::headers;
use super::path::RequestFacts;
use super::scrub::Scrubber;
use super::{FailureContext, FailureResponse};
use crate::token::{BorrowedInput, JwtSummary, TokenKind};

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
    /// Zoom's message with credentials redacted, and its quote (`rules::quote`). The diagnosis
    /// repeats the message, so it is scrubbed once here.
    pub(crate) message: Option<(String, String)>,
    /// The `x-zm-trackingid` header, or `None` when it is absent or contains a credential.
    pub(crate) tracking_id: Option<String>,
    /// True when the `x-zm-trackingid` header was ignored because it contains a credential.
    pub(crate) tracking_id_dropped: bool,
    /// The scopes Zoom's missing-scope message lists, scrubbed once because the texts and the
    /// diagnosis both quote them; empty when the message lists none.
    pub(crate) listed_scopes: Vec<String>,
    /// The failed request, when the context named it.
    pub(crate) request: Option<RequestFacts<'a>>,
    /// The failed request as `GET /v2/...`, scrubbed once because many texts quote it.
    pub(crate) request_description: Option<String>,
    /// The context's token, when it was given and readable.
    pub(crate) token: Option<TokenFacts>,
    /// Redacts the context's secrets from quoted text.
    pub(crate) scrubber: Scrubber,
}

impl<'a> Facts<'a> {
    /// Reads every signal from a response and its context.
    pub(crate) fn gather(response: &'a FailureResponse, context: &'a FailureContext) -> Facts<'a> {
        let mut scrubber = Scrubber::default();
        let token = context.token.as_deref().and_then(|text| read_token(text, context.now, &mut scrubber));

        let headers = response.headers.as_slice();
        let content_type = headers::header(headers, "content-type");
        let received_id = headers::header(headers, "x-zm-trackingid").filter(|value| !value.is_empty());
        let tracking_id = received_id.filter(|value| scrubber.scrub(value) == *value).map(str::to_owned);
        let tracking_id_dropped = received_id.is_some() && tracking_id.is_none();

        let request = context.request.as_ref().map(|request| RequestFacts::parse(&request.method, &request.url));
        let request_description = request.as_ref().map(|request| scrubber.scrub(&request.describe()));

        let envelope = Envelope::parse(&response.body, content_type);
        let message = envelope.message.as_deref().map(|message| scrubber.scrub_and_quote(message, super::rules::MAX_QUOTE));
        let listed = envelope.missing_scopes.as_deref().unwrap_or(&[]);
        let listed_scopes = listed.iter().map(|scope| scrubber.scrub(scope)).collect();

        Facts {
            status: response.status,
            now: context.now,
            headers,
            body: &response.body,
            envelope,
            message,
            tracking_id,
            tracking_id_dropped,
            listed_scopes,
            request,
            request_description,
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
        match &self.request_description {
            Some(description) => ["`", description, "`"].concat(),
            None => "the request".to_owned(),
        }
    }

    /// Returns the quote of Zoom's message, when there is one.
    pub(crate) fn message_quote(&self) -> Option<&str> {
        self.message.as_ref().map(|(_, quoted)| quoted.as_str())
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

/// Reads the context token's kind, expiry, account and scopes, and registers its secrets with the
/// scrubber.
///
/// This reads only the claims the rules use. `token::introspect` would also hash the token for its
/// fingerprint and copy every claim, which took about a third of a classification in wasm. It
/// reads the input with `BorrowedInput`, so the token is copied only into the scrubber, and the
/// response members that the rules do not read are never copied.
fn read_token(text: &str, now: i64, scrubber: &mut Scrubber) -> Option<TokenFacts> {
    let mut input = BorrowedInput::parse(text).ok()?;
    let summary = JwtSummary::read(&input.token);

    let held_scopes = input.take_scope().as_deref().map(split_scopes);
    let api_url = input.take_api_url().map(Cow::into_owned);
    let refresh_token = input.take_refresh_token();
    scrubber.add_secret(input.token.into_owned());
    if let Some(refresh_token) = refresh_token {
        scrubber.add_secret(refresh_token.into_owned());
    }

    let expires_at = summary.as_ref().and_then(|summary| summary.expires_at);
    Some(TokenFacts {
        kind: summary.as_ref().map_or(TokenKind::NotAJwt, |summary| summary.kind),
        expired: expires_at.is_some_and(|exp| exp <= now),
        expires_at,
        held_scopes,
        api_url,
        account_id: summary.and_then(|summary| summary.account_id),
    })
}

/// Splits the token response's `scope` on whitespace, as `TokenResponse::scopes` does.
///
/// `str::split_whitespace` decodes every character to test it for Unicode whitespace. Zoom's
/// scopes are ASCII, and in ASCII text Unicode whitespace is exactly the six bytes below.
fn split_scopes(scope: &str) -> Vec<String> {
    if !scope.is_ascii() {
        return scope.split_whitespace().map(str::to_owned).collect();
    }
    let mut scopes = Vec::new();
    let mut start = 0;
    for (index, byte) in scope.bytes().enumerate() {
        if matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            push_part(&mut scopes, scope.get(start..index));
            start = index + 1;
        }
    }
    push_part(&mut scopes, scope.get(start..));
    scopes
}

fn push_part(parts: &mut Vec<String>, part: Option<&str>) {
    if let Some(part) = part.filter(|part| !part.is_empty()) {
        parts.push(part.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::TokenResponse;

    const NOW: i64 = 1_764_590_400;

    fn jwt(claims: &str) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS512"}"#);
        format!("{header}.{}.c2lnbmF0dXJlLXNpZ25hdHVyZQ", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn token_kind_from_claims() {
        let kind = |claims: &str| read_token(&jwt(claims), NOW, &mut Scrubber::default()).map(|token| token.kind);
        let zoom = |token_type: i64| kind(&format!(r#"{{"aud":"https://oauth.zoom.us","type":{token_type}}}"#));
        assert_eq!(zoom(3), Some(TokenKind::S2sAccess));
        assert_eq!(zoom(0), Some(TokenKind::UserAccess));
        assert_eq!(zoom(1), Some(TokenKind::Refresh));
        assert_eq!(zoom(7), Some(TokenKind::ZoomUnknown));
        assert_eq!(kind(r#"{"appKey":"k","exp":1}"#), Some(TokenKind::MeetingSdkJwt));
        assert_eq!(kind(r#"{"type":3}"#), Some(TokenKind::ForeignJwt));
        assert_eq!(kind(r#"{"sub":"x"}"#), Some(TokenKind::ForeignJwt));
    }

    #[test]
    fn token_expiry_at_clock() {
        let read = |exp: i64| read_token(&jwt(&format!(r#"{{"aud":"https://oauth.zoom.us","type":3,"exp":{exp}}}"#)), NOW, &mut Scrubber::default());
        let expired = read(NOW).expect("a JWT is readable");
        assert!(expired.expired);
        assert_eq!(expired.expires_at, Some(NOW));
        assert!(!read(NOW + 1).expect("a JWT is readable").expired);
    }

    #[test]
    fn token_response_fields() {
        let text = format!(
            r#"{{"access_token":"{}","scope":"a:b:c:admin x:y","api_url":"https://api.zoomgov.com","refresh_token":"refresh-secret-value"}}"#,
            jwt(r#"{"aud":"https://oauth.zoom.us","type":0,"aid":"acct-1"}"#)
        );
        let mut scrubber = Scrubber::default();
        let token = read_token(&text, NOW, &mut scrubber).expect("a token response is readable");
        assert_eq!(token.held_scopes, Some(vec!["a:b:c:admin".to_owned(), "x:y".to_owned()]));
        assert!(token.is_zoomgov());
        assert_eq!(token.account_id.as_deref(), Some("acct-1"));
        assert!(!scrubber.scrub("refresh-secret-value").contains("refresh-secret-value"));
    }

    #[test]
    fn scopes_split_like_token_response() {
        for scope in ["a b", " a\tb\n\u{b}c\u{c}d\re ", "", "   ", "a\u{a0}b c", "a\u{1f}b", "é x"] {
            let response = TokenResponse { scope: Some(scope.to_owned()), ..TokenResponse::default() };
            assert_eq!(Some(split_scopes(scope)), response.scopes(), "{scope:?}");
        }
    }

    #[test]
    fn unreadable_tokens() {
        assert_eq!(read_token("  ", NOW, &mut Scrubber::default()), None);
        let opaque = read_token("not-a-jwt-secret", NOW, &mut Scrubber::default()).expect("any text is a token");
        assert_eq!(opaque.kind, TokenKind::NotAJwt);
        assert_eq!(opaque.expires_at, None);
    }
}
