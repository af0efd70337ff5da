//! Fingerprints that let output recognise a token or secret without revealing it.

use sha2::{Digest, Sha256};

/// Returns the first 12 hex digits of the SHA-256 of `value`.
///
/// Twelve digits (48 bits) are enough to tell two secrets apart in a report. They do not reveal a
/// high-entropy secret, but a guessable one (a word, a short string) can be found by trying
/// candidates, so reports that anyone can request should leave fingerprints out.
pub fn fingerprint(value: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";

    let digest = Sha256::digest(value);
    let mut hex = [0u8; 12];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(digest.iter()) {
        pair.copy_from_slice(&[HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]]);
    }
    hex.iter().copied().map(char::from).collect()
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
    fn fingerprint_known_digest() {
        // SHA-256("abc") begins ba7816bf8f01 (FIPS 180-2, appendix B.1).
        assert_eq!(fingerprint(b"abc"), "ba7816bf8f01");
    }

    #[test]
    fn fingerprint_differs_per_value() {
        assert_ne!(fingerprint(b"secret-a"), fingerprint(b"secret-b"));
    }
}
