//! Proposals of sittings over HTTP (custody time limits, first appearance in custody, youth,
//! PTPH within 28 days of sending, dates to avoid, over-listing), and adjourning into a sitting.

use assize_domain::access::Role;
use jiff::ToSpan;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, B, LISTER, court_day, id_of, list, post, room, sitting, version};

async fn proposals(app: &TestApp, case: Uuid, hearing: Uuid) -> Value {
    let r = app
        .get(
            LISTER,
            &format!("/api/v1/cases/{case}/hearings/{hearing}/proposals"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

fn ids(p: &Value) -> Vec<Uuid> {
    p["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| id_of(&p["sitting_id"]))
        .collect()
}

pub async fn first_hearing(app: &TestApp, case: Uuid) -> Uuid {
    id_of(&app.court_view(case).await["case"]["hearings"][0]["id"])
}

#[tokio::test]
async fn proposals_keep_to_the_custody_time_limit_and_the_first_sitting_after_charge() {
    let app = TestApp::spawn().await;
    let (remand, trial_room, open_dock) = (
        room(&app, A, LONDON_MAGS, "Court 1", false, true).await,
        room(&app, A, LONDON_MAGS, "Court 2", false, true).await,
        room(&app, A, LONDON_MAGS, "Court 3", false, false).await,
    );
    let pattern = json!({"courtroom_id": remand, "session": "morning", "kind": "remand", "capacity": {"cases": 1},
                         "from": court_day(0), "until": court_day(4)});
    let r = post(
        &app,
        LISTER,
        &format!("/api/v1/courts/{LONDON_MAGS}/sitting-patterns"),
        pattern,
    )
    .await;
    let first_remand = id_of(&r.body["created"][0]["id"]);
    let before = sitting(
        &app,
        A,
        LONDON_MAGS,
        trial_room,
        &day(20),
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let after = sitting(
        &app,
        A,
        LONDON_MAGS,
        trial_room,
        &day(70),
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    sitting(
        &app,
        A,
        LONDON_MAGS,
        open_dock,
        &day(21),
        "all_day",
        "mixed",
        json!({"minutes": 300}),
    )
    .await;

    // In custody on a summary-only charge: 56 days to the start of the trial.
    let (case, _) = app
        .create_case(&case_json(
            "01AB3100126",
            &[("Idris Kaya", &["CJ88116"], "in_custody")],
        ))
        .await;
    let r = list(
        &app,
        case,
        json!({"court_ou": LONDON_MAGS, "hearing_date": day(30), "hearing_type": "TRIAL"}),
    )
    .await;
    let trial = id_of(&r.body["created_ids"][0]);
    let p = proposals(&app, case, trial).await;
    assert_eq!(p["deadlines"][0]["rule"], "custody-time-limit", "{p}");
    assert_eq!(p["deadlines"][0]["date"], day(56));
    assert_eq!(
        ids(&p),
        [before],
        "not after the CTL, not the remand court, not a room without a secure dock: {p}"
    );
    assert!(!ids(&p).contains(&after));

    // Another custody case fills the first remand court; ours is still offered it first, warned.
    let (other, _) = app
        .create_case(&case_json(
            "01AB3100226",
            &[("Jon Lund", &["CJ88116"], "in_custody")],
        ))
        .await;
    let (fh, v) = (first_hearing(&app, other).await, version(&app, other).await);
    let fill =
        json!({"sitting_id": first_remand, "reason": "Produced from custody to the remand court"});
    let r = app
        .change(
            LISTER,
            Method::POST,
            &format!("/api/v1/cases/{other}/hearings/{fh}/move"),
            v,
            Some(&fill),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = proposals(&app, case, first_hearing(&app, case).await).await;
    let deadline = p["deadlines"][0].clone();
    assert_eq!(deadline["rule"], "first-appearance-in-custody", "{p}");
    let offered = p["proposals"].as_array().unwrap();
    assert!(
        !offered.is_empty()
            && offered
                .iter()
                .all(|s| s["kind"] == "remand" && s["date"].as_str() <= deadline["date"].as_str()),
        "{p}"
    );
    assert_eq!(offered[0]["sitting_id"], json!(first_remand));
    assert_eq!(offered[0]["warnings"], json!(["over-listed by 1 case"]));

    // Only the court's own staff ask, and only about a hearing still listed.
    let path = format!("/api/v1/cases/{case}/hearings/{trial}/proposals");
    assert_eq!(
        app.get((Role::PoliceAdmin, A), &path).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get((Role::ListingOfficer, B), &path).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(LISTER, &format!("{path}?court_ou={TV_MAGS}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(LISTER, &format!("{path}?limit=0")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn youth_cases_go_to_the_youth_court_and_the_ptph_within_28_days_of_sending() {
    let app = TestApp::spawn().await;
    let youth_room = room(&app, A, LONDON_MAGS, "Youth Court", true, true).await;
    let adult_room = room(&app, A, LONDON_MAGS, "Court 5", false, true).await;
    let youth = sitting(
        &app,
        A,
        LONDON_MAGS,
        youth_room,
        &day(10),
        "morning",
        "youth",
        json!({"cases": 12}),
    )
    .await;
    sitting(
        &app,
        A,
        LONDON_MAGS,
        adult_room,
        &day(9),
        "morning",
        "mixed",
        json!({"cases": 12}),
    )
    .await;
    let mut body = case_json(
        "01AB3100326",
        &[("Kit Moss", &["TH68010"], "conditional_bail")],
    );
    let dob = assize_api::config::court_today()
        .checked_sub(16.years())
        .unwrap();
    body["defendants"][0]["date_of_birth"] = json!(dob.to_string());
    let (kid, _) = app.create_case(&body).await;
    assert_eq!(
        ids(&proposals(&app, kid, first_hearing(&app, kid).await).await),
        [youth]
    );

    // Sent to the Crown Court in custody and adjourned straight into a sitting there.
    let crown = room(&app, A, LONDON_CROWN, "Court 1", false, true).await;
    let (x, y, z) = (
        sitting(
            &app,
            A,
            LONDON_CROWN,
            crown,
            &day(14),
            "all_day",
            "mixed",
            json!({"minutes": 300}),
        )
        .await,
        sitting(
            &app,
            A,
            LONDON_CROWN,
            crown,
            &day(21),
            "all_day",
            "mixed",
            json!({"minutes": 300}),
        )
        .await,
        sitting(
            &app,
            A,
            LONDON_CROWN,
            crown,
            &day(35),
            "all_day",
            "mixed",
            json!({"minutes": 300}),
        )
        .await,
    );
    let (case, v) = app
        .create_case(&case_json(
            "01AB3100426",
            &[("Lee Nash", &["OF61016"], "in_custody")],
        ))
        .await;
    let view = app.court_view(case).await;
    let (d, h) = (
        view["case"]["defendants"][0]["id"].clone(),
        first_hearing(&app, case).await,
    );
    let send = json!({"defendants": [{"defendant_id": d, "attendance": "in_person", "sending": {"crown_court_ou": LONDON_CROWN},
                        "bail": {"status": "in_custody"}}],
                      "adjournment": {"reason": "Sent for trial", "next_hearing": {"court_ou": LONDON_CROWN, "hearing_date": day(14), "hearing_type": "PDH", "sitting_id": x}}});
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{h}/outcome"),
            v,
            Some(&send),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ptph = id_of(&r.body["created_ids"][0]);
    let view = app.court_view(case).await;
    let listed = view["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == json!(ptph))
        .unwrap()
        .clone();
    assert_eq!(listed["slot"]["sitting_id"], json!(x));
    // To move it: not where it is, not after 28 days from sending.
    let p = proposals(&app, case, ptph).await;
    assert_eq!(
        (
            p["deadlines"][0]["rule"].as_str(),
            p["deadlines"][0]["date"].as_str()
        ),
        (Some("ptph-28-days"), Some(day(28).as_str()))
    );
    assert_eq!(ids(&p), [y]);
    assert!(!ids(&p).contains(&z));

    // The defence advocate cannot do that day: noted, and no longer proposed.
    let note = json!({"party": "defence_advocate", "defendant_id": d, "from": day(21), "to": day(21), "reason": "In a trial at Snaresbrook"});
    let v = version(&app, case).await;
    let path = format!("/api/v1/cases/{case}/dates-to-avoid");
    let bad = json!({"party": "defence_advocate", "from": day(21), "to": day(20), "reason": ""});
    let r = app.change(LISTER, Method::POST, &path, v, Some(&bad)).await;
    assert_eq!(
        r.body["errors"].as_array().map(Vec::len),
        Some(3),
        "{}",
        r.body
    );
    assert_eq!(
        app.change(LISTER, Method::POST, &path, v, Some(&note))
            .await
            .status,
        StatusCode::OK
    );
    assert!(ids(&proposals(&app, case, ptph).await).is_empty());
}
