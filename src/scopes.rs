//! Zoom OAuth scope grammar: granular `service:action:data[:level]` and classic `resource[:action][:level]`.
//!
//! Zoom documents both forms on its scope pages (<https://developers.zoom.us/docs/integrations/oauth-scopes-granular/>
//! and <https://developers.zoom.us/docs/integrations/oauth-scopes/>). A scope with no level suffix
//! covers the authorising user's own data, `:admin` covers every user of the account and `:master`
//! covers the sub-accounts of a master account
//! (<https://developers.zoom.us/docs/internal-apps/oauth-scopes-overview/>).

use crate::json::{self, ToJson};
use crate::token::TokenKind;

/// Grammar of a scope string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeForm {
    /// `service:action:data[:level]`, such as `phone:read:ai_call_summary:admin`.
    Granular,
    /// `resource[:action][:level]`, such as `phone:read:admin` or `phone:master`.
    Classic,
    /// Text that fits neither grammar. It still compares equal to the same text.
    Unknown,
}

/// Whose data a scope covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScopeLevel {
    /// No suffix: the authorising user's own data.
    User,
    /// `:admin`: the data of every user in the account.
    Admin,
    /// `:master`: the sub-accounts of a master account.
    Master,
}

impl ScopeLevel {
    fn from_suffix(text: &str) -> Option<ScopeLevel> {
        match text {
            "admin" => Some(ScopeLevel::Admin),
            "master" => Some(ScopeLevel::Master),
            _ => None,
        }
    }
}

/// A parsed OAuth scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The scope text as given, without surrounding whitespace.
    pub raw: String,
    /// Grammar the text follows.
    pub form: ScopeForm,
    /// The granular service or the classic resource, such as `phone`; the whole text when unknown.
    pub service: String,
    /// The action, such as `read`, when the form has one.
    pub action: Option<String>,
    /// The granular data claim, such as `ai_call_summary`; `None` for classic scopes.
    pub data: Option<String>,
    /// Whose data the scope covers; `User` when there is no level suffix.
    pub level: ScopeLevel,
}

impl Scope {
    /// Parses a scope string. It never fails: text that fits neither grammar gets `ScopeForm::Unknown`.
    pub fn parse(text: &str) -> Scope {
        let raw = text.trim().to_owned();
        let parts: Vec<&str> = raw.split(':').collect();
        let well_formed = parts.iter().all(|part| is_scope_word(part));

        let parsed = if well_formed { parse_parts(&parts) } else { None };
        match parsed {
            Some((form, service, action, data, level)) => Scope {
                service: service.to_owned(),
                action: action.map(str::to_owned),
                data: data.map(str::to_owned),
                form,
                level,
                raw,
            },
            None => Scope {
                service: raw.clone(),
                action: None,
                data: None,
                form: ScopeForm::Unknown,
                level: ScopeLevel::User,
                raw,
            },
        }
    }

    /// Returns true when this scope is the same scope as `other`.
    ///
    /// Zoom names scopes in lower case, so the comparison ignores ASCII case. A scope of a higher
    /// level does not stand in for a lower one: Zoom lists each accepted level separately.
    pub fn same_as(&self, other: &str) -> bool {
        self.raw.eq_ignore_ascii_case(other.trim())
    }
}

type ParsedParts<'a> = (ScopeForm, &'a str, Option<&'a str>, Option<&'a str>, ScopeLevel);

/// Splits scope parts into their roles. A third part that is a level word marks a classic scope.
fn parse_parts<'a>(parts: &[&'a str]) -> Option<ParsedParts<'a>> {
    match parts {
        [resource] => Some((ScopeForm::Classic, resource, None, None, ScopeLevel::User)),
        [resource, second] => match ScopeLevel::from_suffix(second) {
            Some(level) => Some((ScopeForm::Classic, resource, None, None, level)),
            None => Some((ScopeForm::Classic, resource, Some(second), None, ScopeLevel::User)),
        },
        [first, action, third] => match ScopeLevel::from_suffix(third) {
            Some(level) => Some((ScopeForm::Classic, first, Some(action), None, level)),
            None => Some((ScopeForm::Granular, first, Some(action), Some(third), ScopeLevel::User)),
        },
        [service, action, data, suffix] => {
            let level = ScopeLevel::from_suffix(suffix)?;
            Some((ScopeForm::Granular, service, Some(action), Some(data), level))
        }
        _ => None,
    }
}

