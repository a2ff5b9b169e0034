//! Signing of webhook requests, and the recipe a recipient follows to verify them.
//!
//! The scheme follows the widely used Stripe / Standard Webhooks pattern so that recipients can
//! reuse what they know. Every notice request carries three headers:
//!
//! ```text
//! Assize-Notice-Id: 0190f5a2-7c1e-7b3d-9a4e-2f1c3b5d6e7f
//! Assize-Timestamp: 1767225600
//! Assize-Signature: v1=c939488e5ecc1a38acd32c42ffb114e8319fbd6b365941cd28b322a9ae592dc9
//! ```
//!
//! # Verification recipe
//!
//! 1. Read the **raw** request body as bytes, before any JSON parsing or re-encoding (a parsed
//!    and re-serialised body will not match).
//! 2. Read `Assize-Timestamp`: Unix time in whole seconds, as ASCII decimal digits.
//! 3. Build the signed payload: the timestamp header exactly as received, then one `.` (0x2E),
//!    then the body bytes: `"<timestamp>.<body>"`.
//! 4. Compute HMAC-SHA256 of that payload, keyed with your shared secret (the secret's bytes as
//!    given to you, not hex- or base64-decoded), and write it as 64 lowercase hex characters.
//! 5. Read `Assize-Signature`: one or more entries `v1=<hex>`, separated by commas and/or spaces.
//!    During a secret rotation we send one `v1=` entry per valid secret. Ignore entries with any
//!    other prefix (a future scheme). Accept the request if **any** `v1` entry equals your value,
//!    comparing in constant time (`hmac.compare_digest`, `crypto.timingSafeEqual`, ...).
//! 6. Reject the request if the timestamp is more than 5 minutes (300 s) away from your clock, in
//!    either direction: this bounds how long a captured request can be replayed.
//! 7. Deduplicate on `Assize-Notice-Id`: delivery is at least once, so a notice you have already
//!    processed must be answered 2xx again without processing it twice.
//!
//! Answer 2xx only once the notice is safely stored on your side; anything else means we send it
//! again later (see `assize_delivery::client::Attempt` for which answers stop the retries).
//!
//! ## Python 3 (standard library only)
//!
//! ```python
//! import hmac, hashlib, time
//!
//! def verify(secret: bytes, headers: dict, body: bytes, tolerance: int = 300) -> bool:
//!     ts = headers["Assize-Timestamp"]
//!     expected = hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
//!     entries = headers["Assize-Signature"].replace(",", " ").split()
//!     ok = any(hmac.compare_digest(e[3:], expected) for e in entries if e.startswith("v1="))
//!     return ok and abs(time.time() - int(ts)) <= tolerance
//! ```
//!
//! ## Shell (OpenSSL)
//!
//! With the timestamp header in `$TS`, the raw body in `body.json` and the secret in `$SECRET`:
//!
//! ```sh
//! { printf '%s.' "$TS"; cat body.json; } | openssl dgst -sha256 -hmac "$SECRET"
//! # SHA2-256(stdin)= c939488e...   <- compare with the hex after "v1=" in Assize-Signature
//! ```
//!
//! Test vector: secret `assize-test-secret`, timestamp `1767225600`, body
//! `{"notice_id":"0190f5a2-7c1e-7b3d-9a4e-2f1c3b5d6e7f","seq":1}` (no trailing newline) gives
//! `v1=c939488e5ecc1a38acd32c42ffb114e8319fbd6b365941cd28b322a9ae592dc9`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Header naming the notice: the idempotency key recipients dedupe on.
pub const NOTICE_ID_HEADER: &str = "Assize-Notice-Id";
/// Header with the Unix time (seconds) at which the request was signed.
pub const TIMESTAMP_HEADER: &str = "Assize-Timestamp";
/// Header with the `v1=<hex>` signature(s).
pub const SIGNATURE_HEADER: &str = "Assize-Signature";
/// The clock difference recipients are asked to tolerate (step 6 of the recipe).
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

