//! Turns a `phone.ai_call_summary_changed` webhook event into the target to fetch.

use serde_json::Value;

use super::{validate_id, SummaryTarget};
use crate::json::{self, ToJson};
use crate::error::quoted;
use crate::{Error, Result};

/// The event that announces a new, edited or deleted AI call summary.
pub const SUMMARY_EVENT: &str = "phone.ai_call_summary_changed";

/// Action to take for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    /// Fetch the summary with the returned target.
    Fetch,
    /// Nothing to fetch: the summary was deleted.
    Skip,
}

/// The fields of a `phone.ai_call_summary_changed` event, with the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEvent {
    /// `fetch`, or `skip` for a deleted summary.
    pub action: EventAction,
    /// The target to pass to the request builder; `None` when the summary was deleted.
    pub target: Option<SummaryTarget>,
    /// `payload.object.deleted`.
    pub deleted: bool,
    /// `payload.object.edited`: a person changed the summary, so an earlier copy is stale.
    pub edited: bool,
    /// `payload.object.ai_call_summary_id`.
    pub summary_id: String,
    /// `payload.object.user_id`, the summary's owner, when present.
    pub user_id: Option<String>,
    /// `payload.account_id`, the account the event came from.
    pub account_id: Option<String>,
    /// `payload.object.call_id`.
    pub call_id: Option<String>,
    /// `payload.object.modified_time`; deduplicate on (summary id, modified time), because edits resend the event.
    pub modified_time: Option<String>,
    /// `event_ts`, milliseconds since the epoch.
    pub event_ts: Option<i64>,
    /// A sentence saying what to do.
    pub message: String,
}

impl ToJson for EventAction {
    fn write_json(&self, out: &mut String) {
        let code = match self {
            EventAction::Fetch => "fetch",
            EventAction::Skip => "skip",
        };
        json::string(out, code);
    }
}

impl ToJson for SummaryEvent {
    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("action", &self.action)
            .field("target", &self.target)
            .field("deleted", &self.deleted)
            .field("edited", &self.edited)
            .field("summaryId", &self.summary_id)
            .field("userId", &self.user_id)
            .field("accountId", &self.account_id)
            .field("callId", &self.call_id)
            .field("modifiedTime", &self.modified_time)
            .field("eventTs", &self.event_ts)
            .field("message", &self.message)
            .end();
    }
}

/// Reads a `phone.ai_call_summary_changed` event given as JSON text.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the text is not JSON, and as [`summary_target_from_event`].
pub fn summary_target_from_event_str(text: &str) -> Result<SummaryEvent> {
    let event: Value = serde_json::from_slice(text.trim().as_bytes())
        .map_err(|error| Error::invalid_argument(format!("event is not valid JSON ({error}): pass the webhook request body as received")))?;
    summary_target_from_event(&event)
}

/// Reads a parsed `phone.ai_call_summary_changed` event.
///
/// The owner and summary id come from `payload.object.user_id` and `payload.object.ai_call_summary_id`.
/// A deleted summary (`deleted: true`) gets the `skip` verdict and no target, because Zoom returns
/// 404 for it.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for another event, a missing `payload.object`, a missing or invalid
/// `ai_call_summary_id`, or a missing or invalid `user_id` on an event that is not a deletion.
pub fn summary_target_from_event(event: &Value) -> Result<SummaryEvent> {
    if !event.is_object() {
        return Err(Error::invalid_argument("event must be a JSON object: pass the webhook request body"));
    }
    check_event_name(event)?;

    let payload = event.get("payload").filter(|value| value.is_object()).ok_or_else(|| missing("payload"))?;
    let object = payload.get("object").filter(|value| value.is_object()).ok_or_else(|| missing("payload.object"))?;

    let summary_id = string_field(object, "ai_call_summary_id").ok_or_else(|| missing("payload.object.ai_call_summary_id"))?;
    validate_id("payload.object.ai_call_summary_id", &summary_id)?;
    let deleted = object.get("deleted").and_then(Value::as_bool).unwrap_or(false);
    let user_id = string_field(object, "user_id");

    let (action, target, message) = if deleted {
        (EventAction::Skip, None, format!("summary {summary_id} was deleted, so there is nothing to fetch: remove any stored copy"))
    } else {
        let user_id = user_id.clone().ok_or_else(|| missing("payload.object.user_id"))?;
        validate_id("payload.object.user_id", &user_id)?;
        // NOTE: the target always uses the user path. A master account that receives a
        // sub-account's event must set sub_account_id to payload.account_id itself.
        let message = format!("fetch summary {summary_id} of user {user_id} from the user path");
        (EventAction::Fetch, Some(SummaryTarget { user_id, summary_id: summary_id.clone(), sub_account_id: None }), message)
    };

    Ok(SummaryEvent {
        action,
        target,
        deleted,
        edited: object.get("edited").and_then(Value::as_bool).unwrap_or(false),
        summary_id,
        user_id,
        account_id: string_field(payload, "account_id"),
        call_id: string_field(object, "call_id"),
        modified_time: string_field(object, "modified_time"),
        event_ts: event.get("event_ts").and_then(Value::as_i64),
        message,
    })
}

