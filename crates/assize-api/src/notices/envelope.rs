//! What a recipient receives: one notice in an envelope that says which notice it is (its id,
//! the recipient's sequence number, the notice it replaces) around the content the domain
//! decided. The pull feed and the webhook send the very same envelope.

use assize_store::{NoticeRow, RecipientRow, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One notice of results.
///
/// Delivery is at least once: the same notice may arrive more than once (a webhook retried after
/// a lost answer, a feed page read again before acknowledging). `notice_id` is the key to
/// discard duplicates on; `seq` orders one recipient's notices.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NoticeEnvelope {
    /// Unique and stable: the same notice always has the same id.
    pub notice_id: Uuid,
    /// This recipient's sequence number of the notice: 1, 2, 3… in the order they were written.
    pub seq: i64,
    pub recipient_id: Uuid,
    /// `results`, `amended_results` (replaces `replaces_notice_id`) or `release` (to the
    /// custodian: release the defendant on this case).
    pub kind: String,
    /// The earlier notice this one replaces (a correction of results), if any.
    pub replaces_notice_id: Option<Uuid>,
    /// The case version the notice reflects.
    pub case_version: i64,
    /// When the results were recorded (the notice written), UTC.
    pub created_at: String,
    /// The defendant's results of one hearing: case URN, defendant (ASN, PNC ID), court (OU
    /// code), offences with CJS offence codes and `judicial_results` with CJS result codes,
    /// bail status and conditions, next hearing.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

/// Only a numbered notice is sent (the feed and the dispatcher read nothing else): one without
/// its number yet is refused as an inconsistency, never sent with a made-up number.
impl TryFrom<&NoticeRow> for NoticeEnvelope {
    type Error = StoreError;

    fn try_from(n: &NoticeRow) -> Result<Self, StoreError> {
        let seq = n.seq.ok_or_else(|| {
            StoreError::Corrupt(format!("notice {} was about to be sent unnumbered", n.id))
        })?;
        Ok(NoticeEnvelope {
            notice_id: n.id,
            seq,
            recipient_id: n.recipient_id,
            kind: n.kind.clone(),
            replaces_notice_id: n.replaces_id,
            case_version: n.case_version,
            created_at: n.created_at.to_string(),
            content: n.body.clone(),
        })
    }
}

/// A recipient of notices, as its own users and the operators see it (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecipientView {
    pub recipient_id: Uuid,
    /// `police_force`, `prosecuting_authority`, `defence_firm`, `prison`, `probation`,
    /// `electronic_monitoring`, `dvla`, `legal_aid_agency` or `fines_enforcement`.
    pub kind: String,
    pub name: String,
    /// The organisation whose users read the feed, if assigned.
    pub org_id: Option<Uuid>,
    /// `pull` (the feed) or `webhook`.
    pub delivery: String,
    pub webhook_url: Option<String>,
    /// Whether a webhook secret is set (the secret itself is never shown).
    pub webhook_secret_set: bool,
    /// A webhook notice failing this many times is parked as a dead letter.
    pub max_attempts: i64,
    /// The last sequence number given to one of its notices.
    pub last_seq: i64,
    /// The feed is acknowledged up to here.
    pub acked_seq: i64,
    /// Send as `version` with a change of these settings.
    pub version: i64,
}

impl From<&RecipientRow> for RecipientView {
    fn from(r: &RecipientRow) -> Self {
        RecipientView {
            recipient_id: r.id,
            kind: r.kind.clone(),
            name: r.name.clone(),
            org_id: r.org_id,
            delivery: r.delivery.as_str().to_string(),
            webhook_url: r.webhook_url.clone(),
            webhook_secret_set: r.webhook_secret.is_some(),
            max_attempts: r.max_attempts,
            last_seq: r.last_seq,
            acked_seq: r.acked_seq,
            version: r.version,
        }
    }
}
