//! The signature check, written afresh from the recipe in `assize_delivery::signature`'s
//! documentation — deliberately not by calling that crate (nor the `hmac` crate it uses), so that
//! the tests check the published recipe as an outside recipient would follow it, and a mistake
//! shared by the sender's `sign` and its `verify` cannot go unnoticed.

use sha2::{Digest, Sha256};

/// The window of step 6 of the recipe.
pub const TOLERANCE_SECS: u64 = 300;

/// HMAC-SHA256 (RFC 2104) from SHA-256 alone.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block_key = [0u8; BLOCK];
    if key.len() > BLOCK {
        block_key[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = block_key.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block_key.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// Steps 2 to 6: `signature_header` holds a `v1=` entry (among entries separated by commas or
/// spaces) equal to the lowercase hex HMAC of `"<timestamp>.<body>"`, and the timestamp is
/// within [`TOLERANCE_SECS`] of `now_unix`.
pub fn signature_valid(
    secret: &[u8],
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> bool {
    let (Some(ts), Some(signatures)) = (timestamp_header, signature_header) else {
        return false;
    };
    let Ok(timestamp) = ts.parse::<i64>() else {
        return false;
    };
    if !ts.bytes().all(|b| b.is_ascii_digit()) || now_unix.abs_diff(timestamp) > TOLERANCE_SECS {
        return false;
    }
    let mut payload = ts.as_bytes().to_vec();
    payload.push(b'.');
    payload.extend_from_slice(body);
    let expected = hex::encode(hmac_sha256(secret, &payload));
    signatures
        .split([',', ' '])
        .filter_map(|entry| entry.strip_prefix("v1="))
        .any(|candidate| constant_time_eq(candidate.as_bytes(), expected.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_test_case_2() {
        let tag = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(hex::encode(tag), want);
    }

    #[test]
    fn long_keys_are_hashed_first() {
        // RFC 4231 test case 6: a 131-byte key of 0xaa.
        let tag = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        let want = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
        assert_eq!(hex::encode(tag), want);
    }

    #[test]
    fn the_documented_test_vector() {
        fn check(ts: Option<&str>, sig: Option<&str>, now: i64) -> bool {
            let body = br#"{"notice_id":"0190f5a2-7c1e-7b3d-9a4e-2f1c3b5d6e7f","seq":1}"#;
            signature_valid(b"assize-test-secret", ts, sig, body, now)
        }
        let sig = "v1=c939488e5ecc1a38acd32c42ffb114e8319fbd6b365941cd28b322a9ae592dc9";
        let rotated = format!("v1=00, {sig}");
        assert!(check(Some("1767225600"), Some(sig), 1_767_225_600));
        assert!(check(Some("1767225600"), Some(&rotated), 1_767_225_900));
        assert!(
            !check(Some("1767225600"), Some(sig), 1_767_225_901),
            "stale"
        );
        assert!(
            !check(Some("1767225601"), Some(sig), 1_767_225_600),
            "other timestamp"
        );
        assert!(!check(None, Some(sig), 1_767_225_600));
        assert!(!check(Some("1767225600"), None, 1_767_225_600));
    }
}