fn is_scope_word(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// The kind of Zoom Marketplace app a token was issued to, which decides the scope levels it can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppType {
    /// Server-to-Server OAuth app (`account_credentials` grant): `:admin` scopes, `:master` on master accounts.
    ServerToServer,
    /// General app installed by an admin for the account: `:admin` scopes, `:master` when an owner installs it.
    AdminManaged,
    /// General app each user authorises for themselves: user-level scopes only.
    UserManaged,
    /// Not known, so every level is possible.
    Unknown,
}

impl AppType {
    /// Returns true when an app of this type can be granted scopes of `level`.
    ///
    /// Zoom staff state that user-managed apps do not use `:admin` scopes, and account-level apps
    /// (Server-to-Server and admin-managed) are granted `:admin` and `:master` scopes.
    pub fn can_hold(self, level: ScopeLevel) -> bool {
        match self {
            AppType::ServerToServer | AppType::AdminManaged => level != ScopeLevel::User,
            AppType::UserManaged => level == ScopeLevel::User,
            AppType::Unknown => true,
        }
    }

    /// Infers the app type from the token kind and, for user OAuth tokens, from the granted scopes.
    ///
    /// A user OAuth token comes from a general app of either kind. Holding any `:admin` or `:master`
    /// scope means the app is admin-managed, and holding only user-level scopes means user-managed.
    /// Without scopes the type stays unknown.
    pub fn infer(kind: TokenKind, scopes: Option<&[String]>) -> AppType {
        match kind {
            TokenKind::S2sAccess => AppType::ServerToServer,
            TokenKind::UserAccess => infer_general_app(scopes),
            _ => AppType::Unknown,
        }
    }

    /// Returns a short English name for messages, such as "Server-to-Server OAuth app".
    pub fn describe(self) -> &'static str {
        match self {
            AppType::ServerToServer => "Server-to-Server OAuth app",
            AppType::AdminManaged => "admin-managed general app",
            AppType::UserManaged => "user-managed general app",
            AppType::Unknown => "app",
        }
    }

    /// Returns the step that gives the app a token carrying newly added scopes.
    ///
    /// Scopes added to an app are not in tokens issued before, so the token must be replaced.
    pub fn new_token_step(self) -> &'static str {
        match self {
            AppType::ServerToServer => "then request a new token (grant_type=account_credentials)",
            AppType::AdminManaged | AppType::UserManaged => {
                "then authorise the app again so that Zoom issues a new token with the added scope"
            }
            AppType::Unknown => "then get a new token: request one for a Server-to-Server app, or authorise a general app again",
        }
    }
}

impl ToJson for AppType {
    fn write_json(&self, out: &mut String) {
        let code = match self {
            AppType::ServerToServer => "server_to_server",
            AppType::AdminManaged => "admin_managed",
            AppType::UserManaged => "user_managed",
            AppType::Unknown => "unknown",
        };
        json::string(out, code);
    }
}

fn infer_general_app(scopes: Option<&[String]>) -> AppType {
    let Some(scopes) = scopes.filter(|list| !list.is_empty()) else {
        return AppType::Unknown;
    };
    let any_account_level = scopes.iter().any(|scope| Scope::parse(scope).level != ScopeLevel::User);
    if any_account_level {
        AppType::AdminManaged
    } else {
        AppType::UserManaged
    }
}

