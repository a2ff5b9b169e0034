//! One live-update subscriber of the `sse` scenario: an open `GET /api/v1/live` stream that notes
//! when the change of each written case reaches it.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use futures_util::StreamExt;
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, mpsc, watch};

use crate::sse::Parser;

/// What the writer and the subscribers share.
pub struct Shared {
    /// Case id (lower case) → indices of the requests that write it, ascending.
    pub cases: HashMap<String, Vec<usize>>,
    /// How many requests the writer has started to send: a change is attributed only to a
    /// request already on its way, never to one still to come.
    pub sent: AtomicUsize,
    /// Arrivals recorded so far, across subscribers, so the writer knows when all are in.
    pub deliveries: AtomicU64,
    pub requests: usize,
}

/// What a subscriber saw by the end of the run.
pub struct Seen {
    /// Per request, when its case's change first reached this subscriber.
    pub arrivals: Vec<Option<Instant>>,
    pub resyncs: u64,
    /// The stream ended or failed before the run did.
    pub dropped: bool,
}

#[derive(Deserialize)]
struct Changed {
    case_id: String,
}

/// How a connection attempt ended; sent once, as soon as it is known.
pub type Connected = Result<(), String>;

/// Opens the stream, reports whether it connected (headers received: the server subscribes to
/// its change hub before it answers, so nothing written afterwards can be missed), then reads
/// until `stop`. The permit caps simultaneous connection attempts and is released once the
/// headers are in.
pub async fn run(
    client: reqwest::Client,
    url: String,
    auth: String,
    shared: Arc<Shared>,
    permit: OwnedSemaphorePermit,
    connected: mpsc::Sender<Connected>,
    mut stop: watch::Receiver<bool>,
) -> Seen {
    let mut seen = Seen {
        arrivals: vec![None; shared.requests],
        resyncs: 0,
        dropped: false,
    };
    let resp = client
        .get(&url)
        .header(reqwest::header::AUTHORIZATION, auth)
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .send()
        .await;
    drop(permit);
    let resp = match resp {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            let _ = connected
                .send(Err(format!("{url} answered {status}: {body}")))
                .await;
            seen.dropped = true;
            return seen;
        }
        Err(e) => {
            let _ = connected.send(Err(describe(&e))).await;
            seen.dropped = true;
            return seen;
        }
    };
    let _ = connected.send(Ok(())).await;
    drop(connected);

    let mut stream = resp.bytes_stream();
    let mut parser = Parser::new();
    loop {
        let chunk = tokio::select! {
            c = stream.next() => c,
            _ = stop.wait_for(|s| *s) => break,
        };
        // Stamped once per chunk, before parsing: the time the bytes reached this client.
        let now = Instant::now();
        let bytes = match chunk {
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                eprintln!("sse: a subscriber's stream failed: {}", describe(&e));
                seen.dropped = true;
                break;
            }
            None => {
                eprintln!("sse: the server ended a subscriber's stream");
                seen.dropped = true;
                break;
            }
        };
        for frame in parser.push(&bytes) {
            match frame.event.as_str() {
                "case_changed" => record(&shared, &mut seen, &frame.data, now),
                "resync" => seen.resyncs += 1,
                _ => {}
            }
        }
    }
    seen
}

/// Attributes a change of a case to the latest request for that case already sent, the first
/// time only. With requests sent one at a time and acknowledged before the next, that is the
/// request that caused it; later events of the same write (one command may record several)
/// are not counted again.
fn record(shared: &Shared, seen: &mut Seen, data: &str, now: Instant) {
    let Ok(changed) = serde_json::from_str::<Changed>(data) else {
        eprintln!("sse: unreadable case_changed data: {data}");
        return;
    };
    let Some(indices) = shared.cases.get(&changed.case_id.to_ascii_lowercase()) else {
        return;
    };
    let sent = shared.sent.load(Ordering::SeqCst);
    let Some(&i) = indices.iter().rev().find(|&&i| i < sent) else {
        return;
    };
    if seen.arrivals[i].is_none() {
        seen.arrivals[i] = Some(now);
        shared.deliveries.fetch_add(1, Ordering::Relaxed);
    }
}

/// A transport error with its causes, pointing at the file-descriptor limit when that is it.
pub fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            // EMFILE / ENFILE on Linux.
            && matches!(io.raw_os_error(), Some(24 | 23))
        {
            text.push_str(
                " — out of file descriptors: run under `ulimit -n 4096` (client and server)",
            );
        }
        source = s.source();
    }
    text
}
