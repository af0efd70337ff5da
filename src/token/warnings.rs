//! The findings listed in a report's `warnings`, each with a stable code and a message saying
//! what was found and what to do.

use serde_json::Value;

use super::claims::MalformedClaim;
use super::duration::{describe_duration, format_utc};
use super::kind::{sdk_flavor, SdkFlavor};
use super::members::{Member, Members};
use super::{TokenKind, TokenResponse, Warning, WarningLevel};

/// How far ahead of `now` an `iat` or `nbf` may be before it is reported, in seconds.
///
/// Clocks drift by seconds even when synchronised. 60 s is the default leeway of common JWT
/// libraries, such as the `jsonwebtoken` crate.
pub(super) const CLOCK_LEEWAY: i64 = 60;

/// Largest gap between the response's `expires_in` and the token's `exp - iat` that goes
/// unreported. Zoom returns 3599 for tokens whose `exp - iat` is 3600.
const LIFETIME_TOLERANCE: i64 = 60;

const TOKEN_ENDPOINT: &str = "POST https://zoom.us/oauth/token";

/// Everything the warnings are derived from.
pub(super) struct Facts<'a> {
    pub(super) kind: TokenKind,
    pub(super) now: i64,
    pub(super) header: Option<&'a Members<'a>>,
    pub(super) claims: Option<&'a Members<'a>>,
    pub(super) issued_at: Option<i64>,
    pub(super) not_before: Option<i64>,
    pub(super) expires_at: Option<i64>,
    pub(super) malformed: &'a [MalformedClaim],
    pub(super) response: Option<&'a TokenResponse>,
    /// Length of the signature part, for spotting tokens cut short.
    pub(super) signature_length: usize,
    /// For text that is not a JWT: what it looks like.
    pub(super) shape_message: Option<String>,
}

/// Collects the warnings for a token, most serious first.
pub(super) fn collect(facts: Facts<'_>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut push = |code: &'static str, level: WarningLevel, message: Option<String>| {
        if let Some(message) = message {
            warnings.push(Warning { code, level, message });
        }
    };

    push("not_an_access_token", WarningLevel::Warning, not_an_access_token(&facts));
    push("token_truncated", WarningLevel::Warning, token_truncated(&facts));
    push("token_expired", WarningLevel::Warning, token_expired(&facts));
    push("not_yet_valid", WarningLevel::Warning, not_yet_valid(&facts));
    push("clock_skew", WarningLevel::Warning, clock_skew(&facts));
    for claim in facts.malformed {
        push("malformed_claim", WarningLevel::Warning, Some(malformed_claim(claim)));
    }
    push("unknown_token_type", WarningLevel::Info, unknown_token_type(&facts));
    push("scopes_unknown", WarningLevel::Info, scopes_unknown(&facts));
    push("expires_in_mismatch", WarningLevel::Info, expires_in_mismatch(&facts));
    push("token_type_not_bearer", WarningLevel::Info, token_type_not_bearer(&facts));
    push("refresh_token_in_response", WarningLevel::Info, refresh_token_in_response(&facts));
    push("unverified_claims", WarningLevel::Info, unverified_claims(&facts));

    // Partitioning keeps the order above within each level, as a stable sort would, without
    // compiling in a sort routine.
    let (mut blocking, informing): (Vec<Warning>, Vec<Warning>) =
        warnings.into_iter().partition(|warning| warning.level == WarningLevel::Warning);
    blocking.extend(informing);
    blocking
}

fn not_an_access_token(facts: &Facts<'_>) -> Option<String> {
    let message = match facts.kind {
        TokenKind::S2sAccess | TokenKind::UserAccess | TokenKind::ZoomUnknown => return None,
        TokenKind::Refresh => format!(
            "This is a Zoom OAuth refresh token, which the API rejects. Send it to {TOKEN_ENDPOINT} with grant_type=refresh_token and call the API with the access_token from the response. Store the new refresh_token too, because the old one stops working."
        ),
        TokenKind::MeetingSdkJwt => describe_sdk_token(facts.claims),
        TokenKind::LegacyJwtApp => format!(
            "This is a token signed by a JWT app (HS256 with the API key as iss). Zoom retired JWT apps in June 2023, so its API rejects these tokens. Create a Server-to-Server OAuth app and use the access_token from {TOKEN_ENDPOINT} with grant_type=account_credentials."
        ),
        TokenKind::ForeignJwt => describe_foreign_token(facts.claims),
        TokenKind::NotAJwt => facts.shape_message.clone()?,
    };
    Some(message)
}

