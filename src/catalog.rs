//! The endpoints that serve AI call summaries, with their scopes, rate-limit labels and prerequisites.
//!
//! The data is hand-written from Zoom's Phone API reference, its scope pages and its rate-limit page;
//! each entry names its source. Scopes of one entry are alternatives: a token holding any one of them
//! passes Zoom's scope check.

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;
use crate::json::{self, ToJson};
use crate::scopes::{AppType, Scope};

/// Transport by which an endpoint is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    /// A REST call under `{api base}/v2`.
    Rest,
    /// A webhook event the app subscribes to; Zoom sends it, nothing is called.
    Webhook,
    /// A call to Zoom's OAuth host (`https://zoom.us`, or `https://zoomgov.com` for Zoom for Government).
    OAuth,
}

/// Zoom's rate-limit label for an endpoint (the `X-RateLimit-Category` header value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RateLimitLabel {
    /// `Light`.
    Light,
    /// `Medium`.
    Medium,
    /// `Heavy`: per-second limit plus a daily cap shared with `ResourceIntensive`.
    Heavy,
    /// `Resource-intensive`: per-minute limit plus the shared daily cap.
    ResourceIntensive,
}

/// The Zoom plan tiers that Zoom's Phone API rate-limit table distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Pro accounts.
    Pro,
    /// Business, Education, Enterprise and Partner accounts.
    BusinessPlus,
}

/// A rate limit: `requests` per `window_seconds`, for the whole account, plus an optional daily cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window, shared by every app of the account.
    pub requests: u32,
    /// Window length in seconds: 1 for per-second limits, 60 for per-minute limits.
    pub window_seconds: u32,
    /// Requests per day (the day ends at 00:00 UTC), shared by Heavy and Resource-intensive endpoints.
    pub daily_cap: Option<u32>,
}

/// Zoom's rate-limit page, which defines the labels and their per-plan limits.
pub const RATE_LIMIT_SOURCE: &str = "https://developers.zoom.us/docs/commerce/rate-limits/";

impl RateLimitLabel {
    /// All labels, lightest first.
    pub const ALL: [RateLimitLabel; 4] =
        [RateLimitLabel::Light, RateLimitLabel::Medium, RateLimitLabel::Heavy, RateLimitLabel::ResourceIntensive];

    /// Returns the Zoom Phone API limit of this label on `plan`.
    ///
    /// NOTE: these numbers are Zoom's published Phone API table as transcribed by two secondary
    /// sources that agree; Zoom can change them per account, so read `X-RateLimit-Limit` when present.
    pub fn limit(self, plan: Plan) -> RateLimit {
        let (requests, window_seconds, daily_cap) = match (self, plan) {
            (RateLimitLabel::Light, Plan::Pro) => (20, 1, None),
            (RateLimitLabel::Light, Plan::BusinessPlus) => (40, 1, None),
            (RateLimitLabel::Medium, Plan::Pro) => (10, 1, None),
            (RateLimitLabel::Medium, Plan::BusinessPlus) => (20, 1, None),
            (RateLimitLabel::Heavy, Plan::Pro) => (5, 1, Some(15_000)),
            (RateLimitLabel::Heavy, Plan::BusinessPlus) => (10, 1, Some(30_000)),
            (RateLimitLabel::ResourceIntensive, Plan::Pro) => (5, 60, Some(15_000)),
            (RateLimitLabel::ResourceIntensive, Plan::BusinessPlus) => (10, 60, Some(30_000)),
        };
        RateLimit { requests, window_seconds, daily_cap }
    }

    /// Returns the sustained request rate per second on `plan` (below 1 for per-minute labels).
    pub fn per_second(self, plan: Plan) -> f64 {
        let limit = self.limit(plan);
        f64::from(limit.requests) / f64::from(limit.window_seconds)
    }

    /// Parses an `X-RateLimit-Category` header value such as `Medium` or `Resource-intensive`.
    pub fn parse(text: &str) -> Option<RateLimitLabel> {
        let normalised = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match normalised.as_str() {
            "light" => Some(RateLimitLabel::Light),
            "medium" => Some(RateLimitLabel::Medium),
            "heavy" => Some(RateLimitLabel::Heavy),
            "resource-intensive" => Some(RateLimitLabel::ResourceIntensive),
            _ => None,
        }
    }

