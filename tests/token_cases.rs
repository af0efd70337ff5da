//! Token introspection against the real-world cases in tests/cases/tokens.json and against
//! real-shaped tokens of every kind built here.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use zoom_summary_doctor::secret;
use zoom_summary_doctor::token::{introspect, TextShape, TokenKind, TokenReport, WarningLevel};
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::Error;

/// The clock every case is judged at: 2025-12-01T12:00:00Z.
const NOW: i64 = 1_764_590_400;

const CASES: &str = include_str!("cases/tokens.json");

// ---------------------------------------------------------------------------------------------
// Cases from tests/cases/tokens.json
// ---------------------------------------------------------------------------------------------

fn cases() -> Vec<Value> {
    serde_json::from_str(CASES).expect("tests/cases/tokens.json is a JSON array")
}

fn find_case(id: &str) -> Value {
    cases()
        .into_iter()
        .find(|case| case["id"] == id)
        .unwrap_or_else(|| panic!("case {id} is missing from tests/cases/tokens.json"))
}

/// Checks every field of a case's `expect` against the report's JSON, as JavaScript receives it.
fn check_case(case: &Value) {
    let id = case["id"].as_str().unwrap_or("?");
    let input = case["input"].as_str().expect("case input is a string");
    let report = introspect(input, NOW).unwrap_or_else(|err| panic!("{id}: introspect failed: {err}"));
    let output: Value = serde_json::from_str(&report.to_json()).expect("report JSON parses");
    let expect = case["expect"].as_object().expect("case expect is an object");

    for (field, expected) in expect {
        if field == "warningCodes" {
            check_warning_codes(id, &report, expected);
        } else {
            assert_eq!(&output[field.as_str()], expected, "{id}: field {field}");
        }
    }

    assert_no_secret(id, input, &report);
}

fn check_warning_codes(id: &str, report: &TokenReport, expected: &Value) {
    for code in expected.as_array().expect("warningCodes is an array") {
        let code = code.as_str().expect("warning code is a string");
        assert!(report.has_warning(code), "{id}: warning {code} missing from {:?}", codes(report));
    }
}

macro_rules! case_tests {
    ($($name:ident => $id:literal,)*) => {$(
        #[test]
        fn $name() {
            check_case(&find_case($id));
        }
    )*};
}

case_tests! {
    case_s2s_fresh => "token-s2s-fresh",
    case_s2s_expired => "token-s2s-expired",
    case_user_oauth => "token-user-oauth",
    case_bearer_header => "token-bearer-header",
    case_response_json => "token-response-json",
    case_response_eu => "token-response-eu",
    case_refresh_pasted => "token-refresh-pasted",
    case_sdk_jwt => "token-sdk-jwt",
    case_garbage => "token-garbage",
}

