//! Runs every case of tests/cases/requests.json through the request builder, plus more cases of
//! each kind built from the tokens in tests/cases/tokens.json. All cases are judged at the clock
//! 1764590400 (2025-12-01T12:00:00Z).

use serde_json::{json, Value};
use zoom_summary_doctor::json::ToJson;
use zoom_summary_doctor::preflight::{preflight_summary_access, Usable};
use zoom_summary_doctor::request::{
    build_summary_request, build_token_request, is_allowed_url, summary_target_from_event, summary_target_from_event_str,
    BuiltRequest, EventAction, RequestOptions, SummaryTarget, TokenRequestParams,
};

const NOW: i64 = 1_764_590_400;

/// Warning codes that mean the request will fail; `warningCodes: []` means none of them is raised.
const PROBLEM_CODES: [&str; 4] = ["missing_scope", "me_with_server_to_server", "token_expired", "not_an_access_token"];

fn request_cases() -> Vec<Value> {
    serde_json::from_str(include_str!("cases/requests.json")).expect("requests.json is a JSON array")
}

/// Returns the `input` of the tokens.json case with `id`.
fn token_case(id: &str) -> String {
    let cases: Vec<Value> = serde_json::from_str(include_str!("cases/tokens.json")).expect("tokens.json is a JSON array");
    let case = cases.iter().find(|case| case["id"] == id).unwrap_or_else(|| panic!("tokens.json has no case {id}"));
    case["input"].as_str().unwrap_or_else(|| panic!("case {id} has no string input")).to_owned()
}

/// Returns the bare access token inside a tokens.json input (token response JSON or raw token).
fn bare_token(input: &str) -> String {
    match serde_json::from_str::<Value>(input) {
        Ok(response) if response.is_object() => response["access_token"].as_str().unwrap_or_default().to_owned(),
        _ => input.trim_start_matches("Bearer ").to_owned(),
    }
}

fn s2s_token() -> String {
    bare_token(&token_case("token-s2s-fresh"))
}

fn s2s_response(scopes: &str, api_url: &str) -> String {
    json!({"access_token": s2s_token(), "token_type": "bearer", "expires_in": 3599, "scope": scopes, "api_url": api_url}).to_string()
}

fn user_response(scopes: &str) -> String {
    let token = bare_token(&token_case("token-user-oauth"));
    json!({"access_token": token, "token_type": "bearer", "expires_in": 3599, "scope": scopes, "refresh_token": "r"}).to_string()
}

fn target(user: &str, summary: &str) -> SummaryTarget {
    SummaryTarget { user_id: user.to_owned(), summary_id: summary.to_owned(), sub_account_id: None }
}

fn options(token: Option<String>, api_url: Option<&str>) -> RequestOptions {
    RequestOptions { token, api_url: api_url.map(str::to_owned), now: NOW, user_agent: None }
}

fn codes(built: &BuiltRequest) -> Vec<&'static str> {
    built.warnings.iter().map(|warning| warning.code).collect()
}

fn problem_codes(built: &BuiltRequest) -> Vec<&'static str> {
    codes(built).into_iter().filter(|code| PROBLEM_CODES.contains(code)).collect()
}

/// Asserts that no part of the request except the Authorization header contains the token or its signature.
fn assert_token_only_in_header(built: &BuiltRequest, token: &str) {
    let signature = token.rsplit('.').next().unwrap_or(token);
    let warnings = built.warnings.to_json();
    assert!(!warnings.contains(signature), "a warning contains the token's signature");
    assert!(!built.url.contains(signature), "the URL contains the token's signature");
    assert!(!format!("{built:?}").contains(signature), "Debug output contains the token's signature");
}

#[test]
fn every_listed_case_holds() {
    for case in request_cases() {
        let id = case["id"].as_str().unwrap_or("?");
        let target: SummaryTarget = serde_json::from_value(case["target"].clone()).unwrap();
        let token = case["options"]["token"].as_str().map(str::to_owned);
        let api_url = case["options"]["apiUrl"].as_str();
        let mut options = options(token.clone(), api_url);
        options.now = case["options"]["now"].as_i64().unwrap_or(NOW);
        let expect = &case["expect"];

        let result = build_summary_request(&target, &options);
        if let Some(code) = expect["error"].as_str() {
            let error = result.expect_err(id);
            assert_eq!(error.code(), code, "{id}");
            continue;
        }

        let built = result.unwrap_or_else(|error| panic!("{id}: {error}"));
        if let Some(method) = expect["method"].as_str() {
            assert_eq!(built.method, method, "{id}");
        }
        if let Some(url) = expect["url"].as_str() {
            assert_eq!(built.url, url, "{id}");
        }
        if let Some(authorization) = expect["authorization"].as_str() {
            assert_eq!(built.headers.get("Authorization"), Some(authorization), "{id}");
        }
        if let Some(expected) = expect["warningCodes"].as_array() {
            if expected.is_empty() {
                assert_eq!(problem_codes(&built), Vec::<&str>::new(), "{id}");
            }
            for code in expected.iter().filter_map(Value::as_str) {
                assert!(codes(&built).contains(&code), "{id}: {code} missing from {:?}", codes(&built));
            }
        }
        if let Some(token) = &token {
            assert_token_only_in_header(&built, &bare_token(token));
        }
    }
}

