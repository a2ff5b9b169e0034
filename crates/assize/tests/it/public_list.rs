//! The public court list: one court's day holding every kind of protected person and
//! restriction (`court_day`), fetched without signing in as JSON, as the page and as the
//! printable page; no protected name, date of birth, address, ASN, PNC ID, URN or offence
//! wording may appear in any of them, and the unprotected defendants must. Plus its live stream.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::court_day::{case_body, protected_day, restrict};
use crate::harness::*;

/// A public address fetched with no session and no token.
async fn public_get(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = reqwest::get(format!("{}{path}", app.base))
        .await
        .expect("request");
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.text().await.expect("body"))
}

#[tokio::test]
async fn nothing_protected_appears_in_any_public_format() {
    let app = TestApp::spawn().await;
    let protected = protected_day(&app).await;
    let d = day(1);
    let json_path = format!("/api/v1/public/courts/{LONDON_MAGS}/lists/{d}");
    let page_path = format!("/lists/{LONDON_MAGS}/{d}");
    let print_path = format!("{page_path}?print=1");
    for path in [&json_path, &page_path, &print_path] {
        let (status, headers, body) = public_get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        for secret in &protected.secrets {
            assert!(!body.contains(secret.as_str()), "{path} publishes {secret}");
        }
        for name in &protected.named {
            assert!(body.contains(name), "{path} should name {name}");
        }
        assert!(body.contains("Reporting restrictions apply"), "{path}");
        assert!(
            !body.contains("OFFICIAL"),
            "{path}: a public page carries no marking"
        );
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        if path != &json_path {
            assert!(headers.contains_key("content-security-policy"), "{path}");
        }
    }
    let (_, _, body) = public_get(&app, &json_path).await;
    let list: Value = serde_json::from_str(&body).unwrap();
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 9, "{list}");
    let lines: Vec<i64> = entries
        .iter()
        .map(|e| e["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, (1..=9).collect::<Vec<_>>());
    // The postponed case: nothing but the time, the courtroom and the notice.
    let bare: Vec<&Value> = entries
        .iter()
        .filter(|e| e["hearing_type"].is_null())
        .collect();
    assert_eq!(bare.len(), 1, "{list}");
    assert_eq!(bare[0]["defendants"], json!([]));
    assert_eq!(bare[0]["prosecutor"], Value::Null);
    let withheld = entries
        .iter()
        .flat_map(|e| e["defendants"].as_array().unwrap())
        .filter(|d| d["withheld"] == true)
        .count();
    assert_eq!(
        withheld, 3,
        "the youth, the s.45 and the s.11 defendants: {list}"
    );
    let flagged = entries
        .iter()
        .filter(|e| e["reporting_restrictions"] == true)
        .count();
    assert_eq!(flagged, 6, "{list}");
}

#[tokio::test]
async fn public_lists_need_no_sign_in_and_name_no_unknown_court_or_day() {
    let app = TestApp::spawn().await;
    let (status, _, body) = public_get(&app, &format!("/lists/{LONDON_MAGS}/{}", day(400))).await;
    assert_eq!(status, StatusCode::OK, "a future day is allowed: {body}");
    assert!(body.contains("No hearings are listed"));
    for path in [
        "/api/v1/public/courts/B99ZZ99/lists/2026-11-16".to_string(),
        format!("/api/v1/public/courts/{LONDON_MAGS}/lists/16-11-2026"),
        "/lists/B99ZZ99/2026-11-16".to_string(),
        format!("/api/v1/public/courts/{LONDON_MAGS}/lists/2026-13-01/live"),
    ] {
        let (status, _, _) = public_get(&app, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _, _) = public_get(
        &app,
        &format!("/api/v1/courts/{LONDON_MAGS}/lists/{}", day(0)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the internal list needs a sign-in"
    );
}

/// The next `list_changed` of an open stream within `wait`, skipping keep-alives.
async fn next_event(resp: &mut reqwest::Response, wait: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = String::new();
    loop {
        if let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            if block.lines().any(|l| l.starts_with("event:")) {
                return Some(block);
            }
            continue;
        }
        match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Ok(Ok(Some(b))) => buf.push_str(&String::from_utf8_lossy(&b)),
            _ => return None,
        }
    }
}

#[tokio::test]
async fn the_public_stream_announces_changes_at_its_court_only() {
    let app = TestApp::spawn().await;
    let body = case_body(
        "01AB4000126",
        40001,
        &[("Nora", "Noticed", "1980-01-01", "in_custody")],
        &[],
    );
    let (case, v) = app.create_case(&body).await;
    let open = |ou: &str| {
        let url = format!(
            "{}/api/v1/public/courts/{ou}/lists/{}/live",
            app.base,
            day(1)
        );
        async move { reqwest::get(url).await.expect("stream") }
    };
    let mut london = open(LONDON_MAGS).await;
    let mut thames = open(TV_MAGS).await;
    assert_eq!(london.status(), StatusCode::OK);
    restrict(&app, case, v, json!({"basis": "cca1981_s4_2"})).await;
    let block = next_event(&mut london, Duration::from_secs(5))
        .await
        .expect("list_changed");
    assert!(block.contains("event: list_changed"), "{block}");
    assert!(
        block.contains("data: {}"),
        "no case id or personal data: {block}"
    );
    assert!(!block.contains(&case.to_string()));
    assert_eq!(
        next_event(&mut thames, Duration::from_millis(700)).await,
        None
    );
}