fn describe_sdk_token(claims: Option<&Members>) -> String {
    let product = match claims.and_then(sdk_flavor) {
        Some(SdkFlavor::Video) => "a Video SDK token (app_key, tpc), which lets the Video SDK join a session",
        _ => "a Meeting SDK signature (appKey or sdkKey, mn, role), which lets the Meeting SDK join a meeting",
    };
    format!(
        "This is {product}. It never authorizes REST API calls. Call the API with an OAuth access token from {TOKEN_ENDPOINT}, for example with grant_type=account_credentials from a Server-to-Server OAuth app."
    )
}

fn describe_foreign_token(claims: Option<&Members>) -> String {
    let issuer = claims.and_then(|claims| claims.get("iss")).and_then(Member::as_str).map(shorten);
    let from = match issuer {
        Some(issuer) => format!("This JWT was issued by \"{issuer}\", not by Zoom's OAuth server"),
        None => "This JWT was not issued by Zoom's OAuth server (it has neither Zoom's aud nor a zm:cid: iss)".to_owned(),
    };
    format!("{from}, so Zoom's API rejects it. Use the access_token returned by {TOKEN_ENDPOINT}.")
}

/// HMAC signature lengths in base64url characters, for the algorithms that fix the length.
fn expected_signature_length(algorithm: &str) -> Option<usize> {
    match algorithm {
        "HS256" => Some(43),
        "HS384" => Some(64),
        "HS512" => Some(86),
        _ => None,
    }
}

fn token_truncated(facts: &Facts<'_>) -> Option<String> {
    let algorithm = facts.header?.get("alg")?.as_str()?;
    let expected = expected_signature_length(algorithm)?;
    let actual = facts.signature_length;
    if actual == expected {
        return None;
    }

    Some(format!(
        "The signature part is {actual} characters long, but {algorithm} signatures are {expected}: the token was probably cut short or joined to other text when copied, and Zoom will reject it. Copy the whole token again."
    ))
}

fn token_expired(facts: &Facts<'_>) -> Option<String> {
    let expires_at = facts.expires_at?;
    if expires_at > facts.now {
        return None;
    }

    let ago = describe_duration(facts.now.abs_diff(expires_at));
    let advice = match facts.kind {
        TokenKind::S2sAccess => format!("Request a new one from {TOKEN_ENDPOINT} with grant_type=account_credentials; Zoom access tokens last one hour."),
        TokenKind::UserAccess | TokenKind::ZoomUnknown => format!("Get a new one from {TOKEN_ENDPOINT} with grant_type=refresh_token; Zoom access tokens last one hour."),
        TokenKind::Refresh => "The user must authorize the app again to get a new refresh token.".to_owned(),
        _ => "Issue a new one.".to_owned(),
    };
    Some(format!("The token expired {ago} ago, at {} (exp). {advice}", format_utc(expires_at)))
}

fn not_yet_valid(facts: &Facts<'_>) -> Option<String> {
    let not_before = facts.not_before?;
    if not_before <= facts.now.saturating_add(CLOCK_LEEWAY) {
        return None;
    }

    let ahead = describe_duration(not_before.abs_diff(facts.now));
    Some(format!(
        "The token is not valid until {} (nbf), {ahead} from now, and is rejected until then. Zoom sets nbf to the moment it issues a token, so if the token is new, this machine's clock (or the now option) is behind.",
        format_utc(not_before)
    ))
}

