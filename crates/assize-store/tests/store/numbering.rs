//! Notices numbered after their commit (migration 0011): never seen or acknowledged before
//! their numbers, a case's in the order of its versions whatever the clocks said, and numbered
//! once, without gaps, when several numberings run beside the appends that write them.

use assize_store::*;
use uuid::Uuid;

use super::notices::{append, notice};
use crate::{Db, at, create_case, event, projection, world};

crate::both!(
    a_notice_waiting_for_its_number_is_neither_read_nor_acknowledged,
    a_cases_notices_are_numbered_in_the_order_of_its_versions,
    numberings_beside_appends_give_each_notice_one_number_without_gaps,
    bulk_loads_number_in_their_transaction_beside_appends_and_numberings,
);

async fn a_notice_waiting_for_its_number_is_neither_read_nor_acknowledged(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let urn = "01AB7000026";
    let case_id = create_case(s, &w, projection(Uuid::new_v4(), urn, w.cps, w.force)).await;
    let first = notice(case_id, "probation", None, 2, 1);
    let mut req = append(case_id, &w, 1, vec![first.clone()]);
    req.projection.urn = urn.into();
    s.append(req).await.unwrap();
    let r = s.recipients().await.unwrap().remove(0);
    assert_eq!(s.number_recipient_notices(r.id).await.unwrap(), 1);

    let second = notice(case_id, "probation", None, 3, 2);
    let mut req = append(case_id, &w, 2, vec![second.clone()]);
    req.projection.urn = urn.into();
    s.append(req).await.unwrap();
    let waiting = s.notice(second.id).await.unwrap().unwrap();
    assert_eq!(waiting.seq, None, "committed, not numbered yet");
    assert_eq!(
        s.recipient_notices(r.id, 10).await.unwrap().len(),
        2,
        "operators see it"
    );
    assert_eq!(
        s.ack_notices(r.id, 1, at(50)).await.unwrap(),
        1,
        "acknowledging number 1 delivers that one only"
    );
    assert_eq!(
        s.notice(second.id).await.unwrap().unwrap().state,
        NoticeState::Pending
    );
    assert!(
        matches!(
            s.ack_notices(r.id, 2, at(51)).await,
            Err(StoreError::Invalid(_))
        ),
        "a number not given yet cannot be acknowledged"
    );
    assert_eq!(
        s.next_pending_notice(r.id).await.unwrap(),
        None,
        "the dispatcher never takes an unnumbered notice"
    );
    let stats = &s.delivery_stats().await.unwrap()[&r.id];
    assert_eq!((stats.pending, stats.delivered), (1, 1));

    // The feed numbers it before reading, even from a cursor below zero.
    let page = s.notice_feed(r.id, Some(-5), 10).await.unwrap().unwrap();
    assert_eq!(
        page.notices
            .iter()
            .map(|n| (n.seq, n.id))
            .collect::<Vec<_>>(),
        vec![(Some(1), first.id), (Some(2), second.id)]
    );
    assert_eq!(page.last_seq, 2);
    assert_eq!(s.ack_notices(r.id, 2, at(52)).await.unwrap(), 1);
    let stats = &s.delivery_stats().await.unwrap()[&r.id];
    assert_eq!((stats.pending, stats.delivered), (0, 2));
}

async fn a_cases_notices_are_numbered_in_the_order_of_its_versions(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let (a, b) = ("01AB7000026", "01AB7000034");
    let case_a = create_case(s, &w, projection(Uuid::new_v4(), a, w.cps, w.force)).await;
    let case_b = create_case(s, &w, projection(Uuid::new_v4(), b, w.cps, w.force)).await;
    // Case A's version 2 written by a server whose clock was ahead, its version 3 by one
    // behind: by the clock, version 3 came first, and case B's notice between them.
    let mut v2 = notice(case_a, "prison", None, 2, 1);
    v2.created_at = at(90);
    let mut v3 = notice(case_a, "prison", None, 3, 1);
    v3.created_at = at(10);
    let mut other = notice(case_b, "prison", None, 2, 1);
    other.created_at = at(50);
    for (case_id, urn, version, n) in [
        (case_a, a, 1, v2.clone()),
        (case_b, b, 1, other.clone()),
        (case_a, a, 2, v3.clone()),
    ] {
        let mut req = append(case_id, &w, version, vec![n]);
        req.projection.urn = urn.into();
        s.append(req).await.unwrap();
    }
    assert_eq!(s.number_notices().await.unwrap(), 3);
    let r = s.recipients().await.unwrap().remove(0);
    let page = s.notice_feed(r.id, None, 10).await.unwrap().unwrap();
    assert_eq!(
        page.notices.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![v2.id, other.id, v3.id],
        "case A's versions in order; case B's notice keeps its place"
    );
}

