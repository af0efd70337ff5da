//! The Server-to-Server OAuth token request (`account_credentials` grant).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

use super::{oauth_origin, Headers};
use crate::json::{self, ToJson};
use crate::{Error, Result};

/// Bytes to encode in an `application/x-www-form-urlencoded` value: all but `*-._` and alphanumerics.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// The app credentials for a Server-to-Server token request.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenRequestParams {
    /// The Zoom account ID shown on the app's credentials page.
    pub account_id: String,
    /// The app's client ID.
    pub client_id: String,
    /// The app's client secret; it appears only inside the built `Authorization` header.
    pub client_secret: String,
    /// The OAuth host: `https://zoom.us` by default, `https://zoomgov.com` for Zoom for Government.
    #[serde(default)]
    pub oauth_host: Option<String>,
}

impl std::fmt::Debug for TokenRequestParams {
    // The derived Debug would print the client secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequestParams")
            .field("account_id", &self.account_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("oauth_host", &self.oauth_host)
            .finish()
    }
}

/// A token request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// `{oauth host}/oauth/token`.
    pub url: String,
    /// `Authorization: Basic base64(clientId:clientSecret)` and the form `Content-Type`.
    pub headers: Headers,
    /// `grant_type=account_credentials&account_id=<percent-encoded account ID>`.
    pub body: String,
}

impl ToJson for TokenRequest {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("method", self.method).field("url", &self.url).field("headers", &self.headers).field("body", &self.body).end();
    }
}

/// Builds `POST {oauth host}/oauth/token` for the `account_credentials` grant.
///
/// Zoom's Server-to-Server OAuth page documents HTTP Basic client authentication with the raw
/// client ID and secret, and the grant in a form body.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty field, a field with whitespace or control characters, a
/// client ID containing `:` (Basic authentication cannot carry it), or an OAuth host that breaks
/// the host rules. Messages name the field and never contain its value.
pub fn build_token_request(params: &TokenRequestParams) -> Result<TokenRequest> {
    check_credential("params.accountId", &params.account_id)?;
    check_credential("params.clientId", &params.client_id)?;
    check_credential("params.clientSecret", &params.client_secret)?;
    if params.client_id.contains(':') {
        return Err(Error::invalid_argument(
            "params.clientId contains ':', which HTTP Basic authentication cannot carry: copy the client ID again from the app's credentials page",
        ));
    }
    let origin = oauth_origin(params.oauth_host.as_deref())?;

    let credentials = encode_base64(format!("{}:{}", params.client_id, params.client_secret).as_bytes());
    let mut headers = Headers::default();
    headers.push("Authorization", format!("Basic {credentials}"));
    headers.push("Content-Type", "application/x-www-form-urlencoded".to_owned());
    headers.push("Accept", "application/json".to_owned());

    let account = utf8_percent_encode(&params.account_id, FORM_VALUE);
    Ok(TokenRequest {
        method: "POST",
        url: format!("{origin}/oauth/token"),
        headers,
        body: format!("grant_type=account_credentials&account_id={account}"),
    })
}

/// Encodes `bytes` as standard Base64 with `=` padding (RFC 4648, section 4), as HTTP Basic
/// authentication requires. Written here because the base64 crate's encoder, unrolled for speed,
/// cost about 6 KB of wasm (measured with wasm-opt -Oz) for one short header.
fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);

    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (index, &byte)| group | u32::from(byte) << (16 - 8 * index));
        // A chunk of n bytes gives n + 1 digits; `=` fills the rest of the four.
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(group >> (18 - 6 * index)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn check_credential(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_argument(format!("{name} is empty: copy it from the app's credentials page in the Zoom App Marketplace")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_argument(format!(
            "{name} contains whitespace or control characters: copy it again from the app's credentials page without spaces or line breaks"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;

    #[test]
    fn base64_matches_the_base64_crate() {
        let text: Vec<u8> = (0..=255u8).collect();
        for length in 0..text.len() {
            assert_eq!(encode_base64(&text[..length]), STANDARD.encode(&text[..length]), "length {length}");
        }
    }

    fn params() -> TokenRequestParams {
        TokenRequestParams {
            account_id: "-BtKaWMavWqCvJvXwB7zZA".to_owned(),
            client_id: "client123".to_owned(),
            client_secret: "s3cr3t-value-xyz".to_owned(),
            oauth_host: None,
        }
    }

    #[test]
    fn token_request_shape() {
        let request = build_token_request(&params()).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, "https://zoom.us/oauth/token");
        assert_eq!(request.body, "grant_type=account_credentials&account_id=-BtKaWMavWqCvJvXwB7zZA");
        assert_eq!(request.headers.get("content-type"), Some("application/x-www-form-urlencoded"));
        let expected = format!("Basic {}", STANDARD.encode("client123:s3cr3t-value-xyz"));
        assert_eq!(request.headers.get("authorization"), Some(expected.as_str()));
    }

    #[test]
    fn token_request_encodes_account() {
        let request = build_token_request(&TokenRequestParams { account_id: "a+b&c=d".to_owned(), ..params() }).unwrap();
        assert_eq!(request.body, "grant_type=account_credentials&account_id=a%2Bb%26c%3Dd");
    }

    #[test]
    fn token_request_zoomgov() {
        let gov = TokenRequestParams { oauth_host: Some("https://zoomgov.com".to_owned()), ..params() };
        assert_eq!(build_token_request(&gov).unwrap().url, "https://zoomgov.com/oauth/token");
    }

    #[test]
    fn token_request_errors_hide_secret() {
        let bad_host = TokenRequestParams { oauth_host: Some("https://evil.example".to_owned()), ..params() };
        let spaced = TokenRequestParams { client_secret: "s3cr3t value".to_owned(), ..params() };
        let colon = TokenRequestParams { client_id: "a:b".to_owned(), ..params() };
        let empty = TokenRequestParams { account_id: String::new(), ..params() };
        for bad in [bad_host, spaced, colon, empty] {
            let error = build_token_request(&bad).unwrap_err();
            assert!(!error.to_string().contains("s3cr3t"), "{error}");
        }
    }

    #[test]
    fn debug_hides_secret() {
        assert!(!format!("{:?}", params()).contains("s3cr3t"));
        assert!(!format!("{:?}", build_token_request(&params()).unwrap()).contains(&STANDARD.encode("client123:s3cr3t-value-xyz")));
    }
}
