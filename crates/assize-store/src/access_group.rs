//! Group commit of the access log for reads. Every read of a case is logged before its data
//! leave the store, and the log is durable (committed, fsynced) by then; but a read that wrote its
//! own entry paid a write transaction and a commit per read (and on SQLite took the one write lock,
//! so reads queued behind each other and behind appends). Here a read hands its entry to one
//! writer task per store and waits for the commit: entries that arrive while a commit is in flight
//! go together in the next one, so under load one commit serves many reads, and alone a read waits
//! for one commit, as before. If the commit fails, every read waiting on it fails: nothing is
//! returned unlogged.

use std::sync::Mutex;

use tokio::sync::{mpsc, oneshot};

use crate::db::Backend;
use crate::{AccessLogEntry, Store, StoreError};

/// Entries at most per grouped commit (a multi-row INSERT is chunked below the bound-parameter
/// limit anyway; this bounds how long the first reader of a group can wait).
const MAX_GROUP: usize = 512;

struct Job {
    entries: Vec<AccessLogEntry>,
    done: oneshot::Sender<Result<(), String>>,
}

/// The store's handle on its writer task, started by the first read that needs it (in the
/// runtime of that read) and started again if that runtime has gone.
#[derive(Default)]
pub(crate) struct GroupLog {
    tx: Mutex<Option<mpsc::UnboundedSender<Job>>>,
}

impl std::fmt::Debug for GroupLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupLog")
    }
}

impl GroupLog {
    fn sender(&self, backend: &Backend) -> mpsc::UnboundedSender<Job> {
        let mut slot = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        match slot.as_ref() {
            Some(tx) if !tx.is_closed() => tx.clone(),
            _ => {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(run(backend.clone(), rx));
                *slot = Some(tx.clone());
                tx
            }
        }
    }
}

async fn run(backend: Backend, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let entries: Vec<AccessLogEntry> = jobs
            .iter()
            .flat_map(|j| j.entries.iter().cloned())
            .collect();
        let result = write(&backend, &entries).await.map_err(|e| e.to_string());
        if let Err(e) = &result {
            tracing::error!(error = %e, entries = entries.len(), "access log: grouped commit failed");
        }
        for job in jobs {
            // A reader that has gone away (its request cancelled) needs no answer.
            let _ = job.done.send(result.clone());
        }
    }
}

async fn write(backend: &Backend, entries: &[AccessLogEntry]) -> Result<(), StoreError> {
    let mut tx = backend.begin_write().await?;
    crate::access_log::insert_entries(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(())
}

impl Store {
    /// Records `entries` durably, grouped with other reads' entries into one commit; returns once
    /// they are committed. Should the writer task be unavailable, writes them in a transaction
    /// of their own.
    pub(crate) async fn log_reads(&self, entries: Vec<AccessLogEntry>) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let (done, answer) = oneshot::channel();
        let job = Job { entries, done };
        match self.reads_log.sender(&self.backend).send(job) {
            Ok(()) => match answer.await {
                Ok(result) => result.map_err(StoreError::Database),
                Err(_) => Err(StoreError::Database(
                    "access log: the writer stopped before answering".into(),
                )),
            },
            Err(mpsc::error::SendError(job)) => write(&self.backend, &job.entries).await,
        }
    }
}