/// Also covers cases added to the file after the named tests were written.
#[test]
fn every_case_holds() {
    let cases = cases();
    assert!(cases.len() >= 9);
    for case in &cases {
        check_case(case);
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers for real-shaped tokens
// ---------------------------------------------------------------------------------------------

/// Builds a compact JWT with a signature of `signature_bytes` pseudo-random bytes.
fn jwt_with_signature(header: &Value, claims: &Value, signature_bytes: usize) -> String {
    let signature: Vec<u8> = (0..signature_bytes).map(|i| (i * 73 + 41) as u8).collect();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// Builds a JWT with an HS512-sized signature (64 bytes, 86 characters).
fn jwt(header: &Value, claims: &Value) -> String {
    jwt_with_signature(header, claims, 64)
}

fn zoom_header() -> Value {
    json!({"sv": "000001", "alg": "HS512", "v": "2.0", "kid": "4f1c2a9e-8d3b-4c57-9e61-0a7b5d2c3e48"})
}

fn zoom_claims(token_type: i64, issued_at: i64) -> Value {
    json!({
        "ver": 10,
        "auid": "5d0c3b0e0a0e4b7f9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b",
        "code": "Xq3k9Zt7Lm2Pw8Rv5Ny1Bc4Hd6Jf0Gs3a",
        "iss": "zm:cid:Kq7Vn2Lx9Rt4Ws8Yp3Zb6D",
        "gno": 0,
        "type": token_type,
        "aud": "https://oauth.zoom.us",
        "uid": "Hn5Tq8Wr2Zx6Kb9Mv3Pc7L",
        "nbf": issued_at,
        "exp": issued_at + 3600,
        "iat": issued_at,
        "aid": "Fs4Jd7Gk1Ql5Xw8Ce2Rv9B"
    })
}

fn report_of(input: &str) -> TokenReport {
    introspect(input, NOW).unwrap_or_else(|err| panic!("introspect failed: {err}"))
}

fn codes(report: &TokenReport) -> Vec<&'static str> {
    report.warnings.iter().map(|warning| warning.code).collect()
}

fn signature_of(token: &str) -> &str {
    token.rsplit('.').next().unwrap_or_default()
}

/// Asserts that nothing in the report's JSON or Debug text can be used as the token.
fn assert_no_secret(label: &str, input: &str, report: &TokenReport) {
    let output = report.to_json();
    let debug = format!("{report:?}");

    for text in [&output, &debug] {
        let token = zoom_summary_doctor::token::TokenInput::parse(input).expect("input parses").token;
        assert!(!text.contains(&token), "{label}: output contains the whole token");
        if token.matches('.').count() == 2 {
            let signature = signature_of(&token);
            if signature.len() >= 16 {
                assert!(!text.contains(signature), "{label}: output contains the signature part");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Zoom OAuth tokens
// ---------------------------------------------------------------------------------------------

#[test]
fn s2s_token_fields() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 600));
    let report = report_of(&token);

    assert_eq!(report.kind, TokenKind::S2sAccess);
    assert_eq!(report.version, Some(10));
    assert_eq!(report.client_id.as_deref(), Some("Kq7Vn2Lx9Rt4Ws8Yp3Zb6D"));
    assert_eq!(report.account_id.as_deref(), Some("Fs4Jd7Gk1Ql5Xw8Ce2Rv9B"));
    assert_eq!(report.user_id.as_deref(), Some("Hn5Tq8Wr2Zx6Kb9Mv3Pc7L"));
    assert_eq!(report.issued_at, Some(NOW - 600));
    assert_eq!(report.not_before, Some(NOW - 600));
    assert_eq!(report.expires_at, Some(NOW + 3000));
    assert_eq!(report.seconds_left, Some(3000));
    assert!(!report.expired);
    assert!(report.unverified);
    assert_eq!(report.scopes, None);
    assert_eq!(report.looks_like, None);
    assert!(report.has_warning("scopes_unknown"));
    assert!(report.has_warning("unverified_claims"));
    assert!(!report.has_warning("not_an_access_token"));
    assert!(report.warnings.iter().all(|warning| warning.level == WarningLevel::Info));
    assert_no_secret("s2s", &token, &report);
}

#[test]
fn s2s_token_expired_hours_ago() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 3 * 3600));
    let report = report_of(&token);

    assert!(report.expired);
    assert_eq!(report.seconds_left, Some(-7200));
    let expired = report.warnings.first().expect("a warning");
    assert_eq!(expired.code, "token_expired");
    assert_eq!(expired.level, WarningLevel::Warning);
    assert!(expired.message.contains("2 hours ago"), "{}", expired.message);
}

#[test]
fn version_7_header_without_sv() {
    let header = json!({"alg": "HS512", "v": "2.0", "kid": "1b8b0b33-ea8e-2e17-3b23-05abb901f453"});
    let mut claims = zoom_claims(0, NOW - 60);
    claims["ver"] = json!(7);
    claims["jti"] = json!("d5a6f47b-7a19-a10d-f2da-835c808578d6");
    let report = report_of(&jwt(&header, &claims));

    assert_eq!(report.kind, TokenKind::UserAccess);
    assert_eq!(report.version, Some(7));
}

