//! The async loop behind `mintToken` and `fetchSummary`: calls Zoom through [`crate::transport`],
//! follows the retry policy and classifies the failure that ends it.

use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::outcome::{failure_class, retry_after_for_caller, Meta, SummaryOutcome, MAX_RETRY_AFTER_SECONDS};
use super::policy::{AttemptState, Decision, FailureClass, RetryPolicy};
use crate::classify::{self, Diagnosis, FailureContext, FailureResponse, RequestInfo};
use crate::error::quoted;
use crate::json::{self, ToJson};
use crate::request::{self, RequestOptions, SummaryTarget, TokenRequestParams};
use crate::transport::{self, HttpRequest, HttpResponse, TransportError};

/// Redirects followed per attempt; Zoom's API is not known to redirect at all.
const MAX_REDIRECTS: u32 = 3;

/// Largest summary body read, in bytes. Zoom's summaries are text of a few KiB; the limit keeps a
/// misbehaving upstream from filling the Worker's 128 MB of memory.
const MAX_SUMMARY_BYTES: usize = 4 * 1024 * 1024;

/// Largest token response read or accepted from `getToken`, in bytes. Zoom's token responses are
/// about 1 KiB.
const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// The settings of one `fetchSummary` call, already read from JavaScript.
pub struct SummaryCall {
    /// The summary to fetch.
    pub target: SummaryTarget,
    /// An API origin that replaces the token response's `api_url`, such as an emulator's.
    pub api_host: Option<String>,
    /// `async ({ forceRefresh, rejectedFingerprint }) => tokenResult`.
    pub get_token: Function,
    /// `async () => void`, resolved when the rate limiter grants a call.
    pub acquire: Option<Function>,
    /// A replacement for the global `fetch`.
    pub fetch: Option<Function>,
    /// Milliseconds the whole call may take, retries included.
    pub deadline_ms: u64,
    /// The `User-Agent` sent to Zoom.
    pub user_agent: Option<String>,
    /// The retry limits.
    pub policy: RetryPolicy,
}

/// A token obtained through `getToken`.
struct Token {
    response_text: String,
    access_token: String,
    cached: bool,
    /// `api_url` from the token response, when it may receive the token.
    trusted_api_url: Option<String>,
    /// `api_url` from the token response, when it may not receive the token.
    untrusted_api_url: Option<String>,
}

