//! The internal court list: each signed-in reader gets the day's hearings they may read,
//! redacted for them as a case read is, custody flagged and access-logged; a defence firm sees
//! only its own clients' cases; another court's staff see nothing. And the page and home link.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use crate::court_day::protected_day;
use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;

fn names(list: &Value) -> Vec<String> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["defendants"].as_array().unwrap().clone())
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

/// Put `side`'s firm on record for the first defendant of `case`.
async fn represent(app: &TestApp, side: Side, case: Uuid) {
    let view = app.court_view(case).await;
    let d = view["case"]["defendants"][0]["id"].as_str().unwrap();
    let path = format!("/api/v1/cases/{case}/defendants/{d}/representation");
    let r = app
        .call(
            (Role::DefenceSolicitor, side),
            Method::PUT,
            &path,
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn each_reader_gets_the_list_they_may_see() {
    let app = TestApp::spawn().await;
    let day_cases = protected_day(&app).await.cases;
    represent(&app, A, day_cases[0]).await; // Adam Adamson
    represent(&app, B, day_cases[5]).await; // Dan Defendantsix
    let path = format!("/api/v1/courts/{LONDON_MAGS}/lists/{}", day(1));

    let court = app.get((Role::LegalAdviser, A), &path).await;
    assert_eq!(court.status, StatusCode::OK, "{}", court.body);
    let entries = court.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 9);
    let all = names(&court.body);
    for name in [
        "Adam Adamson",
        "Yasmin Youngling",
        "Pippa Postponed",
        "Ella Elevenorder",
    ] {
        assert!(
            all.iter().any(|n| n == name),
            "{name} on the court's list: {all:?}"
        );
    }
    let adam = entries
        .iter()
        .flat_map(|e| e["defendants"].as_array().unwrap())
        .find(|d| d["name"] == "Adam Adamson")
        .unwrap();
    assert_eq!(adam["in_custody"], true);
    assert_eq!(adam["custody_status"], "in_custody");
    assert!(entries.iter().all(|e| e["urn"].is_string()));
    let youth = entries.iter().find(|e| e["defendants"][0]["youth"] == true);
    assert_eq!(youth.unwrap()["reporting_restrictions"], true);
    assert_eq!(
        app.list_hits(app.users[&(Role::LegalAdviser, A)])
            .await
            .len(),
        9,
        "every case listed is access-logged"
    );

    let firm_a = app.get((Role::DefenceSolicitor, A), &path).await;
    assert_eq!(names(&firm_a.body), vec!["Adam Adamson"]);
    let firm_b = app.get((Role::DefenceSolicitor, B), &path).await;
    assert_eq!(names(&firm_b.body), vec!["Dan Defendantsix"]);
    assert!(!firm_b.body.to_string().contains("Adamson"));

    let other_court = app.get((Role::LegalAdviser, B), &path).await;
    assert_eq!(other_court.status, StatusCode::OK);
    assert_eq!(other_court.body["entries"], serde_json::json!([]));
    assert_eq!(
        app.list_hits(app.users[&(Role::LegalAdviser, B)])
            .await
            .len(),
        0
    );
}

#[tokio::test]
async fn the_court_list_page_and_the_home_link() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB5000126",
            &[("Cora Custody", &["TH68010"], "in_custody")],
        ))
        .await;
    let adviser = app.signed_in(Role::LegalAdviser, A).await;
    let home = adviser.get("/").await;
    let href = format!("/courts/{LONDON_MAGS}/lists/{}", day(0));
    assert!(
        home.has(&format!("a[data-test=court-list-link][href='{href}']")),
        "{}",
        home.text
    );
    let page = adviser.get(&href).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text_of("[data-test=court-list]")
            .contains("Cora Custody")
    );
    assert!(page.has("[data-test=in-custody]"));
    assert!(page.has(&format!("a[href='/cases/{case}']")));
    assert!(page.has("body[data-live-url='/api/v1/live']"));
    assert!(page.text.contains("OFFICIAL-SENSITIVE"));
    let next_day = format!("a[href='/courts/{LONDON_MAGS}/lists/{}']", day(1));
    assert!(page.has(&next_day), "the next day's list");

    let public = app
        .browser()
        .get(&format!("/lists/{LONDON_MAGS}/{}", day(0)))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.url.contains("/lists/"), "no sign-in: {}", public.url);
    assert!(
        public
            .text_of("[data-test=public-list]")
            .contains("Custody, Cora")
    );
    assert!(!public.text.contains("01AB5000126"));
    let live = format!("/api/v1/public/courts/{LONDON_MAGS}/lists/{}/live", day(0));
    assert!(public.has(&format!("body[data-live-url='{live}']")));
    assert!(public.has("[data-live-region=list]"));
    assert!(public.has(&format!("a[href='/lists/{LONDON_MAGS}/{}']", day(1))));
    let print = app
        .browser()
        .get(&format!("/lists/{LONDON_MAGS}/{}?print=1", day(0)))
        .await;
    assert!(
        print
            .text_of("[data-test=public-list]")
            .contains("Custody, Cora")
    );
    assert!(!print.has("script"), "the printable list is plain");
}

