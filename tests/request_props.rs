//! Property tests: for any id strings, the built URL has exactly the expected path segments, each
//! of which decodes back to its id, or the builder returns `invalid_argument`.

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use zoom_summary_doctor::catalog::match_request;
use zoom_summary_doctor::request::{build_summary_request, is_allowed_url, RequestOptions, SummaryTarget};

/// Strings biased towards the characters that break paths: separators, dots, percent signs,
/// whitespace, control characters and non-ASCII text.
fn id_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9._~%/ +@=?#\\-]{0,12}",
        "(%2[eEfF]|\\.|/|%25|%){0,8}",
        "[\\PC]{0,300}",
    ]
}

fn options() -> RequestOptions {
    RequestOptions { now: 1_764_590_400, ..RequestOptions::default() }
}

/// Returns the path of a built URL on the default base, split on '/' after the leading slash.
fn path_segments(url: &str) -> Vec<String> {
    let path = url.strip_prefix("https://api.zoom.us").expect("default base");
    path.split('/').skip(1).map(str::to_owned).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn user_path_segments(user in id_strategy(), summary in id_strategy()) {
        let target = SummaryTarget { user_id: user.clone(), summary_id: summary.clone(), sub_account_id: None };
        match build_summary_request(&target, &options()) {
            Ok(built) => {
                let segments = path_segments(&built.url);
                prop_assert_eq!(segments.len(), 6, "{}", built.url);
                prop_assert_eq!(&segments[..3], &["v2", "phone", "user"]);
                prop_assert_eq!(&segments[4], "ai_call_summary");
                prop_assert_eq!(percent_decode_str(&segments[3]).decode_utf8_lossy(), user.as_str());
                prop_assert_eq!(percent_decode_str(&segments[5]).decode_utf8_lossy(), summary.as_str());
                prop_assert!(built.url.bytes().all(|byte| byte.is_ascii_graphic()), "{}", built.url);

                let found = match_request("GET", &built.url).expect("the catalog recognises the URL");
                prop_assert_eq!(found.param("userId"), Some(user.as_str()));
                prop_assert_eq!(found.param("aiCallSummaryId"), Some(summary.as_str()));
            }
            Err(error) => prop_assert_eq!(error.code(), "invalid_argument"),
        }
    }

    #[test]
    fn master_path_segments(account in id_strategy(), user in id_strategy(), summary in id_strategy()) {
        let target = SummaryTarget { user_id: user, summary_id: summary, sub_account_id: Some(account.clone()) };
        match build_summary_request(&target, &options()) {
            Ok(built) => {
                let segments = path_segments(&built.url);
                prop_assert_eq!(segments.len(), 8, "{}", built.url);
                prop_assert_eq!(&segments[1], "accounts");
                prop_assert_eq!(percent_decode_str(&segments[2]).decode_utf8_lossy(), account.as_str());
            }
            Err(error) => prop_assert_eq!(error.code(), "invalid_argument"),
        }
    }

    #[test]
    fn api_url_never_panics(base in any::<String>()) {
        let options = RequestOptions { api_url: Some(base), ..options() };
        let target = SummaryTarget { user_id: "u1".to_owned(), summary_id: "s1".to_owned(), sub_account_id: None };
        if let Ok(built) = build_summary_request(&target, &options) {
            prop_assert!(is_allowed_url(&built.url), "{}", built.url);
        }
    }

    #[test]
    fn token_text_never_panics(token in any::<String>()) {
        let options = RequestOptions { token: Some(token), ..options() };
        let target = SummaryTarget { user_id: "u1".to_owned(), summary_id: "s1".to_owned(), sub_account_id: None };
        if let Err(error) = build_summary_request(&target, &options) {
            prop_assert_eq!(error.code(), "invalid_argument");
        }
    }
}
