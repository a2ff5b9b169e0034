//! A share of the connection pool for searches, so that slow searches can never take every
//! connection. At 1.4 million cases a name search reads from disk and may take seconds; a
//! hundred at once held all ten PostgreSQL connections for minutes (after their clients had
//! gone), and recording a result, the access log's commit and the notice dispatcher all timed
//! out waiting for one (docs/performance.md, fifth session). With the gate, searches hold at most
//! half the pool, and a search that cannot get a slot in time is refused as busy (503, try
//! again) rather than queued without end.
//!
//! A slot is not enough on its own: a search whose client has gone (a closed browser tab, a
//! client's own timeout) still runs to its end in PostgreSQL, holding its connection. So each
//! search's statements also get a time limit (`statement_timeout`, local to its read
//! transaction), after which PostgreSQL stops them and the search is answered as timed out.
//! SQLite has no such limit here: its searches run in the server's own process, on a database
//! a few courts' size.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::StoreError;

/// The slots searches may hold at once.
#[derive(Debug)]
pub(crate) struct SearchGate {
    slots: Semaphore,
    /// How many slots there are (free or not).
    size: usize,
    /// How long a search waits for a slot: as long as anything waits for a connection.
    wait: Duration,
    /// How long a search's statements may run.
    time_limit: Duration,
}

impl SearchGate {
    /// Half of a pool of `pool_size` connections (at least one), waited for up to `wait`; each
    /// search's statements may then run for `time_limit`.
    pub(crate) fn for_pool(pool_size: u32, wait: Duration, time_limit: Duration) -> SearchGate {
        let size = (pool_size as usize / 2).max(1);
        SearchGate {
            slots: Semaphore::new(size),
            size,
            wait,
            time_limit,
        }
    }

    /// As many slots (all free) and the same wait, with another time limit.
    pub(crate) fn with_time_limit(&self, time_limit: Duration) -> SearchGate {
        SearchGate {
            slots: Semaphore::new(self.size),
            size: self.size,
            wait: self.wait,
            time_limit,
        }
    }

    /// How long a search's statements may run.
    pub(crate) fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// A slot for one search, held until the returned permit is dropped.
    pub(crate) async fn enter(&self) -> Result<SemaphorePermit<'_>, StoreError> {
        match tokio::time::timeout(self.wait, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(StoreError::Unavailable("search gate closed".into())),
            Err(_elapsed) => Err(StoreError::Busy(
                "too many searches at once: no search slot within the wait".into(),
            )),
        }
    }

    /// Slots free now (for tests and figures).
    #[cfg(test)]
    fn free(&self) -> usize {
        self.slots.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_get_half_the_pool_and_at_least_one_slot() {
        let (wait, limit) = (Duration::from_secs(1), Duration::from_secs(2));
        assert_eq!(SearchGate::for_pool(10, wait, limit).free(), 5);
        assert_eq!(SearchGate::for_pool(4, wait, limit).free(), 2);
        assert_eq!(SearchGate::for_pool(1, wait, limit).free(), 1);
        let gate = SearchGate::for_pool(10, wait, limit);
        let _held = gate.slots.try_acquire().expect("a slot");
        let shorter = gate.with_time_limit(Duration::ZERO);
        assert_eq!((shorter.free(), shorter.time_limit()), (5, Duration::ZERO));
    }

    #[tokio::test]
    async fn a_search_without_a_slot_is_refused_as_busy_and_a_freed_slot_is_taken() {
        let gate = SearchGate::for_pool(2, Duration::from_millis(50), Duration::from_secs(1));
        let held = gate.enter().await.expect("the one slot");
        assert!(matches!(gate.enter().await, Err(StoreError::Busy(_))));
        drop(held);
        let again = gate.enter().await.expect("the slot, freed");
        assert_eq!(gate.free(), 0);
        drop(again);
        assert_eq!(gate.free(), 1);
    }
}