/// The reason the loop stopped without a summary.
enum Stop {
    /// Zoom, or the network, failed: the diagnosis explains it.
    Diagnosed(Box<Diagnosis>),
    /// `getToken` resolved to a failure, or a callback threw an error with a `problem` property: its
    /// `{ status, problem, retryAfter }` is passed through unchanged.
    Passthrough(Value),
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

fn now_seconds() -> i64 {
    (now_ms() / 1000) as i64
}

/// Fetches one summary, retrying within `call.deadline_ms`.
pub async fn fetch_summary(call: &SummaryCall) -> SummaryOutcome {
    let started = now_ms();
    let mut meta = Meta::default();
    let mut state = AttemptState::default();
    let mut token = match get_token(&call.get_token, false, None, call.deadline_ms).await {
        Ok(token) => token,
        Err(stop) => return finish(stop, meta, started),
    };
    meta.token_cached = token.cached;
    note_untrusted_api_url(call, &token, &mut meta);

    loop {
        let diagnosis = match attempt(call, &token, &mut meta, started).await {
            Ok(summary) => return success(summary, meta, started),
            Err(Stop::Diagnosed(diagnosis)) => diagnosis,
            Err(stop) => return finish(stop, meta, started),
        };

        state.attempts = meta.attempts;
        state.remaining_ms = remaining_ms(call, started);
        let class = failure_class(&diagnosis, now_ms());
        match call.policy.decide(class, &state, js_sys::Math::random()) {
            Decision::GiveUp(_) => return finish(Stop::Diagnosed(diagnosis), meta, started),
            Decision::Retry { delay_ms } => {
                count_retry(&mut state, class);
                transport::sleep(delay_ms).await;
            }
            Decision::RemintAndRetry => {
                state.reminted = true;
                meta.reminted = true;
                token = match get_token(&call.get_token, true, Some(&token.access_token), remaining_ms(call, started)).await {
                    Ok(fresh) => fresh,
                    Err(stop) => return finish(stop, meta, started),
                };
                note_untrusted_api_url(call, &token, &mut meta);
            }
        }
    }
}

fn count_retry(state: &mut AttemptState, class: FailureClass) {
    match class {
        FailureClass::PerSecondLimit { .. } => state.rate_limit_retries += 1,
        _ => state.transient_retries += 1,
    }
}

fn remaining_ms(call: &SummaryCall, started: u64) -> u64 {
    call.deadline_ms.saturating_sub(now_ms().saturating_sub(started))
}

/// Makes one call to the summary endpoint, following allowed redirects.
async fn attempt(call: &SummaryCall, token: &Token, meta: &mut Meta, started: u64) -> Result<Value, Stop> {
    if let Some(acquire) = &call.acquire {
        let timeout_ms = remaining_ms(call, started);
        let granted = settle_callback(acquire, &JsValue::UNDEFINED, timeout_ms).await;
        let Some(granted) = granted else {
            return Err(callback_timed_out("the acquire callback did not resolve", timeout_ms));
        };
        granted.map_err(|thrown| passthrough_or(thrown, Callback::Acquire))?;
    }

    let built = build_request(call, token).map_err(|err| Stop::Diagnosed(Box::new(input_diagnosis(&err, &token.response_text))))?;
    meta.endpoint = Some(built.endpoint);
    send_following_redirects(call, token, built.request, meta, started).await
}

async fn send_following_redirects(call: &SummaryCall, token: &Token, first: HttpRequest, meta: &mut Meta, started: u64) -> Result<Value, Stop> {
    let mut request = first;
    for _ in 0..=MAX_REDIRECTS {
        meta.attempts += 1;
        let timeout_ms = call.policy.attempt_timeout_ms(remaining_ms(call, started));
        let response = match transport::send(&request, call.fetch.as_ref(), timeout_ms, MAX_SUMMARY_BYTES).await {
            Ok(response) => response,
            Err(err) => return Err(transport_failure(&request, &token.response_text, &err)),
        };
        meta.tracking_id = response.header("x-zm-trackingid").map(str::to_owned).or(meta.tracking_id.take());

        match response.status {
            200..=299 => return parse_summary(&request, response, &token.response_text).map_err(Stop::Diagnosed),
            300..=399 => request = follow_redirect(request, &response)?,
            _ => return Err(Stop::Diagnosed(Box::new(diagnose(&request, response, &token.response_text)))),
        }
    }
    Err(redirect_refused(302, "more than 3 times in a row"))
}

/// A built summary request together with the endpoint it calls.
struct BuiltCall {
    request: HttpRequest,
    endpoint: String,
}

fn build_request(call: &SummaryCall, token: &Token) -> crate::Result<BuiltCall> {
    // The configured host wins over the token response's `api_url`. The builder would read an
    // untrusted `api_url` itself, so the base is always passed explicitly.
    let api_url = call.api_host.clone().or_else(|| token.trusted_api_url.clone()).unwrap_or_else(|| request::DEFAULT_API_BASE.to_owned());
    let options = RequestOptions {
        token: Some(token.response_text.clone()),
        api_url: Some(api_url),
        now: now_seconds(),
        user_agent: call.user_agent.clone(),
    };
    let built = request::build_summary_request(&call.target, &options)?;
    let request = HttpRequest { method: built.method.to_owned(), url: built.url, headers: built.headers.into_pairs(), body: None };
    Ok(BuiltCall { request, endpoint: built.endpoint.to_owned() })
}

// Redirects are followed by hand so the token only ever goes to hosts the request builder allows.
fn follow_redirect(request: HttpRequest, response: &HttpResponse) -> Result<HttpRequest, Stop> {
    let Some(location) = response.header("location") else {
        return Err(redirect_refused(response.status, "without a Location header"));
    };
    let Some(target) = resolve_location(&request.url, location) else {
        return Err(redirect_refused(response.status, "to a Location that is not an absolute or origin-relative URL"));
    };
    if !request::is_allowed_redirect(&request.url, &target) {
        return Err(redirect_refused(response.status, "to another origin that is not an https Zoom API host, so the token was not sent there"));
    }
    Ok(HttpRequest { url: target, ..request })
}

// A refused redirect is the worker's own decision, so it gets the worker's problem document.
fn redirect_refused(status: u16, reason: &str) -> Stop {
    let detail = format!("Zoom answered HTTP {status} {reason}. Check ZOOM_API_HOST and the token response's api_url; they must name a Zoom API host.");
    let mut zoom = String::new();
    json::object(&mut zoom).field("status", &status).end();
    let problem = worker_problem("upstream_redirect_refused", "Zoom answered with a redirect that was not followed", 502, &detail, Some(&zoom));

    let mut text = String::with_capacity(problem.len() + 32);
    json::object(&mut text).field("status", &502).raw("problem", &problem).end();
    Stop::Passthrough(parse_value(&text))
}

/// Parses JSON text that this module wrote itself.
///
/// The client's own objects are written as text and parsed once, which costs less wasm than
/// building each `Value` member by member. The keys come out sorted either way, because
/// `serde_json::Map` is a `BTreeMap`.
fn parse_value(text: &str) -> Value {
    serde_json::from_slice(text.as_bytes()).unwrap_or(Value::Null)
}

/// Writes the problem document of a failure that the client itself decided on.
/// `zoom` is the JSON text of an optional `zoom` member.
fn worker_problem(kind: &str, title: &str, status: u16, detail: &str, zoom: Option<&str>) -> String {
    let mut problem_type = String::from("/problems/");
    problem_type.push_str(kind);

    let mut text = String::with_capacity(256);
    let mut object = json::object(&mut text);
    object.field("type", &problem_type).field("title", title).field("status", &status).field("kind", kind).field("detail", detail);
    if let Some(zoom) = zoom {
        object.raw("zoom", zoom);
    }
    object.end();
    text
}

/// Wraps a problem document's JSON text as a failed `getToken` or `mintToken` result:
/// `{ ok: false, status, problem }`.
fn failed_result(status: u16, problem: &str) -> Value {
    let mut text = String::with_capacity(problem.len() + 48);
    json::object(&mut text).field("ok", &false).field("status", &status).raw("problem", problem).end();
    parse_value(&text)
}

/// Resolves an absolute or origin-relative `Location` against `base`; other forms are not expected
/// from an API and are rejected.
fn resolve_location(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.starts_with("https://") || location.starts_with("http://") {
        return Some(location.to_owned());
    }
    if !location.starts_with('/') || location.starts_with("//") {
        return None;
    }

    let scheme_end = base.find("://")? + 3;
    let origin_end = base[scheme_end..].find('/').map_or(base.len(), |index| scheme_end + index);
    Some(format!("{}{location}", &base[..origin_end]))
}

fn parse_summary(request: &HttpRequest, response: HttpResponse, token_text: &str) -> Result<Value, Box<Diagnosis>> {
    match serde_json::from_slice::<Value>(response.body.as_bytes()) {
        Ok(summary @ Value::Object(_)) => Ok(summary),
        _ => Err(Box::new(diagnose(request, response, token_text))),
    }
}

fn context(request: Option<&HttpRequest>, token_text: &str) -> FailureContext {
    FailureContext {
        request: request.map(|request| RequestInfo { method: request.method.clone(), url: request.url.clone() }),
        token: Some(token_text.to_owned()),
        now: now_seconds(),
    }
}

fn diagnose(request: &HttpRequest, response: HttpResponse, token_text: &str) -> Diagnosis {
    let failure = FailureResponse { status: response.status, headers: response.headers, body: response.body };
    classify::classify(&failure, &context(Some(request), token_text))
}

// Status 0 means that no response arrived, and the body carries the reason.
fn no_response(request: Option<&HttpRequest>, token_text: &str, reason: &str) -> Box<Diagnosis> {
    let failure = FailureResponse { status: 0, headers: Vec::new(), body: reason.to_owned() };
    Box::new(classify::classify(&failure, &context(request, token_text)))
}

// NOTE: a call the worker aborted is classified as if a gateway had returned 504, so it reads as
// Zoom being too slow (`upstream_unavailable`), not unreachable. Zoom sent no such status, and the
// problem's `zoom.status` then shows 504.
fn timed_out(request: &HttpRequest, token_text: &str, timeout_ms: u64) -> Box<Diagnosis> {
    let body = format!("no response from Zoom within {timeout_ms} ms; the call was aborted");
    let failure = FailureResponse { status: 504, headers: Vec::new(), body };
    Box::new(classify::classify(&failure, &context(Some(request), token_text)))
}

/// A callback that did not settle before the deadline ends the call with the client's own problem
/// document, not a classified one, because Zoom was not called and sent nothing.
fn callback_timed_out(failure: &str, timeout_ms: u64) -> Stop {
    let detail = format!(
        "{failure} within {timeout_ms} ms, the time left before the deadline, so Zoom was not called. Check what the callback waits on (in the worker, the TOKEN_BROKER Durable Object) and its log."
    );
    Stop::Passthrough(failed_result(504, &worker_problem("callback_timed_out", "A callback did not settle before the deadline", 504, &detail, None)))
}

fn transport_failure(request: &HttpRequest, token_text: &str, error: &TransportError) -> Stop {
    match error {
        TransportError::TimedOut { timeout_ms } => Stop::Diagnosed(timed_out(request, token_text, *timeout_ms)),
        TransportError::Network(_) => Stop::Diagnosed(no_response(Some(request), token_text, &error.to_string())),
        TransportError::TooLarge { max_bytes } => Stop::Passthrough(too_large(*max_bytes)),
    }
}

// An oversized body is the worker's own refusal, so it gets the worker's problem document.
fn too_large(max_bytes: usize) -> Value {
    let detail = format!("The response body is larger than {max_bytes} bytes, so it was not read. Zoom's responses are a few KiB; check ZOOM_API_HOST and the OAuth host, which must name Zoom or the emulator.");
    failed_result(502, &worker_problem("upstream_response_too_large", "Zoom's response was too large to read", 502, &detail, None))
}

fn input_diagnosis(error: &crate::Error, token_text: &str) -> Diagnosis {
    let failure = FailureResponse { status: 400, headers: Vec::new(), body: error.to_string() };
    classify::classify(&failure, &context(None, token_text))
}

/// Calls `callback` and settles what it returns within `timeout_ms`, or returns `None` when the
/// timeout passes first. A callback that throws or returns a plain value settles at once, without a
/// timer. The worker's `getToken` returns its cached token that way on most requests.
async fn settle_callback(callback: &Function, argument: &JsValue, timeout_ms: u64) -> Option<Result<JsValue, JsValue>> {
    let returned = match callback.call1(&JsValue::UNDEFINED, argument) {
        Ok(returned) => returned,
        Err(thrown) => return Some(Err(thrown)),
    };
    let then = match transport::then_method(&returned) {
        Ok(Some(then)) => then,
        Ok(None) => return Some(Ok(returned)),
        Err(thrown) => return Some(Err(thrown)),
    };

    let promise = transport::promise_from(&returned, Some(then));
    transport::with_timeout(JsFuture::from(promise), timeout_ms).await
}

/// One of the caller's callbacks, named in the problem document when it fails.
#[derive(Clone, Copy)]
enum Callback {
    GetToken,
    Acquire,
}

/// Passes through an error that carries its own `problem`; anything else becomes a 502 problem.
fn passthrough_or(thrown: JsValue, callback: Callback) -> Stop {
    let problem = js_sys::Reflect::get(&thrown, &"problem".into()).unwrap_or(JsValue::UNDEFINED);
    if problem.is_object() {
        let fields = js_sys::Object::new();
        for name in ["status", "problem", "retryAfter"] {
            let value = js_sys::Reflect::get(&thrown, &name.into()).unwrap_or(JsValue::UNDEFINED);
            let _ = js_sys::Reflect::set(&fields, &name.into(), &value);
        }
        let text = js_sys::JSON::stringify(&fields).ok().and_then(|text| text.as_string()).unwrap_or_default();
        return Stop::Passthrough(serde_json::from_slice(text.as_bytes()).unwrap_or(Value::Null));
    }
    // The message may quote a token, for example from a failed mint's response.
    let message = super::redact::redact_jwt_words(&transport::describe(&thrown));
    match callback {
        Callback::GetToken => Stop::Passthrough(callback_problem(&format!("getToken failed: {message}"))),
        Callback::Acquire => Stop::Passthrough(limiter_problem(&format!("the acquire callback failed: {message}"))),
    }
}

fn limiter_problem(reason: &str) -> Value {
    let detail = format!("{reason}. Zoom was not called. Check the rate limiter behind acquire (in the worker, the TOKEN_BROKER Durable Object) and its log.");
    failed_result(502, &worker_problem("limiter_unavailable", "The rate limiter failed", 502, &detail, None))
}

/// Calls `getToken` and reads what it resolves to: `mintToken`'s result, or a bare token response.
async fn get_token(get_token: &Function, force_refresh: bool, rejected: Option<&str>, timeout_ms: u64) -> Result<Token, Stop> {
    let argument = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&argument, &"forceRefresh".into(), &JsValue::from_bool(force_refresh));
    if let Some(rejected) = rejected {
        let _ = js_sys::Reflect::set(&argument, &"rejectedFingerprint".into(), &JsValue::from_str(&crate::secret::fingerprint(rejected.as_bytes())));
    }

