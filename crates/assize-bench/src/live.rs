//! The `sse` scenario: live-update latency seen by many subscribers while one writer replays
//! recorded write requests at a fixed pace.
//!
//! The writer sends one request at a time (each acknowledged before the next) so every change
//! can be attributed to the request that caused it, and the latency measured is the fan-out's,
//! not a queue of concurrent writes.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, mpsc, watch};

use crate::stats::{FULL, SHORT, Samples};
use crate::subscriber::{self, Seen, Shared};
use crate::{BenchResult, Report};

/// How long to wait for changes still in flight after the last acknowledgement.
const STRAGGLERS: Duration = Duration::from_secs(5);
/// How long all subscribers together may take to connect.
const CONNECT_WITHIN: Duration = Duration::from_secs(120);
/// Descriptors the process needs besides the subscribers' sockets.
const SPARE_FDS: u64 = 64;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// e.g. http://127.0.0.1:8080 (plain HTTP).
    #[arg(long)]
    base: String,
    /// API token of a subscribing user; repeat to spread subscribers over users (round-robin).
    #[arg(long = "subscriber-token", required = true)]
    subscriber_tokens: Vec<String>,
    /// API token of the writing user.
    #[arg(long)]
    writer_token: String,
    /// JSON lines: {"method","path","headers"?,"body"?,"case_id"}.
    #[arg(long)]
    requests: PathBuf,
    /// Concurrent live streams.
    #[arg(long, default_value_t = 1000)]
    subscribers: usize,
    /// Requests to send, the first ones of the file in order.
    #[arg(long, default_value_t = 200)]
    count: usize,
    /// Pace of the writer: request i is sent at i × this (or as soon as the previous one is
    /// acknowledged, if later).
    #[arg(long, default_value_t = 50)]
    interval_ms: u64,
    /// Connection attempts in flight at once while opening the streams (not a limit on streams).
    #[arg(long, default_value_t = 64)]
    connect_concurrency: usize,
}

/// One line of the requests file.
#[derive(Debug, Deserialize)]
struct Recorded {
    method: String,
    path: String,
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    body: Option<Value>,
    case_id: String,
}

/// The writer's record of one request.
struct Sent {
    at: Instant,
    acked: Instant,
    ok: bool,
}

pub async fn run(args: Args) -> BenchResult<Report> {
    if args.subscribers == 0 || args.count == 0 || args.connect_concurrency == 0 {
        return Err("--subscribers, --count and --connect-concurrency must be at least 1".into());
    }
    let requests = load(&args.requests, args.count)?;
    check_fd_limit(args.subscribers)?;
    let mut cases: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in requests.iter().enumerate() {
        cases
            .entry(r.case_id.to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let shared = Arc::new(Shared {
        cases,
        sent: AtomicUsize::new(0),
        deliveries: AtomicU64::new(0),
        requests: requests.len(),
    });
    let base = args.base.trim_end_matches('/').to_owned();
    let client = |timeout: Option<Duration>| {
        let mut b = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true);
        if let Some(t) = timeout {
            b = b.timeout(t);
        }
        b.build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))
    };
    let (sub_client, writer_client) = (client(None)?, client(Some(Duration::from_secs(30)))?);

    // Open every stream; a stream counts once its 200 headers are in.
    let (stop_tx, stop_rx) = watch::channel(false);
    let (conn_tx, mut conn_rx) = mpsc::channel(args.subscribers);
    let gate = Arc::new(Semaphore::new(args.connect_concurrency));
    let started = Instant::now();
    let mut subs = tokio::task::JoinSet::new();
    for i in 0..args.subscribers {
        let token = &args.subscriber_tokens[i % args.subscriber_tokens.len()];
        let permit = gate
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| e.to_string())?;
        subs.spawn(subscriber::run(
            sub_client.clone(),
            format!("{base}/api/v1/live"),
            format!("Bearer {token}"),
            shared.clone(),
            permit,
            conn_tx.clone(),
            stop_rx.clone(),
        ));
    }
    drop(conn_tx);
    let (mut connected, mut failed) = (0usize, 0usize);
    let deadline = tokio::time::Instant::now() + CONNECT_WITHIN;
    while connected + failed < args.subscribers {
        match tokio::time::timeout_at(deadline, conn_rx.recv()).await {
            Ok(Some(Ok(()))) => connected += 1,
            Ok(Some(Err(e))) => {
                if failed < 5 {
                    eprintln!("sse: a subscriber could not connect: {e}");
                }
                failed += 1;
            }
            Ok(None) | Err(_) => break,
        }
    }
    let connect_seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "sse: {connected}/{} subscribers connected in {connect_seconds:.2}s",
        args.subscribers
    );
    if connected == 0 {
        let _ = stop_tx.send(true);
        return Err("no subscriber could connect".into());
    }

    let sent = write(&requests, &writer_client, &base, &args, &shared).await;
    let ok_requests = sent.iter().filter(|s| s.ok).count();

    // Wait for stragglers, but no longer than needed.
    let expected_now = (ok_requests * connected) as u64;
    let until = Instant::now() + STRAGGLERS;
    while shared.deliveries.load(Ordering::Relaxed) < expected_now && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = stop_tx.send(true);
    let mut seen = Vec::with_capacity(args.subscribers);
    while let Some(joined) = subs.join_next().await {
        seen.push(joined.map_err(|e| format!("subscriber task failed: {e}"))?);
    }

    let mut json = summarise(&sent, &seen, args.subscribers);
    json["subscribers"] = json!(args.subscribers);
    json["connected"] = json!(connected);
    json["requests"] = json!(sent.len());
    json["connect_seconds"] = json!(connect_seconds);
    json["interval_ms"] = json!(args.interval_ms);
    let dropped = seen.iter().filter(|s| s.dropped).count();
    let request_errors = sent.len() - ok_requests;
    Ok(Report {
        json,
        complete: connected == args.subscribers && dropped == 0 && request_errors == 0,
    })
}

