//! Recognises what a user pasted: a bare token, an `Authorization` header or a token response.

use serde::Deserialize;

use crate::{Error, Result};

/// The fields of a Zoom token-endpoint response that the crate reads.
///
/// Zoom returns `{access_token, token_type, expires_in, scope, api_url}` for every grant, plus
/// `refresh_token` for the authorization-code and refresh grants. `scope` is space-separated.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenResponse {
    /// The access token itself.
    pub access_token: String,
    /// `bearer` in every response seen.
    #[serde(default)]
    pub token_type: Option<String>,
    /// Lifetime in seconds (3599 or 3600 in practice).
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// Space-separated scopes granted to the token.
    #[serde(default)]
    pub scope: Option<String>,
    /// Regional API host, such as `https://api-eu.zoom.us`.
    #[serde(default)]
    pub api_url: Option<String>,
    /// Present for user OAuth grants; never printed.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for TokenResponse {
    // The derived Debug would print both tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("api_url", &self.api_url)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl TokenResponse {
    /// Returns the granted scopes, split on whitespace, or `None` when the response had no `scope`.
    pub fn scopes(&self) -> Option<Vec<String>> {
        let scope = self.scope.as_ref()?;
        Some(scope.split_whitespace().map(str::to_owned).collect())
    }
}

/// What the user gave: always a token string, and the token response when one was pasted.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenInput {
    /// The token text with whitespace, quotes and any `Authorization: Bearer` prefix removed.
    pub token: String,
    /// The parsed token response, when the input was one.
    pub response: Option<TokenResponse>,
}

impl std::fmt::Debug for TokenInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInput")
            .field("token", &"[redacted]")
            .field("response", &self.response)
            .finish()
    }
}

impl TokenInput {
    /// Parses a raw token, `Bearer <token>`, `Authorization: Bearer <token>` or token-response JSON.
    ///
    /// Surrounding whitespace, newlines and one pair of matching quotes are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when nothing but whitespace, quotes or a bare `Bearer` is left.
    pub fn parse(input: &str) -> Result<TokenInput> {
        let text = strip_wrapping(input);
        if text.starts_with('{') {
            if let Ok(response) = serde_json::from_str::<TokenResponse>(text) {
                let token = strip_wrapping(&response.access_token).to_owned();
                if token.is_empty() {
                    return Err(Error::invalid_argument(
                        "the token response has an empty access_token: paste the whole JSON body that the token endpoint returned",
                    ));
                }
                return Ok(TokenInput { token, response: Some(response) });
            }
        }

        let token = strip_bearer(text);
        if token.is_empty() {
            return Err(Error::invalid_argument(empty_token_message(input)));
        }
        Ok(TokenInput { token: token.to_owned(), response: None })
    }
}

fn empty_token_message(input: &str) -> String {
    if input.trim().is_empty() {
        "the token is empty: pass an access token, an Authorization header or the token endpoint's JSON response".to_owned()
    } else {
        "the input holds no token after 'Bearer': paste the whole header value, 'Bearer ' followed by the token".to_owned()
    }
}

/// Removes surrounding whitespace and matching quotes, repeatedly, so `" 'abc' "` becomes `abc`.
fn strip_wrapping(input: &str) -> &str {
    let mut text = input.trim();
    loop {
        let unquoted = ['"', '\'', '`']
            .iter()
            .find_map(|quote| text.strip_prefix(*quote).and_then(|rest| rest.strip_suffix(*quote)));
        match unquoted {
            Some(inner) if text.len() >= 2 => text = inner.trim(),
            _ => return text,
        }
    }
}

/// Removes an `Authorization:` header name and a `Bearer` scheme, both case-insensitive.
fn strip_bearer(text: &str) -> &str {
    let mut rest = text;
    if let Some(after) = strip_prefix_ignore_case(rest, "authorization") {
        if let Some(value) = after.trim_start().strip_prefix(':') {
            rest = value.trim_start();
        }
    }

    if let Some(after) = strip_prefix_ignore_case(rest, "bearer") {
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            rest = after;
        }
    }
    strip_wrapping(rest)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_raw_token() {
        assert_eq!(TokenInput::parse("  abc.def.ghi \n").unwrap().token, "abc.def.ghi");
    }

    #[test]
    fn parse_header_line() {
        let input = TokenInput::parse("Authorization: Bearer abc.def.ghi").unwrap();
        assert_eq!(input.token, "abc.def.ghi");
    }

    #[test]
    fn parse_quoted_bearer() {
        assert_eq!(TokenInput::parse("\"bearer abc\"").unwrap().token, "abc");
    }

    #[test]
    fn parse_token_response() {
        let input = TokenInput::parse(r#"{"access_token":"a.b.c","scope":"x y","api_url":"https://api-eu.zoom.us"}"#).unwrap();
        assert_eq!(input.token, "a.b.c");
        let response = input.response.unwrap();
        assert_eq!(response.scopes().unwrap(), vec!["x", "y"]);
    }

    #[test]
    fn parse_bare_bearer_fails() {
        assert!(TokenInput::parse("Bearer").is_err());
        assert!(TokenInput::parse("Bearer   ").is_err());
    }

    #[test]
    fn parse_blank_fails() {
        assert!(TokenInput::parse(" \n\t").is_err());
        assert!(TokenInput::parse("\"\"").is_err());
    }

    #[test]
    fn debug_hides_tokens() {
        let input = TokenInput::parse(r#"{"access_token":"secret.token.value","refresh_token":"r"}"#).unwrap();
        let printed = format!("{input:?}");
        assert!(!printed.contains("secret.token.value"));
    }
}
