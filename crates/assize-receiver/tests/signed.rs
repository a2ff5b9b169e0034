//! The sender of `assize-delivery` against the receiver: the two crates, and the published
//! verification recipe (which the receiver implements independently), checked together.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assize_delivery::client::USER_AGENT;
use assize_delivery::{Attempt, Sender, sign};
use assize_receiver::{Mode, Receiver};
use uuid::Uuid;

const SECRET: &[u8] = b"agency-secret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn notice(seq: u64) -> (Uuid, Vec<u8>) {
    let id = Uuid::now_v7();
    (
        id,
        serde_json::to_vec(&serde_json::json!({"notice_id": id, "seq": seq})).unwrap(),
    )
}

#[tokio::test]
async fn a_signed_notice_is_delivered_and_verifies() {
    let receiver = Receiver::start(SECRET.to_vec());
    let sender = Sender::new().unwrap();
    let (id, body) = notice(1);
    let attempt = sender.deliver(&receiver.url(), SECRET, id, &body).await;
    assert_eq!(attempt, Attempt::Delivered { status: 200 });
    let got = receiver.accepted();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].notice_id, Some(id));
    assert!(got[0].signature_valid);
    assert!((now() - got[0].timestamp.unwrap()).abs() <= 5);
    assert_eq!(got[0].body["seq"], 1);
    assert_eq!(got[0].headers["content-type"], "application/json");
    assert_eq!(got[0].headers["user-agent"], USER_AGENT);
    assert!(got[0].headers["assize-signature"].starts_with("v1="));
}

#[tokio::test]
async fn tampered_or_wrongly_keyed_requests_do_not_verify() {
    let receiver = Receiver::start(SECRET.to_vec());
    assize_delivery::install_crypto_provider();
    let http = reqwest::Client::new();
    let (id, body) = notice(2);
    let send = |ts: i64, signature: String, body: Vec<u8>| {
        http.post(receiver.url())
            .header("Assize-Notice-Id", id.to_string())
            .header("Assize-Timestamp", ts.to_string())
            .header("Assize-Signature", signature)
            .body(body)
            .send()
    };
    let ts = now();
    let mut tampered = body.clone();
    *tampered.last_mut().unwrap() = b' ';
    send(ts, sign(SECRET, ts, &body), body.clone())
        .await
        .unwrap();
    send(ts, sign(SECRET, ts, &body), tampered).await.unwrap();
    send(ts, sign(b"wrong-secret", ts, &body), body.clone())
        .await
        .unwrap();
    send(ts - 301, sign(SECRET, ts - 301, &body), body.clone())
        .await
        .unwrap();
    let rotating = format!(
        "{}, {}",
        sign(b"old-secret", ts, &body),
        sign(SECRET, ts, &body)
    );
    send(ts, rotating, body.clone()).await.unwrap();

    let valid: Vec<bool> = receiver
        .received()
        .iter()
        .map(|r| r.signature_valid)
        .collect();
    assert_eq!(
        valid,
        [true, false, false, false, true],
        "ok, tampered, wrong key, stale, rotation"
    );

    let tampered_sender = Sender::new().unwrap();
    let attempt = tampered_sender
        .deliver(&receiver.url(), b"wrong-secret", id, &body)
        .await;
    assert!(
        attempt.is_delivered(),
        "the receiver answers by mode, not by signature"
    );
    assert!(!receiver.received().last().unwrap().signature_valid);
}

#[tokio::test]
async fn each_mode_gives_the_documented_attempt() {
    let receiver = Receiver::start(SECRET.to_vec());
    let sender = Sender::with_request_timeout(Duration::from_millis(500)).unwrap();
    let (id, body) = notice(3);
    let url = receiver.url();

    receiver.set_mode(Mode::Fail500);
    let attempt = sender.deliver(&url, SECRET, id, &body).await;
    assert_eq!(
        attempt,
        Attempt::Rejected {
            status: 500,
            retryable: true,
            retry_after: None
        }
    );

    receiver.set_mode(Mode::Hang);
    match sender.deliver(&url, SECRET, id, &body).await {
        Attempt::Failed { error } => assert!(error.starts_with("timeout"), "{error}"),
        other => panic!("{other:?}"),
    }

    receiver.set_mode(Mode::Drop);
    let attempt = sender.deliver(&url, SECRET, id, &body).await;
    assert!(
        matches!(attempt, Attempt::Failed { .. }) && attempt.is_retryable(),
        "{attempt:?}"
    );

    receiver.set_mode(Mode::Accept);
    assert!(sender.deliver(&url, SECRET, id, &body).await.is_delivered());
    let modes: Vec<Mode> = receiver.received().iter().map(|r| r.mode).collect();
    assert_eq!(modes, [Mode::Fail500, Mode::Hang, Mode::Drop, Mode::Accept]);
    assert!(
        receiver
            .received()
            .iter()
            .all(|r| r.signature_valid && r.notice_id == Some(id))
    );
}

#[tokio::test]
async fn redelivery_shows_up_as_a_duplicate() {
    let receiver = Receiver::start(SECRET.to_vec());
    let sender = Sender::new().unwrap();
    let (id, body) = notice(4);
    let (other, other_body) = notice(5);
    for _ in 0..2 {
        assert!(
            sender
                .deliver(&receiver.url(), SECRET, id, &body)
                .await
                .is_delivered()
        );
    }
    assert!(
        sender
            .deliver(&receiver.url(), SECRET, other, &other_body)
            .await
            .is_delivered()
    );
    assert!(receiver.wait_for(3, Duration::from_secs(1)).await);
    assert_eq!(
        receiver.duplicates().into_iter().collect::<Vec<_>>(),
        [(id, 2)]
    );
    assert!(receiver.wait_for_blocking(3, Duration::from_millis(1)));
}
