//! The physical references for writes: how many single-row INSERTs per second the database
//! commits on this machine, each in its own transaction.
//!
//! A case write in Assize is one transaction ending in a durable commit, so the raw commit rate
//! measured here, with the same pragmas and pool sizes as `assize-store`'s `connect.rs`, is the
//! ceiling any write figure of the product should be read against.
//!
//! This tool lives outside the product, so it issues SQL directly rather than through the
//! store; every statement is a fixed literal with bound parameters, nothing is concatenated.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use serde_json::json;
use sqlx::Executor;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::stats::{INSERT, Samples};
use crate::{BenchResult, Report};

/// `assize-store`'s SQLite pool size (`SQLITE_POOL_SIZE`): more tasks than this queue for a
/// connection, exactly as the product's requests would.
const SQLITE_POOL_SIZE: u32 = 4;
/// `assize-store`'s PostgreSQL pool size (`PG_POOL_SIZE`).
const PG_POOL_SIZE: u32 = 10;
/// The table the PostgreSQL run creates and drops (named literally in each statement, which
/// must stay fixed literals); a distinctive name so it cannot be mistaken for,
/// or clash with, a table of the product's schema in the same database.
const PG_TABLE: &str = "assize_bench_t";

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// How long to insert for.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Tasks inserting at once, each waiting for its commit before the next INSERT.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
}

/// The SQLite run on a fresh file.
pub async fn sqlite(path: &Path, run: RunArgs) -> BenchResult<Report> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot delete {}: {e}", Path::new(&p).display())),
        }
    }
    // As `Store::connect` for a file: create, foreign keys, 5 s busy timeout, WAL, FULL sync.
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new()
        .max_connections(SQLITE_POOL_SIZE)
        .connect_with(opts)
        .await
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    pool.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL)",
    )
    .await
    .map_err(|e| format!("cannot create the table: {e}"))?;
    let p = pool.clone();
    let insert: InsertOne = Arc::new(move |payload, created_at| {
        let p = p.clone();
        Box::pin(async move {
            sqlx::query("INSERT INTO t (payload, created_at) VALUES (?, ?)")
                .bind(payload)
                .bind(created_at)
                .execute(&p)
                .await
                .map(|_| ())
                .map_err(|e| format!("insert failed: {e}"))
        })
    });
    let json = measure(insert, &run).await?;
    pool.close().await;
    Ok(report("sqlite_insert", &run, json))
}

/// The PostgreSQL run, on a table created for it and dropped afterwards.
pub async fn postgres(url: &str, run: RunArgs) -> BenchResult<Report> {
    // As `Store::connect` for PostgreSQL.
    let pool = PgPoolOptions::new()
        .max_connections(PG_POOL_SIZE)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
    let ddl = async |sql: &'static str| {
        pool.execute(sql)
            .await
            .map(|_| ())
            .map_err(|e| format!("{PG_TABLE}: {e}"))
    };
    ddl("DROP TABLE IF EXISTS assize_bench_t").await?;
    ddl("CREATE TABLE assize_bench_t (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL)").await?;
    let p = pool.clone();
    let insert: InsertOne = Arc::new(move |payload, created_at| {
        let p = p.clone();
        Box::pin(async move {
            sqlx::query("INSERT INTO assize_bench_t (payload, created_at) VALUES ($1, $2)")
                .bind(payload)
                .bind(created_at)
                .execute(&p)
                .await
                .map(|_| ())
                .map_err(|e| format!("insert failed: {e}"))
        })
    });
    let measured = measure(insert, &run).await;
    let dropped = ddl("DROP TABLE IF EXISTS assize_bench_t").await;
    pool.close().await;
    let json = measured?;
    dropped?;
    Ok(report("pg_insert", &run, json))
}

fn report(scenario: &str, run: &RunArgs, measured: Measured) -> Report {
    let secs = measured.elapsed.as_secs_f64();
    let json = json!({
        "scenario": scenario,
        "concurrency": run.concurrency,
        "seconds": run.seconds,
        "elapsed_seconds": secs,
        "commits": measured.latencies.len(),
        "commits_per_second": if secs > 0.0 { measured.latencies.len() as f64 / secs } else { 0.0 },
        "latency_ms": measured.latencies.summary_ms(INSERT),
    });
    Report {
        json,
        complete: true,
    }
}

struct Measured {
    latencies: Samples,
    elapsed: Duration,
}

/// One INSERT in its own autocommit transaction, given the payload and the timestamp.
type InsertOne =
    Arc<dyn Fn(String, String) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

/// Runs `concurrency` tasks, each inserting one row per autocommit transaction until the time
/// is up. A latency includes waiting for a pooled connection, as a product request's would.
async fn measure(insert: InsertOne, run: &RunArgs) -> BenchResult<Measured> {
    if run.concurrency == 0 || run.seconds == 0 {
        return Err("--concurrency and --seconds must be at least 1".into());
    }
    let start = Instant::now();
    let deadline = start + Duration::from_secs(run.seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..run.concurrency {
        let insert = Arc::clone(&insert);
        tasks.spawn(async move {
            let mut samples = Samples::new();
            let mut n: u64 = 0;
            while Instant::now() < deadline {
                // ~200 bytes, different on every row so no layer can dedupe it.
                let payload = format!("{task:04}-{n:0>195}");
                let created_at = jiff::Timestamp::now().to_string();
                let t0 = Instant::now();
                insert(payload, created_at).await?;
                samples.record(t0.elapsed());
                n += 1;
            }
            Ok::<_, String>(samples)
        });
    }
    let mut latencies = Samples::new();
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(s)) => latencies.extend(s),
            Ok(Err(e)) => first_error = first_error.or(Some(e)),
            Err(e) => first_error = first_error.or(Some(format!("task failed: {e}"))),
        }
    }
    let elapsed = start.elapsed();
    match first_error {
        Some(e) => Err(e),
        None => Ok(Measured { latencies, elapsed }),
    }
}
