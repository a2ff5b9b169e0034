//! The hash chain of the event log. Each event's hash covers its predecessor's hash and every
//! stored column of the event, so altering, removing or reordering stored events is detectable.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first event of every case.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The columns of `events`, as stored (text exactly as hashed).
pub(crate) struct EventText<'a> {
    pub prev_hash: &'a str,
    pub case_id: &'a str,
    pub version: i64,
    pub event_type: &'a str,
    pub payload: &'a str,
    pub actor_user_id: &'a str,
    pub actor_org_id: &'a str,
    pub occurred_at: &'a str,
    pub correlation_id: &'a str,
    pub reason: Option<&'a str>,
}

/// SHA-256 (hex) over a length-prefixed encoding of the event's stored columns, so that no two
/// different events encode alike and one altered byte in any column changes the hash.
pub(crate) fn hash_text(e: &EventText<'_>) -> String {
    fn field(h: &mut Sha256, v: Option<&[u8]>) {
        match v {
            Some(b) => {
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
            // A length no real field can have marks an absent value.
            None => h.update(u64::MAX.to_be_bytes()),
        }
    }
    let mut h = Sha256::new();
    h.update(b"assize-event-v1\0");
    let version = e.version.to_string();
    for v in [
        Some(e.prev_hash),
        Some(e.case_id),
        Some(version.as_str()),
        Some(e.event_type),
        Some(e.payload),
        Some(e.actor_user_id),
        Some(e.actor_org_id),
        Some(e.occurred_at),
        Some(e.correlation_id),
        e.reason,
    ] {
        field(&mut h, v.map(str::as_bytes));
    }
    hex::encode(h.finalize())
}
