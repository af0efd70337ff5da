//! Reads the three JWT claims the rules use (`type`, `exp`, `aid`) without building the whole
//! claims set.
//!
//! `token::DecodedJwt::decode` parses both parts into `serde_json::Value` maps, which took about a
//! tenth of a classification in wasm. This reader accepts and rejects exactly the same tokens: both
//! parts must be base64url JSON objects, and every value is still parsed and validated (UTF-8,
//! escapes, numbers), but only the three claims are kept, so nothing else is allocated.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The claims the rules read, each as its JSON value. A repeated claim keeps its last value, as a
/// `serde_json::Map` does.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Claims {
    pub(crate) token_type: Option<Value>,
    pub(crate) exp: Option<Value>,
    pub(crate) aid: Option<Value>,
}

/// Decodes the claims of a compact JWT (`header.claims.signature`), or returns `None` when the
/// token has other than three parts or a part is not a base64url JSON object. The signature is
/// not checked.
pub(crate) fn decode(token: &str) -> Option<Claims> {
    let (header, rest) = token.split_once('.')?;
    let (claims, signature) = rest.split_once('.')?;
    if signature.contains('.') {
        return None;
    }

    let mut header_claims = Claims::default();
    read_object(&decode_base64url(header)?, &mut header_claims)?;
    let mut found = Claims::default();
    read_object(&decode_base64url(claims)?, &mut found)?;
    Some(found)
}

/// Decodes one base64url part, tolerating the `=` padding that some encoders add.
fn decode_base64url(part: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()
}

/// Parses `bytes` as one JSON object and stores its claims in `claims`. Returns `None` for
/// invalid JSON and for JSON that is not an object.
fn read_object(bytes: &[u8], claims: &mut Claims) -> Option<()> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.deserialize_any(ObjectVisitor { claims }).ok()?;
    deserializer.end().ok()
}

struct ObjectVisitor<'a> {
    claims: &'a mut Claims,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<ClaimName>()? {
            let slot = match name {
                ClaimName::Type => &mut self.claims.token_type,
                ClaimName::Exp => &mut self.claims.exp,
                ClaimName::Aid => &mut self.claims.aid,
                ClaimName::Other => {
                    map.next_value::<Checked>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(())
    }
}

/// A claim name: one of the three kept, or any other.
enum ClaimName {
    Type,
    Exp,
    Aid,
    Other,
}

impl<'de> de::Deserialize<'de> for ClaimName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ClaimNameVisitor)
    }
}

struct ClaimNameVisitor;

impl Visitor<'_> for ClaimNameVisitor {
    type Value = ClaimName;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a claim name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<ClaimName, E> {
        Ok(match name {
            "type" => ClaimName::Type,
            "exp" => ClaimName::Exp,
            "aid" => ClaimName::Aid,
            _ => ClaimName::Other,
        })
    }
}

/// A JSON value that is parsed and validated as `serde_json::Value` would be, then dropped.
/// `serde::de::IgnoredAny` would skip strings without checking their escapes, and so accept
/// claims sets that `DecodedJwt::decode` rejects.
struct Checked;

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckedVisitor)
    }
}

impl<'de> DeserializeSeed<'de> for CheckedVisitor {
    type Value = Checked;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Checked, D::Error> {
        deserializer.deserialize_any(self)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Checked, A::Error> {
        while items.next_element_seed(CheckedVisitor)?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Checked, A::Error> {
        while members.next_key_seed(CheckedVisitor)?.is_some() {
            members.next_value_seed(CheckedVisitor)?;
        }
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::DecodedJwt;

    fn encode(json: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    fn token(header: &[u8], claims: &[u8]) -> String {
        format!("{}.{}.c2lnbmF0dXJl", encode(header), encode(claims))
    }

    /// Checks that `decode` accepts exactly what `DecodedJwt::decode` accepts, with the same claims.
    fn assert_same(token: &str) {
        let expected = DecodedJwt::decode(token).map(|jwt| Claims {
            token_type: jwt.claims.get("type").cloned(),
            exp: jwt.claims.get("exp").cloned(),
            aid: jwt.claims.get("aid").cloned(),
        });
        assert_eq!(decode(token), expected, "{token}");
    }

    #[test]
    fn zoom_token_claims() {
        let claims = br#"{"ver":10,"type":3,"uid":"u","aid":"acct","exp":1764593400,"iat":1764589800,"list":[1,{"a":null}]}"#;
        let decoded = decode(&token(br#"{"alg":"HS512"}"#, claims)).expect("a valid JWT");
        assert_eq!(decoded.token_type, Some(Value::from(3)));
        assert_eq!(decoded.exp, Some(Value::from(1_764_593_400)));
        assert_eq!(decoded.aid, Some(Value::from("acct")));
    }

    #[test]
    fn same_verdict_as_decoded_jwt() {
        let object = br#"{"a":1}"#.as_slice();
        let samples: [(&[u8], &[u8]); 12] = [
            (object, br#"{"type":3,"type":0}"#),
            (object, br#"{"exp":1.5e9,"aid":7}"#),
            (object, br#"[1,2]"#),
            (br#""text""#, object),
            (object, br#"{"x":"\ud800"}"#),
            (br#"{"x":"\ud800"}"#, object),
            (object, b"{\"x\":\"\xff\"}"),
            (object, br#"{"x":1} trailing"#),
            (object, br#"  {"exp":-5}  "#),
            (object, br#"{"x":[1,2,{"y":"\u00e9"}],"aid":null}"#),
            (object, br#"{"x":01}"#),
            (b"", object),
        ];
        for (header, claims) in samples {
            assert_same(&token(header, claims));
        }
    }

    #[test]
    fn part_counts_and_padding() {
        let part = encode(br#"{"type":1}"#);
        assert_same(&format!("{part}.{part}"));
        assert_same(&format!("{part}.{part}.x.y"));
        assert_same(&format!("{part}==.{part}=.sig"));
        assert_same("e$J.e$J.sig");
        assert_same("..");
    }
}
