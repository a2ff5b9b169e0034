//! `assize-bench`: the measuring client behind the `bench/` scripts.
//!
//! Every figure the bench reports is shown next to a *physical reference* measured in the same
//! run on the same machine, so a reader can tell whether Assize is slow or the machine is: a
//! live-update latency means little without the disk's commit rate beside it. Each subcommand
//! prints exactly one JSON object on stdout (for the script to collect) and its progress and
//! errors on stderr; it exits non-zero when the measurement could not be made.
//!
//! - `sse` — **live-update latency**. Opens many `GET /api/v1/live` Server-Sent-Events streams,
//!   then a writer replays recorded write requests one at a time at a fixed interval; every
//!   subscriber notes when the `case_changed` for each written case reaches it. Reported from
//!   the writer's acknowledgement (what a user on another screen waits after someone saves) and
//!   from the send, with the writes' own latency, deliveries missing and `resync`s. Needs one
//!   file descriptor per subscriber: run under `ulimit -n 4096` (checked up front on Linux).
//! - `lists` — **court-list reads**. Fetches one day's internal list
//!   (`GET /api/v1/courts/{ou}/lists/{date}`) for every court in a file, with a fixed pool of
//!   workers, reporting wall time, latency percentiles, statuses and bytes.
//! - `sqlite-insert` — **the physical reference for writes on SQLite**: single-row INSERTs, each
//!   its own committed transaction, with exactly the pragmas and pool of the product's store
//!   (WAL, `synchronous=FULL`, foreign keys, 5 s busy timeout, 4 connections). A write to a case
//!   cannot commit faster than this on the same disk.
//! - `pg-insert` — the same loop on PostgreSQL through sqlx (10 connections, as the store), a
//!   cross-check of `pgbench` measured by the same client code as the product's.

#![forbid(unsafe_code)]

mod inserts;
mod lists;
mod live;
mod sse;
mod stats;
mod subscriber;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "assize-bench",
    version,
    about = "Benchmark client for the bench/ scripts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Live-update latency over `GET /api/v1/live` while a writer replays requests.
    Sse(live::Args),
    /// Fetch one day's court list of every court in a file.
    Lists(lists::Args),
    /// Raw single-row INSERT commit rate on SQLite with the store's pragmas.
    SqliteInsert {
        /// The database file to create (deleted first, with its -wal and -shm).
        #[arg(long)]
        path: PathBuf,
        #[command(flatten)]
        run: inserts::RunArgs,
    },
    /// Raw single-row INSERT commit rate on PostgreSQL (a cross-check of pgbench).
    PgInsert {
        /// e.g. postgres://postgres@127.0.0.1:5432/bench
        #[arg(long)]
        url: String,
        #[command(flatten)]
        run: inserts::RunArgs,
    },
}

/// A failed measurement: the message goes to stderr, the exit status says it failed.
pub type BenchResult<T> = Result<T, String>;

/// What a subcommand hands back: the JSON report, and whether the run was complete enough to
/// be trusted (an incomplete run still prints its figures, for diagnosis, but exits non-zero).
pub struct Report {
    pub json: serde_json::Value,
    pub complete: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Needed when this binary is built in one `cargo build` with `assize`: see Cargo.toml.
    assize_delivery::install_crypto_provider();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("assize-bench: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Sse(args) => live::run(args).await,
            Command::Lists(args) => lists::run(args).await,
            Command::SqliteInsert { path, run } => inserts::sqlite(&path, run).await,
            Command::PgInsert { url, run } => inserts::postgres(&url, run).await,
        }
    });
    match result {
        Ok(report) => {
            println!("{}", report.json);
            if report.complete {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "assize-bench: the run was incomplete (see above); figures printed anyway"
                );
                ExitCode::from(3)
            }
        }
        Err(e) => {
            eprintln!("assize-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
