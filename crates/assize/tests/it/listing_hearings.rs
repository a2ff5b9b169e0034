//! Hearings listed into sittings over HTTP (suitability, double-booking, over-listing warnings),
//! moved with reasons and vacated; another court's listing officer cannot fill its sittings; bad
//! input changes nothing.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, B, LISTER, court_day, id_of, list, room, sitting, sittings_of, version};

#[tokio::test]
async fn hearings_are_listed_into_sittings_moved_and_vacated_with_reasons() {
    let app = TestApp::spawn().await;
    let (court2, court3) = (
        room(&app, A, LONDON_MAGS, "Court 2", false, true).await,
        room(&app, A, LONDON_MAGS, "Court 3", false, false).await,
    );
    let day = court_day(5);
    let trial = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &day,
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let mixed = sitting(
        &app,
        A,
        LONDON_MAGS,
        court3,
        &day,
        "afternoon",
        "mixed",
        json!({"minutes": 150}),
    )
    .await;
    let later = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &court_day(8),
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3000126",
            &[("Nia Evans", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let (other, _) = app
        .create_case(&case_json(
            "01AB3000226",
            &[("Ola Bakare", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let into = |sitting: Uuid, kind: &str| json!({"court_ou": LONDON_MAGS, "hearing_date": day, "hearing_type": kind, "sitting_id": sitting});

    // Bad input changes nothing: an unknown sitting, a sitting on another day, an estimate alone.
    let v = version(&app, case).await;
    for (body, field) in [
        (into(Uuid::now_v7(), "TRIAL"), "sitting_id"),
        (
            json!({"court_ou": LONDON_MAGS, "hearing_date": court_day(6), "hearing_type": "TRIAL", "sitting_id": trial}),
            "hearing_date",
        ),
        (
            json!({"court_ou": LONDON_MAGS, "hearing_date": day, "estimate_minutes": 30}),
            "estimate_minutes",
        ),
    ] {
        let r = list(&app, case, body).await;
        assert_eq!(
            (r.status, r.body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{}",
            r.body
        );
    }
    assert_eq!(version(&app, case).await, v, "nothing changed");

    let r = list(&app, case, into(trial, "TRIAL")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let hearing = id_of(&r.body["created_ids"][0]);
    assert!(r.body.get("warnings").is_none(), "room for it: {}", r.body);
    let view = app.court_view(case).await;
    let h = view["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == json!(hearing))
        .unwrap()
        .clone();
    assert_eq!(
        (
            h["slot"]["courtroom"].as_str(),
            h["slot"]["estimate_minutes"].as_i64()
        ),
        (Some("Court 2"), Some(180))
    );

    // A second trial over-lists the sitting: listed, with the warning.
    let r = list(&app, other, into(trial, "TRIAL")).await;
    assert_eq!(
        r.body["warnings"],
        json!(["over-listed by 60 minutes"]),
        "{}",
        r.body
    );
    let load = &sittings_of(&app, LONDON_MAGS, &day, &day).await[0]["load"];
    assert_eq!(load, &json!({"cases": 2, "minutes": 360}));

    // The same defendant cannot be in the afternoon court while their trial sits all day.
    let v = version(&app, case).await;
    let r = list(&app, case, into(mixed, "MNTN")).await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:double-booked",
        "{}",
        r.body
    );
    // The other case's defendant is in the all-day trial too.
    assert_eq!(
        list(&app, other, into(mixed, "TRIAL")).await.problem_type(),
        "urn:assize:problem:double-booked"
    );
    assert_eq!(version(&app, case).await, v);

    // Moving needs a reason and the current version; it goes to the new sitting.
    let path = format!("/api/v1/cases/{case}/hearings/{hearing}/move");
    let to_later = json!({"sitting_id": later, "reason": "Prosecution witness on holiday"});
    let r = app
        .change(
            LISTER,
            Method::POST,
            &path,
            v,
            Some(&json!({"sitting_id": later, "reason": " "})),
        )
        .await;
    assert_eq!(r.body["errors"][0]["field"], "reason", "{}", r.body);
    assert_eq!(
        app.change(LISTER, Method::POST, &path, v - 1, Some(&to_later))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let r = app
        .change(LISTER, Method::POST, &path, v, Some(&to_later))
        .await;
    assert_eq!(r.body["events"], json!(["hearing_moved"]), "{}", r.body);
    let h = &app.court_view(case).await["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == json!(hearing))
        .unwrap()
        .clone();
    assert_eq!(
        (h["hearing_date"].as_str(), h["slot"]["sitting_id"].clone()),
        (Some(court_day(8).as_str()), json!(later))
    );
    let events = app
        .get(LISTER, &format!("/api/v1/cases/{case}/events"))
        .await;
    let moved = events
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "hearing_moved")
        .unwrap()
        .clone();
    assert_eq!(moved["reason"], "Prosecution witness on holiday", "{moved}");

    // Vacating frees its place in the sitting.
    let v = version(&app, case).await;
    let r = app
        .change(
            LISTER,
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{hearing}/vacate"),
            v,
            Some(&json!({"reason": "Guilty plea entered in writing"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        sittings_of(&app, LONDON_MAGS, &court_day(8), &court_day(8)).await[0]["load"]["cases"],
        0
    );
}

#[tokio::test]
async fn another_courts_listing_officer_cannot_fill_a_courts_sittings() {
    let app = TestApp::spawn().await;
    let london = room(&app, A, LONDON_MAGS, "Court 1", false, true).await;
    let thames = room(&app, B, TV_MAGS, "Court 1", false, true).await;
    let day = court_day(3);
    let ours = sitting(
        &app,
        A,
        LONDON_MAGS,
        london,
        &day,
        "morning",
        "mixed",
        json!({"cases": 20}),
    )
    .await;
    let theirs = sitting(
        &app,
        B,
        TV_MAGS,
        thames,
        &day,
        "morning",
        "mixed",
        json!({"cases": 20}),
    )
    .await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB3000326",
            &[("Ray Quist", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let path = format!("/api/v1/cases/{case}/hearings");
    // Side A's listing officer may list the case, but not into Thames Valley's sitting.
    let there = json!({"court_ou": TV_MAGS, "hearing_date": day, "hearing_type": "MNTN", "sitting_id": theirs});
    assert_eq!(
        app.change(LISTER, Method::POST, &path, v, Some(&there))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Side B's listing officer cannot even see the case.
    let here = json!({"court_ou": LONDON_MAGS, "hearing_date": day, "hearing_type": "MNTN", "sitting_id": ours});
    assert_eq!(
        app.change(
            (Role::ListingOfficer, B),
            Method::POST,
            &path,
            v,
            Some(&here)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(version(&app, case).await, v, "nothing changed");
    assert_eq!(
        app.change(LISTER, Method::POST, &path, v, Some(&here))
            .await
            .status,
        StatusCode::OK
    );
}
