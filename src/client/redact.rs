//! Scrubbing of credentials from texts that the client copies into problem documents: callback
//! error messages and the token endpoint's error fields.

use serde_json::Value;

/// The replacement for a removed credential.
const REDACTED: &str = "[redacted]";

/// Shortest part of a JWT-shaped word. Zoom's header part alone is over 30 characters, and short
/// dotted words such as version numbers or host names must survive.
const MIN_JWT_PART: usize = 8;

/// Returns `text` with every JWT-shaped word (three base64url parts joined by dots) replaced by
/// `[redacted]`, so an error message that quotes a token does not leak it.
pub fn redact_jwt_words(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=') {
            word.push(c);
            continue;
        }
        push_word(&mut output, &word);
        word.clear();
        output.push(c);
    }
    push_word(&mut output, &word);
    output
}

fn push_word(output: &mut String, word: &str) {
    if is_jwt_shaped(word) {
        output.push_str(REDACTED);
    } else {
        output.push_str(word);
    }
}

fn is_jwt_shaped(word: &str) -> bool {
    let parts: Vec<&str> = word.trim_matches('.').split('.').collect();
    parts.len() == 3 && parts.iter().all(|part| part.len() >= MIN_JWT_PART)
}

/// Replaces every occurrence of each secret in the strings of `value`, keys included, with
/// `[redacted]`. Secrets shorter than 4 characters are skipped, because replacing them would
/// garble ordinary words while hiding almost nothing.
pub fn scrub_secrets(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(text) => {
            for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
                if text.contains(secret.as_str()) {
                    *text = text.replace(secret.as_str(), REDACTED);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| scrub_secrets(item, secrets)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                scrub_secrets(&mut item, secrets);
                let mut key = Value::String(key);
                scrub_secrets(&mut key, secrets);
                if let Value::String(key) = key {
                    map.insert(key, item);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jwt_in_message_is_redacted() {
        let text = "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ rejected";
        assert_eq!(redact_jwt_words(text), "token [redacted] rejected");
    }

    #[test]
    fn ordinary_dotted_words_survive() {
        let text = "api.zoom.us returned 1.2.3 at node v22.1.0";
        assert_eq!(redact_jwt_words(text), text);
    }

    #[test]
    fn secrets_scrubbed_in_nested_values() {
        let mut value = json!({ "detail": "bad secret sek-ret-value", "zoom": { "reason": ["sek-ret-value!"] }, "sek-ret-value": 1 });
        scrub_secrets(&mut value, &["sek-ret-value".to_owned()]);
        let text = value.to_string();
        assert!(!text.contains("sek-ret-value"), "{text}");
        assert!(text.contains("bad secret [redacted]"), "{text}");
    }

    #[test]
    fn short_secrets_are_skipped() {
        let mut value = json!("a b c");
        scrub_secrets(&mut value, &["a".to_owned()]);
        assert_eq!(value, json!("a b c"));
    }
}
