//! Storage of Assize: the append-only event log with its hash chain, the read models derived
//! from it, identity (organisations, users, sessions, API tokens), the access log and
//! idempotency records.
//!
//! One interface, [`Store`], over two databases: SQLite (the default, one file) and PostgreSQL.
//! All SQL outside the migrations is built with sea-query and run with sqlx; the dialect switch
//! lives in one small private module (`db`), so both backends run the very same statements and
//! behave the same (the integration tests run every case against both).
//!
//! Unsafe code is forbidden: this crate guards the record of truth of criminal cases and has no
//! need for it; every database access goes through sqlx's safe API.
#![forbid(unsafe_code)]

mod access_group;
mod access_log;
mod bookings;
mod bulk;
mod case_read;
mod connect;
mod db;
mod drafts;
mod error;
mod events;
mod hash;
mod idempotency;
mod identity;
mod listing;
mod lists;
mod live;
mod lookups;
mod model;
mod notices;
mod projection;
mod search;
mod search_gate;
mod sessions;
mod trial_lists;
mod verify;
mod worklists;
mod workload;

pub use bulk::{BulkCase, BulkChange, BulkOutcome};
pub use case_read::StoredCase;
pub use drafts::ResultDraft;
pub use error::StoreError;
pub use hash::GENESIS_HASH;
pub use listing::{SittingRow, Stamp};
pub use live::{CHANNEL as LIVE_CHANNEL, CaseChanged, LiveSignal};
pub use model::*;
pub use notices::{
    AttemptOutcome, Delivery, DeliveryStats, FeedPage, Lease, NewNotice, NoticeRow, NoticeState,
    RecipientChange, RecipientRow, RouteOverride,
};
pub use trial_lists::{TrialListRow, TrialLists};
pub use worklists::{CtlListRow, HearingFilter, HearingListRow};
pub use workload::{UnlistedReason, UnlistedRow, WorkloadCases, WorkloadDay};

/// The storage handle: cheap to clone (it holds a connection pool and the live-update hub).
#[derive(Clone, Debug)]
pub struct Store {
    backend: db::Backend,
    live: std::sync::Arc<live::Hub>,
    /// Woken when an append in this process wrote notices (the dispatcher also polls, for
    /// notices written by other processes).
    notices_written: std::sync::Arc<tokio::sync::Notify>,
    /// The group commit of reads' access-log entries.
    reads_log: std::sync::Arc<access_group::GroupLog>,
    /// The share of the pool searches may hold at once (half of it).
    search_gate: std::sync::Arc<search_gate::SearchGate>,
}

impl Store {
    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            db::Backend::Sqlite(_) => "sqlite",
            db::Backend::Postgres(_) => "postgres",
        }
    }

    /// Resolves when this process next writes notices, replays one or reconfigures a recipient
    /// (what wakes the webhook dispatcher without waiting for its next poll).
    pub async fn notices_written(&self) {
        self.notices_written.notified().await
    }

    /// Closes the connection pool (waits for connections in use to be returned). The live-update
    /// listener is stopped first: its connection would otherwise never be returned.
    pub async fn close(&self) {
        self.live.stop_listener();
        match &self.backend {
            db::Backend::Sqlite(p) => p.close().await,
            db::Backend::Postgres(p) => p.close().await,
        }
    }
}
