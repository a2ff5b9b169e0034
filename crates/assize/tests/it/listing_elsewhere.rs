//! Double-booking across cases: a person charged in two cases (the same PNC ID) cannot be listed
//! in two courtrooms at once, whichever case is being listed, moved or sent in; the two cases
//! may be heard together in one sitting. The refusal names the PNC ID, court and time, never
//! the other case. Bad input changes nothing.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, LISTER, court_day, id_of, list, room, sitting, version};

fn pnc(serial: u32) -> String {
    assize_domain::ids::PncId::generate(2005, 2000 + serial)
        .as_str()
        .to_string()
}

/// A bail case of one defendant with this PNC ID.
fn case_of(urn: &str, name: &str, pnc_id: &str) -> Value {
    let mut body = case_json(urn, &[(name, &["TH68010"], "conditional_bail")]);
    body["defendants"][0]["pnc_id"] = json!(pnc_id);
    body
}

#[tokio::test]
async fn one_person_is_never_listed_in_two_courtrooms_at_once_across_their_cases() {
    let app = TestApp::spawn().await;
    let (court2, court3) = (
        room(&app, A, LONDON_MAGS, "Court 2", false, false).await,
        room(&app, A, LONDON_MAGS, "Court 3", false, false).await,
    );
    let day = court_day(4);
    let cap = json!({"minutes": 150});
    let morning2 = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &day,
        "morning",
        "mixed",
        cap.clone(),
    )
    .await;
    let morning3 = sitting(
        &app,
        A,
        LONDON_MAGS,
        court3,
        &day,
        "morning",
        "mixed",
        cap.clone(),
    )
    .await;
    let afternoon3 = sitting(
        &app,
        A,
        LONDON_MAGS,
        court3,
        &day,
        "afternoon",
        "mixed",
        cap,
    )
    .await;
    let (same, other) = (pnc(1), pnc(2));
    let (first, _) = app
        .create_case(&case_of("01AB3100126", "Rhys Price", &same))
        .await;
    let (second, _) = app
        .create_case(&case_of("01AB3100226", "Rhys Price", &same))
        .await;
    let (stranger, _) = app
        .create_case(&case_of("01AB3100326", "Tom Lee", &other))
        .await;
    let into = |s: Uuid| json!({"court_ou": LONDON_MAGS, "hearing_date": day, "hearing_type": "MNTN", "sitting_id": s});

    let r = list(&app, first, into(morning2)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let first_hearing = id_of(&r.body["created_ids"][0]);

    // The same person in the other morning courtroom: refused, and nothing changes.
    let v = version(&app, second).await;
    let r = list(&app, second, into(morning3)).await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:double-booked",
        "{}",
        r.body
    );
    let detail = r.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(&same) && detail.contains("10:00"),
        "{detail}"
    );
    assert!(
        !detail.contains("01AB3100126"),
        "the other case is not named: {detail}"
    );
    assert_eq!(version(&app, second).await, v, "nothing changed");

    // Proposals for the other case offer the shared sitting, not the clashing one.
    let fh = crate::listing_proposals::first_hearing(&app, second).await;
    let r = app
        .get(
            LISTER,
            &format!("/api/v1/cases/{second}/hearings/{fh}/proposals?limit=50"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let offered: Vec<Uuid> = r.body["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| id_of(&p["sitting_id"]))
        .collect();
    assert!(
        offered.contains(&morning2) && !offered.contains(&morning3),
        "{offered:?}"
    );

    // Someone else may sit there; the same person may be heard that afternoon, or with their
    // other case in the same sitting.
    assert_eq!(
        list(&app, stranger, into(morning3)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        list(&app, second, into(afternoon3)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        list(&app, second, into(morning2)).await.status,
        StatusCode::OK
    );

    // Moving the first case's hearing away from its linked case into the other room clashes.
    let v = version(&app, first).await;
    let r = app
        .change(
            LISTER,
            Method::POST,
            &format!("/api/v1/cases/{first}/hearings/{first_hearing}/move"),
            v,
            Some(&json!({"sitting_id": morning3, "reason": "Room change"})),
        )
        .await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:double-booked",
        "{}",
        r.body
    );
    assert_eq!(version(&app, first).await, v);

    // A new charge for the same person, sent in for the other morning room, is refused too.
    let mut fresh = case_of("01AB3100426", "Rhys Price", &same);
    fresh["first_hearing"] =
        json!({"court_ou": LONDON_MAGS, "hearing_date": day, "sitting_id": morning3});
    let r = app
        .call(
            (Role::PoliceAdmin, A),
            Method::POST,
            "/api/v1/cases",
            Some(&fresh),
            &[],
        )
        .await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:double-booked",
        "{}",
        r.body
    );
    fresh["first_hearing"]["sitting_id"] = json!(morning2);
    let r = app
        .call(
            (Role::PoliceAdmin, A),
            Method::POST,
            "/api/v1/cases",
            Some(&fresh),
            &[],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "heard with the others: {}",
        r.body
    );
}
