//! Every case of tests/cases/failures.json, judged at the clock each case names.

use serde_json::Value;
use zoom_summary_doctor::classify::{classify, Diagnosis, FailureContext, FailureResponse, RequestInfo};
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
        let actual = diagnosis.rate_limit.as_ref().map(|limit| serde_json::to_value(limit.limit_type).expect("enum serializes"));
        if actual.as_ref().and_then(Value::as_str) != Some(limit_type) {
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
        let json = serde_json::to_string(&diagnosis).expect("a diagnosis serializes");
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
        assert_eq!(diagnosis.problem.type_uri, format!("/problems/{}", diagnosis.kind.as_str()), "{}", case["id"]);
        assert_eq!(diagnosis.problem.status, case["response"]["status"].as_u64().map(|status| status as u16).unwrap_or(0), "{}", case["id"]);
        assert!(!diagnosis.explanation.is_empty(), "{}", case["id"]);
    }
}
