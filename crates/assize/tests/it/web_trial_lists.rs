//! The warned-list pages as a browser without JavaScript sees them: warning a Crown Court trial
//! for a period (422 with the input kept, 409 on a stale version, then the case page), and the
//! court's trial lists (warned and firm), which only the court's own listing staff may see.

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::harness::*;
use crate::listing::{A, B, court_day, id_of, list};

fn parts(date: &str) -> (String, String, String) {
    let d: jiff::civil::Date = date.parse().unwrap();
    (
        d.day().to_string(),
        d.month().to_string(),
        d.year().to_string(),
    )
}

async fn crown_trial(app: &TestApp) -> (Uuid, Uuid) {
    let (case, _) = app
        .create_case(&case_json(
            "01AB3500526",
            &[("Nell Okafor", &["TH68010"], "in_custody")],
        ))
        .await;
    let r = list(
        app,
        case,
        json!({"court_ou": LONDON_CROWN, "hearing_date": court_day(3), "hearing_type": "TRIAL"}),
    )
    .await;
    (case, id_of(&r.body["created_ids"][0]))
}

#[tokio::test]
async fn web_trial_lists_a_listing_officer_warns_a_trial_and_sees_it_listed() {
    let app = TestApp::spawn().await;
    let (case, trial) = crown_trial(&app).await;
    let b = app.signed_in(Role::ListingOfficer, A).await;
    let cp = b.get(&format!("/cases/{case}")).await;
    let link = format!("/cases/{case}/hearings/{trial}/warn");
    assert!(
        cp.has(&format!("a[data-test=warn-trial][href='{link}']")),
        "{}",
        cp.text
    );
    assert_eq!(
        cp.all("a[data-test=warn-trial]").len(),
        1,
        "only the Crown Court trial"
    );

    let form = b.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.has("input#from-day") && form.has("input#to-year") && form.has("textarea#reason"));
    let version = form
        .all("input[name=version]")
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap()
        .to_string();
    let csrf = form.csrf();
    let (fd, fm, fy) = parts(&court_day(2));
    let (td, tm, ty) = parts(&court_day(5));

    // Incomplete and invalid: 422, every value kept, each error linked to its input.
    let bad = b
        .post_form(
            &link,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("from-day", &fd),
                ("from-month", ""),
                ("from-year", &fy),
                ("to-day", "31"),
                ("to-month", "2"),
                ("to-year", &ty),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    for id in ["from-day", "to-day", "reason"] {
        assert!(
            bad.has(&format!("[data-test=error-summary] a[href='#{id}']")),
            "{id}: {}",
            bad.text
        );
    }
    assert!(
        bad.has(&format!("input#from-day[value='{fd}']")) && bad.has("input#to-day[value='31']")
    );
    // The domain's rule: the last day before the first.
    let backwards = b
        .post_form(
            &link,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("from-day", &td),
                ("from-month", &tm),
                ("from-year", &ty),
                ("to-day", &fd),
                ("to-month", &fm),
                ("to-year", &fy),
                ("reason", "Warned list"),
            ],
        )
        .await;
    assert_eq!(
        backwards.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        backwards.text
    );
    assert!(
        backwards.has("[data-test=error-summary] a[href='#to-day']"),
        "{}",
        backwards.text
    );
    assert!(backwards.has("textarea#reason"), "{}", backwards.text);
    assert!(backwards.text_of("textarea#reason").contains("Warned list"));

    let good = [
        ("csrf", csrf.as_str()),
        ("from-day", &fd),
        ("from-month", &fm),
        ("from-year", &fy),
        ("to-day", &td),
        ("to-month", &tm),
        ("to-year", &ty),
        ("reason", "Warned list"),
    ];
    // A stale version: the 409 case page, nothing changed.
    let stale = (version.parse::<i64>().unwrap() - 1).to_string();
    let mut fields = good.to_vec();
    fields.push(("version", &stale));
    let conflict = b.post_form(&link, &fields).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);
    assert!(conflict.has("[data-test=conflict]"));
    // Without the CSRF token nothing changes.
    let forged = b.post_form(&link, &[("version", &version)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let mut fields = good.to_vec();
    fields.push(("version", &version));
    let done = b.post_form(&link, &fields).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.url.contains("warned=1"), "{}", done.url);
    let warned = done.text_of("[data-test=hearing-warned]");
    assert!(warned.starts_with("Warned for trial from"), "{warned}");
    assert!(!done.has("[data-test=warned-note]"), "nothing to watch yet");

    // Carried over to a period past the custody time limit: accepted, and the case page says so.
    let view = app.court_view(case).await;
    let expiry: jiff::civil::Date = view["custody_time_limits"][0]["expiry_date"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .expect("a running custody time limit");
    let (ld, lm, ly) = parts(&expiry.tomorrow().unwrap().to_string());
    let (sd, sm, sy) = parts(&expiry.yesterday().unwrap().to_string());
    let fresh = b.get(&link).await;
    assert!(
        fresh
            .text_of("[data-test=current-warned]")
            .contains("Warned for trial from")
    );
    let v = fresh.all("input[name=version]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let late = [
        ("csrf", csrf.as_str()),
        ("version", &v),
        ("from-day", &sd),
        ("from-month", &sm),
        ("from-year", &sy),
        ("to-day", &ld),
        ("to-month", &lm),
        ("to-year", &ly),
        ("reason", "Not reached: carried over"),
    ];
    let done = b.post_form(&link, &late).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let note = done.text_of("[data-test=warned-note]");
    assert!(note.contains("custody time limit"), "{note}");

    // The court's trial lists: warned, with a link to fix a date; then nothing fixed.
    let lists = format!(
        "/courts/{LONDON_CROWN}/trial-lists?from={}",
        expiry.yesterday().unwrap()
    );
    let p = b.get(&lists).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    let table = p.text_of("[data-test=warned-list]");
    assert!(
        table.contains("01AB3500526") && table.contains("Nell Okafor"),
        "{table}"
    );
    assert!(
        table.contains("In custody") && table.contains("Expires"),
        "{table}"
    );
    assert!(p.has(&format!(
        "a[data-test=fix-date][href='/cases/{case}/hearings/{trial}/listing']"
    )));
    assert!(p.has("[data-test=no-firm]"));
    assert!(p.has("a[data-test=previous-period]") && p.has("a[data-test=next-period]"));
    let next = p.all("a[data-test=next-period]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(b.get(&next).await.status, StatusCode::OK);
    assert_eq!(
        b.get(&format!("/courts/{LONDON_CROWN}/trial-lists"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn web_trial_lists_are_for_the_courts_own_listing_staff() {
    let app = TestApp::spawn().await;
    let (case, trial) = crown_trial(&app).await;
    let lists = format!("/courts/{LONDON_CROWN}/trial-lists");
    for (role, side, status) in [
        (Role::PoliceOfficer, A, StatusCode::FORBIDDEN),
        (Role::DefenceSolicitor, A, StatusCode::FORBIDDEN),
        (Role::ListingOfficer, B, StatusCode::FORBIDDEN),
    ] {
        let b = app.signed_in(role, side).await;
        let p = b.get(&lists).await;
        assert_eq!(p.status, status, "{role:?} {side:?}: {}", p.text);
        assert!(
            p.has("[data-test=identity]"),
            "the refusal in the viewer's frame"
        );
    }
    // Nobody but the court's listing staff is offered, or given, the warn form.
    let police = app.signed_in(Role::PoliceOfficer, A).await;
    assert!(
        !police
            .get(&format!("/cases/{case}"))
            .await
            .has("a[data-test=warn-trial]")
    );
    let form = police
        .get(&format!("/cases/{case}/hearings/{trial}/warn"))
        .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    let other = app.signed_in(Role::ListingOfficer, B).await;
    let form = other
        .get(&format!("/cases/{case}/hearings/{trial}/warn"))
        .await;
    assert_eq!(form.status, StatusCode::NOT_FOUND);
    let bad = app.signed_in(Role::ListingOfficer, A).await;
    assert_eq!(
        bad.get(&format!("{lists}?from=soon")).await.status,
        StatusCode::NOT_FOUND
    );
}
