//! A search past its time limit, over HTTP: PostgreSQL stops it, and the caller gets a 503
//! `timed-out` problem that says to narrow the search (the page: "the service is busy"), with
//! nothing logged. (SQLite has no
//! search time limit: its searches run in the server's own process.)

use std::time::Duration;

use assize_domain::access::Role;
use reqwest::StatusCode;
use sqlx::Connection;

use crate::harness::{Side, TestApp, backend, case_json};

const SEARCH: &str = "/api/v1/cases?name=quennell";

#[tokio::test]
async fn a_search_past_its_time_limit_is_answered_503_timed_out_and_logs_nothing() {
    if backend() != "postgres" {
        return;
    }
    let app = TestApp::spawn_serving(Default::default(), |store| {
        store.with_search_time_limit(Duration::from_millis(200))
    })
    .await;
    let (case_id, _) = app
        .create_case(&case_json(
            "01AB7000001",
            &[("Ann Quennell", &["TH68010"], "unconditional_bail")],
        ))
        .await;
    let officer = (Role::LegalAdviser, Side::A);
    let browser = app.signed_in(officer.0, officer.1).await;

    // Another session holds the case summaries: the search waits for them past its limit.
    let mut locker = sqlx::PgConnection::connect(&app.url).await.unwrap();
    let mut held = locker.begin().await.unwrap();
    sqlx::query("LOCK TABLE case_summary IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *held)
        .await
        .unwrap();
    let r = app.get(officer, SEARCH).await;
    let page = browser.get("/search?q=quennell").await;
    held.rollback().await.unwrap();
    locker.close().await.unwrap();
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", r.body);
    assert_eq!(r.problem_type(), "urn:assize:problem:timed-out");
    assert_eq!(r.headers["retry-after"], "5");
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.contains("narrow it"), "{detail}");
    assert!(!detail.contains("statement"), "no driver detail: {detail}");
    // The page says the same, in the service's own frame.
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.text_of("h1").trim(), "Sorry, the service is busy");
    assert!(page.text.contains("narrow it"), "{}", page.text);
    let user = app.users[&officer];
    assert!(app.case_entries(user, "search_hit").await.is_empty());

    // Unheld, the same search finds the case, and logs it.
    let r = app.get(officer, SEARCH).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["cases"][0]["case_id"], case_id.to_string());
    let hits = app.case_entries(user, "search_hit").await;
    assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![case_id]);
}
