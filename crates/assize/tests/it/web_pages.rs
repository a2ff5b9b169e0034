//! The pages as each role sees them (HTML, no JavaScript): what each must show and must not, by
//! CSS selector. The same case, read through the browser, discloses exactly what the API does.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;

/// A two-defendant case at the London magistrates' court today; firm A on record for the first.
async fn two_defendant_case(app: &TestApp) -> (Uuid, Vec<Uuid>) {
    let (case, _) = app
        .create_case(&case_json(
            "01AB7700126",
            &[
                ("Tomasz Client", &["TH68010"], "in_custody"),
                ("Carla Codefendant", &["TH68010"], "unconditional_bail"),
            ],
        ))
        .await;
    let view = app.court_view(case).await;
    let ids: Vec<Uuid> = view["case"]["defendants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().parse().unwrap())
        .collect();
    let r = app
        .call(
            (Role::DefenceSolicitor, A),
            Method::PUT,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ids[0]),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (case, ids)
}

#[tokio::test]
async fn signing_in_and_out_and_what_strangers_get() {
    let app = TestApp::spawn().await;
    let anon = app.browser();
    let home = anon.get("/").await;
    assert!(
        home.url.contains("/sign-in"),
        "redirected to sign in: {}",
        home.url
    );
    assert!(home.has("form[action='/sign-in'] input#username"));
    assert!(home.text.contains("OFFICIAL-SENSITIVE"));

    let wrong = anon
        .post_form(
            "/sign-in",
            &[("username", "legal_adviser.a"), ("password", "nope")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.has(".govuk-error-summary a[href='#username']"));
    assert!(!wrong.has("[data-test=identity]"));

    let b = app.signed_in(Role::LegalAdviser, A).await;
    let home = b.get("/").await;
    assert!(
        home.text_of("[data-test=identity]")
            .contains("legal_adviser.a")
    );
    assert!(home.text_of("[data-test=identity]").contains("court A"));
    assert!(home.text.contains("OFFICIAL-SENSITIVE"));
    assert!(home.has("a.govuk-skip-link[href='#main-content']"));

    // A form without this session's token changes nothing.
    let forged = b.post_form("/sign-out", &[("csrf", "forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        b.get("/").await.has("[data-test=identity]"),
        "still signed in"
    );

    let out = b.post_form("/sign-out", &[("csrf", &home.csrf())]).await;
    assert!(out.url.contains("/sign-in"), "{}", out.url);
    assert!(b.get("/").await.url.contains("/sign-in"), "signed out");

    // Unknown pages: an HTML page for people, a problem document under /api/.
    let nf = app.browser().get("/no-such-page").await;
    assert_eq!(nf.status, StatusCode::NOT_FOUND);
    assert!(nf.text.contains("Page not found"));
    let api = app.browser().get("/api/v1/no-such").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.text.contains("urn:assize:problem:not-found"));
}

#[tokio::test]
async fn court_staff_see_todays_hearings_and_the_whole_case() {
    let app = TestApp::spawn().await;
    let (case, _) = two_defendant_case(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let home = b.get("/").await;
    let todays = home.text_of("[data-test=todays-hearings]");
    assert!(todays.contains("01AB7700126"), "{todays}");
    assert!(home.has(&format!(
        "[data-test=todays-hearings] a[href^='/cases/{case}/hearings/']"
    )));

    let page = b.get(&format!("/cases/{case}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.all("[data-test=defendant]").len(), 2);
    assert!(
        page.text.contains("3 February 1990"),
        "dates of birth shown to the court"
    );
    assert!(page.text_of("#defendants").contains("ASN"));
    assert!(page.has("[data-test=timeline] .moj-timeline__item"));
    assert!(page.has(&format!(
        "a[href^='/cases/{case}/hearings/'][href$='/result']"
    )));
    assert!(
        page.text_of("[data-test=witnesses]")
            .contains("Vera Victim")
    );
    assert!(
        page.text_of("[data-test=witnesses]")
            .contains("07700 900999")
    );
    assert!(page.has(&format!("body[data-live-url='/api/v1/cases/{case}/live']")));
    // The resulting screen announces later changes (after the version its form is based on).
    let result_link = page.all("a[href$='/result']")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let form = b.get(&result_link).await;
    let version = page.text_of("[data-live-region=case] .govuk-body-s");
    let version = version.trim_start_matches("Version ").trim();
    assert!(form.has(&format!(
        "body[data-live-url='/api/v1/cases/{case}/live?last_event_id={version}']"
    )));
    assert!(form.has("#live-banner[hidden]"), "nothing announced yet");

    // The judiciary see the day's list, without resulting links.
    let j = app.signed_in(Role::Judicial, A).await;
    let jh = j.get("/").await;
    assert!(
        jh.text_of("[data-test=todays-hearings]")
            .contains("01AB7700126")
    );
    assert!(!jh.has("a[href$='/result']"));

    // Another court's staff: the same "not found" as a case that does not exist.
    let other = app.signed_in(Role::LegalAdviser, B).await;
    let p = other.get(&format!("/cases/{case}")).await;
    let absent = other.get(&format!("/cases/{}", Uuid::now_v7())).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(absent.status, StatusCode::NOT_FOUND);
    assert!(!p.text.contains("01AB7700126"));
    assert_eq!(p.text_of("main"), absent.text_of("main"));
    assert!(!other.get("/").await.text.contains("01AB7700126"));
}

#[tokio::test]
async fn prosecutors_and_police_see_their_cases_but_cannot_result() {
    let app = TestApp::spawn().await;
    let (case, _) = two_defendant_case(&app).await;
    for role in [Role::Prosecutor, Role::PoliceAdmin] {
        let b = app.signed_in(role, A).await;
        let home = b.get("/").await;
        assert!(
            home.text_of("[data-test=my-cases]").contains("01AB7700126"),
            "{role:?}"
        );
        let page = b.get(&format!("/cases/{case}")).await;
        assert_eq!(page.status, StatusCode::OK, "{role:?}");
        assert!(!page.has("a[href$='/result']"), "{role:?} may not result");
        assert!(
            !page.has("form[action$='/representation/leave']"),
            "{role:?} has no defence actions"
        );
        assert!(
            page.has("[data-test=timeline]"),
            "{role:?} sees the timeline"
        );
        let other = app.signed_in(role, B).await;
        assert_eq!(
            other.get(&format!("/cases/{case}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn defence_sees_its_client_in_full_and_nothing_of_another_firms_client() {
    let app = TestApp::spawn().await;
    let (case, ids) = two_defendant_case(&app).await;
    let firm_a = app.signed_in(Role::DefenceSolicitor, A).await;
    let home = firm_a.get("/").await;
    assert!(home.text_of("[data-test=my-cases]").contains("01AB7700126"));
    let page = firm_a.get(&format!("/cases/{case}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let client = page.text_of(&format!("#defendant-{}", ids[0]));
    let codefendant = page.text_of(&format!("#defendant-{}", ids[1]));
    assert!(
        client.contains("Date of birth") && client.contains("ASN"),
        "{client}"
    );
    assert!(
        codefendant.contains("Carla Codefendant"),
        "co-defendant as on the charge sheet"
    );
    assert!(
        !codefendant.contains("Date of birth") && !codefendant.contains("ASN"),
        "{codefendant}"
    );
    assert!(
        !page.text.contains("9 Secret Road") && !page.text.contains("07700 900999"),
        "no victim contact details for the defence"
    );
    assert!(page.has(&format!(
        "form[action='/cases/{case}/defendants/{}/representation/leave']",
        ids[0]
    )));
    assert!(!page.has("a[href$='/result']"));

    let firm_b = app.signed_in(Role::DefenceSolicitor, B).await;
    let p = firm_b.get(&format!("/cases/{case}")).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert!(!p.text.contains("Tomasz") && !p.text.contains("01AB7700126"));
    let s = firm_b.get("/search?q=Tomasz+Client").await;
    assert!(s.text.contains("0 cases found"), "{}", s.text_of("main"));
    assert!(!firm_b.get("/").await.text.contains("01AB7700126"));
}

#[tokio::test]
async fn search_reads_the_box_by_its_shape_and_keeps_errors_on_the_field() {
    let app = TestApp::spawn().await;
    let (case, _) = two_defendant_case(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    for q in ["01AB7700126", "tomasz cli", "CARLA"] {
        let s = b.get(&format!("/search?q={}", q.replace(' ', "+"))).await;
        assert_eq!(s.status, StatusCode::OK, "{q}");
        assert!(
            s.has(&format!(
                "[data-test=search-results] a[href='/cases/{case}']"
            )),
            "{q}: {}",
            s.text_of("main")
        );
    }
    let by_dob = b
        .get("/search?q=tomasz&dob-day=3&dob-month=2&dob-year=1990")
        .await;
    assert!(by_dob.has(&format!("a[href='/cases/{case}']")));
    let wrong_dob = b
        .get("/search?q=tomasz&dob-day=4&dob-month=2&dob-year=1990")
        .await;
    assert!(wrong_dob.text.contains("0 cases found"));
    let bad = b
        .get("/search?q=tomasz&dob-day=31&dob-month=2&dob-year=1990")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has(".govuk-error-summary a[href='#dob-day']"));
    assert!(bad.has("input#q[value='tomasz']"), "input kept");
    let empty = b.get("/search?q=").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.has(".govuk-error-summary a[href='#q']"));
}

#[tokio::test]
async fn navigation_offers_each_role_only_what_the_policy_allows() {
    let app = TestApp::spawn().await;
    let nav = "nav .govuk-service-navigation__list";
    for (role, new_case, audit) in [
        (Role::PoliceAdmin, true, false),
        (Role::Prosecutor, true, false),
        (Role::LegalAdviser, false, false),
        (Role::DefenceSolicitor, false, false),
        (Role::Judicial, false, false),
        (Role::Auditor, false, true),
    ] {
        let home = app.signed_in(role, A).await.get("/").await;
        assert_eq!(
            home.has(&format!("{nav} a[href='/cases/new']")),
            new_case,
            "{role:?}: send a new case"
        );
        assert_eq!(
            home.has(&format!("{nav} a[href='/audit']")),
            audit,
            "{role:?}: access log"
        );
        assert!(home.has(&format!("{nav} a[href='/'][aria-current=page]")));
    }
}
