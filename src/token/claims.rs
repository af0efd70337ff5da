//! Reading individual claims without trusting their JSON types.
//!
//! Every claim is read in three states (absent, valid, malformed), so that `"exp": "soon"` is
//! reported as a malformed expiry instead of being mistaken for a token that never expires.

use serde_json::{Number, Value};

use super::members::{Member, Members};

/// Largest epoch-seconds value accepted in a time claim: JavaScript's `Number.MAX_SAFE_INTEGER`,
/// so every reported time survives `JSON.parse` exactly.
const MAX_TIME: i64 = 9_007_199_254_740_991;

/// The outcome of reading one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Claim<T> {
    /// The claim is missing or `null`.
    Absent,
    /// The claim has the expected type and range.
    Valid(T),
    /// The claim is present but unusable. The text describes its value instead, such as "a string".
    Malformed(&'static str),
}

impl<T> Claim<T> {
    /// Returns the valid value, or `None` when the claim is absent or malformed.
    pub(super) fn value(self) -> Option<T> {
        match self {
            Claim::Valid(value) => Some(value),
            _ => None,
        }
    }
}

/// A claim that could not be used, named for the warning that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MalformedClaim {
    /// The claim name as it appears in the token, such as `exp`.
    pub(super) name: &'static str,
    /// Description of the value found instead of the expected one, such as "a string".
    pub(super) problem: &'static str,
}

/// Records malformed claims while the typed values are read.
#[derive(Debug, Default)]
pub(super) struct ClaimReader<'a> {
    claims: Option<&'a Members<'a>>,
    malformed: Vec<MalformedClaim>,
}

impl<'a> ClaimReader<'a> {
    /// Creates a reader over a claims set, or over nothing for input that is not a JWT.
    pub(super) fn new(claims: Option<&'a Members<'a>>) -> Self {
        ClaimReader { claims, malformed: Vec::new() }
    }

    /// Returns the claims that were present but unusable, in the order they were read.
    pub(super) fn into_malformed(self) -> Vec<MalformedClaim> {
        self.malformed
    }

    /// Reads a NumericDate claim (`exp`, `iat`, `nbf`) as whole epoch seconds.
    pub(super) fn time(&mut self, name: &'static str) -> Option<i64> {
        let claim = self.get(name).map_or(Claim::Absent, parse_time);
        self.keep(name, claim)
    }

    /// Reads a string claim, trying each name in turn, so that `uid` falls back to the version 6
    /// name `userId`.
    pub(super) fn string(&mut self, names: &[&'static str]) -> Option<&'a str> {
        let (name, value) = names.iter().find_map(|name| Some((*name, self.get(name)?)))?;
        let claim = match value {
            Member::Text(text) => Claim::Valid(text.as_ref()),
            Member::Json(Value::Null) => Claim::Absent,
            Member::Json(other) => Claim::Malformed(describe_type(other)),
        };
        self.keep(name, claim)
    }

    /// Reads an integer claim such as `type`.
    pub(super) fn integer(&mut self, name: &'static str) -> Option<i64> {
        let claim = self.get(name).map_or(Claim::Absent, parse_integer);
        self.keep(name, claim)
    }

    /// Reads the `ver` claim, which Zoom's version 6 tokens hold as a string (`"6"`).
    pub(super) fn version(&mut self, name: &'static str) -> Option<i64> {
        let claim = match self.get(name) {
            Some(Member::Text(text)) => text
                .trim()
                .parse::<i64>()
                .map_or(Claim::Malformed("a string that is not a whole number"), Claim::Valid),
            Some(value) => parse_integer(value),
            None => Claim::Absent,
        };
        self.keep(name, claim)
    }

    fn get(&self, name: &str) -> Option<&'a Member<'a>> {
        self.claims?.get(name)
    }

    fn keep<T>(&mut self, name: &'static str, claim: Claim<T>) -> Option<T> {
        if let Claim::Malformed(problem) = claim {
            self.malformed.push(MalformedClaim { name, problem });
        }
        claim.value()
    }
}

/// Parses a NumericDate. RFC 7519 allows fractions of a second, which are dropped.
fn parse_time(value: &Member) -> Claim<i64> {
    match value {
        Member::Json(Value::Null) => Claim::Absent,
        Member::Json(Value::Number(number)) => time_from_number(number),
        Member::Json(other) => Claim::Malformed(describe_type(other)),
        Member::Text(_) => Claim::Malformed(TEXT_TYPE),
    }
}

fn time_from_number(number: &Number) -> Claim<i64> {
    if let Some(seconds) = number.as_i64() {
        return time_in_range(seconds);
    }

    // Integers beyond i64 arrive as u64, and the rest as f64.
    match number.as_f64() {
        Some(seconds) if seconds.is_finite() && seconds.abs() <= MAX_TIME as f64 => {
            time_in_range(seconds.floor() as i64)
        }
        _ => Claim::Malformed("a number too large to be a time"),
    }
}

fn time_in_range(seconds: i64) -> Claim<i64> {
    match seconds {
        0..=MAX_TIME => Claim::Valid(seconds),
        i64::MIN..=-1 => Claim::Malformed("a negative number"),
        _ => Claim::Malformed("a number too large to be a time"),
    }
}

fn parse_integer(value: &Member) -> Claim<i64> {
    match value {
        Member::Json(Value::Null) => Claim::Absent,
        Member::Json(Value::Number(number)) => number.as_i64().map_or(Claim::Malformed("not a whole number"), Claim::Valid),
        Member::Json(other) => Claim::Malformed(describe_type(other)),
        Member::Text(_) => Claim::Malformed(TEXT_TYPE),
    }
}

/// The description of a string claim where another type was expected.
const TEXT_TYPE: &str = "a string";

fn describe_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => TEXT_TYPE,
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The claims these tests read, including names that only exercise the reader.
    const NAMES: &[&str] = &["aud", "bad", "exp", "float", "iat", "nbf", "userId", "ver", "x"];

    fn claims(value: Value) -> Members<'static> {
        Members::parse_with_serde(&value.to_string(), NAMES, false).unwrap_or_default()
    }

