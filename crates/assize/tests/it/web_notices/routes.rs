//! The routing of result codes to agencies, as the operators change it on the pages.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{OPERATOR, attr, pairs};
use crate::harness::*;
use crate::web::Page;

/// The routing form of a code as read, with one agency ticked or unticked.
fn route_form(p: &Page, tick: Option<&str>, untick: Option<&str>) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("csrf", p.csrf()),
        ("was", attr(p, "input[name=was]", "value")),
    ];
    for i in p.all("input[name=kinds][checked]") {
        let v = i.value().attr("value").unwrap();
        if Some(v) != untick {
            f.push(("kinds", v.to_string()));
        }
    }
    if let Some(t) = tick {
        f.push(("kinds", t.to_string()));
    }
    f
}

#[tokio::test]
async fn web_an_agency_is_routed_to_a_result_code_and_parties_cannot_be() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    let all = b.get("/admin/notices/routes").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert!(all.all("[data-test=route]").len() <= 50, "at most 50 shown");
    assert!(all.text_of("[data-test=routes-found]").contains("first 50"));
    let words = b.get("/admin/notices/routes?q=curfew").await;
    assert!(
        !words.all("[data-test=route]").is_empty()
            && words
                .text_of("[data-test=routes]")
                .to_lowercase()
                .contains("curfew"),
        "{}",
        words.text
    );
    let found = b.get("/admin/notices/routes?q=1015").await;
    assert!(found.has("a[data-test=route-link][href='/admin/notices/routes/1015']"));

    let p = b.get("/admin/notices/routes/1015").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert!(
        !p.has("input[name=kinds][value=police_force]"),
        "parties are not offered"
    );
    assert!(p.has("input[name=kinds][value=fines_enforcement][checked]"));
    assert!(!p.has("input[name=kinds][value=dvla][checked]"));
    let fields = route_form(&p, Some("dvla"), None);
    let saved = b
        .post_form("/admin/notices/routes/1015", &pairs(&fields))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(saved.has("[data-test=route-saved]"), "{}", saved.text);
    assert!(saved.text_of("[data-test=route-agencies]").contains("DVLA"));
    assert!(
        saved
            .text_of("[data-test=route-changes]")
            .contains("Added: DVLA")
    );
    let r = app.get(OPERATOR, "/api/v1/notice-routes").await;
    let row = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["cjs_code"] == "1015")
        .cloned()
        .unwrap();
    assert!(
        row["kinds"].as_array().unwrap().contains(&json!("dvla")),
        "{row}"
    );
    let changed = b.get("/admin/notices/routes?changed=1").await;
    assert_eq!(
        changed.all("[data-test=route]").len(),
        1,
        "{}",
        changed.text
    );

    // A party is refused, and nothing changes.
    let p = b.get("/admin/notices/routes/1015").await;
    let was = attr(&p, "input[name=was]", "value");
    let csrf = p.csrf();
    let refused = b
        .post_form(
            "/admin/notices/routes/1015",
            &[("csrf", &csrf), ("was", &was), ("kinds", "police_force")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    assert!(refused.has("[data-test=error-summary] a[href='#kinds']"));
    assert!(
        refused.has("input[name=kinds][value=dvla][checked]"),
        "unchanged"
    );
    // Unticked again: back to the default, no change left.
    let fields = route_form(&refused, None, Some("dvla"));
    let back = b
        .post_form("/admin/notices/routes/1015", &pairs(&fields))
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    let r = app
        .call(OPERATOR, Method::GET, "/api/v1/notice-routes", None, &[])
        .await;
    let row = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["cjs_code"] == "1015")
        .cloned()
        .unwrap();
    assert!(
        !row["kinds"].as_array().unwrap().contains(&json!("dvla")),
        "{row}"
    );
    assert_eq!(
        b.get("/admin/notices/routes/nope").await.status,
        StatusCode::NOT_FOUND
    );
}
