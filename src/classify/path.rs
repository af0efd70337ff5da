//! Facts read from the failed request's method and URL: the endpoint it called, its ids, and the
//! mistakes its shape shows.
//!
//! NOTE: `crate::catalog::match_request` does not replace this parser, because it matches only
//! well-formed paths with the documented method. The classifier must still recognise the summary
//! path when it says `users`, has an empty segment or was sent with another method, because those
//! are the mistakes it explains.

use percent_encoding::percent_decode_str;

use super::envelope::{find, truncate_chars};

/// The longest path quoted in explanations, in characters.
const MAX_DISPLAY_PATH: usize = 300;

/// The ids of an AI call summary path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SummaryPath {
    /// The account id of the Master Account variant `/accounts/{accountId}/phone/user/...`.
    pub(crate) account_id: Option<String>,
    /// The `userId` segment, percent-decoded.
    pub(crate) user_id: String,
    /// The `aiCallSummaryId` segment, percent-decoded.
    pub(crate) summary_id: String,
    /// True when the path has `users` where Zoom's path has the singular `user`.
    pub(crate) plural_users: bool,
}

/// The facts read from the failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestFacts {
    /// The upper-cased HTTP method, `GET` when none was given.
    pub(crate) method: String,
    /// The host, lower-cased, when the URL was absolute.
    pub(crate) host: Option<String>,
    /// The path as sent, without query or fragment, cut to a readable length.
    pub(crate) display_path: String,
    /// Percent-decoded path segments after an optional leading `v2`.
    pub(crate) segments: Vec<String>,
    /// Set when the path is the AI call summary endpoint, in either variant.
    pub(crate) summary: Option<SummaryPath>,
    /// The account id when the path starts with `/accounts/{accountId}/` (the Master Account API).
    pub(crate) master_account_id: Option<String>,
    /// True for Zoom's OAuth endpoints (`/oauth/...`).
    pub(crate) token_endpoint: bool,
    /// True when the query string carries `access_token`.
    pub(crate) token_in_query: bool,
    /// True when a user segment of the path is `me`.
    pub(crate) uses_me: bool,
    /// True when the raw path contains `%25`, an encoded percent sign, so it was encoded twice.
    pub(crate) double_encoded: bool,
    /// True when the path has an empty segment (`//`) or a trailing slash.
    pub(crate) empty_segment: bool,
}

impl RequestFacts {
    /// Reads a method and a URL, which may be absolute (`https://api.zoom.us/v2/...`) or a path.
    pub(crate) fn parse(method: &str, url: &str) -> RequestFacts {
        let method = match method.trim() {
            "" => "GET".to_owned(),
            given => given.to_ascii_uppercase(),
        };
        let (host, path, query) = split_url(url.trim());
        let segments = decoded_segments(path);
        let summary = summary_path(&segments);

        RequestFacts {
            method,
            host,
            display_path: display_path(path),
            master_account_id: master_account_id(&segments),
            token_endpoint: segments.first().is_some_and(|first| first == "oauth"),
            token_in_query: query.split('&').any(|pair| pair.split('=').next().is_some_and(|name| name.eq_ignore_ascii_case("access_token"))),
            uses_me: uses_me(&segments),
            double_encoded: find(path, "%25", 0).is_some(),
            empty_segment: path.len() > 1 && (path.ends_with('/') || path.trim_start_matches('/').contains("//")),
            summary,
            segments,
        }
    }

    /// Returns `GET /v2/phone/user/...`, the request as the user wrote it, without its query.
    pub(crate) fn describe(&self) -> String {
        [self.method.as_str(), " ", &self.display_path].concat()
    }

    /// True when the request went to Zoom for Government (`zoomgov.com`).
    pub(crate) fn is_zoomgov(&self) -> bool {
        self.host.as_deref().is_some_and(|host| host.ends_with("zoomgov.com"))
    }
}

/// Splits a URL into (host, path, query). A bare path has no host.
fn split_url(url: &str) -> (Option<String>, &str, &str) {
    let without_fragment = url.split('#').next().unwrap_or("");
    let (location, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));

    let Some(scheme_end) = location.find("://") else {
        return (None, location, query);
    };
    let after_scheme = &location[scheme_end + 3..];
    let (authority, path) = match after_scheme.find('/') {
        Some(index) => after_scheme.split_at(index),
        None => (after_scheme, "/"),
    };
    let host = authority.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("").to_ascii_lowercase();
    (Some(host).filter(|host| !host.is_empty()), path, query)
}

/// Percent-decodes the path's segments, keeping empty ones, and drops a leading `v2`.
fn decoded_segments(path: &str) -> Vec<String> {
    let mut segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(decode_segment)
        .collect();
    if segments.first().is_some_and(|first| first.eq_ignore_ascii_case("v2")) {
        segments.remove(0);
    }
    segments
}