    /// Returns the label as Zoom writes it in `X-RateLimit-Category`.
    pub fn zoom_name(self) -> &'static str {
        match self {
            RateLimitLabel::Light => "Light",
            RateLimitLabel::Medium => "Medium",
            RateLimitLabel::Heavy => "Heavy",
            RateLimitLabel::ResourceIntensive => "Resource-intensive",
        }
    }
}

impl ToJson for EndpointKind {
    fn write_json(&self, out: &mut String) {
        // `o_auth` is serde's snake_case of `OAuth`, kept so the JavaScript value stays the same.
        let code = match self {
            EndpointKind::Rest => "rest",
            EndpointKind::Webhook => "webhook",
            EndpointKind::OAuth => "o_auth",
        };
        json::string(out, code);
    }
}

impl ToJson for RateLimitLabel {
    fn write_json(&self, out: &mut String) {
        let code = match self {
            RateLimitLabel::Light => "light",
            RateLimitLabel::Medium => "medium",
            RateLimitLabel::Heavy => "heavy",
            RateLimitLabel::ResourceIntensive => "resource_intensive",
        };
        json::string(out, code);
    }
}

impl ToJson for RateLimit {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("requests", &self.requests)
            .field("windowSeconds", &self.window_seconds)
            .field("dailyCap", &self.daily_cap)
            .end();
    }
}

/// One endpoint (or webhook event) that matters to AI call summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Stable identifier, such as `get_user_ai_call_summary`.
    pub id: &'static str,
    /// Zoom's title for the operation or event.
    pub title: &'static str,
    /// Transport by which the endpoint is reached.
    pub kind: EndpointKind,
    /// HTTP method; `None` for a webhook event.
    pub method: Option<&'static str>,
    /// Path template under `/v2` with `{param}` placeholders, the OAuth path, or the event name.
    pub path: &'static str,
    /// Accepted granular scopes (any one is enough).
    pub granular_scopes: &'static [&'static str],
    /// Accepted classic scopes (any one is enough), for apps created before granular scopes.
    pub classic_scopes: &'static [&'static str],
    /// Zoom's rate-limit label; `None` for events and the OAuth endpoint.
    pub rate_limit_label: Option<RateLimitLabel>,
    /// Conditions the account and user must meet before the call can succeed.
    pub prerequisites: &'static [&'static str],
    /// Facts a caller should know, such as which other path to use.
    pub notes: &'static [&'static str],
    /// The public page the entry was written from.
    pub source: &'static str,
}

impl Endpoint {
    /// Returns every accepted scope: granular first, then classic.
    pub fn accepted_scopes(&self) -> Vec<&'static str> {
        self.granular_scopes.iter().chain(self.classic_scopes).copied().collect()
    }

    /// Returns the accepted scopes that an app of `app_type` can be granted, granular first.
    pub fn accepted_scopes_for(&self, app_type: AppType) -> Vec<&'static str> {
        self.accepted_scopes()
            .into_iter()
            .filter(|scope| app_type.can_hold(Scope::parse(scope).level))
            .collect()
    }

    /// Returns true when `granted` contains at least one accepted scope.
    pub fn accepts_any<S: AsRef<str>>(&self, granted: &[S]) -> bool {
        granted.iter().any(|scope| {
            let parsed = Scope::parse(scope.as_ref());
            self.accepted_scopes().iter().any(|accepted| parsed.same_as(accepted))
        })
    }

    /// Returns the names of the path template's `{param}` placeholders, in order.
    pub fn path_params(&self) -> Vec<&'static str> {
        self.path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')))
            .collect()
    }
}

const SUMMARY_PREREQUISITES: &[&str] = &[
    "a Business or Enterprise account",
    "a Zoom Phone license for the summary's owner",
    "the AI call summary policy (call_summary.enable) turned on for the user or site, or no summary is generated",
];

