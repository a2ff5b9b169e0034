//! Live change notifications: delivered after commit, exactly once, never for a rolled-back
//! append, and on PostgreSQL across store instances (processes) sharing one database.

use std::time::Duration;

use assize_store::*;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::TryRecvError;
use uuid::Uuid;

use crate::{Db, Kind, create_case, event, projection, raw_exec, world};

crate::both!(
    subscriber_hears_each_commit_once,
    rolled_back_append_is_not_announced,
    second_store_on_the_same_database_hears_changes,
    lost_listener_connection_announces_a_resync,
);

/// The next signal, or a panic after a generous timeout (arrival is asserted, not timing).
async fn next(rx: &mut Receiver<LiveSignal>) -> LiveSignal {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a live signal within 5 s")
        .expect("the hub is open")
}

/// Nothing more arrives within a short while.
async fn quiet(rx: &mut Receiver<LiveSignal>) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(rx.try_recv().err(), Some(TryRecvError::Empty));
}

async fn append_one(store: &Store, w: &crate::World, case_id: Uuid, at_version: i64) -> i64 {
    store
        .append(AppendRequest {
            case_id,
            expected_version: at_version,
            events: vec![event(w.prosecutor, w.cps, "note_added", at_version + 1)],
            projection: projection(case_id, "01AB7000026", w.cps, w.force),
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .expect("append")
        .new_version
}

async fn subscriber_hears_each_commit_once(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let mut rx = s.subscribe_changes().await;
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let first = s.events_for_case(case_id).await.unwrap();
    assert_eq!(
        next(&mut rx).await,
        LiveSignal::Changed(CaseChanged {
            case_id,
            version: 1,
            global_seq: first[0].global_seq,
        })
    );
    let v = append_one(s, &w, case_id, 1).await;
    let LiveSignal::Changed(c) = next(&mut rx).await else {
        panic!("expected a change");
    };
    assert_eq!((c.case_id, c.version), (case_id, v));
    quiet(&mut rx).await;

    // What a subscriber reads after a signal: the events after its position.
    let since = s.events_for_case_since(case_id, 1).await.unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].version, 2);
    assert_eq!(since[0].global_seq, c.global_seq);
    assert!(
        s.events_for_case_since(case_id, 2)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.events_for_case_since(case_id, 0).await.unwrap().len(), 2);
}

async fn rolled_back_append_is_not_announced(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let mut rx = s.subscribe_changes().await;
    let stale = s
        .append(AppendRequest {
            case_id,
            expected_version: 0,
            events: vec![event(w.prosecutor, w.cps, "note_added", 9)],
            projection: projection(case_id, "01AB7000026", w.cps, w.force),
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    quiet(&mut rx).await;
}

async fn second_store_on_the_same_database_hears_changes(db: Db) {
    if db.kind == Kind::Sqlite {
        // One SQLite file is served by one process; its hub is in-process only.
        return;
    }
    let other = Store::connect(&db.url).await.expect("second store");
    let mut theirs = other.subscribe_changes().await;
    let mut ours = db.store.subscribe_changes().await;
    let w = world(&db.store).await;
    let case_id = create_case(
        &db.store,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    for rx in [&mut theirs, &mut ours] {
        let LiveSignal::Changed(c) = next(rx).await else {
            panic!("expected a change");
        };
        assert_eq!((c.case_id, c.version), (case_id, 1));
    }
    // The writer hears its own change once (through PostgreSQL only, not also in-process).
    quiet(&mut ours).await;
    // And the other way round.
    let v = append_one(&other, &w, case_id, 1).await;
    let LiveSignal::Changed(c) = next(&mut ours).await else {
        panic!("expected a change");
    };
    assert_eq!((c.case_id, c.version), (case_id, v));
    other.close().await;
}

async fn lost_listener_connection_announces_a_resync(db: Db) {
    if db.kind == Kind::Sqlite {
        // In-process delivery has no connection to lose.
        return;
    }
    let s = &db.store;
    let w = world(s).await;
    let mut rx = s.subscribe_changes().await;
    // What a restarted database server or a network cut does to the listening connection.
    let killed = raw_exec(
        &db,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        &[],
    )
    .await
    .expect("terminate the listener's connection");
    assert_eq!(killed, 1, "one listening connection");
    assert_eq!(next(&mut rx).await, LiveSignal::Resync);
    // Listening again: changes arrive as before.
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB7000026", w.cps, w.force),
    )
    .await;
    let LiveSignal::Changed(c) = next(&mut rx).await else {
        panic!("expected a change");
    };
    assert_eq!(c.case_id, case_id);
}
