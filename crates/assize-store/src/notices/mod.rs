//! The outbox of notices and their delivery (issue 5): notices written in the append transaction
//! (`outbox`), recipients and their settings (`recipients`), the pull feed with acknowledgement
//! (`feed`), the webhook dispatcher's queries with leases (`delivery`), the administrator's
//! routing overrides (`routes`) and the figures operators watch (`stats`).

mod delivery;
mod feed;
mod numbering;
pub(crate) mod outbox;
mod recipients;
mod reconcile;
mod routes;
mod stats;

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

pub use delivery::{AttemptOutcome, Lease};
pub use feed::FeedPage;
pub use recipients::RecipientChange;
pub use routes::RouteOverride;
pub use stats::DeliveryStats;

/// A notice to write with the events that require it: the domain's draft, addressed by routing
/// slot (`police_force:<org id>` or an agency kind) and given its id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub id: Uuid,
    /// The domain's key (series + case version): unique, so a change is never noticed twice.
    pub key: String,
    pub series: String,
    pub kind: String,
    pub recipient_slot: String,
    pub recipient_kind: String,
    /// The party organisation (force, prosecutor, firm); `None` for an agency.
    pub recipient_org: Option<Uuid>,
    /// A name for a recipient row created by this notice (the party's or agency's name).
    pub recipient_name: String,
    pub case_id: Uuid,
    pub defendant_id: Uuid,
    pub hearing_id: Uuid,
    pub case_version: i64,
    /// The series whose latest earlier notice this one replaces (an amendment).
    pub replaces_series: Option<String>,
    /// The notice content as JSON text, serialised once by the caller (the same text goes to
    /// every recipient of the same result; it is stored once, by its hash).
    pub body: String,
    pub created_at: Timestamp,
}

/// Where a notice stands with its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Not yet delivered: waiting for the webhook to answer 2xx, or for the feed to be acknowledged.
    Pending,
    Delivered,
    /// Parked after too many failed webhook attempts; an operator can replay it.
    Dead,
}

impl NoticeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Pending => "pending",
            NoticeState::Delivered => "delivered",
            NoticeState::Dead => "dead",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Dead]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A stored notice.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub id: Uuid,
    pub recipient_id: Uuid,
    /// The recipient's sequence number: its notices in the order written, from 1; `None` for a
    /// notice committed but not numbered yet (a moment after its commit: migration 0011).
    pub seq: Option<i64>,
    pub key: String,
    pub series: String,
    pub kind: String,
    pub case_id: Uuid,
    pub defendant_id: Uuid,
    pub hearing_id: Uuid,
    pub case_version: i64,
    pub replaces_id: Option<Uuid>,
    pub body: serde_json::Value,
    pub created_at: Timestamp,
    pub state: NoticeState,
    /// Webhook attempts so far, ever.
    pub attempts: i64,
    /// Attempts made before the last replay (the dead-letter count starts again from here).
    pub attempts_base: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub delivered_at: Option<Timestamp>,
}

/// How a recipient receives its notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// It reads its feed and acknowledges (systems that cannot accept inbound connections).
    Pull,
    /// Each notice is posted to its endpoint, signed; the feed remains readable too.
    Webhook,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Pull => "pull",
            Delivery::Webhook => "webhook",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pull, Self::Webhook]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A recipient and its settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipientRow {
    pub id: Uuid,
    pub slot: String,
    pub kind: String,
    /// The organisation whose users may read the feed.
    pub org_id: Option<Uuid>,
    /// Its own name, else its organisation's.
    pub name: String,
    pub delivery: Delivery,
    pub webhook_url: Option<String>,
    /// The HMAC secret; never shown once set.
    pub webhook_secret: Option<String>,
    pub max_attempts: i64,
    /// The last sequence number given to one of its notices.
    pub last_seq: i64,
    /// The feed acknowledged up to here.
    pub acked_seq: i64,
    pub version: i64,
    pub created_at: Timestamp,
}