/// Reads the first `count` requests of the file; fewer is an error, not a shorter run.
fn load(path: &PathBuf, count: usize) -> BenchResult<Vec<Recorded>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::with_capacity(count);
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        if out.len() == count {
            break;
        }
        let r: Recorded = serde_json::from_str(line)
            .map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?;
        out.push(r);
    }
    if out.len() < count {
        return Err(format!(
            "{} holds {} requests, --count asks for {count}",
            path.display(),
            out.len()
        ));
    }
    Ok(out)
}

/// Fails early, with the remedy, when the open-files limit cannot hold every stream. Reads
/// `/proc/self/limits` (no unsafe `getrlimit`); elsewhere the check is skipped and an EMFILE
/// while connecting is reported with the same advice.
fn check_fd_limit(subscribers: usize) -> BenchResult<()> {
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else {
        return Ok(());
    };
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|s| s.parse::<u64>().ok());
    let needed = subscribers as u64 + SPARE_FDS;
    match soft {
        Some(limit) if limit < needed => Err(format!(
            "the open-files limit is {limit}, {subscribers} subscribers need about {needed}: \
             run under `ulimit -n 4096` (the server needs it too)"
        )),
        _ => Ok(()),
    }
}

/// Sends the requests one after another on a fixed schedule, noting send and acknowledgement.
async fn write(
    requests: &[Recorded],
    client: &reqwest::Client,
    base: &str,
    args: &Args,
    shared: &Shared,
) -> Vec<Sent> {
    let auth = format!("Bearer {}", args.writer_token);
    let start = tokio::time::Instant::now();
    let mut out = Vec::with_capacity(requests.len());
    let mut errors = 0;
    for (i, r) in requests.iter().enumerate() {
        tokio::time::sleep_until(start + Duration::from_millis(args.interval_ms) * i as u32).await;
        let method =
            reqwest::Method::from_bytes(r.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut req = client
            .request(method, format!("{base}{}", r.path))
            .header(reqwest::header::AUTHORIZATION, &auth)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        for (k, v) in r.headers.iter().flatten() {
            req = req.header(k, v);
        }
        if let Some(body) = &r.body {
            req = req.body(body.to_string());
        }
        // Published before sending: from now on a change of this case is this request's.
        shared.sent.store(i + 1, Ordering::SeqCst);
        let at = Instant::now();
        let answer = match req.send().await {
            Ok(resp) => {
                let status = resp.status();
                resp.bytes()
                    .await
                    .map(|b| (status, b))
                    .map_err(|e| subscriber::describe(&e))
            }
            Err(e) => Err(subscriber::describe(&e)),
        };
        let acked = Instant::now();
        let ok = matches!(&answer, Ok((s, _)) if s.is_success());
        if !ok {
            errors += 1;
            if errors <= 5 {
                match &answer {
                    Ok((s, b)) => eprintln!(
                        "sse: {} {} answered {s}: {}",
                        r.method,
                        r.path,
                        String::from_utf8_lossy(b)
                    ),
                    Err(e) => eprintln!("sse: {} {}: {e}", r.method, r.path),
                }
            }
        }
        if (i + 1) % 50 == 0 {
            eprintln!("sse: sent {}/{} ({errors} errors)", i + 1, requests.len());
        }
        out.push(Sent { at, acked, ok });
    }
    out
}

/// The figures of the report, from the writer's record and every subscriber's arrivals.
fn summarise(sent: &[Sent], seen: &[Seen], subscribers: usize) -> Value {
    let ok: Vec<(usize, &Sent)> = sent.iter().enumerate().filter(|(_, s)| s.ok).collect();
    let mut from_ack = Samples::new();
    let mut from_send = Samples::new();
    let mut writes = Samples::new();
    let mut before_ack = 0u64;
    for (_, s) in &ok {
        writes.record(s.acked - s.at);
    }
    for sub in seen {
        for (i, s) in &ok {
            let Some(arrived) = sub.arrivals[*i] else {
                continue;
            };
            match arrived.checked_duration_since(s.acked) {
                Some(d) => from_ack.record(d),
                None => {
                    before_ack += 1;
                    from_ack.record(Duration::ZERO);
                }
            }
            from_send.record(arrived.saturating_duration_since(s.at));
        }
    }
    let expected = ok.len() * subscribers;
    let deliveries = from_ack.len();
    json!({
        "scenario": "sse",
        "request_errors": sent.len() - ok.len(),
        "expected_deliveries": expected,
        "deliveries": deliveries,
        "missing": expected - deliveries,
        "resyncs": seen.iter().map(|s| s.resyncs).sum::<u64>(),
        "dropped_streams": seen.iter().filter(|s| s.dropped).count(),
        "before_ack": before_ack,
        "latency_from_ack_ms": from_ack.summary_ms(FULL),
        "latency_from_send_ms": from_send.summary_ms(FULL),
        "write_ms": writes.summary_ms(SHORT),
    })
}
