//! The generator's bulk writer: cases gathered into batches and loaded by tasks of their own, so
//! the next batch is decided while the last one is written. PostgreSQL takes two batches at
//! once (each its own transaction and connection); SQLite has one writer at a time, so one.

use assize_store::{BulkCase, Store};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::GenError;

/// Batches waiting for the writer task: two, so deciding and writing overlap without letting
/// memory grow with the data set.
const QUEUED: usize = 2;

pub struct Loader {
    batch: usize,
    pending: Vec<BulkCase>,
    tx: Option<mpsc::Sender<Vec<BulkCase>>>,
    writers: Vec<JoinHandle<Result<(), GenError>>>,
}

impl Loader {
    /// A loader writing `batch` cases per transaction (none for `batch` 0: the command path
    /// has written them already).
    pub fn new(store: &Store, batch: usize) -> Loader {
        if batch == 0 {
            return Loader {
                batch,
                pending: Vec::new(),
                tx: None,
                writers: Vec::new(),
            };
        }
        let (tx, rx) = mpsc::channel::<Vec<BulkCase>>(QUEUED);
        let rx = std::sync::Arc::new(tokio::sync::Mutex::new(rx));
        let writers = if store.backend_name() == "postgres" {
            2
        } else {
            1
        };
        let writers = (0..writers)
            .map(|_| {
                let (store, rx) = (store.clone(), rx.clone());
                tokio::spawn(async move {
                    loop {
                        let Some(cases) = rx.lock().await.recv().await else {
                            return Ok::<(), GenError>(());
                        };
                        store.load_cases(cases).await?;
                    }
                })
            })
            .collect();
        Loader {
            batch,
            pending: Vec::with_capacity(batch),
            tx: Some(tx),
            writers,
        }
    }

    /// Add a case (if it was kept for a bulk load); a full batch goes to the writer.
    pub async fn push(&mut self, case: Option<BulkCase>) -> Result<(), GenError> {
        let Some(case) = case else { return Ok(()) };
        self.pending.push(case);
        if self.pending.len() >= self.batch {
            self.send().await?;
        }
        Ok(())
    }

    async fn send(&mut self) -> Result<(), GenError> {
        let cases = std::mem::replace(&mut self.pending, Vec::with_capacity(self.batch));
        let sent = match &self.tx {
            Some(tx) if !cases.is_empty() => tx.send(cases).await.is_ok(),
            _ => true,
        };
        if !sent {
            // The writer stopped: its error says why.
            return self.join().await.and(Err("the bulk writer stopped".into()));
        }
        Ok(())
    }

    /// Close the queue and wait for every writer; the first error is the answer.
    async fn join(&mut self) -> Result<(), GenError> {
        self.tx = None;
        for writer in std::mem::take(&mut self.writers) {
            writer.await??;
        }
        Ok(())
    }

    /// Write what is left and wait until everything is committed.
    pub async fn finish(mut self) -> Result<(), GenError> {
        self.send().await?;
        self.join().await
    }
}