/// Picks the one scope to add from an any-of list that Zoom named (or that the catalog lists).
///
/// Granular scopes come first because every app created since Zoom introduced them gets granular
/// scopes. Among scopes the app type can hold, the level it normally uses wins: `:admin` for
/// account-level apps and user-level for user-managed apps. When the list has no scope the app type
/// can hold, the first granular scope of the list is returned, and the caller should explain that
/// the app type cannot use this endpoint as called. Returns `None` for an empty list.
pub fn scope_to_add<S: AsRef<str>>(candidates: &[S], app_type: AppType) -> Option<String> {
    let parsed: Vec<Scope> = candidates.iter().map(|scope| Scope::parse(scope.as_ref())).collect();
    parsed
        .iter()
        .min_by_key(|scope| rank_for(scope, app_type))
        .map(|scope| scope.raw.clone())
}

/// Orders candidates: lower is better. `min_by_key` keeps the first of equal ranks, so list order breaks ties.
fn rank_for(scope: &Scope, app_type: AppType) -> (u8, u8, u8) {
    let holdable = if app_type.can_hold(scope.level) { 0 } else { 1 };
    let level = match (app_type, scope.level) {
        (AppType::UserManaged, ScopeLevel::User) => 0,
        (_, ScopeLevel::Admin) => 0,
        (_, ScopeLevel::User) => 1,
        (_, ScopeLevel::Master) => 2,
    };
    let form = match scope.form {
        ScopeForm::Granular => 0,
        ScopeForm::Classic => 1,
        ScopeForm::Unknown => 2,
    };
    (holdable, level, form)
}

