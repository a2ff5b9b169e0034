//! Court-list reads: one day's internal list of every court in a file, fetched by a fixed pool
//! of workers pulling courts from a shared queue.
//!
//! A fixed pool (rather than one task per court) keeps the offered concurrency exactly
//! `--concurrency`, so `--concurrency 1` measures a single reader's latency and higher values
//! measure throughput under that many simultaneous readers.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::stats::{FULL, Samples};
use crate::{BenchResult, Report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// e.g. http://127.0.0.1:8080 (plain HTTP).
    #[arg(long)]
    base: String,
    /// API token of the reading user.
    #[arg(long)]
    token: String,
    /// The list day, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// One court OU code per line (blank lines and `#` comments ignored).
    #[arg(long)]
    courts: PathBuf,
    /// Workers fetching at once.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
}

/// What one worker saw.
#[derive(Default)]
struct Tally {
    latencies: Samples,
    statuses: BTreeMap<String, u64>,
    errors: u64,
    bytes: u64,
}

pub async fn run(args: Args) -> BenchResult<Report> {
    if args.concurrency == 0 {
        return Err("--concurrency must be at least 1".into());
    }
    let text = std::fs::read_to_string(&args.courts)
        .map_err(|e| format!("cannot read {}: {e}", args.courts.display()))?;
    let courts: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    if courts.is_empty() {
        return Err(format!("{} lists no courts", args.courts.display()));
    }
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let base = args.base.trim_end_matches('/').to_owned();
    let courts = Arc::new(courts);
    let next = Arc::new(AtomicUsize::new(0));
    let auth = format!("Bearer {}", args.token);
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency {
        let (client, courts, next) = (client.clone(), courts.clone(), next.clone());
        let (base, auth, date) = (base.clone(), auth.clone(), args.date.clone());
        workers.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(ou) = courts.get(i) else { break };
                let url = format!("{base}/api/v1/courts/{ou}/lists/{date}");
                let t0 = Instant::now();
                let outcome = fetch(&client, &url, &auth).await;
                tally.latencies.record(t0.elapsed());
                match outcome {
                    Ok((status, bytes)) => {
                        tally.bytes += bytes;
                        *tally
                            .statuses
                            .entry(status.as_u16().to_string())
                            .or_default() += 1;
                        if !status.is_success() {
                            if tally.errors == 0 {
                                eprintln!("lists: {url} answered {status}");
                            }
                            tally.errors += 1;
                        }
                    }
                    Err(e) => {
                        if tally.errors == 0 {
                            eprintln!("lists: {url}: {e}");
                        }
                        *tally.statuses.entry("error".into()).or_default() += 1;
                        tally.errors += 1;
                    }
                }
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(joined) = workers.join_next().await {
        let t = joined.map_err(|e| format!("worker failed: {e}"))?;
        total.latencies.extend(t.latencies);
        total.errors += t.errors;
        total.bytes += t.bytes;
        for (k, v) in t.statuses {
            *total.statuses.entry(k).or_default() += v;
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let json = json!({
        "scenario": "lists",
        "courts": courts.len(),
        "concurrency": args.concurrency,
        "total_seconds": wall,
        "errors": total.errors,
        "status_counts": total.statuses,
        "bytes": total.bytes,
        "latency_ms": total.latencies.summary_ms(FULL),
    });
    // Failed fetches make the latency figures those of error pages: flag the run.
    Ok(Report {
        json,
        complete: total.errors == 0,
    })
}

/// One GET, reading the whole body: the latency is until the last byte, as a page would wait.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    auth: &str,
) -> Result<(reqwest::StatusCode, u64), reqwest::Error> {
    let resp = client
        .get(url)
        .header(reqwest::header::AUTHORIZATION, auth)
        .send()
        .await?;
    let status = resp.status();
    let body = resp.bytes().await?;
    Ok((status, body.len() as u64))
}
