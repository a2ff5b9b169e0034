//! Live change notifications: "case X is now at version N".
//!
//! Every [`Store`] has one hub, a Tokio broadcast channel of [`LiveSignal`]s, that the HTTP layer
//! turns into Server-Sent Events. A signal carries no case data, only where the case's stream now
//! ends: subscribers read what changed from the event log themselves (under their own access
//! policy), so a lost or reordered signal can delay an update but never corrupt one.
//!
//! * SQLite (one process): the hub is fed in-process right after an append commits.
//! * PostgreSQL (any number of `assize serve` processes on one database): the append transaction
//!   runs `pg_notify('assize_case_changed', ..)`, which PostgreSQL delivers only at commit and in
//!   commit order, to every listening connection. Each store runs one background `LISTEN` task
//!   (started by the first subscriber) that feeds the hub; the writing process hears its own
//!   changes the same way, so nothing is published twice.
//!
//! Notifications sent while a listener was disconnected are lost (PostgreSQL does not queue them),
//! so after every reconnection the hub publishes [`LiveSignal::Resync`]: "you may have missed
//! something, re-read". Subscribers must treat a lagged broadcast receiver the same way.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_query::{Expr, ExprTrait, Func, Order, Query};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgListener, PgPool};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::db::{Backend, Tx, id};
use crate::events::{EVENT_COLUMNS, stored_event};
use crate::{AppendOutcome, Store, StoreError, StoredEvent};

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "assize_case_changed";
/// Signals buffered per subscriber before it lags (and must resync).
const CAPACITY: usize = 1024;
/// How long a new subscriber waits for the PostgreSQL listener to be listening, so that a change
/// committed after `subscribe_changes` returns is heard (beyond it, the resync covers the gap).
const READY_WAIT: Duration = Duration::from_secs(5);
/// Longest pause between attempts to reconnect the listener.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A case's stream moved on: the values of its last event after an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseChanged {
    pub case_id: Uuid,
    pub version: i64,
    pub global_seq: i64,
}

/// What a subscriber of [`Store::subscribe_changes`] receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveSignal {
    Changed(CaseChanged),
    /// Changes may have been missed (the listener reconnected): re-read from your last position.
    Resync,
}

/// The per-store broadcast hub (shared by every clone of a [`Store`]).
pub(crate) struct Hub {
    tx: broadcast::Sender<LiveSignal>,
    /// Whether the PostgreSQL listener is currently listening.
    listening: watch::Receiver<bool>,
    /// Taken by the one listener task when the first subscriber starts it.
    start: Mutex<Option<watch::Sender<bool>>>,
    /// Dropped with the hub (the last `Store` clone): tells the listener task to stop.
    stop: watch::Sender<()>,
}

impl Hub {
    /// Tell the listener task to stop now (it then returns its pooled connection), so that
    /// closing the pool does not wait on a connection held by a LISTEN that never ends.
    pub(crate) fn stop_listener(&self) {
        self.stop.send_replace(());
    }
}

impl Default for Hub {
    fn default() -> Self {
        let (listening_tx, listening) = watch::channel(false);
        Hub {
            tx: broadcast::channel(CAPACITY).0,
            listening,
            start: Mutex::new(Some(listening_tx)),
            stop: watch::channel(()).0,
        }
    }
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("subscribers", &self.tx.receiver_count())
            .field("listening", &*self.listening.borrow())
            .finish()
    }
}

impl Hub {
    /// After an append committed: SQLite publishes here; PostgreSQL already notified inside the
    /// transaction and its listener will publish (publishing here too would duplicate).
    pub(crate) fn committed(&self, backend: &Backend, out: &AppendOutcome) {
        if let (Backend::Sqlite(_), Some(change)) = (backend, last_change(out)) {
            // No receivers is not an error: nobody is watching.
            let _ = self.tx.send(LiveSignal::Changed(change));
        }
    }

    /// After a bulk load committed: as [`Hub::committed`], for each case loaded.
    pub(crate) fn committed_all(&self, backend: &Backend, changes: &[CaseChanged]) {
        if let Backend::Sqlite(_) = backend {
            for change in changes {
                let _ = self.tx.send(LiveSignal::Changed(*change));
            }
        }
    }
}

fn last_change(out: &AppendOutcome) -> Option<CaseChanged> {
    out.events.last().map(|e| CaseChanged {
        case_id: e.case_id,
        version: e.version,
        global_seq: e.global_seq,
    })
}

/// Inside the append transaction (PostgreSQL only): queue the notification, which PostgreSQL
/// sends when, and only if, the transaction commits.
pub(crate) async fn notify_in(tx: &mut Tx, out: &AppendOutcome) -> Result<(), StoreError> {
    match last_change(out) {
        Some(change) => notify_all_in(tx, &[change]).await,
        None => Ok(()),
    }
}

