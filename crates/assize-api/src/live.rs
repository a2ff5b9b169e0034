//! The process-wide side of live updates: one fan-out of case changes for every subscriber of
//! `GET /api/v1/live`, and the switch that ends every open event stream at shutdown.
//!
//! Deciding who may hear of a change needs the changed case's access facts. They are loaded once
//! per change per process here and shared (behind an `Arc`) with every subscriber, which then
//! only asks the policy: the cost of a change grows with the number of subscribers only by one
//! in-memory policy decision each.

use std::sync::Arc;

use assize_policy::CaseFacts;
use assize_store::{CaseChanged, LiveSignal, Store};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{OnceCell, broadcast, watch};

use crate::projection::{case_facts, stored_state};

/// Changes buffered per subscriber of `/live` before it lags (and is told to resync).
const CAPACITY: usize = 1024;

/// A change as decided once per process for every subscriber of `/live`: the case's access facts
/// are loaded once per change, not once per subscriber.
pub(crate) enum Shared {
    Changed(CaseChanged, CaseFacts),
    Resync,
}

/// Shared live-update state of the application (in [`AppState`]).
pub struct LiveFeed {
    store: Store,
    /// The fan-out of `/live`, started by its first subscriber.
    shared: OnceCell<broadcast::Sender<Arc<Shared>>>,
    /// `true` ends every open stream (server shutdown; `axum::serve` waits for open connections).
    shutdown: watch::Sender<bool>,
}

impl LiveFeed {
    pub fn new(store: Store) -> Self {
        LiveFeed {
            store,
            shared: OnceCell::new(),
            shutdown: watch::channel(false).0,
        }
    }

    /// Ends every open event stream, so a graceful shutdown does not wait for browsers.
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// A receiver of the shared fan-out, started (once) by the first subscriber.
    pub(crate) async fn subscribe_shared(&self) -> broadcast::Receiver<Arc<Shared>> {
        let tx = self
            .shared
            .get_or_init(|| async {
                let (tx, _) = broadcast::channel(CAPACITY);
                let changes = self.store.subscribe_changes().await;
                let task = fan_out(self.store.clone(), changes, tx.clone(), self.stop());
                tokio::spawn(task);
                tx
            })
            .await;
        tx.subscribe()
    }

    /// Resolves (`wait_for(|s| *s)`) when open streams must end.
    pub(crate) fn stop(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// Loads the facts of each changed case once and passes the change on to every `/live` stream.
async fn fan_out(
    store: Store,
    mut changes: broadcast::Receiver<LiveSignal>,
    tx: broadcast::Sender<Arc<Shared>>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let signal = tokio::select! {
            s = changes.recv() => s,
            _ = stop.wait_for(|s| *s) => return,
        };
        let shared = match signal {
            Ok(LiveSignal::Changed(c)) => match changed_facts(&store, c.case_id).await {
                Ok(Some(facts)) => Shared::Changed(c, facts),
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "live updates: cannot load a changed case");
                    Shared::Resync
                }
            },
            Ok(LiveSignal::Resync) | Err(RecvError::Lagged(_)) => Shared::Resync,
            Err(RecvError::Closed) => return,
        };
        // No receivers is not an error: nobody is watching.
        let _ = tx.send(Arc::new(shared));
    }
}

/// The access facts of a changed case, from its stored state: one statement (every recorded
/// result passes through here once per process).
async fn changed_facts(store: &Store, case_id: uuid::Uuid) -> Result<Option<CaseFacts>, String> {
    let Some(stored) = store
        .stored_case(case_id)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let case = stored_state(&stored).map_err(|e| e.to_string())?;
    Ok(Some(case_facts(&case)))
}
