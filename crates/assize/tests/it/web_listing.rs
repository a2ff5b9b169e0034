//! The listing pages: a court's sittings of a day (and adding one), and moving a hearing into a
//! proposed sitting, as a browser without JavaScript sees them.

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::listing::{A, B, court_day, room, sitting};
use crate::listing_proposals::first_hearing;

fn parts(date: &str) -> (String, String, String) {
    let d: jiff::civil::Date = date.parse().unwrap();
    (
        d.day().to_string(),
        d.month().to_string(),
        d.year().to_string(),
    )
}

#[tokio::test]
async fn web_listing_officer_sees_the_days_sittings_and_adds_one() {
    let app = TestApp::spawn().await;
    let (court1, court2) = (
        room(&app, A, LONDON_MAGS, "Court 1", false, true).await,
        room(&app, A, LONDON_MAGS, "Court 2", false, false).await,
    );
    let date = court_day(2);
    sitting(
        &app,
        A,
        LONDON_MAGS,
        court1,
        &date,
        "morning",
        "remand",
        json!({"cases": 1}),
    )
    .await;
    let b = app.signed_in(Role::ListingOfficer, A).await;
    let home = b.get("/").await;
    assert!(
        home.has(&format!(
            "a[data-test=sittings-link][href^='/courts/{LONDON_MAGS}/sittings']"
        )),
        "the home page links to each court's sittings"
    );
    let path = format!("/courts/{LONDON_MAGS}/sittings?date={date}");
    let p = b.get(&path).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    let table = p.text_of("[data-test=sittings]");
    assert!(table.contains("Remand (custody)"), "{table}");
    assert!(table.contains("10:00 to 13:00"), "{table}");
    assert!(table.contains("Ńowak"), "{table}");
    assert!(p.has("a[data-test=previous-day]") && p.has("a[data-test=next-day]"));
    assert!(
        !p.has("[data-test=over-listed]"),
        "an empty sitting is not over-listed"
    );

    // Bad input: 422, the values kept, each error linked to its input.
    let (d, m, y) = parts(&date);
    let csrf = p.csrf();
    let bad = b
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("courtroom", &court2.to_string()),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("session", "afternoon"),
                ("start-time", "25:99"),
                ("kind", "trial"),
                ("capacity", "lots"),
                ("capacity-unit", "minutes"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(
        bad.has("[data-test=error-summary] a[href='#capacity']"),
        "{}",
        bad.text
    );
    assert!(bad.has("input#start-time[value='25:99']"));
    assert!(bad.has("input#capacity[value=lots]"));
    assert!(bad.has(&format!(
        "select#courtroom option[value='{court2}'][selected]"
    )));
    assert!(bad.has("select#kind option[value=trial][selected]"));
    // The domain's own check of the time, once the form is otherwise complete.
    let bad = b
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("courtroom", &court2.to_string()),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("session", "afternoon"),
                ("start-time", "25:99"),
                ("kind", "trial"),
                ("capacity", "180"),
                ("capacity-unit", "minutes"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(
        bad.has("[data-test=error-summary] a[href='#start-time']"),
        "{}",
        bad.text
    );

    // Without the CSRF token nothing is set up.
    let forged = b
        .post_form(&path, &[("courtroom", &court2.to_string())])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let ok = b
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("courtroom", &court2.to_string()),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("session", "afternoon"),
                ("start-time", ""),
                ("kind", "trial"),
                ("capacity", "180"),
                ("capacity-unit", "minutes"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(ok.url.contains("added=1"), "{}", ok.url);
    assert!(ok.has("[data-test=sitting-added]"));
    let rooms: Vec<String> = ok
        .all("h2.govuk-heading-m")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert!(rooms.contains(&"Court 2".to_string()), "{rooms:?}");
    assert!(
        ok.text.contains("14:00 to 16:30"),
        "the new afternoon sitting"
    );
    assert!(ok.text.contains("180 minutes"));
}

#[tokio::test]
async fn web_listing_sittings_page_is_for_that_courts_listing_staff() {
    let app = TestApp::spawn().await;
    let other = app.signed_in(Role::LegalAdviser, B).await;
    assert!(!other.get("/").await.has("[data-test=sittings-link]"));
    let p = other
        .get(&format!(
            "/courts/{LONDON_MAGS}/sittings?date={}",
            court_day(1)
        ))
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", p.text);
    assert!(
        p.has("[data-test=identity]"),
        "the 403 page in the viewer's frame"
    );
}

#[tokio::test]
async fn web_listing_move_a_hearing_into_a_proposed_sitting() {
    let app = TestApp::spawn().await;
    let court3 = room(&app, A, LONDON_MAGS, "Court 3", false, false).await;
    let date = court_day(3);
    let target = sitting(
        &app,
        A,
        LONDON_MAGS,
        court3,
        &date,
        "afternoon",
        "mixed",
        json!({"minutes": 10}),
    )
    .await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3200126",
            &[("Mira Castell", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let hearing = first_hearing(&app, case).await;

    let b = app.signed_in(Role::ListingOfficer, A).await;
    let cp = b.get(&format!("/cases/{case}")).await;
    assert_eq!(cp.status, StatusCode::OK);
    let link = format!("/cases/{case}/hearings/{hearing}/listing");
    assert!(cp.has(&format!("a[data-test=move-hearing][href='{link}']")));

    let form = b.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(
        form.has(&format!("input[name=sitting][value='{target}']")),
        "{}",
        form.text
    );
    assert!(
        form.text_of("[data-test=proposals]").contains("Court 3"),
        "{}",
        form.text
    );
    assert!(
        form.has("[data-test=proposal-warning]"),
        "a 20-minute first hearing over-lists a 10-minute sitting: {}",
        form.text_of("[data-test=proposals]")
    );
    let version = form
        .all("input[name=version]")
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap()
        .to_string();
    let csrf = form.csrf();

    // No reason: 422, the choice kept.
    let bad = b
        .post_form(
            &link,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("sitting", &target.to_string()),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.has("[data-test=error-summary] a[href='#reason']"));
    assert!(bad.has(&format!("input[name=sitting][value='{target}'][checked]")));

    // A stale version: the 409 case page, nothing changed.
    let stale = (version.parse::<i64>().unwrap() - 1).to_string();
    let conflict = b
        .post_form(
            &link,
            &[
                ("csrf", &csrf),
                ("version", &stale),
                ("sitting", &target.to_string()),
                ("reason", "Listed into a free afternoon"),
            ],
        )
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);
    assert!(conflict.has("[data-test=conflict]"));

    let moved = b
        .post_form(
            &link,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("sitting", &target.to_string()),
                ("reason", "Listed into a free afternoon"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert!(moved.url.ends_with("?moved=1"), "{}", moved.url);
    assert!(moved.text.contains("The hearing has been moved."));
    assert!(
        moved
            .text_of("[data-test=hearing-slot]")
            .contains("Court 3, 14:00"),
        "{}",
        moved.text_of("[data-test=hearings]")
    );

    // The sitting is now over-listed on the court's sittings page.
    let day = b
        .get(&format!("/courts/{LONDON_MAGS}/sittings?date={date}"))
        .await;
    assert!(
        day.has("[data-test=over-listed]"),
        "{}",
        day.text_of("[data-test=sittings]")
    );
    assert!(
        day.text_of("[data-test=sittings]")
            .contains("1 case, 20 minutes")
    );

    // The prosecutor sees where and when, but may not move it.
    let pros = app.signed_in(Role::Prosecutor, A).await;
    let p = pros.get(&format!("/cases/{case}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.text_of("[data-test=hearing-slot]")
            .contains("Court 3, 14:00")
    );
    assert!(!p.has("[data-test=move-hearing]"));
    let denied = pros.get(&link).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.text);
}