#[test]
fn regional_hosts_from_token_response() {
    for host in ["https://api-au.zoom.us", "https://api-ca.zoom.us", "https://api-in.zoom.us", "https://api-sg.zoom.us"] {
        let token = s2s_response("phone:read:ai_call_summary:admin", host);
        let built = build_summary_request(&target("u1", "s1"), &options(Some(token), None)).unwrap();
        assert_eq!(built.url, format!("{host}/v2/phone/user/u1/ai_call_summary/s1"));
        assert!(codes(&built).contains(&"regional_api_url"));
    }
}

#[test]
fn api_url_option_wins() {
    let token = s2s_response("phone:read:ai_call_summary:admin", "https://api-eu.zoom.us");
    let built = build_summary_request(&target("u1", "s1"), &options(Some(token), Some("https://api.zoom.us/v2/"))).unwrap();
    assert_eq!(built.url, "https://api.zoom.us/v2/phone/user/u1/ai_call_summary/s1");
    assert!(codes(&built).contains(&"api_url_overridden"));
}

#[test]
fn zoomgov_host() {
    let built = build_summary_request(&target("u1", "s1"), &options(None, Some("https://api.zoomgov.com"))).unwrap();
    assert_eq!(built.url, "https://api.zoomgov.com/v2/phone/user/u1/ai_call_summary/s1");
}

#[test]
fn loopback_emulator_base() {
    for (base, expected) in [
        ("http://127.0.0.1:8787", "http://127.0.0.1:8787/v2/phone/user/u1/ai_call_summary/s1"),
        ("http://localhost:9000/v2/", "http://localhost:9000/v2/phone/user/u1/ai_call_summary/s1"),
        ("http://[::1]:8080/zoom", "http://[::1]:8080/zoom/v2/phone/user/u1/ai_call_summary/s1"),
    ] {
        let built = build_summary_request(&target("u1", "s1"), &options(None, Some(base))).unwrap();
        assert_eq!(built.url, expected, "{base}");
    }
}

#[test]
fn disallowed_bases_rejected() {
    for base in [
        "http://api.zoom.us",
        "https://api.zoom.us.evil.com",
        "https://zoom.us@evil.com",
        "https://evil.com#.zoom.us",
        "https://evil.com/?.zoom.us",
        "http://169.254.169.254",
        "http://10.0.0.1",
        "file:///etc/passwd",
        "https://api.zoom.us/v2?x=1",
    ] {
        let error = build_summary_request(&target("u1", "s1"), &options(None, Some(base))).unwrap_err();
        assert_eq!(error.code(), "invalid_argument", "{base}");
    }
}

#[test]
fn disallowed_token_api_url_rejected() {
    let token = s2s_response("phone:read:ai_call_summary:admin", "https://evil.example");
    let error = build_summary_request(&target("u1", "s1"), &options(Some(token.clone()), None)).unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert!(!error.to_string().contains(&s2s_token()));
}

#[test]
fn ids_encoded_once() {
    for (user, expected) in [
        ("a/b", "a%2Fb"),
        ("x=y", "x%3Dy"),
        ("a b", "a%20b"),
        ("50%", "50%25"),
        ("jo.doe+1@example.co.uk", "jo.doe%2B1%40example.co.uk"),
    ] {
        let built = build_summary_request(&target(user, "s1"), &options(None, None)).unwrap();
        assert_eq!(built.url, format!("https://api.zoom.us/v2/phone/user/{expected}/ai_call_summary/s1"), "{user}");
    }
}

#[test]
fn bad_ids_rejected() {
    let long = "a".repeat(257);
    for (user, summary) in [
        ("", "s1"),
        ("u1", " s1"),
        ("u1 ", "s1"),
        ("u1", "."),
        ("..", "s1"),
        ("u1", "%2e%2e"),
        ("u1", "a/%2E%2E/b"),
        ("u1\n", "s1"),
        ("u\u{7f}1", "s1"),
        (long.as_str(), "s1"),
    ] {
        let error = build_summary_request(&target(user, summary), &options(None, None)).unwrap_err();
        assert_eq!(error.code(), "invalid_argument", "{user:?} {summary:?}");
    }
}