const SCHEME: &str = "v1=";

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Assize-Timestamp header is not a Unix time in whole seconds")]
    MalformedTimestamp,
    #[error("the Assize-Signature header has no v1= entry")]
    NoSignature,
    #[error("no v1 signature matches the body and timestamp with this secret")]
    Mismatch,
    #[error("the timestamp is {age_secs} s old, more than the {tolerance_secs} s allowed")]
    Stale { age_secs: u64, tolerance_secs: i64 },
    #[error(
        "the timestamp is {ahead_secs} s in the future, more than the {tolerance_secs} s allowed"
    )]
    Future {
        ahead_secs: u64,
        tolerance_secs: i64,
    },
}

fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `Assize-Signature` header value for `body` signed at `timestamp`: `v1=<64 hex digits>`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, &timestamp.to_string(), body)
        .finalize()
        .into_bytes();
    format!("{SCHEME}{}", hex::encode(tag))
}

/// The header value signed with each of `secrets` (`v1=<a>, v1=<b>`): sent while a recipient's
/// secret is being rotated, so that both the old and the new secret verify.
pub fn sign_all(secrets: &[&[u8]], timestamp: i64, body: &[u8]) -> String {
    let entries: Vec<String> = secrets.iter().map(|s| sign(s, timestamp, body)).collect();
    entries.join(", ")
}