fn check_event_name(event: &Value) -> Result<()> {
    match event.get("event").and_then(Value::as_str) {
        Some(SUMMARY_EVENT) => Ok(()),
        Some(other) => Err(Error::invalid_argument(format!(
            "event is {}, not \"{SUMMARY_EVENT}\": only AI call summary events name a summary to fetch",
            quoted(other)
        ))),
        None => Err(missing("event")),
    }
}

fn missing(field: &str) -> Error {
    Error::invalid_argument(format!(
        "the event has no {field}: pass the whole body of a {SUMMARY_EVENT} webhook request"
    ))
}

/// Reads a non-empty string field; numbers are accepted too, since some clients re-encode ids as numbers.
fn string_field(value: &Value, name: &str) -> Option<String> {
    match value.get(name)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(object: Value) -> Value {
        json!({"event": SUMMARY_EVENT, "event_ts": 1_724_455_515_040_i64, "payload": {"account_id": "acc", "object": object}})
    }

    #[test]
    fn event_gives_target() {
        let found = summary_target_from_event(&event(json!({
            "ai_call_summary_id": "sum1", "user_id": "user1", "call_id": "066bd0dee0066150033",
            "modified_time": "2023-10-08T16:12:04Z", "edited": true, "deleted": false
        })))
        .unwrap();
        assert_eq!(found.action, EventAction::Fetch);
        let target = found.target.unwrap();
        assert_eq!(target.user_id, "user1");
        assert_eq!(target.summary_id, "sum1");
        assert_eq!(found.account_id.as_deref(), Some("acc"));
        assert_eq!(found.call_id.as_deref(), Some("066bd0dee0066150033"));
        assert_eq!(found.modified_time.as_deref(), Some("2023-10-08T16:12:04Z"));
        assert_eq!(found.event_ts, Some(1_724_455_515_040));
        assert!(found.edited);
    }

    #[test]
    fn deleted_event_skips() {
        let found = summary_target_from_event(&event(json!({"ai_call_summary_id": "sum1", "deleted": true}))).unwrap();
        assert_eq!(found.action, EventAction::Skip);
        assert_eq!(found.target, None);
        assert!(found.message.contains("nothing to fetch"));
    }

    #[test]
    fn other_event_rejected() {
        let error = summary_target_from_event(&json!({"event": "phone.callee_ended", "payload": {}})).unwrap_err();
        assert!(error.to_string().contains("phone.callee_ended"));
    }

    #[test]
    fn missing_fields_named() {
        let no_user = summary_target_from_event(&event(json!({"ai_call_summary_id": "sum1"}))).unwrap_err();
        assert!(no_user.to_string().contains("payload.object.user_id"));
        let no_id = summary_target_from_event(&event(json!({"user_id": "u"}))).unwrap_err();
        assert!(no_id.to_string().contains("ai_call_summary_id"));
        let no_object = summary_target_from_event(&json!({"event": SUMMARY_EVENT, "payload": {}})).unwrap_err();
        assert!(no_object.to_string().contains("payload.object"));
        let no_name = summary_target_from_event(&json!({"payload": {}})).unwrap_err();
        assert!(no_name.to_string().contains("no event"));
    }

    #[test]
    fn text_event_parsed() {
        let text = r#"{"event":"phone.ai_call_summary_changed","payload":{"object":{"ai_call_summary_id":"s","user_id":"u"}}}"#;
        assert_eq!(summary_target_from_event_str(text).unwrap().action, EventAction::Fetch);
        assert!(summary_target_from_event_str("{not json").is_err());
        assert!(summary_target_from_event_str("[]").is_err());
    }

    #[test]
    fn traversal_id_rejected() {
        assert!(summary_target_from_event(&event(json!({"ai_call_summary_id": "../x", "user_id": "u"}))).is_err());
    }
}
