//! Live updates over Server-Sent Events: arrival after another user's change, per-subscriber
//! filtering, resuming with `Last-Event-ID`, and (PostgreSQL) a change made through one server
//! process reaching a subscriber of another.

use std::time::Duration;

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;
/// Generous: arrival is asserted, not timing (the target is well under a second).
const ARRIVAL: Duration = Duration::from_secs(5);
/// How long "nothing arrives" is watched for.
const QUIET: Duration = Duration::from_millis(700);

/// One Server-Sent Event.
#[derive(Debug)]
struct Msg {
    id: Option<String>,
    event: String,
    data: Value,
}

/// An open event stream, parsed by hand (`id:`, `event:`, `data:`; comments skipped).
struct Sse {
    resp: reqwest::Response,
    buf: String,
}

impl Sse {
    async fn open(base: &str, token: &str, path: &str, last_event_id: Option<i64>) -> Sse {
        let resp = sse_request(base, token, path, last_event_id).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Sse {
            resp,
            buf: String::new(),
        }
    }

    /// The next message, or `None` if none arrives within `wait` (or the stream ended).
    async fn next_within(&mut self, wait: Duration) -> Option<Msg> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                if let Some(msg) = parse(&block) {
                    return Some(msg);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.resp.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) | Err(_) => return None,
                Ok(Err(e)) => panic!("stream error: {e}"),
            }
        }
    }

    async fn next(&mut self) -> Msg {
        self.next_within(ARRIVAL)
            .await
            .expect("a message within the timeout")
    }

    /// Whether the server ends the stream (within the timeout) without another message.
    async fn closes(&mut self) -> bool {
        loop {
            match tokio::time::timeout(ARRIVAL, self.resp.chunk()).await {
                Ok(Ok(None)) => return true,
                Ok(Ok(Some(b))) if b.starts_with(b":") => continue, // keep-alive
                _ => return false,
            }
        }
    }

    /// The next `case_changed` message, skipping `resync`s.
    async fn next_change(&mut self) -> Msg {
        loop {
            let m = self.next().await;
            if m.event != "resync" {
                assert_eq!(m.event, "case_changed", "{m:?}");
                return m;
            }
        }
    }
}

async fn sse_request(
    base: &str,
    token: &str,
    path: &str,
    last_event_id: Option<i64>,
) -> reqwest::Response {
    let mut req = crate::harness::http()
        .build()
        .unwrap()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .header("accept", "text/event-stream");
    if let Some(n) = last_event_id {
        req = req.header("last-event-id", n.to_string());
    }
    req.send().await.expect("request")
}

fn parse(block: &str) -> Option<Msg> {
    let (mut id, mut event, mut data) = (None, None, String::new());
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => id = Some(value.to_string()),
            "event" => event = Some(value.to_string()),
            "data" => data.push_str(value),
            _ => {} // a comment (keep-alive) or unknown field
        }
    }
    let event = event?;
    Some(Msg {
        id,
        event,
        data: serde_json::from_str(&data).unwrap_or(Value::Null),
    })
}

