//! Response headers: the tracking id, rate-limit headers and retry times. Names match
//! case-insensitively, and the first header with a name wins.

use crate::text::trim;
use super::scrub::{prefix_bytes, Scrubber};
use crate::json::{self, ToJson};
use crate::time;

/// The maximum number of bytes read of a header value. Zoom's header values are under 200 bytes, and
/// the cap bounds the work on hostile input.
pub(crate) const MAX_HEADER_VALUE: usize = 8 * 1024;

/// The type of rate limit reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitType {
    /// Requests per second for the whole account (`X-RateLimit-Type: QPS`).
    PerSecond,
    /// Requests per day for the whole account (`X-RateLimit-Type: Daily-limit`).
    Daily,
    /// Requests per day for one user, such as 100 meeting creations per user per day.
    PerUserDaily,
    /// Zoom did not say which limit.
    Unknown,
}

/// The rate limit a 429 response reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// The type of limit reached.
    pub limit_type: RateLimitType,
    /// The endpoint's rate-limit label from `X-RateLimit-Category`: `Light`, `Medium`, `Heavy` or
    /// `Resource-intensive`.
    pub category: Option<String>,
    /// `X-RateLimit-Limit`: the number of requests the limit allows.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: the requests left in the current window.
    pub remaining: Option<u64>,
}

impl RateLimitType {
    /// Returns the snake_case name that JSON output contains.
    pub fn as_str(self) -> &'static str {
        match self {
            RateLimitType::PerSecond => "per_second",
            RateLimitType::Daily => "daily",
            RateLimitType::PerUserDaily => "per_user_daily",
            RateLimitType::Unknown => "unknown",
        }
    }
}

impl ToJson for RateLimitType {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for RateLimit {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("type", &self.limit_type)
            .field("category", &self.category)
            .field("limit", &self.limit)
            .field("remaining", &self.remaining)
            .end();
    }
}

/// Returns the value of the first header named `name`, compared case-insensitively, trimmed and cut
/// to `MAX_HEADER_VALUE` bytes.
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| trim(prefix_bytes(key, MAX_HEADER_VALUE)).eq_ignore_ascii_case(name))
        .map(|(_, value)| trim(prefix_bytes(value, MAX_HEADER_VALUE)))
}

/// Returns the serving cluster from an `x-zm-trackingid` value such as `v=2.0;clid=us06;rid=WEB_...`.
pub(crate) fn cluster(tracking_id: &str) -> Option<String> {
    tracking_id
        .split(';')
        .filter_map(|part| trim(part).split_once('='))
        .find(|(key, _)| trim(key).eq_ignore_ascii_case("clid"))
        .map(|(_, value)| trim(value).to_owned())
        .filter(|value| !value.is_empty())
}

/// Reads the rate-limit headers, and the message when the headers do not name the limit.
///
/// `message` is the lower-cased Zoom message. A per-user wording wins over the header, because
/// Zoom's per-user daily limits arrive without `X-RateLimit-Type`. The category is quoted through
/// `scrubber`, because it is echoed as received.
pub(crate) fn rate_limit(headers: &[(String, String)], message: &str, scrubber: &Scrubber) -> RateLimit {
    let from_header = header(headers, "x-ratelimit-type").map(type_from_header);
    let from_message = type_from_message(message);
    let limit_type = match (from_message, from_header) {
        (Some(RateLimitType::PerUserDaily), _) => RateLimitType::PerUserDaily,
        (_, Some(found)) if found != RateLimitType::Unknown => found,
        (Some(found), _) => found,
        _ => RateLimitType::Unknown,
    };

    RateLimit {
        limit_type,
        category: header(headers, "x-ratelimit-category").filter(|value| !value.is_empty()).map(|value| scrubber.quote(value, MAX_CATEGORY_CHARS)),
        limit: header(headers, "x-ratelimit-limit").and_then(|value| value.parse().ok()),
        remaining: header(headers, "x-ratelimit-remaining").and_then(|value| value.parse().ok()),
    }
}

/// The maximum number of characters of `X-RateLimit-Category` echoed. Zoom's longest label,
/// `Resource-intensive`, has 18.
const MAX_CATEGORY_CHARS: usize = 200;

fn type_from_header(value: &str) -> RateLimitType {
    let value = value.to_ascii_lowercase();
    if value == "qps" || value.contains("second") {
        RateLimitType::PerSecond
    } else if value.contains("daily") || value.contains("day") {
        RateLimitType::Daily
    } else {
        RateLimitType::Unknown
    }
}

fn type_from_message(message: &str) -> Option<RateLimitType> {
    let per_user = message.contains("particular user") || message.contains("per user") || message.contains("per-user");
    if per_user && (message.contains("daily") || message.contains("per day")) {
        Some(RateLimitType::PerUserDaily)
    } else if message.contains("per-second") || message.contains("per second") || message.contains("qps") {
        Some(RateLimitType::PerSecond)
    } else if message.contains("daily") || message.contains("per day") {
        Some(RateLimitType::Daily)
    } else {
        None
    }
}

/// The source of a retry time, for the evidence list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetrySource {
    RetryAfter,
    RateLimitReset,
    MessageTimeOfDay,
    DailyReset,
}

impl RetrySource {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            RetrySource::RetryAfter => "the Retry-After header",
            RetrySource::RateLimitReset => "the X-RateLimit-Reset header",
            RetrySource::MessageTimeOfDay => "the time of day named in Zoom's message",
            RetrySource::DailyReset => "the daily reset at 00:00 UTC",
        }
    }
}

