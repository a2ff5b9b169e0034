//! The notices' way out: making the force's recipient a webhook to the test receiver before the
//! load, and afterwards checking that every webhook notice was delivered (first deliveries in
//! the recipient's order) and that the pull feed gives every notice once.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use assize_domain::access::Role;
use assize_receiver::Receiver;
use assize_store::{NoticeRow, NoticeState, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::checks::baseline_slots;
use super::{OPERATOR, SECRET};
use crate::harness::*;
use crate::notices_feed::{recipient, resulted_case};

/// Record the baseline result through the in-process server (this creates the recipients),
/// make the force's recipient a webhook to `receiver`, and wait for the child's dispatcher to
/// deliver the first notice. Returns (baseline case, expected recipient slots, force recipient).
pub(super) async fn prepare(app: &TestApp, receiver: &Receiver) -> (Uuid, BTreeSet<String>, Uuid) {
    let (case, defendant, _) = resulted_case(
        app,
        "01AB1999926",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let expected = baseline_slots(app, case, defendant).await;
    let force = recipient(app, OPERATOR, "police_force").await.unwrap();
    let id = force["recipient_id"].as_str().unwrap().to_string();
    let r = app
        .call(
            OPERATOR,
            reqwest::Method::PUT,
            &format!("/api/v1/recipients/{id}"),
            Some(
                &json!({"version": force["version"], "name": "Force A results unit",
                "org_id": force["org_id"], "delivery": "webhook", "webhook_url": receiver.url(),
                "webhook_secret": SECRET, "max_attempts": 100}),
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        receiver.wait_for(1, Duration::from_secs(10)).await,
        "the child's dispatcher delivers the first notice"
    );
    (case, expected, id.parse().unwrap())
}

/// Every notice of a recipient, by the feed from the start.
async fn all_notices(store: &Store, recipient_id: Uuid) -> Vec<NoticeRow> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .notice_feed(recipient_id, Some(after), 500)
            .await
            .unwrap()
            .expect("the recipient");
        let Some(last) = page.notices.last() else {
            return out;
        };
        after = last.seq.expect("a feed gives numbered notices");
        out.extend(page.notices);
    }
}

/// Wait until every notice of the webhook recipient is delivered and was accepted by the
/// receiver, then check: each at least once, the state delivered, sequence numbers 1..=n with
/// no gap, nothing accepted that the store does not hold, every signature valid, and first
/// deliveries in sequence order. Returns (notices, accepted requests, duplicates).
pub(super) async fn check_webhook_delivery(
    store: &Store,
    receiver: &Receiver,
    force: Uuid,
    deadline: Instant,
) -> (usize, usize, usize) {
    let mut waits = 0;
    let notices = loop {
        let notices = all_notices(store, force).await;
        let accepted: HashSet<Uuid> = receiver
            .accepted()
            .iter()
            .filter_map(|r| r.notice_id)
            .collect();
        let missing: Vec<(Option<i64>, NoticeState)> = notices
            .iter()
            .filter(|n| n.state != NoticeState::Delivered || !accepted.contains(&n.id))
            .map(|n| (n.seq, n.state))
            .collect();
        if missing.is_empty() {
            break notices;
        }
        if Instant::now() > deadline {
            let dead: Vec<_> = notices
                .iter()
                .filter(|n| n.state == NoticeState::Dead)
                .map(|n| (n.seq, n.last_error.clone()))
                .collect();
            panic!(
                "{} of {} webhook notices not delivered in time (seq, state): {:?}; dead: {dead:?}",
                missing.len(),
                notices.len(),
                &missing[..missing.len().min(20)]
            );
        }
        waits += 1;
        if waits % 25 == 0 {
            eprintln!(
                "… waiting for {} webhook deliveries (lease of a killed process runs out)",
                missing.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let last_seq = store.recipient(force).await.unwrap().unwrap().last_seq;
    let seqs: Vec<i64> = notices.iter().filter_map(|n| n.seq).collect();
    assert_eq!(
        seqs,
        (1..=last_seq).collect::<Vec<_>>(),
        "the force's notices numbered 1..={last_seq} without gaps"
    );
    let accepted = receiver.accepted();
    let by_id: HashMap<Uuid, i64> = notices
        .iter()
        .filter_map(|n| Some((n.id, n.seq?)))
        .collect();
    let mut first = Vec::new();
    let mut seen = HashSet::new();
    for r in &accepted {
        assert!(r.signature_valid, "every delivery signed");
        let id = r.notice_id.expect("a notice id");
        let seq = *by_id
            .get(&id)
            .unwrap_or_else(|| panic!("accepted notice {id} is not in the store"));
        assert_eq!(r.body["seq"].as_i64(), Some(seq));
        if seen.insert(id) {
            first.push(seq);
        }
    }
    assert!(
        first.windows(2).all(|w| w[0] < w[1]),
        "first deliveries in the recipient's order: {first:?}"
    );
    let duplicates = receiver.duplicates().values().map(|n| n - 1).sum();
    (notices.len(), accepted.len(), duplicates)
}

/// The prosecutor's results staff read their whole feed (pages of 100 from their cursor) and
/// acknowledge each page: every notice once, in order, then all delivered. Returns how many.
pub(super) async fn read_prosecutor_feed(app: &TestApp, base: &str) -> usize {
    let cps = recipient(app, (Role::Prosecutor, Side::A), "prosecuting_authority")
        .await
        .expect("the prosecutor's recipient");
    let id: Uuid = cps["recipient_id"].as_str().unwrap().parse().unwrap();
    let client = http().build().unwrap();
    let token = app.token(Role::Prosecutor, Side::A);
    let mut seqs = Vec::new();
    loop {
        let page: Value = client
            .get(format!("{base}/api/v1/recipients/{id}/notices?limit=100"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let notices = page["notices"].as_array().unwrap();
        let Some(last) = notices.last() else { break };
        seqs.extend(notices.iter().map(|n| n["seq"].as_i64().unwrap()));
        let up_to = last["seq"].as_i64().unwrap();
        let r = client
            .post(format!("{base}/api/v1/recipients/{id}/notices/ack"))
            .bearer_auth(token)
            .json(&json!({"up_to": up_to}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let n = all_notices(&app.store, id).await;
    assert_eq!(
        seqs,
        (1..=n.len() as i64).collect::<Vec<_>>(),
        "the feed gives every notice once, in order"
    );
    assert!(n.iter().all(|x| x.state == NoticeState::Delivered));
    n.len()
}