    let settled = settle_callback(get_token, &argument.into(), timeout_ms).await;
    let Some(settled) = settled else {
        return Err(callback_timed_out("getToken did not resolve", timeout_ms));
    };
    let resolved = settled.map_err(|thrown| passthrough_or(thrown, Callback::GetToken))?;
    let text = js_sys::JSON::stringify(&resolved).ok().and_then(|text| text.as_string()).unwrap_or_default();
    read_token(&text)
}

fn read_token(text: &str) -> Result<Token, Stop> {
    if text.len() > MAX_TOKEN_RESPONSE_BYTES {
        let reason = format!("getToken resolved to {} bytes of JSON, over the {MAX_TOKEN_RESPONSE_BYTES}-byte limit; Zoom token responses are about 1 KiB", text.len());
        return Err(Stop::Passthrough(callback_problem(&reason)));
    }
    let mut value: Value = serde_json::from_slice(text.as_bytes()).unwrap_or(Value::Null);
    if value.get("ok").and_then(Value::as_bool) == Some(false) {
        // A failed result passes through as it is, but a result must always carry a problem.
        if !value.get("problem").is_some_and(Value::is_object) {
            return Err(Stop::Passthrough(callback_problem("getToken resolved to { ok: false } without a problem object")));
        }
        return Err(Stop::Passthrough(value));
    }

    let cached = value.get("cached").and_then(Value::as_bool).unwrap_or(false);
    let oauth_origin = value.get("oauthOrigin").and_then(Value::as_str).map(str::to_owned);
    // Taken rather than cloned or removed, because `Value::clone` and `BTreeMap::remove` each add
    // wasm code that nothing else needs.
    let response = match value.get_mut("tokenResponse") {
        Some(response) => response.take(),
        None => value,
    };
    let Some(access_token) = response.get("access_token").and_then(Value::as_str).map(str::to_owned) else {
        return Err(Stop::Passthrough(callback_problem("getToken resolved to an object without access_token")));
    };

    let api_url = response.get("api_url").and_then(Value::as_str).map(str::to_owned);
    let (trusted_api_url, untrusted_api_url) = match api_url {
        Some(url) if request::is_trusted_token_api_url(&url, oauth_origin.as_deref()) => (Some(url), None),
        other => (None, other),
    };
    // `to_json` rather than `Value`'s Display, which links serde_json's pretty printer and io errors.
    Ok(Token { response_text: response.to_json(), access_token, cached, trusted_api_url, untrusted_api_url })
}

