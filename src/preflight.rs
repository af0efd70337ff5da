//! Says, before anything is sent, whether a token can read AI call summaries on each path, and why.
//!
//! The answer rests on what can be known offline: the token's kind and expiry from its unverified
//! claims, its scopes from a pasted token response, and the catalog's scope lists. Account facts
//! (plan, Zoom Phone license, summary policy, master-account approval) are invisible to a token,
//! so an entry that depends on them is at best `unknown`.

use crate::catalog::{self, Endpoint};
use crate::json::{self, ToJson};
use crate::request::{not_access_token_message, renew_step, validate_id, SummaryTarget, TokenFacts};
use crate::scopes::{held_among, scope_to_add, AppType, Scope, ScopeLevel};
use crate::token::{ScopeSource, TokenKind};
use crate::Result;

/// Whether a path can work with the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usable {
    /// Nothing visible in the token stops it; account settings can still do so.
    Yes,
    /// Zoom will reject the call.
    No,
    /// The token alone cannot tell.
    Unknown,
}

/// The verdict for one catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreflightCheck {
    /// The catalog id.
    pub endpoint: &'static str,
    /// Zoom's title for the operation or event.
    pub title: &'static str,
    /// The verdict.
    pub usable: Usable,
    /// A sentence giving the reason for the verdict.
    pub reason: String,
    /// The accepted scopes that this app type can be granted (all of them when the type is unknown).
    pub accepted_scopes: Vec<&'static str>,
    /// The token's scopes that the entry accepts; empty when none match or scopes are unknown.
    pub held_scopes: Vec<String>,
    /// The step that makes the entry usable, when one is needed.
    pub fix: Option<String>,
}

/// The report `preflightSummaryAccess` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreflightReport {
    /// The token's kind from its unverified claims.
    pub token_kind: TokenKind,
    /// The app type inferred from the kind and the scopes.
    pub app_type: AppType,
    /// True when `exp` is at or before the clock.
    pub expired: bool,
    /// The granted scopes, or `None` when only a bare token was given.
    pub scopes: Option<Vec<String>>,
    /// Source of `scopes`.
    pub scope_source: ScopeSource,
    /// Enough of the token to recognise it, never enough to use it.
    pub redacted: String,
    /// The token report's `fingerprint`: the SHA-256 prefix of the JWT's signature part.
    pub fingerprint: String,
    /// The target the checks were made for, when one was given.
    pub target: Option<SummaryTarget>,
    /// One verdict per catalog entry that matters to AI call summaries, the user path first.
    pub checks: Vec<PreflightCheck>,
}

impl ToJson for Usable {
    fn write_json(&self, out: &mut String) {
        let code = match self {
            Usable::Yes => "yes",
            Usable::No => "no",
            Usable::Unknown => "unknown",
        };
        json::string(out, code);
    }
}

impl ToJson for PreflightCheck {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("endpoint", self.endpoint)
            .field("title", self.title)
            .field("usable", &self.usable)
            .field("reason", &self.reason)
            .field("acceptedScopes", &self.accepted_scopes)
            .field("heldScopes", &self.held_scopes)
            .field("fix", &self.fix)
            .end();
    }
}

impl ToJson for PreflightReport {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("tokenKind", &self.token_kind)
            .field("appType", &self.app_type)
            .field("expired", &self.expired)
            .field("scopes", &self.scopes)
            .field("scopeSource", &self.scope_source)
            .field("redacted", &self.redacted)
            .field("fingerprint", &self.fingerprint)
            .field("target", &self.target)
            .field("checks", &self.checks)
            .end();
    }
}

/// The catalog entries checked, in report order.
const CHECKED: [&str; 5] = [
    "get_user_ai_call_summary",
    "get_user_ai_call_summary_master",
    "sync_user_call_history",
    "list_account_call_history",
    "ai_call_summary_changed_event",
];

/// Checks a token against every path to an AI call summary at the clock `now`.
///
/// `token_input` is a raw token, an `Authorization` header or a token-endpoint JSON response (the
/// only form that shows the scopes). With a `target`, the checks use its user ID, so `me` with a
/// Server-to-Server token is caught.
///
/// # Errors
///
/// [`crate::Error::InvalidArgument`] for an empty or unreadable token and for target ids that
/// break the request builder's rules.
pub fn preflight_summary_access(token_input: &str, target: Option<&SummaryTarget>, now: i64) -> Result<PreflightReport> {
    if let Some(target) = target {
        validate_target(target)?;
    }
    let facts = TokenFacts::analyse("token", token_input, now)?;

    let checks = CHECKED
        .iter()
        .filter_map(|id| catalog::get(id))
        .map(|entry| check_entry(entry, &facts, target))
        .collect();

    let report = facts.report;
    Ok(PreflightReport {
        token_kind: report.kind,
        app_type: facts.app_type,
        expired: report.expired,
        scopes: report.scopes,
        scope_source: report.scope_source,
        redacted: report.redacted,
        fingerprint: report.fingerprint,
        target: target.cloned(),
        checks,
    })
}