/// Every endpoint in the catalog.
pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        id: "get_user_ai_call_summary",
        title: "Get User AI Call Summary Detail",
        kind: EndpointKind::Rest,
        method: Some("GET"),
        path: "/phone/user/{userId}/ai_call_summary/{aiCallSummaryId}",
        granular_scopes: &["phone:read:ai_call_summary", "phone:read:ai_call_summary:admin"],
        classic_scopes: &["phone:read", "phone:read:admin"],
        rate_limit_label: Some(RateLimitLabel::Medium),
        prerequisites: SUMMARY_PREREQUISITES,
        notes: &[
            "the path uses the singular 'user'; '/phone/users/...' does not exist for summaries",
            "user-managed apps pass 'me' as userId; Server-to-Server apps pass the owner's real user ID",
            "take userId and aiCallSummaryId from one phone.ai_call_summary_changed event",
        ],
        source: "https://developers.zoom.us/docs/api/rest/reference/phone/methods/#operation/getUserAICallSummary",
    },
    Endpoint {
        id: "get_user_ai_call_summary_master",
        title: "Get User AI Call Summary Detail (Master Account API)",
        kind: EndpointKind::Rest,
        method: Some("GET"),
        path: "/accounts/{accountId}/phone/user/{userId}/ai_call_summary/{aiCallSummaryId}",
        granular_scopes: &["phone:read:ai_call_summary:master"],
        classic_scopes: &["phone:master"],
        // NOTE: Zoom publishes no label for the master-account form; the user path's label is assumed.
        rate_limit_label: Some(RateLimitLabel::Medium),
        prerequisites: &[
            "a master account that Zoom's partner programme has approved for Master Account APIs",
            "a Business or Enterprise sub-account with Zoom Phone",
            "the AI call summary policy turned on in the sub-account",
        ],
        notes: &[
            "without an approved master account Zoom answers code 104 'does not contain scopes: [phone:read:ai_call_summary:master]' even when the token has that scope; use get_user_ai_call_summary instead",
            "accountId is the sub-account's ID, or 'me' for the master account itself",
        ],
        source: "https://developers.zoom.us/docs/integrations/oauth-scopes-granular/",
    },
    Endpoint {
        id: "sync_user_call_history",
        title: "Sync user's call history",
        kind: EndpointKind::Rest,
        method: Some("GET"),
        path: "/phone/users/{userId}/call_history/sync",
        granular_scopes: &["phone:read:list_call_logs", "phone:read:list_call_logs:admin"],
        classic_scopes: &["phone:read", "phone:read:admin"],
        rate_limit_label: Some(RateLimitLabel::Medium),
        prerequisites: &["a Zoom Phone license for the user"],
        notes: &[
            "the only documented REST response that carries ai_call_summary_id (in call_logs[] and call_elements[])",
            "query sync_type=FSync for a full sync; pass the returned sync_token for the next page",
        ],
        source: "https://developers.zoom.us/docs/api/phone/",
    },
    Endpoint {
        id: "list_account_call_history",
        title: "Get account's call history",
        kind: EndpointKind::Rest,
        method: Some("GET"),
        path: "/phone/call_history",
        granular_scopes: &["phone:read:list_call_logs:admin"],
        classic_scopes: &["phone:read:admin", "phone_call_log:read:admin"],
        rate_limit_label: Some(RateLimitLabel::Heavy),
        prerequisites: &["a Zoom Phone account", "an admin-level scope: user-level tokens cannot list the account"],
        notes: &[
            "items carry call_id and caller and callee numbers but not ai_call_summary_id",
            "from/to span at most one month within the last six months; next_page_token expires after 15 minutes",
        ],
        source: "https://developers.zoom.us/docs/api/phone/",
    },
    Endpoint {
        id: "ai_call_summary_changed_event",
        title: "Call summary changed (phone.ai_call_summary_changed)",
        kind: EndpointKind::Webhook,
        method: None,
        path: "phone.ai_call_summary_changed",
        granular_scopes: &["phone:read:call_log", "phone:read:call_log:admin"],
        classic_scopes: &["phone:read", "phone:read:admin"],
        rate_limit_label: None,
        prerequisites: &[
            "a Zoom Phone plan",
            "an event subscription on the app with a validated endpoint URL",
            "the AI call summary policy turned on, or the event never fires",
        ],
        notes: &[
            "the subscription needs a call-log scope, a different scope from the one that reads the summary text",
            "the event names the summary (user_id, ai_call_summary_id, call_id) but does not contain its text",
            "deleted: true means there is nothing to fetch",
        ],
        source: "https://developers.zoom.us/docs/api/phone/events/",
    },
    Endpoint {
        id: "oauth_token",
        title: "Request an access token (Server-to-Server OAuth)",
        kind: EndpointKind::OAuth,
        method: Some("POST"),
        path: "/oauth/token",
        granular_scopes: &[],
        classic_scopes: &[],
        rate_limit_label: None,
        prerequisites: &["an activated Server-to-Server OAuth app: its account ID, client ID and client secret"],
        notes: &[
            "POST https://zoom.us/oauth/token (https://zoomgov.com/oauth/token for Zoom for Government) with HTTP Basic client authentication",
            "form body grant_type=account_credentials&account_id=...; the response's scope field lists the granted scopes",
            "tokens live one hour and have no refresh token",
        ],
        source: "https://developers.zoom.us/docs/internal-apps/s2s-oauth/",
    },
];

