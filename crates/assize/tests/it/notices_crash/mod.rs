//! Crash safety of the notices of results (issue 5), with real processes on real loopback ports.
//!
//! While results are being shared under load, the `assize` binary is killed with SIGKILL at
//! random moments and restarted on the same database (after a period in which the webhook
//! endpoint is down); in the second test a private PostgreSQL cluster is restarted under the same
//! load while the server keeps running. Afterwards: every result acknowledged to the client has
//! exactly one notice per required recipient; no result has a partial set of notices (they are
//! written in the results' transaction), and no notice exists without its committed result; a
//! client retrying an unacknowledged request with its `Idempotency-Key` records it exactly once;
//! and every webhook notice was delivered at least once (first deliveries in the recipient's
//! order), and the pull feed gives every notice once.
//!
//! This file holds the two tests; the helpers are by concern: `process` (the `assize` child
//! process), `pg_cluster` (the private PostgreSQL cluster), `load` (the clients and the kill
//! schedule), `checks` (the outbox guarantee in the store) and `delivery` (webhook and feed).

mod checks;
mod delivery;
mod load;
mod pg_cluster;
mod process;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use assize_api::Config;
use assize_domain::access::Role;
use assize_receiver::{Mode, Receiver};
use reqwest::StatusCode;

use crate::harness::*;
use checks::{check_outbox, fail_on, failure_kinds, summary};
use delivery::{check_webhook_delivery, prepare, read_prosecutor_feed};
use load::{Load, Rng};
use pg_cluster::PgCluster;
use process::AssizeProcess;

const OPERATOR: (Role, Side) = (Role::Auditor, Side::A);
const SECRET: &str = "a-webhook-secret-of-forty-characters-xyz";

