//! Workload views and sitting changes: utilisation per day from sittings and what they hold,
//! cases awaiting a hearing, custody time limits by expiry (only cases the caller may see, each
//! logged), versioned changes and cancellation of sittings, and a court's patterns read back.

use assize_domain::ids::OuCode;
use assize_domain::listing::SittingPattern;
use assize_domain::listing::{Capacity, Courtroom, Day, Session, Sitting, SittingKind};
use assize_store::*;
use jiff::civil::date;
use uuid::Uuid;

use crate::{Db, World, at, create_case, defendant, log_of, projection, world};

crate::both!(
    utilisation_unlisted_cases_and_ctl_expiries_of_a_court,
    sittings_change_by_version_and_cancel_only_when_empty,
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

fn room() -> Courtroom {
    Courtroom {
        id: Uuid::now_v7(),
        court_ou: OuCode::parse(COURT).unwrap(),
        name: "Court 1".into(),
        youth_suitable: false,
        secure_dock: true,
    }
}

fn sitting(room: &Courtroom, session: Session, capacity: Capacity) -> Sitting {
    Sitting {
        id: Uuid::now_v7(),
        court_ou: room.court_ou.clone(),
        courtroom_id: room.id,
        date: date(2026, 12, 1),
        start_time: session.default_start().into(),
        session,
        kind: SittingKind::Mixed,
        judiciary: vec!["DJ Nowak".into()],
        capacity,
        pattern_id: None,
    }
}

/// A case with one hearing (court, date, status, sitting, estimate) and maybe a running CTL.
async fn case(
    db: &Db,
    w: &World,
    urn: &str,
    hearing: (&str, &str, &str, Option<Uuid>, Option<i64>),
    status: &str,
    ctl: Option<&str>,
) -> Uuid {
    let mut p = projection(Uuid::now_v7(), urn, w.cps, w.force);
    p.status = status.into();
    let d = defendant(&format!("Defendant {urn}"), None, None, None);
    if let Some(e) = ctl {
        p.custody_time_limits.push(CtlRow {
            defendant_id: d.defendant_id,
            offence_id: Uuid::now_v7(),
            expiry_date: e.into(),
        });
    }
    p.defendants.push(d);
    let (court, day, hstatus, sitting_id, estimate) = hearing;
    p.hearings.push(HearingRow {
        hearing_id: Uuid::now_v7(),
        court_ou: court.into(),
        hearing_date: day.into(),
        hearing_type: "PLE".into(),
        status: hstatus.into(),
        sitting_id,
        start_time: sitting_id.map(|_| "10:00".into()),
        estimate_minutes: estimate,
        warned_from: None,
        warned_to: None,
    });
    create_case(&db.store, w, p).await
}

async fn utilisation_unlisted_cases_and_ctl_expiries_of_a_court(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let one = room();
    s.create_courtroom(&one, &by(&w, 1)).await.unwrap();
    let morning = sitting(&one, Session::Morning, Capacity::Minutes(60));
    let afternoon = sitting(&one, Session::Afternoon, Capacity::Cases(1));
    s.create_sittings(&[morning.clone(), afternoon.clone()], None, &by(&w, 2))
        .await
        .unwrap();
    let d1 = "2026-12-01";
    let a = case(
        &db,
        &w,
        "01AB3000001",
        (COURT, d1, "listed", Some(morning.id), Some(45)),
        "active",
        Some("2026-12-05"),
    )
    .await;
    case(
        &db,
        &w,
        "01AB3000002",
        (COURT, d1, "listed", Some(morning.id), Some(30)),
        "active",
        None,
    )
    .await;
    case(
        &db,
        &w,
        "01AB3000003",
        (COURT, d1, "listed", Some(afternoon.id), Some(20)),
        "active",
        Some("2027-01-30"),
    )
    .await;
    let waiting = case(
        &db,
        &w,
        "01AB3000004",
        (COURT, "2026-12-03", "listed", None, None),
        "active",
        Some("2026-12-09"),
    )
    .await;
    let vacated = case(
        &db,
        &w,
        "01AB3000005",
        (COURT, "2026-11-20", "vacated", None, None),
        "active",
        None,
    )
    .await;
    case(
        &db,
        &w,
        "01AB3000006",
        (COURT, "2026-11-20", "resulted", None, None),
        "concluded",
        None,
    )
    .await;
    case(
        &db,
        &w,
        "01AB3000007",
        ("B43AQ00", "2026-11-20", "vacated", None, None),
        "active",
        None,
    )
    .await;
    let hidden = case(
        &db,
        &w,
        "01AB3000008",
        (COURT, "2026-12-04", "listed", None, None),
        "active",
        None,
    )
    .await;

    let days = s
        .utilisation(COURT, date(2026, 12, 1), date(2026, 12, 2))
        .await
        .unwrap();
    assert_eq!(
        days,
        [
            WorkloadDay {
                date: date(2026, 12, 1),
                sittings: 2,
                capacity_minutes: 60,
                capacity_cases: 1,
                listed_cases: 3,
                listed_minutes: 95,
                over_listed: 1,
            },
            WorkloadDay {
                date: date(2026, 12, 2),
                ..Default::default()
            },
        ]
    );

    let got = s
        .workload_cases(
            COURT,
            date(2026, 11, 30),
            (date(2026, 12, 1), date(2026, 12, 31)),
            by(&w, 9),
            |r| Ok::<_, StoreError>((r.case_id != hidden).then_some(r.case_id)),
        )
        .await
        .unwrap();
    let unlisted: Vec<(Uuid, UnlistedReason, &str)> = got
        .unlisted
        .iter()
        .map(|r| (r.case_id, r.reason, r.hearing_date.as_str()))
        .collect();
    assert_eq!(
        unlisted,
        [
            (waiting, UnlistedReason::AwaitingSitting, "2026-12-03"),
            (vacated, UnlistedReason::NothingListed, "2026-11-20"),
        ]
    );
    assert_eq!(got.unlisted[0].defendant_names, ["Defendant 01AB3000004"]);
    let ctls: Vec<(Uuid, &str)> = got
        .ctls
        .iter()
        .map(|c| (c.case_id, c.expiry_date.as_str()))
        .collect();
    assert_eq!(ctls, [(a, "2026-12-05"), (waiting, "2026-12-09")]);
    let mut seen: Vec<Uuid> = got.cases.clone();
    seen.sort();
    let mut expected = vec![a, waiting, vacated];
    expected.sort();
    assert_eq!(
        seen, expected,
        "each case once, the undisclosed one left out"
    );
    let hits: Vec<Option<Uuid>> = log_of(s, &w, w.lister)
        .await
        .into_iter()
        .filter(|r| r.entry.action == "list_hit")
        .map(|r| r.entry.case_id)
        .collect();
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert!(!hits.contains(&Some(hidden)));
}

async fn sittings_change_by_version_and_cancel_only_when_empty(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let one = room();
    s.create_courtroom(&one, &by(&w, 1)).await.unwrap();
    let morning = sitting(&one, Session::Morning, Capacity::Minutes(60));
    let afternoon = sitting(&one, Session::Afternoon, Capacity::Cases(10));
    s.create_sittings(&[morning.clone(), afternoon.clone()], None, &by(&w, 2))
        .await
        .unwrap();
    assert_eq!(s.sitting(morning.id).await.unwrap().unwrap().version, 1);

    let mut bench = morning.clone();
    bench.judiciary = vec!["HHJ Evans".into()];
    assert_eq!(
        s.change_sitting(&bench, 1, false, &by(&w, 3))
            .await
            .unwrap(),
        2
    );
    let mut other = morning.clone();
    other.capacity = Capacity::Minutes(90);
    let err = s.change_sitting(&other, 1, false, &by(&w, 4)).await;
    assert!(
        matches!(
            err,
            Err(StoreError::Conflict {
                expected: 1,
                actual: 2
            })
        ),
        "{err:?}"
    );
    let row = s.sitting(morning.id).await.unwrap().unwrap();
    assert_eq!(
        (row.placement.sitting, row.version),
        (bench.clone(), 2),
        "the second change wrote nothing"
    );
    assert_eq!(row.stamp.updated_by, Some(w.lister));

    // Into the afternoon the room already sits in: refused by the index.
    let mut clash = bench.clone();
    clash.session = Session::Afternoon;
    clash.start_time = "14:00".into();
    assert!(matches!(
        s.change_sitting(&clash, 2, true, &by(&w, 5)).await,
        Err(StoreError::Duplicate(_))
    ));

    case(
        &db,
        &w,
        "01AB3000011",
        (COURT, "2026-12-01", "listed", Some(afternoon.id), Some(20)),
        "active",
        None,
    )
    .await;
    assert!(matches!(
        s.cancel_sitting(afternoon.id, 1, &by(&w, 6)).await,
        Err(StoreError::Invalid(_))
    ));
    // Moving a sitting someone has just listed a hearing in is refused in the same statement;
    // its bench may still change.
    let mut later = afternoon.clone();
    later.start_time = "14:30".into();
    assert!(matches!(
        s.change_sitting(&later, 1, true, &by(&w, 6)).await,
        Err(StoreError::Invalid(_))
    ));
    let mut benched = afternoon.clone();
    benched.judiciary = vec!["DJ Patel".into()];
    assert_eq!(
        s.change_sitting(&benched, 1, false, &by(&w, 6))
            .await
            .unwrap(),
        2
    );
    assert!(matches!(
        s.cancel_sitting(morning.id, 1, &by(&w, 7)).await,
        Err(StoreError::Conflict { .. })
    ));
    s.cancel_sitting(morning.id, 2, &by(&w, 8)).await.unwrap();
    assert!(s.sitting(morning.id).await.unwrap().is_none());
    assert!(matches!(
        s.cancel_sitting(morning.id, 3, &by(&w, 9)).await,
        Err(StoreError::NotFound)
    ));
    // The room can sit that morning again.
    let again = sitting(&one, Session::Morning, Capacity::Cases(5));
    s.create_sittings(std::slice::from_ref(&again), None, &by(&w, 10))
        .await
        .unwrap();
    let ids: Vec<Uuid> = s
        .sittings(COURT, "2026-12-01", "2026-12-01")
        .await
        .unwrap()
        .iter()
        .map(|r| r.placement.sitting.id)
        .collect();
    assert_eq!(ids, [again.id, afternoon.id]);
    let actions: Vec<String> = log_of(s, &w, w.lister)
        .await
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "sitting_updated").count(),
        2,
        "the two changes applied, not the refused ones"
    );
    assert_eq!(
        actions.iter().filter(|a| *a == "sitting_cancelled").count(),
        1
    );

    let pattern = SittingPattern {
        id: Uuid::now_v7(),
        court_ou: one.court_ou.clone(),
        courtroom_id: one.id,
        weekdays: vec![Day::Monday, Day::Thursday],
        start_time: "10:00".into(),
        session: Session::Morning,
        kind: SittingKind::Remand,
        judiciary: vec!["DJ Nowak".into()],
        capacity: Capacity::Cases(30),
        from: date(2027, 1, 4),
        until: date(2027, 1, 4),
    };
    let first = Sitting {
        id: Uuid::now_v7(),
        date: date(2027, 1, 4),
        pattern_id: Some(pattern.id),
        ..again
    };
    s.create_sittings(&[first], Some(&pattern), &by(&w, 11))
        .await
        .unwrap();
    let patterns = s.sitting_patterns(COURT).await.unwrap();
    assert_eq!(patterns.len(), 1);
    assert_eq!(
        (&patterns[0].0, patterns[0].1.created_by),
        (&pattern, w.lister)
    );
    assert!(s.sitting_patterns("B01LY01").await.unwrap().is_empty());
}
