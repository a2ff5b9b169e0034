//! The auditor's access-log page: entries found by user, by case and by court dates, paged,
//! its own searches logged; closed to everyone else.

use assize_domain::access::Role;
use reqwest::StatusCode;

use crate::harness::*;
use crate::web::Page;

const A: Side = Side::A;

fn rows(p: &Page) -> Vec<String> {
    p.all("[data-test=access-log] tbody tr")
        .iter()
        .map(|r| r.text().collect::<Vec<_>>().join(" "))
        .collect()
}

fn next_href(p: &Page) -> String {
    p.all(".govuk-pagination__next a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string()
}

/// Today on the London calendar as the date boxes' query string for `from` and `to`.
fn days(from: &str, to: &str) -> String {
    let d = |key: &str, v: &str| {
        let d: jiff::civil::Date = v.parse().unwrap();
        format!(
            "{key}-day={}&{key}-month={}&{key}-year={}",
            d.day(),
            d.month(),
            d.year()
        )
    };
    format!("{}&{}", d("from", from), d("to", to))
}

#[tokio::test]
async fn the_auditor_finds_entries_by_user_case_and_date() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB5500126",
            &[("Ada Lovelace", &["TH68010"], "in_custody")],
        ))
        .await;
    let (other, _) = app
        .create_case(&case_json(
            "01AB5500226",
            &[("Bob Other", &["TH68010"], "in_custody")],
        ))
        .await;
    // 26 reads of the first case by the legal adviser: more than a page.
    for _ in 0..26 {
        app.court_view(case).await;
    }
    app.court_view(other).await;

    let b = app.signed_in(Role::Auditor, A).await;
    assert!(b.get("/").await.has("nav a[href='/audit']"));
    let blank = b.get("/audit").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(!blank.has("[data-test=access-log]"), "nothing searched yet");

    // By user: only the legal adviser's reads, newest first, with names and organisations.
    let p = b.get("/audit?user=legal_adviser.a").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    let r = rows(&p);
    assert_eq!(r.len(), 25, "one page");
    assert!(
        r.iter().all(|t| t.contains("legal_adviser.a")
            && t.contains("court A")
            && t.contains("Read the case")),
        "{r:?}"
    );
    assert!(r[0].contains("01AB5500226"), "newest first: {}", r[0]);
    let next = p.all(".govuk-pagination__next a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(
        next.contains("user=legal_adviser.a") && next.contains("page=2"),
        "{next}"
    );
    let p2 = b.get(&next).await;
    assert_eq!(rows(&p2).len(), 2);
    assert!(p2.has(".govuk-pagination__prev a[href*='page=1']"));
    assert!(!p2.has(".govuk-pagination__next"));

    // By case (URN), whoever it was: the police's creation is there, the other case is not.
    let p = b.get("/audit?case=01ab5500126").await;
    let mut r = rows(&p);
    // Page 2 is the log as page 1 saw it: the auditor's own search since does not shift it.
    r.extend(rows(&b.get(&next_href(&p)).await));
    assert_eq!(r.len(), 27, "26 reads and the creation, none twice: {r:?}");
    assert!(r.iter().all(|t| t.contains("01AB5500126")), "{r:?}");
    assert!(
        r[26].contains("police_admin.a") && r[26].contains("Sent the case in"),
        "{}",
        r[26]
    );
    assert!(
        p.has("a[href='/audit?case=01AB5500126']"),
        "each case links to its own entries"
    );
    let by_id = b
        .get(&format!("/audit?case={case}&user=police_admin.a"))
        .await;
    assert_eq!(rows(&by_id).len(), 1, "{:?}", rows(&by_id));

    // By date: today (London) has them all; a day long past has none.
    let today = day(0);
    let p = b
        .get(&format!("/audit?case=01AB5500226&{}", days(&today, &today)))
        .await;
    assert_eq!(rows(&p).len(), 2, "created and read today: {:?}", rows(&p));
    let p = b
        .get(&format!(
            "/audit?case=01AB5500226&{}",
            days("2001-05-01", "2001-05-02")
        ))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(rows(&p).is_empty() && p.text.contains("No entries"));

    // Problems are reported against their inputs.
    let p = b
        .get("/audit?user=nobody.at.all&to-day=31&to-month=2&to-year=2026")
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has(".govuk-error-summary a[href='#user']"));
    assert!(p.has(".govuk-error-summary a[href='#to-day']"));
    assert!(p.has("input#user[value='nobody.at.all']"));
    let p = b.get(&format!("/audit?{}", days(&today, &day(-1)))).await;
    assert!(
        p.text
            .contains("The end date must be the same as or after the start date")
    );

    // The auditor's own searches are in the log.
    let auditor = app.users[&(Role::Auditor, A)];
    let p = b.get("/audit?user=auditor.a").await;
    assert!(
        rows(&p)
            .iter()
            .any(|t| t.contains("Searched the access log")),
        "{:?}",
        rows(&p)
    );
    let api = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?user_id={auditor}"),
        )
        .await;
    assert!(
        api.body
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "access_log_read")
    );
}

#[tokio::test]
async fn only_auditors_read_the_access_log() {
    let app = TestApp::spawn().await;
    for role in [
        Role::LegalAdviser,
        Role::Prosecutor,
        Role::DefenceSolicitor,
        Role::CourtAdmin,
    ] {
        let b = app.signed_in(role, A).await;
        assert!(!b.get("/").await.has("nav a[href='/audit']"), "{role:?}");
        let p = b.get("/audit?user=legal_adviser.a").await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(!p.has("[data-test=access-log]"));
    }
}
