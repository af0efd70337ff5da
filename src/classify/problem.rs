//! The RFC 9457 problem document of a diagnosis.

use percent_encoding::utf8_percent_encode;

use super::scopes::PATH_SEGMENT;
use super::Diagnosis;
use crate::json::{self, ToJson};

/// The RFC 9457 problem document of a diagnosis: `type`, `title`, `status`, `detail` and
/// `instance`, then the diagnosis fields as extension members. It borrows the diagnosis instead of
/// copying its fields.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    diagnosis: &'a Diagnosis,
}

/// The status a problem reports when Zoom sent no response, as a gateway would.
const NO_RESPONSE_STATUS: u16 = 502;

impl<'a> Problem<'a> {
    pub(crate) fn new(diagnosis: &'a Diagnosis) -> Self {
        Problem { diagnosis }
    }

    /// Returns the `type` member: `/problems/<kind>`, a relative URI whose page documents the kind.
    pub fn type_uri(&self) -> String {
        ["/problems/", self.diagnosis.kind.as_str()].concat()
    }

    /// Returns the `status` member: Zoom's status, or 502 when no response arrived.
    pub fn status(&self) -> u16 {
        match self.diagnosis.zoom.status {
            0 => NO_RESPONSE_STATUS,
            status => status,
        }
    }
}

impl Problem<'_> {
    /// Writes the document, given the JSON text of the members it shares with the diagnosis
    /// (`Diagnosis::shared_members_json`).
    pub(super) fn write_with_members(&self, out: &mut String, shared: &str) {
        let mut writer = json::object(out);
        self.write_members(&mut writer);
        writer.field("kind", &self.diagnosis.kind).members(shared).end();
    }

    fn write_members(&self, writer: &mut json::ObjectWriter) {
        let diagnosis = self.diagnosis;
        writer
            .field("type", &self.type_uri())
            .field("title", &diagnosis.title)
            .field("status", &self.status())
            .field("detail", &diagnosis.explanation);
        writer.optional("instance", &diagnosis.instance);
    }
}

impl ToJson for Problem<'_> {
    fn write_json(&self, out: &mut String) {
        self.write_with_members(out, &self.diagnosis.shared_members_json());
    }
}

const TRACKING_URN_PREFIX: &str = "urn:zoom:trackingid:";

/// Identifies this occurrence: Zoom's tracking id is what Zoom support looks requests up by.
/// `request_path` returns the scrubbed request path, and runs only when there is no tracking id.
pub(crate) fn instance(tracking_id: Option<&str>, request_path: impl FnOnce() -> Option<String>) -> Option<String> {
    if let Some(id) = tracking_id {
        // Appended chunk by chunk into room for the worst case, every byte encoded as `%XX`,
        // because `format!` with the encoder's Display goes through `core::fmt` and grows the text twice.
        let mut urn = String::with_capacity(TRACKING_URN_PREFIX.len() + 3 * id.len());
        urn.push_str(TRACKING_URN_PREFIX);
        urn.extend(utf8_percent_encode(id, PATH_SEGMENT));
        return Some(urn);
    }
    request_path()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_prefers_tracking_id() {
        let path = || Some("/v2/x".to_owned());
        let value = instance(Some("v=2.0;clid=us06;rid=WEB_1"), path);
        assert_eq!(value.as_deref(), Some("urn:zoom:trackingid:v%3D2.0%3Bclid%3Dus06%3Brid%3DWEB_1"));
        assert_eq!(instance(None, path).as_deref(), Some("/v2/x"));
        assert_eq!(instance(None, || None), None);
    }
}
