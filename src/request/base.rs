//! Host rules for outgoing requests, and the API base URL built from configuration or a token response.
//!
//! Zoom serves its API on `https://*.zoom.us` and Zoom for Government on `https://*.zoomgov.com`.
//! Plain `http` is allowed only on loopback (`127.0.0.1`, `localhost`, `[::1]`, any port) so that a
//! local emulator can stand in for Zoom. Anything else is rejected, including userinfo
//! (`https://zoom.us@evil.example`), backslashes, IP literals other than loopback, and hosts that
//! merely contain an allowed name (`api.zoom.us.evil.example`).

use crate::error::quoted;
use crate::{Error, Result};

/// The API base used when neither the configuration nor a token response names one.
pub const DEFAULT_API_BASE: &str = "https://api.zoom.us";

/// The OAuth host used when `oauthHost` is not given.
pub const DEFAULT_OAUTH_HOST: &str = "https://zoom.us";

/// The longest URL accepted as a base or a redirect target, in bytes.
const MAX_URL_BYTES: usize = 2048;

/// The scheme, host and port of a URL that passed the host rules, plus the rest of the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedUrl<'a> {
    /// `https://host[:port]` or `http://loopback[:port]`, lower case.
    pub origin: String,
    /// True for loopback hosts.
    pub loopback: bool,
    /// Everything after the authority: path, query and fragment, as given.
    pub rest: &'a str,
}

/// Returns true when `url` is an absolute URL on an allowed host.
///
/// The worker follows a redirect only when its `Location` passes this check. The path and query
/// may be anything, but userinfo, backslashes, whitespace and control characters fail.
pub fn is_allowed_url(url: &str) -> bool {
    check_url(url).is_ok()
}

/// Returns true when a redirect from `from` to `to` may carry the bearer token.
///
/// The token follows a redirect only to the same origin (scheme, host and port), or from an https
/// Zoom host to another https Zoom host. It never goes to plain http on another origin, to
/// loopback from a non-loopback origin, or from one loopback port to another, because a local
/// service on another port is not the emulator the caller configured.
pub fn is_allowed_redirect(from: &str, to: &str) -> bool {
    let (Ok(source), Ok(target)) = (check_url(from), check_url(to)) else {
        return false;
    };
    if source.origin == target.origin {
        return true;
    }
    !source.loopback && !target.loopback && target.origin.starts_with("https://")
}

/// Returns true when a token response's `api_url` may receive the token it came with.
///
/// An https Zoom host is trusted. A loopback `api_url` is trusted only when `token_origin`, the
/// origin of the token endpoint that issued the token, is that same loopback origin (an emulator
/// serving both). Anything else could send the token to a host the caller never configured.
pub fn is_trusted_token_api_url(api_url: &str, token_origin: Option<&str>) -> bool {
    let Ok(checked) = check_url(api_url.trim()) else {
        return false;
    };
    if !checked.loopback {
        return true;
    }
    let issuer = token_origin.and_then(|origin| check_url(origin).ok());
    issuer.is_some_and(|issuer| issuer.loopback && issuer.origin == checked.origin)
}

/// Builds the API base from a configuration setting named `option` (such as `apiHost`), so the
/// error names the setting the caller must fix.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when `url` breaks the host rules or has a query or fragment.
pub fn api_base_from_setting(option: &str, url: &str) -> Result<String> {
    let checked = check_url(url.trim()).map_err(|reason| rejected_base(option, url, &reason))?;
    let prefix = base_path_prefix(checked.rest, checked.loopback).map_err(|reason| rejected_base(option, url, &reason))?;
    Ok(format!("{}{prefix}/v2", checked.origin))
}

/// Builds the OAuth origin from a configuration setting named `option` (such as `config.oauthHost`).
///
/// # Errors
///
/// [`Error::InvalidArgument`] when `url` breaks the host rules or has a path other than `/oauth/token`.
pub fn oauth_origin_from_setting(option: &str, url: &str) -> Result<String> {
    let url = url.trim();
    let checked = check_url(url).map_err(|reason| rejected_base(option, url, &reason))?;

    let path = checked.rest.trim_end_matches('/');
    let path = path.strip_suffix("/oauth/token").or_else(|| path.strip_suffix("/oauth")).unwrap_or(path);
    if !path.is_empty() {
        return Err(rejected_base(option, url, "it has a path; pass only the scheme and host, such as https://zoom.us"));
    }
    Ok(checked.origin)
}

