//! Facts read from the failed request's method and URL: the endpoint it called, its ids, and the
//! mistakes its shape shows.
//!
//! NOTE: `crate::catalog::match_request` does not replace this parser, because it matches only
//! well-formed paths with the documented method. The classifier must still recognise the summary
//! path when it says `users`, has an empty segment or was sent with another method, because those
//! are the mistakes it explains.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use super::envelope::{find, truncate_chars};
use crate::text::trim;

/// The longest path quoted in explanations, in characters.
const MAX_DISPLAY_PATH: usize = 300;

/// The ids of an AI call summary path. The ids borrow the request's URL unless they were
/// percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SummaryPath<'a> {
    /// The account id of the Master Account variant `/accounts/{accountId}/phone/user/...`.
    pub(crate) account_id: Option<Cow<'a, str>>,
    /// The `userId` segment, percent-decoded.
    pub(crate) user_id: Cow<'a, str>,
    /// The `aiCallSummaryId` segment, percent-decoded.
    pub(crate) summary_id: Cow<'a, str>,
    /// True when the path has `users` where Zoom's path has the singular `user`.
    pub(crate) plural_users: bool,
}

/// The facts read from the failed request. Text fields borrow the request's method and URL
/// unless they had to be changed (case, percent-decoding, truncation), because this runs on every
/// classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestFacts<'a> {
    /// The upper-cased HTTP method, `GET` when none was given.
    pub(crate) method: Cow<'a, str>,
    /// The host, lower-cased, when the URL was absolute.
    pub(crate) host: Option<Cow<'a, str>>,
    /// The path as sent, without query or fragment, cut to a readable length.
    pub(crate) display_path: Cow<'a, str>,
    /// Percent-decoded path segments after an optional leading `v2`.
    pub(crate) segments: Vec<Cow<'a, str>>,
    /// Set when the path is the AI call summary endpoint, in either variant.
    pub(crate) summary: Option<SummaryPath<'a>>,
    /// The account id when the path starts with `/accounts/{accountId}/` (the Master Account API).
    pub(crate) master_account_id: Option<Cow<'a, str>>,
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

impl<'a> RequestFacts<'a> {
    /// Reads a method and a URL, which may be absolute (`https://api.zoom.us/v2/...`) or a path.
    pub(crate) fn parse(method: &'a str, url: &'a str) -> RequestFacts<'a> {
        let (host, path, query) = split_url(trim(url));
        let (segments, double_encoded) = scan_path(path);
        let summary = summary_path(&segments);

        RequestFacts {
            method: upper_case_method(trim(method)),
            host,
            display_path: display_path(path),
            master_account_id: master_account_id(&segments),
            token_endpoint: segments.first().is_some_and(|first| first == "oauth"),
            token_in_query: has_query_name(query, "access_token"),
            uses_me: uses_me(&segments),
            double_encoded,
            // Decoding never empties a segment, so an empty one comes from `//`, a trailing slash,
            // or a path of only slashes.
            empty_segment: path.len() > 1 && segments.iter().any(|segment| segment.is_empty()),
            summary,
            segments,
        }
    }

    /// Returns `GET /v2/phone/user/...`, the request as the user wrote it, without its query.
    pub(crate) fn describe(&self) -> String {
        [&*self.method, " ", &self.display_path].concat()
    }

    /// True when the request went to Zoom for Government (`zoomgov.com`).
    pub(crate) fn is_zoomgov(&self) -> bool {
        self.host.as_deref().is_some_and(|host| host.ends_with("zoomgov.com"))
    }
}

/// Returns the method in upper case, `GET` when it is empty, copying it only when it has a
/// lower-case letter.
fn upper_case_method(method: &str) -> Cow<'_, str> {
    if method.is_empty() {
        return Cow::Borrowed("GET");
    }
    if method.bytes().any(|byte| byte.is_ascii_lowercase()) {
        return Cow::Owned(method.to_ascii_uppercase());
    }
    Cow::Borrowed(method)
}

/// Returns the byte index of the first `byte` in `text`. A plain loop, because at opt-level "z"
/// the `char` pattern searchers of `str` cost more than the scan on these short texts.
fn find_byte(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == byte {
            return Some(index);
        }
        index += 1;
    }
    None
}

/// Splits a URL into (host, path, query). A bare path has no host.
fn split_url(url: &str) -> (Option<Cow<'_, str>>, &str, &str) {
    // One scan finds the end of the location, because the URL is the longest text scanned here.
    // The bytes searched for are ASCII, so each index is a character boundary.
    let bytes = url.as_bytes();
    let mut end = 0;
    while end < bytes.len() && bytes[end] != b'?' && bytes[end] != b'#' {
        end += 1;
    }
    let location = &url[..end];
    let query = match bytes.get(end) {
        Some(b'?') => {
            let after = &url[end + 1..];
            &after[..find_byte(after, b'#').unwrap_or(after.len())]
        }
        _ => "",
    };

    let Some(scheme_end) = find(location, "://", 0) else {
        return (None, location, query);
    };
    let after_scheme = &location[scheme_end + 3..];
    let (authority, path) = match find_byte(after_scheme, b'/') {
        Some(index) => after_scheme.split_at(index),
        None => (after_scheme, "/"),
    };
    (host_of(authority), path, query)
}

