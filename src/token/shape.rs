//! Recognising what a pasted text is when it is not a JWT, without ever echoing it.

use serde_json::Value;

use super::jwt::{self, decode_base64, Alphabet};
use super::members::Members;

/// Shortest text that is worth trying as base64: shorter strings decode by accident too often.
const MIN_BASE64_LENGTH: usize = 16;

/// Shape of a pasted text that is not a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    /// 32 letters and digits: the shape of a Zoom OAuth client secret.
    ClientSecret,
    /// 22 URL-safe characters: a client ID, account ID, webhook secret token or JWT-app API key.
    IdOrSecretToken,
    /// An `Authorization: Basic` value: base64 of `client_id:client_secret`.
    BasicCredentials,
    /// A webhook signature header value (`v0=` followed by 64 hex digits).
    WebhookSignature,
    /// The token endpoint's error response (`{"error": …, "reason": …}`).
    TokenEndpointError,
    /// A Zoom REST API error body (`{"code": …, "message": …}`).
    ApiErrorResponse,
    /// A token response whose `access_token` is empty or not a string.
    TokenResponseWithoutToken,
    /// JSON that is not a token response.
    OtherJson,
    /// A JWT with a missing or damaged part, usually cut short when copied.
    IncompleteJwt,
    /// Base64 text that does not decode to JSON.
    Base64NotJson,
    /// A string of hex digits, such as a digest.
    HexString,
    /// A URL.
    Url,
    /// Any other text.
    Text,
}

impl TextShape {
    /// Returns the snake_case name that JavaScript receives, such as `client_secret`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextShape::ClientSecret => "client_secret",
            TextShape::IdOrSecretToken => "id_or_secret_token",
            TextShape::BasicCredentials => "basic_credentials",
            TextShape::WebhookSignature => "webhook_signature",
            TextShape::TokenEndpointError => "token_endpoint_error",
            TextShape::ApiErrorResponse => "api_error_response",
            TextShape::TokenResponseWithoutToken => "token_response_without_token",
            TextShape::OtherJson => "other_json",
            TextShape::IncompleteJwt => "incomplete_jwt",
            TextShape::Base64NotJson => "base64_not_json",
            TextShape::HexString => "hex_string",
            TextShape::Url => "url",
            TextShape::Text => "text",
        }
    }
}

/// Recognises the shape of `text` and explains it in a message that never contains the text.
pub(super) fn recognise(text: &str) -> (TextShape, String) {
    let shape = classify(text);
    (shape, describe(shape, text))
}

fn classify(text: &str) -> TextShape {
    if is_webhook_signature(text) {
        return TextShape::WebhookSignature;
    }

    if text.get(..6).is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic ")) {
        return TextShape::BasicCredentials;
    }

    if text.starts_with('{') || text.starts_with('[') {
        return classify_json(text);
    }

    if text.starts_with("https://") || text.starts_with("http://") {
        return TextShape::Url;
    }

    if starts_with_json_part(text) {
        return TextShape::IncompleteJwt;
    }

    classify_single_word(text)
}

fn classify_json(text: &str) -> TextShape {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(text.as_bytes()) else {
        return TextShape::OtherJson;
    };
    let has = |name: &str| object.contains_key(name);

    if has("access_token") {
        return TextShape::TokenResponseWithoutToken;
    }
    if has("error") {
        return TextShape::TokenEndpointError;
    }
    if has("code") && has("message") {
        return TextShape::ApiErrorResponse;
    }
    TextShape::OtherJson
}

/// Returns true when the first dot-separated part decodes to a JSON object: the text began as a
/// JWT, and another part is missing or damaged, since a whole JWT would have decoded.
fn starts_with_json_part(text: &str) -> bool {
    let first = text.split('.').next().unwrap_or_default();
    jwt::decode_part(first).is_some_and(|json| Members::parse(&json, &[]).is_some())
}

