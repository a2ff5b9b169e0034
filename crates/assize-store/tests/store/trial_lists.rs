//! Trial lists: the warned list (periods overlapping the range) and the firm list (fixed dates in
//! it) of one court, trials only, listed only, with names, custody, the earliest custody time
//! limit and the courtroom of a placed trial; only the disclosed cases, each access-logged.

use assize_domain::ids::OuCode;
use assize_domain::listing::{Capacity, Courtroom, Session, Sitting, SittingKind};
use assize_store::*;
use jiff::civil::date;
use serde_json::json;
use uuid::Uuid;

use crate::{Db, World, at, create_case, defendant, log_of, projection, world};

crate::both!(warned_and_firm_trials_of_a_court_for_a_range);

const COURT: &str = "B01LY00";

fn by(w: &World) -> SearchLog {
    SearchLog {
        user_id: w.lister,
        org_id: w.court,
        at: at(600),
        correlation_id: Uuid::new_v4(),
    }
}

/// Keep every case, by id (the caller's decision when it may read them all).
fn keep(c: StoredCase) -> Result<Option<Uuid>, StoreError> {
    Ok(Some(c.case_id))
}

/// (URN, court, hearing type, status, date, warned period)
type Trial<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<(&'a str, &'a str)>,
);

async fn warned_and_firm_trials_of_a_court_for_a_range(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let room = Courtroom {
        id: Uuid::now_v7(),
        court_ou: OuCode::parse(COURT).unwrap(),
        name: "Court 4".into(),
        youth_suitable: false,
        secure_dock: true,
    };
    s.create_courtroom(&room, &by(&w)).await.unwrap();
    let sitting = Sitting {
        id: Uuid::now_v7(),
        court_ou: room.court_ou.clone(),
        courtroom_id: room.id,
        date: date(2026, 5, 6),
        start_time: "10:00".into(),
        session: Session::AllDay,
        kind: SittingKind::Trial,
        judiciary: vec![],
        capacity: Capacity::Minutes(300),
        pattern_id: None,
    };
    s.create_sittings(std::slice::from_ref(&sitting), None, &by(&w))
        .await
        .unwrap();
    let trials: [Trial; 7] = [
        (
            "01AB3000001",
            COURT,
            "TRIAL",
            "listed",
            "2026-05-04",
            Some(("2026-05-04", "2026-05-08")),
        ),
        ("01AB3000002", COURT, "TRIAL", "listed", "2026-05-06", None),
        ("01AB3000003", COURT, "FH", "listed", "2026-05-06", None),
        (
            "01AB3000004",
            COURT,
            "TRIAL",
            "listed",
            "2026-04-27",
            Some(("2026-04-27", "2026-05-01")),
        ),
        (
            "01AB3000005",
            "B43AQ00",
            "TRIAL",
            "listed",
            "2026-05-06",
            None,
        ),
        ("01AB3000006", COURT, "TRIAL", "vacated", "2026-05-07", None),
        (
            "01AB3000007",
            COURT,
            "TRIAL",
            "listed",
            "2026-04-30",
            Some(("2026-04-30", "2026-05-05")),
        ),
    ];
    let mut ids = Vec::new();
    for (n, (urn, court, kind, status, day, warned)) in trials.into_iter().enumerate() {
        let mut p = projection(Uuid::now_v7(), urn, w.cps, w.force);
        let d = defendant(&format!("Person {urn}"), None, None, None);
        if n == 1 {
            p.state = json!({ "urn": urn, "defendants": [{ "custody_status": "in_custody" }] });
            for expiry in ["2026-06-30", "2026-06-01"] {
                p.custody_time_limits.push(CtlRow {
                    defendant_id: d.defendant_id,
                    offence_id: Uuid::new_v4(),
                    expiry_date: expiry.into(),
                });
            }
        }
        p.defendants.push(d);
        p.hearings.push(HearingRow {
            hearing_id: Uuid::now_v7(),
            court_ou: court.into(),
            hearing_date: day.into(),
            hearing_type: kind.into(),
            status: status.into(),
            sitting_id: (n == 1).then_some(sitting.id),
            start_time: (n == 1).then(|| "10:00".into()),
            estimate_minutes: (n == 1).then_some(300),
            warned_from: warned.map(|(f, _)| f.into()),
            warned_to: warned.map(|(_, t)| t.into()),
        });
        ids.push(create_case(s, &w, p).await);
    }
    let lists = s
        .trial_lists_for(COURT, "2026-05-04", "2026-05-10", by(&w), keep)
        .await
        .unwrap();
    let urns = |rows: &[TrialListRow]| rows.iter().map(|r| r.urn.clone()).collect::<Vec<_>>();
    assert_eq!(
        urns(&lists.warned),
        ["01AB3000007", "01AB3000001"],
        "overlapping periods, by date"
    );
    assert_eq!(
        urns(&lists.firm),
        ["01AB3000002"],
        "trials only, listed only, this court only"
    );
    let firm = &lists.firm[0];
    assert_eq!(
        (firm.courtroom.as_deref(), firm.start_time.as_deref()),
        (Some("Court 4"), Some("10:00"))
    );
    assert_eq!(
        firm.ctl_expiry.as_deref(),
        Some("2026-06-01"),
        "the earliest"
    );
    let warned = &lists.warned[1];
    assert_eq!(
        (warned.warned_from.as_deref(), warned.warned_to.as_deref()),
        (Some("2026-05-04"), Some("2026-05-08"))
    );
    assert_eq!(
        lists.cases,
        [ids[0], ids[1], ids[6]],
        "each case shown once, by URN"
    );
    let logged = log_of(s, &w, w.lister).await;
    let hit = |case: Uuid| {
        logged
            .iter()
            .any(|e| e.entry.case_id == Some(case) && e.entry.action == "list_hit")
    };
    assert!(
        hit(ids[0]) && hit(ids[1]) && hit(ids[6]),
        "every case shown is logged"
    );
    assert!(
        !hit(ids[2]) && !hit(ids[3]) && !hit(ids[4]),
        "cases not shown are not"
    );
    // What the caller may not read is neither shown nor logged.
    let hidden = ids[0];
    let hits_of = |logged: &[AccessLogRow], case: Uuid| {
        logged
            .iter()
            .filter(|e| e.entry.case_id == Some(case) && e.entry.action == "list_hit")
            .count()
    };
    let before = log_of(s, &w, w.lister).await;
    let lists = s
        .trial_lists_for(COURT, "2026-05-04", "2026-05-10", by(&w), |c| {
            Ok::<_, StoreError>((c.case_id != hidden).then_some(c.case_id))
        })
        .await
        .unwrap();
    assert_eq!(urns(&lists.warned), ["01AB3000007"]);
    assert_eq!(lists.cases, [ids[1], ids[6]]);
    let after = log_of(s, &w, w.lister).await;
    assert_eq!(
        hits_of(&after, hidden),
        hits_of(&before, hidden),
        "the hidden case is not logged"
    );
    assert_eq!(hits_of(&after, ids[6]), hits_of(&before, ids[6]) + 1);
    // The caller's error stops the read and is returned as it is.
    let refused = s
        .trial_lists_for(COURT, "2026-05-04", "2026-05-10", by(&w), |_| {
            Err::<Option<()>, _>(StoreError::Corrupt("refused".into()))
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Corrupt(m)) if m == "refused"));
    let empty = s
        .trial_lists_for(COURT, "2027-01-01", "2027-01-31", by(&w), keep)
        .await
        .unwrap();
    assert!(empty.warned.is_empty() && empty.firm.is_empty());
}