/// Returns the lower-cased host of an authority (`user@host:port`), or `None` when it is empty.
fn host_of(authority: &str) -> Option<Cow<'_, str>> {
    let after_user = match authority.bytes().rposition(|byte| byte == b'@') {
        Some(index) => &authority[index + 1..],
        None => authority,
    };
    let host = &after_user[..find_byte(after_user, b':').unwrap_or(after_user.len())];
    if host.is_empty() {
        return None;
    }
    if host.bytes().any(|byte| byte.is_ascii_uppercase()) {
        return Some(Cow::Owned(host.to_ascii_lowercase()));
    }
    Some(Cow::Borrowed(host))
}

/// True when a `name=value` pair of `query` has `name` in any ASCII case.
fn has_query_name(query: &str, name: &str) -> bool {
    query.split('&').any(|pair| {
        let pair_name = &pair[..find_byte(pair, b'=').unwrap_or(pair.len())];
        pair_name.eq_ignore_ascii_case(name)
    })
}

fn trim_leading_slashes(path: &str) -> &str {
    let bytes = path.as_bytes();
    let mut start = 0;
    while start < bytes.len() && bytes[start] == b'/' {
        start += 1;
    }
    &path[start..]
}

/// Splits the path into percent-decoded segments, keeping empty ones and dropping a leading `v2`,
/// and reports whether it contains `%25`. One pass does both, because byte scans dominate the parse.
fn scan_path(path: &str) -> (Vec<Cow<'_, str>>, bool) {
    let rest = trim_leading_slashes(path);
    let bytes = rest.as_bytes();
    // The Master Account summary path has 7 segments after `v2`, so this allocates once for it.
    let mut segments = Vec::with_capacity(8);
    let mut double_encoded = false;
    let (mut start, mut has_percent) = (0, false);
    // A plain loop: at opt-level "z" a range iterator costs a call per byte.
    let mut index = 0;
    while index <= bytes.len() {
        let byte = bytes.get(index).copied().unwrap_or(b'/');
        if byte == b'%' {
            has_percent = true;
            double_encoded |= bytes.get(index + 1..index + 3) == Some(b"25");
        }
        if byte == b'/' {
            let segment = &rest[start..index];
            if !(start == 0 && segment.eq_ignore_ascii_case("v2")) {
                segments.push(decode_segment(segment, has_percent));
            }
            (start, has_percent) = (index + 1, false);
        }
        index += 1;
    }
    (segments, double_encoded)
}

/// Percent-decodes one path segment, replacing invalid UTF-8. A segment without `%` is borrowed,
/// skipping the decoder's per-byte iterator.
fn decode_segment(segment: &str, has_percent: bool) -> Cow<'_, str> {
    if !has_percent {
        return Cow::Borrowed(segment);
    }
    percent_decode_str(segment).decode_utf8_lossy()
}

/// Recognises `[accounts/{accountId}/]phone/user/{userId}/ai_call_summary/{summaryId}`.
fn summary_path<'a>(segments: &[Cow<'a, str>]) -> Option<SummaryPath<'a>> {
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
    let only_empty_tail = tail.iter().all(|segment| segment.is_empty());
    (recognised && only_empty_tail).then(|| SummaryPath {
        account_id,
        user_id: user_id.clone(),
        summary_id: summary_id.clone(),
        plural_users: user == "users",
    })
}

fn master_account_id<'a>(segments: &[Cow<'a, str>]) -> Option<Cow<'a, str>> {
    match segments {
        [accounts, account_id, _next, ..] if accounts == "accounts" && !account_id.is_empty() => Some(account_id.clone()),
        _ => None,
    }
}

fn uses_me(segments: &[Cow<'_, str>]) -> bool {
    segments
        .windows(2)
        .any(|pair| (pair[0] == "user" || pair[0] == "users") && pair[1].eq_ignore_ascii_case("me"))
}

fn display_path(path: &str) -> Cow<'_, str> {
    let path = if path.is_empty() { "/" } else { path };
    let prefix = truncate_chars(path, MAX_DISPLAY_PATH);
    if prefix.len() == path.len() {
        return Cow::Borrowed(path);
    }
    Cow::Owned([prefix, "…"].concat())
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
    fn query_and_fragment_bounds() {
        let facts = RequestFacts::parse("GET", "https://API.Zoom.us/v2/users/me#frag?access_token=abc");
        assert!(!facts.token_in_query);
        assert_eq!(facts.host.as_deref(), Some("api.zoom.us"));
        assert_eq!(facts.display_path, "/v2/users/me");
        assert!(RequestFacts::parse("GET", "/v2/users/me?x=1&ACCESS_TOKEN=abc#f").token_in_query);
    }

    #[test]
    fn empty_segment_edges() {
        assert!(RequestFacts::parse("GET", "//").empty_segment);
        assert!(RequestFacts::parse("GET", "/v2/").empty_segment);
        assert!(!RequestFacts::parse("GET", "/").empty_segment);
        assert!(!RequestFacts::parse("GET", "").empty_segment);
        assert!(!RequestFacts::parse("GET", "/v2/users/%").empty_segment);
    }

    #[test]
    fn zoomgov_host() {
        assert!(RequestFacts::parse("GET", "https://api.zoomgov.com/v2/users/me").is_zoomgov());
        assert!(!RequestFacts::parse("GET", SUMMARY_URL).is_zoomgov());
    }
}