/// Records in `meta` that the token response's `api_url` was not used, unless `apiHost` overrides it anyway.
fn note_untrusted_api_url(call: &SummaryCall, token: &Token, meta: &mut Meta) {
    if call.api_host.is_some() {
        return;
    }
    let Some(api_url) = &token.untrusted_api_url else {
        return;
    };
    meta.warnings.push(format!(
        "ignored the token response's api_url {}: only https Zoom hosts, or the loopback origin that issued the token, may receive it; used {}",
        quoted(&request::redact_url(api_url)),
        request::DEFAULT_API_BASE
    ));
}

fn callback_problem(reason: &str) -> Value {
    let detail = format!("{reason}. Check the Server-to-Server OAuth credentials, and the log of whatever getToken calls (the token broker, in the worker).");
    failed_result(502, &worker_problem("token_unavailable", "No access token could be obtained", 502, &detail, None))
}

fn success(summary: Value, mut meta: Meta, started: u64) -> SummaryOutcome {
    meta.duration_ms = now_ms().saturating_sub(started);
    SummaryOutcome { ok: true, status: 200, summary: Some(summary), problem: None, retry_after: None, meta }
}

fn finish(stop: Stop, mut meta: Meta, started: u64) -> SummaryOutcome {
    meta.duration_ms = now_ms().saturating_sub(started);
    match stop {
        Stop::Diagnosed(diagnosis) => failure(&diagnosis, meta),
        Stop::Passthrough(value) => passthrough(value, meta),
    }
}

