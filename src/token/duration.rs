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
/// Uses Howard Hinnant's `civil_from_days` algorithm for the proleptic Gregorian calendar. Every
/// input is accepted, and the arithmetic cannot overflow for `|seconds|` up to 2^62.
pub(super) fn format_utc(seconds: i64) -> String {
    let seconds = seconds.clamp(-(1 << 62), 1 << 62);
    let days = seconds.div_euclid(86_400);
    let time_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);

    let (hour, minute, second) = (time_of_day / 3_600, time_of_day % 3_600 / 60, time_of_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
