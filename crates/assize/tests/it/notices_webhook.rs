//! Notices by webhook, end to end through real processes' sockets: the dispatcher posts each
//! notice signed (verified by the receiver test server's own implementation of the documented
//! recipe), in the recipient's order, retries through a failing, hanging or dropping endpoint,
//! parks a dead letter after the configured failures, replays it, and raises the alert on
//! `/metrics` while a notice waits too long.

use std::time::Duration;

use assize_api::config::{Config, DeliveryConfig};
use assize_api::notices::dispatcher::Dispatcher;
use assize_domain::access::Role;
use assize_receiver::{Mode, Receiver};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::*;
use crate::notices_feed::{recipient, resulted_case};

const OPERATOR: (Role, Side) = (Role::Auditor, Side::A);
const SECRET: &str = "a-webhook-secret-of-forty-characters-xyz";

fn fast() -> DeliveryConfig {
    DeliveryConfig {
        alert_after: jiff::SignedDuration::from_secs(1),
        retry_base: Duration::from_millis(20),
        retry_cap: Duration::from_millis(100),
        request_timeout: Duration::from_millis(700),
        poll_interval: Duration::from_millis(50),
    }
}

async fn fine(app: &TestApp, n: u32) -> Value {
    let urn = format!("01AB{:05}26", 10000 + n);
    resulted_case(
        app,
        &urn,
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    recipient(app, OPERATOR, "police_force").await.unwrap()
}

/// Poll the operators' figures of the force's recipient until `done` holds (at most 20 s).
async fn until(app: &TestApp, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        let r = recipient(app, OPERATOR, "police_force").await.unwrap();
        if done(&r) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

fn seqs(received: &[assize_receiver::Received]) -> Vec<i64> {
    received
        .iter()
        .map(|r| r.body["seq"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_signed_ordered_retried_dead_lettered_and_replayed() {
    let receiver = Receiver::start(SECRET.as_bytes().to_vec());
    let app = TestApp::spawn_with(Config {
        delivery: fast(),
        ..Config::default()
    })
    .await;
    let dispatcher = Dispatcher::spawn(app.store.clone(), fast()).unwrap();

    // The first notice creates the force's recipient; an operator points it at the endpoint.
    let force = fine(&app, 1).await;
    let id = force["recipient_id"].as_str().unwrap().to_string();
    let settings = |version: i64, max_attempts: i64| {
        json!({"version": version, "name": "Force A results unit", "org_id": force["org_id"],
               "delivery": "webhook", "webhook_url": receiver.url(), "webhook_secret": SECRET,
               "max_attempts": max_attempts})
    };
    let r = app
        .call(
            OPERATOR,
            Method::PUT,
            &format!("/api/v1/recipients/{id}"),
            Some(&settings(1, 3)),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["webhook_secret_set"], true);
    assert!(
        r.body.get("webhook_secret").is_none(),
        "the secret is never shown"
    );
    assert!(
        receiver.wait_for(1, Duration::from_secs(10)).await,
        "delivered after configuring"
    );
    let got = receiver.accepted();
    assert!(got[0].signature_valid, "signed by the documented recipe");
    assert_eq!(
        got[0].notice_id.map(|u| u.to_string()),
        got[0].body["notice_id"].as_str().map(str::to_string)
    );
    assert_eq!(got[0].body["content"]["case_urn"], "01AB1000126");
    until(&app, "the first delivery recorded", |r| {
        r["delivered"] == 1 && r["pending"] == 0
    })
    .await;

    // A failing endpoint: three attempts, then a dead letter; the next notice goes on.
    receiver.set_mode(Mode::Fail500);
    fine(&app, 2).await;
    let r = until(&app, "a dead letter", |r| r["dead"] == 1).await;
    assert!(r["oldest_undelivered_at"].is_string());
    let attempts = receiver
        .received()
        .iter()
        .filter(|x| x.body["seq"] == 2)
        .count();
    assert_eq!(attempts, 3, "exactly max_attempts tries");
    receiver.set_mode(Mode::Accept);
    fine(&app, 3).await;
    assert!(receiver.wait_for(2, Duration::from_secs(10)).await);
    assert_eq!(seqs(&receiver.accepted()), vec![1, 3]);

    // Replayed once the endpoint is mended: delivered, and nothing is dead any more.
    let r = app
        .call(
            OPERATOR,
            Method::POST,
            &format!("/api/v1/recipients/{id}/replay-dead"),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (r.status, r.body["replayed"].as_u64()),
        (StatusCode::OK, Some(1)),
        "{}",
        r.body
    );
    assert!(receiver.wait_for(3, Duration::from_secs(10)).await);
    assert_eq!(
        seqs(&receiver.accepted()),
        vec![1, 3, 2],
        "the replayed notice keeps its seq"
    );
    until(&app, "all delivered", |r| {
        r["delivered"] == 3 && r["dead"] == 0 && r["pending"] == 0
    })
    .await;
    let r = app
        .call(
            (Role::PoliceAdmin, Side::A),
            Method::POST,
            &format!("/api/v1/recipients/{id}/replay-dead"),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only operators replay");

    // While the endpoint is down, notices queue in order and the alert fires; then they arrive
    // in order, each once accepted, and the alert clears.
    let r = app
        .call(
            OPERATOR,
            Method::PUT,
            &format!("/api/v1/recipients/{id}"),
            Some(&settings(2, 100)),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    receiver.set_mode(Mode::Drop);
    for n in 4..=6 {
        fine(&app, n).await;
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    let text = metrics.text().await.unwrap();
    assert!(text.contains("assize_notices_alerting 1"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("assize_notice_alert{") && l.contains(&id) && l.ends_with(" 1")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("assize_notices{")
            && l.contains(&id)
            && l.contains("state=\"retrying\"} 1")),
        "{text}"
    );
    receiver.set_mode(Mode::Hang);
    tokio::time::sleep(Duration::from_millis(800)).await;
    receiver.set_mode(Mode::Accept);
    assert!(
        receiver.wait_for(6, Duration::from_secs(15)).await,
        "{:?}",
        seqs(&receiver.received())
    );
    assert_eq!(
        seqs(&receiver.accepted()),
        vec![1, 3, 2, 4, 5, 6],
        "per-recipient order kept through failures"
    );
    assert!(receiver.accepted().iter().all(|x| x.signature_valid));
    let dupes = receiver
        .accepted()
        .iter()
        .filter(|x| {
            receiver
                .accepted()
                .iter()
                .filter(|y| y.notice_id == x.notice_id)
                .count()
                > 1
        })
        .count();
    assert_eq!(dupes, 0, "each accepted once");
    until(&app, "all six delivered", |r| {
        r["delivered"] == 6 && r["pending"] == 0
    })
    .await;
    let text = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The force's alert clears; the pull recipients nobody reads here still (rightly) alert.
    assert!(
        text.lines()
            .any(|l| l.starts_with("assize_notice_alert{") && l.contains(&id) && l.ends_with(" 0")),
        "{text}"
    );
    dispatcher.stop().await;
    receiver.stop();
}
