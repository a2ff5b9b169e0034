//! The workload page, changing and cancelling a sitting, and sitting patterns, as a browser
//! without JavaScript sees them.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::*;
use crate::listing::{A, court_day, list, room, sitting};

#[tokio::test]
async fn web_the_workload_page_shows_a_week_of_sittings_unlisted_cases_and_ctls() {
    let app = TestApp::spawn().await;
    let court2 = room(&app, A, LONDON_MAGS, "Court 2", false, true).await;
    let d = court_day(3);
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
    let mut ids = Vec::new();
    for (urn, name, estimate) in [
        ("01AB5000126", "Nia Evans", 45),
        ("01AB5000226", "Ola Bakare", 30),
    ] {
        let (case, _) = app
            .create_case(&case_json(urn, &[(name, &["TH68010"], "in_custody")]))
            .await;
        let body = json!({"court_ou": LONDON_MAGS, "hearing_date": d, "hearing_type": "PBV", "sitting_id": s, "estimate_minutes": estimate});
        assert_eq!(list(&app, case, body).await.status, StatusCode::OK);
        ids.push(case);
    }
    let b = app.signed_in(Role::ListingOfficer, A).await;
    let sittings = b
        .get(&format!("/courts/{LONDON_MAGS}/sittings?date={d}"))
        .await;
    assert!(
        sittings.has("a[data-test=workload-link]"),
        "the sittings page links to the workload"
    );
    let p = b
        .get(&format!("/courts/{LONDON_MAGS}/workload?from={d}"))
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(
        p.all("[data-test=workload-day]").len(),
        7,
        "a week, day by day"
    );
    let table = p.text_of("[data-test=utilisation]");
    assert!(
        table.contains("60 minutes")
            && table.contains("2 cases, 75 minutes")
            && table.contains("125%"),
        "{table}"
    );
    assert!(p.has("[data-test=over-listed]"));
    assert!(
        p.text_of("[data-test=workload-total]")
            .contains("Total for the week")
    );
    assert!(p.has("a[data-test=previous-week]") && p.has("a[data-test=next-week]"));
    // Today's first hearings have no sitting yet: listed as awaiting one, each linking to its case.
    let this_week = b.get(&format!("/courts/{LONDON_MAGS}/workload")).await;
    for case in &ids {
        assert!(
            this_week.has(&format!("[data-test=unlisted] a[href='/cases/{case}']")),
            "{}",
            this_week.text
        );
    }
    assert!(
        this_week
            .text_of("[data-test=unlisted]")
            .contains("In custody")
    );
    // Not for the police.
    let police = app.signed_in(Role::PoliceOfficer, A).await;
    assert_eq!(
        police
            .get(&format!("/courts/{LONDON_MAGS}/workload"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn web_a_sitting_is_changed_refused_when_stale_and_cancelled() {
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
    let b = app.signed_in(Role::ListingOfficer, A).await;
    let day = b
        .get(&format!("/courts/{LONDON_MAGS}/sittings?date={d}"))
        .await;
    let edit = format!("/courts/{LONDON_MAGS}/sittings/{s}/edit");
    assert!(day.has(&format!("a[data-test=change-sitting][href='{edit}']")));
    let p = b.get(&edit).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text_of("#judiciary").contains("Ńowak"), "pre-filled");
    assert!(
        p.has("[data-test=cancel-sitting-form]"),
        "nothing listed: it can be cancelled"
    );
    let csrf = p.csrf();
    let form = |judiciary: &'static str, capacity: &'static str, version: &'static str| {
        vec![
            ("judiciary", judiciary),
            ("capacity", capacity),
            ("capacity-unit", "minutes"),
            ("kind", "mixed"),
            ("session", "morning"),
            ("start-time", "10:00"),
            ("version", version),
        ]
    };
    let with_csrf = |f: Vec<(&'static str, &'static str)>| {
        let mut f: Vec<(&str, &str)> = f;
        f.push(("csrf", csrf.as_str()));
        f
    };
    // Bad input: 422, the values kept, the error linked to its input.
    let bad = b
        .post_form(&edit, &with_csrf(form("HHJ Evans", "lots", "1")))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.has("[data-test=error-summary] a[href='#capacity']"));
    assert!(bad.text_of("#judiciary").contains("HHJ Evans"));
    // Someone else changes it first: the form from version 1 gets 409 and saves nothing.
    let r = app
        .call(
            (Role::CourtAdmin, A),
            Method::PATCH,
            &format!("/api/v1/courts/{LONDON_MAGS}/sittings/{s}"),
            Some(&json!({"version": 1, "capacity": {"minutes": 90}})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stale = b
        .post_form(&edit, &with_csrf(form("HHJ Evans", "120", "1")))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(
        stale
            .text_of("[data-test=sitting-conflict]")
            .contains("court_admin.a"),
        "names who changed it"
    );
    assert_eq!(
        stale
            .all("#capacity")
            .first()
            .and_then(|e| e.value().attr("value")),
        Some("90"),
        "shows it as it is now"
    );
    // From the current version: saved, back to the day with a banner.
    let ok = b
        .post_form(&edit, &with_csrf(form("HHJ Evans", "120", "2")))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(
        ok.has("[data-test=sitting-done]")
            && ok.text_of("[data-test=sittings]").contains("HHJ Evans")
    );
    // Cancelled: gone from the day.
    let cancel = format!("/courts/{LONDON_MAGS}/sittings/{s}/cancel");
    let stale = b
        .post_form(&cancel, &[("csrf", &csrf), ("version", "2")])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let done = b
        .post_form(&cancel, &[("csrf", &csrf), ("version", "3")])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(
        done.text_of("[data-test=sitting-done]")
            .contains("cancelled")
            && done.has("[data-test=no-sittings]")
    );
    // Without the form's token, nothing happens.
    let other = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "afternoon",
        "mixed",
        json!({"cases": 4}),
    )
    .await;
    let forged = b
        .post_form(
            &format!("/courts/{LONDON_MAGS}/sittings/{other}/cancel"),
            &[("csrf", "forged"), ("version", "1")],
        )
        .await;
    assert_ne!(forged.status, StatusCode::OK);
}

#[tokio::test]
async fn web_sitting_patterns_are_listed_and_added() {
    let app = TestApp::spawn().await;
    let court1 = room(&app, A, LONDON_MAGS, "Court 1", false, true).await;
    let b = app.signed_in(Role::ListingOfficer, A).await;
    let path = format!("/courts/{LONDON_MAGS}/sitting-patterns");
    let p = b.get(&path).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.has("[data-test=no-patterns]"));
    let csrf = p.csrf();
    let from: jiff::civil::Date = court_day(1).parse().unwrap();
    let until: jiff::civil::Date = court_day(10).parse().unwrap();
    let (fd, fm, fy) = (
        from.day().to_string(),
        from.month().to_string(),
        from.year().to_string(),
    );
    let (ud, um, uy) = (
        until.day().to_string(),
        until.month().to_string(),
        until.year().to_string(),
    );
    let room_id = court1.to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("courtroom", &room_id),
        ("session", "morning"),
        ("kind", "remand"),
        ("judiciary", "DJ Khan"),
        ("capacity", "30"),
        ("capacity-unit", "cases"),
        ("from-day", &fd),
        ("from-month", &fm),
        ("from-year", &fy),
        ("until-day", &ud),
        ("until-month", &um),
        ("until-year", &uy),
    ];
    // No day chosen: 422, linked to the first checkbox, the values kept.
    let bad = b.post_form(&path, &fields).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(
        bad.has("[data-test=error-summary] a[href='#weekdays']"),
        "{}",
        bad.text_of("[data-test=error-summary]")
    );
    assert!(bad.text_of("#judiciary").contains("DJ Khan"));
    fields.push(("weekdays", "monday"));
    fields.push(("weekdays", "thursday"));
    let ok = b.post_form(&path, &fields).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(ok.has("[data-test=pattern-added]"), "{}", ok.text);
    let table = ok.text_of("[data-test=patterns]");
    assert!(
        table.contains("Court 1")
            && table.contains("Monday, Thursday")
            && table.contains("30 cases"),
        "{table}"
    );
    let police = app.signed_in(Role::PoliceOfficer, A).await;
    assert_eq!(police.get(&path).await.status, StatusCode::FORBIDDEN);
}