fn clock_skew(facts: &Facts<'_>) -> Option<String> {
    let issued_at = facts.issued_at?;
    if issued_at <= facts.now.saturating_add(CLOCK_LEEWAY) {
        return None;
    }

    let ahead = describe_duration(issued_at.abs_diff(facts.now));
    Some(format!(
        "The token says it was issued {ahead} in the future, at {} (iat). This machine's clock (or the now option) is behind the issuer's, so expiry times computed here are off by as much. Synchronise the clock with NTP.",
        format_utc(issued_at)
    ))
}

fn malformed_claim(claim: &MalformedClaim) -> String {
    let MalformedClaim { name, problem } = *claim;
    let meaning = match name {
        "exp" => "the expiry time is unknown",
        "iat" => "the issue time is unknown",
        "nbf" => "the not-before time is unknown",
        "type" => "the token type is unknown",
        "ver" => "the token version is unknown",
        _ => "the claim is ignored",
    };
    format!("The {name} claim is {problem}, not what the JWT format expects, so {meaning}. A token with such a claim was not issued by Zoom as is.")
}

fn unknown_token_type(facts: &Facts<'_>) -> Option<String> {
    if facts.kind != TokenKind::ZoomUnknown {
        return None;
    }

    let claims = facts.claims?;
    let described = match (claims.get("type"), claims.get("tokenType")) {
        (Some(Member::Json(Value::Number(number))), _) => format!("type {number}"),
        (_, Some(Member::Text(token_type))) => format!("tokenType \"{}\"", shorten(token_type)),
        _ => "no type claim".to_owned(),
    };
    Some(format!(
        "This is a Zoom OAuth token with {described}, which this tool does not recognise: 3 is a Server-to-Server access token, 0 a user access token and 1 a refresh token. It may still work; GET https://api.zoom.us/v2/users/me tells."
    ))
}

fn scopes_unknown(facts: &Facts<'_>) -> Option<String> {
    if !facts.kind.is_access_token() {
        return None;
    }

    match facts.response {
        Some(response) if response.scope.is_some() => None,
        Some(_) => Some("The token response has no scope field, so the granted scopes are unknown. Zoom lists them only in that field of the token endpoint's response.".to_owned()),
        None => Some(format!(
            "Scopes are unknown: Zoom access tokens do not contain them. Zoom lists the granted scopes only in the scope field of the token endpoint's response, so paste the whole JSON body that {TOKEN_ENDPOINT} returned instead of the bare token."
        )),
    }
}

fn expires_in_mismatch(facts: &Facts<'_>) -> Option<String> {
    let expires_in = facts.response?.expires_in?;
    let lifetime = facts.expires_at?.checked_sub(facts.issued_at?)?;
    if expires_in.abs_diff(lifetime) <= LIFETIME_TOLERANCE.unsigned_abs() {
        return None;
    }

    Some(format!(
        "The token response gives expires_in {expires_in} seconds, but the token's exp - iat is {lifetime} seconds. The access_token may not belong to this response; the token's own exp is used here."
    ))
}

fn token_type_not_bearer(facts: &Facts<'_>) -> Option<String> {
    let token_type = facts.response?.token_type.as_deref()?;
    if token_type.eq_ignore_ascii_case("bearer") {
        return None;
    }

    Some(format!(
        "The token response gives token_type \"{}\" instead of \"bearer\". Zoom's API takes the token as Authorization: Bearer <access_token>.",
        shorten(token_type)
    ))
}

fn refresh_token_in_response(facts: &Facts<'_>) -> Option<String> {
    facts.response?.refresh_token.as_ref()?;

    Some("The token response also contains a refresh_token, which this report never shows. Store it securely: each refresh returns a new refresh token and the previous one stops working.".to_owned())
}

fn unverified_claims(facts: &Facts<'_>) -> Option<String> {
    facts.claims?;

    let message = match facts.kind {
        TokenKind::S2sAccess | TokenKind::UserAccess | TokenKind::Refresh | TokenKind::ZoomUnknown => {
            "The header and claims were decoded without checking the signature: Zoom signs tokens with a key only Zoom holds, and does not document the claims, which can change. GET https://api.zoom.us/v2/users/me shows whether the token works."
        }
        _ => "The header and claims were decoded without checking the signature, so anyone could have written them.",
    };
    Some(message.to_owned())
}

