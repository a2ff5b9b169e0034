//! `assize generate`: a national data set for benchmarks, decided by the domain as the API decides
//! it, across every open criminal court, over several years of dates. Written either through the
//! command path (`commands::commit`: events, read models, notices outbox and access log in one
//! transaction per change) or, by default, in bulk (`Store::load_cases`: the same events, hash
//! chains, access-log entries and notices, many cases per transaction, read models once per
//! case). Deterministic for a given seed: case `n` draws everything from its own generator, so
//! the data are the same whatever the concurrency or the path (only the recording timestamps
//! differ).
//!
//! Besides the data, it writes the benchmark's inputs (see `files`): cases and searches a London
//! legal adviser may read, hearings awaiting today's results, new cases to import, and the
//! busiest court day for the daily lists.

mod bulk;
mod files;
mod life;
mod names;
mod outcome;
mod shape;
mod world;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use assize_store::Store;
use futures_util::StreamExt;
use jiff::ToSpan;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::{AppState, Config};
use life::Writer;

pub type GenError = Box<dyn std::error::Error + Send + Sync>;

/// What to generate.
pub struct Options {
    /// Cases in the national data set.
    pub cases: u64,
    pub seed: u64,
    /// Years of first hearings, ending about today.
    pub years: u32,
    /// Cases written at once (each its own transactions).
    pub concurrency: usize,
    /// London cases left awaiting today's results, for the recording benchmark.
    pub awaiting: u64,
    /// New London cases written to `intake.jsonl` (not to the database).
    pub intake: u64,
    /// Where the benchmark's input files go.
    pub out: PathBuf,
    /// Cases per bulk-load transaction; 0 writes every change through the command path instead.
    pub batch: usize,
}

/// Totals, written to `summary.json` and printed.
#[derive(Serialize, Default)]
pub struct Summary {
    pub cases: u64,
    pub seed: u64,
    pub years: u32,
    pub concurrency: usize,
    /// `bulk` (cases per transaction) or `commands` (a transaction per change).
    pub path: String,
    pub batch: usize,
    pub seconds: f64,
    pub cases_per_second: f64,
    pub commands: u64,
    pub events: u64,
    pub commands_per_second: f64,
    pub defendants: u64,
    pub offences: u64,
    pub hearings: u64,
    /// Cases whose path a domain rule stopped early (listed with the first few reasons).
    pub stopped: u64,
    pub stopped_reasons: Vec<String>,
    pub awaiting_results: u64,
    pub awaiting_seconds: f64,
    pub intake_lines: u64,
    pub agencies_assigned: usize,
    pub lists_date: Option<String>,
}

/// The force area most generated cases of the benchmark's inputs come from: London.
pub const BENCH_AREA: &str = "01";

/// Generate the data set into `store` and the benchmark inputs into `opts.out`.
pub async fn generate(store: &Store, opts: &Options) -> Result<Summary, GenError> {
    std::fs::create_dir_all(&opts.out)?;
    let world = Arc::new(world::create(store).await?);
    let writer = Arc::new(match opts.batch {
        0 => Writer::Commands(AppState::new(store.clone(), Config::default())),
        _ => Writer::Bulk {
            routing: crate::notices::outbox::routing_from(store).await?,
        },
    });
    let today = crate::config::court_today();
    let start = today.checked_sub((i64::from(opts.years) * 365).days())?;
    let days = i64::from(opts.years) * 365;
    // Assumption: cases are spread over force areas in proportion to their magistrates' courts.
    let weights: Vec<(u64, usize)> = world
        .areas
        .values()
        .enumerate()
        .map(|(i, a)| (a.magistrates.len() as u64, i))
        .collect();
    let codes: Arc<Vec<String>> = Arc::new(world.areas.keys().cloned().collect());
    let mut sink = files::Sink::new(&opts.out)?;
    let mut summary = Summary {
        cases: opts.cases,
        seed: opts.seed,
        years: opts.years,
        concurrency: opts.concurrency,
        path: if opts.batch == 0 { "commands" } else { "bulk" }.into(),
        batch: opts.batch,
        ..Summary::default()
    };

    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    // Bounded: cases decided faster than they can be written wait here, so only a few at a time.
    let (tx, mut rx) = mpsc::channel(64);
    for _ in 0..opts.concurrency.max(1) {
        let (writer, world, next, tx, codes, weights) = (
            writer.clone(),
            world.clone(),
            next.clone(),
            tx.clone(),
            codes.clone(),
            weights.clone(),
        );
        let (seed, total) = (opts.seed, opts.cases);
        tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let area_index = shape::Rng::for_case(seed ^ 0xA4EA, n).weighted(&weights);
                let area = &world.areas[&codes[area_index]];
                let made = life::historic(&writer, area, seed, n, start, days, today).await;
                if tx.send(made).await.is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut loader = bulk::Loader::new(store, opts.batch);
    let mut done = 0u64;
    while let Some(made) = rx.recv().await {
        let mut made = made?;
        loader.push(made.bulk.take()).await?;
        summary.commands += made.commands as u64;
        summary.events += made.events as u64;
        summary.defendants += made.defendants as u64;
        summary.offences += made.offences as u64;
        summary.hearings += made.hearing_dates.len() as u64;
        if let Some(why) = &made.stopped {
            summary.stopped += 1;
            if summary.stopped_reasons.len() < 10 && !summary.stopped_reasons.contains(why) {
                summary.stopped_reasons.push(why.clone());
            }
        }
        sink.case(&made)?;
        done += 1;
        if done.is_multiple_of(10_000) {
            let s = started.elapsed().as_secs_f64();
            eprintln!(
                "{done} cases in {s:.0} s ({:.0} cases/s)",
                done as f64 / s.max(0.001)
            );
        }
    }
    loader.finish().await?;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.cases_per_second = opts.cases as f64 / summary.seconds.max(0.001);
    summary.commands_per_second = summary.commands as f64 / summary.seconds.max(0.001);

    // Hearings awaiting today's results, in London, numbered after the data set's cases.
    let awaiting_started = Instant::now();
    let london = world
        .areas
        .get(BENCH_AREA)
        .ok_or("the reference data has no London courts")?;
    let base = opts.cases;
    let mut stream = futures_util::stream::iter(0..opts.awaiting)
        .map(|k| life::awaiting_results(&writer, london, opts.seed, base + k, today))
        .buffered(opts.concurrency.max(1));
    let mut loader = bulk::Loader::new(store, opts.batch);
    while let Some(made) = stream.next().await {
        let mut made = made?;
        loader.push(made.bulk.take()).await?;
        sink.awaiting(&made)?;
        summary.awaiting_results += 1;
    }
    loader.finish().await?;
    summary.awaiting_seconds = awaiting_started.elapsed().as_secs_f64();
    let base = opts.cases + opts.awaiting;
    for k in 0..opts.intake {
        sink.intake(&life::intake_line(london, opts.seed, base + k, today))?;
    }
    summary.intake_lines = opts.intake;
    summary.agencies_assigned = world::assign_agencies(store).await?;
    store.analyze().await?;
    summary.lists_date = sink.finish(&world::all_courts(), today)?;
    std::fs::write(
        opts.out.join("summary.json"),
        serde_json::to_vec_pretty(&summary)?,
    )?;
    Ok(summary)
}
