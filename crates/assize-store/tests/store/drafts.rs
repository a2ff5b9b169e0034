//! Drafts of the resulting form: one per person and hearing, replaced on save, kept verbatim
//! (including text the court record would refuse), deleted on sharing, never seen by another user.

use assize_store::*;
use serde_json::json;
use uuid::Uuid;

use crate::{Db, at, world};

crate::both!(
    a_draft_is_saved_replaced_and_deleted,
    drafts_belong_to_one_person_and_one_hearing,
);

fn draft(user_id: Uuid, hearing_id: Uuid, case_id: Uuid, v: i64, note: &str) -> ResultDraft {
    ResultDraft {
        user_id,
        hearing_id,
        case_id,
        fields: json!({ "d0.attendance": ["in_person"], "d0.o0.r0.code": [note], "adj.reason": ["ünïcode ✓ 'quoted' \"double\""] }),
        case_version: v,
        updated_at: at(v),
    }
}

async fn a_draft_is_saved_replaced_and_deleted(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let (hearing, case) = (Uuid::new_v4(), Uuid::new_v4());
    assert_eq!(s.result_draft(w.lister, hearing).await.unwrap(), None);

    let first = draft(w.lister, hearing, case, 3, "9999");
    s.save_result_draft(&first).await.unwrap();
    assert_eq!(
        s.result_draft(w.lister, hearing).await.unwrap(),
        Some(first)
    );

    // Saving again replaces the draft (autosave upserts, it never adds rows).
    let second = draft(w.lister, hearing, case, 4, "1015");
    s.save_result_draft(&second).await.unwrap();
    assert_eq!(
        s.result_draft(w.lister, hearing).await.unwrap(),
        Some(second)
    );

    assert!(s.delete_result_draft(w.lister, hearing).await.unwrap());
    assert_eq!(s.result_draft(w.lister, hearing).await.unwrap(), None);
    // Deleting an absent draft is not an error.
    assert!(!s.delete_result_draft(w.lister, hearing).await.unwrap());
}

async fn drafts_belong_to_one_person_and_one_hearing(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let (h1, h2, case) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let mine = draft(w.lister, h1, case, 1, "1015");
    let theirs = draft(w.prosecutor, h1, case, 2, "2063");
    let other_hearing = draft(w.lister, h2, case, 1, "1002");
    for d in [&mine, &theirs, &other_hearing] {
        s.save_result_draft(d).await.unwrap();
    }
    assert_eq!(s.result_draft(w.lister, h1).await.unwrap(), Some(mine));
    assert_eq!(
        s.result_draft(w.prosecutor, h1).await.unwrap(),
        Some(theirs)
    );
    assert!(s.delete_result_draft(w.lister, h2).await.unwrap());
    // Deleting one person's draft leaves the other's.
    assert!(s.result_draft(w.prosecutor, h1).await.unwrap().is_some());
    assert!(s.result_draft(w.lister, h2).await.unwrap().is_none());
    // A draft needs a real user.
    assert!(
        s.save_result_draft(&draft(Uuid::new_v4(), h1, case, 1, "x"))
            .await
            .is_err()
    );
}
