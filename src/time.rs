//! Conversions between epoch seconds and the date formats Zoom uses (ISO 8601 and HTTP dates).