fn validate_target(target: &SummaryTarget) -> Result<()> {
    validate_id("target.userId", &target.user_id)?;
    validate_id("target.summaryId", &target.summary_id)?;
    match &target.sub_account_id {
        Some(account) => validate_id("target.subAccountId", account),
        None => Ok(()),
    }
}

/// A verdict before the accepted and held scopes are attached.
struct Verdict {
    usable: Usable,
    reason: String,
    fix: Option<String>,
}

impl Verdict {
    fn new(usable: Usable, reason: impl Into<String>, fix: Option<String>) -> Verdict {
        Verdict { usable, reason: reason.into(), fix }
    }
}

fn check_entry(entry: &'static Endpoint, facts: &TokenFacts, target: Option<&SummaryTarget>) -> PreflightCheck {
    let accepted = entry.accepted_scopes_for(facts.app_type);
    let held: Vec<String> = facts.scopes().map_or_else(Vec::new, |scopes| {
        held_among(scopes, &entry.accepted_scopes()).into_iter().map(str::to_owned).collect()
    });

    let verdict = token_verdict(facts)
        .or_else(|| me_verdict(entry, facts, target))
        .or_else(|| app_type_verdict(entry, facts, &accepted))
        .unwrap_or_else(|| scope_verdict(entry, facts, target, &held));

    PreflightCheck {
        endpoint: entry.id,
        title: entry.title,
        usable: verdict.usable,
        reason: verdict.reason,
        accepted_scopes: if accepted.is_empty() { entry.accepted_scopes() } else { accepted },
        held_scopes: held,
        fix: verdict.fix,
    }
}

/// Rejects tokens that fail on every path: not an access token, or expired.
fn token_verdict(facts: &TokenFacts) -> Option<Verdict> {
    if let Some(message) = not_access_token_message(facts.report.kind) {
        return Some(Verdict::new(Usable::No, "the token is not an access token", Some(message.to_owned())));
    }
    if facts.report.expired {
        let fix = format!("{}, because Zoom access tokens live one hour", renew_step(facts.app_type));
        return Some(Verdict::new(Usable::No, "the token has expired", Some(fix)));
    }
    None
}

/// Rejects `me` with a Server-to-Server token on the paths that take a user ID.
fn me_verdict(entry: &Endpoint, facts: &TokenFacts, target: Option<&SummaryTarget>) -> Option<Verdict> {
    let takes_user = entry.path_params().contains(&"userId");
    let uses_me = target.is_some_and(|target| target.user_id == "me");
    if !(takes_user && uses_me && facts.report.kind == TokenKind::S2sAccess) {
        return None;
    }

    Some(Verdict::new(
        Usable::No,
        "userId is 'me', but a Server-to-Server token acts for the app's owner, so 'me' does not name the summary's owner",
        Some("pass the owner's real user ID (payload.object.user_id of the phone.ai_call_summary_changed event)".to_owned()),
    ))
}

/// Rejects entries whose every accepted scope is out of reach for the app type.
fn app_type_verdict(entry: &Endpoint, facts: &TokenFacts, accepted: &[&str]) -> Option<Verdict> {
    if !accepted.is_empty() || entry.accepted_scopes().is_empty() {
        return None;
    }

    let fix = if entry.id == "get_user_ai_call_summary_master" {
        "use the user path get_user_ai_call_summary".to_owned()
    } else {
        "use a Server-to-Server OAuth app or an admin-managed general app".to_owned()
    };
    let reason = format!(
        "a {} cannot be granted any scope this endpoint accepts ({})",
        facts.app_type.describe(),
        entry.accepted_scopes().join(", ")
    );
    Some(Verdict::new(Usable::No, reason, Some(fix)))
}