/// Builds the API base (`{origin}[/prefix]/v2`) from the `apiUrl` option or a token response's `api_url`.
///
/// The explicit option wins over the token response because it is the caller's configuration, and
/// without either the base is `https://api.zoom.us/v2`. Trailing slashes and a trailing `/v2` are
/// removed before `/v2` is appended. Zoom hosts take no other path. A loopback emulator may sit
/// under a path prefix made of unreserved characters.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the chosen URL breaks the host rules or has a query or fragment.
pub fn api_base(api_url: Option<&str>, token_api_url: Option<&str>) -> Result<String> {
    let (url, origin_of) = match (api_url, token_api_url) {
        (Some(url), _) => (url, "options.apiUrl"),
        (None, Some(url)) => (url, "the token response's api_url"),
        (None, None) => (DEFAULT_API_BASE, "the default API base"),
    };
    let checked = check_url(url.trim()).map_err(|reason| rejected_base(origin_of, url, &reason))?;

    let prefix = base_path_prefix(checked.rest, checked.loopback).map_err(|reason| rejected_base(origin_of, url, &reason))?;
    Ok(format!("{}{prefix}/v2", checked.origin))
}

/// Builds the OAuth origin (`https://zoom.us` by default) from an `oauthHost` option.
///
/// A trailing `/oauth/token` or `/oauth` and trailing slashes are accepted and removed.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the host breaks the host rules or the URL has another path.
pub fn oauth_origin(oauth_host: Option<&str>) -> Result<String> {
    oauth_origin_from_setting("params.oauthHost", oauth_host.unwrap_or(DEFAULT_OAUTH_HOST))
}

fn rejected_base(origin_of: &str, url: &str, reason: &str) -> Error {
    Error::invalid_argument(format!(
        "{origin_of} {} is not allowed: {reason}. Use https on zoom.us or zoomgov.com (for example https://api.zoom.us or https://api-eu.zoom.us), or http on 127.0.0.1, localhost or [::1] for a local emulator",
        quoted(&shorten(url))
    ))
}

/// Cuts a rejected URL to 120 characters so that an error message stays readable, after
/// [`redact_url`] has removed what could be a credential.
fn shorten(url: &str) -> String {
    let redacted = redact_url(url);
    let mut short: String = redacted.chars().take(120).collect();
    if short.len() < redacted.len() {
        short.push('…');
    }
    short
}

/// Replaces a URL's userinfo and its query and fragment with `***`, because either can carry a
/// password or a token: `https://user:pw@api.zoom.us/v2?t=x` becomes `https://***@api.zoom.us/v2?***`.
pub fn redact_url(url: &str) -> String {
    let mut redacted = String::with_capacity(url.len() + 8);
    let after_scheme = match url.split_once("://") {
        Some((scheme, rest)) => {
            redacted.push_str(scheme);
            redacted.push_str("://");
            rest
        }
        None => url,
    };

    let authority_end = after_scheme.find(['/', '?', '#', '\\']).unwrap_or(after_scheme.len());
    let (authority, rest) = after_scheme.split_at_checked(authority_end).unwrap_or((after_scheme, ""));
    match authority.rsplit_once('@') {
        Some((_, host)) => {
            redacted.push_str("***@");
            redacted.push_str(host);
        }
        None => redacted.push_str(authority),
    }

    // The path is kept up to and including the `?` or `#`, which are one byte each.
    match rest.find(['?', '#']).and_then(|index| rest.get(..=index)) {
        Some(path) => {
            redacted.push_str(path);
            redacted.push_str("***");
        }
        None => redacted.push_str(rest),
    }
    redacted
}

