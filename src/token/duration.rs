//! Human-readable times for warning messages.

const UNITS: [(u64, &str); 5] = [(365 * 86_400, "year"), (86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")];

/// Formats a duration as its two largest non-zero units, such as "1 hour 5 minutes".
///
/// A year counts as 365 days, which is close enough for a message.
pub(super) fn describe_duration(seconds: u64) -> String {
    let mut rest = seconds;
    let mut words = Vec::with_capacity(2);

    for (unit, name) in UNITS {
        let count = rest / unit;
        if count > 0 && words.len() < 2 {
            words.push(format!("{count} {name}{}", if count == 1 { "" } else { "s" }));
            rest %= unit;
        } else if !words.is_empty() {
            // Units are shown only when adjacent, so "1 hour 5 seconds" becomes "1 hour".
            break;
        }
    }

    if words.is_empty() {
        return "0 seconds".to_owned();
    }
    words.join(" ")
}

/// Formats epoch seconds as an ISO 8601 UTC timestamp, such as `2025-12-01T12:00:00Z`.
///
/// Every input is accepted: values beyond 2^62 seconds are clamped, far past any real claim.
pub(super) fn format_utc(seconds: i64) -> String {
    crate::time::format_iso8601(seconds.clamp(-(1 << 62), 1 << 62))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_two_largest_units() {
        assert_eq!(describe_duration(0), "0 seconds");
        assert_eq!(describe_duration(1), "1 second");
        assert_eq!(describe_duration(3_600), "1 hour");
        assert_eq!(describe_duration(3_900), "1 hour 5 minutes");
        assert_eq!(describe_duration(7_200 + 30), "2 hours");
        assert_eq!(describe_duration(90_061), "1 day 1 hour");
        assert_eq!(describe_duration(473_040_000), "15 years");
    }

    #[test]
    fn duration_handles_maximum() {
        assert!(describe_duration(u64::MAX).starts_with("584942417355 years"));
    }

    #[test]
    fn utc_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_764_590_400), "2025-12-01T12:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn utc_extremes_do_not_panic() {
        assert!(!format_utc(i64::MAX).is_empty());
        assert!(!format_utc(i64::MIN).is_empty());
    }
}
