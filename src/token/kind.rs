//! Telling Zoom OAuth tokens apart from the other JWTs people paste in their place.
//!
//! Zoom does not document its token claims and states that they can change at any time, so every rule
//! here is inferred from decoded tokens of versions 6, 7, 9 and 10 (2019-2024).

use serde_json::Value;

use super::members::{Member, Members};
use super::TokenKind;

/// Audiences of Zoom's OAuth tokens.
// NOTE: the zoomgov.com audience is assumed from the zoom.us one; no Zoom for Government token
// has been decoded to confirm it.
const ZOOM_AUDIENCES: [&str; 2] = ["https://oauth.zoom.us", "https://oauth.zoomgov.com"];

/// `iss` prefixes that carry the app's client ID: `zm:cid:` since version 7, and the longer form
/// in version 6 tokens.
pub(super) const CLIENT_ID_PREFIXES: [&str; 2] = ["zm:cid:", "urn:zoom:connect:clientid:"];

/// SDK product of an SDK credential, used to choose the message that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SdkFlavor {
    /// Meeting SDK signature: `appKey`/`sdkKey`, `mn`, `role`, `tokenExp`.
    Meeting,
    /// Video SDK token: `app_key`, `tpc`, `user_identity`, `role_type`.
    Video,
}

/// Classifies a decoded JWT from its header and claims.
pub(super) fn classify(header: &Members, claims: &Members) -> TokenKind {
    if is_zoom_oauth(claims) {
        return zoom_oauth_kind(claims);
    }

    if sdk_flavor(claims).is_some() {
        return TokenKind::MeetingSdkJwt;
    }

    if is_legacy_jwt_app(header, claims) {
        return TokenKind::LegacyJwtApp;
    }

    TokenKind::ForeignJwt
}

/// Returns true when `aud` is Zoom's OAuth audience or `iss` names a Zoom client ID.
fn is_zoom_oauth(claims: &Members) -> bool {
    let zoom_audience = match claims.get("aud") {
        Some(Member::Text(aud)) => ZOOM_AUDIENCES.contains(&aud.as_ref()),
        Some(Member::Json(Value::Array(auds))) => auds.iter().any(|aud| aud.as_str().is_some_and(|aud| ZOOM_AUDIENCES.contains(&aud))),
        _ => false,
    };
    zoom_audience || client_id(claims).is_some()
}

/// Returns the client ID from an `iss` of the form `zm:cid:<client id>`.
pub(super) fn client_id<'a>(claims: &'a Members) -> Option<&'a str> {
    let issuer = claims.get("iss")?.as_str()?;
    let client_id = CLIENT_ID_PREFIXES.iter().find_map(|prefix| issuer.strip_prefix(prefix))?;
    (!client_id.is_empty()).then_some(client_id)
}

/// Maps the numeric `type` claim (version 7 and later) or the `tokenType` claim (version 6).
fn zoom_oauth_kind(claims: &Members) -> TokenKind {
    if let Some(token_type) = claims.get("type").and_then(Member::as_i64) {
        return match token_type {
            0 => TokenKind::UserAccess,
            1 => TokenKind::Refresh,
            3 => TokenKind::S2sAccess,
            _ => TokenKind::ZoomUnknown,
        };
    }

    // Version 6 tokens predate Server-to-Server OAuth (2022), so their access tokens are user
    // tokens.
    match claims.get("tokenType").and_then(Member::as_str) {
        Some("access_token") => TokenKind::UserAccess,
        Some("refresh_token") => TokenKind::Refresh,
        _ => TokenKind::ZoomUnknown,
    }
}

/// Recognises Meeting SDK signatures and Video SDK tokens by their key claims.
pub(super) fn sdk_flavor(claims: &Members) -> Option<SdkFlavor> {
    let has = |name: &str| claims.contains_key(name);

    if has("appKey") || has("sdkKey") || (has("mn") && has("role")) {
        return Some(SdkFlavor::Meeting);
    }
    if has("app_key") && (has("tpc") || has("user_identity") || has("role_type")) {
        return Some(SdkFlavor::Video);
    }
    None
}

/// Recognises a token signed by a retired JWT app: HS256, `iss` = the API key, an `exp` and no
/// audience or user claims.
// NOTE: a foreign HS256 token whose `iss` happens to look like an API key and that carries no
// `aud` or `sub` is reported as a JWT-app token too.
fn is_legacy_jwt_app(header: &Members, claims: &Members) -> bool {
    let hs256 = header.get("alg").and_then(Member::as_str) == Some("HS256");
    let api_key_issuer = claims.get("iss").and_then(Member::as_str).is_some_and(looks_like_api_key);
    let no_audience = claims.get("aud").map_or(true, Member::is_null);
    let no_subject = ["sub", "uid", "aid", "userId", "accountId"].iter().all(|name| !claims.contains_key(*name));

    hs256 && api_key_issuer && claims.contains_key("exp") && no_audience && no_subject
}