#[test]
fn version_6_long_claim_names() {
    let claims = json!({
        "ver": "6",
        "clientId": "Kq7Vn2Lx9Rt4Ws8Yp3Zb6D",
        "code": "Xq3k9Zt7Lm2Pw8Rv5Ny1Bc4Hd6Jf0Gs3a",
        "iss": "urn:zoom:connect:clientid:Kq7Vn2Lx9Rt4Ws8Yp3Zb6D",
        "authenticationId": "0909e93a5ae95e1acc583def65b6ac7e",
        "userId": "Hn5Tq8Wr2Zx6Kb9Mv3Pc7L",
        "groupNumber": 0,
        "aud": "https://oauth.zoom.us",
        "accountId": "Fs4Jd7Gk1Ql5Xw8Ce2Rv9B",
        "nbf": 1_560_000_000,
        "exp": 1_560_003_600,
        "tokenType": "access_token",
        "iat": 1_560_000_000,
        "jti": "2a7c9f3e-1b4d-4e6a-8c0f-5d3b7e9a1c2f",
        "tolerance": 0
    });
    let report = report_of(&jwt(&json!({"alg": "HS512", "v": "2.0", "kid": "k"}), &claims));

    assert_eq!(report.kind, TokenKind::UserAccess);
    assert_eq!(report.version, Some(6));
    assert_eq!(report.client_id.as_deref(), Some("Kq7Vn2Lx9Rt4Ws8Yp3Zb6D"));
    assert_eq!(report.user_id.as_deref(), Some("Hn5Tq8Wr2Zx6Kb9Mv3Pc7L"));
    assert_eq!(report.account_id.as_deref(), Some("Fs4Jd7Gk1Ql5Xw8Ce2Rv9B"));
    assert!(report.expired);
}

#[test]
fn version_6_refresh_token() {
    let claims = json!({
        "ver": "6",
        "iss": "urn:zoom:connect:clientid:Kq7Vn2Lx9Rt4Ws8Yp3Zb6D",
        "tokenType": "refresh_token",
        "userId": "Hn5Tq8Wr2Zx6Kb9Mv3Pc7L",
        "exp": 2_060_000_000,
        "iat": 1_560_000_000
    });
    let report = report_of(&jwt(&json!({"alg": "HS512"}), &claims));

    assert_eq!(report.kind, TokenKind::Refresh);
    assert!(!report.kind.is_access_token());
    assert_eq!(codes(&report).first(), Some(&"not_an_access_token"));
}

#[test]
fn refresh_token_message_says_what_to_do() {
    let report = report_of(&jwt(&zoom_header(), &zoom_claims(1, NOW - 86_400)));
    let warning = report.warnings.first().expect("a warning");

    assert_eq!(report.kind, TokenKind::Refresh);
    assert_eq!(warning.code, "not_an_access_token");
    assert!(warning.message.contains("refresh token"));
    assert!(warning.message.contains("grant_type=refresh_token"));
}

#[test]
fn unknown_zoom_type() {
    let report = report_of(&jwt(&zoom_header(), &zoom_claims(2, NOW - 60)));

    assert_eq!(report.kind, TokenKind::ZoomUnknown);
    assert!(report.kind.is_access_token());
    assert!(report.has_warning("unknown_token_type"));
    assert!(!report.has_warning("not_an_access_token"));
}

#[test]
fn zoom_token_without_type() {
    let mut claims = zoom_claims(3, NOW - 60);
    claims.as_object_mut().map(|claims| claims.remove("type"));
    let report = report_of(&jwt(&zoom_header(), &claims));

    assert_eq!(report.kind, TokenKind::ZoomUnknown);
    assert!(report.has_warning("unknown_token_type"));
}

#[test]
fn zoom_token_with_string_type() {
    let mut claims = zoom_claims(3, NOW - 60);
    claims["type"] = json!("3");
    let report = report_of(&jwt(&zoom_header(), &claims));

    assert_eq!(report.kind, TokenKind::ZoomUnknown);
    assert!(report.has_warning("malformed_claim"));
}

// ---------------------------------------------------------------------------------------------
// Other JWTs pasted in place of an access token
// ---------------------------------------------------------------------------------------------