fn failure(diagnosis: &Diagnosis, meta: Meta) -> SummaryOutcome {
    let problem = Some(problem_value(diagnosis));
    let retry_after = retry_after_for_caller(diagnosis, now_seconds());
    SummaryOutcome { ok: false, status: diagnosis.kind.proxy_status(), summary: None, problem, retry_after, meta }
}

/// Returns the diagnosis's problem document as a JSON value, to pass on or scrub.
fn problem_value(diagnosis: &Diagnosis) -> Value {
    serde_json::from_slice(diagnosis.problem().to_json().as_bytes()).unwrap_or(Value::Null)
}

fn passthrough(mut value: Value, meta: Meta) -> SummaryOutcome {
    let status = value.get("status").and_then(Value::as_u64).and_then(|status| u16::try_from(status).ok()).unwrap_or(502);
    let problem = value.get_mut("problem").map(Value::take);
    let stated = value.get("retryAfter").and_then(Value::as_u64).filter(|seconds| (1..=MAX_RETRY_AFTER_SECONDS).contains(seconds));
    // A 429 from a callback, such as a rate-limited mint, still gives the caller a time to retry.
    let retry_after = if status == 429 { Some(stated.unwrap_or(1)) } else { stated };
    SummaryOutcome { ok: false, status, summary: None, problem, retry_after, meta }
}