/// JWT-app API keys are 22 URL-safe characters; a little slack covers keys seen with other lengths.
fn looks_like_api_key(issuer: &str) -> bool {
    (16..=40).contains(&issuer.len()) && issuer.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::members::{CLAIM_NAMES, HEADER_NAMES};
    use serde_json::json;

    fn object(value: Value) -> Members<'static> {
        Members::parse_with_serde(&value.to_string(), CLAIM_NAMES, false).unwrap_or_default()
    }

    fn kind_of(header: Value, claims: Value) -> TokenKind {
        let header = Members::parse_with_serde(&header.to_string(), HEADER_NAMES, false).unwrap_or_default();
        classify(&header, &object(claims))
    }

    #[test]
    fn zoom_types_map_to_kinds() {
        let header = json!({"alg": "HS512"});
        let base = |token_type: i64| json!({"aud": "https://oauth.zoom.us", "iss": "zm:cid:abc", "type": token_type});
        assert_eq!(kind_of(header.clone(), base(0)), TokenKind::UserAccess);
        assert_eq!(kind_of(header.clone(), base(1)), TokenKind::Refresh);
        assert_eq!(kind_of(header.clone(), base(3)), TokenKind::S2sAccess);
        assert_eq!(kind_of(header, base(2)), TokenKind::ZoomUnknown);
    }

    #[test]
    fn zoom_issuer_alone_is_enough() {
        let claims = json!({"iss": "zm:cid:abc"});
        assert_eq!(kind_of(json!({}), claims), TokenKind::ZoomUnknown);
    }

    #[test]
    fn zoom_audience_in_array() {
        let claims = json!({"aud": ["x", "https://oauth.zoom.us"], "type": 3});
        assert_eq!(kind_of(json!({}), claims), TokenKind::S2sAccess);
    }

    #[test]
    fn version_6_token_types() {
        let claims = |token_type: &str| json!({"iss": "urn:zoom:connect:clientid:abc", "tokenType": token_type, "ver": "6"});
        assert_eq!(kind_of(json!({}), claims("access_token")), TokenKind::UserAccess);
        assert_eq!(kind_of(json!({}), claims("refresh_token")), TokenKind::Refresh);
    }

    #[test]
    fn client_id_needs_text_after_prefix() {
        assert_eq!(client_id(&object(json!({"iss": "zm:cid:abc"}))), Some("abc"));
        assert_eq!(client_id(&object(json!({"iss": "zm:cid:"}))), None);
        assert_eq!(client_id(&object(json!({"iss": 5}))), None);
    }

    #[test]
    fn sdk_claims_are_recognised() {
        let meeting = json!({"appKey": "k", "mn": "1", "role": 0});
        let video = json!({"app_key": "k", "tpc": "session", "role_type": 1});
        assert_eq!(kind_of(json!({"alg": "HS256"}), meeting), TokenKind::MeetingSdkJwt);
        assert_eq!(kind_of(json!({"alg": "HS256"}), video), TokenKind::MeetingSdkJwt);
    }

    #[test]
    fn legacy_jwt_app_shape() {
        let claims = json!({"iss": "AbCdEfGhIjKlMnOpQrStUv", "exp": 1700000000});
        assert_eq!(kind_of(json!({"alg": "HS256", "typ": "JWT"}), claims.clone()), TokenKind::LegacyJwtApp);
        assert_eq!(kind_of(json!({"alg": "RS256"}), claims), TokenKind::ForeignJwt);
    }

    #[test]
    fn legacy_jwt_app_allows_null_audience() {
        let claims = json!({"aud": null, "iss": "AbCdEfGhIjKlMnOpQrStUv", "exp": 1700000000, "iat": 1699990000});
        assert_eq!(kind_of(json!({"alg": "HS256"}), claims), TokenKind::LegacyJwtApp);
    }

    #[test]
    fn google_id_token_is_foreign() {
        let claims = json!({"iss": "https://accounts.google.com", "aud": "123.apps.googleusercontent.com", "sub": "1", "exp": 1});
        assert_eq!(kind_of(json!({"alg": "RS256", "kid": "k"}), claims), TokenKind::ForeignJwt);
    }
}