fn defendant_ids(view: &Value) -> Vec<String> {
    view["case"]["defendants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

/// List a further hearing (an event about no particular defendant) as side-A listing; returns
/// the new version.
async fn list_hearing(app: &TestApp, base: &str, case: Uuid, v: i64, days: i64) -> i64 {
    let r = app
        .client
        .post(format!("{base}/api/v1/cases/{case}/hearings"))
        .bearer_auth(app.token(Role::ListingOfficer, A))
        .header("If-Match", format!("\"{v}\""))
        .json(&json!({"court_ou": LONDON_MAGS, "hearing_date": day(days), "hearing_type": "PTR"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["version"].as_i64().unwrap()
}

/// Put `side`'s firm on record for a defendant; returns the new version.
async fn go_on_record(app: &TestApp, side: Side, case: Uuid, defendant: &str) -> i64 {
    let r = app
        .change(
            (Role::DefenceSolicitor, side),
            Method::PUT,
            &format!("/api/v1/cases/{case}/defendants/{defendant}/representation"),
            0,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.version()
}

/// A case with two defendants, firm A on record for the first; returns (case, version).
async fn represented_case(app: &TestApp, urn: &str) -> (Uuid, i64) {
    let (case, _) = app
        .create_case(&case_json(
            urn,
            &[
                ("Ada Lovelace", &["TH68010"], "unconditional_bail"),
                ("Bob Babbage", &["TH68010"], "unconditional_bail"),
            ],
        ))
        .await;
    let ds = defendant_ids(&app.court_view(case).await);
    let v = go_on_record(app, A, case, &ds[0]).await;
    (case, v)
}

#[tokio::test]
async fn a_change_reaches_every_subscriber_of_the_case() {
    let app = TestApp::spawn().await;
    let (case, v) = represented_case(&app, "01AB2000126").await;
    let path = format!("/api/v1/cases/{case}/live");
    let mut adviser = Sse::open(&app.base, app.token(Role::LegalAdviser, A), &path, None).await;
    let mut prosecutor = Sse::open(&app.base, app.token(Role::Prosecutor, A), &path, None).await;
    let v = list_hearing(&app, &app.base, case, v, 7).await;
    for s in [&mut adviser, &mut prosecutor] {
        let m = s.next().await;
        assert_eq!(m.event, "case_changed");
        assert_eq!(m.id.as_deref(), Some(v.to_string().as_str()));
        assert_eq!(m.data["case_id"], case.to_string());
        assert_eq!(m.data["version"], v);
        assert_eq!(m.data["type"], "hearing_listed");
        assert!(m.data["occurred_at"].is_string());
        // No personal data in the stream: exactly these four fields.
        assert_eq!(m.data.as_object().unwrap().len(), 4, "{}", m.data);
    }

    // Opening a case stream is access-logged.
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}&limit=500"),
        )
        .await;
    let subscribed = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "live_subscribed")
        .count();
    assert_eq!(subscribed, 2, "{}", log.body);
}

#[tokio::test]
async fn streams_are_filtered_per_subscriber() {
    let app = TestApp::spawn().await;
    let (case, v) = represented_case(&app, "01AB2000226").await;
    // Firm B is not on record: the case stream does not exist for it, as the case does not.
    let r = sse_request(
        &app.base,
        app.token(Role::DefenceSolicitor, B),
        &format!("/api/v1/cases/{case}/live"),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    // A second case, with firm B on record, to show that B's stream skipped the first.
    let (other, _) = app
        .create_case(&case_json(
            "01AB2000326",
            &[("Carl Gauss", &["TH68010"], "unconditional_bail")],
        ))
        .await;
    let d = defendant_ids(&app.court_view(other).await);

    let mut firm_a = Sse::open(
        &app.base,
        app.token(Role::DefenceSolicitor, A),
        "/api/v1/live",
        None,
    )
    .await;
    let mut firm_b = Sse::open(
        &app.base,
        app.token(Role::DefenceSolicitor, B),
        "/api/v1/live",
        None,
    )
    .await;
    // Firm A may read the case but never its timeline: its case stream says only that the case
    // moved on (the version its case page shows anyway), never what happened.
    let mut firm_a_case = Sse::open(
        &app.base,
        app.token(Role::DefenceSolicitor, A),
        &format!("/api/v1/cases/{case}/live"),
        Some(0),
    )
    .await;

    let v = list_hearing(&app, &app.base, case, v, 7).await;
    let w = go_on_record(&app, B, other, &d[0]).await;

    let m = firm_a.next_change().await;
    assert_eq!(
        (m.data["case_id"].as_str(), m.data["version"].as_i64()),
        (Some(case.to_string().as_str()), Some(v))
    );
    assert!(m.id.is_some());
    let m = firm_b.next_change().await;
    assert_eq!(
        (m.data["case_id"].as_str(), m.data["version"].as_i64()),
        (Some(other.to_string().as_str()), Some(w)),
        "firm B hears nothing of firm A's client's case"
    );
    // Firm A is not on record in the other case.
    assert!(firm_a.next_within(QUIET).await.is_none());
    let mut last = 0;
    while let Some(m) = firm_a_case.next_within(QUIET).await {
        assert!(
            m.data.get("type").is_none(),
            "no event type for the defence: {}",
            m.data
        );
        assert!(m.data.get("occurred_at").is_none());
        last = m.data["version"].as_i64().unwrap();
    }
    assert_eq!(last, v, "the defence's page learns the case moved on");

    // Firm A leaves the record: its case stream ends (the browser's reconnection then meets 404).
    let ds = defendant_ids(&app.court_view(case).await);
    let r = app
        .change(
            (Role::DefenceSolicitor, A),
            Method::DELETE,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ds[0]),
            v,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(firm_a_case.closes().await, "the stream ends with access");
}

#[tokio::test]
async fn a_reconnecting_client_receives_what_it_missed_then_live_changes() {
    let app = TestApp::spawn().await;
    let (case, v2) = represented_case(&app, "01AB2000426").await;
    let v3 = list_hearing(&app, &app.base, case, v2, 7).await;
    let v4 = list_hearing(&app, &app.base, case, v3, 8).await;
    let path = format!("/api/v1/cases/{case}/live");
    let token = app.token(Role::Prosecutor, A);

    // Resume after the case's creation (the version before the firm went on record).
    let mut s = Sse::open(&app.base, token, &path, Some(v2 - 1)).await;
    for want in [v2, v3, v4] {
        let m = s.next().await;
        assert_eq!(m.id, Some(want.to_string()));
        assert_eq!(m.data["version"], want);
    }
    let v5 = list_hearing(&app, &app.base, case, v4, 9).await;
    assert_eq!(s.next().await.data["version"], v5);
    assert!(s.next_within(QUIET).await.is_none(), "no duplicates");

    // The query parameter does the same for clients that cannot set the header.
    let mut q = Sse::open(
        &app.base,
        token,
        &format!("{path}?last_event_id={v3}"),
        None,
    )
    .await;
    assert_eq!(q.next().await.data["version"], v4);
    assert_eq!(q.next().await.data["version"], v5);
    let v6 = list_hearing(&app, &app.base, case, v5, 10).await;
    assert_eq!(q.next().await.data["version"], v6);

    // The list stream answers a resumption with a resync.
    let mut all = Sse::open(&app.base, token, "/api/v1/live", Some(12)).await;
    assert_eq!(all.next().await.event, "resync");
}

/// A free local port (closed again at once; the server binds it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `assize serve` on its own port against `db`; killed when dropped.
async fn serve_process(db: &str) -> (tokio::process::Child, String) {
    let port = free_port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_assize"))
        .args(["--database-url", db, "serve", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start assize serve");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("{base}/api/v1/health")).await
            && r.status().is_success()
        {
            return (child, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("assize serve did not come up on {base}");
}

#[tokio::test]
async fn a_change_through_one_process_reaches_a_subscriber_of_another() {
    if backend() != "postgres" {
        eprintln!("several processes share one database on PostgreSQL only: skipped");
        return;
    }
    let app = TestApp::spawn().await;
    let (case, v) = represented_case(&app, "01AB2000526").await;
    let (mut one, base_one) = serve_process(&app.url).await;
    let (mut two, base_two) = serve_process(&app.url).await;
    let token = app.token(Role::LegalAdviser, A);
    let mut case_stream = Sse::open(
        &base_one,
        token,
        &format!("/api/v1/cases/{case}/live"),
        None,
    )
    .await;
    let mut list_stream = Sse::open(&base_one, token, "/api/v1/live", None).await;

    let v = list_hearing(&app, &base_two, case, v, 7).await;
    let m = case_stream.next().await;
    assert_eq!(
        (m.event.as_str(), m.data["version"].as_i64()),
        ("case_changed", Some(v))
    );
    let m = list_stream.next_change().await;
    assert_eq!(m.data["case_id"], case.to_string());
    assert_eq!(m.data["version"], v);
    // And through the test's own in-process server too.
    let v = list_hearing(&app, &app.base, case, v, 8).await;
    assert_eq!(case_stream.next().await.data["version"], v);

    for child in [&mut one, &mut two] {
        child.kill().await.expect("stop assize serve");
    }
}
