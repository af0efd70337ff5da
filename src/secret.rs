//! Helpers that let output recognise a token or secret without revealing it.

use sha2::{Digest, Sha256};

/// Returns the first 12 hex digits of the SHA-256 of `value`.
///
/// Twelve digits (48 bits) tell two secrets apart in a report but cannot be reversed into either.
pub fn fingerprint(value: &[u8]) -> String {
    let digest = Sha256::digest(value);
    digest[..6].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Returns a shortened form of a token: its first 6 and last 4 characters around an ellipsis.
///
/// For a JWT the last characters belong to the signature, so only 4 of its 86 are shown. Values of
/// 16 characters or fewer are replaced entirely, since a short value would be mostly revealed.
pub fn redact(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 16 {
        return format!("[{} characters redacted]", chars.len());
    }

    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_twelve_hex_digits() {
        let print = fingerprint(b"secret");
        assert_eq!(print.len(), 12);
        assert!(print.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn redact_hides_short_values() {
        assert_eq!(redact("abc"), "[3 characters redacted]");
    }

    #[test]
    fn redact_keeps_head_and_tail() {
        assert_eq!(redact("abcdefghijklmnopqrstuvwxyz"), "abcdef…wxyz");
    }
}
