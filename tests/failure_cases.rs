//! Every case of tests/cases/failures.json, judged at the clock each case names.

use serde_json::Value;
use zoom_summary_doctor::classify::{classify, Diagnosis, FailureContext, FailureResponse, RequestInfo};
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::time::parse_iso8601;

const CASES: &str = include_str!("cases/failures.json");

fn cases() -> Vec<Value> {
    serde_json::from_str(CASES).expect("failures.json is a JSON array")
}

fn response_of(case: &Value) -> FailureResponse {
    let response = &case["response"];
    let headers = response["headers"]
        .as_object()
        .map(|object| object.iter().map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    FailureResponse {
        status: response["status"].as_u64().and_then(|status| u16::try_from(status).ok()).expect("status fits u16"),
        headers,
        body: response["body"].as_str().unwrap_or_default().to_owned(),
    }
}

fn context_of(case: &Value) -> FailureContext {
    let context = &case["context"];
    let request = context["request"].as_object().map(|request| RequestInfo {
        method: request.get("method").and_then(Value::as_str).unwrap_or("GET").to_owned(),
        url: request.get("url").and_then(Value::as_str).unwrap_or_default().to_owned(),
    });
    FailureContext {
        request,
        token: context["token"].as_str().map(str::to_owned),
        now: context["now"].as_i64().expect("every case names its clock"),
    }
}

/// Checks one case's expectations and returns the failures, each naming the case and the field.
fn check(case: &Value, diagnosis: &Diagnosis) -> Vec<String> {
    let id = case["id"].as_str().unwrap_or("?");
    let expect = &case["expect"];
    let mut failures = Vec::new();

    if let Some(kind) = expect["kind"].as_str() {
        if diagnosis.kind.as_str() != kind {
            failures.push(format!("{id}: kind {} != {kind}; evidence {:?}", diagnosis.kind, diagnosis.evidence));
        }
    }
    if let Some(scopes) = expect["missingScopes"].as_array() {
        let mut expected: Vec<&str> = scopes.iter().filter_map(Value::as_str).collect();
        let mut actual: Vec<&str> = diagnosis.missing_scopes.iter().map(String::as_str).collect();
        expected.sort_unstable();
        actual.sort_unstable();
        if expected != actual {
            failures.push(format!("{id}: missingScopes {actual:?} != {expected:?}"));
        }
    }
    if let Some(retryable) = expect["retryable"].as_bool() {
        if diagnosis.retryable != retryable {
            failures.push(format!("{id}: retryable {} != {retryable}", diagnosis.retryable));
        }
    }
    if let Some(retry_at) = expect["retryAt"].as_str() {
        let actual = diagnosis.retry_at.as_deref().and_then(parse_iso8601);
        if actual != parse_iso8601(retry_at) {
            failures.push(format!("{id}: retryAt {:?} != {retry_at}", diagnosis.retry_at));
        }
    }
    if let Some(limit_type) = expect["rateLimitType"].as_str() {
        let actual = diagnosis.rate_limit.as_ref().map(|limit| limit.limit_type.as_str());
        if actual != Some(limit_type) {
            failures.push(format!("{id}: rateLimit.type {actual:?} != {limit_type}"));
        }
    }
    if let Some(error) = expect["oauthError"].as_str() {
        if diagnosis.oauth_error.as_deref() != Some(error) {
            failures.push(format!("{id}: oauthError {:?} != {error}", diagnosis.oauth_error));
        }
    }
    if let Some(mentions) = expect["fixMentions"].as_array() {
        for mention in mentions.iter().filter_map(Value::as_str) {
            let in_fixes = diagnosis.fixes.iter().any(|fix| fix.contains(mention));
            if !in_fixes && !diagnosis.explanation.contains(mention) {
                failures.push(format!("{id}: no fix or explanation mentions {mention:?}"));
            }
        }
    }
    if expect["keepsTrackingId"].as_bool() == Some(true) {
        let sent = case["response"]["headers"]["x-zm-trackingid"].as_str();
        if diagnosis.tracking_id.as_deref() != sent {
            failures.push(format!("{id}: trackingId {:?} != {sent:?}", diagnosis.tracking_id));
        }
    }
    failures
}

#[test]
fn every_case_holds() {
    let mut failures = Vec::new();
    for case in cases() {
        let diagnosis = classify(&response_of(&case), &context_of(&case));
        failures.extend(check(&case, &diagnosis));
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn status_assumed_cases_ignore_status() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|case| case["statusAssumed"].as_bool() == Some(true)) {
        for status in [200, 400, 401, 403, 404] {
            let mut response = response_of(case);
            response.status = status;
            let diagnosis = classify(&response, &context_of(case));
            failures.extend(check(case, &diagnosis).into_iter().map(|failure| format!("status {status}: {failure}")));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn no_case_leaks_its_token() {
    for case in cases() {
        let context = context_of(&case);
        let diagnosis = classify(&response_of(&case), &context);
        let json = diagnosis.to_json();
        let Some(token) = context.token.as_deref() else { continue };
        let access_token = serde_json::from_str::<Value>(token)
            .ok()
            .and_then(|value| value["access_token"].as_str().map(str::to_owned))
            .unwrap_or_else(|| token.to_owned());
        let signature = access_token.rsplit('.').next().unwrap_or_default();
        assert!(!json.contains(&access_token), "{}: the diagnosis contains the token", case["id"]);
        assert!(!json.contains(signature), "{}: the diagnosis contains the token's signature", case["id"]);
    }
}

#[test]
fn every_case_has_a_problem() {
    for case in cases() {
        let diagnosis = classify(&response_of(&case), &context_of(&case));
        assert_eq!(diagnosis.problem().type_uri(), format!("/problems/{}", diagnosis.kind.as_str()), "{}", case["id"]);
        assert_eq!(diagnosis.problem().status(), case["response"]["status"].as_u64().map(|status| status as u16).unwrap_or(0), "{}", case["id"]);
        assert!(!diagnosis.explanation.is_empty(), "{}", case["id"]);
    }
}

// ---- More failures of every kind: other wordings, envelopes, statuses and contexts ----

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use zoom_summary_doctor::classify::{FailureKind, RateLimitType};

const NOW: i64 = 1_764_590_400;
const NEXT_MIDNIGHT: &str = "2025-12-02T00:00:00Z";
const SUMMARY_URL: &str = "https://api.zoom.us/v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3";
const MASTER_URL: &str = "https://api.zoom.us/v2/accounts/-BtKaWMavWqCvJvXwB7zZA/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3";
const ME_URL: &str = "https://api.zoom.us/v2/phone/user/me/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3";
const SIGNATURE: &str = "domoMnRt0iRUrpCSe8IbOQKZd72uI7EBXaX4UzCm4MLGrdeJBoyZe80plYo6sEXnSVMuyQwOSVnUz2W5vvCu9g";

/// Builds a Zoom-shaped access token: `kind` is the `type` claim (3 S2S, 0 user, 1 refresh).
fn token(kind: i64, exp: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"sv":"000001","alg":"HS512","v":"2.0","kid":"k"}"#);
    let claims = format!(
        r#"{{"ver":10,"type":{kind},"uid":"liU_FZKChYxZcQBIG5ed9j","aid":"-BtKaWMavWqCvJvXwB7zZA","iss":"zm:cid:client","aud":"https://oauth.zoom.us","iat":{},"exp":{exp}}}"#,
        exp - 3600
    );
    format!("{header}.{}.{SIGNATURE}", URL_SAFE_NO_PAD.encode(claims))
}

fn token_response(kind: i64, exp: i64, scopes: &str, api_url: &str) -> String {
    serde_json::json!({ "access_token": token(kind, exp), "token_type": "bearer", "expires_in": 3599, "scope": scopes, "api_url": api_url }).to_string()
}

fn s2s() -> Option<String> {
    Some(token_response(3, NOW + 3000, "phone:read:ai_call_summary:admin phone:read:list_call_logs:admin", "https://api.zoom.us"))
}

fn user_token() -> Option<String> {
    Some(token_response(0, NOW + 3000, "phone:read:ai_call_summary user:read:user", "https://api.zoom.us"))
}

fn expired() -> Option<String> {
    Some(token(3, NOW - 600))
}

fn run(status: u16, headers: &[(&str, &str)], body: &str, url: Option<&str>, token: Option<String>) -> Diagnosis {
    let response = FailureResponse {
        status,
        headers: headers.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect(),
        body: body.to_owned(),
    };
    let request = url.map(|url| RequestInfo { method: if url.contains("/oauth/") { "POST" } else { "GET" }.to_owned(), url: url.to_owned() });
    let diagnosis = classify(&response, &FailureContext { request, token, now: NOW });

    let json = diagnosis.to_json();
    assert!(!json.contains(SIGNATURE), "the diagnosis contains a token signature: {json}");
    diagnosis
}

fn mentions(diagnosis: &Diagnosis, text: &str) -> bool {
    diagnosis.fixes.iter().any(|fix| fix.contains(text)) || diagnosis.explanation.contains(text)
}

#[test]
fn missing_scope_variants() {
    let diagnosis = run(401, &[], r#"{"code": 4700, "message": "Invalid access token, does not contain scopes: [report:read:admin]."}"#, None, None);
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert_eq!(diagnosis.missing_scopes, vec!["report:read:admin"]);
    assert!(!diagnosis.retryable);

    let body = r#"{"code": 4711, "message": "Invalid access token, does not contain scopes:[contact:read:list_contacts, contact:read:list_contacts:admin]."}"#;
    let diagnosis = run(400, &[], body, Some("https://api.zoom.us/v2/contacts"), user_token());
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert_eq!(diagnosis.missing_scopes.len(), 2);
    assert!(diagnosis.fixes.first().is_some_and(|fix| fix.contains("`contact:read:list_contacts`")), "{:?}", diagnosis.fixes);

    let body = r#"{"code": 104, "message": "Invalid access token, does not contain scopes:[phone:read:ai_call_summary, phone:read:ai_call_summary:admin]"}"#;
    let diagnosis = run(400, &[], body, Some(SUMMARY_URL), Some(token(3, NOW + 3000)));
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert!(diagnosis.fixes.first().is_some_and(|fix| fix.contains("phone:read:ai_call_summary:admin")));
    assert!(mentions(&diagnosis, "new token"));
}

#[test]
fn missing_scope_without_context_names_both_variants() {
    let body = r#"{"code": 104, "message": "Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin]"}"#;
    let diagnosis = run(400, &[], body, None, None);
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert!(mentions(&diagnosis, "`phone:read:ai_call_summary:admin` for a Server-to-Server"));
    assert!(mentions(&diagnosis, "`phone:read:ai_call_summary` for a user-managed"));
}

#[test]
fn missing_admin_scope_with_user_token_suggests_me() {
    let body = r#"{"code": 4700, "message": "Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin]."}"#;
    let diagnosis = run(400, &[], body, Some(SUMMARY_URL), user_token());
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert!(mentions(&diagnosis, "`me`"));
}

#[test]
fn held_scope_named_as_missing() {
    let body = r#"{"code": 104, "message": "Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin]"}"#;
    let diagnosis = run(400, &[], body, Some(SUMMARY_URL), s2s());
    assert_eq!(diagnosis.kind, FailureKind::MissingScope);
    assert!(diagnosis.explanation.contains("already lists"));
    assert!(diagnosis.held_scopes.as_ref().is_some_and(|held| held.contains(&"phone:read:ai_call_summary:admin".to_owned())));
}

#[test]
fn master_scope_without_request() {
    let body = r#"{"code": 4711, "message": "Invalid access token, does not contain scopes: [phone:read:ai_call_summary:master]"}"#;
    let diagnosis = run(401, &[], body, None, None);
    assert_eq!(diagnosis.kind, FailureKind::MasterAccountRequired);
    assert!(mentions(&diagnosis, "/phone/user/"));
    assert!(mentions(&diagnosis, "phone:read:ai_call_summary:admin"));
}

#[test]
fn master_path_with_other_scope_list() {
    let body = r#"{"code": 4700, "message": "Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin, phone:master]"}"#;
    let diagnosis = run(401, &[], body, Some(MASTER_URL), None);
    assert_eq!(diagnosis.kind, FailureKind::MasterAccountRequired);
    assert!(mentions(&diagnosis, "/v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3"));
}

#[test]
fn master_path_keeps_other_kinds() {
    let diagnosis = run(404, &[], r#"{"code": 124, "message": "Account does not exist: x."}"#, Some(MASTER_URL), None);
    assert_eq!(diagnosis.kind, FailureKind::AccountMismatch);
    let diagnosis = run(429, &[], r#"{"code": 429, "message": "Too many requests"}"#, Some(MASTER_URL), None);
    assert_eq!(diagnosis.kind, FailureKind::RateLimited);
}

#[test]
fn expired_token_beats_wording() {
    for status in [400, 401, 404] {
        let diagnosis = run(status, &[], r#"{"code": 124, "message": "Invalid access token."}"#, Some(SUMMARY_URL), expired());
        assert_eq!(diagnosis.kind, FailureKind::TokenExpired, "status {status}");
        assert!(diagnosis.retryable);
    }
    let diagnosis = run(401, &[], "", Some(SUMMARY_URL), expired());
    assert_eq!(diagnosis.kind, FailureKind::TokenExpired);
}

#[test]
fn expired_wordings_under_any_status() {
    for (status, message) in [(400, "Access token has expired."), (404, "Access token is expired."), (200, "The access token has expired")] {
        let body = serde_json::json!({ "code": 124, "message": message }).to_string();
        assert_eq!(run(status, &[], &body, None, None).kind, FailureKind::TokenExpired, "{status} {message}");
    }
}

#[test]
fn invalid_token_forms() {
    assert_eq!(run(404, &[], r#"{"code": 124, "message": "Invalid access token."}"#, None, None).kind, FailureKind::TokenInvalid);
    assert_eq!(run(401, &[], "", None, None).kind, FailureKind::TokenInvalid);
    assert_eq!(run(401, &[], "Invalid access token", None, None).kind, FailureKind::TokenInvalid);
    assert_eq!(run(200, &[], r#"{"status": false, "errorCode": 401}"#, None, None).kind, FailureKind::TokenInvalid);
    assert_eq!(run(401, &[], r#"{"error": {"code": 124, "message": "Invalid access token."}}"#, None, None).kind, FailureKind::TokenInvalid);
    assert_eq!(run(401, &[], r#"{"code": 4741, "message": "The token has been revoked."}"#, None, None).kind, FailureKind::TokenInvalid);
    assert!(run(401, &[], "", None, None).retryable);
}

#[test]
fn invalid_token_context_causes() {
    let refresh = Some(token(1, NOW + 3000));
    let diagnosis = run(401, &[], r#"{"code": 124, "message": "Invalid access token."}"#, Some(SUMMARY_URL), refresh);
    assert_eq!(diagnosis.kind, FailureKind::TokenInvalid);
    assert!(diagnosis.explanation.contains("refresh token"));

    let gov = Some(token_response(3, NOW + 3000, "phone:read:admin", "https://api.zoomgov.com"));
    let diagnosis = run(401, &[], r#"{"code": 124, "message": "Invalid access token."}"#, Some(SUMMARY_URL), gov);
    assert!(diagnosis.explanation.contains("zoomgov.com"));
}

#[test]
fn token_missing_forms() {
    assert_eq!(run(400, &[], r#"{"code": 124, "message": "Requires an access token."}"#, None, None).kind, FailureKind::TokenMissing);
    assert_eq!(run(401, &[], r#"{"code": 4700, "message": "Token cannot be empty."}"#, None, None).kind, FailureKind::TokenMissing);
}

#[test]
fn token_in_query_by_context() {
    let url = "https://api.zoom.us/v2/users/me?access_token=abcdefghijklmnop";
    let diagnosis = run(401, &[], r#"{"code": 124, "message": "Invalid access token."}"#, Some(url), None);
    assert_eq!(diagnosis.kind, FailureKind::TokenInQuery);
    assert!(!diagnosis.to_json().contains("abcdefghijklmnop"));
}

#[test]
fn token_endpoint_errors() {
    let url = Some("https://zoom.us/oauth/token?grant_type=account_credentials&account_id=x");
    let diagnosis = run(401, &[], r#"{"reason": "Invalid client_id or client_secret", "error": "invalid_client"}"#, url, None);
    assert_eq!(diagnosis.kind, FailureKind::TokenRequestRejected);
    assert_eq!(diagnosis.oauth_error.as_deref(), Some("invalid_client"));
    assert!(mentions(&diagnosis, "Client Secret"));

    let diagnosis = run(400, &[], r#"{"reason": "Missing account_id", "error": "invalid_request"}"#, url, None);
    assert_eq!(diagnosis.oauth_error.as_deref(), Some("invalid_request"));
    assert!(mentions(&diagnosis, "account_id"));

    let diagnosis = run(400, &[], r#"{"reason": "Invalid Token!", "error": "invalid_grant"}"#, None, None);
    assert_eq!(diagnosis.kind, FailureKind::TokenRequestRejected);
    assert!(mentions(&diagnosis, "refresh token"));

    assert_eq!(run(400, &[], r#"{"code": 4733, "message": "Code is expired"}"#, None, None).kind, FailureKind::TokenRequestRejected);
    assert_eq!(run(400, &[], r#"{"reason": "unsupported grant type", "error": "unsupported_grant_type"}"#, None, None).kind, FailureKind::TokenRequestRejected);
}

#[test]
fn me_with_server_to_server_token() {
    for body in [r#"{"code": 1001, "message": "User does not exist: me."}"#, r#"{"code": 300, "message": "Validation Failed."}"#, ""] {
        for status in [400, 403, 404] {
            let diagnosis = run(status, &[], body, Some(ME_URL), s2s());
            assert_eq!(diagnosis.kind, FailureKind::MeNotSupported, "{status} {body}");
            assert!(mentions(&diagnosis, "user_id"));
        }
    }
}

#[test]
fn me_with_user_token_is_fine() {
    let diagnosis = run(404, &[], r#"{"code": 1001, "message": "User does not exist: me."}"#, Some(ME_URL), user_token());
    assert_eq!(diagnosis.kind, FailureKind::UserNotFound);
}

#[test]
fn phone_not_enabled_forms() {
    assert_eq!(run(400, &[], r#"{"code": 2031, "message": "x"}"#, None, None).kind, FailureKind::PhoneNotEnabled);
    assert_eq!(run(403, &[], "Zoom Phone has not been enabled for this account.", None, None).kind, FailureKind::PhoneNotEnabled);
}

#[test]
fn permission_denied_forms() {
    let diagnosis = run(403, &[("X-Zm-Trackingid", "v=2.0;clid=aw1;rid=WEB_9")], "", Some(SUMMARY_URL), s2s());
    assert_eq!(diagnosis.kind, FailureKind::PermissionDenied);
    assert!(mentions(&diagnosis, "v=2.0;clid=aw1;rid=WEB_9"));
    assert_eq!(diagnosis.cluster.as_deref(), Some("aw1"));
    assert!(diagnosis.fixes.len() >= 4);
    assert!(diagnosis.alternatives.iter().any(|alternative| alternative.kind == FailureKind::PhoneNotEnabled));

    let diagnosis = run(403, &[], r#"{"code": 3001, "message": "Authenticated user has not permitted access to the targeted resource."}"#, None, None);
    assert_eq!(diagnosis.kind, FailureKind::PermissionDenied);
    assert!(mentions(&diagnosis, "shared access"));

    let body = r#"{"code": 403, "message": "You do not have permission because the current site abc does not belong to the target sites."}"#;
    assert!(mentions(&run(400, &[], body, None, None), "sites"));
}

#[test]
fn user_not_found_forms() {
    for (status, body) in [
        (404, r#"{"code": 13500, "message": "The user does not exist: x."}"#),
        (404, r#"{"code": 300, "message": "User does not exist: x."}"#),
        (400, r#"{"code": 1001, "message": "User not found: x"}"#),
        (404, r#"{"code": 1001, "message": "User x does not exist or not belong to this account."}"#),
    ] {
        assert_eq!(run(status, &[], body, Some(SUMMARY_URL), None).kind, FailureKind::UserNotFound, "{body}");
    }
}

#[test]
fn summary_not_found_forms() {
    assert_eq!(run(404, &[], "", Some(SUMMARY_URL), None).kind, FailureKind::SummaryNotFound);
    assert_eq!(run(404, &[], r#"{"message": "Not Found"}"#, Some(MASTER_URL), None).kind, FailureKind::SummaryNotFound);
    assert_eq!(run(404, &[], r#"{"message": "Not Found"}"#, None, None).kind, FailureKind::SummaryNotFound);
}

#[test]
fn endpoint_not_recognized_forms() {
    let plural = "https://api.zoom.us/v2/phone/users/u1/ai_call_summary/s1";
    assert_eq!(run(404, &[], "", Some(plural), None).kind, FailureKind::EndpointNotRecognized);
    assert_eq!(run(400, &[], r#"{"code": 2300, "message": "This API endpoint is not recognized."}"#, None, None).kind, FailureKind::EndpointNotRecognized);
    assert_eq!(run(405, &[], "", Some(SUMMARY_URL), None).kind, FailureKind::EndpointNotRecognized);
}

#[test]
fn validation_failed_forms() {
    for body in [
        r#"{"code": 300, "message": "Validation Failed.", "errors": [{"field": "userId", "message": "Invalid field."}]}"#,
        r#"{"code": 301, "message": "Invalid request param: sync_type."}"#,
        r#"{"code": 300, "message": "The next page token is invalid or expired."}"#,
        r#"{"code": 300, "message": "The sync token is invalid or expired. Please resync with the FSync method."}"#,
    ] {
        assert_eq!(run(400, &[], body, Some(SUMMARY_URL), None).kind, FailureKind::ValidationFailed, "{body}");
    }
    assert_eq!(run(400, &[], "", None, None).kind, FailureKind::ValidationFailed);
}

#[test]
fn rate_limit_retry_times() {
    let diagnosis = run(429, &[("Retry-After", "30")], "", None, None);
    assert_eq!(diagnosis.kind, FailureKind::RateLimited);
    assert_eq!(diagnosis.retry_after_seconds, Some(30));
    assert!(diagnosis.retryable);

    let diagnosis = run(429, &[("X-RateLimit-Type", "Daily-limit")], "", None, None);
    assert_eq!(diagnosis.retry_at.as_deref(), Some(NEXT_MIDNIGHT));
    assert_eq!(diagnosis.rate_limit.as_ref().map(|limit| limit.limit_type), Some(RateLimitType::Daily));

    let diagnosis = run(429, &[("retry-after", "Tue, 02 Dec 2025 00:00:00 GMT")], "", None, None);
    assert_eq!(diagnosis.retry_at.as_deref(), Some(NEXT_MIDNIGHT));

    let diagnosis = run(429, &[("X-RateLimit-Reset", "1764590460")], "", None, None);
    assert_eq!(diagnosis.retry_after_seconds, Some(60));
}

#[test]
fn rate_limit_without_status() {
    let body = r#"{"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."}"#;
    let diagnosis = run(200, &[], body, None, None);
    assert_eq!(diagnosis.kind, FailureKind::RateLimited);
    assert_eq!(diagnosis.rate_limit.as_ref().map(|limit| limit.limit_type), Some(RateLimitType::PerSecond));
    assert_eq!(run(400, &[], body, None, None).kind, FailureKind::RateLimited);
}

#[test]
fn upstream_failures() {
    for (status, body) in [(503, ""), (500, r#"{"code": 500, "message": "Internal Error"}"#), (504, ""), (520, "oops"), (200, "<!DOCTYPE html><html><title>Gateway</title></html>")] {
        let diagnosis = run(status, &[], body, Some(SUMMARY_URL), None);
        assert_eq!(diagnosis.kind, FailureKind::UpstreamUnavailable, "{status} {body}");
        assert!(diagnosis.retryable);
    }
    let diagnosis = run(503, &[("Retry-After", "120")], "", None, None);
    assert_eq!(diagnosis.retry_after_seconds, Some(120));
}

#[test]
fn no_response() {
    let diagnosis = run(0, &[], "", Some(SUMMARY_URL), None);
    assert_eq!(diagnosis.kind, FailureKind::NetworkUnreachable);
    assert_eq!(diagnosis.problem().status(), 502);
    assert!(mentions(&diagnosis, "CORS"));
    assert!(mentions(&diagnosis, "server"));
}

#[test]
fn summary_bodies() {
    let empty = r#"{"ai_call_summary_id": "s", "call_summary": "", "next_steps": "  ", "detailed_summary": null}"#;
    assert_eq!(run(200, &[], empty, Some(SUMMARY_URL), None).kind, FailureKind::SummaryEmpty);
    assert_eq!(run(200, &[], "", Some(SUMMARY_URL), None).kind, FailureKind::SummaryEmpty);
    assert_eq!(run(200, &[], r#"{"ai_call_summary_id": "s"}"#, None, None).kind, FailureKind::SummaryEmpty);

    let full = r#"{"ai_call_summary_id": "s", "call_summary": "Private words from the call", "next_steps": ""}"#;
    let diagnosis = run(200, &[], full, Some(SUMMARY_URL), None);
    assert_eq!(diagnosis.kind, FailureKind::Unknown);
    assert!(diagnosis.explanation.contains("not a failure"));
    assert!(!diagnosis.to_json().contains("Private words"));
}

#[test]
fn unknown_codes() {
    let diagnosis = run(409, &[], r#"{"code": 9999, "message": "Something else"}"#, None, None);
    assert_eq!(diagnosis.kind, FailureKind::Unknown);
    assert!(mentions(&diagnosis, "9999"));
}

#[test]
fn body_credentials_are_redacted() {
    let body = format!(r#"{{"code": 124, "message": "Invalid access token: {}", "hint": "Bearer abcdefghijkl"}}"#, token(3, NOW + 10));
    let diagnosis = run(401, &[], &body, None, None);
    let json = diagnosis.to_json();
    assert!(!json.contains("abcdefghijkl"));
    assert!(json.contains("[redacted]"));
}

#[test]
fn listed_scope_credentials_are_redacted() {
    let listed = token(3, NOW + 10);
    let body = serde_json::json!({ "code": 104, "message": format!("does not contain scopes: [{listed}]") }).to_string();
    let diagnosis = run(400, &[], &body, None, None);
    let json = diagnosis.to_json();
    let payload = listed.split('.').nth(1).unwrap_or_default();
    assert!(!json.contains(payload), "{json}");
}

#[test]
fn long_bodies_are_cut() {
    let body = "x".repeat(5000);
    let diagnosis = run(418, &[], &body, None, None);
    assert!(diagnosis.evidence.iter().all(|line| line.chars().count() < 260), "{:?}", diagnosis.evidence);
}

#[test]
fn every_kind_has_a_docs_page() {
    for kind in FailureKind::ALL {
        let path = format!("{}/docs/problems/{}.md", env!("CARGO_MANIFEST_DIR"), kind.as_str());
        let page = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(page.contains("## How to fix it"), "{path} is missing or incomplete");
    }
}

#[test]
fn header_values_with_token_are_scrubbed() {
    let access = token(3, NOW + 3000);
    let headers = [("x-ratelimit-category", access.as_str()), ("x-zm-trackingid", SIGNATURE), ("retry-after", access.as_str())];
    let diagnosis = run(429, &headers, "", None, Some(access.clone()));
    let json = diagnosis.to_json();
    assert!(!json.contains(&access), "{json}");
    assert_eq!(diagnosis.kind, FailureKind::RateLimited);
    assert_eq!(diagnosis.tracking_id, None);
    assert_eq!(diagnosis.instance, None);
    assert!(diagnosis.evidence.iter().any(|line| line.contains("x-zm-trackingid ignored")), "{:?}", diagnosis.evidence);
}

#[test]
fn jwt_shaped_tracking_id_is_ignored() {
    let foreign = token(3, NOW + 3000);
    let diagnosis = run(500, &[("x-zm-trackingid", &format!("v=2.0;clid=us06;rid=WEB_{foreign}"))], "", None, None);
    assert_eq!(diagnosis.tracking_id, None);
    assert_eq!(diagnosis.cluster, None);
}

#[test]
fn plain_tracking_id_is_kept() {
    let diagnosis = run(500, &[("x-zm-trackingid", "v=2.0;clid=us06;rid=WEB_2c1f8a0e")], "", None, None);
    assert_eq!(diagnosis.tracking_id.as_deref(), Some("v=2.0;clid=us06;rid=WEB_2c1f8a0e"));
    assert_eq!(diagnosis.cluster.as_deref(), Some("us06"));
}

/// Pads the long side of each pair to 1 MB and checks that the kind matches the short form.
#[test]
fn megabyte_values_keep_the_kind() {
    let pad = "a".repeat(1_000_000);
    let scope_message = "Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin]";
    let pairs: Vec<(u16, Vec<(String, String)>, String)> = vec![
        (429, vec![("x-ratelimit-category".into(), "Medium".into()), ("x-ratelimit-type".into(), "QPS".into())], String::new()),
        (400, Vec::new(), serde_json::json!({ "code": 104, "message": scope_message }).to_string()),
        (401, Vec::new(), serde_json::json!({ "code": 124, "message": "Invalid access token." }).to_string()),
        (502, Vec::new(), "<html><head><title>502 Bad Gateway</title></head></html>".to_owned()),
        (500, vec![("x-zm-trackingid".into(), "v=2.0;clid=us06;rid=WEB_1".into())], "upstream connect error".to_owned()),
    ];
    for (status, headers, body) in pairs {
        let short = run_owned(status, headers.clone(), body.clone());
        let long_headers = headers.iter().map(|(name, value)| (name.clone(), format!("{value}{pad}"))).collect();
        let long_body = pad_body(&body, &pad);
        let long = run_owned(status, long_headers, long_body);
        assert_eq!(long.kind, short.kind, "status {status} body {body:.80}");
    }
}

/// Appends `pad` inside the JSON message, or after any other body, so the body keeps its form.
fn pad_body(body: &str, pad: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(mut object)) => {
            let message = object.get("message").and_then(Value::as_str).unwrap_or_default().to_owned();
            object.insert("message".into(), Value::String(format!("{message} {pad}")));
            Value::Object(object).to_string()
        }
        _ => format!("{body} {pad}"),
    }
}

fn run_owned(status: u16, headers: Vec<(String, String)>, body: String) -> Diagnosis {
    let request = Some(RequestInfo { method: "GET".into(), url: "https://api.zoom.us/v2/phone/user/u/ai_call_summary/s".into() });
    classify(&FailureResponse { status, headers, body }, &FailureContext { request, token: s2s(), now: NOW })
}

/// Diagnosis members in the order of the JSON text.
const DIAGNOSIS_KEYS: [&str; 17] = [
    "kind", "title", "explanation", "fixes", "retryable", "retryAt", "retryAfterSeconds", "missingScopes", "heldScopes",
    "rateLimit", "oauthError", "zoom", "trackingId", "cluster", "evidence", "alternatives", "problem",
];

/// Asserts that the first `"key":` of each key appears in the given order. serde_json's map sorts
/// its keys, so the order can only be read from the text.
fn assert_in_order(text: &str, keys: &[&str], id: &Value) {
    let positions: Vec<Option<usize>> = keys.iter().map(|key| text.find(&format!("\"{key}\":"))).collect();
    assert!(positions.iter().all(Option::is_some), "{id}: missing members in {text}");
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{id}: members out of order in {text}");
}

#[test]
fn json_members_and_problem() {
    for case in cases() {
        let diagnosis = classify(&response_of(&case), &context_of(&case));
        let id = &case["id"];
        let text = diagnosis.to_json();
        let json: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("the diagnosis JSON is an object");
        assert_eq!(json.len(), DIAGNOSIS_KEYS.len(), "{id}");
        assert_in_order(&text, &DIAGNOSIS_KEYS, id);
        assert_eq!(json["kind"], diagnosis.kind.as_str(), "{id}");
        assert_eq!(json["explanation"], diagnosis.explanation, "{id}");
        assert_eq!(json["missingScopes"], serde_json::json!(diagnosis.missing_scopes), "{id}");
        assert_eq!(json["zoom"]["status"], diagnosis.zoom.status, "{id}");
        assert_eq!(json["zoom"]["code"], serde_json::json!(diagnosis.zoom.code), "{id}");

        let problem = json["problem"].as_object().expect("problem is an object");
        let problem_text = text.split_once("\"problem\":").map(|(_, rest)| rest).unwrap_or_default();
        assert_in_order(problem_text, &["type", "title", "status", "detail", "kind", "explanation"], id);
        assert_eq!(problem["type"], diagnosis.problem().type_uri(), "{id}");
        assert_eq!(problem["title"], json["title"], "{id}");
        assert_eq!(problem["status"], diagnosis.problem().status(), "{id}");
        assert_eq!(problem["detail"], json["explanation"], "{id}");
        assert_eq!(problem.get("instance").and_then(Value::as_str), diagnosis.instance.as_deref(), "{id}");
        for key in DIAGNOSIS_KEYS.iter().filter(|key| !matches!(**key, "title" | "problem")) {
            assert_eq!(problem.get(*key), json.get(*key), "{id}: problem.{key}");
        }
    }
}

#[test]
fn rate_limit_json() {
    let headers = [("X-RateLimit-Type", "Daily-limit"), ("X-RateLimit-Category", "Light"), ("X-RateLimit-Limit", "2000"), ("X-RateLimit-Remaining", "0")];
    let diagnosis = run(429, &headers, r#"{"code": 429, "message": "You have reached the maximum daily rate limit for this API."}"#, None, None);
    let json: Value = serde_json::from_str(&diagnosis.to_json()).expect("the diagnosis JSON parses");
    assert_eq!(json["rateLimit"], serde_json::json!({ "type": "daily", "category": "Light", "limit": 2000, "remaining": 0 }));
    assert_eq!(json["retryAt"], NEXT_MIDNIGHT);
    assert_eq!(json["alternatives"], serde_json::json!([]));
}
