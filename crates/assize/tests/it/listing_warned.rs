//! Warned lists over HTTP: a Crown Court's listing officer warns a trial for a period, carries it
//! over, fixes it by moving it into a sitting (it leaves the warned list for the firm list), and
//! every refusal, warning and stale version; the trial lists are read by the court's own staff,
//! each trial shown access-logged for its reader.

use assize_domain::access::Role;
use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, LISTER, court_day, id_of, list, room, sitting, version};

fn plus(d: &str, days: i64) -> String {
    let d: Date = d.parse().expect("a date");
    d.checked_add(days.days()).expect("a date").to_string()
}

/// A case with a trial listed by date at the London Crown Court; (case, trial).
async fn crown_trial(app: &TestApp, urn: &str, custody: &str) -> (Uuid, Uuid) {
    let (case, _) = app
        .create_case(&case_json(urn, &[("Ada Quist", &["TH68010"], custody)]))
        .await;
    let r = list(
        app,
        case,
        json!({"court_ou": LONDON_CROWN, "hearing_date": court_day(3), "hearing_type": "TRIAL"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (case, id_of(&r.body["created_ids"][0]))
}

async fn warn(app: &TestApp, who: (Role, Side), case: Uuid, h: Uuid, v: i64, body: Value) -> Resp {
    let path = format!("/api/v1/cases/{case}/hearings/{h}/warn");
    app.change(who, Method::POST, &path, v, Some(&body)).await
}

async fn lists(app: &TestApp, who: (Role, Side), query: &str) -> Resp {
    app.get(
        who,
        &format!("/api/v1/courts/{LONDON_CROWN}/trial-lists?{query}"),
    )
    .await
}

fn hearing_ids(list: &Value) -> Vec<Uuid> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| id_of(&e["hearing_id"]))
        .collect()
}

#[tokio::test]
async fn a_trial_is_warned_carried_over_and_fixed_into_the_firm_list() {
    let app = TestApp::spawn().await;
    let (case, trial) = crown_trial(&app, "01AB3300526", "conditional_bail").await;
    let (from, to) = (court_day(2), plus(&court_day(2), 4));
    let r = warn(
        &app,
        LISTER,
        case,
        trial,
        version(&app, case).await,
        json!({"from": from, "to": to, "reason": "Warned list"}),
    )
    .await;
    assert_eq!(r.body["events"], json!(["trial_warned"]), "{}", r.body);
    assert!(r.body.get("warnings").is_none(), "{}", r.body);
    let range = format!("from={}&to={}", day(0), day(40));
    let l = lists(&app, LISTER, &range).await;
    assert_eq!(l.status, StatusCode::OK, "{}", l.body);
    assert_eq!(hearing_ids(&l.body["warned"]), [trial]);
    assert!(hearing_ids(&l.body["firm"]).is_empty());
    let w = &l.body["warned"][0];
    assert_eq!(
        (w["warned_from"].as_str(), w["warned_to"].as_str()),
        (Some(from.as_str()), Some(to.as_str()))
    );
    assert_eq!(w["defendants"], json!(["Ada Quist"]));
    assert_eq!(w["urn"], "01AB3300526");
    // A warned trial is on no day's list (nor on the public one) until it is fixed.
    let internal = app
        .get(
            LISTER,
            &format!("/api/v1/courts/{LONDON_CROWN}/lists/{from}"),
        )
        .await;
    assert_eq!(internal.body["entries"], json!([]), "{}", internal.body);
    let public = app
        .get(
            LISTER,
            &format!("/api/v1/public/courts/{LONDON_CROWN}/lists/{from}"),
        )
        .await;
    assert_eq!(public.body["entries"], json!([]), "{}", public.body);
    // Nor is it a case awaiting a hearing on the workload: it is on the warned list.
    let workload = app
        .get(
            LISTER,
            &format!(
                "/api/v1/courts/{LONDON_CROWN}/workload?from={}&to={}",
                day(0),
                day(20)
            ),
        )
        .await;
    assert_eq!(workload.status, StatusCode::OK, "{}", workload.body);
    assert_eq!(workload.body["unlisted"], json!([]), "{}", workload.body);
    // Not reached: carried over into a later warned list.
    let (from2, to2) = (court_day(10), plus(&court_day(10), 6));
    let r = warn(
        &app,
        LISTER,
        case,
        trial,
        r.version(),
        json!({"from": from2, "to": to2, "reason": "Not reached: carried over"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = app.court_view(case).await;
    let h = view["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == json!(trial))
        .unwrap()
        .clone();
    assert_eq!(h["warned"], json!({"from": from2, "to": to2}));
    assert_eq!(h["hearing_date"], json!(from2));
    // Fixed for a firm date: moved into a sitting inside the period.
    let court = room(&app, A, LONDON_CROWN, "Court 5", false, true).await;
    let inside = sitting(
        &app,
        A,
        LONDON_CROWN,
        court,
        &court_day(11),
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let mv = |s: Uuid| json!({"sitting_id": s, "reason": "Called in from the warned list"});
    let path = format!("/api/v1/cases/{case}/hearings/{trial}/move");
    let r = app
        .change(LISTER, Method::POST, &path, r.version(), Some(&mv(inside)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.get("warnings").is_none(), "{}", r.body);
    let l = lists(&app, LISTER, &range).await;
    assert!(hearing_ids(&l.body["warned"]).is_empty(), "{}", l.body);
    assert_eq!(hearing_ids(&l.body["firm"]), [trial]);
    assert_eq!(l.body["firm"][0]["courtroom"], "Court 5");
    assert_eq!(l.body["firm"][0]["hearing_date"], json!(court_day(11)));
    // Warned again, then fixed for a day after the period: accepted, with a warning.
    let r = warn(
        &app,
        LISTER,
        case,
        trial,
        r.version(),
        json!({"from": from2, "to": to2, "reason": "Back in the warned list"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let outside = sitting(
        &app,
        A,
        LONDON_CROWN,
        court,
        &court_day(20),
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let r = app
        .change(LISTER, Method::POST, &path, r.version(), Some(&mv(outside)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body["warnings"]
            .to_string()
            .contains("outside its warned period"),
        "{}",
        r.body
    );
    // A stale version changes nothing.
    let stale = warn(
        &app,
        LISTER,
        case,
        trial,
        r.version() - 1,
        json!({"from": from2, "to": to2, "reason": "x"}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(version(&app, case).await, r.version());
}

#[tokio::test]
async fn warning_a_trial_is_refused_with_reasons_and_warns_of_deadlines() {
    let app = TestApp::spawn().await;
    let (case, trial) = crown_trial(&app, "01AB3400526", "in_custody").await;
    let v = version(&app, case).await;
    let ok = json!({"from": court_day(2), "to": plus(&court_day(2), 4), "reason": "Warned list"});
    for (who, status) in [
        ((Role::Prosecutor, A), StatusCode::FORBIDDEN),
        ((Role::PoliceOfficer, A), StatusCode::FORBIDDEN),
        ((Role::ListingOfficer, Side::B), StatusCode::NOT_FOUND),
    ] {
        let r = warn(&app, who, case, trial, v, ok.clone()).await;
        assert_eq!(r.status, status, "{who:?}: {}", r.body);
    }
    let fields = |r: &Resp| {
        r.body["errors"]
            .as_array()
            .map(|es| {
                es.iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    for (body, expected) in [
        (
            json!({"from": day(-1), "to": day(3), "reason": "x"}),
            vec!["from"],
        ),
        (
            json!({"from": day(5), "to": day(3), "reason": "x"}),
            vec!["to"],
        ),
        (
            json!({"from": day(1), "to": day(29), "reason": "x"}),
            vec!["to"],
        ),
        (
            json!({"from": "next week", "to": day(3), "reason": " "}),
            vec!["from", "reason"],
        ),
    ] {
        let r = warn(&app, LISTER, case, trial, v, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
        assert_eq!(fields(&r), expected, "{body}: {}", r.body);
    }
    let first = crate::listing_proposals::first_hearing(&app, case).await;
    let r = warn(&app, LISTER, case, first, v, ok.clone()).await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:not-a-trial",
        "{}",
        r.body
    );
    let r = list(
        &app,
        case,
        json!({"court_ou": LONDON_MAGS, "hearing_date": court_day(4), "hearing_type": "TRIAL"}),
    )
    .await;
    let mags = id_of(&r.body["created_ids"][0]);
    let r = warn(&app, LISTER, case, mags, r.version(), ok.clone()).await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:not-crown-court",
        "{}",
        r.body
    );
    // A period running past the custody time limit is accepted, with a warning.
    let view = app.court_view(case).await;
    let expiry = view["custody_time_limits"][0]["expiry_date"]
        .as_str()
        .expect("a running custody time limit")
        .to_string();
    let late = json!({"from": plus(&expiry, -3), "to": plus(&expiry, 3), "reason": "Warned list"});
    let r = warn(&app, LISTER, case, trial, version(&app, case).await, late).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body["warnings"]
            .to_string()
            .contains("custody time limit"),
        "{}",
        r.body
    );
    let l = lists(
        &app,
        LISTER,
        &format!("from={}&to={}", plus(&expiry, -3), plus(&expiry, 3)),
    )
    .await;
    assert_eq!(l.body["warned"][0]["in_custody"], true, "{}", l.body);
    assert_eq!(l.body["warned"][0]["ctl_expiry"], json!(expiry));
}

#[tokio::test]
async fn the_trial_lists_are_for_the_courts_own_staff_and_check_the_range() {
    let app = TestApp::spawn().await;
    for (who, status) in [
        (LISTER, StatusCode::OK),
        ((Role::PoliceOfficer, A), StatusCode::FORBIDDEN),
        ((Role::DefenceSolicitor, A), StatusCode::FORBIDDEN),
        ((Role::ListingOfficer, Side::B), StatusCode::FORBIDDEN),
    ] {
        let r = lists(&app, who, "").await;
        assert_eq!(r.status, status, "{who:?}: {}", r.body);
    }
    for query in [
        "from=2026-13-01",
        "from=2026-01-01&to=2026-06-01",
        "from=2026-02-01&to=2026-01-01",
        "colour=red",
    ] {
        let r = lists(&app, LISTER, query).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
    }
    let r = app.get(LISTER, "/api/v1/courts/Z99ZZ99/trial-lists").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn each_trial_listed_is_access_logged_for_its_reader_and_nothing_else_is() {
    let app = TestApp::spawn().await;
    let (shown, trial) = crown_trial(&app, "01AB3500526", "in_custody").await;
    // A trial at the magistrates' court: on no Crown Court trial list.
    let (elsewhere, _) = app
        .create_case(&case_json(
            "01AB3600526",
            &[("Bea Elsewhere", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let r = list(
        &app,
        elsewhere,
        json!({"court_ou": LONDON_MAGS, "hearing_date": court_day(3), "hearing_type": "TRIAL"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let l = lists(&app, LISTER, &format!("from={}&to={}", day(0), day(30))).await;
    assert_eq!(l.status, StatusCode::OK, "{}", l.body);
    assert_eq!(hearing_ids(&l.body["firm"]), [trial], "{}", l.body);
    assert_eq!(l.body["firm"][0]["defendants"], json!(["Ada Quist"]));
    assert_eq!(l.body["firm"][0]["in_custody"], true);
    assert!(!l.body.to_string().contains("Elsewhere"), "{}", l.body);
    assert_eq!(
        app.list_hits(app.users[&LISTER]).await,
        [(shown, json!("trial_lists"))],
        "the case shown, once, and nothing else"
    );
    // Another court's listing officer is refused, and nothing is logged for them.
    let other = (Role::ListingOfficer, Side::B);
    let r = lists(&app, other, "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(app.list_hits(app.users[&other]).await.is_empty());
}
