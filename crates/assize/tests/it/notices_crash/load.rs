//! The load: clients creating cases and posting their outcomes. `WORKERS` of them concurrently,
//! recording what each attempt was answered, and retrying the unacknowledged with their
//! `Idempotency-Key`; and the seeded generator of the kill and receiver-outage schedule.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

/// Concurrent clients sharing results.
const WORKERS: usize = 3;
/// At most this many cases per test (the load normally stops earlier, on time).
const MAX_CASES: u32 = 600;

/// A small seeded generator (splitmix64) for the moments of the kills; the seed is printed and
/// can be set with `ASSIZE_CRASH_SEED` to repeat a schedule.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn seeded() -> Rng {
        let seed = std::env::var("ASSIZE_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(5)
            });
        eprintln!("crash schedule seed: ASSIZE_CRASH_SEED={seed}");
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    pub(super) fn millis(&mut self, lo: u64, hi: u64) -> Duration {
        Duration::from_millis(self.between(lo, hi))
    }
}

/// One attempt to share a result: a case created, its outcome posted.
#[derive(Debug, Clone)]
pub(super) struct Sharing {
    pub(super) case: Uuid,
    pub(super) defendant: Uuid,
    pub(super) hearing: Uuid,
    path: String,
    version: i64,
    body: Value,
    key: String,
    /// The outcome request was answered 2xx: the result's sharing acknowledged to the client.
    pub(super) acked: bool,
    /// Why not, if not.
    pub(super) failure: Option<String>,
}

pub(super) struct Load {
    base: String,
    police: String,
    adviser: String,
    client: reqwest::Client,
    stop: AtomicBool,
    next: AtomicU32,
    sharings: Mutex<Vec<Sharing>>,
    /// Case creations or reads that failed (the case may exist, without an outcome).
    pub(super) lost_before_outcome: AtomicU32,
    /// Answers that were neither 2xx nor what a dead or disconnected server gives.
    pub(super) unexpected: Mutex<Vec<String>>,
}

impl Load {
    pub(super) fn new(app: &TestApp, base: &str) -> Arc<Load> {
        Arc::new(Load {
            base: base.to_string(),
            police: app.token(Role::PoliceAdmin, Side::A).to_string(),
            adviser: app.token(Role::LegalAdviser, Side::A).to_string(),
            // No idle connections kept: a request fails only because of what happens to the server.
            client: http()
                .timeout(Duration::from_secs(15))
                .pool_max_idle_per_host(0)
                .build()
                .expect("client"),
            stop: AtomicBool::new(false),
            next: AtomicU32::new(0),
            sharings: Mutex::new(Vec::new()),
            lost_before_outcome: AtomicU32::new(0),
            unexpected: Mutex::new(Vec::new()),
        })
    }

    pub(super) fn start(self: &Arc<Load>) -> Vec<tokio::task::JoinHandle<()>> {
        (0..WORKERS)
            .map(|_| {
                let load = self.clone();
                tokio::spawn(async move { load.work().await })
            })
            .collect()
    }