// ---------------------------------------------------------------------------------------------
// The tests.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_results_survives_sigkill() {
    let t0 = Instant::now();
    let mut rng = Rng::seeded();
    let receiver = Receiver::start(SECRET.as_bytes().to_vec());
    let app = TestApp::spawn().await;
    let mut server = AssizeProcess::start(&app.url).await;
    let (baseline, expected, force) = prepare(&app, &receiver).await;
    let load = Load::new(&app, &server.base);
    let workers = load.start();

    // The webhook endpoint down for a while (dropping connections, then failing with 500)
    // while results are shared, then back.
    tokio::time::sleep(Duration::from_millis(300)).await;
    receiver.set_mode(Mode::Drop);
    tokio::time::sleep(rng.millis(1000, 1500)).await;
    receiver.set_mode(Mode::Fail500);
    tokio::time::sleep(rng.millis(700, 1000)).await;
    receiver.set_mode(Mode::Accept);
    let refused = receiver.received().iter().filter(|r| !r.accepted()).count();

    // SIGKILL at random moments, restarting at once (or after a short outage).
    let kills = rng.between(4, 6);
    let mut last_kill = Instant::now();
    let mut downtime = Duration::ZERO;
    let mut hung = None;
    let mut received_at_last_kill = 0;
    for k in 0..kills {
        tokio::time::sleep(rng.millis(300, 1500)).await;
        if k + 1 == kills {
            // The last kill lands in the middle of a webhook request (the endpoint hangs): the
            // notice stays pending, and the next process sends it again once the dead one's
            // lease on the recipient has run out.
            let before = receiver.received().len();
            receiver.set_mode(Mode::Hang);
            // (Once the lease of the process killed before, if it held one, has run out.)
            let deadline = Instant::now() + Duration::from_secs(15);
            while hung.is_none() && Instant::now() < deadline {
                hung = receiver.received()[before..]
                    .iter()
                    .find(|r| r.mode == Mode::Hang)
                    .and_then(|r| r.notice_id);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            assert!(hung.is_some(), "a webhook request in flight to kill");
        }
        server.kill();
        received_at_last_kill = receiver.received().len();
        receiver.set_mode(Mode::Accept);
        last_kill = Instant::now();
        tokio::time::sleep(rng.millis(0, 300)).await;
        server.restart().await;
        downtime += last_kill.elapsed();
    }
    // More load after the last restart (the wait for the killed process's lease, below,
    // overlaps it).
    tokio::time::sleep(Duration::from_millis(2500)).await;
    load.finish(workers).await;
    let load_done = t0.elapsed();
    let (acked, unacked) = summary(&load);
    let failures = failure_kinds(&load);
    let unexpected = load.unexpected.lock().unwrap().clone();
    assert!(
        unexpected.is_empty(),
        "answers no crash explains: {unexpected:?}"
    );
    assert!(acked > 20, "a real load: {acked} acknowledged");
    assert!(
        refused > 0,
        "the endpoint refused deliveries while it was down"
    );

    // Before any retry: all-or-nothing for every case, acknowledged ⇒ exactly one set.
    let (problems, with, without) = check_outbox(&app, &load.sharings(), &expected, baseline).await;
    fail_on(&problems, "after the kills");

    // A client retrying its unacknowledged requests with their keys records each exactly once.
    let (retried, replayed) = load.retry_unacknowledged().await;
    assert!(load.sharings().iter().all(|s| s.acked));
    let (problems, with_after, _) = check_outbox(&app, &load.sharings(), &expected, baseline).await;
    fail_on(&problems, "after retrying the unacknowledged");

    // Every webhook notice delivered at least once. The lease the killed process held on the
    // recipient has to run out first (a few times the request timeout), so allow for that.
    let deadline =
        (last_kill + Duration::from_secs(50)).max(Instant::now() + Duration::from_secs(15));
    let (webhooks, requests, duplicates) =
        check_webhook_delivery(&app.store, &receiver, force, deadline).await;
    let hung = hung.unwrap();
    assert!(
        receiver.received()[received_at_last_kill..]
            .iter()
            .any(|r| r.accepted() && r.notice_id == Some(hung)),
        "the notice whose request was cut by the kill was sent again after it"
    );
    let pulled = read_prosecutor_feed(&app, &server.base).await;
    assert!(server.running());
    eprintln!(
        "sigkill: {kills} kills ({} starts, {:.1} s down), {acked} acknowledged + {unacked} not \
         {failures:?} ({} lost before the outcome); {with} cases with results, {without} without; retried \
         {retried} ({replayed} replayed), then {with_after} with results; {webhooks} webhook \
         notices, {requests} accepted requests ({duplicates} duplicates, {refused} refused while \
         down); {pulled} pulled; load {:.1} s, total {:.1} s",
        server.starts,
        downtime.as_secs_f64(),
        load.lost_before_outcome.load(Ordering::Relaxed),
        load_done.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    receiver.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_results_survives_a_postgresql_restart() {
    if backend() != "postgres" {
        eprintln!(
            "sharing_results_survives_a_postgresql_restart: PostgreSQL only \
             (ASSIZE_TEST_BACKEND=postgres); skipped"
        );
        return;
    }
    let t0 = Instant::now();
    let mut rng = Rng::seeded();
    let cluster = Arc::new(tokio::task::spawn_blocking(PgCluster::start).await.unwrap());
    let cluster_ready = t0.elapsed();
    let receiver = Receiver::start(SECRET.as_bytes().to_vec());
    let app = TestApp::spawn_on(cluster.url(), Config::default()).await;
    let mut server = AssizeProcess::start(&app.url).await;
    let (baseline, expected, force) = prepare(&app, &receiver).await;
    let load = Load::new(&app, &server.base);
    let workers = load.start();
    let probe = http()
        .timeout(Duration::from_secs(5))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let operator = app.token(OPERATOR.0, OPERATOR.1).to_string();

    // Restart PostgreSQL under load: fast, immediate (crash recovery), and a stop with an
    // outage of a second or so. The server is never restarted: it must serve again by itself.
    let mut recoveries = Vec::new();
    for (i, mode) in ["fast", "immediate", "outage"].into_iter().enumerate() {
        tokio::time::sleep(rng.millis(800, 1500)).await;
        let acked_before = summary(&load).0;
        let c = cluster.clone();
        let pause = rng.millis(800, 1500);
        tokio::task::spawn_blocking(move || match mode {
            "outage" => {
                c.pg_ctl(&["-m", "fast", "stop"]);
                std::thread::sleep(pause);
                c.pg_ctl(&["start"]);
            }
            m => c.restart(m),
        })
        .await
        .unwrap();
        let back = Instant::now();
        // Serving again without a restart: a request that needs the database answers 200.
        loop {
            let ok = probe
                .get(format!("{}/api/v1/recipients", server.base))
                .bearer_auth(&operator)
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ok {
                break;
            }
            assert!(
                back.elapsed() < Duration::from_secs(15),
                "restart {i} ({mode}): the server does not serve again within 15 s:\n{}",
                server.log_tail(30)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        recoveries.push((mode, back.elapsed()));
        assert!(server.running(), "the server survives PostgreSQL's restart");
        // And results are shared again.
        let deadline = Instant::now() + Duration::from_secs(15);
        while summary(&load).0 <= acked_before + 3 {
            assert!(
                Instant::now() < deadline,
                "restart {i} ({mode}): no result acknowledged within 15 s after:\n{}",
                server.log_tail(30)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    load.finish(workers).await;
    let load_done = t0.elapsed();
    let (acked, unacked) = summary(&load);
    let failures = failure_kinds(&load);
    let unexpected = load.unexpected.lock().unwrap().clone();
    assert!(
        unexpected.is_empty(),
        "answers no outage explains: {unexpected:?}"
    );
    assert!(acked > 20, "a real load: {acked} acknowledged");

    let (problems, with, without) = check_outbox(&app, &load.sharings(), &expected, baseline).await;
    fail_on(&problems, "after the PostgreSQL restarts");
    let (retried, replayed) = load.retry_unacknowledged().await;
    let (problems, with_after, _) = check_outbox(&app, &load.sharings(), &expected, baseline).await;
    fail_on(&problems, "after retrying the unacknowledged");
    let deadline = Instant::now() + Duration::from_secs(30);
    let (webhooks, requests, duplicates) =
        check_webhook_delivery(&app.store, &receiver, force, deadline).await;
    let pulled = read_prosecutor_feed(&app, &server.base).await;
    assert_eq!(server.starts, 1, "never restarted");
    assert!(server.running());
    eprintln!(
        "postgres restarts: {recoveries:?} (serving again after each); cluster up in {:.1} s; \
         {acked} acknowledged + {unacked} not {failures:?} ({} lost before the outcome); {with} cases with \
         results, {without} without; retried {retried} ({replayed} replayed), then {with_after} \
         with results; {webhooks} webhook notices, {requests} accepted requests ({duplicates} \
         duplicates); {pulled} pulled; load {:.1} s, total {:.1} s",
        cluster_ready.as_secs_f64(),
        load.lost_before_outcome.load(Ordering::Relaxed),
        load_done.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    drop(server);
    drop(app);
    receiver.stop();
}
