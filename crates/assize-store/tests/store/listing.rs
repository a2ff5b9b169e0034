//! The court estate and calendar: courtrooms and sittings are kept with who set them up and who
//! changed them (and logged), sittings are read by court and date with what they hold.

use assize_domain::ids::OuCode;
use assize_domain::listing::{
    Capacity, Courtroom, Day, Session, Sitting, SittingKind, SittingLoad, SittingPattern,
};
use assize_store::*;
use jiff::civil::date;
use uuid::Uuid;

use crate::{Db, World, at, create_case, event, log_entry, log_of, projection, world};

crate::both!(
    courtrooms_and_sittings_are_kept_with_who_set_them_up_and_changed_them,
    a_sittings_load_is_what_is_still_listed_in_it,
    a_listing_is_written_only_into_the_sitting_it_was_decided_for,
);

const COURT: &str = "B01LY00";

fn by(w: &World, minutes: i64) -> SearchLog {
    SearchLog {
        user_id: w.lister,
        org_id: w.court,
        at: at(minutes),
        correlation_id: Uuid::new_v4(),
    }
}

fn room(name: &str) -> Courtroom {
    Courtroom {
        id: Uuid::now_v7(),
        court_ou: OuCode::parse(COURT).unwrap(),
        name: name.into(),
        youth_suitable: name.contains("Youth"),
        secure_dock: true,
    }
}

fn sitting(room: &Courtroom, day: i8, session: Session, kind: SittingKind) -> Sitting {
    Sitting {
        id: Uuid::now_v7(),
        court_ou: room.court_ou.clone(),
        courtroom_id: room.id,
        date: date(2026, 12, day),
        start_time: session.default_start().into(),
        session,
        kind,
        judiciary: vec![
            "District Judge (MC) Ńowak".into(),
            "Ms Ó Súilleabháin JP".into(),
        ],
        capacity: Capacity::Minutes(300),
        pattern_id: None,
    }
}

