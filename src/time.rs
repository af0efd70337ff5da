//! Conversions between epoch seconds and the date formats Zoom uses (ISO 8601 and HTTP dates).
//!
//! Dates are converted with the proleptic Gregorian calendar through day counts (the
//! `days_from_civil` and `civil_from_days` algorithms), so no date library is needed. Every function
//! works on UTC and on whole seconds.

const SECONDS_PER_DAY: i64 = 86_400;

/// Years accepted by the parsers. The bounds keep every computation far from `i64` overflow.
const YEAR_RANGE: std::ops::RangeInclusive<i64> = 0..=9999;

const MONTH_NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Formats epoch seconds as an ISO 8601 UTC date-time, such as `2025-12-02T00:00:00Z`.
pub fn format_iso8601(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = epoch_seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    if !YEAR_RANGE.contains(&year) {
        return format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60
        );
    }

    // The fields are packed into one number, YYYYMMDDhhmmss, whose digits fill a template. In wasm
    // at the size-first opt-level, `core::fmt` and a push per digit both cost more than the date
    // math, and the classifier formats a date whenever the context has a token.
    let hour = second_of_day / 3600;
    let minute = second_of_day % 3600 / 60;
    let second = second_of_day % 60;
    let mut packed = ((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) * 100 + second;
    let mut text = *b"0000-00-00T00:00:00Z";
    for byte in text.iter_mut().rev().filter(|byte| **byte == b'0') {
        *byte = b'0' + (packed % 10) as u8;
        packed /= 10;
    }
    String::from_utf8(text.to_vec()).unwrap_or_default()
}

/// Parses an ISO 8601 date or date-time into epoch seconds.
///
/// Accepts `YYYY-MM-DD`, then optionally `T` (or a space) and `HH:MM[:SS[.fraction]]`, then
/// optionally `Z` or an offset `+HH:MM`, `+HHMM` or `+HH`. Fractions of a second are dropped.
/// Returns `None` for anything else, including out-of-range fields.
///
/// NOTE: a date-time without `Z` or an offset is read as UTC, because Zoom writes its times in
/// GMT; a server that sends local time without an offset would be misread.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = text.get(..10)?;
    let days = parse_iso_date(date)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(days * SECONDS_PER_DAY);
    }

    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(rest)?;
    let second_of_day = parse_clock(clock)?;

    Some(days * SECONDS_PER_DAY + second_of_day - offset)
}

/// Parses an HTTP date (RFC 9110 section 5.6.7) into epoch seconds.
///
/// Accepts the preferred IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms
/// that recipients must still accept: RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). The weekday name is not checked against the date.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let text = text.trim();
    match text.split_once(',') {
        Some((_weekday, rest)) => parse_imf_or_rfc850(rest),
        None => parse_asctime(text),
    }
}

/// Parses a `Retry-After` value into the epoch second at which a retry is allowed.
///
/// Accepts delay seconds (`120`, counted from `now`), an HTTP date, or an ISO 8601 date-time (Zoom
/// sends ISO 8601 on daily rate limits, although RFC 9110 allows only the first two).
pub fn parse_retry_after(value: &str, now: i64) -> Option<i64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        let delay: i64 = value.parse().ok()?;
        return now.checked_add(delay);
    }

    parse_http_date(value).or_else(|| parse_iso8601(value))
}

/// Returns the first 00:00:00 UTC strictly after `now`.
pub fn next_utc_midnight(now: i64) -> i64 {
    next_utc_time_of_day(now, 0)
}

/// Returns the first instant strictly after `now` whose UTC time of day is `second_of_day`.
pub fn next_utc_time_of_day(now: i64, second_of_day: i64) -> i64 {
    let second_of_day = second_of_day.rem_euclid(SECONDS_PER_DAY);
    // Saturating, because a clock near i64::MAX has no next day to return.
    let candidate = (now.div_euclid(SECONDS_PER_DAY) * SECONDS_PER_DAY).saturating_add(second_of_day);
    if candidate > now {
        candidate
    } else {
        candidate.saturating_add(SECONDS_PER_DAY)
    }
}

/// Parses `HH:MM:SS` into seconds since midnight.
pub fn parse_time_of_day(text: &str) -> Option<i64> {
    let mut parts = text.split(':');
    let hour = parse_number(parts.next()?, 2)?;
    let minute = parse_number(parts.next()?, 2)?;
    let second = parse_number(parts.next()?, 2)?;
    if parts.next().is_some() {
        return None;
    }
    clock_seconds(hour, minute, second)
}