/// Decides from the scopes, once the token itself is usable.
fn scope_verdict(entry: &Endpoint, facts: &TokenFacts, target: Option<&SummaryTarget>, held: &[String]) -> Verdict {
    if facts.scopes().is_none() {
        return Verdict::new(
            Usable::Unknown,
            "the scopes are unknown because a bare token does not carry them",
            Some("pass the token endpoint's whole JSON response, whose scope field lists the granted scopes".to_owned()),
        );
    }
    if held.is_empty() {
        return missing_scope_verdict(entry, facts);
    }

    match entry.id {
        "get_user_ai_call_summary_master" => Verdict::new(
            Usable::Unknown,
            format!("the token has {}, but this path also needs a master account approved by Zoom's partner programme, which a token cannot show", held.join(", ")),
            Some("if Zoom answers code 104 'does not contain scopes', the account is not an approved master account: use the user path get_user_ai_call_summary".to_owned()),
        ),
        "get_user_ai_call_summary" | "sync_user_call_history" => user_path_verdict(facts, target, held),
        "ai_call_summary_changed_event" => Verdict::new(
            Usable::Yes,
            format!("the token has {}, so the app can subscribe to phone.ai_call_summary_changed", held.join(", ")),
            None,
        ),
        _ => Verdict::new(Usable::Yes, format!("the token has {}", held.join(", ")), None),
    }
}

fn missing_scope_verdict(entry: &Endpoint, facts: &TokenFacts) -> Verdict {
    let app_type = facts.app_type;
    let pick = scope_to_add(&entry.accepted_scopes_for(app_type), app_type).unwrap_or_default();
    let reason = format!("the token has none of the scopes this endpoint accepts ({})", entry.accepted_scopes().join(", "));

    let fix = if entry.id == "get_user_ai_call_summary_master" {
        format!("use the user path get_user_ai_call_summary unless the account is a master account approved by Zoom; an approved master account adds {pick} to the {} and {}", app_type.describe(), app_type.new_token_step())
    } else {
        format!("add {pick} to the {}, {}, because a token keeps the scopes it was issued with", app_type.describe(), app_type.new_token_step())
    };
    Verdict::new(Usable::No, reason, Some(fix))
}