/// Returns the scopes of `granted` that are in `accepted`, in the order of `granted`.
pub fn held_among<'a, S: AsRef<str>>(granted: &'a [String], accepted: &[S]) -> Vec<&'a str> {
    granted.iter()
        .filter(|scope| {
            let parsed = Scope::parse(scope);
            accepted.iter().any(|wanted| parsed.same_as(wanted.as_ref()))
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parse_granular_user_level() {
        let scope = Scope::parse("phone:read:ai_call_summary");
        assert_eq!(scope.form, ScopeForm::Granular);
        assert_eq!(scope.service, "phone");
        assert_eq!(scope.action.as_deref(), Some("read"));
        assert_eq!(scope.data.as_deref(), Some("ai_call_summary"));
        assert_eq!(scope.level, ScopeLevel::User);
    }

    #[test]
    fn parse_granular_admin_and_master() {
        assert_eq!(Scope::parse("phone:read:ai_call_summary:admin").level, ScopeLevel::Admin);
        let master = Scope::parse("phone:read:ai_call_summary:master");
        assert_eq!(master.level, ScopeLevel::Master);
        assert_eq!(master.form, ScopeForm::Granular);
    }

    #[test]
    fn parse_classic_forms() {
        let read = Scope::parse("phone:read");
        assert_eq!(read.form, ScopeForm::Classic);
        assert_eq!(read.action.as_deref(), Some("read"));
        assert_eq!(read.level, ScopeLevel::User);

        let admin = Scope::parse("phone:read:admin");
        assert_eq!(admin.form, ScopeForm::Classic);
        assert_eq!(admin.data, None);
        assert_eq!(admin.level, ScopeLevel::Admin);

        let master = Scope::parse("phone:master");
        assert_eq!(master.form, ScopeForm::Classic);
        assert_eq!(master.action, None);
        assert_eq!(master.level, ScopeLevel::Master);

        let log = Scope::parse("phone_call_log:read:admin");
        assert_eq!(log.service, "phone_call_log");
        assert_eq!(log.level, ScopeLevel::Admin);
    }

    #[test]
    fn parse_unknown_never_fails() {
        for text in ["", ":", "a::b", "a:b:c:d:e", "phone:read:x:owner", "phone read", "phone:réad"] {
            let scope = Scope::parse(text);
            assert_eq!(scope.form, ScopeForm::Unknown, "{text:?}");
            assert_eq!(scope.raw, text.trim());
        }
    }

    #[test]
    fn parse_trims_whitespace() {
        assert_eq!(Scope::parse("  phone:read \n").raw, "phone:read");
    }

    #[test]
    fn same_as_ignores_case_only() {
        let scope = Scope::parse("phone:read:admin");
        assert!(scope.same_as("PHONE:read:admin"));
        assert!(!scope.same_as("phone:read"));
    }

    #[test]
    fn app_type_levels() {
        assert!(AppType::ServerToServer.can_hold(ScopeLevel::Admin));
        assert!(!AppType::ServerToServer.can_hold(ScopeLevel::User));
        assert!(AppType::UserManaged.can_hold(ScopeLevel::User));
        assert!(!AppType::UserManaged.can_hold(ScopeLevel::Admin));
        assert!(AppType::Unknown.can_hold(ScopeLevel::Master));
    }

    #[test]
    fn infer_app_type_from_kind_and_scopes() {
        assert_eq!(AppType::infer(TokenKind::S2sAccess, None), AppType::ServerToServer);
        let user_scopes = strings(&["phone:read:ai_call_summary", "user:read:user"]);
        assert_eq!(AppType::infer(TokenKind::UserAccess, Some(&user_scopes)), AppType::UserManaged);
        let admin_scopes = strings(&["phone:read:ai_call_summary:admin"]);
        assert_eq!(AppType::infer(TokenKind::UserAccess, Some(&admin_scopes)), AppType::AdminManaged);
        assert_eq!(AppType::infer(TokenKind::UserAccess, None), AppType::Unknown);
        assert_eq!(AppType::infer(TokenKind::Refresh, Some(&admin_scopes)), AppType::Unknown);
    }

    #[test]
    fn scope_to_add_per_app_type() {
        let zoom_list = ["phone:read:ai_call_summary", "phone:read:ai_call_summary:admin"];
        assert_eq!(scope_to_add(&zoom_list, AppType::ServerToServer).as_deref(), Some("phone:read:ai_call_summary:admin"));
        assert_eq!(scope_to_add(&zoom_list, AppType::AdminManaged).as_deref(), Some("phone:read:ai_call_summary:admin"));
        assert_eq!(scope_to_add(&zoom_list, AppType::UserManaged).as_deref(), Some("phone:read:ai_call_summary"));
        assert_eq!(scope_to_add(&zoom_list, AppType::Unknown).as_deref(), Some("phone:read:ai_call_summary:admin"));
    }

    #[test]
    fn scope_to_add_prefers_granular() {
        let mixed = ["phone:read:admin", "phone:read", "phone:read:ai_call_summary:admin", "phone:read:ai_call_summary"];
        assert_eq!(scope_to_add(&mixed, AppType::ServerToServer).as_deref(), Some("phone:read:ai_call_summary:admin"));
        assert_eq!(scope_to_add(&mixed, AppType::UserManaged).as_deref(), Some("phone:read:ai_call_summary"));
    }

    #[test]
    fn scope_to_add_master_only_list() {
        let master = ["phone:read:ai_call_summary:master"];
        assert_eq!(scope_to_add(&master, AppType::ServerToServer).as_deref(), Some("phone:read:ai_call_summary:master"));
        assert_eq!(scope_to_add(&master, AppType::UserManaged).as_deref(), Some("phone:read:ai_call_summary:master"));
    }

    #[test]
    fn scope_to_add_admin_only_list() {
        // Zoom names only `:admin` scopes when a user-level token passes an explicit user ID. The
        // admin scope is still the only candidate, so the caller must explain that `me` is the fix.
        let admin_only = ["recording:read:admin"];
        assert_eq!(scope_to_add(&admin_only, AppType::UserManaged).as_deref(), Some("recording:read:admin"));
    }

    #[test]
    fn scope_to_add_empty_list() {
        let empty: [&str; 0] = [];
        assert_eq!(scope_to_add(&empty, AppType::Unknown), None);
    }

    #[test]
    fn held_among_keeps_matches() {
        let held = strings(&["user:read:user:admin", "phone:read:admin"]);
        assert_eq!(held_among(&held, &["phone:read", "phone:read:admin"]), vec!["phone:read:admin"]);
        assert!(held_among(&held, &["phone:read:ai_call_summary"]).is_empty());
    }
}
