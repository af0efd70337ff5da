//! The client's results for JavaScript, and the mapping from a diagnosis to a retry-policy class.

use super::policy::FailureClass;
use crate::classify::{Diagnosis, FailureKind, RateLimitType};
use crate::json::{self, ToJson};

/// Facts about how a summary request went, safe to log: no token, secret or summary text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The endpoint that was called, such as `user` for `/phone/user/{userId}/ai_call_summary/{id}`.
    pub endpoint: Option<String>,
    /// Zoom's `x-zm-trackingid` of the last response, for support cases.
    pub tracking_id: Option<String>,
    /// Calls made to the summary endpoint, retries and followed redirects included.
    pub attempts: u32,
    /// True when the first token came from a cache instead of a fresh mint.
    pub token_cached: bool,
    /// True when Zoom rejected the token and a new one was minted.
    pub reminted: bool,
    /// Milliseconds from the start of the request to the result, by the JavaScript clock.
    pub duration_ms: u64,
    /// Settings the client ignored, such as an untrusted `api_url` in the token response, for the
    /// caller's log. Left out of the JSON when empty.
    pub warnings: Vec<String>,
}

/// The result of `fetchSummary`: the summary, or the problem document that explains the failure.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOutcome {
    /// True when `summary` is present.
    pub ok: bool,
    /// The HTTP status the proxy should send to its caller.
    pub status: u16,
    /// Zoom's summary object, unchanged.
    pub summary: Option<serde_json::Value>,
    /// The RFC 9457 problem document, on failure.
    pub problem: Option<serde_json::Value>,
    /// Seconds the caller should wait before trying again, for rate limits.
    pub retry_after: Option<u64>,
    /// Facts about the request: endpoint, tracking id, attempts, timing.
    pub meta: Meta,
}

impl ToJson for Meta {
    fn write_json(&self, out: &mut String) {
        let mut object = json::object(out);
        object
            .field("endpoint", &self.endpoint)
            .field("trackingId", &self.tracking_id)
            .field("attempts", &self.attempts)
            .field("tokenCached", &self.token_cached)
            .field("reminted", &self.reminted)
            .field("durationMs", &self.duration_ms);
        if !self.warnings.is_empty() {
            object.field("warnings", &self.warnings);
        }
        object.end();
    }
}

impl ToJson for SummaryOutcome {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("ok", &self.ok)
            .field("status", &self.status)
            .optional("summary", &self.summary)
            .optional("problem", &self.problem)
            .optional("retryAfter", &self.retry_after)
            .field("meta", &self.meta)
            .end();
    }
}

/// Reduces a diagnosis to the class the retry policy decides on.
///
/// `now_ms` converts an absolute `retryAt` into a wait when Zoom sent a date instead of seconds.
pub fn failure_class(diagnosis: &Diagnosis, now_ms: u64) -> FailureClass {
    match diagnosis.kind {
        FailureKind::RateLimited => rate_limit_class(diagnosis, now_ms),
        FailureKind::TokenExpired | FailureKind::TokenInvalid => FailureClass::TokenRejected,
        _ if diagnosis.retryable => FailureClass::Transient,
        _ => FailureClass::Permanent,
    }
}

/// The longest `retryAfter` handed to a caller, in seconds: one day, the period of Zoom's daily
/// limits, so a wrong date in a header cannot park a caller for years.
pub const MAX_RETRY_AFTER_SECONDS: u64 = 86_400;

/// Returns the `retryAfter` seconds to pass to the caller, from 1 to [`MAX_RETRY_AFTER_SECONDS`].
///
/// A rate limit always gets a value. When Zoom's own wait is absent, negative or beyond one day,
/// the wait is derived from the limit: the next second for a per-second limit, and the next
/// 00:00 UTC, when Zoom resets daily quotas, for a daily one. Other failures get a value only when
/// Zoom stated one.
pub fn retry_after_for_caller(diagnosis: &Diagnosis, now_seconds: i64) -> Option<u64> {
    let stated = stated_retry_after(diagnosis, now_seconds).filter(|seconds| (1..=MAX_RETRY_AFTER_SECONDS).contains(seconds));
    if !matches!(diagnosis.kind, FailureKind::RateLimited) {
        return stated;
    }

    let seconds = stated.unwrap_or_else(|| derived_retry_after(diagnosis, now_seconds));
    Some(seconds.clamp(1, MAX_RETRY_AFTER_SECONDS))
}

