//! The one error type of the storage layer.
//!
//! `Display` of [`StoreError::Database`] may contain driver detail (including SQL fragments);
//! the HTTP layer logs it and shows the user a generic message.

/// What can go wrong when talking to the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Optimistic concurrency: the case moved on since the caller read it.
    #[error("version conflict: expected version {expected}, found {actual}")]
    Conflict { expected: i64, actual: i64 },
    /// Another case already holds this Unique Reference Number.
    #[error("a case with URN {0} already exists")]
    DuplicateUrn(String),
    /// Another user already holds this username.
    #[error("username {0} is already taken")]
    DuplicateUsername(String),
    /// Some other uniqueness rule was broken (organisation id or code, token, hearing id...).
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// The request itself is malformed (e.g. an append without events).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// A sitting a listing decision used was changed or cancelled before the listing was written.
    #[error("sitting {0} changed while a hearing was being listed in it")]
    SittingChanged(uuid::Uuid),
    /// The row to change does not exist.
    #[error("not found")]
    NotFound,
    /// The connection URL names no supported database.
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    UnsupportedUrl(String),
    /// A stored value could not be decoded (bad uuid, timestamp, JSON, enum name...).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// A query could not be built (a programming error).
    #[error("query build error: {0}")]
    Query(String),
    /// The driver or the database reported an error.
    #[error("database error: {0}")]
    Database(String),
    /// The database cannot be reached for the moment (connection refused or lost, the server
    /// shutting down or starting up, no connection free in time). Nothing was written; the same
    /// request can be sent again.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Too much work of one kind is running at once (searches beyond their share of the pool);
    /// nothing was done, and the same request can be sent again in a moment.
    #[error("busy: {0}")]
    Busy(String),
    /// A statement ran past the time limit of its kind of work (PostgreSQL's
    /// `statement_timeout`, 57014) and was stopped; nothing was done.
    #[error("timed out: {0}")]
    TimedOut(String),
    /// Running the schema migrations failed.
    #[error("migration error: {0}")]
    Migration(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            StoreError::Unavailable(e.to_string())
        } else if is_timed_out(&e) {
            StoreError::TimedOut(e.to_string())
        } else {
            StoreError::Database(e.to_string())
        }
    }
}

/// Whether `e` says the database cannot be reached rather than that the statement failed: I/O
/// and pool errors, and PostgreSQL's connection exceptions (class 08) and operator interventions
/// (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

/// Whether `e` is PostgreSQL stopping a statement at its `statement_timeout` (57014,
/// query_canceled: the same code as a cancel request, which this service never sends).
fn is_timed_out(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("57014"))
}

impl From<sea_query::error::Error> for StoreError {
    fn from(e: sea_query::error::Error) -> Self {
        StoreError::Query(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(e.to_string())
    }
}

/// Whether `e` is a unique-constraint violation of `constraint` (PostgreSQL names the
/// constraint; SQLite names `table.column` in its message, so `sqlite_hint` is matched there).
pub(crate) fn is_unique_violation(e: &sqlx::Error, constraint: &str, sqlite_hint: &str) -> bool {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            db.constraint() == Some(constraint)
                || db.message().contains(sqlite_hint)
                || db.message().contains(constraint)
        }
        _ => false,
    }
}

/// Whether `e` is any unique-constraint violation.
pub(crate) fn is_any_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Whether `e` is SQLite's "database is locked / busy", worth a retry.
pub(crate) fn is_sqlite_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or("");
            // SQLITE_BUSY = 5, SQLITE_BUSY_SNAPSHOT = 517, SQLITE_LOCKED = 6.
            matches!(code, "5" | "517" | "6" | "261" | "773")
                || db.message().contains("database is locked")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_unavailable_not_a_failure_of_the_statement() {
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused)),
        ] {
            assert!(matches!(StoreError::from(e), StoreError::Unavailable(_)));
        }
        assert!(matches!(
            StoreError::from(sqlx::Error::RowNotFound),
            StoreError::Database(_)
        ));
    }
}