/// Checks a request as the recipe above says: some `v1` entry of `header_value` is the
/// HMAC-SHA256 of `"<timestamp_header>.<body>"` under `secret` (compared in constant time), and
/// the timestamp is within `tolerance_secs` of `now_unix`. The signature is checked first, so a
/// freshness error is only reported for an authentic request (then it means a replay or a clock
/// that is off).
pub fn verify(
    secret: &[u8],
    header_value: &str,
    timestamp_header: &str,
    body: &[u8],
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let ts_text = timestamp_header.trim();
    if ts_text.is_empty() || !ts_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SignatureError::MalformedTimestamp);
    }
    let timestamp: i64 = ts_text
        .parse()
        .map_err(|_| SignatureError::MalformedTimestamp)?;

    let candidates: Vec<&str> = header_value
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter_map(|entry| entry.strip_prefix(SCHEME))
        .collect();
    if candidates.is_empty() {
        return Err(SignatureError::NoSignature);
    }
    let expected = mac(secret, ts_text, body);
    let matched = candidates.iter().any(|candidate| {
        // Undecodable hex cannot match; `verify_slice` compares in constant time.
        hex::decode(candidate).is_ok_and(|tag| expected.clone().verify_slice(&tag).is_ok())
    });
    if !matched {
        return Err(SignatureError::Mismatch);
    }

    let tolerance = tolerance_secs.max(0);
    let diff = now_unix.abs_diff(timestamp);
    if diff > tolerance.unsigned_abs() {
        return Err(if timestamp < now_unix {
            SignatureError::Stale {
                age_secs: diff,
                tolerance_secs: tolerance,
            }
        } else {
            SignatureError::Future {
                ahead_secs: diff,
                tolerance_secs: tolerance,
            }
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &[u8] = b"assize-test-secret";
    const TS: i64 = 1_767_225_600;
    const BODY: &[u8] = br#"{"notice_id":"0190f5a2-7c1e-7b3d-9a4e-2f1c3b5d6e7f","seq":1}"#;
    /// Computed independently: python3 hmac/hashlib and `openssl dgst -sha256 -hmac`.
    const VECTOR: &str = "v1=c939488e5ecc1a38acd32c42ffb114e8319fbd6b365941cd28b322a9ae592dc9";
    /// The same payload under the key `other-secret` (python3).
    const OTHER: &str = "v1=30de365cdaf68896ad32ff8ae2842a1cb1f7fd3cce29671516e6006a8a4c03f7";

    #[test]
    fn fixed_test_vector() {
        assert_eq!(sign(SECRET, TS, BODY), VECTOR);
        assert_eq!(verify(SECRET, VECTOR, "1767225600", BODY, TS, 300), Ok(()));
    }

    #[test]
    fn several_entries_for_rotation() {
        for header in [
            format!("{OTHER}, {VECTOR}"),
            format!("{OTHER},{VECTOR}"),
            format!("{OTHER} {VECTOR}"),
            format!("v2=abc, {VECTOR}"),
        ] {
            assert_eq!(
                verify(SECRET, &header, "1767225600", BODY, TS, 300),
                Ok(()),
                "{header}"
            );
        }
        assert_eq!(
            sign_all(&[b"other-secret", SECRET], TS, BODY),
            format!("{OTHER}, {VECTOR}")
        );
    }

    #[test]
    fn wrong_secret_body_or_timestamp_is_a_mismatch() {
        let v = |secret: &[u8], ts: &str, body: &[u8]| verify(secret, VECTOR, ts, body, TS, 300);
        assert_eq!(
            v(b"other-secret", "1767225600", BODY),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            v(SECRET, "1767225600", b"{}"),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(v(SECRET, "1767225601", BODY), Err(SignatureError::Mismatch));
        let upper = VECTOR.to_uppercase().replace("V1=", "v1=");
        assert_eq!(
            verify(SECRET, &upper, "1767225600", BODY, TS, 300),
            Ok(()),
            "hex is hex"
        );
        assert_eq!(
            verify(SECRET, "v1=zz", "1767225600", BODY, TS, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn malformed_headers() {
        for ts in [
            "",
            "abc",
            "-5",
            "1.5",
            "+1767225600",
            "99999999999999999999",
        ] {
            let r = verify(SECRET, VECTOR, ts, BODY, TS, 300);
            assert_eq!(r, Err(SignatureError::MalformedTimestamp), "{ts:?}");
        }
        for header in ["", "c939488e", "v0=c939488e", " , "] {
            let r = verify(SECRET, header, "1767225600", BODY, TS, 300);
            assert_eq!(r, Err(SignatureError::NoSignature), "{header:?}");
        }
    }

    #[test]
    fn timestamps_outside_the_tolerance_are_refused() {
        let at = |now: i64| verify(SECRET, VECTOR, "1767225600", BODY, now, 300);
        assert_eq!(at(TS + 300), Ok(()));
        assert_eq!(at(TS - 300), Ok(()));
        assert_eq!(
            at(TS + 301),
            Err(SignatureError::Stale {
                age_secs: 301,
                tolerance_secs: 300
            })
        );
        assert_eq!(
            at(TS - 301),
            Err(SignatureError::Future {
                ahead_secs: 301,
                tolerance_secs: 300
            })
        );
        let msg = at(TS + 301).unwrap_err().to_string();
        assert!(msg.contains("301 s old"), "{msg}");
    }

    proptest! {
        #[test]
        fn round_trip(secret in proptest::collection::vec(any::<u8>(), 0..100),
                      body in proptest::collection::vec(any::<u8>(), 0..300),
                      ts in 0i64..4_000_000_000, skew in -300i64..=300) {
            let header = sign(&secret, ts, &body);
            prop_assert_eq!(header.len(), 3 + 64);
            prop_assert_eq!(verify(&secret, &header, &ts.to_string(), &body, ts + skew, 300), Ok(()));
        }

        #[test]
        fn a_flipped_body_bit_fails(body in proptest::collection::vec(any::<u8>(), 1..200),
                                    at in any::<prop::sample::Index>(), bit in 0u8..8) {
            let header = sign(SECRET, TS, &body);
            let mut tampered = body.clone();
            tampered[at.index(body.len())] ^= 1 << bit;
            let r = verify(SECRET, &header, "1767225600", &tampered, TS, 300);
            prop_assert_eq!(r, Err(SignatureError::Mismatch));
        }
    }
}