/// Returns the path prefix to keep before `/v2`, or why the path is not acceptable.
fn base_path_prefix(rest: &str, loopback: bool) -> std::result::Result<String, String> {
    if rest.contains(['?', '#']) {
        return Err("a base URL cannot have a query or fragment".to_owned());
    }

    let trimmed = rest.trim_end_matches('/');
    let path = trimmed.strip_suffix("/v2").unwrap_or(trimmed).trim_end_matches('/');
    if path.is_empty() {
        return Ok(String::new());
    }
    if !loopback {
        return Err(format!("Zoom API hosts take no path other than /v2, and this one has {}", quoted(path)));
    }

    let segments_ok = path
        .strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .all(|segment| is_plain_segment(segment) && segment != "." && segment != "..");
    if !segments_ok {
        return Err("an emulator path prefix may contain only letters, digits, '-', '.', '_' and '~' between slashes".to_owned());
    }
    Ok(path.to_owned())
}

fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte))
}

/// Checks the scheme and authority of `url` against the host rules.
pub(crate) fn check_url(url: &str) -> std::result::Result<CheckedUrl<'_>, String> {
    if url.is_empty() {
        return Err("it is empty".to_owned());
    }
    if url.len() > MAX_URL_BYTES {
        return Err(format!("it is longer than {MAX_URL_BYTES} bytes"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains whitespace or control characters".to_owned());
    }
    if url.contains('\\') {
        return Err("it contains a backslash, which browsers read as '/'".to_owned());
    }

    let (scheme, after_scheme) = split_scheme(url)?;
    let authority_end = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
    let (authority, rest) = after_scheme.split_at(authority_end);
    if authority.contains('@') {
        return Err("it contains userinfo ('@' before the host)".to_owned());
    }

    let (host, port) = split_host_port(authority)?;
    let loopback = is_loopback(&host);
    if !loopback && scheme != "https" {
        return Err("plain http is allowed only on 127.0.0.1, localhost and [::1]".to_owned());
    }
    if !loopback && !is_zoom_host(&host) {
        return Err(format!("the host {} is neither a zoom.us nor a zoomgov.com host", quoted(&host)));
    }

    let origin = match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    Ok(CheckedUrl { origin, loopback, rest })
}

fn split_scheme(url: &str) -> std::result::Result<(&'static str, &str), String> {
    let Some(colon) = url.find("://") else {
        return Err("it is not an absolute URL: start it with https://".to_owned());
    };
    let (scheme, after) = url.split_at(colon);
    let after = &after[3..];
    if scheme.eq_ignore_ascii_case("https") {
        Ok(("https", after))
    } else if scheme.eq_ignore_ascii_case("http") {
        Ok(("http", after))
    } else {
        Err(format!("the scheme {} is not http or https", quoted(scheme)))
    }
}

/// Splits an authority into a lower-case host and an optional port (1-65535).
fn split_host_port(authority: &str) -> std::result::Result<(String, Option<u16>), String> {
    let (host, port_text) = if let Some(bracketed) = authority.strip_prefix('[') {
        let Some(close) = bracketed.find(']') else {
            return Err("it has an unclosed '[' in the host".to_owned());
        };
        let after = &bracketed[close + 1..];
        let port_text = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or("it has text after the IPv6 literal")?),
        };
        (&authority[..close + 2], port_text)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };

    if host.is_empty() {
        return Err("it has no host".to_owned());
    }
    let port = port_text.map(parse_port).transpose()?;
    Ok((host.to_ascii_lowercase(), port))
}