fn stated_retry_after(diagnosis: &Diagnosis, now_seconds: i64) -> Option<u64> {
    if let Some(seconds) = diagnosis.retry_after_seconds {
        return u64::try_from(seconds).ok();
    }
    let at = diagnosis.retry_at.as_deref().and_then(crate::time::parse_iso8601)?;
    u64::try_from(at.saturating_sub(now_seconds)).ok()
}

fn derived_retry_after(diagnosis: &Diagnosis, now_seconds: i64) -> u64 {
    if is_daily(diagnosis) {
        let into_day = now_seconds.rem_euclid(86_400);
        return u64::try_from(86_400 - into_day).unwrap_or(MAX_RETRY_AFTER_SECONDS);
    }
    1
}

fn is_daily(diagnosis: &Diagnosis) -> bool {
    diagnosis
        .rate_limit
        .as_ref()
        .is_some_and(|limit| matches!(limit.limit_type, RateLimitType::Daily | RateLimitType::PerUserDaily))
}

fn rate_limit_class(diagnosis: &Diagnosis, now_ms: u64) -> FailureClass {
    if is_daily(diagnosis) {
        return FailureClass::DailyLimit;
    }

    FailureClass::PerSecondLimit { retry_after_ms: retry_after_ms(diagnosis, now_ms) }
}

