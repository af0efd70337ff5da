//! Other kinds that could explain the same response, each with why and how to tell them apart.

use super::facts::Facts;
use crate::json::{self, ToJson};
use super::kind::FailureKind;
use super::rules::{Cause, Verdict};

/// Another plausible kind for the same failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The other kind.
    pub kind: FailureKind,
    /// The reason it could also fit.
    pub why: String,
    /// How to tell it apart from the chosen kind.
    pub tell_apart: String,
}

impl ToJson for Alternative {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("kind", &self.kind).field("why", &self.why).field("tellApart", &self.tell_apart).end();
    }
}

fn alternative(kind: FailureKind, why: &str, tell_apart: &str) -> Alternative {
    Alternative { kind, why: why.to_owned(), tell_apart: tell_apart.to_owned() }
}

/// Returns the alternatives for a verdict, most plausible first.
pub(crate) fn alternatives(verdict: &Verdict, facts: &Facts) -> Vec<Alternative> {
    let uses_me = facts.request.as_ref().is_some_and(|request| request.uses_me);
    let mut list = Vec::new();
    match verdict.kind {
        FailureKind::MasterAccountRequired => list.push(alternative(
            FailureKind::MissingScope,
            "If Zoom did approve your account as a master account, the token may simply lack the :master scope.",
            "Call the same endpoint without /accounts/{accountId}: if it works with the :admin scope, the master path was the problem.",
        )),
        FailureKind::MissingScope => {
            if facts.request.is_none() {
                list.push(alternative(
                    FailureKind::MasterAccountRequired,
                    "On a Master Account API path (/accounts/{accountId}/...) Zoom reports a missing scope when the account is not an approved master account.",
                    "Check whether the request path starts with /accounts/.",
                ));
            }
            if uses_me {
                list.push(alternative(
                    FailureKind::MeNotSupported,
                    "The path uses `me`, which only works with user-level tokens.",
                    "Introspect the token: a Server-to-Server token (claim type 3) must use an explicit user id.",
                ));
            }
        }
        FailureKind::TokenExpired => list.push(alternative(
            FailureKind::TokenInvalid,
            "Zoom answers superseded and revoked tokens the same way.",
            "Introspect the token: an exp in the past means expired; an unexpired token that fails is invalid.",
        )),
        FailureKind::TokenInvalid => {
            if facts.token.is_none() {
                list.push(alternative(
                    FailureKind::TokenExpired,
                    "Zoom sometimes answers expired tokens with \"Invalid access token.\".",
                    "Introspect the token: an exp in the past means it expired.",
                ));
            }
            if uses_me && facts.token.is_none() {
                list.push(alternative(
                    FailureKind::MeNotSupported,
                    "`me` with a Server-to-Server token fails with code 124 too.",
                    "Introspect the token: a Server-to-Server token (claim type 3) must use an explicit user id.",
                ));
            }
            list.push(alternative(
                FailureKind::AccountMismatch,
                "A token of another account, or of the other Zoom cloud, is rejected too.",
                "Compare the token's aid claim and api_url with the account and host of the request.",
            ));
        }
        FailureKind::TokenMissing => list.push(alternative(
            FailureKind::TokenInQuery,
            "A token sent only in the query string does not count as sent.",
            "Check where the token travels: only the Authorization header counts.",
        )),
        FailureKind::AccountMismatch => list.push(alternative(
            FailureKind::MasterAccountRequired,
            "On a Master Account API path the account must be a sub-account of an approved master account.",
            "Call the endpoint without /accounts/{accountId}: if it works, the account in the path was the problem.",
        )),
        FailureKind::PermissionDenied => permission_alternatives(verdict, &mut list),
        FailureKind::PhoneNotEnabled => list.push(alternative(
            FailureKind::PermissionDenied,
            "A 403 can also mean the token owner's role lacks Zoom Phone privileges.",
            "Open Zoom Phone in the web portal as the token owner: if Phone settings are there, Phone is enabled.",
        )),
        FailureKind::UserNotFound => {
            if uses_me {
                list.push(alternative(
                    FailureKind::MeNotSupported,
                    "`me` with a Server-to-Server token resolves to no Phone user.",
                    "Introspect the token: a Server-to-Server token (claim type 3) must use an explicit user id.",
                ));
            }
            list.push(alternative(
                FailureKind::AccountMismatch,
                "The user may exist in another account than the token's.",
                "Compare the account_id of the webhook event with the token's aid claim.",
            ));
        }
        FailureKind::SummaryNotFound => list.push(alternative(
            FailureKind::UserNotFound,
            "The summary may belong to another user than the one in the path.",
            "Take user_id and ai_call_summary_id from the same webhook event and retry.",
        )),
        FailureKind::EndpointNotRecognized => list.push(alternative(
            FailureKind::ValidationFailed,
            "Zoom answers some misshapen paths with a validation error instead.",
            "Compare the path with Zoom's API reference segment by segment.",
        )),
        FailureKind::ValidationFailed => list.push(alternative(
            FailureKind::EndpointNotRecognized,
            "A misshapen path can fail validation before routing.",
            "Compare the path with Zoom's API reference segment by segment.",
        )),
        FailureKind::UpstreamUnavailable if verdict.cause == Cause::Timeout => list.push(alternative(
            FailureKind::NetworkUnreachable,
            "A timeout can also come from your own network.",
            "Retry from another network: a Zoom-side timeout affects every caller.",
        )),
        FailureKind::SummaryEmpty => list.push(alternative(
            FailureKind::SummaryNotFound,
            "A summary that is still being generated or was deleted can look empty.",
            "Check the last phone.ai_call_summary_changed event for the summary: deleted, or edited later.",
        )),
        _ => {}
    }
    list
}

fn permission_alternatives(verdict: &Verdict, list: &mut Vec<Alternative>) {
    if verdict.cause == Cause::General {
        list.push(alternative(
            FailureKind::PhoneNotEnabled,
            "Zoom answers 403 when Zoom Phone is not set up, or when the user has no Zoom Phone licence.",
            "Check in the web portal that the user has a Zoom Phone licence and that Zoom Phone is enabled for the account.",
        ));
    }
    list.push(alternative(
        FailureKind::SummaryNotFound,
        "The user id in the path may not be the summary's owner.",
        "Take user_id from the same phone.ai_call_summary_changed event as the summary id and retry.",
    ));
    list.push(alternative(
        FailureKind::Unknown,
        "Zoom-side faults on this endpoint have been reported for Server-to-Server tokens with the right scope.",
        "If role, owner and licence all check out, send Zoom the tracking id.",
    ));
}