    #[test]
    fn time_accepts_integers_and_fractions() {
        let map = claims(json!({"exp": 1764593400, "iat": 1764589800.75}));
        let mut reader = ClaimReader::new(Some(&map));
        assert_eq!(reader.time("exp"), Some(1764593400));
        assert_eq!(reader.time("iat"), Some(1764589800));
        assert!(reader.into_malformed().is_empty());
    }

    #[test]
    fn time_flags_wrong_types_and_ranges() {
        let map = claims(json!({"exp": "1764593400", "iat": -5, "nbf": 1e300, "x": 18446744073709551615u64}));
        let mut reader = ClaimReader::new(Some(&map));
        assert_eq!(reader.time("exp"), None);
        assert_eq!(reader.time("iat"), None);
        assert_eq!(reader.time("nbf"), None);
        assert_eq!(reader.time("x"), None);

        let malformed = reader.into_malformed();
        assert_eq!(malformed.len(), 4);
        assert_eq!(malformed[0], MalformedClaim { name: "exp", problem: "a string" });
        assert_eq!(malformed[1].problem, "a negative number");
        assert_eq!(malformed[2].problem, "a number too large to be a time");
        assert_eq!(malformed[3].problem, "a number too large to be a time");
    }

    #[test]
    fn null_counts_as_absent() {
        let map = claims(json!({"exp": null, "aud": null}));
        let mut reader = ClaimReader::new(Some(&map));
        assert_eq!(reader.time("exp"), None);
        assert_eq!(reader.string(&["aud"]), None);
        assert!(reader.into_malformed().is_empty());
    }

    #[test]
    fn string_falls_back_to_long_name() {
        let map = claims(json!({"userId": "u1"}));
        let mut reader = ClaimReader::new(Some(&map));
        assert_eq!(reader.string(&["uid", "userId"]), Some("u1"));
    }

    #[test]
    fn version_reads_numeric_strings() {
        let map = claims(json!({"ver": "6", "bad": "six", "float": 6.5}));
        let mut reader = ClaimReader::new(Some(&map));
        assert_eq!(reader.version("ver"), Some(6));
        assert_eq!(reader.version("bad"), None);
        assert_eq!(reader.version("float"), None);
        assert_eq!(reader.into_malformed().len(), 2);
    }

    #[test]
    fn reader_without_claims_reads_nothing() {
        let mut reader = ClaimReader::new(None);
        assert_eq!(reader.time("exp"), None);
        assert_eq!(reader.string(&["iss"]), None);
        assert!(reader.into_malformed().is_empty());
    }
}
