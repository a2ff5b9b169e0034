//! The one place that knows there are two databases: build a sea-query statement with the right
//! query builder and run it on the right pool or transaction; decode rows by column name into
//! plain Rust types both drivers support (String, i64 and their Options).

use std::time::Duration;

use jiff::Timestamp;
use sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use sea_query_sqlx::SqlxBinder;
use sqlx::postgres::{PgPool, PgRow};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{AssertSqlSafe, Postgres, Row as _, Sqlite, Transaction};
use uuid::Uuid;

use crate::error::{StoreError, is_sqlite_busy};

/// Which database a [`crate::Store`] talks to.
#[derive(Clone, Debug)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either database.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A result row from either database.
pub(crate) enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// Runs `$method` (`fetch_all`, `fetch_optional`, `execute`) of a built statement on an executor
/// of the matching database; `$wrap` turns the driver result into ours.
macro_rules! dispatch {
    ($enum:ident, $target:expr, $stmt:expr, $method:ident, $sqlite_ex:ident => $sqlite:expr, $pg_ex:ident => $pg:expr, $wrap_sqlite:expr, $wrap_pg:expr) => {
        match $target {
            $enum::Sqlite($sqlite_ex) => {
                let (sql, values) = $stmt.build_sqlx(SqliteQueryBuilder);
                let r = sqlx::query_with(AssertSqlSafe(sql), values)
                    .$method($sqlite)
                    .await;
                r.map($wrap_sqlite)
            }
            $enum::Postgres($pg_ex) => {
                let (sql, values) = $stmt.build_sqlx(PostgresQueryBuilder);
                let r = sqlx::query_with(AssertSqlSafe(sql), values)
                    .$method($pg)
                    .await;
                r.map($wrap_pg)
            }
        }
    };
}

impl Backend {
    pub(crate) async fn all(&self, stmt: &impl SqlxBinder) -> Result<Vec<Row>, sqlx::Error> {
        dispatch!(Backend, self, stmt, fetch_all, p => p, p => p,
            |v| v.into_iter().map(Row::Sqlite).collect(),
            |v| v.into_iter().map(Row::Postgres).collect())
    }
    pub(crate) async fn opt(&self, stmt: &impl SqlxBinder) -> Result<Option<Row>, sqlx::Error> {
        dispatch!(Backend, self, stmt, fetch_optional, p => p, p => p,
            |v| v.map(Row::Sqlite), |v| v.map(Row::Postgres))
    }
    pub(crate) async fn exec(&self, stmt: &impl SqlxBinder) -> Result<u64, sqlx::Error> {
        dispatch!(Backend, self, stmt, execute, p => p, p => p,
            |r| r.rows_affected(), |r| r.rows_affected())
    }

    /// Begins a transaction that will write. SQLite takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so a read-then-write transaction cannot fail on upgrade; a busy
    /// database (beyond the 5 s busy timeout) is retried a few times.
    pub(crate) async fn begin_write(&self) -> Result<Tx, StoreError> {
        match self {
            Backend::Sqlite(p) => {
                let mut attempt = 0;
                loop {
                    match p.begin_with("BEGIN IMMEDIATE").await {
                        Ok(t) => return Ok(Tx::Sqlite(t)),
                        Err(e) if is_sqlite_busy(&e) && attempt < 5 => {
                            attempt += 1;
                            tracing::debug!(attempt, "sqlite busy at BEGIN IMMEDIATE; retrying");
                            tokio::time::sleep(std::time::Duration::from_millis(20 * attempt))
                                .await;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Backend::Postgres(p) => Ok(Tx::Postgres(p.begin().await?)),
        }
    }

    /// Begins a read-only transaction (a consistent snapshot in SQLite).
    pub(crate) async fn begin_read(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Backend::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Backend::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }
}

/// The executor view of a transaction.
enum TxTarget<'a> {
    Sqlite(&'a mut Transaction<'static, Sqlite>),
    Postgres(&'a mut Transaction<'static, Postgres>),
}

impl Tx {
    /// Lets each further statement of this transaction run for at most `limit` (PostgreSQL's
    /// `statement_timeout`, local to the transaction; a statement stopped fails with 57014, see
    /// [`StoreError::TimedOut`]). Nothing on SQLite, whose statements run in this process.
    pub(crate) async fn limit_statements(&mut self, limit: Duration) -> Result<(), StoreError> {
        if let Tx::Postgres(t) = self {
            // At least 1 ms: 0 would mean no limit at all.
            let ms = limit.as_millis().clamp(1, i32::MAX as u128);
            sqlx::query("SELECT set_config('statement_timeout', $1, true)")
                .bind(format!("{ms}ms"))
                .execute(&mut **t)
                .await?;
        }
        Ok(())
    }

    fn target(&mut self) -> TxTarget<'_> {
        match self {
            Tx::Sqlite(t) => TxTarget::Sqlite(t),
            Tx::Postgres(t) => TxTarget::Postgres(t),
        }
    }
    pub(crate) async fn all(&mut self, stmt: &impl SqlxBinder) -> Result<Vec<Row>, sqlx::Error> {
        dispatch!(TxTarget, self.target(), stmt, fetch_all, t => &mut **t, t => &mut **t,
            |v| v.into_iter().map(Row::Sqlite).collect(),
            |v| v.into_iter().map(Row::Postgres).collect())
    }
    pub(crate) async fn opt(&mut self, stmt: &impl SqlxBinder) -> Result<Option<Row>, sqlx::Error> {
        dispatch!(TxTarget, self.target(), stmt, fetch_optional, t => &mut **t, t => &mut **t,
            |v| v.map(Row::Sqlite), |v| v.map(Row::Postgres))
    }
    pub(crate) async fn exec(&mut self, stmt: &impl SqlxBinder) -> Result<u64, sqlx::Error> {
        dispatch!(TxTarget, self.target(), stmt, execute, t => &mut **t, t => &mut **t,
            |r| r.rows_affected(), |r| r.rows_affected())
    }
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.rollback().await,
            Tx::Postgres(t) => t.rollback().await,
        }
    }
}

