//! The settings form of a recipient: every problem at once with nothing changed, a stale form
//! refused, an unknown organisation refused by the service.

use reqwest::StatusCode;

use super::{OPERATOR, attr, fined, pairs, settings_form};
use crate::harness::TestApp;
use crate::notices_feed::recipient;

#[tokio::test]
async fn web_the_settings_form_shows_every_problem_and_refuses_a_stale_version() {
    let app = TestApp::spawn().await;
    let force = fined(&app, 3).await;
    let id = force["recipient_id"].as_str().unwrap().to_string();
    let href = format!("/admin/notices/recipients/{id}/settings");
    let b = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    let form = b.get(&href).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert_eq!(attr(&form, "#webhook-secret", "type"), "password");

    let bad = settings_form(
        &form,
        &[
            ("name", ""),
            ("org-id", "not-an-id"),
            ("delivery", "webhook"),
            ("webhook-url", "ftp://somewhere"),
            ("webhook-secret", "short"),
            ("max-attempts", "lots"),
        ],
    );
    let p = b.post_form(&href, &pairs(&bad)).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.text);
    let links: Vec<String> = p
        .all("[data-test=error-summary] a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "#name",
            "#org-id",
            "#webhook-url",
            "#webhook-secret",
            "#max-attempts"
        ],
        "every problem, in the form's order"
    );
    assert!(p.has("#org-id-error") && p.has("#max-attempts-error"));
    assert_eq!(attr(&p, "#webhook-url", "value"), "ftp://somewhere", "kept");
    assert_eq!(attr(&p, "#webhook-secret", "value"), "", "never echoed");
    let after = recipient(&app, OPERATOR, "police_force").await.unwrap();
    assert_eq!(after, force, "nothing changed");

    // Saved once; the same form sent again (its version now stale) is refused.
    let good = settings_form(&form, &[("name", "Force A results")]);
    let saved = b.post_form(&href, &pairs(&good)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let stale = settings_form(&form, &[("name", "Force A, overwritten")]);
    let p = b.post_form(&href, &pairs(&stale)).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.text);
    assert!(p.has("[data-test=settings-conflict]"));
    let after = recipient(&app, OPERATOR, "police_force").await.unwrap();
    assert_eq!(after["name"], "Force A results");
    assert_eq!(after["version"], force["version"].as_i64().unwrap() + 1);
    // An unknown organisation is the service's refusal, shown against its input.
    let fresh = b.get(&href).await;
    let unknown = settings_form(
        &fresh,
        &[("org-id", "00000000-0000-7000-8000-000000000000")],
    );
    let p = b.post_form(&href, &pairs(&unknown)).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.text);
    assert!(
        p.has("[data-test=error-summary] a[href='#org-id']"),
        "{}",
        p.text
    );
}