#[test]
fn legacy_jwt_app_token() {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({"iss": "Vb3Nq8Lz5Kx2Wt7Rm4Jd9H", "exp": 1_686_300_000});
    let token = jwt_with_signature(&header, &claims, 32);
    let report = report_of(&token);

    assert_eq!(report.kind, TokenKind::LegacyJwtApp);
    assert!(report.expired);
    let warning = report.warnings.first().expect("a warning");
    assert_eq!(warning.code, "not_an_access_token");
    assert!(warning.message.contains("Server-to-Server OAuth"));
    assert!(!report.has_warning("token_truncated"));
    assert_no_secret("legacy", &token, &report);
}

#[test]
fn meeting_sdk_signature_with_sdk_key_only() {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({"sdkKey": "Qm7Tn2Vb8Lx4Rz9Kp3Wd", "mn": 81234567890u64, "role": 1, "iat": NOW - 30, "exp": NOW + 7200, "tokenExp": NOW + 7200});
    let report = report_of(&jwt_with_signature(&header, &claims, 32));

    assert_eq!(report.kind, TokenKind::MeetingSdkJwt);
    assert!(report.has_warning("not_an_access_token"));
    assert!(!report.has_warning("scopes_unknown"));
}

#[test]
fn video_sdk_token() {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({"app_key": "Qm7Tn2Vb8Lx4Rz9Kp3Wd", "tpc": "support-session", "role_type": 1, "version": 1, "user_identity": "agent-7", "iat": NOW - 30, "exp": NOW + 3600});
    let report = report_of(&jwt_with_signature(&header, &claims, 32));

    assert_eq!(report.kind, TokenKind::MeetingSdkJwt);
    let warning = report.warnings.first().expect("a warning");
    assert!(warning.message.contains("Video SDK"), "{}", warning.message);
}

#[test]
fn google_id_token_is_foreign() {
    let header = json!({"alg": "RS256", "kid": "a3b762f871cdb3bae0044c649622fc1396eda3e3", "typ": "JWT"});
    let claims = json!({
        "iss": "https://accounts.google.com",
        "azp": "1234567890-abc.apps.googleusercontent.com",
        "aud": "1234567890-abc.apps.googleusercontent.com",
        "sub": "110248495921238986420",
        "email": "someone@example.com",
        "email_verified": true,
        "iat": NOW - 100,
        "exp": NOW + 3500
    });
    let token = jwt_with_signature(&header, &claims, 256);
    let report = report_of(&token);

    assert_eq!(report.kind, TokenKind::ForeignJwt);
    let warning = report.warnings.first().expect("a warning");
    assert_eq!(warning.code, "not_an_access_token");
    assert!(warning.message.contains("https://accounts.google.com"));
    assert_no_secret("google", &token, &report);
}

// ---------------------------------------------------------------------------------------------
// Input forms
// ---------------------------------------------------------------------------------------------

#[test]
fn response_with_refresh_token() {
    let token = jwt(&zoom_header(), &zoom_claims(0, NOW - 60));
    let refresh = jwt(&zoom_header(), &zoom_claims(1, NOW - 60));
    let response = json!({
        "access_token": token,
        "token_type": "bearer",
        "refresh_token": refresh,
        "expires_in": 3599,
        "scope": "phone:read:ai_call_summary user:read:user",
        "api_url": "https://api-eu.zoom.us"
    });
    let input = response.to_string();
    let report = report_of(&input);
    let output = report.to_json();

    assert_eq!(report.kind, TokenKind::UserAccess);
    assert_eq!(report.scopes, Some(vec!["phone:read:ai_call_summary".to_owned(), "user:read:user".to_owned()]));
    assert!(output.contains("\"scopeSource\":\"token_response\""));
    assert_eq!(report.api_url.as_deref(), Some("https://api-eu.zoom.us"));
    assert!(report.has_warning("refresh_token_in_response"));
    assert!(!report.has_warning("scopes_unknown"));
    assert!(!report.has_warning("expires_in_mismatch"));
    assert!(!output.contains(&refresh), "report contains the refresh token");
    assert!(!output.contains(signature_of(&refresh)), "report contains the refresh token's signature");
    assert_no_secret("response", &input, &report);
}

#[test]
fn response_that_contradicts_token() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let input = json!({"access_token": token, "token_type": "MAC", "expires_in": 86400, "scope": ""}).to_string();
    let report = report_of(&input);

    assert!(report.has_warning("expires_in_mismatch"));
    assert!(report.has_warning("token_type_not_bearer"));
    assert_eq!(report.scopes, Some(Vec::new()));
}