fn classify_single_word(text: &str) -> TextShape {
    let length = text.len();
    let alphanumeric = text.bytes().all(|byte| byte.is_ascii_alphanumeric());
    let url_safe = text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');

    if length == 32 && alphanumeric && is_mixed_case(text) {
        return TextShape::ClientSecret;
    }
    if length == 22 && url_safe && is_mixed_case(text) {
        return TextShape::IdOrSecretToken;
    }
    if length >= MIN_BASE64_LENGTH && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return TextShape::HexString;
    }
    if length >= MIN_BASE64_LENGTH {
        if let Some(bytes) = decode_any_base64(text) {
            return classify_decoded(&bytes);
        }
    }
    TextShape::Text
}

/// Zoom generates its IDs and secrets at random, so they mix upper and lower case. Text such as
/// `my-client-secret-value` is typed by a person.
fn is_mixed_case(text: &str) -> bool {
    text.bytes().any(|byte| byte.is_ascii_uppercase()) && text.bytes().any(|byte| byte.is_ascii_lowercase())
}

fn decode_any_base64(text: &str) -> Option<Vec<u8>> {
    decode_base64(text, Alphabet::Standard).or_else(|| decode_base64(text, Alphabet::Url))
}

fn classify_decoded(bytes: &[u8]) -> TextShape {
    let printable = bytes.iter().all(|byte| byte.is_ascii_graphic());
    if printable && bytes.contains(&b':') {
        return TextShape::BasicCredentials;
    }
    TextShape::Base64NotJson
}

