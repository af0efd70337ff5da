//! The JSON text of a [`TokenReport`], as `introspectToken` returns it to JavaScript.

use super::{ScopeSource, TextShape, TokenKind, TokenReport, Warning, WarningLevel};
use crate::json::{self, ToJson};

impl ToJson for TokenKind {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for WarningLevel {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for ScopeSource {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for TextShape {
    fn write_json(&self, out: &mut String) {
        json::string(out, self.as_str());
    }
}

impl ToJson for Warning {
    fn write_json(&self, out: &mut String) {
        json::object(out).field("code", self.code).field("level", &self.level).field("message", &self.message).end();
    }
}

impl ToJson for TokenReport {
    fn to_json(&self) -> String {
        // A Zoom access token's report is about 1,500 bytes, so this one reservation is enough.
        let mut out = String::with_capacity(2048);
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        json::object(out)
            .field("kind", &self.kind)
            .field("version", &self.version)
            .field("clientId", &self.client_id)
            .field("accountId", &self.account_id)
            .field("userId", &self.user_id)
            .field("issuedAt", &self.issued_at)
            .field("notBefore", &self.not_before)
            .field("expiresAt", &self.expires_at)
            .field("expired", &self.expired)
            .field("secondsLeft", &self.seconds_left)
            .field("scopes", &self.scopes)
            .field("scopeSource", &self.scope_source)
            .field("apiUrl", &self.api_url)
            .raw("header", self.header.as_deref().unwrap_or("null"))
            .raw("claims", self.claims.as_deref().unwrap_or("null"))
            .field("unverified", &self.unverified)
            .field("looksLike", &self.looks_like)
            .field("redacted", &self.redacted)
            .field("fingerprint", &self.fingerprint)
            .field("warnings", &self.warnings)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_codes_written_as_strings() {
        let kinds = [
            (TokenKind::S2sAccess, "s2s_access"), (TokenKind::UserAccess, "user_access"), (TokenKind::Refresh, "refresh"),
            (TokenKind::ZoomUnknown, "zoom_unknown"), (TokenKind::LegacyJwtApp, "legacy_jwt_app"),
            (TokenKind::MeetingSdkJwt, "meeting_sdk_jwt"), (TokenKind::ForeignJwt, "foreign_jwt"), (TokenKind::NotAJwt, "not_a_jwt"),
        ];
        for (kind, code) in kinds {
            assert_eq!(kind.to_json(), format!("\"{code}\""));
        }
        assert_eq!(WarningLevel::Info.to_json(), "\"info\"");
        assert_eq!(WarningLevel::Warning.to_json(), "\"warning\"");
        assert_eq!(ScopeSource::TokenResponse.to_json(), "\"token_response\"");
        assert_eq!(ScopeSource::Unknown.to_json(), "\"unknown\"");
    }
}
