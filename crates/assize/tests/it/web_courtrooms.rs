//! The courtrooms page: a court's admins add rooms (each name once), its listing officers see
//! them, and nobody else's staff reach it.

use assize_domain::access::Role;
use reqwest::StatusCode;

use crate::harness::*;
use crate::listing::{A, B, room};

#[tokio::test]
async fn web_a_court_admin_adds_a_courtroom_and_the_listing_officer_sees_it() {
    let app = TestApp::spawn().await;
    room(&app, A, LONDON_MAGS, "Court 1", false, true).await;
    let path = format!("/courts/{LONDON_MAGS}/courtrooms");

    let lister = app.signed_in(Role::ListingOfficer, A).await;
    let p = lister.get(&path).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(p.text_of("[data-test=courtrooms]").contains("Court 1"));
    assert!(
        !p.has("form[data-test=add-courtroom]"),
        "only admins add rooms"
    );

    // The sittings page leads to the court's other listing pages; trial lists at a Crown Court.
    let day = lister.get(&format!("/courts/{LONDON_MAGS}/sittings")).await;
    assert!(
        day.has(&format!("a[data-test=courtrooms-link][href='{path}']")),
        "{}",
        day.text
    );
    assert!(day.has("a[data-test=patterns-link]") && !day.has("a[data-test=trial-lists-link]"));
    let crown = lister
        .get(&format!("/courts/{LONDON_CROWN}/sittings"))
        .await;
    assert!(crown.has(&format!(
        "a[data-test=trial-lists-link][href='/courts/{LONDON_CROWN}/trial-lists']"
    )));

    let admin = app.signed_in(Role::CourtAdmin, A).await;
    let p = admin.get(&path).await;
    let csrf = p.csrf();
    for (name, message) in [("", "Enter"), ("court 1", "already")] {
        let bad = admin
            .post_form(
                &path,
                &[("csrf", &csrf), ("name", name), ("secure_dock", "yes")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
        assert!(
            bad.has("[data-test=error-summary] a[href='#name']"),
            "{}",
            bad.text
        );
        assert!(
            bad.text_of("[data-test=error-summary]").contains(message),
            "{}",
            bad.text_of("[data-test=error-summary]")
        );
        assert!(bad.has("input#secure_dock[checked]"), "the input is kept");
    }
    let forged = admin.post_form(&path, &[("name", "Court 9")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let ok = admin
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Court 7"),
                ("youth_suitable", "yes"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(ok.url.ends_with("?added=1") && ok.has("[data-test=courtroom-added]"));
    let rooms = lister.get(&path).await.text_of("[data-test=courtrooms]");
    assert!(
        rooms.contains("Court 7") && !rooms.contains("Court 9"),
        "{rooms}"
    );

    // Another court's admin and a police officer are refused.
    for who in [(Role::CourtAdmin, B), (Role::PoliceOfficer, A)] {
        let p = app.signed_in(who.0, who.1).await.get(&path).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{who:?}");
    }
}