fn corrupt(col: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("column {col}: {e}"))
}

impl Row {
    pub(crate) fn opt_str(&self, col: &str) -> Result<Option<String>, StoreError> {
        match self {
            Row::Sqlite(r) => r.try_get::<Option<String>, _>(col),
            Row::Postgres(r) => r.try_get::<Option<String>, _>(col),
        }
        .map_err(|e| corrupt(col, e))
    }
    pub(crate) fn str(&self, col: &str) -> Result<String, StoreError> {
        self.opt_str(col)?
            .ok_or_else(|| corrupt(col, "unexpected NULL"))
    }
    pub(crate) fn opt_i64(&self, col: &str) -> Result<Option<i64>, StoreError> {
        match self {
            Row::Sqlite(r) => r.try_get::<Option<i64>, _>(col),
            Row::Postgres(r) => r.try_get::<Option<i64>, _>(col),
        }
        .map_err(|e| corrupt(col, e))
    }
    pub(crate) fn i64(&self, col: &str) -> Result<i64, StoreError> {
        self.opt_i64(col)?
            .ok_or_else(|| corrupt(col, "unexpected NULL"))
    }
    pub(crate) fn bool(&self, col: &str) -> Result<bool, StoreError> {
        Ok(self.i64(col)? != 0)
    }
    pub(crate) fn uuid(&self, col: &str) -> Result<Uuid, StoreError> {
        parse_uuid(col, &self.str(col)?)
    }
    pub(crate) fn opt_uuid(&self, col: &str) -> Result<Option<Uuid>, StoreError> {
        self.opt_str(col)?.map(|s| parse_uuid(col, &s)).transpose()
    }
    pub(crate) fn ts(&self, col: &str) -> Result<Timestamp, StoreError> {
        parse_ts(col, &self.str(col)?)
    }
    pub(crate) fn opt_ts(&self, col: &str) -> Result<Option<Timestamp>, StoreError> {
        self.opt_str(col)?.map(|s| parse_ts(col, &s)).transpose()
    }
    pub(crate) fn json(&self, col: &str) -> Result<serde_json::Value, StoreError> {
        serde_json::from_str(&self.str(col)?).map_err(|e| corrupt(col, e))
    }
    pub(crate) fn opt_json(&self, col: &str) -> Result<Option<serde_json::Value>, StoreError> {
        self.opt_str(col)?
            .map(|s| serde_json::from_str(&s).map_err(|e| corrupt(col, e)))
            .transpose()
    }
}

fn parse_uuid(col: &str, s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| corrupt(col, e))
}

fn parse_ts(col: &str, s: &str) -> Result<Timestamp, StoreError> {
    s.parse::<Timestamp>().map_err(|e| corrupt(col, e))
}

/// The stored text of a timestamp: RFC 3339 UTC with exactly nine fractional digits, so that
/// text order is time order in both databases and no precision is lost.
pub(crate) fn ts_text(ts: Timestamp) -> String {
    jiff::fmt::temporal::DateTimePrinter::new()
        .precision(Some(9))
        .timestamp_to_string(&ts)
}

/// The stored text of a uuid (lower-case hyphenated).
pub(crate) fn id(u: Uuid) -> String {
    u.hyphenated().to_string()
}

/// The stored text of an optional uuid.
pub(crate) fn opt_id(u: Option<Uuid>) -> Option<String> {
    u.map(id)
}
