//! Changing and cancelling sittings over HTTP: by the version read (the second of two edits
//! from one version gets 409 and changes nothing), kind/time/session refused while hearings are
//! listed, cancelling only an empty sitting, and a court's patterns read back.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, B, LISTER, court_day, list, post, room, sitting, sittings_of};

async fn patch(app: &TestApp, who: (Role, Side), s: Uuid, body: Value) -> Resp {
    let path = format!("/api/v1/courts/{LONDON_MAGS}/sittings/{s}");
    app.call(who, Method::PATCH, &path, Some(&body), &[]).await
}

async fn cancel(app: &TestApp, who: (Role, Side), s: Uuid, version: i64) -> Resp {
    let path = format!("/api/v1/courts/{LONDON_MAGS}/sittings/{s}?version={version}");
    app.call(who, Method::DELETE, &path, None, &[]).await
}

#[tokio::test]
async fn sittings_change_by_version_and_keep_their_time_while_hearings_are_listed() {
    let app = TestApp::spawn().await;
    let court2 = room(&app, A, LONDON_MAGS, "Court 2", false, true).await;
    let d = court_day(4);
    let s = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "morning",
        "mixed",
        json!({"minutes": 60}),
    )
    .await;
    let other = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "afternoon",
        "mixed",
        json!({"cases": 5}),
    )
    .await;
    let read = sittings_of(&app, LONDON_MAGS, &d, &d).await;
    assert_eq!(read[0]["version"], 1);

    // Two edits from version 1: the first wins, the second is refused and writes nothing.
    let r = patch(
        &app,
        LISTER,
        s,
        json!({"version": 1, "judiciary": ["HHJ Evans"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["sitting"]["version"], 2);
    let r = patch(
        &app,
        LISTER,
        s,
        json!({"version": 1, "capacity": {"minutes": 90}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let now = &sittings_of(&app, LONDON_MAGS, &d, &d).await[0];
    assert_eq!(
        (
            now["judiciary"].clone(),
            now["capacity"].clone(),
            now["version"].clone()
        ),
        (json!(["HHJ Evans"]), json!({"minutes": 60}), json!(2))
    );

    // Others may not; bad input and a clash with the room's afternoon change nothing.
    for who in [(Role::PoliceOfficer, A), (Role::ListingOfficer, B)] {
        assert_eq!(
            patch(&app, who, s, json!({"version": 2, "judiciary": []}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(cancel(&app, who, s, 2).await.status, StatusCode::FORBIDDEN);
    }
    let r = patch(&app, LISTER, s, json!({"version": 2, "start_time": "7:00"})).await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:assize:problem:invalid-input"
        )
    );
    let r = patch(
        &app,
        LISTER,
        s,
        json!({"version": 2, "session": "afternoon"}),
    )
    .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:assize:problem:courtroom-already-sitting"
        ),
        "{}",
        r.body
    );
    assert_eq!(
        patch(&app, LISTER, Uuid::now_v7(), json!({"version": 1}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // With a hearing listed: bench and capacity change (over-listing warned), time does not.
    let (case, _) = app
        .create_case(&case_json(
            "01AB4200126",
            &[("Nia Evans", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let body = json!({"court_ou": LONDON_MAGS, "hearing_date": d, "hearing_type": "PBV", "sitting_id": s, "estimate_minutes": 45});
    assert_eq!(list(&app, case, body).await.status, StatusCode::OK);
    // The listing changed what the sitting holds: a change read before it is stale.
    let r = patch(
        &app,
        LISTER,
        s,
        json!({"version": 2, "capacity": {"minutes": 30}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = patch(
        &app,
        LISTER,
        s,
        json!({"version": 3, "capacity": {"minutes": 30}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["warnings"],
        json!(["over-listed: 45 minutes listed against a capacity of 30 minutes"])
    );
    for change in [
        json!({"kind": "trial"}),
        json!({"start_time": "10:30"}),
        json!({"session": "all_day"}),
    ] {
        let mut body = change.clone();
        body["version"] = json!(4);
        let r = patch(&app, LISTER, s, body).await;
        assert_eq!(
            (r.status, r.problem_type()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "urn:assize:problem:sitting-has-hearings"
            ),
            "{change}"
        );
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .starts_with("1 hearing is listed in this sitting: move them first"),
            "{}",
            r.body
        );
    }

    // Cancelling: refused with a hearing listed, stale version refused, empty sitting cancelled.
    let r = cancel(&app, LISTER, s, 4).await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:assize:problem:sitting-has-hearings"
        ),
        "{}",
        r.body
    );
    assert_eq!(
        cancel(&app, LISTER, other, 7).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        cancel(&app, LISTER, other, 1).await.status,
        StatusCode::NO_CONTENT
    );
    let left: Vec<Value> = sittings_of(&app, LONDON_MAGS, &d, &d)
        .await
        .iter()
        .map(|x| x["id"].clone())
        .collect();
    assert_eq!(left, [json!(s)]);
    assert_eq!(
        cancel(&app, LISTER, other, 2).await.status,
        StatusCode::NOT_FOUND
    );
    // The room can sit that afternoon again.
    sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "afternoon",
        "trial",
        json!({"minutes": 150}),
    )
    .await;
    let log = app
        .get(
            (Role::Auditor, A),
            &format!(
                "/api/v1/access-log?user_id={}&limit=500",
                app.users[&(Role::ListingOfficer, A)]
            ),
        )
        .await;
    let text = log.body.to_string();
    assert!(
        text.contains("sitting_cancelled") && text.contains(&other.to_string()),
        "{text}"
    );
}

#[tokio::test]
async fn a_courts_sitting_patterns_are_listed() {
    let app = TestApp::spawn().await;
    let court1 = room(&app, A, LONDON_MAGS, "Court 1", false, true).await;
    let path = format!("/api/v1/courts/{LONDON_MAGS}/sitting-patterns");
    let body = json!({"courtroom_id": court1, "weekdays": ["monday", "wednesday"], "session": "morning",
        "kind": "remand", "judiciary": ["DJ Khan"], "capacity": {"cases": 30}, "from": court_day(1), "until": court_day(15)});
    let r = post(&app, LISTER, &path, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for who in [LISTER, (Role::PoliceOfficer, A)] {
        let r = app.get(who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let p = &r.body[0];
        assert_eq!(
            (
                p["courtroom"].as_str(),
                p["kind"].as_str(),
                p["weekdays"].clone()
            ),
            (
                Some("Court 1"),
                Some("remand"),
                json!(["monday", "wednesday"])
            )
        );
    }
    assert_eq!(
        app.get(
            LISTER,
            &format!("/api/v1/courts/{TV_MAGS}/sitting-patterns")
        )
        .await
        .body,
        json!([])
    );
}