    /// Stop the clients after their current case, and wait for them.
    pub(super) async fn finish(&self, workers: Vec<tokio::task::JoinHandle<()>>) {
        self.stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.await.unwrap();
        }
    }

    async fn work(&self) {
        while !self.stop.load(Ordering::Relaxed) {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            if n >= MAX_CASES {
                break;
            }
            if let Err(e) = self.share(n).await {
                self.lost_before_outcome.fetch_add(1, Ordering::Relaxed);
                self.note(&e);
                // The server is probably down: the next case after a pause.
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
        }
    }

    /// Record an answer that a crash or an outage does not explain.
    fn note(&self, failure: &str) {
        if !(failure.starts_with("connection:")
            || failure.starts_with("500")
            || failure.starts_with("503"))
        {
            self.unexpected.lock().unwrap().push(failure.to_string());
        }
    }

    async fn send(
        &self,
        req: reqwest::RequestBuilder,
        token: &str,
    ) -> Result<(StatusCode, Value), String> {
        let resp = req
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let status = resp.status();
        let text = resp.text().await.map_err(|e| format!("connection: {e}"))?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// Create case `n`, read it, and post a fine as its outcome.
    async fn share(&self, n: u32) -> Result<(), String> {
        let urn = format!("01AB{:05}26", 20000 + n);
        let mut case = case_json(&urn, &[("Zoë O'Brien", &["TH68010"], "conditional_bail")]);
        case["defendants"][0]["asn"] = json!(asn(700_000 + u64::from(n)));
        let (status, body) = self
            .send(
                self.client
                    .post(format!("{}/api/v1/cases", self.base))
                    .json(&case),
                &self.police,
            )
            .await?;
        if status != StatusCode::CREATED {
            return Err(format!("{status} creating {urn}: {body}"));
        }
        let case_id: Uuid = body["case_id"].as_str().unwrap().parse().unwrap();
        let version = body["version"].as_i64().unwrap();
        let (status, view) = self
            .send(
                self.client
                    .get(format!("{}/api/v1/cases/{case_id}", self.base)),
                &self.adviser,
            )
            .await?;
        if status != StatusCode::OK {
            return Err(format!("{status} reading {urn}: {view}"));
        }
        let d = &view["case"]["defendants"][0];
        let defendant: Uuid = d["id"].as_str().unwrap().parse().unwrap();
        let offence = d["offences"][0]["id"].as_str().unwrap();
        let hearing: Uuid = view["case"]["hearings"][0]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let outcome = json!({
            "defendants": [{"defendant_id": defendant, "attendance": "in_person",
                "offences": [{"offence_id": offence, "indicated_plea": "guilty",
                              "results": [{"code": "1015", "amount_pence": 25000}]}],
                "bail": {"status": "unconditional_bail"}}]
        });
        let mut s = Sharing {
            case: case_id,
            defendant,
            hearing,
            path: format!("/api/v1/cases/{case_id}/hearings/{hearing}/outcome"),
            version,
            body: outcome,
            key: Uuid::new_v4().to_string(),
            acked: false,
            failure: None,
        };
        match self.post_outcome(&s).await {
            Ok(()) => s.acked = true,
            Err(e) => {
                self.note(&e);
                s.failure = Some(e);
            }
        }
        self.sharings.lock().unwrap().push(s);
        Ok(())
    }

    /// The outcome's request, with its `If-Match`, `Idempotency-Key` and body (no credentials).
    fn outcome_request(&self, s: &Sharing) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}{}", self.base, s.path))
            .header("If-Match", format!("\"{}\"", s.version))
            .header("Idempotency-Key", &s.key)
            .json(&s.body)
    }

    /// Post the outcome (again, with the same key and body); Ok only on a 2xx answer.
    async fn post_outcome(&self, s: &Sharing) -> Result<(), String> {
        let (status, body) = self.send(self.outcome_request(s), &self.adviser).await?;
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("{status} {body}"))
        }
    }

    pub(super) fn sharings(&self) -> Vec<Sharing> {
        self.sharings.lock().unwrap().clone()
    }

    /// Retry every unacknowledged outcome with its own Idempotency-Key until it is answered
    /// 2xx (a few tries for connection errors); returns (retried, answered as a replay).
    pub(super) async fn retry_unacknowledged(&self) -> (usize, usize) {
        let mut sharings = self.sharings();
        let (mut retried, mut replayed) = (0, 0);
        for s in sharings.iter_mut().filter(|s| !s.acked) {
            retried += 1;
            let mut last = String::new();
            for _ in 0..20 {
                let resp = self
                    .outcome_request(s)
                    .bearer_auth(&self.adviser)
                    .send()
                    .await;
                match resp {
                    Ok(r) if r.status().is_success() => {
                        if r.headers().contains_key("idempotent-replay") {
                            replayed += 1;
                        }
                        s.acked = true;
                        break;
                    }
                    Ok(r) => {
                        let status = r.status();
                        last = format!("{status} {}", r.text().await.unwrap_or_default());
                        if !status.is_server_error() {
                            break;
                        }
                    }
                    Err(e) => last = format!("connection: {e}"),
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            assert!(
                s.acked,
                "retrying the unacknowledged outcome of case {} with its Idempotency-Key \
                 (first failure: {:?}) was refused: {last}",
                s.case, s.failure
            );
        }
        *self.sharings.lock().unwrap() = sharings;
        (retried, replayed)
    }
}