async fn courtrooms_and_sittings_are_kept_with_who_set_them_up_and_changed_them(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let (one, youth) = (room("Court 1"), room("Youth Court"));
    s.create_courtroom(&youth, &by(&w, 1)).await.unwrap();
    s.create_courtroom(&one, &by(&w, 2)).await.unwrap();
    let again = Courtroom {
        id: Uuid::now_v7(),
        ..one.clone()
    };
    assert!(matches!(
        s.create_courtroom(&again, &by(&w, 3)).await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        s.courtrooms(COURT).await.unwrap(),
        [one.clone(), youth.clone()]
    );
    assert!(s.courtrooms("B01LY01").await.unwrap().is_empty());

    let pattern = SittingPattern {
        id: Uuid::now_v7(),
        court_ou: one.court_ou.clone(),
        courtroom_id: one.id,
        weekdays: Day::WEEKDAYS.to_vec(),
        start_time: "10:00".into(),
        session: Session::Morning,
        kind: SittingKind::Remand,
        judiciary: vec![],
        capacity: Capacity::Cases(30),
        from: date(2026, 12, 1),
        until: date(2026, 12, 2),
    };
    let mut remand = sitting(&one, 1, Session::Morning, SittingKind::Remand);
    remand.pattern_id = Some(pattern.id);
    let trial = sitting(&one, 1, Session::Afternoon, SittingKind::Trial);
    let later = sitting(&youth, 9, Session::AllDay, SittingKind::Youth);
    s.create_sittings(&[remand.clone(), trial.clone()], Some(&pattern), &by(&w, 4))
        .await
        .unwrap();
    s.create_sittings(std::slice::from_ref(&later), None, &by(&w, 5))
        .await
        .unwrap();
    // The same room in the same session again: refused, and nothing of the batch is written.
    let clash = sitting(&one, 1, Session::Morning, SittingKind::Adult);
    let other = sitting(&youth, 2, Session::Morning, SittingKind::Youth);
    let err = s.create_sittings(&[other, clash], None, &by(&w, 6)).await;
    assert!(matches!(err, Err(StoreError::Duplicate(_))), "{err:?}");

    let rows = s.sittings(COURT, "2026-12-01", "2026-12-08").await.unwrap();
    let got: Vec<&Sitting> = rows.iter().map(|r| &r.placement.sitting).collect();
    assert_eq!(
        got,
        [&remand, &trial],
        "by date and start time, the 9th and the refused batch left out"
    );
    assert_eq!(rows[0].placement.courtroom, one);
    assert_eq!(rows[0].placement.load, SittingLoad::default());
    assert_eq!(
        (rows[0].stamp.created_by, rows[0].stamp.created_at),
        (w.lister, at(4))
    );
    assert_eq!(rows[0].stamp.updated_by, None);

    let mut changed = trial.clone();
    changed.judiciary = vec!["HHJ Evans".into()];
    changed.capacity = Capacity::Cases(1);
    changed.kind = SittingKind::Mixed;
    s.update_sitting(&changed, &by(&w, 7)).await.unwrap();
    let row = s.sitting(trial.id).await.unwrap().unwrap();
    assert_eq!(row.placement.sitting, changed);
    assert_eq!(
        (row.stamp.updated_by, row.stamp.updated_at),
        (Some(w.lister), Some(at(7)))
    );
    let missing = Sitting {
        id: Uuid::now_v7(),
        ..changed
    };
    assert!(matches!(
        s.update_sitting(&missing, &by(&w, 8)).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.sitting(missing.id).await.unwrap().is_none());

    let actions: Vec<String> = log_of(s, &w, w.lister)
        .await
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    for a in ["courtroom_created", "sittings_created", "sitting_updated"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "sittings_created").count(),
        2,
        "not the refused batch"
    );
}

async fn a_sittings_load_is_what_is_still_listed_in_it(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let one = room("Court 1");
    s.create_courtroom(&one, &by(&w, 1)).await.unwrap();
    let trial = sitting(&one, 3, Session::AllDay, SittingKind::Trial);
    s.create_sittings(std::slice::from_ref(&trial), None, &by(&w, 2))
        .await
        .unwrap();
    for (n, (status, estimate)) in [("listed", 180), ("listed", 45), ("vacated", 60)]
        .into_iter()
        .enumerate()
    {
        let mut p = projection(
            Uuid::now_v7(),
            &format!("01AB{:05}26", n + 1),
            w.cps,
            w.force,
        );
        p.hearings.push(HearingRow {
            hearing_id: Uuid::now_v7(),
            court_ou: COURT.into(),
            hearing_date: "2026-12-03".into(),
            hearing_type: "TRIAL".into(),
            status: status.into(),
            sitting_id: Some(trial.id),
            start_time: Some("10:00".into()),
            estimate_minutes: Some(estimate),
            warned_from: None,
            warned_to: None,
        });
        create_case(s, &w, p).await;
    }
    let row = s.sitting(trial.id).await.unwrap().unwrap();
    assert_eq!(
        row.placement.load,
        SittingLoad {
            cases: 2,
            minutes: 225
        }
    );
}

/// A listing decided on a sitting as it was is refused, with nothing written, if the sitting was
/// changed or cancelled before the listing is written; written, it bumps the sitting's version,
/// so a change decided on the sitting before the listing is refused as stale.
async fn a_listing_is_written_only_into_the_sitting_it_was_decided_for(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let court = room("Court 8");
    s.create_courtroom(&court, &by(&w, 1)).await.unwrap();
    let morning = sitting(&court, 7, Session::Morning, SittingKind::Remand);
    s.create_sittings(std::slice::from_ref(&morning), None, &by(&w, 2))
        .await
        .unwrap();
    let case_id = create_case(
        s,
        &w,
        projection(Uuid::new_v4(), "01AB3000088", w.cps, w.force),
    )
    .await;
    let used = |kind: &str| SittingUse {
        sitting_id: morning.id,
        kind: kind.into(),
        session: "morning".into(),
        start_time: "10:00".into(),
    };
    let listing = |use_: SittingUse| AppendRequest {
        case_id,
        expected_version: 1,
        events: vec![event(w.lister, w.court, "hearing_listed", 2)],
        projection: projection(case_id, "01AB3000088", w.cps, w.force),
        access_log: vec![log_entry(
            w.lister,
            w.court,
            "case_change",
            Some(case_id),
            at(3),
        )],
        sittings_used: vec![use_],
        notices: Vec::new(),
        idempotency: None,
    };
    // Decided when the sitting was a trial sitting: it is a remand sitting now.
    let err = s.append(listing(used("trial"))).await.unwrap_err();
    assert!(
        matches!(err, StoreError::SittingChanged(id) if id == morning.id),
        "{err:?}"
    );
    assert_eq!(
        s.stream_version(case_id).await.unwrap(),
        1,
        "nothing written"
    );
    assert_eq!(s.sitting(morning.id).await.unwrap().unwrap().version, 1);

    s.append(listing(used("remand"))).await.unwrap();
    assert_eq!(s.stream_version(case_id).await.unwrap(), 2);
    assert_eq!(
        s.sitting(morning.id).await.unwrap().unwrap().version,
        2,
        "a change read at version 1 is now stale"
    );
    let mut later = morning.clone();
    later.judiciary = vec!["DJ Patel".into()];
    assert!(matches!(
        s.change_sitting(&later, 1, false, &by(&w, 4)).await,
        Err(StoreError::Conflict {
            expected: 1,
            actual: 2
        })
    ));
}