fn parse_port(text: &str) -> std::result::Result<u16, String> {
    let valid = !text.is_empty() && text.len() <= 5 && text.bytes().all(|byte| byte.is_ascii_digit());
    match text.parse::<u16>() {
        Ok(port) if valid && port > 0 => Ok(port),
        _ => Err(format!("the port {} is not a number from 1 to 65535", quoted(text))),
    }
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// Returns true for `zoom.us`, `zoomgov.com` and their subdomains made of valid DNS labels.
fn is_zoom_host(host: &str) -> bool {
    ["zoom.us", "zoomgov.com"].iter().any(|domain| {
        if host == *domain {
            return true;
        }
        let Some(subdomain) = host.strip_suffix(domain).and_then(|rest| rest.strip_suffix('.')) else {
            return false;
        };
        subdomain.split('.').all(is_dns_label)
    })
}

fn is_dns_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let valid_chars = bytes.iter().all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-');
    let valid_ends = bytes.first().is_some_and(|byte| *byte != b'-') && bytes.last().is_some_and(|byte| *byte != b'-');
    !label.is_empty() && label.len() <= 63 && valid_chars && valid_ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_zoom_hosts() {
        for url in [
            "https://api.zoom.us",
            "https://API.Zoom.US/v2",
            "https://zoom.us/oauth/token",
            "https://api-eu.zoom.us/v2/phone/user/me/ai_call_summary/x?y=1",
            "https://api.zoomgov.com",
            "https://zoomgov.com",
            "https://api.zoom.us:443",
        ] {
            assert!(is_allowed_url(url), "{url}");
        }
    }

    #[test]
    fn allowed_loopback_hosts() {
        for url in ["http://127.0.0.1:8787", "http://localhost", "http://[::1]:9000/zoom", "https://localhost:8443"] {
            assert!(is_allowed_url(url), "{url}");
        }
    }

    #[test]
    fn rejected_hosts() {
        for url in [
            "",
            "api.zoom.us",
            "http://api.zoom.us",
            "ftp://api.zoom.us",
            "https://api.zoom.us.evil.com",
            "https://zoom.us@evil.com",
            "https://user:pass@api.zoom.us",
            "https://evil.com#.zoom.us",
            "https://evil.com?.zoom.us",
            "https://evil.com/.zoom.us",
            "https://evilzoom.us",
            "https://api.zoom.us.",
            "https://-bad.zoom.us",
            "https://a..zoom.us",
            "https://api.zoom.us\\@evil.com",
            "https://api.zoom.us:0",
            "https://api.zoom.us:99999",
            "https://api.zoom.us:",
            "https://api.zoom.us:+443",
            "http://127.0.0.2",
            "http://127.1",
            "http://2130706433",
            "http://0x7f.0.0.1",
            "http://[::ffff:127.0.0.1]",
            "http://[::1",
            "http://[::1]x",
            "https:// api.zoom.us",
            "https://api.zoom.us/\n",
            "https://api%2ezoom.us",
            "javascript://api.zoom.us",
        ] {
            assert!(!is_allowed_url(url), "{url:?}");
        }
    }

    #[test]
    fn api_base_defaults() {
        assert_eq!(api_base(None, None).unwrap(), "https://api.zoom.us/v2");
    }

    #[test]
    fn api_base_option_wins_over_token() {
        let base = api_base(Some("https://api.zoomgov.com"), Some("https://api-eu.zoom.us")).unwrap();
        assert_eq!(base, "https://api.zoomgov.com/v2");
    }

    #[test]
    fn api_base_from_token_response() {
        assert_eq!(api_base(None, Some("https://api-eu.zoom.us")).unwrap(), "https://api-eu.zoom.us/v2");
    }

    #[test]
    fn api_base_normalises_v2_and_slashes() {
        for url in ["https://api.zoom.us/", "https://api.zoom.us/v2", "https://api.zoom.us/v2/", "https://api.zoom.us//v2//", " https://api.zoom.us "] {
            assert_eq!(api_base(Some(url), None).unwrap(), "https://api.zoom.us/v2", "{url}");
        }
    }

    #[test]
    fn api_base_loopback_prefix() {
        assert_eq!(api_base(Some("http://127.0.0.1:8787/zoom/v2/"), None).unwrap(), "http://127.0.0.1:8787/zoom/v2");
        assert!(api_base(Some("http://127.0.0.1:8787/../x"), None).is_err());
        assert!(api_base(Some("http://127.0.0.1:8787/a%2f"), None).is_err());
    }

    #[test]
    fn api_base_rejects_path_query_fragment() {
        assert!(api_base(Some("https://api.zoom.us/v1"), None).is_err());
        assert!(api_base(Some("https://api.zoom.us/v2?x=1"), None).is_err());
        assert!(api_base(Some("https://api.zoom.us/v2#x"), None).is_err());
    }

    #[test]
    fn api_base_rejects_bad_token_url() {
        let error = api_base(None, Some("https://evil.example")).unwrap_err();
        assert!(error.to_string().contains("api_url"), "{error}");
    }

    #[test]
    fn oauth_origin_forms() {
        assert_eq!(oauth_origin(None).unwrap(), "https://zoom.us");
        assert_eq!(oauth_origin(Some("https://zoomgov.com/")).unwrap(), "https://zoomgov.com");
        assert_eq!(oauth_origin(Some("https://zoom.us/oauth/token")).unwrap(), "https://zoom.us");
        assert_eq!(oauth_origin(Some("http://localhost:9000")).unwrap(), "http://localhost:9000");
        assert!(oauth_origin(Some("https://zoom.us/other")).is_err());
        assert!(oauth_origin(Some("https://evil.example")).is_err());
    }

    #[test]
    fn redirect_same_origin_allowed() {
        assert!(is_allowed_redirect("http://127.0.0.1:9000/v2/a", "http://127.0.0.1:9000/v2/b"));
        assert!(is_allowed_redirect("https://api.zoom.us/v2/a", "https://api.zoom.us/v2/b"));
    }

    #[test]
    fn redirect_between_zoom_hosts_allowed() {
        assert!(is_allowed_redirect("https://api.zoom.us/v2/a", "https://api-eu.zoom.us/v2/a"));
        assert!(is_allowed_redirect("https://api.zoom.us/v2/a", "https://api.zoomgov.com/v2/a"));
    }

    #[test]
    fn redirect_to_other_loopback_port_rejected() {
        assert!(!is_allowed_redirect("http://127.0.0.1:9000/v2/a", "http://localhost:9001/v2/a"));
        assert!(!is_allowed_redirect("http://127.0.0.1:9000/v2/a", "http://127.0.0.1:9001/v2/a"));
        assert!(!is_allowed_redirect("http://127.0.0.1:9000/v2/a", "https://api.zoom.us/v2/a"));
    }

    #[test]
    fn redirect_from_zoom_to_loopback_rejected() {
        assert!(!is_allowed_redirect("https://api.zoom.us/v2/a", "http://127.0.0.1:9000/v2/a"));
        assert!(!is_allowed_redirect("https://api.zoom.us/v2/a", "https://localhost/v2/a"));
        assert!(!is_allowed_redirect("https://api.zoom.us/v2/a", "http://api.zoom.us/v2/a"));
        assert!(!is_allowed_redirect("https://api.zoom.us/v2/a", "https://evil.example/v2/a"));
    }

    #[test]
    fn token_api_url_trust() {
        assert!(is_trusted_token_api_url("https://api-eu.zoom.us", None));
        assert!(!is_trusted_token_api_url("http://127.0.0.1:9000", None));
        assert!(!is_trusted_token_api_url("http://127.0.0.1:9000", Some("http://127.0.0.1:9001")));
        assert!(!is_trusted_token_api_url("http://127.0.0.1:9000", Some("https://zoom.us")));
        assert!(is_trusted_token_api_url("http://127.0.0.1:9000", Some("http://127.0.0.1:9000")));
        assert!(!is_trusted_token_api_url("https://evil.example", None));
    }

    #[test]
    fn redact_url_hides_userinfo_and_query() {
        assert_eq!(redact_url("https://x:pw@api.zoom.us/v2?t=abc#f"), "https://***@api.zoom.us/v2?***");
        assert_eq!(redact_url("https://api.zoom.us/v2"), "https://api.zoom.us/v2");
        assert_eq!(redact_url("https://api.zoom.us#frag"), "https://api.zoom.us#***");
    }

    #[test]
    fn rejected_base_message_hides_password() {
        let error = api_base(Some("https://x:Zx9yQw3rTt6uVv1w@api.zoom.us"), None).unwrap_err().to_string();
        assert!(!error.contains("Zx9yQw3rTt6uVv1w"), "{error}");
        assert!(error.contains("https://***@api.zoom.us"), "{error}");

        let error = api_base(Some("https://evil.example/?access_token=abc.def.ghi"), None).unwrap_err().to_string();
        assert!(!error.contains("abc.def.ghi"), "{error}");
    }

    #[test]
    fn setting_name_appears_in_error() {
        let error = api_base_from_setting("options.apiHost", "https://evil.example").unwrap_err().to_string();
        assert!(error.starts_with("options.apiHost "), "{error}");
        let error = oauth_origin_from_setting("config.oauthHost", "https://evil.example").unwrap_err().to_string();
        assert!(error.starts_with("config.oauthHost "), "{error}");
        assert_eq!(api_base_from_setting("options.apiHost", "http://127.0.0.1:9000/").unwrap(), "http://127.0.0.1:9000/v2");
    }
}
