//! The outbox of notices: written with the events or not at all, numbered per recipient after
//! the commit (also under concurrent appends), read from a feed and acknowledged, and the
//! dispatcher's leases, attempts, dead letters and replay. More on the numbering: numbering.rs.

use assize_store::*;
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

use crate::{Db, at, create_case, event, projection, raw_exec, world};

crate::both!(
    notices_are_written_with_the_events_and_numbered_per_recipient,
    a_failed_append_writes_no_notice,
    concurrent_appends_number_a_recipients_notices_without_gaps,
    leases_attempts_dead_letters_and_replay,
);

pub(crate) fn notice(
    case_id: Uuid,
    slot: &str,
    org: Option<Uuid>,
    version: i64,
    series_n: u8,
) -> NewNotice {
    let series = format!("{case_id}/h/d{series_n}/{slot}");
    NewNotice {
        id: Uuid::now_v7(),
        key: format!("{series}/v{version}"),
        series,
        kind: "results".into(),
        recipient_slot: slot.into(),
        recipient_kind: slot.split(':').next().unwrap().into(),
        recipient_org: org,
        recipient_name: format!("name of {slot}"),
        case_id,
        defendant_id: Uuid::new_v4(),
        hearing_id: Uuid::new_v4(),
        case_version: version,
        replaces_series: None,
        body: json!({ "v": version, "text": "ünïcode ✓" }).to_string(),
        created_at: at(version),
    }
}

pub(crate) fn append(
    case_id: Uuid,
    w: &crate::World,
    version: i64,
    notices: Vec<NewNotice>,
) -> AppendRequest {
    AppendRequest {
        case_id,
        expected_version: version,
        events: vec![event(w.prosecutor, w.cps, "result_recorded", version + 1)],
        projection: projection(
            case_id,
            &format!("01AB{}", &case_id.simple().to_string()[..7]),
            w.cps,
            w.force,
        ),
        access_log: vec![],
        sittings_used: Vec::new(),
        notices,
        idempotency: None,
    }
}

async fn notices_are_written_with_the_events_and_numbered_per_recipient(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let force = format!("police_force:{}", w.force);
    let mut amended = notice(case_id, &force, Some(w.force), 3, 1);
    let first = notice(case_id, &force, Some(w.force), 2, 1);
    let prison = notice(case_id, "prison", None, 2, 1);
    let other = notice(case_id, &force, Some(w.force), 2, 2);
    let mut req = append(
        case_id,
        &w,
        1,
        vec![first.clone(), prison.clone(), other.clone()],
    );
    req.projection.urn = "01AB7000026".into();
    s.append(req).await.unwrap();

    let recipients = s.recipients().await.unwrap();
    assert_eq!(
        recipients.len(),
        2,
        "one row per slot, created by the first notice"
    );
    let force_r = recipients.iter().find(|r| r.slot == force).unwrap();
    assert_eq!(
        (force_r.org_id, force_r.last_seq, force_r.acked_seq),
        (Some(w.force), 0, 0),
        "numbered after the commit, not in it"
    );
    let stats = s.delivery_stats().await.unwrap();
    assert_eq!(
        (stats[&force_r.id].pending, stats[&force_r.id].delivered),
        (2, 0),
        "waiting for their numbers: pending, not delivered"
    );
    assert_eq!(s.number_notices().await.unwrap(), 3);
    assert_eq!(s.number_notices().await.unwrap(), 0, "numbered once");
    let recipients = s.recipients().await.unwrap();
    let force_r = recipients.iter().find(|r| r.slot == force).unwrap();
    assert_eq!(force_r.last_seq, 2);
    assert_eq!(force_r.name, format!("name of {force}"));
    assert_eq!(force_r.delivery, Delivery::Pull);
    let prison_r = recipients.iter().find(|r| r.slot == "prison").unwrap();
    assert_eq!((prison_r.org_id, prison_r.last_seq), (None, 1));

    // An amendment replaces the latest notice of its series.
    amended.replaces_series = Some(first.series.clone());
    let mut req = append(case_id, &w, 2, vec![amended.clone()]);
    req.projection.urn = "01AB7000026".into();
    s.append(req).await.unwrap();

    // The feed numbers what has committed before it reads.
    let page = s.notice_feed(force_r.id, None, 10).await.unwrap().unwrap();
    assert_eq!(page.after, 0);
    let seqs: Vec<_> = page.notices.iter().map(|n| (n.seq, n.id)).collect();
    assert_eq!(
        seqs,
        vec![
            (Some(1), first.id),
            (Some(2), other.id),
            (Some(3), amended.id)
        ],
        "commit order"
    );
    assert_eq!(page.notices[2].replaces_id, Some(first.id));
    assert_eq!(
        page.notices[0].body.to_string(),
        first.body,
        "content kept exactly"
    );
    // The same text for several recipients is stored once: four notices, two texts.
    assert_eq!(
        raw_exec(&db, "UPDATE notice_bodies SET body = body", &[])
            .await
            .unwrap(),
        2
    );
    // A notice written before texts were shared (migration 0008) holds its own, still read.
    let own = json!({ "written": "before 0008" });
    raw_exec(
        &db,
        "UPDATE notices SET body = $1, body_hash = NULL WHERE id = $2",
        &[&own.to_string(), &first.id.to_string()],
    )
    .await
    .unwrap();
    let again = s.notice_feed(force_r.id, None, 10).await.unwrap().unwrap();
    assert_eq!(again.notices[0].body, own);
    assert_eq!(again.notices[1].body.to_string(), other.body);
    assert_eq!(page.notices[0].state, NoticeState::Pending);

    // Paging from a cursor, and cumulative acknowledgement.
    let page = s
        .notice_feed(force_r.id, Some(1), 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        page.notices.iter().map(|n| n.seq).collect::<Vec<_>>(),
        vec![Some(2)]
    );
    assert_eq!(s.ack_notices(force_r.id, 2, at(100)).await.unwrap(), 2);
    assert_eq!(
        s.ack_notices(force_r.id, 1, at(101)).await.unwrap(),
        0,
        "going back changes nothing"
    );
    assert!(matches!(
        s.ack_notices(force_r.id, 4, at(102)).await,
        Err(StoreError::Invalid(_))
    ));
    let page = s.notice_feed(force_r.id, None, 10).await.unwrap().unwrap();
    assert_eq!(
        (page.after, page.notices.len()),
        (2, 1),
        "unacknowledged offered again"
    );
    assert_eq!(page.notices[0].seq, Some(3));
    assert!(
        s.notice_feed(Uuid::new_v4(), None, 10)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        s.ack_notices(Uuid::new_v4(), 1, at(1)).await,
        Err(StoreError::NotFound)
    ));

    let stats = s.delivery_stats().await.unwrap();
    let f = &stats[&force_r.id];
    assert_eq!((f.pending, f.delivered, f.dead), (1, 2, 0));
    assert_eq!(f.oldest_undelivered, Some(at(3)));
    assert_eq!(stats[&prison_r.id].oldest_undelivered, Some(at(2)));
}

