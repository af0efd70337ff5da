//! HMAC-SHA256, hex and constant-time comparison shared by Zoom and sink signatures.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Length in bytes of an HMAC-SHA256 digest.
pub(crate) const DIGEST_LEN: usize = 32;

/// Block size of SHA-256 in bytes, which HMAC pads the key to.
const BLOCK_LEN: usize = 64;

/// Computes HMAC-SHA256 (RFC 2104) of the concatenated `parts` keyed with `key`.
///
/// Written over `sha2` directly because the `hmac` crate's generic code cost about 0.5 KB more
/// wasm. Always returns `Some`. The `Option` stays so that callers keep treating a missing digest
/// as "no match" rather than substituting one an attacker could guess.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Option<[u8; DIGEST_LEN]> {
    // A key longer than a block is replaced by its digest, and a shorter one is padded with zeros.
    let mut block = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        let hashed: [u8; DIGEST_LEN] = Sha256::digest(key).into();
        block.iter_mut().zip(hashed).for_each(|(slot, byte)| *slot = byte);
    } else {
        block.iter_mut().zip(key).for_each(|(slot, byte)| *slot = *byte);
    }

    let mut inner = Sha256::new();
    inner.update(block.map(|byte| byte ^ 0x36));
    for part in parts {
        inner.update(part);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|byte| byte ^ 0x5c));
    outer.update(inner.finalize());
    Some(outer.finalize().into())
}

/// Returns true when `received` equals the HMAC of `parts`, comparing in constant time.
pub(crate) fn matches(key: &[u8], parts: &[&[u8]], received: &[u8; DIGEST_LEN]) -> bool {
    match hmac_sha256(key, parts) {
        Some(expected) => bool::from(expected.ct_eq(received)),
        None => false,
    }
}

/// Returns the index of the first secret whose HMAC of `parts` equals `received`.
///
/// Every secret is checked, even after a match, so the time taken does not reveal which one matched.
pub(crate) fn matching_secret(secrets: &[String], parts: &[&[u8]], received: &[u8; DIGEST_LEN]) -> Option<usize> {
    let mut found = None;
    for (index, secret) in secrets.iter().enumerate() {
        if matches(secret.as_bytes(), parts, received) && found.is_none() {
            found = Some(index);
        }
    }
    found
}

/// Encodes bytes as lower-case hex.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Decodes exactly 64 hex digits (either case) into a digest, or returns `None`.
pub(crate) fn digest_from_hex(text: &str) -> Option<[u8; DIGEST_LEN]> {
    let bytes = text.as_bytes();
    if bytes.len() != DIGEST_LEN * 2 {
        return None;
    }

    let mut digest = [0u8; DIGEST_LEN];
    for (slot, pair) in digest.iter_mut().zip(bytes.chunks_exact(2)) {
        let high = hex_value(pair[0])?;
        let low = hex_value(pair[1])?;
        *slot = (high << 4) | low;
    }
    Some(digest)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Returns true when every character is a hex digit.
pub(crate) fn is_hex(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let digest = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            digest.map(|bytes| to_hex(&bytes)).as_deref(),
            Some("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
    }

    #[test]
    fn hmac_matches_the_hmac_crate() {
        use hmac::{Hmac, Mac};

        let message: Vec<u8> = (0..200u8).collect();
        for key_length in [0, 1, 31, 32, 63, 64, 65, 100, 200] {
            let key = &message[..key_length];
            let mut expected = Hmac::<Sha256>::new_from_slice(key).unwrap();
            expected.update(b"v0:");
            expected.update(&message);
            let expected: [u8; DIGEST_LEN] = expected.finalize().into_bytes().into();
            assert_eq!(hmac_sha256(key, &[b"v0:", &message]), Some(expected), "key length {key_length}");
        }
    }

    #[test]
    fn hex_round_trip_accepts_upper_case() {
        let digest = [0xabu8; DIGEST_LEN];
        let upper = to_hex(&digest).to_uppercase();
        assert_eq!(digest_from_hex(&upper), Some(digest));
    }

    #[test]
    fn hex_decode_rejects_bad_input() {
        assert_eq!(digest_from_hex("ab"), None);
        assert_eq!(digest_from_hex(&"g".repeat(64)), None);
        assert_eq!(digest_from_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn matching_secret_reports_second_secret() {
        let secrets = vec!["old".to_string(), "new".to_string()];
        let digest = hmac_sha256(b"new", &[b"message"]).unwrap();
        assert_eq!(matching_secret(&secrets, &[b"message"], &digest), Some(1));
        assert_eq!(matching_secret(&secrets, &[b"other"], &digest), None);
    }
}
