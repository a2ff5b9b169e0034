//! Bulk loading new cases: every case's events chained as appends chain them, read models of the
//! final state, access log and live signals; a stream that goes on with ordinary appends; and a
//! batch refused whole (nothing written) for a URN or case already stored or repeated.

use std::time::Duration;

use assize_store::*;
use uuid::Uuid;

use crate::{Db, World, at, create_case, defendant, event, log_entry, log_of, projection, world};

crate::both!(
    bulk_load_writes_whole_histories,
    bulk_load_refuses_a_bad_batch_whole,
);

/// A case of `changes` changes of `per` events each, by the officer, with a defendant `name`.
fn history(w: &World, urn: &str, name: &str, changes: i64, per: i64) -> BulkCase {
    let case_id = Uuid::new_v4();
    let mut p = projection(case_id, urn, w.cps, w.force);
    p.defendants = vec![defendant(name, Some("1990-01-01"), None, None)];
    BulkCase {
        changes: (0..changes)
            .map(|c| BulkChange {
                events: (0..per)
                    .map(|i| event(w.officer, w.force, "note_added", c * per + i + 1))
                    .collect(),
                access_log: vec![log_entry(
                    w.officer,
                    w.force,
                    "case_altered",
                    Some(case_id),
                    at(c),
                )],
                notices: Vec::new(),
            })
            .collect(),
        projection: p,
    }
}

async fn bulk_load_writes_whole_histories(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let mut rx = s.subscribe_changes().await;
    let cases = vec![
        history(&w, "01AB8000001", "Ada Lovelace", 3, 2),
        history(&w, "01AB8000002", "Alan Turing", 1, 1),
        history(&w, "01AB8000003", "Grace Hopper", 2, 4),
    ];
    let out = s.load_cases(cases.clone()).await.expect("load");
    assert_eq!(
        out,
        BulkOutcome {
            cases: 3,
            events: 6 + 1 + 8
        }
    );
    for (c, version) in cases.iter().zip([6, 1, 8]) {
        let id = c.projection.case_id;
        assert_eq!(s.stream_version(id).await.unwrap(), version);
        let events = s.events_for_case(id).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.version).collect::<Vec<_>>(),
            (1..=version).collect::<Vec<_>>()
        );
        let sent: Vec<_> = c.changes.iter().flat_map(|ch| &ch.events).collect();
        for (stored, sent) in events.iter().zip(sent) {
            assert_eq!(
                (&stored.payload, stored.occurred_at, stored.correlation_id),
                (&sent.payload, sent.occurred_at, sent.correlation_id)
            );
        }
        let record = s.load_case(id).await.unwrap().expect("read model");
        assert_eq!(record.version, version);
        assert_eq!(record.state, c.projection.state);
    }
    assert!(s.verify_log().await.unwrap().is_ok());
    assert_eq!(
        s.case_id_by_urn("01ab8000002").await.unwrap(),
        Some(cases[1].projection.case_id)
    );
    assert_eq!(log_of(s, &w, w.officer).await.len(), 3 + 1 + 2);

    // Live subscribers hear where each case's stream ends, as after an append.
    let mut heard = Vec::new();
    while heard.len() < 3 {
        match tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            Ok(Ok(LiveSignal::Changed(c))) => heard.push((c.case_id, c.version)),
            other => panic!("expected a change, got {other:?}"),
        }
    }
    heard.sort();
    let mut expected: Vec<_> = cases
        .iter()
        .zip([6, 1, 8])
        .map(|(c, v)| (c.projection.case_id, v))
        .collect();
    expected.sort();
    assert_eq!(heard, expected);

    // The stream goes on with an ordinary append, its hash chain unbroken.
    let first = &cases[0].projection;
    s.append(AppendRequest {
        case_id: first.case_id,
        expected_version: 6,
        events: vec![event(w.prosecutor, w.cps, "note_added", 7)],
        projection: first.clone(),
        access_log: vec![],
        sittings_used: Vec::new(),
        notices: Vec::new(),
        idempotency: None,
    })
    .await
    .expect("append after a bulk load");
    assert!(s.verify_log().await.unwrap().is_ok());
}

/// What a refused batch must fail with.
type Expected = fn(&StoreError) -> bool;

async fn bulk_load_refuses_a_bad_batch_whole(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let stored = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB8000010", w.cps, w.force),
    )
    .await;
    let good = history(&w, "01AB8000011", "Ada Lovelace", 2, 2);
    let mut same_case = history(&w, "01AB8000012", "Alan Turing", 1, 1);
    same_case.projection.case_id = stored;
    let mut empty = history(&w, "01AB8000013", "Grace Hopper", 1, 1);
    empty.changes[0].events.clear();
    let batches: Vec<(Vec<BulkCase>, Expected)> = vec![
        (
            vec![
                good.clone(),
                history(&w, "01ab8000010", "Edith Clarke", 1, 1),
            ],
            |e| matches!(e, StoreError::DuplicateUrn(u) if u == "01AB8000010"),
        ),
        (
            vec![
                good.clone(),
                history(&w, "01ab8000011", "Edith Clarke", 1, 1),
            ],
            |e| matches!(e, StoreError::DuplicateUrn(_)),
        ),
        (vec![good.clone(), same_case], |e| {
            matches!(e, StoreError::Duplicate(_))
        }),
        (vec![good.clone(), empty], |e| {
            matches!(e, StoreError::Invalid(_))
        }),
    ];
    for (batch, expected) in batches {
        let err = s.load_cases(batch).await.unwrap_err();
        assert!(expected(&err), "{err:?}");
        assert_eq!(s.all_case_ids().await.unwrap(), vec![stored], "{err:?}");
        assert!(
            s.events_for_case(good.projection.case_id)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(s.stream_version(stored).await.unwrap(), 1);
        assert_eq!(log_of(s, &w, w.officer).await.len(), 1, "{err:?}");
    }
    assert!(s.verify_log().await.unwrap().is_ok());
}
