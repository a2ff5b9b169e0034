//! The daily reconciliation: every result recorded on a day with the state of its notice for
//! each required recipient, over the API and from the command line; a required notice that does
//! not exist (which the outbox makes impossible, so the test removes one behind its back) is
//! reported as an error, and the command exits with status 2.

use std::process::Command;

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::notices_feed::resulted_case;

const OPERATOR: (Role, Side) = (Role::Auditor, Side::A);

fn reconcile_cli(url: &str, date: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_assize"))
        .args(["--database-url", url, "reconcile", "--date", date, "--all"])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run assize")
}

/// Remove a notice as only a fault could (a test of the report, not of the outbox).
async fn delete_notices_of_kind(url: &str, kind: &str) {
    let sql =
        "DELETE FROM notices WHERE recipient_id IN (SELECT id FROM recipients WHERE kind = $1)";
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.replace("$1", "?")))
            .bind(kind)
            .execute(&pool)
            .await
            .unwrap();
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).bind(kind).execute(&pool).await.unwrap();
    }
}

#[tokio::test]
async fn every_result_of_the_day_is_reconciled_and_a_missing_notice_is_an_error() {
    let app = TestApp::spawn().await;
    let (case, defendant, _) = resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let today = day(0);
    let path = format!("/api/v1/notices/reconciliation?date={today}");
    assert_eq!(
        app.get((Role::LegalAdviser, Side::A), &path).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.get(OPERATOR, &path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["results"].as_array().unwrap().len(), 1, "{}", r.body);
    let result = &r.body["results"][0];
    assert_eq!(
        (result["case_id"].as_str(), result["cjs_code"].as_str()),
        (Some(case.to_string().as_str()), Some("1015"))
    );
    assert_eq!(result["defendant_id"], defendant.to_string());
    let kinds: Vec<&str> = result["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    for k in ["police_force", "prosecuting_authority", "fines_enforcement"] {
        assert!(kinds.contains(&k), "{k} required: {kinds:?}");
    }
    assert_eq!(r.body["missing"], 0);
    assert_eq!(
        r.body["pending"].as_u64(),
        Some(kinds.len() as u64),
        "nobody has read them yet"
    );
    let out = reconcile_cli(&app.url, &today);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 MISSING"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Another day has nothing; a bad date is refused.
    let r = app
        .get(
            OPERATOR,
            &format!("/api/v1/notices/reconciliation?date={}", day(-1)),
        )
        .await;
    assert_eq!(r.body["results"].as_array().unwrap().len(), 0);
    let r = app
        .get(OPERATOR, "/api/v1/notices/reconciliation?date=31-12-2026")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A notice gone: the report says so, and the command fails.
    delete_notices_of_kind(&app.url, "fines_enforcement").await;
    let r = app.get(OPERATOR, &path).await;
    assert_eq!(r.body["missing"], 1, "{}", r.body);
    let fines = r.body["results"][0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "fines_enforcement")
        .unwrap()
        .clone();
    assert_eq!(fines["state"], "missing");
    let out = reconcile_cli(&app.url, &today);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 MISSING")
            && text.contains("fines_enforcement")
            && text.contains("01AB1000126"),
        "{text}"
    );
}

#[tokio::test]
async fn the_operators_reconciliation_page_shows_the_day_and_a_missing_notice() {
    let app = TestApp::spawn().await;
    resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let path = format!("/admin/notices/reconciliation?date={}", day(0));
    let clerk = app.signed_in(Role::LegalAdviser, Side::A).await;
    assert_eq!(clerk.get(&path).await.status, StatusCode::FORBIDDEN);
    let operator = app.signed_in(Role::Auditor, Side::A).await;
    let list = operator.get("/admin/notices").await;
    assert!(
        list.has("a[data-test=reconcile-link]"),
        "linked from the operators' page"
    );
    let page = operator.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.all("[data-test=reconciled-result]").len(), 1);
    assert_eq!(page.text_of("[data-test=missing-count]").trim(), "0");
    assert!(!page.has("[data-test=missing-notices]"));

    delete_notices_of_kind(&app.url, "prosecuting_authority").await;
    let page = operator.get(&path).await;
    assert!(
        page.has("[data-test=missing-notices]"),
        "the error is shown"
    );
    assert_eq!(page.text_of("[data-test=missing-count]").trim(), "1");
    assert!(page.text.contains("MISSING"));

    let bad = operator
        .get("/admin/notices/reconciliation?date=yesterday")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.has(".govuk-error-summary a[href='#date']"),
        "{}",
        bad.text
    );
}