async fn numberings_beside_appends_give_each_notice_one_number_without_gaps(db: Db) {
    let s = db.store.clone();
    let w = world(&s).await;
    let mut cases = Vec::new();
    for i in 0..24 {
        let urn = format!("01AB71000{i:02}");
        let case_id = create_case(&s, &w, projection(Uuid::new_v4(), &urn, w.cps, w.force)).await;
        cases.push((case_id, urn));
    }
    let force = format!("police_force:{}", w.force);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let numberers: Vec<_> = (0..3)
        .map(|_| {
            let (s, done) = (s.clone(), done.clone());
            tokio::spawn(async move {
                let mut numbered = 0;
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    numbered += s.number_notices().await.expect("numbering");
                    tokio::task::yield_now().await;
                }
                numbered
            })
        })
        .collect();
    let mut writers = Vec::new();
    for (case_id, urn) in cases {
        let (s, w, force) = (s.clone(), w.clone(), force.clone());
        writers.push(tokio::spawn(async move {
            // Two versions per case, one after the other: each notifies the force and the LAA.
            for version in 1..=2 {
                let notices = vec![
                    notice(case_id, &force, Some(w.force), version + 1, 1),
                    notice(case_id, "legal_aid_agency", None, version + 1, 1),
                ];
                let mut req = append(case_id, &w, version, notices);
                req.projection.urn = urn.clone();
                s.append(req).await.expect("different cases never conflict");
            }
        }));
    }
    for t in writers {
        t.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut numbered = 0;
    for t in numberers {
        numbered += t.await.unwrap();
    }
    numbered += s.number_notices().await.unwrap();
    assert_eq!(numbered, 24 * 2 * 2, "each notice numbered exactly once");
    for r in s.recipients().await.unwrap() {
        let page = s.notice_feed(r.id, None, 100).await.unwrap().unwrap();
        let seqs: Vec<Option<i64>> = page.notices.iter().map(|n| n.seq).collect();
        assert_eq!(seqs, (1..=48).map(Some).collect::<Vec<_>>(), "{}", r.slot);
        assert_eq!(r.last_seq, 48);
        // Each case's version 2 after its version 3? Never: its notices in version order.
        let mut last_version = std::collections::HashMap::new();
        for n in &page.notices {
            let before = last_version.insert(n.case_id, n.case_version);
            assert!(before.is_none_or(|v| v < n.case_version), "{}", r.slot);
        }
    }
}

async fn bulk_loads_number_in_their_transaction_beside_appends_and_numberings(db: Db) {
    let s = db.store.clone();
    let w = world(&s).await;
    let force = format!("police_force:{}", w.force);
    // Three recipients whose slot order differs from their id order: a bulk load and a
    // numbering lock them in the same (id) order, so neither waits for the other forever.
    let slots: Vec<(String, Option<Uuid>)> = vec![
        ("prison".into(), None),
        (force.clone(), Some(w.force)),
        ("legal_aid_agency".into(), None),
    ];
    let urn = "01AB7200000";
    let first = create_case(&s, &w, projection(Uuid::new_v4(), urn, w.cps, w.force)).await;
    // Created one at a time, prison first: ids in the reverse of the slots' order.
    for (k, (slot, org)) in slots.iter().enumerate() {
        let version = k as i64 + 1;
        let mut req = append(
            first,
            &w,
            version,
            vec![notice(first, slot, *org, version + 1, 1)],
        );
        req.projection.urn = urn.into();
        s.append(req).await.unwrap();
    }

    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let numberer = {
        let (s, done) = (s.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                s.number_notices().await.expect("numbering");
                tokio::task::yield_now().await;
            }
        })
    };
    let mut tasks = Vec::new();
    for b in 0..6 {
        let (s, w, slots) = (s.clone(), w.clone(), slots.clone());
        tasks.push(tokio::spawn(async move {
            let cases = (0..3)
                .map(|c| {
                    let case_id = Uuid::new_v4();
                    let urn = format!("01AB73{b:02}{c:03}");
                    BulkCase {
                        changes: vec![BulkChange {
                            events: vec![event(w.officer, w.force, "case_created", 1)],
                            access_log: vec![],
                            notices: slots
                                .iter()
                                .map(|(slot, org)| notice(case_id, slot, *org, 1, 1))
                                .collect(),
                        }],
                        projection: projection(case_id, &urn, w.cps, w.force),
                    }
                })
                .collect();
            s.load_cases(cases).await.expect("a bulk load");
        }));
    }
    for i in 0..6 {
        let (s, w, slots) = (s.clone(), w.clone(), slots.clone());
        tasks.push(tokio::spawn(async move {
            let urn = format!("01AB74000{i:02}");
            let case_id =
                create_case(&s, &w, projection(Uuid::new_v4(), &urn, w.cps, w.force)).await;
            let notices = slots
                .iter()
                .rev()
                .map(|(slot, org)| notice(case_id, slot, *org, 2, 1))
                .collect();
            let mut req = append(case_id, &w, 1, notices);
            req.projection.urn = urn;
            s.append(req).await.expect("an append");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    numberer.await.unwrap();
    s.number_notices().await.unwrap();
    let n = 1 + 6 * 3 + 6;
    for r in s.recipients().await.unwrap() {
        let page = s.notice_feed(r.id, None, 100).await.unwrap().unwrap();
        let seqs: Vec<Option<i64>> = page.notices.iter().map(|n| n.seq).collect();
        assert_eq!(seqs, (1..=n).map(Some).collect::<Vec<_>>(), "{}", r.slot);
    }
}
