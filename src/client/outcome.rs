//! The client's results for JavaScript, and the mapping from a diagnosis to a retry-policy class.

use serde::Serialize;

use super::policy::FailureClass;
use crate::classify::{Diagnosis, FailureKind, RateLimitType};

/// Facts about how a summary request went, safe to log: no token, secret or summary text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

/// The result of `fetchSummary`: the summary, or the problem document that explains the failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryOutcome {
    /// True when `summary` is present.
    pub ok: bool,
    /// The HTTP status the proxy should send to its caller.
    pub status: u16,
    /// Zoom's summary object, unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<serde_json::Value>,
    /// The RFC 9457 problem document, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<serde_json::Value>,
    /// Seconds the caller should wait before trying again, for rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Facts about the request: endpoint, tracking id, attempts, timing.
    pub meta: Meta,
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

fn rate_limit_class(diagnosis: &Diagnosis, now_ms: u64) -> FailureClass {
    let daily = diagnosis
        .rate_limit
        .as_ref()
        .is_some_and(|limit| matches!(limit.limit_type, RateLimitType::Daily | RateLimitType::PerUserDaily));
    if daily {
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
}