#[test]
fn response_without_scope_field() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let report = report_of(&json!({"access_token": token, "token_type": "bearer"}).to_string());

    assert_eq!(report.scopes, None);
    assert!(report.has_warning("scopes_unknown"));
}

/// Returns the fingerprint a report gives a JWT: that of its signature part.
fn signature_fingerprint(token: &str) -> String {
    let signature = token.rsplit('.').next().unwrap_or_default();
    secret::fingerprint(signature.as_bytes())
}

#[test]
fn quoted_and_wrapped_input() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let (first, second) = token.split_at(70);
    let report = report_of(&format!("  \"{first}\n{second}\"\n"));

    assert_eq!(report.kind, TokenKind::S2sAccess);
    assert_eq!(report.fingerprint, signature_fingerprint(&token));
}

#[test]
fn authorization_header_line() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let report = report_of(&format!("Authorization: Bearer {token}"));

    assert_eq!(report.kind, TokenKind::S2sAccess);
    assert_eq!(report.fingerprint, signature_fingerprint(&token));
}

#[test]
fn lowercase_bearer() {
    let token = jwt(&zoom_header(), &zoom_claims(0, NOW - 60));
    assert_eq!(report_of(&format!("bearer {token}")).kind, TokenKind::UserAccess);
    assert_eq!(report_of(&format!("authorization:bearer  {token}")).kind, TokenKind::UserAccess);
}

#[test]
fn bad_arguments_are_rejected() {
    for input in ["", "   ", "\n\t", "Bearer", "bearer  ", "\"\"", "Authorization: Bearer"] {
        let err = introspect(input, NOW).expect_err("input must be rejected");
        assert_eq!(err.code(), "invalid_argument", "input {input:?}");
        assert!(matches!(err, Error::InvalidArgument(_)));
    }
}

// ---------------------------------------------------------------------------------------------
// Clock and claim problems
// ---------------------------------------------------------------------------------------------

#[test]
fn token_from_the_future() {
    let report = report_of(&jwt(&zoom_header(), &zoom_claims(3, NOW + 1800)));

    assert!(report.has_warning("not_yet_valid"));
    assert!(report.has_warning("clock_skew"));
    assert!(!report.expired);
}

#[test]
fn not_before_in_future_only() {
    let mut claims = zoom_claims(3, NOW - 60);
    claims["nbf"] = json!(NOW + 7200);
    claims["exp"] = json!(NOW + 10_800);
    let report = report_of(&jwt(&zoom_header(), &claims));

    assert!(report.has_warning("not_yet_valid"));
    assert!(!report.has_warning("clock_skew"));
}

#[test]
fn malformed_time_claims() {
    for exp in [json!("1764593400"), json!(1e300), json!(-5), json!(true), json!(18_446_744_073_709_551_615u64)] {
        let mut claims = zoom_claims(3, NOW - 60);
        claims["exp"] = exp.clone();
        let report = report_of(&jwt(&zoom_header(), &claims));

        assert_eq!(report.expires_at, None, "exp {exp}");
        assert_eq!(report.seconds_left, None, "exp {exp}");
        assert!(!report.expired, "exp {exp}");
        assert!(report.has_warning("malformed_claim"), "exp {exp}");
    }
}

#[test]
fn fractional_expiry_is_floored() {
    let mut claims = zoom_claims(3, NOW - 60);
    claims["exp"] = json!(1_764_593_400.9);
    let report = report_of(&jwt(&zoom_header(), &claims));

    assert_eq!(report.expires_at, Some(1_764_593_400));
    assert!(!report.has_warning("malformed_claim"));
}

