//! Listing over HTTP: a court's own staff set up its courtrooms and sittings (others are refused,
//! bad input changes nothing), and the helpers the other listing tests share.

use assize_domain::access::Role;
use assize_domain::listing::{is_court_day, next_court_day};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

pub const A: Side = Side::A;
pub const B: Side = Side::B;
pub const ADMIN: (Role, Side) = (Role::CourtAdmin, A);
pub const LISTER: (Role, Side) = (Role::ListingOfficer, A);

/// The `n`th ordinary court day from today (0: today, if courts sit today).
pub fn court_day(n: usize) -> String {
    let mut d = assize_api::config::court_today();
    if !is_court_day(d) {
        d = next_court_day(d);
    }
    for _ in 0..n {
        d = next_court_day(d);
    }
    d.to_string()
}

pub fn id_of(v: &Value) -> Uuid {
    v.as_str()
        .unwrap_or_else(|| panic!("an id, not {v}"))
        .parse()
        .unwrap()
}

pub async fn post(app: &TestApp, who: (Role, Side), path: &str, body: Value) -> Resp {
    app.call(who, Method::POST, path, Some(&body), &[]).await
}

/// A courtroom of `ou`, added by its court admin.
pub async fn room(
    app: &TestApp,
    side: Side,
    ou: &str,
    name: &str,
    youth: bool,
    dock: bool,
) -> Uuid {
    let body = json!({"name": name, "youth_suitable": youth, "secure_dock": dock});
    let r = post(
        app,
        (Role::CourtAdmin, side),
        &format!("/api/v1/courts/{ou}/courtrooms"),
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    id_of(&r.body["id"])
}

/// A sitting of `ou`, set up by its listing officer.
#[allow(clippy::too_many_arguments)]
pub async fn sitting(
    app: &TestApp,
    side: Side,
    ou: &str,
    room: Uuid,
    date: &str,
    session: &str,
    kind: &str,
    capacity: Value,
) -> Uuid {
    let body = json!({"courtroom_id": room, "date": date, "session": session, "kind": kind,
                      "judiciary": ["District Judge (MC) Ńowak"], "capacity": capacity});
    let r = post(
        app,
        (Role::ListingOfficer, side),
        &format!("/api/v1/courts/{ou}/sittings"),
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    id_of(&r.body["id"])
}

pub async fn version(app: &TestApp, case: Uuid) -> i64 {
    app.court_view(case).await["version"].as_i64().unwrap()
}

/// List a hearing of `case` as the side-A listing officer.
pub async fn list(app: &TestApp, case: Uuid, body: Value) -> Resp {
    let v = version(app, case).await;
    app.change(
        LISTER,
        Method::POST,
        &format!("/api/v1/cases/{case}/hearings"),
        v,
        Some(&body),
    )
    .await
}

pub async fn sittings_of(app: &TestApp, ou: &str, from: &str, to: &str) -> Vec<Value> {
    let r = app
        .get(
            LISTER,
            &format!("/api/v1/courts/{ou}/sittings?from={from}&to={to}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_courts_own_staff_set_up_its_courtrooms_and_sittings() {
    let app = TestApp::spawn().await;
    let rooms = format!("/api/v1/courts/{LONDON_MAGS}/courtrooms");
    let one = json!({"name": "Court 1", "secure_dock": true});
    for (who, status) in [
        (LISTER, StatusCode::FORBIDDEN),
        ((Role::CourtAdmin, B), StatusCode::FORBIDDEN),
        ((Role::PoliceAdmin, A), StatusCode::FORBIDDEN),
    ] {
        assert_eq!(
            post(&app, who, &rooms, one.clone()).await.status,
            status,
            "{who:?}"
        );
    }
    assert_eq!(
        post(
            &app,
            ADMIN,
            "/api/v1/courts/B99ZZ99/courtrooms",
            one.clone()
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let court1 = room(&app, A, LONDON_MAGS, "Court 1", false, true).await;
    let again = post(&app, ADMIN, &rooms, one.clone()).await;
    assert_eq!(
        (again.status, again.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let blank = post(&app, ADMIN, &rooms, json!({"name": " ", "colour": "red"})).await;
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown field refused"
    );
    let listed = app.get((Role::DefenceSolicitor, B), &rooms).await;
    assert_eq!(
        listed.body.as_array().map(Vec::len),
        Some(1),
        "the estate is public: {}",
        listed.body
    );

    // A fortnight of remand courts from a pattern, skipping weekends and bank holidays.
    let patterns = format!("/api/v1/courts/{LONDON_MAGS}/sitting-patterns");
    let pattern = json!({"courtroom_id": court1, "session": "morning", "kind": "remand",
        "judiciary": ["Ms A. Okafor JP", "Mr B. Jones JP"], "capacity": {"cases": 25},
        "from": court_day(0), "until": court_day(9)});
    assert_eq!(
        post(&app, (Role::ListingOfficer, B), &patterns, pattern.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let made = post(&app, LISTER, &patterns, pattern.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(
        made.body["created"].as_array().unwrap().len(),
        10,
        "ten court days"
    );
    assert!(
        made.body["created"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["kind"] == "remand" && s["end_time"] == "13:00")
    );
    // The same again: the room already sits then, so every day is skipped and nothing doubles.
    let twice = post(&app, LISTER, &patterns, pattern).await;
    assert_eq!(
        (
            twice.body["created"].as_array().unwrap().len(),
            twice.body["skipped"].as_array().unwrap().len()
        ),
        (0, 10)
    );

    // One sitting, checked field by field; a refused one leaves nothing behind.
    let sittings = format!("/api/v1/courts/{LONDON_MAGS}/sittings");
    let bad = json!({"courtroom_id": court1, "date": court_day(2), "start_time": "25:00", "session": "afternoon",
                     "kind": "youth", "capacity": {"minutes": 0}});
    let r = post(&app, LISTER, &sittings, bad).await;
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["kind", "start_time", "capacity.minutes"],
        "{}",
        r.body
    );
    let clash = json!({"courtroom_id": court1, "date": court_day(2), "session": "all_day", "kind": "trial", "capacity": {"minutes": 300}});
    let r = post(&app, LISTER, &sittings, clash).await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:courtroom-already-sitting",
        "{}",
        r.body
    );
    let all = sittings_of(&app, LONDON_MAGS, &court_day(0), &court_day(9)).await;
    assert_eq!(all.len(), 10);
    let range = app
        .get(
            LISTER,
            &format!("{sittings}?from={}&to={}", court_day(5), court_day(0)),
        )
        .await;
    assert_eq!(range.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Who set up what is in the access log.
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?user_id={}&limit=50", app.users[&LISTER]),
        )
        .await;
    let actions: Vec<&str> = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"sittings_created"), "{actions:?}");
}
