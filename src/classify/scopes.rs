//! The scope variants the fixes name: the `:admin` variant for Server-to-Server and admin-managed
//! apps, the variant without a level for user-managed apps.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::catalog::{self, Endpoint};
use crate::scopes::{Scope, ScopeForm, ScopeLevel};

/// Characters percent-encoded in a path segment: everything but RFC 3986 unreserved characters.
pub(crate) const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Returns the catalog's scopes that allow the summary endpoint, or its Master Account variant (any
/// one is enough).
///
/// Granular scopes come before classic ones, and within each form the account-level scope comes
/// first, because that is the one a Server-to-Server token holds.
pub(crate) fn summary_scopes(master: bool) -> Vec<&'static str> {
    let id = if master { "get_user_ai_call_summary_master" } else { "get_user_ai_call_summary" };
    let mut accepted = catalog::get(id).map(Endpoint::accepted_scopes).unwrap_or_default();
    crate::sort::sort_small_by_key(&mut accepted, |scope| {
        let parsed = Scope::parse(scope);
        (parsed.form != ScopeForm::Granular, parsed.level == ScopeLevel::User)
    });
    accepted
}

/// Returns the scope without its level suffix: `a:b:c:admin` and `a:b:c:master` become `a:b:c`.
fn base(scope: &str) -> &str {
    scope.strip_suffix(":admin").or_else(|| scope.strip_suffix(":master")).unwrap_or(scope)
}

/// Returns the `:admin` variants of the listed scopes, without duplicates.
///
/// The classic scope `phone:master` maps to `phone:read:admin`, the classic scope that reads the
/// same data in one's own account.
pub(crate) fn admin_variants(listed: &[String]) -> Vec<String> {
    let variants = listed.iter().map(|scope| match scope.as_str() {
        "phone:master" => "phone:read:admin".to_owned(),
        other => [base(other), ":admin"].concat(),
    });
    dedup(variants)
}

/// Returns the variants without a level suffix, for user-managed apps.
pub(crate) fn user_variants(listed: &[String]) -> Vec<String> {
    let variants = listed.iter().map(|scope| match scope.as_str() {
        "phone:master" => "phone:read".to_owned(),
        other => base(other).to_owned(),
    });
    dedup(variants)
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn summary_scopes_from_catalog() {
        let user = ["phone:read:ai_call_summary:admin", "phone:read:ai_call_summary", "phone:read:admin", "phone:read"];
        assert_eq!(summary_scopes(false), user);
        assert_eq!(summary_scopes(true), ["phone:read:ai_call_summary:master", "phone:master"]);
    }

    #[test]
    fn admin_from_any_level() {
        let listed = owned(&["contact:read:list_contacts", "contact:read:list_contacts:admin"]);
        assert_eq!(admin_variants(&listed), owned(&["contact:read:list_contacts:admin"]));
        assert_eq!(admin_variants(&owned(&["phone:read:ai_call_summary:master"])), owned(&["phone:read:ai_call_summary:admin"]));
        assert_eq!(admin_variants(&owned(&["phone:master"])), owned(&["phone:read:admin"]));
    }

    #[test]
    fn user_from_any_level() {
        let listed = owned(&["user:read:list_users:admin"]);
        assert_eq!(user_variants(&listed), owned(&["user:read:list_users"]));
        assert_eq!(user_variants(&owned(&["phone:read:admin"])), owned(&["phone:read"]));
    }
}