#[tokio::test]
async fn one_courtrooms_list_for_its_door_internal_and_public() {
    use crate::listing::{court_day, list, room, sitting};
    let app = TestApp::spawn().await;
    let date = court_day(1);
    let cap = serde_json::json!({"minutes": 150});
    let mut rooms = Vec::new();
    for (name, urn, person) in [
        ("Court 4", "01AB5100126", "Dana Doorway"),
        ("Court 5", "01AB5100226", "Eli Elsewhere"),
    ] {
        let r = room(&app, A, LONDON_MAGS, name, false, false).await;
        let s = sitting(
            &app,
            A,
            LONDON_MAGS,
            r,
            &date,
            "morning",
            "mixed",
            cap.clone(),
        )
        .await;
        let (case, _) = app
            .create_case(&case_json(
                urn,
                &[(person, &["TH68010"], "conditional_bail")],
            ))
            .await;
        let body = serde_json::json!({"court_ou": LONDON_MAGS, "hearing_date": date, "hearing_type": "MNTN", "sitting_id": s});
        assert_eq!(list(&app, case, body).await.status, StatusCode::OK);
        rooms.push(r);
    }
    let adviser = app.signed_in(Role::LegalAdviser, A).await;
    let whole = adviser
        .get(&format!("/courts/{LONDON_MAGS}/lists/{date}"))
        .await;
    let door = format!("/courts/{LONDON_MAGS}/lists/{date}?courtroom={}", rooms[0]);
    assert!(
        whole.has(&format!("a[data-test=courtroom-only][href='{door}']")),
        "{}",
        whole.text
    );
    let one = adviser.get(&door).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    let text = one.text_of("[data-live-region=list]");
    assert!(
        text.contains("Dana Doorway") && !text.contains("Eli Elsewhere"),
        "{text}"
    );
    assert!(one.has("a[data-test=whole-court]") && !one.has("[data-test=courtroom-only]"));
    let bad = adviser
        .get(&format!(
            "/courts/{LONDON_MAGS}/lists/{date}?courtroom=court-4"
        ))
        .await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND, "{}", bad.text);

    let anyone = app.browser();
    let public = anyone
        .get(&format!(
            "/lists/{LONDON_MAGS}/{date}?courtroom={}",
            rooms[1]
        ))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    let text = public.text_of("[data-test=public-list]");
    assert!(
        text.contains("Elsewhere, Eli") && !text.contains("Doorway"),
        "{text}"
    );
    let print = format!("/lists/{LONDON_MAGS}/{date}?print=1&courtroom={}", rooms[1]);
    assert!(public.has(&format!("a[data-test=print-link][href='{print}']")));
    let printed = anyone.get(&print).await.text_of("[data-test=public-list]");
    assert!(
        printed.contains("Elsewhere, Eli") && !printed.contains("Doorway"),
        "{printed}"
    );
}