/// Mints a Server-to-Server token and returns `mintToken`'s result object.
///
/// # Errors
///
/// [`crate::Error::InvalidArgument`] when the credentials or the OAuth host cannot form a request.
pub async fn mint_token(params: &TokenRequestParams, fetch: Option<&Function>, timeout_ms: u64) -> crate::Result<Value> {
    let built = request::build_token_request(params)?;
    let oauth_origin = request::oauth_origin(params.oauth_host.as_deref())?;
    let secrets = mint_secrets(params, &built.headers);
    let http = HttpRequest { method: built.method.to_owned(), url: built.url, headers: built.headers.into_pairs(), body: Some(built.body) };

    let response = match transport::send(&http, fetch, timeout_ms, MAX_TOKEN_RESPONSE_BYTES).await {
        Ok(response) => response,
        Err(err) => return Ok(mint_failure(transport_failure(&http, "", &err), &secrets)),
    };
    if !(200..=299).contains(&response.status) {
        return Ok(mint_failure(Stop::Diagnosed(Box::new(diagnose(&http, response, ""))), &secrets));
    }

    Ok(read_token_response(&http, response, &oauth_origin, &secrets))
}

/// The texts a token endpoint could echo back that must not reach the problem: the client secret,
/// the `client_id:client_secret` pair and its Base64 form from the `Authorization` header.
fn mint_secrets(params: &TokenRequestParams, headers: &request::Headers) -> Vec<String> {
    let mut secrets = vec![format!("{}:{}", params.client_id, params.client_secret), params.client_secret.clone()];
    if let Some(basic) = headers.get("authorization").and_then(|value| value.strip_prefix("Basic ")) {
        secrets.push(basic.to_owned());
    }
    secrets
}

fn read_token_response(http: &HttpRequest, response: HttpResponse, oauth_origin: &str, secrets: &[String]) -> Value {
    let parsed: Option<Value> = serde_json::from_slice(response.body.as_bytes()).ok();
    let Some(token_response) = parsed.filter(|value| value.get("access_token").and_then(Value::as_str).is_some()) else {
        return mint_failure(Stop::Diagnosed(Box::new(diagnose(http, response, ""))), secrets);
    };

    let now = now_seconds();
    let expires_in = token_response.get("expires_in").and_then(Value::as_i64).unwrap_or(3600);
    let mut text = String::with_capacity(1024);
    json::object(&mut text)
        .field("ok", &true)
        .field("tokenResponse", &token_response)
        .field("expiresAt", &now.saturating_add(expires_in))
        .field("mintedAt", &now)
        .field("oauthOrigin", oauth_origin)
        .end();
    parse_value(&text)
}

fn mint_failure(stop: Stop, secrets: &[String]) -> Value {
    let mut result = match stop {
        Stop::Diagnosed(diagnosis) => failed_result(diagnosis.kind.proxy_status(), &diagnosis.problem().to_json()),
        Stop::Passthrough(value) => value,
    };
    super::redact::scrub_secrets(&mut result, secrets);
    result
}