#[test]
fn bad_sub_account_rejected() {
    let mut master = target("u1", "s1");
    master.sub_account_id = Some("../x".to_owned());
    assert!(build_summary_request(&master, &options(None, None)).is_err());
}

#[test]
fn master_form_with_me_account() {
    let mut master = target("u1", "s1");
    master.sub_account_id = Some("me".to_owned());
    let token = s2s_response("phone:read:ai_call_summary:master", "https://api.zoom.us");
    let built = build_summary_request(&master, &options(Some(token), None)).unwrap();
    assert_eq!(built.url, "https://api.zoom.us/v2/accounts/me/phone/user/u1/ai_call_summary/s1");
    assert_eq!(built.endpoint, "get_user_ai_call_summary_master");
    assert_eq!(problem_codes(&built), Vec::<&str>::new());
}

#[test]
fn master_form_without_master_scope() {
    let mut master = target("u1", "s1");
    master.sub_account_id = Some("sub1".to_owned());
    let token = s2s_response("phone:read:ai_call_summary:admin", "https://api.zoom.us");
    let built = build_summary_request(&master, &options(Some(token), None)).unwrap();
    assert!(codes(&built).contains(&"missing_scope"));
}

#[test]
fn user_token_with_me() {
    let token = user_response("phone:read:ai_call_summary user:read:user");
    let built = build_summary_request(&target("me", "s1"), &options(Some(token), None)).unwrap();
    assert_eq!(problem_codes(&built), Vec::<&str>::new());
    assert!(!codes(&built).contains(&"explicit_user_id_with_user_token"));
}

#[test]
fn user_token_with_explicit_id() {
    let token = user_response("phone:read:ai_call_summary");
    let built = build_summary_request(&target("someone", "s1"), &options(Some(token), None)).unwrap();
    assert!(codes(&built).contains(&"explicit_user_id_with_user_token"));
}

#[test]
fn classic_scopes_accepted() {
    for scopes in ["phone:read:admin", "phone:read"] {
        let built = build_summary_request(&target("u1", "s1"), &options(Some(s2s_response(scopes, "https://api.zoom.us")), None)).unwrap();
        assert_eq!(problem_codes(&built), Vec::<&str>::new(), "{scopes}");
    }
}

#[test]
fn missing_scope_names_scope_to_add() {
    let token = s2s_response("phone:read:call_log:admin", "https://api.zoom.us");
    let built = build_summary_request(&target("u1", "s1"), &options(Some(token), None)).unwrap();
    let warning = built.warnings.iter().find(|warning| warning.code == "missing_scope").expect("missing_scope warning");
    assert!(warning.message.contains("add phone:read:ai_call_summary:admin"), "{}", warning.message);
    assert!(warning.message.contains("new token"), "{}", warning.message);

    let user_token = user_response("user:read:user");
    let built = build_summary_request(&target("me", "s1"), &options(Some(user_token), None)).unwrap();
    let warning = built.warnings.iter().find(|warning| warning.code == "missing_scope").expect("missing_scope warning");
    assert!(warning.message.contains("add phone:read:ai_call_summary "), "{}", warning.message);
    assert!(warning.message.contains("authorise the app again"), "{}", warning.message);
}

#[test]
fn expired_token_warned() {
    let input = token_case("token-s2s-expired");
    let built = build_summary_request(&target("u1", "s1"), &options(Some(input.clone()), None)).unwrap();
    assert!(codes(&built).contains(&"token_expired"));
    assert_token_only_in_header(&built, &bare_token(&input));
}

#[test]
fn refresh_token_warned() {
    let input = token_case("token-refresh-pasted");
    let built = build_summary_request(&target("u1", "s1"), &options(Some(input.clone()), None)).unwrap();
    assert!(codes(&built).contains(&"not_an_access_token"));
    assert_token_only_in_header(&built, &bare_token(&input));
}

#[test]
fn sdk_and_garbage_tokens_warned() {
    for id in ["token-sdk-jwt", "token-garbage"] {
        let input = token_case(id);
        let built = build_summary_request(&target("u1", "s1"), &options(Some(input.clone()), None)).unwrap();
        assert!(codes(&built).contains(&"not_an_access_token"), "{id}");
        let warnings = built.warnings.to_json();
        assert!(!warnings.contains(&input), "{id}: a warning contains the token");
    }
}

#[test]
fn bearer_header_input_accepted() {
    let input = token_case("token-bearer-header");
    let built = build_summary_request(&target("u1", "s1"), &options(Some(input.clone()), None)).unwrap();
    assert_eq!(built.headers.get("Authorization"), Some(format!("Bearer {}", bare_token(&input)).as_str()));
    assert!(codes(&built).contains(&"scopes_unknown"));
}