/// Returns the epoch second a retry is allowed from the `Retry-After` or `X-RateLimit-Reset` header.
pub(crate) fn retry_from_headers(headers: &[(String, String)], now: i64) -> Option<(i64, RetrySource)> {
    if let Some(at) = header(headers, "retry-after").and_then(|value| time::parse_retry_after(value, now)) {
        return Some((at, RetrySource::RetryAfter));
    }
    let reset = header(headers, "x-ratelimit-reset")?;
    Some((reset_instant(reset, now)?, RetrySource::RateLimitReset))
}

/// Reads `X-RateLimit-Reset`, documented as Unix time.
///
/// NOTE: only secondary sources describe this header. Values too small to be a current Unix time
/// are read as delay seconds, and values in milliseconds are scaled down.
fn reset_instant(value: &str, now: i64) -> Option<i64> {
    let number: i64 = trim(value).parse().ok().filter(|number: &i64| *number >= 0)?;
    if number >= 100_000_000_000 {
        Some(number / 1000)
    } else if number >= 1_000_000_000 {
        Some(number)
    } else {
        now.checked_add(number)
    }
}

/// Reads "resume these requests at GMT 00:00:00" and returns the next such UTC time after `now`.
pub(crate) fn retry_from_message(message: &str, now: i64) -> Option<i64> {
    let start = message.find("gmt ").or_else(|| message.find("utc "))? + 4;
    let clock = message.get(start..)?.split_whitespace().next()?.trim_end_matches(['.', ',']);
    let second_of_day = time::parse_time_of_day(clock)?;
    Some(time::next_utc_time_of_day(now, second_of_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_590_400;
    const NEXT_MIDNIGHT: i64 = 1_764_633_600;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn lookup_ignores_case() {
        let list = headers(&[("X-ZM-TrackingId", "v=2.0;clid=us06;rid=WEB_1")]);
        assert_eq!(header(&list, "x-zm-trackingid"), Some("v=2.0;clid=us06;rid=WEB_1"));
        assert_eq!(header(&list, "retry-after"), None);
    }

    #[test]
    fn cluster_from_tracking_id() {
        assert_eq!(cluster("v=2.0;clid=us06;rid=WEB_1").as_deref(), Some("us06"));
        assert_eq!(cluster("v=2.0; CLID = aw1 ;rid=x").as_deref(), Some("aw1"));
        assert_eq!(cluster("WEB_1"), None);
        assert_eq!(cluster("clid="), None);
    }

    #[test]
    fn rate_limit_type_from_header() {
        let list = headers(&[("X-RateLimit-Type", "QPS"), ("X-RateLimit-Limit", "20"), ("X-RateLimit-Remaining", "0")]);
        let limit = rate_limit(&list, "", &Scrubber::default());
        assert_eq!(limit.limit_type, RateLimitType::PerSecond);
        assert_eq!(limit.limit, Some(20));
        assert_eq!(limit.remaining, Some(0));
        assert_eq!(rate_limit(&headers(&[("x-ratelimit-type", "Daily-limit")]), "", &Scrubber::default()).limit_type, RateLimitType::Daily);
    }

    #[test]
    fn rate_limit_type_from_message() {
        let per_user = "you have exceeded the daily rate limit (100) of meeting create/update api requests permitted for this particular user.";
        assert_eq!(rate_limit(&[], per_user, &Scrubber::default()).limit_type, RateLimitType::PerUserDaily);
        assert_eq!(rate_limit(&headers(&[("x-ratelimit-type", "Daily-limit")]), per_user, &Scrubber::default()).limit_type, RateLimitType::PerUserDaily);
        assert_eq!(rate_limit(&[], "maximum per-second rate limit", &Scrubber::default()).limit_type, RateLimitType::PerSecond);
        assert_eq!(rate_limit(&[], "maximum daily rate limit", &Scrubber::default()).limit_type, RateLimitType::Daily);
        assert_eq!(rate_limit(&[], "too many requests", &Scrubber::default()).limit_type, RateLimitType::Unknown);
    }

    #[test]
    fn retry_after_wins_over_reset() {
        let list = headers(&[("Retry-After", "30"), ("X-RateLimit-Reset", "1764590500")]);
        assert_eq!(retry_from_headers(&list, NOW), Some((NOW + 30, RetrySource::RetryAfter)));
    }

    #[test]
    fn reset_header_forms() {
        let unix = headers(&[("x-ratelimit-reset", "1764590500")]);
        assert_eq!(retry_from_headers(&unix, NOW), Some((1_764_590_500, RetrySource::RateLimitReset)));
        let millis = headers(&[("x-ratelimit-reset", "1764590500000")]);
        assert_eq!(retry_from_headers(&millis, NOW), Some((1_764_590_500, RetrySource::RateLimitReset)));
        let delay = headers(&[("x-ratelimit-reset", "5")]);
        assert_eq!(retry_from_headers(&delay, NOW), Some((NOW + 5, RetrySource::RateLimitReset)));
        let bad = headers(&[("x-ratelimit-reset", "-5")]);
        assert_eq!(retry_from_headers(&bad, NOW), None);
    }

    #[test]
    fn resume_time_in_message() {
        let message = "you may resume these requests at gmt 00:00:00.";
        assert_eq!(retry_from_message(message, NOW), Some(NEXT_MIDNIGHT));
        assert_eq!(retry_from_message("resume at gmt 13:00:00", NOW), Some(NOW + 3600));
        assert_eq!(retry_from_message("no time here", NOW), None);
        assert_eq!(retry_from_message("gmt soon", NOW), None);
    }
}
