//! Work lists: a court's hearings by date and status, custody time limits by expiry date, both
//! limited to the courts asked for and recorded in the access log.

use assize_store::*;
use uuid::Uuid;

use crate::{Db, at, create_case, defendant, log_of, projection, world};

crate::both!(hearings_and_ctls_by_court_and_date);

fn log(user: Uuid, org: Uuid) -> SearchLog {
    SearchLog {
        user_id: user,
        org_id: org,
        at: at(500),
        correlation_id: Uuid::new_v4(),
    }
}

async fn hearings_and_ctls_by_court_and_date(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let mut ids = Vec::new();
    for (urn, court, date, status, expiry) in [
        (
            "01AB2000001",
            "B01LY00",
            "2026-05-01",
            "listed",
            Some("2026-05-10"),
        ),
        (
            "01AB2000002",
            "B01LY00",
            "2026-05-01",
            "resulted",
            Some("2026-06-30"),
        ),
        ("01AB2000003", "B01LY00", "2026-04-20", "listed", None),
        (
            "01AB2000004",
            "B43AQ00",
            "2026-05-01",
            "listed",
            Some("2026-05-02"),
        ),
    ] {
        let mut p = projection(Uuid::new_v4(), urn, w.cps, w.force);
        let d = defendant(&format!("Person {urn}"), None, None, None);
        if let Some(e) = expiry {
            p.custody_time_limits.push(CtlRow {
                defendant_id: d.defendant_id,
                offence_id: Uuid::new_v4(),
                expiry_date: e.into(),
            });
        }
        p.defendants.push(d);
        p.court_ou = Some(court.into());
        p.hearings.push(HearingRow {
            hearing_id: Uuid::new_v4(),
            court_ou: court.into(),
            hearing_date: date.into(),
            hearing_type: "FH".into(),
            status: status.into(),
            sitting_id: None,
            start_time: None,
            estimate_minutes: None,
            warned_from: None,
            warned_to: None,
        });
        ids.push(create_case(s, &w, p).await);
    }
    let courts = vec!["B01LY00".to_string()];
    let day = s
        .hearings(
            &HearingFilter {
                court_ous: courts.clone(),
                from: "2026-05-01".into(),
                to: "2026-05-01".into(),
                status: None,
                limit: 50,
            },
            log(w.lister, w.court),
        )
        .await
        .unwrap();
    assert_eq!(
        day.iter().map(|h| h.urn.as_str()).collect::<Vec<_>>(),
        ["01AB2000001", "01AB2000002"]
    );
    assert_eq!(day[0].defendant_names, ["Person 01AB2000001"]);
    let unresulted = s
        .hearings(
            &HearingFilter {
                court_ous: courts.clone(),
                from: "0000-01-01".into(),
                to: "2026-05-01".into(),
                status: Some("listed".into()),
                limit: 50,
            },
            log(w.lister, w.court),
        )
        .await
        .unwrap();
    assert_eq!(
        unresulted
            .iter()
            .map(|h| h.urn.as_str())
            .collect::<Vec<_>>(),
        ["01AB2000003", "01AB2000001"],
        "by date, then URN"
    );
    let ctls = s
        .ctls_expiring(&courts, "2026-05-31", 50, log(w.lister, w.court))
        .await
        .unwrap();
    assert_eq!(
        ctls.iter().map(|c| c.urn.as_str()).collect::<Vec<_>>(),
        ["01AB2000001"],
        "the other court's and the later expiry are not listed"
    );
    assert!(
        s.ctls_expiring(&[], "2099-01-01", 50, log(w.lister, w.court))
            .await
            .unwrap()
            .is_empty()
    );
    let logged = log_of(s, &w, w.lister).await;
    for case in [ids[0], ids[1], ids[2]] {
        assert!(
            logged
                .iter()
                .any(|e| e.entry.case_id == Some(case) && e.entry.action == "list_hit"),
            "every listed case is access-logged"
        );
    }
    assert!(!logged.iter().any(|e| e.entry.case_id == Some(ids[3])));
}
