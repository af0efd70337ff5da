//! Reading the few members of a decoded JWT part or a token response that the crate uses, in one
//! pass over its text.
//!
//! The report carries each part's JSON text as decoded, so nothing else needs a tree of every
//! member: the others are checked for valid JSON and skipped without being copied. A selected
//! string without escapes borrows its text from the parsed JSON instead of being copied.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Header members the crate reads, in byte order.
pub(super) const HEADER_NAMES: &[&str] = &["alg"];

/// Claims the crate reads, in byte order: Zoom's claims (with the long names of
/// version 6 tokens), the SDK signatures' key claims and the registered claims that tell a JWT
/// app's token apart.
pub(super) const CLAIM_NAMES: &[&str] = &[
    "accountId", "aid", "appKey", "app_key", "aud", "exp", "iat", "iss", "mn", "nbf", "role", "role_type", "sdkKey",
    "sub", "tokenType", "tpc", "type", "uid", "userId", "user_identity", "ver",
];

/// The value of one selected member.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Member<'a> {
    /// A string, borrowed from the parsed text unless it had escapes.
    Text(Cow<'a, str>),
    /// Any other JSON value. It is never `Value::String`.
    Json(Value),
}

impl<'a> Member<'a> {
    /// Returns the text of a string member.
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Member::Text(text) => Some(text),
            Member::Json(_) => None,
        }
    }

    /// Returns the value of an integer member that fits in an `i64`.
    pub(super) fn as_i64(&self) -> Option<i64> {
        match self {
            Member::Json(value) => value.as_i64(),
            Member::Text(_) => None,
        }
    }

    /// True for `null`.
    pub(super) fn is_null(&self) -> bool {
        matches!(self, Member::Json(Value::Null))
    }
}

impl From<Value> for Member<'_> {
    fn from(value: Value) -> Self {
        match value {
            Value::String(text) => Member::Text(Cow::Owned(text)),
            other => Member::Json(other),
        }
    }
}

/// The selected members of one JSON object, in the order first seen.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Members<'a> {
    entries: Vec<(&'static str, Member<'a>)>,
}