/// Returns the number of days from 1970-01-01 to the given civil date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Returns the civil date (year, month, day) of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Validates a civil date and returns its day count.
fn checked_days(year: i64, month: i64, day: i64) -> Option<i64> {
    let valid = YEAR_RANGE.contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| days_from_civil(year, month, day))
}

/// Parses an unsigned decimal of exactly `width` ASCII digits.
fn parse_number(text: &str, width: usize) -> Option<i64> {
    if text.len() != width || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Accepts second 60 (a leap second) and folds it into the next minute, as POSIX time does.
fn clock_seconds(hour: i64, minute: i64, second: i64) -> Option<i64> {
    let valid = (0..=23).contains(&hour) && (0..=59).contains(&minute) && (0..=60).contains(&second);
    valid.then_some(hour * 3600 + minute * 60 + second)
}

fn parse_iso_date(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = parse_number(date.get(0..4)?, 4)?;
    let month = parse_number(date.get(5..7)?, 2)?;
    let day = parse_number(date.get(8..10)?, 2)?;
    checked_days(year, month, day)
}

/// Splits `HH:MM:SS.fffZ` or `HH:MM+01:00` into the clock part and the offset in seconds.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }

    let Some(sign_index) = text.rfind(['+', '-']) else {
        return Some((text, 0));
    };
    let (clock, offset) = text.split_at(sign_index);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    let hours = parse_number(digits.get(0..2)?, 2)?;
    let minutes = match digits.len() {
        2 => 0,
        4 => parse_number(&digits[2..4], 2)?,
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 3600 + minutes * 60)))
}

/// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` into seconds since midnight.
fn parse_clock(clock: &str) -> Option<i64> {
    let whole = match clock.split_once(['.', ',']) {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) => whole,
        Some(_) => return None,
        None => clock,
    };

    let mut parts = whole.split(':');
    let hour = parse_number(parts.next()?, 2)?;
    let minute = parse_number(parts.next()?, 2)?;
    let second = match parts.next() {
        Some(second) => parse_number(second, 2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    clock_seconds(hour, minute, second)
}

fn month_from_name(name: &str) -> Option<i64> {
    let lower = name.to_ascii_lowercase();
    let index = MONTH_NAMES.iter().position(|month| *month == lower)?;
    Some(index as i64 + 1)
}

/// Parses the part after the weekday: `06 Nov 1994 08:49:37 GMT` or `06-Nov-94 08:49:37 GMT`.
fn parse_imf_or_rfc850(rest: &str) -> Option<i64> {
    let mut fields = rest.split_whitespace();
    let date = fields.next()?;
    let (day, month, year) = if date.contains('-') {
        let mut parts = date.split('-');
        let day = parts.next()?;
        let month = parts.next()?;
        let year = parse_rfc850_year(parts.next()?)?;
        (day, month, year)
    } else {
        let month = fields.next()?;
        let year = parse_number(fields.next()?, 4)?;
        (date, month, year)
    };

    let clock = fields.next()?;
    if !fields.next()?.eq_ignore_ascii_case("GMT") || fields.next().is_some() {
        return None;
    }
    let days = checked_days(year, month_from_name(month)?, parse_number(day, 2)?)?;
    Some(days * SECONDS_PER_DAY + parse_time_of_day(clock)?)
}

/// RFC 9110 reads a two-digit year that looks more than 50 years ahead as the previous century.
/// This module has no clock, so it uses a fixed pivot instead: 70-99 are 19xx and 00-69 are 20xx.
fn parse_rfc850_year(text: &str) -> Option<i64> {
    let year = parse_number(text, 2)?;
    Some(if year >= 70 { 1900 + year } else { 2000 + year })
}

/// Parses `Sun Nov  6 08:49:37 1994`.
fn parse_asctime(text: &str) -> Option<i64> {
    let mut fields = text.split_whitespace();
    let _weekday = fields.next()?;
    let month = month_from_name(fields.next()?)?;
    let day_text = fields.next()?;
    let day = if day_text.len() == 1 { parse_number(day_text, 1)? } else { parse_number(day_text, 2)? };
    let clock = fields.next()?;
    let year = parse_number(fields.next()?, 4)?;
    if fields.next().is_some() {
        return None;
    }

    let days = checked_days(year, month, day)?;
    Some(days * SECONDS_PER_DAY + parse_time_of_day(clock)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-12-01T12:00:00Z, the clock the project's cases are judged at.
    const NOW: i64 = 1_764_590_400;
    const NEXT_MIDNIGHT: i64 = 1_764_633_600;

    #[test]
    fn format_known_instants() {
        assert_eq!(format_iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_iso8601(NOW), "2025-12-01T12:00:00Z");
        assert_eq!(format_iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_iso8601(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn format_extreme_values_do_not_panic() {
        let _ = format_iso8601(i64::MAX);
        let _ = format_iso8601(i64::MIN);
    }

    #[test]
    fn format_matches_core_fmt() {
        let year_zero = -62_167_219_200;
        let year_10000 = 253_402_300_800;
        for instant in [0, NOW, 59, 3599, 86_399, year_zero - 1, year_zero, year_10000 - 1, year_10000, -1, 1_000_000_007] {
            let days = instant.div_euclid(SECONDS_PER_DAY);
            let second = instant.rem_euclid(SECONDS_PER_DAY);
            let (year, month, day) = civil_from_days(days);
            let expected = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", second / 3600, second % 3600 / 60, second % 60);
            assert_eq!(format_iso8601(instant), expected, "instant {instant}");
        }
    }

    #[test]
    fn iso_round_trip() {
        for instant in [0, NOW, NEXT_MIDNIGHT, 951_782_400, 4_102_444_799, -86_400 * 365] {
            assert_eq!(parse_iso8601(&format_iso8601(instant)), Some(instant), "instant {instant}");
        }
    }

    #[test]
    fn iso_accepts_variants() {
        assert_eq!(parse_iso8601("2025-12-02T00:00:00Z"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02 00:00:00"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02T00:00Z"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02T00:00:00.123Z"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02t00:00:00z"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02T01:00:00+01:00"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-01T23:00:00-0100"), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_iso8601("2025-12-02T02:00:00+02"), Some(NEXT_MIDNIGHT));
    }

    #[test]
    fn iso_rejects_invalid_fields() {
        for text in ["", "2025-13-01", "2025-02-30", "2025-12-02T24:00:00Z", "2025-12-02T00:60Z", "2025/12/02", "2025-12-02T", "2025-12-02Tnoon", "２０２５-12-02", "2025-12-02T00:00:00+5"] {
            assert_eq!(parse_iso8601(text), None, "input {text:?}");
        }
    }

    #[test]
    fn http_date_all_three_forms() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
        assert_eq!(parse_http_date("Tue, 02 Dec 2025 00:00:00 GMT"), Some(NEXT_MIDNIGHT));
    }

    #[test]
    fn http_date_rejects_garbage() {
        for text in ["", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "yesterday", ","] {
            assert_eq!(parse_http_date(text), None, "input {text:?}");
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120", NOW), Some(NOW + 120));
        assert_eq!(parse_retry_after(" 0 ", NOW), Some(NOW));
        assert_eq!(parse_retry_after("Tue, 02 Dec 2025 00:00:00 GMT", NOW), Some(NEXT_MIDNIGHT));
        assert_eq!(parse_retry_after("2025-12-02T00:00:00Z", NOW), Some(NEXT_MIDNIGHT));
    }

    #[test]
    fn retry_after_rejects_bad_values() {
        for text in ["", "-5", "1.5", "soon", "99999999999999999999999"] {
            assert_eq!(parse_retry_after(text, NOW), None, "input {text:?}");
        }
        assert_eq!(parse_retry_after("9223372036854775807", NOW), None);
    }

    #[test]
    fn next_midnight_is_strictly_after() {
        assert_eq!(next_utc_midnight(NOW), NEXT_MIDNIGHT);
        assert_eq!(next_utc_midnight(NEXT_MIDNIGHT), NEXT_MIDNIGHT + SECONDS_PER_DAY);
        assert_eq!(next_utc_midnight(NEXT_MIDNIGHT - 1), NEXT_MIDNIGHT);
        assert_eq!(next_utc_midnight(-1), 0);
    }

    #[test]
    fn time_of_day_parsing() {
        assert_eq!(parse_time_of_day("00:00:00"), Some(0));
        assert_eq!(parse_time_of_day("23:59:59"), Some(86_399));
        assert_eq!(parse_time_of_day("24:00:00"), None);
        assert_eq!(parse_time_of_day("1:00:00"), None);
    }
}
