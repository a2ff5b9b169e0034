//! Opening a store and bringing its schema up to date.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::db::Backend;
use crate::search_gate::SearchGate;
use crate::{Store, StoreError};

/// Connections in a SQLite pool: SQLite has one writer at a time, a few readers suffice.
const SQLITE_POOL_SIZE: u32 = 4;
/// Connections in a PostgreSQL pool.
const PG_POOL_SIZE: u32 = 10;
/// How long a request waits for a PostgreSQL connection (and a search for its slot).
const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a search's statements may run (PostgreSQL): as long as a request waits for a
/// connection. A search that takes longer has lost its reader, and holds a connection meanwhile.
const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(10);

impl Store {
    /// Connects to `sqlite://path` (the file is created if missing; WAL journal, foreign keys
    /// on, 5 s busy timeout) or `postgres://...`, and runs the migrations.
    ///
    /// `sqlite::memory:` works too (one connection kept open for the life of the pool, since
    /// an in-memory database vanishes with its last connection), but is meant for experiments.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let mut opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let mut pool = SqlitePoolOptions::new();
            if memory {
                pool = pool
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None);
            } else {
                opts = opts
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full);
                pool = pool.max_connections(SQLITE_POOL_SIZE);
            }
            let pool = pool.connect_with(opts).await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            let size = pool.options().get_max_connections();
            let wait = pool.options().get_acquire_timeout();
            Ok(Store {
                backend: Backend::Sqlite(pool),
                live: Default::default(),
                notices_written: Default::default(),
                reads_log: Default::default(),
                search_gate: SearchGate::for_pool(size, wait, SEARCH_TIME_LIMIT).into(),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(PG_POOL_SIZE)
                .acquire_timeout(PG_ACQUIRE_TIMEOUT)
                .connect(url)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Ok(Store {
                backend: Backend::Postgres(pool),
                live: Default::default(),
                notices_written: Default::default(),
                reads_log: Default::default(),
                search_gate: SearchGate::for_pool(
                    PG_POOL_SIZE,
                    PG_ACQUIRE_TIMEOUT,
                    SEARCH_TIME_LIMIT,
                )
                .into(),
            })
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(StoreError::UnsupportedUrl(format!("{scheme}:...")))
        }
    }

    /// The same store with another time limit for each search's statements (PostgreSQL; see
    /// `search_gate`). For tests, and for an operator who wants searches cut shorter.
    pub fn with_search_time_limit(mut self, limit: Duration) -> Store {
        self.search_gate = self.search_gate.with_time_limit(limit).into();
        self
    }

    /// Refreshes the query planner's statistics (`ANALYZE`), after a bulk load: until then the
    /// planner may not know that a URN lookup matches one row and scan a court's every case
    /// instead (100 ms rather than 0.5 ms at 18,000 cases on PostgreSQL, measured). Autovacuum
    /// would get there, later.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
        }
        Ok(())
    }
}