async fn a_failed_append_writes_no_notice(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let mut stale = append(case_id, &w, 0, vec![notice(case_id, "prison", None, 2, 1)]);
    stale.projection.urn = "01AB7000026".into();
    assert!(matches!(
        s.append(stale).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        s.recipients().await.unwrap().is_empty(),
        "not even the recipient row"
    );
    assert!(s.delivery_stats().await.unwrap().is_empty());
}

async fn concurrent_appends_number_a_recipients_notices_without_gaps(db: Db) {
    let s = db.store.clone();
    let w = world(&s).await;
    let mut cases = Vec::new();
    for i in 0..16 {
        let urn = format!("01AB70000{i:02}");
        cases.push((
            create_case(&s, &w, projection(Uuid::new_v4(), &urn, w.cps, w.force)).await,
            urn,
        ));
    }
    let force = format!("police_force:{}", w.force);
    let firm = format!("defence_firm:{}", w.firm);
    // Case parties and agencies, each change naming an overlapping set in its own order, first
    // use of each recipient included: no change waits for, or deadlocks, another.
    let slots: Vec<(String, Option<Uuid>)> = vec![
        ("prison".into(), None),
        (force.clone(), Some(w.force)),
        ("probation".into(), None),
        (firm.clone(), Some(w.firm)),
        ("dvla".into(), None),
    ];
    let mut tasks = Vec::new();
    for (i, (case_id, urn)) in cases.into_iter().enumerate() {
        let (s, w) = (s.clone(), w.clone());
        let mine: Vec<(String, Option<Uuid>)> = (0..2 + i % 4)
            .map(|k| slots[(i + k * (1 + i % 2)) % slots.len()].clone())
            .collect();
        tasks.push(tokio::spawn(async move {
            let notices = mine
                .iter()
                .enumerate()
                .map(|(k, (slot, org))| notice(case_id, slot, *org, 2, k as u8))
                .collect();
            let mut req = append(case_id, &w, 1, notices);
            req.projection.urn = urn;
            s.append(req).await.map(|_| mine)
        }));
    }
    let mut expected = std::collections::BTreeMap::<String, i64>::new();
    for t in tasks {
        let mine = t
            .await
            .unwrap()
            .expect("every append succeeds: different cases");
        for (slot, _) in mine {
            *expected.entry(slot).or_default() += 1;
        }
    }
    let recipients = s.recipients().await.unwrap();
    assert_eq!(recipients.len(), expected.len());
    for r in recipients {
        let n = expected[&r.slot];
        let page = s.notice_feed(r.id, None, 100).await.unwrap().unwrap();
        let seqs: Vec<Option<i64>> = page.notices.iter().map(|n| n.seq).collect();
        assert_eq!(
            seqs,
            (1..=n).map(Some).collect::<Vec<_>>(),
            "{}: no gap, no repeat",
            r.slot
        );
        assert_eq!(s.recipient(r.id).await.unwrap().unwrap().last_seq, n);
    }
}

async fn leases_attempts_dead_letters_and_replay(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let (a, b) = (
        notice(case_id, "probation", None, 2, 1),
        notice(case_id, "probation", None, 2, 2),
    );
    let mut req = append(case_id, &w, 1, vec![a.clone(), b.clone()]);
    req.projection.urn = "01AB7000026".into();
    s.append(req).await.unwrap();
    // The dispatcher numbers before it delivers; nothing unnumbered is ever sent.
    s.number_notices().await.unwrap();
    let r = s.recipients().await.unwrap().remove(0);
    assert!(
        s.recipients_with_pending().await.unwrap().is_empty(),
        "a pull recipient is not the dispatcher's"
    );
    let change = RecipientChange {
        name: "Probation Service".into(),
        org_id: None,
        delivery: Delivery::Webhook,
        webhook_url: Some("http://127.0.0.1:9/notices".into()),
        webhook_secret: Some("s3cret".into()),
        max_attempts: 2,
    };
    assert_eq!(
        s.update_recipient(r.id, r.version, &change).await.unwrap(),
        r.version + 1
    );
    assert!(
        matches!(
            s.update_recipient(r.id, r.version, &change).await,
            Err(StoreError::Conflict { .. })
        ),
        "a stale change is refused"
    );
    assert_eq!(s.recipients_with_pending().await.unwrap(), vec![r.id]);

    // One holder at a time; a lapsed lease can be taken over.
    let (one, two) = (
        Lease {
            recipient_id: r.id,
            owner: "one".into(),
        },
        Lease {
            recipient_id: r.id,
            owner: "two".into(),
        },
    );
    let now = at(10);
    assert!(
        s.lease_recipient(&one, now, now + SignedDuration::from_secs(30))
            .await
            .unwrap()
    );
    assert!(
        !s.lease_recipient(&two, now, now + SignedDuration::from_secs(30))
            .await
            .unwrap()
    );
    assert!(
        s.lease_recipient(&one, now, now + SignedDuration::from_secs(30))
            .await
            .unwrap(),
        "renewed"
    );
    let later = now + SignedDuration::from_secs(31);
    assert!(
        s.lease_recipient(&two, later, later + SignedDuration::from_secs(30))
            .await
            .unwrap()
    );
    s.release_recipient(&one).await.unwrap();
    assert!(
        !s.lease_recipient(&one, later, later).await.unwrap(),
        "releasing another's lease does nothing"
    );
    s.release_recipient(&two).await.unwrap();

    // The lowest pending first; an attempt is recorded once.
    let head = s.next_pending_notice(r.id).await.unwrap().unwrap();
    assert_eq!(head.id, a.id);
    let failed = AttemptOutcome::Failed {
        error: "connection refused".into(),
        retry_at: Some(at(11)),
    };
    assert!(s.record_attempt(a.id, 1, at(10), &failed).await.unwrap());
    assert!(
        !s.record_attempt(a.id, 1, at(10), &failed).await.unwrap(),
        "the same attempt twice"
    );
    let head = s.next_pending_notice(r.id).await.unwrap().unwrap();
    assert_eq!(
        (head.id, head.attempts, head.next_attempt_at),
        (a.id, 1, Some(at(11))),
        "never overtaken"
    );
    assert_eq!(s.delivery_stats().await.unwrap()[&r.id].retrying, 1);
    let dead = AttemptOutcome::Rejected {
        status: 500,
        retry_at: None,
    };
    assert!(s.record_attempt(a.id, 2, at(11), &dead).await.unwrap());
    let n = s.notice(a.id).await.unwrap().unwrap();
    assert_eq!(
        (n.state, n.last_error.as_deref()),
        (NoticeState::Dead, Some("HTTP 500"))
    );
    assert_eq!(
        s.next_pending_notice(r.id).await.unwrap().unwrap().id,
        b.id,
        "the next one goes on"
    );
    assert!(
        s.record_attempt(b.id, 1, at(12), &AttemptOutcome::Delivered { status: 204 })
            .await
            .unwrap()
    );
    let stats = &s.delivery_stats().await.unwrap()[&r.id];
    assert_eq!((stats.pending, stats.delivered, stats.dead), (0, 1, 1));
    assert_eq!(
        stats.oldest_undelivered,
        Some(at(2)),
        "a dead letter is undelivered"
    );

    // Replay: pending again with fresh attempts, first in line.
    assert_eq!(s.replay_dead(r.id, at(20)).await.unwrap(), 1);
    let n = s.next_pending_notice(r.id).await.unwrap().unwrap();
    assert_eq!(
        (n.id, n.state, n.attempts, n.attempts_base),
        (a.id, NoticeState::Pending, 2, 2)
    );
    assert!(
        s.record_attempt(a.id, 3, at(21), &AttemptOutcome::Delivered { status: 200 })
            .await
            .unwrap()
    );
    assert!(s.next_pending_notice(r.id).await.unwrap().is_none());
    assert!(!s.replay_notice(Uuid::new_v4(), at(22)).await.unwrap());
    let shown = s.recipient_notices(r.id, 10).await.unwrap();
    assert_eq!(shown.len(), 2);
}