#[test]
fn token_with_inner_newline_rejected() {
    let broken = format!("{}\r\nX-Evil: 1", s2s_token());
    let error = build_summary_request(&target("u1", "s1"), &options(Some(broken), None)).unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert!(!error.to_string().contains(&s2s_token()));
}

#[test]
fn event_to_request() {
    let body = r#"{"event":"phone.ai_call_summary_changed","event_ts":1764590000000,"payload":{"account_id":"-BtKaWMavWqCvJvXwB7zZA","object":{"edited":false,"deleted":false,"ai_call_summary_id":"0if0jfVXG1Oxrnk6JM0wt3","user_id":"liU_FZKChYxZcQBIG5ed9j","call_id":"7018317023722949162","created_time":"2025-12-01T11:50:00Z","modified_time":"2025-12-01T11:50:00Z"}}}"#;
    let event = summary_target_from_event_str(body).unwrap();
    assert_eq!(event.action, EventAction::Fetch);
    assert_eq!(event.account_id.as_deref(), Some("-BtKaWMavWqCvJvXwB7zZA"));
    assert_eq!(event.event_ts, Some(1_764_590_000_000));

    let target = event.target.expect("a target");
    let built = build_summary_request(&target, &options(None, None)).unwrap();
    assert_eq!(built.url, "https://api.zoom.us/v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3");
}

#[test]
fn deleted_event_has_no_target() {
    let event = json!({"event": "phone.ai_call_summary_changed", "event_ts": 1, "payload": {"account_id": "a", "object": {"deleted": true, "ai_call_summary_id": "s1", "user_id": "u1", "call_id": "c"}}});
    let found = summary_target_from_event(&event).unwrap();
    assert_eq!(found.action, EventAction::Skip);
    assert!(found.target.is_none());
    assert!(found.message.contains("nothing to fetch"));
}

#[test]
fn wrong_event_rejected() {
    let event = json!({"event": "phone.callee_call_element_completed", "payload": {"object": {}}});
    let error = summary_target_from_event(&event).unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert!(error.to_string().contains("phone.callee_call_element_completed"));
}

#[test]
fn token_request_for_zoomgov_and_loopback() {
    let params = TokenRequestParams {
        account_id: "acc 1".to_owned(),
        client_id: "cid".to_owned(),
        client_secret: "very-secret-value".to_owned(),
        oauth_host: Some("http://127.0.0.1:9000/".to_owned()),
    };
    assert!(build_token_request(&params).is_err(), "an account ID with a space is rejected");

    let params = TokenRequestParams { account_id: "acc1".to_owned(), ..params };
    let request = build_token_request(&params).unwrap();
    assert_eq!(request.url, "http://127.0.0.1:9000/oauth/token");
    assert_eq!(request.body, "grant_type=account_credentials&account_id=acc1");
    assert!(!format!("{params:?}").contains("very-secret-value"));

    let gov = TokenRequestParams { oauth_host: Some("https://zoomgov.com".to_owned()), ..params };
    assert_eq!(build_token_request(&gov).unwrap().url, "https://zoomgov.com/oauth/token");
}

#[test]
fn redirect_targets() {
    assert!(is_allowed_url("https://api-eu.zoom.us/v2/phone/user/u/ai_call_summary/s"));
    assert!(!is_allowed_url("https://example.com/v2/phone"));
    assert!(!is_allowed_url("//api.zoom.us/v2"));
}

#[test]
fn preflight_listed_tokens() {
    let target = target("liU_FZKChYxZcQBIG5ed9j", "0if0jfVXG1Oxrnk6JM0wt3");
    let report = preflight_summary_access(&token_case("token-response-json"), Some(&target), NOW).unwrap();
    let user_path = report.checks.iter().find(|check| check.endpoint == "get_user_ai_call_summary").unwrap();
    let text = report.to_json();
    assert!(!text.contains(&s2s_token()), "the report contains the token");

    let scopes = report.scopes.clone().unwrap_or_default();
    let expected = if scopes.iter().any(|scope| scope == "phone:read:ai_call_summary:admin" || scope == "phone:read:admin") {
        Usable::Yes
    } else {
        Usable::No
    };
    assert_eq!(user_path.usable, expected, "{scopes:?}");
}

#[test]
fn preflight_bare_token_unknown() {
    let report = preflight_summary_access(&token_case("token-s2s-fresh"), None, NOW).unwrap();
    let user_path = &report.checks[0];
    assert_eq!(user_path.usable, Usable::Unknown);
    assert!(user_path.reason.contains("bare token"));
}
