//! The RFC 9457 problem document of a diagnosis.

use percent_encoding::utf8_percent_encode;
use serde::Serialize;

use super::alternatives::Alternative;
use super::headers::RateLimit;
use super::kind::FailureKind;
use super::scopes::PATH_SEGMENT;
use super::{Diagnosis, ZoomReply};

/// An RFC 9457 problem document, with the diagnosis fields as extension members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// `/problems/<kind>`, a relative URI whose page documents the kind.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// The kind's short title.
    pub title: String,
    /// Zoom's HTTP status, or 502 when no response arrived.
    pub status: u16,
    /// The explanation of this occurrence.
    pub detail: String,
    /// `urn:zoom:trackingid:<id>` when Zoom sent a tracking id, else the request path without its
    /// query; absent when neither is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Extension member: the kind.
    pub kind: FailureKind,
    /// Extension member: the explanation (the same text as `detail`).
    pub explanation: String,
    /// Extension member: the ordered fixes.
    pub fixes: Vec<String>,
    /// Extension member: whether the same request can succeed later without a person's change.
    pub retryable: bool,
    /// Extension member: when to retry, ISO 8601.
    pub retry_at: Option<String>,
    /// Extension member: seconds until `retry_at`.
    pub retry_after_seconds: Option<i64>,
    /// Extension member: the scopes Zoom's message lists as missing.
    pub missing_scopes: Vec<String>,
    /// Extension member: the scopes of the token response in the context.
    pub held_scopes: Option<Vec<String>>,
    /// Extension member: the rate limit reached.
    pub rate_limit: Option<RateLimit>,
    /// Extension member: the token endpoint's `error`.
    pub oauth_error: Option<String>,
    /// Extension member: Zoom's status, code and message as received.
    pub zoom: ZoomReply,
    /// Extension member: the `x-zm-trackingid` header.
    pub tracking_id: Option<String>,
    /// Extension member: the serving cluster named in the tracking id.
    pub cluster: Option<String>,
    /// Extension member: the signals behind the verdict.
    pub evidence: Vec<String>,
    /// Extension member: other plausible kinds.
    pub alternatives: Vec<Alternative>,
}

/// The status a problem reports when Zoom sent no response, as a gateway would.
const NO_RESPONSE_STATUS: u16 = 502;

impl Problem {
    /// True for the placeholder that a diagnosis contains before its problem is built: its `type` is
    /// empty, which no built problem's is.
    pub(crate) fn is_unfilled(&self) -> bool {
        self.type_uri.is_empty()
    }

    /// Returns the `type` member of a diagnosis's problem.
    pub(crate) fn type_uri(diagnosis: &Diagnosis) -> String {
        format!("/problems/{}", diagnosis.kind.as_str())
    }

    /// Returns the `status` member: Zoom's status, or 502 when no response arrived.
    pub(crate) fn status(diagnosis: &Diagnosis) -> u16 {
        match diagnosis.zoom.status {
            0 => NO_RESPONSE_STATUS,
            status => status,
        }
    }

    /// Returns the `instance` member of a diagnosis's problem.
    pub(crate) fn instance(diagnosis: &Diagnosis, request_path: Option<&str>) -> Option<String> {
        instance(diagnosis.tracking_id.as_deref(), request_path)
    }

    /// Builds the problem document of a diagnosis whose `problem` is not filled in yet.
    pub(crate) fn from_diagnosis(diagnosis: &Diagnosis, request_path: Option<&str>) -> Problem {
        Problem {
            type_uri: Problem::type_uri(diagnosis),
            title: diagnosis.title.clone(),
            status: Problem::status(diagnosis),
            detail: diagnosis.explanation.clone(),
            instance: Problem::instance(diagnosis, request_path),
            kind: diagnosis.kind,
            explanation: diagnosis.explanation.clone(),
            fixes: diagnosis.fixes.clone(),
            retryable: diagnosis.retryable,
            retry_at: diagnosis.retry_at.clone(),
            retry_after_seconds: diagnosis.retry_after_seconds,
            missing_scopes: diagnosis.missing_scopes.clone(),
            held_scopes: diagnosis.held_scopes.clone(),
            rate_limit: diagnosis.rate_limit.clone(),
            oauth_error: diagnosis.oauth_error.clone(),
            zoom: diagnosis.zoom.clone(),
            tracking_id: diagnosis.tracking_id.clone(),
            cluster: diagnosis.cluster.clone(),
            evidence: diagnosis.evidence.clone(),
            alternatives: diagnosis.alternatives.clone(),
        }
    }
}

/// Identifies this occurrence: Zoom's tracking id is what Zoom support looks requests up by.
fn instance(tracking_id: Option<&str>, request_path: Option<&str>) -> Option<String> {
    if let Some(id) = tracking_id {
        return Some(format!("urn:zoom:trackingid:{}", utf8_percent_encode(id, PATH_SEGMENT)));
    }
    request_path.map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_prefers_tracking_id() {
        let value = instance(Some("v=2.0;clid=us06;rid=WEB_1"), Some("/v2/x"));
        assert_eq!(value.as_deref(), Some("urn:zoom:trackingid:v%3D2.0%3Bclid%3Dus06%3Brid%3DWEB_1"));
        assert_eq!(instance(None, Some("/v2/x")).as_deref(), Some("/v2/x"));
        assert_eq!(instance(None, None), None);
    }
}