fn retry_after_ms(diagnosis: &Diagnosis, now_ms: u64) -> Option<u64> {
    if let Some(seconds) = diagnosis.retry_after_seconds {
        return Some(u64::try_from(seconds).unwrap_or(0).saturating_mul(1000));
    }

    let at = diagnosis.retry_at.as_deref().and_then(crate::time::parse_iso8601)?;
    let at_ms = u64::try_from(at).ok()?.saturating_mul(1000);
    Some(at_ms.saturating_sub(now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, FailureContext, FailureResponse};

    const NOW: i64 = 1_764_590_400;

    fn diagnose(status: u16, headers: &[(&str, &str)], body: &str) -> Diagnosis {
        let response = FailureResponse {
            status,
            headers: headers.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect(),
            body: body.to_owned(),
        };
        classify(&response, &FailureContext { request: None, token: None, now: NOW })
    }

    fn class_of(diagnosis: &Diagnosis) -> FailureClass {
        failure_class(diagnosis, u64::try_from(NOW).unwrap_or(0) * 1000)
    }

    #[test]
    fn per_second_limit_is_retryable_class() {
        let diagnosis = diagnose(429, &[("x-ratelimit-type", "QPS")], r#"{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}"#);
        assert!(matches!(class_of(&diagnosis), FailureClass::PerSecondLimit { .. }));
    }

    #[test]
    fn daily_limit_maps_to_daily_class() {
        let headers = [("x-ratelimit-type", "Daily-limit"), ("retry-after", "2025-12-02T00:00:00Z")];
        let diagnosis = diagnose(429, &headers, r#"{"code":429,"message":"You have reached the maximum daily rate limit for this API."}"#);
        assert_eq!(class_of(&diagnosis), FailureClass::DailyLimit);
    }

    #[test]
    fn code_124_maps_to_token_rejected() {
        let expired = diagnose(401, &[], r#"{"code":124,"message":"Access token has expired."}"#);
        let invalid = diagnose(401, &[], r#"{"code":124,"message":"Invalid access token."}"#);
        assert_eq!(class_of(&expired), FailureClass::TokenRejected);
        assert_eq!(class_of(&invalid), FailureClass::TokenRejected);
    }

    #[test]
    fn edge_page_maps_to_transient() {
        let diagnosis = diagnose(503, &[("content-type", "text/html")], "<html><title>503 Service Temporarily Unavailable</title></html>");
        assert_eq!(class_of(&diagnosis), FailureClass::Transient);
    }

    #[test]
    fn not_found_maps_to_permanent() {
        let diagnosis = diagnose(404, &[], r#"{"code":1001,"message":"User does not exist: x."}"#);
        assert_eq!(class_of(&diagnosis), FailureClass::Permanent);
    }

    #[test]
    fn missing_scope_maps_to_permanent() {
        let diagnosis = diagnose(400, &[], r#"{"code":4711,"message":"Invalid access token, does not contain scopes:[phone:read:ai_call_summary:admin]."}"#);
        assert_eq!(class_of(&diagnosis), FailureClass::Permanent);
    }

    const QPS_BODY: &str = r#"{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}"#;
    const DAILY_BODY: &str = r#"{"code":429,"message":"You have reached the maximum daily rate limit for this API."}"#;

    #[test]
    fn retry_after_kept_when_usable() {
        let diagnosis = diagnose(429, &[("x-ratelimit-type", "QPS"), ("retry-after", "7")], QPS_BODY);
        assert_eq!(retry_after_for_caller(&diagnosis, NOW), Some(7));
    }

    #[test]
    fn per_second_limit_defaults_to_one_second() {
        for retry_after in [None, Some("-5"), Some("99999999999999999999"), Some("soon")] {
            let mut headers = vec![("x-ratelimit-type", "QPS")];
            if let Some(value) = retry_after {
                headers.push(("retry-after", value));
            }
            let diagnosis = diagnose(429, &headers, QPS_BODY);
            assert_eq!(retry_after_for_caller(&diagnosis, NOW), Some(1), "{retry_after:?}");
        }
    }

    #[test]
    fn daily_limit_waits_until_midnight_utc() {
        // NOW is 2025-12-01T12:00:00Z, so midnight is 12 hours away.
        let diagnosis = diagnose(429, &[("x-ratelimit-type", "Daily-limit")], DAILY_BODY);
        assert_eq!(retry_after_for_caller(&diagnosis, NOW), Some(43_200));
    }

    #[test]
    fn absurd_daily_retry_after_is_clamped() {
        let headers = [("x-ratelimit-type", "Daily-limit"), ("retry-after", "99999999999999999999")];
        let diagnosis = diagnose(429, &headers, DAILY_BODY);
        let seconds = retry_after_for_caller(&diagnosis, NOW);
        assert!(seconds.is_some_and(|seconds| (1..=MAX_RETRY_AFTER_SECONDS).contains(&seconds)), "{seconds:?}");
    }

    #[test]
    fn outcome_json_leaves_out_absent_members() {
        let meta = Meta { endpoint: Some("user".into()), attempts: 2, ..Meta::default() };
        let outcome = SummaryOutcome { ok: false, status: 429, summary: None, problem: None, retry_after: Some(7), meta };
        assert_eq!(
            outcome.to_json(),
            r#"{"ok":false,"status":429,"retryAfter":7,"meta":{"endpoint":"user","trackingId":null,"attempts":2,"tokenCached":false,"reminted":false,"durationMs":0}}"#
        );
    }

    #[test]
    fn meta_json_lists_warnings_when_present() {
        let meta = Meta { warnings: vec!["ignored the api_url".into()], ..Meta::default() };
        assert!(meta.to_json().ends_with(r#""durationMs":0,"warnings":["ignored the api_url"]}"#), "{}", meta.to_json());
    }

    #[test]
    fn other_failures_get_no_invented_wait() {
        let diagnosis = diagnose(404, &[], r#"{"code":1001,"message":"User does not exist: x."}"#);
        assert_eq!(retry_after_for_caller(&diagnosis, NOW), None);
    }
}
