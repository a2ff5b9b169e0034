//! A share of the connection pool for searches, so that slow searches can never take every
//! connection. At 1.4 million cases a name search reads from disk and may take seconds; a
//! hundred at once held all ten PostgreSQL connections for minutes (after their clients had
//! gone), and recording a result, the access log's commit and the notice dispatcher all timed
//! out waiting for one (docs/performance.md, fifth session). With the gate, searches hold at most
//! half the pool, and a search that cannot get a slot in time is refused as the database being
//! unavailable (503, try again) rather than queued without end.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::StoreError;

/// The slots searches may hold at once.
#[derive(Debug)]
pub(crate) struct SearchGate {
    slots: Semaphore,
    /// How long a search waits for a slot: as long as anything waits for a connection.
    wait: Duration,
}

impl SearchGate {
    /// Half of a pool of `pool_size` connections (at least one), waited for up to `wait`.
    pub(crate) fn for_pool(pool_size: u32, wait: Duration) -> SearchGate {
        SearchGate {
            slots: Semaphore::new((pool_size as usize / 2).max(1)),
            wait,
        }
    }

    /// A slot for one search, held until the returned permit is dropped.
    pub(crate) async fn enter(&self) -> Result<SemaphorePermit<'_>, StoreError> {
        match tokio::time::timeout(self.wait, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(StoreError::Unavailable("search gate closed".into())),
            Err(_elapsed) => Err(StoreError::Unavailable(
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
        let wait = Duration::from_secs(1);
        assert_eq!(SearchGate::for_pool(10, wait).free(), 5);
        assert_eq!(SearchGate::for_pool(4, wait).free(), 2);
        assert_eq!(SearchGate::for_pool(1, wait).free(), 1);
    }

    #[tokio::test]
    async fn a_search_without_a_slot_is_refused_as_unavailable_and_a_freed_slot_is_taken() {
        let gate = SearchGate::for_pool(2, Duration::from_millis(50));
        let held = gate.enter().await.expect("the one slot");
        assert!(matches!(
            gate.enter().await,
            Err(StoreError::Unavailable(_))
        ));
        drop(held);
        let again = gate.enter().await.expect("the slot, freed");
        assert_eq!(gate.free(), 0);
        drop(again);
        assert_eq!(gate.free(), 1);
    }
}