/// [`notify_in`] for many cases: one `SELECT pg_notify(..), pg_notify(..), ..` per chunk.
pub(crate) async fn notify_all_in(tx: &mut Tx, changes: &[CaseChanged]) -> Result<(), StoreError> {
    if !matches!(tx, Tx::Postgres(_)) {
        return Ok(());
    }
    for chunk in changes.chunks(500) {
        let mut q = Query::select();
        for change in chunk {
            let payload = serde_json::to_string(change)
                .map_err(|e| StoreError::Invalid(format!("notification: {e}")))?;
            q.expr(
                Func::cust("pg_notify")
                    .arg(Expr::val(CHANNEL))
                    .arg(Expr::val(payload)),
            );
        }
        tx.exec(&q).await?;
    }
    Ok(())
}

impl Store {
    /// Subscribes to the changes of every case, committed through this store or (PostgreSQL)
    /// through any store on the same database. Subscribe *before* reading what you already have,
    /// then skip versions already seen: that way nothing falls between the read and the first
    /// signal. Treat [`LiveSignal::Resync`] and a lagged receiver as "re-read from where you are".
    ///
    /// On PostgreSQL the first call starts the listener task and waits (up to a few seconds)
    /// until it listens. Must be called within a Tokio runtime.
    pub async fn subscribe_changes(&self) -> broadcast::Receiver<LiveSignal> {
        let rx = self.live.tx.subscribe();
        if let Backend::Postgres(pool) = &self.backend {
            let starter = self
                .live
                .start
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            if let Some(listening) = starter {
                let task = listen(
                    pool.clone(),
                    self.live.tx.clone(),
                    listening,
                    self.live.stop.subscribe(),
                );
                tokio::spawn(task);
            }
            let mut listening = self.live.listening.clone();
            if tokio::time::timeout(READY_WAIT, listening.wait_for(|l| *l))
                .await
                .is_err()
            {
                tracing::warn!("live updates: PostgreSQL listener not ready; a resync will follow");
            }
        }
        rx
    }

    /// The events of one case after `after_version`, in version order (what a live subscriber
    /// missed, or has not been sent yet).
    pub async fn events_for_case_since(
        &self,
        case_id: Uuid,
        after_version: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let q = Query::select()
            .columns(EVENT_COLUMNS)
            .from("events")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .and_where(Expr::col("version").gt(after_version))
            .order_by("version", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(stored_event)
            .collect()
    }
}

/// The listener task: LISTEN on [`CHANNEL`] over one connection of the store's pool and publish
/// every notification. Reconnects with exponential backoff and publishes `Resync` after any
/// interruption. Ends when the hub is dropped or the pool closed ([`Store::close`]).
async fn listen(
    pool: PgPool,
    tx: broadcast::Sender<LiveSignal>,
    listening: watch::Sender<bool>,
    mut stop: watch::Receiver<()>,
) {
    let started = Instant::now();
    let mut interrupted = false;
    let mut backoff = Duration::from_millis(100);
    loop {
        let attempt = async {
            let mut l = PgListener::connect_with(&pool).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        let mut listener = match tokio::select! {
            r = attempt => r,
            _ = stop.changed() => return,
        } {
            Ok(l) => l,
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!(error = %e, ?backoff, "live updates: cannot LISTEN; retrying");
                interrupted = true;
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {},
                    _ = stop.changed() => return,
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        listening.send_replace(true);
        // Subscribers that gave up waiting for the first LISTEN, or any after a reconnection,
        // may have missed changes.
        if interrupted || started.elapsed() >= READY_WAIT {
            let _ = tx.send(LiveSignal::Resync);
        }
        loop {
            let received = tokio::select! {
                r = listener.try_recv() => r,
                _ = stop.changed() => return,
            };
            match received {
                Ok(Some(n)) => match serde_json::from_str::<CaseChanged>(n.payload()) {
                    Ok(change) => {
                        let _ = tx.send(LiveSignal::Changed(change));
                    }
                    Err(e) => tracing::warn!(error = %e, "live updates: unreadable notification"),
                },
                // The connection was lost and re-established (LISTEN included): notifications
                // in between are gone.
                Ok(None) => {
                    tracing::info!("live updates: listener reconnected");
                    let _ = tx.send(LiveSignal::Resync);
                }
                Err(sqlx::Error::PoolClosed) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "live updates: listener lost its connection");
                    listening.send_replace(false);
                    interrupted = true;
                    break;
                }
            }
        }
    }
}