/// Percent-decodes one path segment, replacing invalid UTF-8. Most segments hold no `%`, and
/// those are copied without the decoder's per-byte iterator.
fn decode_segment(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// Recognises `[accounts/{accountId}/]phone/user/{userId}/ai_call_summary/{summaryId}`.
fn summary_path(segments: &[String]) -> Option<SummaryPath> {
    let (account_id, rest) = match segments {
        [accounts, account_id, rest @ ..] if accounts == "accounts" && rest.first().is_some_and(|next| next == "phone") => {
            (Some(account_id.clone()), rest)
        }
        _ => (None, segments),
    };

    let [phone, user, user_id, marker, summary_id, tail @ ..] = rest else {
        return None;
    };
    let recognised = phone == "phone" && (user == "user" || user == "users") && marker == "ai_call_summary";
    let only_empty_tail = tail.iter().all(String::is_empty);
    (recognised && only_empty_tail).then(|| SummaryPath {
        account_id,
        user_id: user_id.clone(),
        summary_id: summary_id.clone(),
        plural_users: user == "users",
    })
}

fn master_account_id(segments: &[String]) -> Option<String> {
    match segments {
        [accounts, account_id, _next, ..] if accounts == "accounts" && !account_id.is_empty() => Some(account_id.clone()),
        _ => None,
    }
}

fn uses_me(segments: &[String]) -> bool {
    segments
        .windows(2)
        .any(|pair| (pair[0] == "user" || pair[0] == "users") && pair[1].eq_ignore_ascii_case("me"))
}

fn display_path(path: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    let prefix = truncate_chars(path, MAX_DISPLAY_PATH);
    let mut display = prefix.to_owned();
    if prefix.len() < path.len() {
        display.push('…');
    }
    display
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY_URL: &str = "https://api.zoom.us/v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3";

    #[test]
    fn summary_endpoint() {
        let facts = RequestFacts::parse("get", SUMMARY_URL);
        assert_eq!(facts.method, "GET");
        assert_eq!(facts.host.as_deref(), Some("api.zoom.us"));
        assert_eq!(facts.describe(), "GET /v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3");
        let summary = facts.summary.expect("summary path");
        assert_eq!(summary.user_id, "liU_FZKChYxZcQBIG5ed9j");
        assert_eq!(summary.summary_id, "0if0jfVXG1Oxrnk6JM0wt3");
        assert_eq!(summary.account_id, None);
        assert_eq!(facts.master_account_id, None);
        assert!(!facts.uses_me);
    }

    #[test]
    fn master_summary_endpoint() {
        let facts = RequestFacts::parse("GET", "https://api.zoom.us/v2/accounts/-BtKaWMavWqCvJvXwB7zZA/phone/user/u1/ai_call_summary/s1");
        assert_eq!(facts.master_account_id.as_deref(), Some("-BtKaWMavWqCvJvXwB7zZA"));
        assert_eq!(facts.summary.expect("summary path").account_id.as_deref(), Some("-BtKaWMavWqCvJvXwB7zZA"));
    }

    #[test]
    fn me_and_encoded_ids() {
        let facts = RequestFacts::parse("GET", "/v2/phone/user/me/ai_call_summary/s1");
        assert!(facts.uses_me);
        assert_eq!(facts.host, None);
        let facts = RequestFacts::parse("GET", "https://api.zoom.us/v2/phone/user/someone%40example.com/ai_call_summary/s1");
        assert_eq!(facts.summary.expect("summary path").user_id, "someone@example.com");
    }

    #[test]
    fn mistakes_in_the_path() {
        let plural = RequestFacts::parse("GET", "https://api.zoom.us/v2/phone/users/u1/ai_call_summary/s1");
        assert!(plural.summary.expect("summary path").plural_users);
        assert!(RequestFacts::parse("GET", "https://api.zoom.us/v2/%252Fvideosdk%252Fsessions").double_encoded);
        assert!(RequestFacts::parse("GET", "https://api.zoom.us/v2/phone/user//ai_call_summary/s1").empty_segment);
        assert!(RequestFacts::parse("GET", "https://api.zoom.us/v2/phone/user/u1/ai_call_summary/s1/").empty_segment);
        assert!(!RequestFacts::parse("GET", "https://api.zoom.us/").empty_segment);
    }

    #[test]
    fn token_endpoint_and_query_token() {
        let facts = RequestFacts::parse("POST", "https://zoom.us/oauth/token?grant_type=account_credentials&account_id=x");
        assert!(facts.token_endpoint);
        assert!(!facts.token_in_query);
        assert_eq!(facts.describe(), "POST /oauth/token");
        assert!(RequestFacts::parse("GET", "https://api.zoom.us/v2/users/me?access_token=abc").token_in_query);
    }

    #[test]
    fn odd_urls_do_not_panic() {
        for url in ["", "?", "#", "://", "https://", "https://@:/", "ftp://x", "%", "/%zz/%", "ü://ü/ü?ü#ü"] {
            let facts = RequestFacts::parse("", url);
            assert_eq!(facts.method, "GET");
        }
    }

    #[test]
    fn long_paths_are_cut() {
        let url = format!("/v2/{}", "a".repeat(1000));
        assert!(RequestFacts::parse("GET", &url).display_path.chars().count() <= MAX_DISPLAY_PATH + 1);
    }

    #[test]
    fn zoomgov_host() {
        assert!(RequestFacts::parse("GET", "https://api.zoomgov.com/v2/users/me").is_zoomgov());
        assert!(!RequestFacts::parse("GET", SUMMARY_URL).is_zoomgov());
    }
}