impl ToJson for Endpoint {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("id", self.id)
            .field("title", self.title)
            .field("kind", &self.kind)
            .field("method", &self.method)
            .field("path", self.path)
            .field("granularScopes", self.granular_scopes)
            .field("classicScopes", self.classic_scopes)
            .field("rateLimitLabel", &self.rate_limit_label)
            .field("prerequisites", self.prerequisites)
            .field("notes", self.notes)
            .field("source", self.source)
            .end();
    }
}

/// Returns the catalog entry with `id`.
pub fn get(id: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|endpoint| endpoint.id == id)
}

/// Catalog endpoint that a request hits, with its percent-decoded path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointMatch {
    /// The matched catalog entry's id.
    pub endpoint: &'static str,
    /// Path parameters by template name (`userId`, `accountId`, `aiCallSummaryId`), percent-decoded.
    pub params: BTreeMap<&'static str, String>,
    /// True when `userId` or `accountId` is the literal `me`.
    pub uses_me: bool,
    /// True for the master-account form under `/accounts/{accountId}`.
    pub master: bool,
}

impl EndpointMatch {
    /// Returns the catalog entry.
    pub fn entry(&self) -> Option<&'static Endpoint> {
        get(self.endpoint)
    }

    /// Returns a percent-decoded path parameter by its template name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// Finds which catalog endpoint `method` and `url` hit.
///
/// `url` may be absolute (`https://api.zoom.us/v2/phone/...`) or a path (`/v2/phone/...` or
/// `/phone/...`). The query and fragment are ignored and the method is compared without case.
/// Returns `None` for URLs outside the catalog, including the plural `/phone/users/.../ai_call_summary`
/// that Zoom does not serve.
pub fn match_request(method: &str, url: &str) -> Option<EndpointMatch> {
    let path = path_of(url.trim());
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();

    ENDPOINTS
        .iter()
        .filter(|endpoint| endpoint.method.is_some_and(|wanted| wanted.eq_ignore_ascii_case(method.trim())))
        .find_map(|endpoint| match_endpoint(endpoint, &segments))
}

/// Returns the path of `url` without scheme, authority, query and fragment.
fn path_of(url: &str) -> &str {
    let without_fragment = url.split('#').next().unwrap_or_default();
    let without_query = without_fragment.split('?').next().unwrap_or_default();

    match without_query.find("://") {
        Some(scheme_end) => {
            let after_scheme = &without_query[scheme_end + 3..];
            after_scheme.find('/').map_or("", |start| &after_scheme[start..])
        }
        None => without_query,
    }
}

fn match_endpoint(endpoint: &'static Endpoint, segments: &[&str]) -> Option<EndpointMatch> {
    let segments = match endpoint.kind {
        EndpointKind::Rest => segments.strip_prefix(&["v2"]).unwrap_or(segments),
        EndpointKind::OAuth => segments,
        EndpointKind::Webhook => return None,
    };
    let template: Vec<&'static str> = endpoint.path.trim_matches('/').split('/').collect();
    if template.len() != segments.len() {
        return None;
    }

    let mut params = BTreeMap::new();
    for (pattern, segment) in template.iter().zip(segments) {
        match pattern.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(_) if segment.is_empty() => return None,
            Some(name) => {
                params.insert(name, percent_decode_str(segment).decode_utf8_lossy().into_owned());
            }
            None if pattern == segment => {}
            None => return None,
        }
    }

    let uses_me = ["userId", "accountId"].iter().any(|name| params.get(name).is_some_and(|value| value == "me"));
    let master = params.contains_key("accountId");
    Some(EndpointMatch { endpoint: endpoint.id, params, uses_me, master })
}

/// The catalog as `endpointCatalog()` returns it: the endpoints and the rate-limit table.
#[derive(Debug, Clone)]
pub struct CatalogDocument {
    /// Every catalog entry.
    pub endpoints: &'static [Endpoint],
    /// Each label's limits per plan.
    pub rate_limits: Vec<RateLimitRow>,
    /// Source page of the rate-limit numbers.
    pub rate_limit_source: &'static str,
}