/// Shortens a claim value quoted in a message, so a huge claim cannot flood it.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(MAX_CHARS).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_590_400;

    fn facts(kind: TokenKind) -> Facts<'static> {
        Facts {
            kind,
            now: NOW,
            header: None,
            claims: None,
            issued_at: None,
            not_before: None,
            expires_at: None,
            malformed: &[],
            response: None,
            signature_length: 86,
            shape_message: None,
        }
    }

    fn codes(warnings: &[Warning]) -> Vec<&'static str> {
        warnings.iter().map(|warning| warning.code).collect()
    }

    #[test]
    fn expired_says_how_long_ago() {
        let warnings = collect(Facts { expires_at: Some(NOW - 7_200), ..facts(TokenKind::S2sAccess) });
        let expired = warnings.iter().find(|warning| warning.code == "token_expired").unwrap();
        assert!(expired.message.contains("2 hours ago"));
        assert!(expired.message.contains("2025-12-01T10:00:00Z"));
    }

    #[test]
    fn expiry_at_now_counts_as_expired() {
        let warnings = collect(Facts { expires_at: Some(NOW), ..facts(TokenKind::S2sAccess) });
        assert!(codes(&warnings).contains(&"token_expired"));
    }

    #[test]
    fn future_times_within_leeway_pass() {
        let warnings = collect(Facts { issued_at: Some(NOW + 30), not_before: Some(NOW + 30), ..facts(TokenKind::S2sAccess) });
        assert!(!codes(&warnings).contains(&"clock_skew"));
        assert!(!codes(&warnings).contains(&"not_yet_valid"));
    }

    #[test]
    fn future_times_beyond_leeway_warn() {
        let warnings = collect(Facts { issued_at: Some(NOW + 600), not_before: Some(NOW + 600), ..facts(TokenKind::S2sAccess) });
        assert!(codes(&warnings).contains(&"clock_skew"));
        assert!(codes(&warnings).contains(&"not_yet_valid"));
    }

    #[test]
    fn warnings_come_before_infos() {
        let warnings = collect(Facts { expires_at: Some(NOW - 1), ..facts(TokenKind::S2sAccess) });
        assert_eq!(codes(&warnings), vec!["token_expired", "scopes_unknown"]);
    }

    #[test]
    fn scopes_unknown_only_for_access_tokens() {
        assert!(codes(&collect(facts(TokenKind::UserAccess))).contains(&"scopes_unknown"));
        assert!(!codes(&collect(facts(TokenKind::Refresh))).contains(&"scopes_unknown"));
    }

    #[test]
    fn truncated_signature_is_reported() {
        let header = Members::parse(r#"{"alg":"HS512"}"#, crate::token::members::HEADER_NAMES).unwrap_or_default();
        let warnings = collect(Facts { header: Some(&header), signature_length: 40, ..facts(TokenKind::S2sAccess) });
        assert!(codes(&warnings).contains(&"token_truncated"));
    }

    #[test]
    fn response_contradictions_are_infos() {
        let response = TokenResponse {
            access_token: "unused".to_owned(),
            token_type: Some("mac".to_owned()),
            expires_in: Some(60),
            refresh_token: Some("r".to_owned()),
            ..TokenResponse::default()
        };
        let warnings = collect(Facts {
            issued_at: Some(NOW),
            expires_at: Some(NOW + 3_600),
            response: Some(&response),
            ..facts(TokenKind::UserAccess)
        });
        let found = codes(&warnings);
        assert!(found.contains(&"expires_in_mismatch"));
        assert!(found.contains(&"token_type_not_bearer"));
        assert!(found.contains(&"refresh_token_in_response"));
        assert!(warnings.iter().all(|warning| warning.level == WarningLevel::Info));
    }

    #[test]
    fn shorten_limits_quoted_values() {
        assert_eq!(shorten("abc"), "abc");
        assert_eq!(shorten(&"x".repeat(500)).chars().count(), 81);
    }
}