/// Decides the paths that take a user ID when the token has an accepted scope.
fn user_path_verdict(facts: &TokenFacts, target: Option<&SummaryTarget>, held: &[String]) -> Verdict {
    let scopes = held.join(", ");
    let user_level_only = held.iter().all(|scope| Scope::parse(scope).level == ScopeLevel::User);
    let user_id = target.map(|target| target.user_id.as_str());

    if !user_level_only {
        // NOTE: users have reported HTTP 403 on this path with Server-to-Server tokens that have
        // phone:read:ai_call_summary:admin. Zoom has not published a cause, so "yes" covers only
        // what the token shows.
        let reason = match (facts.report.kind, user_id) {
            (TokenKind::S2sAccess, None) => format!("the token has {scopes}; pass the summary owner's real user ID, not 'me'"),
            _ => format!("the token has {scopes}, which covers every user of the account"),
        };
        return Verdict::new(Usable::Yes, reason, None);
    }

    match user_id {
        None | Some("me") => Verdict::new(Usable::Yes, format!("the token has the user-level {scopes}, which works with userId 'me'"), None),
        Some(id) if Some(id) == facts.report.user_id.as_deref() => Verdict::new(
            Usable::Unknown,
            format!("the token has only the user-level {scopes}, and Zoom may check an explicit userId against :admin scopes even for the token's own user"),
            Some("pass 'me' as userId".to_owned()),
        ),
        Some(_) => Verdict::new(
            Usable::No,
            format!("the token has only the user-level {scopes}, which covers only the authorising user's own summaries"),
            Some("pass 'me' for the token's own user, or read other users' summaries with an :admin scope on a Server-to-Server or admin-managed app".to_owned()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_590_400;

    /// Builds an unsigned token with the claims Zoom's tokens carry; the signature is never checked.
    fn token(kind: i64, exp: i64) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;

        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS512","v":"2.0"}"#);
        let claims = format!(r#"{{"aud":"https://oauth.zoom.us","iss":"zm:cid:client","type":{kind},"uid":"owner1","aid":"acc1","exp":{exp}}}"#);
        format!("{header}.{}.c2lnbmF0dXJl", URL_SAFE_NO_PAD.encode(claims))
    }

    fn response(kind: i64, scopes: &str) -> String {
        serde_json::json!({"access_token": token(kind, NOW + 600), "scope": scopes}).to_string()
    }

    fn target(user: &str) -> SummaryTarget {
        SummaryTarget { user_id: user.to_owned(), summary_id: "s1".to_owned(), sub_account_id: None }
    }

    fn verdict(report: &PreflightReport, id: &str) -> Usable {
        report.checks.iter().find(|check| check.endpoint == id).map(|check| check.usable).unwrap_or_else(|| panic!("no check for {id}"))
    }

    #[test]
    fn s2s_admin_scope_real_user() {
        let report = preflight_summary_access(&response(3, "phone:read:ai_call_summary:admin"), Some(&target("u9")), NOW).unwrap();
        assert_eq!(report.app_type, AppType::ServerToServer);
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::Yes);
        assert_eq!(verdict(&report, "get_user_ai_call_summary_master"), Usable::No);
        assert_eq!(verdict(&report, "ai_call_summary_changed_event"), Usable::No);
    }

    #[test]
    fn s2s_admin_scope_with_me() {
        let report = preflight_summary_access(&response(3, "phone:read:ai_call_summary:admin"), Some(&target("me")), NOW).unwrap();
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::No);
    }

    #[test]
    fn master_scope_is_unknown() {
        let report = preflight_summary_access(&response(3, "phone:read:ai_call_summary:master"), None, NOW).unwrap();
        assert_eq!(verdict(&report, "get_user_ai_call_summary_master"), Usable::Unknown);
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::No);
    }

    #[test]
    fn user_managed_token_with_me() {
        let report = preflight_summary_access(&response(0, "phone:read:ai_call_summary"), Some(&target("me")), NOW).unwrap();
        assert_eq!(report.app_type, AppType::UserManaged);
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::Yes);
        assert_eq!(verdict(&report, "list_account_call_history"), Usable::No);
        assert_eq!(verdict(&report, "get_user_ai_call_summary_master"), Usable::No);
    }

    #[test]
    fn user_managed_token_other_user() {
        let report = preflight_summary_access(&response(0, "phone:read:ai_call_summary"), Some(&target("someone")), NOW).unwrap();
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::No);
        let own = preflight_summary_access(&response(0, "phone:read:ai_call_summary"), Some(&target("owner1")), NOW).unwrap();
        assert_eq!(verdict(&own, "get_user_ai_call_summary"), Usable::Unknown);
    }

    #[test]
    fn classic_admin_scope_works() {
        let report = preflight_summary_access(&response(3, "phone:read:admin"), Some(&target("u9")), NOW).unwrap();
        assert_eq!(verdict(&report, "get_user_ai_call_summary"), Usable::Yes);
        assert_eq!(verdict(&report, "sync_user_call_history"), Usable::Yes);
        assert_eq!(verdict(&report, "list_account_call_history"), Usable::Yes);
        assert_eq!(verdict(&report, "ai_call_summary_changed_event"), Usable::Yes);
    }

    #[test]
    fn bare_token_is_unknown() {
        let report = preflight_summary_access(&token(3, NOW + 600), None, NOW).unwrap();
        assert_eq!(report.scopes, None);
        for check in &report.checks {
            assert_eq!(check.usable, Usable::Unknown, "{}", check.endpoint);
            assert!(check.reason.contains("unknown"));
        }
    }

    #[test]
    fn expired_token_is_no() {
        let report = preflight_summary_access(&token(3, NOW - 10), None, NOW).unwrap();
        assert!(report.expired);
        assert!(report.checks.iter().all(|check| check.usable == Usable::No));
    }

    #[test]
    fn refresh_token_is_no() {
        let report = preflight_summary_access(&token(1, NOW + 600), None, NOW).unwrap();
        assert!(report.checks.iter().all(|check| check.usable == Usable::No));
    }

    #[test]
    fn missing_scope_fix_names_scope() {
        let report = preflight_summary_access(&response(3, "user:read:user:admin"), None, NOW).unwrap();
        let user_path = &report.checks[0];
        assert_eq!(user_path.usable, Usable::No);
        assert!(user_path.fix.as_deref().unwrap_or_default().contains("phone:read:ai_call_summary:admin"));
        assert!(user_path.fix.as_deref().unwrap_or_default().contains("new token"));
    }

    #[test]
    fn report_hides_token() {
        let text = response(3, "phone:read:ai_call_summary:admin");
        let report = preflight_summary_access(&text, None, NOW).unwrap();
        let json = report.to_json();
        assert!(!json.contains(&token(3, NOW + 600)));
        assert!(!json.contains("c2lnbmF0dXJl"));
        assert!(!format!("{report:?}").contains("c2lnbmF0dXJl"));
    }

    #[test]
    fn bad_target_rejected() {
        assert!(preflight_summary_access(&token(3, NOW + 600), Some(&target("../x")), NOW).is_err());
        assert!(preflight_summary_access("  ", None, NOW).is_err());
    }
}
