//! The operators' pages of notices to agencies, as a browser without JavaScript sees them: the
//! recipients and the alert, one recipient's settings and notices, replaying dead letters and one
//! notice, the settings form (every problem at once, nothing changed; a stale form refused), and
//! the routing of a result code to agencies. Only operators (the auditor) see any of it.

use std::time::Duration;

use assize_api::config::{Config, DeliveryConfig};
use assize_api::notices::dispatcher::Dispatcher;
use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::*;
use crate::notices_feed::{recipient, resulted_case};
use crate::web::Page;

mod routes;
mod settings;

const OPERATOR: (Role, Side) = (Role::Auditor, Side::A);
const SECRET: &str = "a-webhook-secret-of-forty-characters-xyz";

fn fast() -> DeliveryConfig {
    DeliveryConfig {
        alert_after: jiff::SignedDuration::from_secs(1),
        retry_base: Duration::from_millis(20),
        retry_cap: Duration::from_millis(100),
        request_timeout: Duration::from_millis(700),
        poll_interval: Duration::from_millis(50),
    }
}

/// A fine recorded on a new case: notices to the force, the prosecutor and fines enforcement.
/// The force's recipient, as the operators' API shows it.
async fn fined(app: &TestApp, n: u32) -> Value {
    resulted_case(
        app,
        &format!("01AB{:05}26", 20000 + n),
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    recipient(app, OPERATOR, "police_force").await.unwrap()
}

/// Poll the force's figures until `done` holds (at most 20 s).
async fn until(app: &TestApp, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        let r = recipient(app, OPERATOR, "police_force").await.unwrap();
        if done(&r) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

fn attr(p: &Page, selector: &str, name: &str) -> String {
    p.all(selector)
        .first()
        .and_then(|e| e.value().attr(name))
        .unwrap_or_else(|| panic!("{selector}[{name}] on the page:\n{}", p.text))
        .to_string()
}

/// The settings form's fields as read, with `changes` over them.
fn settings_form(p: &Page, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("csrf", p.csrf()),
        ("version", attr(p, "input[name=version]", "value")),
        ("name", attr(p, "#name", "value")),
        ("org-id", attr(p, "#org-id", "value")),
        (
            "delivery",
            attr(p, "input[name=delivery][checked]", "value"),
        ),
        ("webhook-url", attr(p, "#webhook-url", "value")),
        ("webhook-secret", String::new()),
        ("max-attempts", attr(p, "#max-attempts", "value")),
    ];
    for (k, v) in changes {
        f.retain(|(n, _)| n != k);
        f.push((k, v.to_string()));
    }
    f
}

fn pairs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn web_operators_see_every_recipient_and_others_are_refused() {
    let app = TestApp::spawn().await;
    let force = fined(&app, 1).await;
    let id = force["recipient_id"].as_str().unwrap().to_string();
    let b = app.signed_in(OPERATOR.0, OPERATOR.1).await;
    let home = b.get("/").await;
    assert!(
        home.has("a[data-test=notices-admin-link][href='/admin/notices']"),
        "operators are led to the notices"
    );
    let list = b.get("/admin/notices").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(
        list.all("[data-test=recipient]").len() >= 3,
        "the force, the prosecutor and fines enforcement"
    );
    let table = list.text_of("[data-test=recipients]");
    assert!(
        table.contains("Police force (charging force)")
            && table.contains("Fines enforcement")
            && table.contains("Pull feed"),
        "{table}"
    );
    assert!(
        list.text.contains("15 minutes"),
        "the threshold in words: {}",
        list.text
    );
    assert!(!list.has("[data-test=notices-alert]"), "nothing waits long");
    let href = format!("/admin/notices/recipients/{id}");
    assert!(list.has(&format!("a[data-test=recipient-link][href='{href}']")));

    let p = b.get(&href).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(p.text_of("[data-test=setting-secret]").trim(), "Not set");
    assert_eq!(
        p.text_of("[data-test=setting-delivery]").trim(),
        "Pull feed"
    );
    assert!(p.has(&format!(
        "a[data-test=change-settings][href='{href}/settings']"
    )));
    assert_eq!(p.all("[data-test=notice]").len(), 1);
    assert_eq!(p.text_of("[data-test=notice-state]").trim(), "Pending");
    assert!(
        !p.has("[data-test=replay-form]"),
        "a pending notice is not replayed"
    );
    assert!(!p.has("[data-test=replay-dead-form]"), "no dead letters");
    let routes = b.get("/admin/notices/routes").await;
    assert_eq!(routes.status, StatusCode::OK, "{}", routes.text);

    for role in [Role::LegalAdviser, Role::PoliceAdmin] {
        let other = app.signed_in(role, Side::A).await;
        let home = other.get("/").await;
        assert!(!home.has("a[data-test=notices-admin-link]"), "{role:?}");
        let csrf = home.csrf();
        for path in [
            "/admin/notices".to_string(),
            href.clone(),
            format!("{href}/settings"),
            "/admin/notices/routes".into(),
            "/admin/notices/routes/1015".into(),
        ] {
            assert_eq!(
                other.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{role:?} {path}"
            );
        }
        let refused = other
            .post_form(&format!("{href}/replay-dead"), &[("csrf", &csrf)])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
        let refused = other
            .post_form(
                "/admin/notices/routes/1015",
                &[("csrf", &csrf), ("kinds", "dvla")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_a_webhook_is_set_up_its_dead_letters_alert_and_are_replayed() {
    let app = TestApp::spawn_with(Config {
        delivery: fast(),
        ..Config::default()
    })
    .await;
    let dispatcher = Dispatcher::spawn(app.store.clone(), fast()).unwrap();
    let force = fined(&app, 2).await;
    let id = force["recipient_id"].as_str().unwrap().to_string();
    let href = format!("/admin/notices/recipients/{id}");
    let b = app.signed_in(OPERATOR.0, OPERATOR.1).await;

    // Pointed at a closed port, failing once is enough for a dead letter.
    let form = b.get(&format!("{href}/settings")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let fields = settings_form(
        &form,
        &[
            ("name", "Force A results unit"),
            ("delivery", "webhook"),
            ("webhook-url", "http://127.0.0.1:9/x"),
            ("webhook-secret", SECRET),
            ("max-attempts", "1"),
        ],
    );
    let saved = b
        .post_form(&format!("{href}/settings"), &pairs(&fields))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(
        saved.url.ends_with(&format!("{href}?saved=1")),
        "{}",
        saved.url
    );
    assert!(saved.has("[data-test=recipient-done]"));
    assert_eq!(saved.text_of("[data-test=setting-secret]").trim(), "Set");
    assert!(!saved.text.contains(SECRET), "the secret is never shown");
    until(&app, "a dead letter", |r| r["dead"] == 1).await;

    let p = b.get(&href).await;
    assert_eq!(p.text_of("[data-test=dead-count]").trim(), "1");
    assert_eq!(p.text_of("[data-test=notice-state]").trim(), "Dead letter");
    let replayed = b
        .post_form(&format!("{href}/replay-dead"), &[("csrf", &p.csrf())])
        .await;
    assert_eq!(replayed.status, StatusCode::OK, "{}", replayed.text);
    assert!(
        replayed
            .text_of("[data-test=recipient-done]")
            .contains("1 notice put back in line"),
        "{}",
        replayed.text
    );
    until(&app, "dead again", |r| r["dead"] == 1).await;

    // One notice replayed by its own button; the alert is up meanwhile (threshold 1 second).
    let p = b.get(&href).await;
    let action = attr(&p, "[data-test=replay-form]", "action");
    assert!(action.starts_with("/admin/notices/notices/"), "{action}");
    let one = b.post_form(&action, &[("csrf", &p.csrf())]).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    assert!(one.url.contains(&href), "{}", one.url);
    assert!(one.has("[data-test=recipient-done]"));
    let logged = app.get(OPERATOR, "/api/v1/access-log?limit=500").await;
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.body);
    let actions: Vec<&str> = logged
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in [
        "recipient_configured",
        "dead_letters_replayed",
        "notice_replayed",
    ] {
        assert!(actions.contains(&a), "{a} logged: {actions:?}");
    }
    until(&app, "dead once more", |r| r["dead"] == 1).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let list = b.get("/admin/notices").await;
    assert!(list.has("[data-test=notices-alert]"), "{}", list.text);
    assert!(
        list.text_of("[data-test=notices-alert]")
            .contains("longer than 1 second"),
        "{}",
        list.text_of("[data-test=notices-alert]")
    );
    assert!(list.has("[data-test=alert-tag]"));
    // Not a notice id: nothing to replay.
    let none = b
        .post_form(
            "/admin/notices/notices/00000000-0000-0000-0000-000000000000/replay",
            &[("csrf", &p.csrf())],
        )
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    dispatcher.stop().await;
}