impl<'a> Members<'a> {
    /// Parses `text`, which must be exactly one JSON object, keeping the members named in `names`.
    ///
    /// A name that occurs twice keeps its last value, as `JSON.parse` does.
    // NOTE: serde_json skips unselected members without decoding their escapes, so it accepts a
    // lone surrogate such as `"\ud800"` there, as `JSON.parse` does, but rejects one in a selected
    // member or in any name. A Rust caller that re-parses such a report with serde_json fails.
    pub(super) fn parse(text: &'a str, names: &'static [&'static str]) -> Option<Members<'a>> {
        Self::parse_with(text, ObjectSeed { names, reject_duplicates: false })
    }

    /// Parses like [`Members::parse`], but returns `None` when a selected name occurs twice, as a
    /// struct deserialized by serde does.
    pub(super) fn parse_unique(text: &'a str, names: &'static [&'static str]) -> Option<Members<'a>> {
        Self::parse_with(text, ObjectSeed { names, reject_duplicates: true })
    }

    fn parse_with(text: &'a str, seed: ObjectSeed) -> Option<Members<'a>> {
        if let Some(members) = super::flat::parse(text, seed.names, seed.reject_duplicates) {
            return Some(members);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(text.as_bytes());
        let members = seed.deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        Some(members)
    }

    /// Creates an empty set with room for every name in `names`. Each name is stored at most
    /// once, so reading an object never reallocates the entries.
    pub(super) fn for_names(names: &'static [&'static str]) -> Members<'a> {
        Members { entries: Vec::with_capacity(names.len()) }
    }

    /// Removes member `name` and returns its value, so that a string parsed with escapes moves
    /// to the caller instead of being copied.
    pub(super) fn take(&mut self, name: &str) -> Option<Member<'a>> {
        let index = self.position(name)?;
        Some(self.entries.remove(index).1)
    }

    /// Returns the value of member `name`, when it was present and selected.
    pub(super) fn get(&self, name: &str) -> Option<&Member<'a>> {
        let index = self.position(name)?;
        self.entries.get(index).map(|(_, value)| value)
    }

    /// Returns the index of member `name` in the entries.
    #[inline(always)]
    fn position(&self, name: &str) -> Option<usize> {
        // Plain loops here and in `insert`, because `Iterator::find` with a closure stays a call
        // per entry at opt-level "z". Comparing the first byte before the whole name skips most
        // `memcmp` calls, because many claim names are 3 bytes long.
        let first = name.as_bytes().first();
        let mut index = 0;
        while let Some((key, _)) = self.entries.get(index) {
            if key.len() == name.len() && key.as_bytes().first() == first && *key == name {
                return Some(index);
            }
            index += 1;
        }
        None
    }

    /// Returns true when member `name` was present and selected, whatever its value.
    pub(super) fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Stores `value` under `name`, and returns false when `name` was already present.
    ///
    /// Names are compared by address, which spares a `memcmp` call per stored member, so `name`
    /// must come from the same name list as the names already stored.
    pub(super) fn insert(&mut self, name: &'static str, value: Member<'a>) -> bool {
        let mut index = 0;
        while let Some(entry) = self.entries.get_mut(index) {
            if std::ptr::eq(entry.0, name) {
                entry.1 = value;
                return false;
            }
            index += 1;
        }
        self.entries.push((name, value));
        true
    }
}

/// Deserializes a JSON object into [`Members`].
///
/// It requests any value instead of a map and rejects the other types in its own `visit_*`
/// methods. serde's default rejection formats the value, and formatting a float would link
/// `<f64 as Display>` and its float-to-decimal tables (about 15 KB) into the wasm.
struct ObjectSeed {
    names: &'static [&'static str],
    reject_duplicates: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed {
    type Value = Members<'static>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Members<'static>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = Members<'static>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'static>, A::Error> {
        let mut members = Members::for_names(self.names);
        while let Some(name) = map.next_key_seed(NameSeed { names: self.names })? {
            match name {
                Some(name) => {
                    let value = map.next_value::<Value>()?;
                    if !members.insert(name, Member::from(value)) && self.reject_duplicates {
                        return Err(A::Error::custom("duplicate member"));
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(members)
    }

    fn visit_unit<E: Error>(self) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<Members<'static>, E> {
        Err(not_an_object())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Members<'static>, A::Error> {
        Err(not_an_object())
    }
}

fn not_an_object<E: Error>() -> E {
    E::custom("not a JSON object")
}

/// Deserializes a member name into the matching entry of `names`, without allocating.
struct NameSeed {
    names: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Option<&'static str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(select(self.names, name))
    }
}

/// Returns the entry of `names` equal to `name`, or `None` when the member is not selected.
///
/// A linear scan beats a binary search on these short lists. Comparing the length and the first
/// byte before the whole name skips most `memcmp` calls, which opt-level "z" does not inline, and
/// many claim names are 3 bytes long.
#[inline(always)]
pub(super) fn select(names: &'static [&'static str], name: &str) -> Option<&'static str> {
    let first = *name.as_bytes().first()?;

    // A plain loop, because `Iterator::find` with a closure stays a call per name at opt-level "z".
    let mut index = 0;
    while let Some(&candidate) = names.get(index) {
        if candidate.len() == name.len() && candidate.as_bytes().first() == Some(&first) && candidate == name {
            return Some(candidate);
        }
        index += 1;
    }
    None
}

#[cfg(test)]
impl Members<'_> {
    /// Parses with serde_json only, skipping the fast reader, to compare the two.
    pub(super) fn parse_with_serde(text: &str, names: &'static [&'static str], reject_duplicates: bool) -> Option<Members<'static>> {
        let mut deserializer = serde_json::Deserializer::from_slice(text.as_bytes());
        let members = ObjectSeed { names, reject_duplicates }.deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        Some(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["exp", "iss"];

    #[test]
    fn name_lists_are_sorted() {
        for names in [HEADER_NAMES, CLAIM_NAMES, NAMES] {
            assert!(names.windows(2).all(|pair| pair[0] < pair[1]), "{names:?}");
        }
    }

    #[test]
    fn keeps_only_named_members() {
        let members = Members::parse(r#"{"iss":"zm:cid:a","sid":"x","exp":5}"#, NAMES).unwrap();
        assert_eq!(members.get("iss").and_then(Member::as_str), Some("zm:cid:a"));
        assert_eq!(members.get("exp").and_then(Member::as_i64), Some(5));
        assert!(!members.contains_key("sid"));
    }

    #[test]
    fn last_duplicate_wins() {
        let members = Members::parse(r#"{"exp":1,"exp":2}"#, NAMES).unwrap();
        assert_eq!(members.get("exp").and_then(Member::as_i64), Some(2));
    }

    #[test]
    fn escaped_names_match() {
        let members = Members::parse(r#"{"\u0065xp":3}"#, NAMES).unwrap();
        assert_eq!(members.get("exp").and_then(Member::as_i64), Some(3));
    }

    #[test]
    fn rejects_other_json() {
        for text in ["[1]", "5", "\"x\"", "{", r#"{"a":1} x"#, r#"{"a":tru}"#, "{} {}", ""] {
            assert!(Members::parse(text, NAMES).is_none(), "{text}");
        }
    }

    #[test]
    fn parse_unique_rejects_duplicates() {
        assert!(Members::parse_unique(r#"{"exp":1,"exp":2}"#, NAMES).is_none());
        assert!(Members::parse_unique(r#"{"sid":1,"sid":2,"exp":3}"#, NAMES).is_some());
    }

    #[test]
    fn accepts_whitespace_around() {
        assert!(Members::parse(" \n{ \"a\" : [ 1 , {} ] }\t", NAMES).is_some());
    }
}
