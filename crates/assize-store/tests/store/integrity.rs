//! The hash chain and the append-only triggers.

use assize_store::*;
use uuid::Uuid;

use crate::{Db, Kind, create_case, event, log_of, projection, raw_exec, world};

crate::both!(
    hash_chain_verifies_and_detects_tampering,
    append_only_triggers_reject_changes
);

/// Columns covered by the hash: altering one byte of any must be reported.
const HASHED: [&str; 9] = [
    "event_type",
    "payload",
    "actor_user_id",
    "actor_org_id",
    "occurred_at",
    "correlation_id",
    "reason",
    "prev_hash",
    "hash",
];

async fn drop_triggers(db: &Db) {
    let stmts: &[&str] = match db.kind {
        Kind::Sqlite => &["DROP TRIGGER events_no_update"],
        Kind::Postgres => &["DROP TRIGGER events_no_update_delete ON events"],
    };
    for sql in stmts {
        raw_exec(db, sql, &[]).await.unwrap();
    }
}

fn flip_one_byte(s: &str) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let i = (bytes.len() / 2..bytes.len())
        .find(|&i| bytes[i].is_ascii_alphanumeric())
        .expect("an ASCII byte to alter");
    bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

async fn hash_chain_verifies_and_detects_tampering(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let a = create_case(s, &w, projection(Uuid::new_v4(), "URN-A", w.cps, w.force)).await;
    let b = create_case(s, &w, projection(Uuid::new_v4(), "URN-B", w.cps, w.force)).await;
    for (case, urn) in [(a, "URN-A"), (b, "URN-B")] {
        s.append(AppendRequest {
            case_id: case,
            expected_version: 1,
            events: (2..5)
                .map(|n| event(w.prosecutor, w.cps, "update", n))
                .collect(),
            projection: projection(case, urn, w.cps, w.force),
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .unwrap();
    }
    let report = s.verify_log().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.cases_checked, report.events_checked), (2, 8));

    drop_triggers(&db).await;
    // Event 2 of case A has a reason (even n); alter each hashed column by one byte in turn.
    let target = s.events_for_case(a).await.unwrap()[1].clone();
    assert_eq!(target.version, 2);
    let seq = target.global_seq.to_string();
    for col in HASHED {
        let get = format!("UPDATE events SET {col} = $1 WHERE global_seq = CAST($2 AS BIGINT)");
        let original = raw_value(&db, col, target.global_seq).await;
        let altered = flip_one_byte(&original);
        assert_ne!(original, altered);
        assert_eq!(raw_exec(&db, &get, &[&altered, &seq]).await.unwrap(), 1);
        let report = s.verify_log().await.unwrap();
        assert!(!report.is_ok(), "altering {col} must be detected");
        assert!(
            report
                .broken_links
                .iter()
                .any(|l| l.case_id == a && l.version == 2),
            "altering {col}: {report:?}"
        );
        assert!(
            report.broken_links.iter().all(|l| l.case_id == a),
            "case B is intact"
        );
        raw_exec(&db, &get, &[&original, &seq]).await.unwrap();
        assert!(s.verify_log().await.unwrap().is_ok(), "restored {col}");
    }
    // An absent reason differs from an empty one.
    let odd = s.events_for_case(a).await.unwrap()[2].clone();
    assert_eq!(odd.reason, None);
    let sql = "UPDATE events SET reason = $1 WHERE global_seq = CAST($2 AS BIGINT)";
    raw_exec(&db, sql, &["", &odd.global_seq.to_string()])
        .await
        .unwrap();
    let report = s.verify_log().await.unwrap();
    assert_eq!(report.broken_links.len(), 1, "{report:?}");
    assert_eq!(
        (report.broken_links[0].version, report.broken_links[0].field),
        (3, "hash")
    );

    // A version gap is reported too.
    let sql = "UPDATE events SET version = 9 WHERE global_seq = CAST($1 AS BIGINT)";
    let last_b = s.events_for_case(b).await.unwrap()[3]
        .global_seq
        .to_string();
    raw_exec(&db, sql, &[&last_b]).await.unwrap();
    let report = s.verify_log().await.unwrap();
    assert!(
        report
            .version_gaps
            .iter()
            .any(|g| g.case_id == b && g.expected_version == 4 && g.found_version == 9),
        "{report:?}"
    );
    assert!(
        report.stream_mismatches.iter().any(|m| m.case_id == b),
        "{report:?}"
    );
}

async fn raw_value(db: &Db, col: &str, seq: i64) -> String {
    use sqlx::{Connection, Row};
    let sql = format!("SELECT {col} AS v FROM events WHERE global_seq = $1");
    match db.kind {
        Kind::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            let r = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(seq)
                .fetch_one(&mut c)
                .await
                .unwrap();
            r.get::<String, _>("v")
        }
        Kind::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let r = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(seq)
                .fetch_one(&mut c)
                .await
                .unwrap();
            r.get::<String, _>("v")
        }
    }
}

async fn append_only_triggers_reject_changes(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = create_case(s, &w, projection(Uuid::new_v4(), "URN-T", w.cps, w.force)).await;
    let mut stmts = vec![
        "UPDATE events SET payload = '{}'",
        "DELETE FROM events",
        "UPDATE access_log SET action = 'nothing'",
        "DELETE FROM access_log",
    ];
    if db.kind == Kind::Postgres {
        stmts.extend(["TRUNCATE events", "TRUNCATE access_log"]);
    }
    for sql in stmts {
        let err = raw_exec(&db, sql, &[]).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(s.events_for_case(case_id).await.unwrap().len(), 1);
    assert_eq!(log_of(s, &w, w.officer).await.len(), 1);
    assert!(s.verify_log().await.unwrap().is_ok());
}