/// One label's limits on each plan.
#[derive(Debug, Clone)]
pub struct RateLimitRow {
    /// The label.
    pub label: RateLimitLabel,
    /// The limit on Pro accounts.
    pub pro: RateLimit,
    /// The limit on Business, Education, Enterprise and Partner accounts.
    pub business_plus: RateLimit,
}

impl ToJson for CatalogDocument {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("endpoints", self.endpoints)
            .field("rateLimits", &self.rate_limits)
            .field("rateLimitSource", self.rate_limit_source)
            .end();
    }
}

impl ToJson for RateLimitRow {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("label", &self.label).field("pro", &self.pro).field("businessPlus", &self.business_plus).end();
    }
}

/// Builds the catalog document.
pub fn document() -> CatalogDocument {
    let rate_limits = RateLimitLabel::ALL
        .iter()
        .map(|&label| RateLimitRow { label, pro: label.limit(Plan::Pro), business_plus: label.limit(Plan::BusinessPlus) })
        .collect();
    CatalogDocument { endpoints: ENDPOINTS, rate_limits, rate_limit_source: RATE_LIMIT_SOURCE }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::ScopeLevel;

    fn entry(id: &str) -> &'static Endpoint {
        get(id).unwrap_or_else(|| panic!("catalog has no {id}"))
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = ENDPOINTS.iter().map(|endpoint| endpoint.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ENDPOINTS.len());
    }

    #[test]
    fn every_entry_cites_a_zoom_page() {
        for endpoint in ENDPOINTS {
            assert!(endpoint.source.starts_with("https://developers.zoom.us/"), "{}", endpoint.id);
        }
    }

    #[test]
    fn user_summary_entry() {
        let endpoint = entry("get_user_ai_call_summary");
        assert_eq!(endpoint.method, Some("GET"));
        assert_eq!(endpoint.path, "/phone/user/{userId}/ai_call_summary/{aiCallSummaryId}");
        assert_eq!(endpoint.rate_limit_label, Some(RateLimitLabel::Medium));
        assert_eq!(endpoint.granular_scopes, ["phone:read:ai_call_summary", "phone:read:ai_call_summary:admin"]);
        assert_eq!(endpoint.classic_scopes, ["phone:read", "phone:read:admin"]);
        assert_eq!(endpoint.path_params(), vec!["userId", "aiCallSummaryId"]);
        assert_eq!(endpoint.prerequisites.len(), 3);
    }

    #[test]
    fn user_summary_scopes_per_app_type() {
        let endpoint = entry("get_user_ai_call_summary");
        assert_eq!(
            endpoint.accepted_scopes_for(AppType::ServerToServer),
            vec!["phone:read:ai_call_summary:admin", "phone:read:admin"]
        );
        assert_eq!(endpoint.accepted_scopes_for(AppType::UserManaged), vec!["phone:read:ai_call_summary", "phone:read"]);
        assert_eq!(endpoint.accepted_scopes_for(AppType::Unknown).len(), 4);
    }

    #[test]
    fn master_summary_entry() {
        let endpoint = entry("get_user_ai_call_summary_master");
        assert_eq!(endpoint.path, "/accounts/{accountId}/phone/user/{userId}/ai_call_summary/{aiCallSummaryId}");
        assert_eq!(endpoint.granular_scopes, ["phone:read:ai_call_summary:master"]);
        assert_eq!(endpoint.classic_scopes, ["phone:master"]);
        assert!(endpoint.accepted_scopes().iter().all(|scope| Scope::parse(scope).level == ScopeLevel::Master));
        assert!(endpoint.accepted_scopes_for(AppType::UserManaged).is_empty());
    }

    #[test]
    fn sync_history_entry() {
        let endpoint = entry("sync_user_call_history");
        assert_eq!(endpoint.path, "/phone/users/{userId}/call_history/sync");
        assert_eq!(endpoint.rate_limit_label, Some(RateLimitLabel::Medium));
        assert!(endpoint.accepts_any(&["phone:read:list_call_logs:admin"]));
    }

    #[test]
    fn account_history_entry() {
        let endpoint = entry("list_account_call_history");
        assert_eq!(endpoint.path, "/phone/call_history");
        assert_eq!(endpoint.rate_limit_label, Some(RateLimitLabel::Heavy));
        assert!(endpoint.accepted_scopes_for(AppType::UserManaged).is_empty());
    }

    #[test]
    fn event_entry_uses_call_log_scope() {
        let endpoint = entry("ai_call_summary_changed_event");
        assert_eq!(endpoint.kind, EndpointKind::Webhook);
        assert_eq!(endpoint.path, "phone.ai_call_summary_changed");
        assert!(endpoint.accepts_any(&["phone:read:call_log:admin"]));
        assert!(!endpoint.accepts_any(&["phone:read:ai_call_summary:admin"]));
    }

    #[test]
    fn oauth_entry() {
        let endpoint = entry("oauth_token");
        assert_eq!(endpoint.kind, EndpointKind::OAuth);
        assert_eq!(endpoint.method, Some("POST"));
        assert!(endpoint.accepted_scopes().is_empty());
    }

    #[test]
    fn rate_limits_per_plan() {
        assert_eq!(RateLimitLabel::Medium.per_second(Plan::Pro), 10.0);
        assert_eq!(RateLimitLabel::Medium.per_second(Plan::BusinessPlus), 20.0);
        assert_eq!(RateLimitLabel::Heavy.limit(Plan::Pro).daily_cap, Some(15_000));
        assert_eq!(RateLimitLabel::Heavy.per_second(Plan::BusinessPlus), 10.0);
        assert!(RateLimitLabel::ResourceIntensive.per_second(Plan::Pro) < 1.0);
    }

    #[test]
    fn rate_limit_label_parse() {
        assert_eq!(RateLimitLabel::parse("Medium"), Some(RateLimitLabel::Medium));
        assert_eq!(RateLimitLabel::parse("Resource-intensive"), Some(RateLimitLabel::ResourceIntensive));
        assert_eq!(RateLimitLabel::parse("resource_intensive"), Some(RateLimitLabel::ResourceIntensive));
        assert_eq!(RateLimitLabel::parse("extreme"), None);
        for label in RateLimitLabel::ALL {
            assert_eq!(RateLimitLabel::parse(label.zoom_name()), Some(label));
        }
    }

    #[test]
    fn match_user_path() {
        let found = match_request("get", "https://api.zoom.us/v2/phone/user/ana%2Bphone%40example.com/ai_call_summary/abc?x=1").unwrap();
        assert_eq!(found.endpoint, "get_user_ai_call_summary");
        assert_eq!(found.param("userId"), Some("ana+phone@example.com"));
        assert_eq!(found.param("aiCallSummaryId"), Some("abc"));
        assert!(!found.uses_me);
        assert!(!found.master);
    }

    #[test]
    fn match_master_path_with_me() {
        let found = match_request("GET", "/v2/accounts/me/phone/user/u1/ai_call_summary/s1").unwrap();
        assert_eq!(found.endpoint, "get_user_ai_call_summary_master");
        assert_eq!(found.param("accountId"), Some("me"));
        assert!(found.uses_me);
        assert!(found.master);
    }

    #[test]
    fn match_path_without_v2() {
        let found = match_request("GET", "/phone/user/me/ai_call_summary/s1").unwrap();
        assert!(found.uses_me);
    }

    #[test]
    fn match_history_and_oauth() {
        assert_eq!(match_request("GET", "https://api.zoom.us/v2/phone/users/u1/call_history/sync?sync_type=FSync").unwrap().endpoint, "sync_user_call_history");
        assert_eq!(match_request("GET", "https://api.zoom.us/v2/phone/call_history").unwrap().endpoint, "list_account_call_history");
        assert_eq!(match_request("POST", "https://zoom.us/oauth/token?grant_type=account_credentials").unwrap().endpoint, "oauth_token");
    }

    #[test]
    fn match_rejects_plural_users_and_wrong_method() {
        assert_eq!(match_request("GET", "https://api.zoom.us/v2/phone/users/u1/ai_call_summary/s1"), None);
        assert_eq!(match_request("POST", "https://api.zoom.us/v2/phone/user/u1/ai_call_summary/s1"), None);
        assert_eq!(match_request("GET", "https://api.zoom.us/v2/phone/user//ai_call_summary/s1"), None);
        assert_eq!(match_request("GET", ""), None);
    }

    #[test]
    fn document_lists_everything() {
        let document = document();
        assert_eq!(document.endpoints.len(), ENDPOINTS.len());
        assert_eq!(document.rate_limits.len(), 4);
        let json: serde_json::Value = serde_json::from_str(&document.to_json()).unwrap();
        assert_eq!(json["endpoints"][0]["rateLimitLabel"], "medium");
        assert_eq!(json["rateLimits"][1]["businessPlus"]["requests"], 20);
    }
}
