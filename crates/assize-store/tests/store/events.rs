//! Appends, reads, conflicts, the hash chain and the append-only triggers.

use assize_domain::access::Relation;
use assize_store::*;
use serde_json::json;
use uuid::Uuid;

use crate::{
    Db, Kind, at, create_case, defendant, event, log_entry, log_of, projection, raw_exec, world,
};

crate::both!(
    append_and_read_own_write,
    read_stored_case_with_logs_only_disclosed_reads,
    concurrent_reads_are_all_logged_and_none_unlogged,
    stale_version_conflicts_and_changes_nothing,
    duplicate_urn_rejected,
    replace_projection_rewrites_read_models,
    idempotency_round_trip,
);

async fn append_and_read_own_write(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = Uuid::new_v4();
    let mut p = projection(case_id, "01AB1234524", w.cps, w.force);
    let mut d = defendant(
        "John Smith",
        Some("1980-01-02"),
        Some("1101ZD0100000000001A"),
        None,
    );
    d.defence_org_id = Some(w.firm);
    p.orgs.push(CaseOrgRow {
        org_id: w.firm,
        relation: Relation::DefenceOnRecord,
        defendant_id: Some(d.defendant_id),
    });
    p.defendants.push(d.clone());
    p.court_ou = Some("B01LY00".into());
    p.court_ous = vec!["B01LY01".into()];
    p.hearings.push(HearingRow {
        hearing_id: Uuid::new_v4(),
        court_ou: "B01LY00".into(),
        hearing_date: "2026-04-01".into(),
        hearing_type: "first_hearing".into(),
        status: "listed".into(),
        sitting_id: None,
        start_time: None,
        estimate_minutes: None,
        warned_from: None,
        warned_to: None,
    });
    let out = s
        .append(AppendRequest {
            case_id,
            expected_version: 0,
            events: vec![event(w.officer, w.force, "case_charged", 1)],
            projection: p.clone(),
            access_log: vec![log_entry(
                w.officer,
                w.force,
                "case_create",
                Some(case_id),
                at(1),
            )],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .unwrap();
    assert_eq!(out.new_version, 1);
    assert_eq!(out.events.len(), 1);
    assert_eq!(out.events[0].version, 1);
    assert_eq!(out.events[0].hash.len(), 64);
    assert_eq!(s.events_for_case(case_id).await.unwrap(), out.events);
    assert_eq!(s.stream_version(case_id).await.unwrap(), 1);

    // Read own write, the read logged before it is answered.
    let entry = log_entry(w.prosecutor, w.cps, "case_view", Some(case_id), at(2));
    let version = s
        .read_stored_case_with(case_id, |c| Ok::<_, StoreError>(Some((entry, c.version))))
        .await
        .unwrap();
    assert_eq!(version, Some(1));
    let rec = s.load_case(case_id).await.unwrap().expect("case exists");
    assert_eq!(rec.version, 1);
    assert_eq!(rec.urn, "01AB1234524");
    assert_eq!(rec.state, p.state);
    assert_eq!(rec.prosecutor_org_id, w.cps);
    assert_eq!(rec.charging_force_org_id, w.force);
    assert_eq!(
        rec.court_ous,
        vec!["B01LY00".to_owned(), "B01LY01".to_owned()]
    );
    assert_eq!(rec.defendants, vec![(d.defendant_id, Some(w.firm))]);
    assert_eq!(rec.orgs.len(), 3);
    assert!(rec.orgs.contains(&CaseOrgRow {
        org_id: w.firm,
        relation: Relation::DefenceOnRecord,
        defendant_id: Some(d.defendant_id)
    }));
    assert_eq!(s.load_case(case_id).await.unwrap().as_ref(), Some(&rec));
    let viewed = log_of(s, &w, w.prosecutor).await;
    assert_eq!(viewed.len(), 1);
    assert_eq!(viewed[0].entry.action, "case_view");
    assert_eq!(viewed[0].entry.case_id, Some(case_id));
    assert_eq!(
        log_of(s, &w, w.officer).await.len(),
        1,
        "append logged the creation"
    );

    assert_eq!(
        s.case_id_by_urn("01ab1234524").await.unwrap(),
        Some(case_id)
    );
    assert_eq!(s.case_id_by_urn("nope").await.unwrap(), None);
    assert_eq!(s.all_case_ids().await.unwrap(), vec![case_id]);

    // A second append continues the stream.
    let mut p2 = p.clone();
    p2.status = "listed".into();
    p2.state = json!({ "status": "listed" });
    let out2 = s
        .append(AppendRequest {
            case_id,
            expected_version: 1,
            events: vec![
                event(w.prosecutor, w.cps, "a", 2),
                event(w.prosecutor, w.cps, "b", 3),
            ],
            projection: p2.clone(),
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .unwrap();
    assert_eq!(out2.new_version, 3);
    assert_eq!(
        out2.events.iter().map(|e| e.version).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert!(out2.events[0].global_seq > out.events[0].global_seq);
    let all = s.events_for_case(case_id).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1..], out2.events[..]);
    assert_eq!(
        all[1].payload,
        json!({ "n": 2, "text": "ünïcode ✓", "nested": { "a": [1, 2, 3] } })
    );
    assert_eq!(all[1].reason.as_deref(), Some("reason 2"));
    assert_eq!(all[2].reason, None);
    assert_eq!(
        all[1].occurred_at,
        at(2),
        "timestamps round-trip to the nanosecond"
    );
    let rec = s.load_case(case_id).await.unwrap().unwrap();
    assert_eq!(
        (rec.version, rec.status.as_str(), &rec.state),
        (3, "listed", &p2.state)
    );

    // An absent case reads as None and logs nothing.
    let missing = Uuid::new_v4();
    let entry = log_entry(w.lister, w.court, "case_view", Some(missing), at(3));
    let none = s
        .read_stored_case_with(missing, |_| Ok::<_, StoreError>(Some((entry, ()))))
        .await
        .unwrap();
    assert!(none.is_none());
    assert!(log_of(s, &w, w.lister).await.is_empty());
    assert!(s.load_case(missing).await.unwrap().is_none());
    assert!(s.events_for_case(missing).await.unwrap().is_empty());

    // Appending nothing is refused.
    let err = s
        .append(AppendRequest {
            case_id,
            expected_version: 3,
            events: vec![],
            projection: p2,
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
}

async fn stale_version_conflicts_and_changes_nothing(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(s, &w, projection(Uuid::new_v4(), "URN1", w.cps, w.force)).await;
    let before_events = s.events_for_case(case_id).await.unwrap();
    let before_case = s.load_case(case_id).await.unwrap();
    let before_log = log_of(s, &w, w.prosecutor).await;
    for expected in [0, 2, 7] {
        let mut p = projection(case_id, "URN1-CHANGED", w.cps2, w.force2);
        p.status = "changed".into();
        p.defendants
            .push(defendant("Changed Person", None, None, None));
        let err = s
            .append(AppendRequest {
                case_id,
                expected_version: expected,
                events: vec![event(w.prosecutor, w.cps, "x", 5)],
                projection: p,
                access_log: vec![log_entry(
                    w.prosecutor,
                    w.cps,
                    "case_update",
                    Some(case_id),
                    at(5),
                )],
                sittings_used: Vec::new(),
                notices: Vec::new(),
                idempotency: Some(IdempotencyRecord {
                    principal_id: w.prosecutor,
                    key: format!("k{expected}"),
                    request_hash: "h".into(),
                    response_status: 200,
                    response_body: "{}".into(),
                    case_id: Some(case_id),
                }),
            })
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict {
                expected: e,
                actual,
            } => assert_eq!((e, actual), (expected, 1)),
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert!(
            s.idempotency_record(w.prosecutor, &format!("k{expected}"))
                .await
                .unwrap()
                .is_none()
        );
    }
    assert_eq!(s.events_for_case(case_id).await.unwrap(), before_events);
    assert_eq!(s.load_case(case_id).await.unwrap(), before_case);
    assert_eq!(s.case_id_by_urn("URN1-CHANGED").await.unwrap(), None);
    assert_eq!(log_of(s, &w, w.prosecutor).await, before_log);
    assert!(s.verify_log().await.unwrap().is_ok());
}

async fn duplicate_urn_rejected(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let a = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB1234524", w.cps, w.force),
    )
    .await;
    for urn in ["01AB1234524", "01ab1234524"] {
        let b = Uuid::new_v4();
        let err = s
            .append(AppendRequest {
                case_id: b,
                expected_version: 0,
                events: vec![event(w.officer, w.force, "case_charged", 1)],
                projection: projection(b, urn, w.cps, w.force),
                access_log: vec![log_entry(w.officer, w.force, "case_create", Some(b), at(1))],
                sittings_used: Vec::new(),
                notices: Vec::new(),
                idempotency: None,
            })
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::DuplicateUrn(u) if u == urn),
            "{err:?}"
        );
        assert!(s.load_case(b).await.unwrap().is_none());
        assert_eq!(s.stream_version(b).await.unwrap(), 0);
        assert!(s.events_for_case(b).await.unwrap().is_empty());
    }
    assert_eq!(s.all_case_ids().await.unwrap(), vec![a]);
    assert_eq!(log_of(s, &w, w.officer).await.len(), 1);
}

async fn replace_projection_rewrites_read_models(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let mut p = projection(Uuid::new_v4(), "URN-R", w.cps, w.force);
    p.defendants.push(defendant("Old Name", None, None, None));
    let case_id = create_case(s, &w, p.clone()).await;
    let events_before = s.events_for_case(case_id).await.unwrap();
    let mut p2 = projection(case_id, "URN-R", w.cps, w.force);
    p2.status = "rebuilt".into();
    let d = defendant("New Name", None, None, None);
    p2.defendants.push(d.clone());
    p2.court_ous = vec!["C01AA00".into()];
    s.replace_projection(&p2, 1).await.unwrap();
    let rec = s.load_case(case_id).await.unwrap().unwrap();
    assert_eq!(rec.status, "rebuilt");
    assert_eq!(rec.defendants, vec![(d.defendant_id, None)]);
    assert_eq!(rec.court_ous, vec!["C01AA00".to_owned()]);
    assert_eq!(s.events_for_case(case_id).await.unwrap(), events_before);
    // Rebuilding cannot steal another case's URN.
    let other = create_case(s, &w, projection(Uuid::new_v4(), "URN-S", w.cps, w.force)).await;
    let err = s
        .replace_projection(&projection(other, "URN-R", w.cps, w.force), 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateUrn(_)), "{err:?}");
}

async fn idempotency_round_trip(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = Uuid::new_v4();
    let rec = IdempotencyRecord {
        principal_id: w.officer,
        key: "idem-1".into(),
        request_hash: "abc123".into(),
        response_status: 201,
        response_body: json!({ "case_id": case_id }).to_string(),
        case_id: Some(case_id),
    };
    s.append(AppendRequest {
        case_id,
        expected_version: 0,
        events: vec![event(w.officer, w.force, "case_charged", 1)],
        projection: projection(case_id, "URN-I", w.cps, w.force),
        access_log: vec![],
        sittings_used: Vec::new(),
        notices: Vec::new(),
        idempotency: Some(rec.clone()),
    })
    .await
    .unwrap();
    assert_eq!(
        s.idempotency_record(w.officer, "idem-1").await.unwrap(),
        Some(rec.clone())
    );
    assert_eq!(
        s.idempotency_record(w.prosecutor, "idem-1").await.unwrap(),
        None
    );
    assert_eq!(
        s.idempotency_record(w.officer, "idem-2").await.unwrap(),
        None
    );
    // The same key again (in a later append) rolls the whole append back.
    let err = s
        .append(AppendRequest {
            case_id,
            expected_version: 1,
            events: vec![event(w.officer, w.force, "update", 2)],
            projection: projection(case_id, "URN-I", w.cps, w.force),
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: Some(rec.clone()),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");
    assert_eq!(s.stream_version(case_id).await.unwrap(), 1);
    // Standalone records (for commands that append nothing).
    let rejected = IdempotencyRecord {
        key: "idem-3".into(),
        response_status: 422,
        case_id: None,
        ..rec
    };
    s.save_idempotency(&rejected).await.unwrap();
    assert_eq!(
        s.idempotency_record(w.officer, "idem-3").await.unwrap(),
        Some(rejected.clone())
    );
    assert!(matches!(
        s.save_idempotency(&rejected).await,
        Err(StoreError::Duplicate(_))
    ));
}

async fn read_stored_case_with_logs_only_disclosed_reads(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(s, &w, projection(Uuid::new_v4(), "URN-W", w.cps, w.force)).await;
    // Refused by the caller's decision: nothing returned, nothing logged.
    let refused: Option<()> = s
        .read_stored_case_with(case_id, |_| Ok::<_, StoreError>(None))
        .await
        .unwrap();
    assert!(refused.is_none());
    assert!(log_of(s, &w, w.lister).await.is_empty());
    // Disclosed: the entry the decision returns is committed before the record is returned.
    let rec = s
        .read_stored_case_with(case_id, |r| {
            assert_eq!(r.prosecutor_org_id, w.cps);
            let entry = log_entry(w.lister, w.court, "case_view", Some(r.case_id), at(3));
            Ok::<_, StoreError>(Some((entry, r)))
        })
        .await
        .unwrap()
        .expect("disclosed");
    assert_eq!(rec.case_id, case_id);
    let logged = log_of(s, &w, w.lister).await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].entry.case_id, Some(case_id));
    // An absent case never reaches the decision.
    let absent = s
        .read_stored_case_with(Uuid::new_v4(), |_| -> Result<Option<(_, ())>, StoreError> {
            panic!("no case to decide on")
        })
        .await;
    assert!(absent.unwrap().is_none());
}

/// Reads' entries share commits (`access_group`): a hundred reads at once are a hundred entries,
/// each committed by the time its read returns; and when the log cannot be written, no read
/// returns anything.
async fn concurrent_reads_are_all_logged_and_none_unlogged(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(s, &w, projection(Uuid::new_v4(), "URN-G", w.cps, w.force)).await;
    let reads: Vec<_> = (0..100)
        .map(|i| {
            let s = s.clone();
            let entry = log_entry(w.lister, w.court, "case_read", Some(case_id), at(i));
            tokio::spawn(async move {
                s.read_stored_case_with(case_id, |c| Ok::<_, StoreError>(Some((entry, c.case_id))))
                    .await
            })
        })
        .collect();
    for read in reads {
        let id = read.await.unwrap().unwrap().expect("found");
        assert_eq!(id, case_id);
    }
    assert_eq!(log_of(s, &w, w.lister).await.len(), 100);

    let refuse = match db.kind {
        Kind::Sqlite => vec![
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON access_log \
             WHEN NEW.action = 'case_read' BEGIN SELECT RAISE(ABORT, 'log refused'); END",
        ],
        Kind::Postgres => vec![
            "CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'log refused'; END $$",
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON access_log FOR EACH ROW \
             WHEN (NEW.action = 'case_read') EXECUTE FUNCTION refuse_reads()",
        ],
    };
    for sql in refuse {
        raw_exec(&db, sql, &[]).await.unwrap();
    }
    let entry = log_entry(w.lister, w.court, "case_read", Some(case_id), at(200));
    let refused = s
        .read_stored_case_with(case_id, |c| Ok::<_, StoreError>(Some((entry, c))))
        .await;
    assert!(refused.is_err(), "unlogged, not returned");
    assert_eq!(log_of(s, &w, w.lister).await.len(), 100);
}