#[test]
fn claims_pass_through_as_decoded() {
    // The later `type` wins, as in JSON.parse, and the text keeps its spacing and duplicates.
    let header = r#"{"alg":"HS512", "alg":"HS512"}"#;
    let claims = "{ \"type\": 0, \"aud\": \"https://oauth.zoom.us\",\n \"type\": 3, \"z\": [1, 2.50, {}] }";
    let signature = URL_SAFE_NO_PAD.encode([7u8; 64]);
    let token = format!("{}.{}.{signature}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(claims));
    let report = report_of(&token);

    assert_eq!(report.kind, TokenKind::S2sAccess);
    assert_eq!(report.header.as_deref(), Some(header));
    assert_eq!(report.claims.as_deref(), Some(claims));
    let output: Value = serde_json::from_str(&report.to_json()).expect("report JSON parses");
    assert_eq!(output["claims"]["type"], 3);
    assert_eq!(output["claims"]["z"], json!([1, 2.5, {}]));
    assert_eq!(output["header"], json!({"alg": "HS512"}));
    assert_no_secret("pass-through", &token, &report);
}

#[test]
fn extreme_clock_values() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW));
    for now in [i64::MIN, -1, 0, i64::MAX] {
        let report = introspect(&token, now).expect("report");
        assert!(report.seconds_left.is_some());
    }
}

#[test]
fn truncated_signature() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let report = report_of(&token[..token.len() - 20]);

    assert_eq!(report.kind, TokenKind::S2sAccess);
    assert_eq!(report.warnings.first().map(|warning| warning.code), Some("token_truncated"));
}

// ---------------------------------------------------------------------------------------------
// Text that is not a JWT
// ---------------------------------------------------------------------------------------------

fn not_a_jwt_message(input: &str) -> String {
    let report = report_of(input);
    assert_eq!(report.kind, TokenKind::NotAJwt, "input kind");
    assert!(report.header.is_none());
    assert!(report.claims.is_none());
    let warning = report.warnings.first().expect("a warning");
    assert_eq!(warning.code, "not_an_access_token");
    assert!(!warning.message.contains(input.trim()), "message echoes the input");
    assert_no_secret("text", input, &report);
    warning.message.clone()
}

#[test]
fn client_secret_pasted() {
    let message = not_a_jwt_message("Wq8Zr3Tn6Vb1Kx5Lm9Pd2Hs7Jf4Gc0Ya");
    assert!(message.contains("client secret"), "{message}");
}

#[test]
fn webhook_secret_token_pasted() {
    let message = not_a_jwt_message("kJ3_xQ9vT2-mZ7bW4nR8pL");
    assert!(message.contains("webhook secret token"), "{message}");
}

#[test]
fn json_that_is_not_a_token_response() {
    let message = not_a_jwt_message(r#"{"id":"Hn5Tq8Wr2Zx6Kb9Mv3Pc7L","email":"someone@example.com"}"#);
    assert!(message.contains("not a token response"), "{message}");
}

#[test]
fn token_endpoint_error_pasted() {
    let message = not_a_jwt_message(r#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#);
    assert!(message.contains("invalid_client"), "{message}");
}

#[test]
fn jwt_cut_short() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let (two_parts, _signature) = token.rsplit_once('.').unwrap_or_default();
    let message = not_a_jwt_message(two_parts);
    assert!(message.contains("2 of its 3 parts"), "{message}");

    let claims_cut = &token[..token.find('.').unwrap_or_default() + 40];
    let report = report_of(claims_cut);
    assert_eq!(report.kind, TokenKind::NotAJwt);
    assert_eq!(report.looks_like.map(TextShape::as_str), Some("incomplete_jwt"));
}

#[test]
fn base64_that_is_not_json() {
    let encoded = URL_SAFE_NO_PAD.encode([7u8, 250, 3, 128, 66, 0, 19, 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    let message = not_a_jwt_message(&encoded);
    assert!(message.contains("base64"), "{message}");
}

#[test]
fn redacted_text_shows_two_characters() {
    let report = report_of("Wq8Zr3Tn6Vb1Kx5Lm9Pd2Hs7Jf4Gc0Ya");
    assert_eq!(report.redacted, "Wq… (32 characters)");
}

#[test]
fn redacted_jwt_shows_ten_characters() {
    let token = jwt(&zoom_header(), &zoom_claims(3, NOW - 60));
    let report = report_of(&token);
    let head = &token[..10];

    assert_eq!(report.redacted, format!("{head}… ({} characters)", token.len()));
}
