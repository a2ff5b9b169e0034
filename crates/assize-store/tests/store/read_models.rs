//! Writing a case's read models on append: only the child tables whose rows changed are
//! rewritten (by the digests in `case_summary.children_digest`), and a stored case's single-row
//! read (`stored_case`) matches what was appended.

use assize_store::*;
use serde_json::json;
use uuid::Uuid;

use crate::{Db, at, create_case, defendant, event, log_entry, projection, raw_exec, world};

crate::both!(
    appends_rewrite_only_changed_read_models,
    stored_case_is_the_summary_row,
);

async fn append(db: &Db, w: &crate::World, version: i64, p: CaseProjection) {
    db.store
        .append(AppendRequest {
            case_id: p.case_id,
            expected_version: version,
            events: vec![event(w.prosecutor, w.cps, "changed", version + 1)],
            projection: p,
            access_log: vec![],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .expect("append");
}

async fn courts(db: &Db, case_id: Uuid) -> Vec<String> {
    db.store
        .load_case(case_id)
        .await
        .unwrap()
        .unwrap()
        .court_ous
}

async fn appends_rewrite_only_changed_read_models(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = Uuid::new_v4();
    let mut p = projection(case_id, "URN-D", w.cps, w.force);
    p.court_ous = vec!["B01LY01".into()];
    create_case(s, &w, p.clone()).await;
    let id = case_id.to_string();
    // A row the store would never write, put there behind its back: it shows whether an
    // append rewrote the courts' table.
    let mark =
        "UPDATE case_courts SET ou_code = 'MARKED0' WHERE case_id = $1 AND ou_code = 'B01LY01'";
    assert_eq!(raw_exec(&db, mark, &[&id]).await.unwrap(), 1);

    // A change to the defendants alone rewrites the defendants and leaves the courts alone.
    let mut p2 = p.clone();
    let d = defendant("Ann Example", None, None, None);
    p2.defendants.push(d.clone());
    append(&db, &w, 1, p2.clone()).await;
    let rec = s.load_case(case_id).await.unwrap().unwrap();
    assert_eq!(rec.defendants, vec![(d.defendant_id, None)]);
    assert_eq!(rec.court_ous, vec!["MARKED0".to_owned()]);

    // A change to the courts rewrites them.
    let mut p3 = p2.clone();
    p3.court_ous = vec!["B01LY01".into(), "C01AA00".into()];
    append(&db, &w, 2, p3.clone()).await;
    assert_eq!(courts(&db, case_id).await, ["B01LY01", "C01AA00"]);

    // A case without digests (written before they were kept) is rewritten in full.
    assert_eq!(raw_exec(&db, mark, &[&id]).await.unwrap(), 1);
    let forget = "UPDATE case_summary SET children_digest = NULL WHERE case_id = $1";
    assert_eq!(raw_exec(&db, forget, &[&id]).await.unwrap(), 1);
    append(&db, &w, 3, p3.clone()).await;
    assert_eq!(courts(&db, case_id).await, ["B01LY01", "C01AA00"]);

    // Rebuilding rewrites every table whatever the digests say.
    assert_eq!(raw_exec(&db, mark, &[&id]).await.unwrap(), 1);
    s.replace_projection(&p3, 4).await.unwrap();
    assert_eq!(courts(&db, case_id).await, ["B01LY01", "C01AA00"]);

    // And the digests written by a rebuild let the next append skip unchanged tables again.
    assert_eq!(raw_exec(&db, mark, &[&id]).await.unwrap(), 1);
    let mut p5 = p3.clone();
    p5.status = "listed".into();
    append(&db, &w, 4, p5).await;
    assert_eq!(courts(&db, case_id).await, ["C01AA00", "MARKED0"]);
}

async fn stored_case_is_the_summary_row(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let case_id = Uuid::new_v4();
    let mut p = projection(case_id, "URN-E", w.cps, w.force);
    p.state = json!({ "urn": "URN-E", "defendants": [{ "name": "Ann" }] });
    create_case(s, &w, p.clone()).await;
    let stored = s.stored_case(case_id).await.unwrap().unwrap();
    assert_eq!(
        stored,
        StoredCase {
            case_id,
            urn: "URN-E".into(),
            version: 1,
            status: "charged".into(),
            state: serde_json::to_string(&p.state).unwrap(),
            prosecutor_org_id: w.cps,
            charging_force_org_id: w.force,
        }
    );
    assert_eq!(s.stored_case(Uuid::new_v4()).await.unwrap(), None);

    // A read logs what the caller decides, and only when it discloses.
    let hidden: Option<()> = s
        .read_stored_case_with(case_id, |_| Ok::<_, StoreError>(None))
        .await
        .unwrap();
    assert_eq!(hidden, None);
    let entry = log_entry(w.prosecutor, w.cps, "case_read", Some(case_id), at(5));
    let urn = s
        .read_stored_case_with(case_id, |c| Ok::<_, StoreError>(Some((entry, c.urn))))
        .await
        .unwrap();
    assert_eq!(urn.as_deref(), Some("URN-E"));
    let log = crate::log_of(s, &w, w.prosecutor).await;
    assert_eq!(
        log.iter().filter(|e| e.entry.action == "case_read").count(),
        1,
        "{log:?}"
    );
}
