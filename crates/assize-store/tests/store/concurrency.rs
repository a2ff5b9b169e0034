//! Concurrent appends at the same expected version: exactly one wins, the others conflict.

use assize_store::*;
use uuid::Uuid;

use crate::{Db, at, event, log_entry, log_of, projection, world};

crate::both!(concurrent_appends_one_wins);

async fn concurrent_appends_one_wins(db: Db) {
    let s = db.store.clone();
    let w = world(&s).await;
    // New case: several writers race to create the same case.
    let case_id = Uuid::new_v4();
    let mut tasks = Vec::new();
    for i in 0..4 {
        let (s, w) = (s.clone(), w.clone());
        tasks.push(tokio::spawn(async move {
            s.append(AppendRequest {
                case_id,
                expected_version: 0,
                events: vec![event(w.officer, w.force, "case_charged", i)],
                projection: projection(case_id, "RACE1", w.cps, w.force),
                access_log: vec![log_entry(
                    w.officer,
                    w.force,
                    "case_create",
                    Some(case_id),
                    at(i),
                )],
                sittings_used: Vec::new(),
                notices: Vec::new(),
                idempotency: None,
            })
            .await
        }));
    }
    let results: Vec<_> = futures_join(tasks).await;
    assert_one_winner(&results, 0, 1);

    // Existing case: rounds of writers at the same expected version.
    for round in 1..=5i64 {
        let mut tasks = Vec::new();
        for i in 0..3 {
            let (s, w) = (s.clone(), w.clone());
            tasks.push(tokio::spawn(async move {
                s.append(AppendRequest {
                    case_id,
                    expected_version: round,
                    events: vec![event(w.prosecutor, w.cps, "update", round * 10 + i)],
                    projection: projection(case_id, "RACE1", w.cps, w.force),
                    access_log: vec![],
                    sittings_used: Vec::new(),
                    notices: Vec::new(),
                    idempotency: None,
                })
                .await
            }));
        }
        let results = futures_join(tasks).await;
        assert_one_winner(&results, round, round + 1);
    }
    let events = s.events_for_case(case_id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.version).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<_>>()
    );
    assert_eq!(
        log_of(&s, &w, w.officer).await.len(),
        1,
        "only the winner's log entry remains"
    );
    let report = s.verify_log().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
}

async fn futures_join(
    tasks: Vec<tokio::task::JoinHandle<Result<AppendOutcome, StoreError>>>,
) -> Vec<Result<AppendOutcome, StoreError>> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("task panicked"));
    }
    out
}

fn assert_one_winner(
    results: &[Result<AppendOutcome, StoreError>],
    expected: i64,
    new_version: i64,
) {
    let wins: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(wins.len(), 1, "exactly one winner: {results:?}");
    assert_eq!(wins[0].new_version, new_version);
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        match r {
            StoreError::Conflict {
                expected: e,
                actual,
            } => {
                assert_eq!((*e, *actual), (expected, new_version));
            }
            other => panic!("losers must see a conflict, got {other:?}"),
        }
    }
}