fn is_webhook_signature(text: &str) -> bool {
    text.strip_prefix("v0=")
        .is_some_and(|digest| digest.len() == 64 && digest.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

const USE_ACCESS_TOKEN: &str = "Zoom's API needs an OAuth access token: the access_token that POST https://zoom.us/oauth/token returns (grant_type=account_credentials for a Server-to-Server OAuth app).";

fn describe(shape: TextShape, text: &str) -> String {
    let description = match shape {
        TextShape::ClientSecret => "This looks like an OAuth client secret (32 letters and digits), not a token. Keep it private: it belongs only in the Basic credentials sent to the token endpoint.".to_owned(),
        TextShape::IdOrSecretToken => "This looks like a 22-character Zoom ID or secret (a client ID, account ID, webhook secret token or retired JWT-app API key), not a token.".to_owned(),
        TextShape::BasicCredentials => "This looks like Basic credentials (base64 of client_id:client_secret), which only the token endpoint accepts.".to_owned(),
        TextShape::WebhookSignature => "This looks like a webhook signature (the x-zm-signature header value), not a token.".to_owned(),
        TextShape::TokenEndpointError => describe_endpoint_error(text),
        TextShape::ApiErrorResponse => "This is a Zoom API error response, not a token. Pass it to the failure classifier to see what went wrong.".to_owned(),
        TextShape::TokenResponseWithoutToken => "This token response has no usable access_token: the field is empty or not a string. Paste the whole body of a successful token response.".to_owned(),
        TextShape::OtherJson => "This is JSON without an access_token field, so it is not a token response. Paste the body that the token endpoint returned, or only its access_token value.".to_owned(),
        TextShape::IncompleteJwt => describe_incomplete_jwt(text),
        TextShape::Base64NotJson => "This is base64 text that does not decode to JSON, so it is not a JWT.".to_owned(),
        TextShape::HexString => format!("This is a string of {} hex digits, such as a digest or a signature, not a token.", text.len()),
        TextShape::Url => "This is a URL, not a token. If it is the redirect after a user authorized the app, send its code parameter to the token endpoint with grant_type=authorization_code.".to_owned(),
        TextShape::Text => format!("This text is not a JWT: it is not three base64url parts joined by dots ({} characters).", text.chars().count()),
    };
    format!("{description} {USE_ACCESS_TOKEN}")
}

fn describe_endpoint_error(text: &str) -> String {
    // Parsed as a Value: deserializing a Map would link serde_json's float formatting into the wasm.
    let response = serde_json::from_slice::<Value>(text.as_bytes()).unwrap_or_default();
    let code = response.get("error").and_then(Value::as_str).filter(|code| is_error_code(code));
    match code {
        Some(code) => format!("This is an error response from the token endpoint (error \"{code}\"), not a token: no token was issued."),
        None => "This is an error response from the token endpoint, not a token: no token was issued.".to_owned(),
    }
}

/// OAuth error codes are short snake_case words, so only those are quoted back.
fn is_error_code(code: &str) -> bool {
    (1..=40).contains(&code.len()) && code.bytes().all(|byte| byte.is_ascii_lowercase() || byte == b'_')
}

fn describe_incomplete_jwt(text: &str) -> String {
    let parts = text.split('.').count();
    if parts < 3 {
        return format!("This is the start of a JWT with only {parts} of its 3 parts: it was probably cut short when copied. Copy the whole token.");
    }
    if parts > 3 {
        return format!("This looks like a JWT but has {parts} dot-separated parts instead of 3. Copy the token alone, without other text joined to it.");
    }
    "This is a JWT whose claims part does not decode to JSON: it was damaged or cut short when copied. Copy the whole token again.".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine;

    fn shape_of(text: &str) -> TextShape {
        recognise(text).0
    }

    #[test]
    fn client_secret() {
        assert_eq!(shape_of("aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0dE"), TextShape::ClientSecret);
    }

    #[test]
    fn twenty_two_character_ids() {
        assert_eq!(shape_of("-UAdtXqXePEMtRG8neDjda"), TextShape::IdOrSecretToken);
    }

    #[test]
    fn basic_credentials() {
        let unpadded = STANDARD.encode("client:secret1").trim_end_matches('=').to_owned();
        assert_eq!(shape_of(&unpadded), TextShape::BasicCredentials);

        let encoded = STANDARD.encode("clientid123:secretvalue456");
        assert_eq!(shape_of(&encoded), TextShape::BasicCredentials);
        assert_eq!(shape_of(&format!("Basic {encoded}")), TextShape::BasicCredentials);
    }

    #[test]
    fn json_shapes() {
        assert_eq!(shape_of(r#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#), TextShape::TokenEndpointError);
        assert_eq!(shape_of(r#"{"code":124,"message":"Invalid access token."}"#), TextShape::ApiErrorResponse);
        assert_eq!(shape_of(r#"{"access_token":""}"#), TextShape::TokenResponseWithoutToken);
        assert_eq!(shape_of(r#"{"token":"x"}"#), TextShape::OtherJson);
        assert_eq!(shape_of("{not json"), TextShape::OtherJson);
    }

    #[test]
    fn endpoint_error_quotes_only_codes() {
        let (_, message) = recognise(r#"{"error":"invalid_client"}"#);
        assert!(message.contains("\"invalid_client\""));
        let (_, message) = recognise(r#"{"error":"Secret ABC123"}"#);
        assert!(!message.contains("ABC123"));
    }

    #[test]
    fn incomplete_jwts() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS512"}"#);
        assert_eq!(shape_of(&header), TextShape::IncompleteJwt);
        assert_eq!(shape_of(&format!("{header}.eyJ2ZXIi")), TextShape::IncompleteJwt);
        assert_eq!(shape_of(&format!("{header}.eyJ2ZXIi.c2ln")), TextShape::IncompleteJwt);
    }

    #[test]
    fn base64_and_hex() {
        let encoded = URL_SAFE_NO_PAD.encode([0u8, 200, 17, 3, 99, 250, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(shape_of(&encoded), TextShape::Base64NotJson);
        assert_eq!(shape_of("0123456789abcdef0123456789abcdef01"), TextShape::HexString);
        assert_eq!(shape_of(&format!("v0={}", "a".repeat(64))), TextShape::WebhookSignature);
    }

    #[test]
    fn other_text() {
        assert_eq!(shape_of("my-client-secret-value"), TextShape::Text);
        assert_eq!(shape_of("hello world"), TextShape::Text);
        assert_eq!(shape_of("https://example.com/callback?code=abc"), TextShape::Url);
    }

    #[test]
    fn messages_never_echo_the_text() {
        for text in ["aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0dE", "-UAdtXqXePEMtRG8neDjda", "some secret words here", "https://example.com/x?code=SECRETCODE"] {
            let (_, message) = recognise(text);
            assert!(!message.contains(text), "message echoes its input");
        }
    }
}
