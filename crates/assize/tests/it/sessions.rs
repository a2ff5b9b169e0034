//! Password sign-in, server-side sessions with idle and absolute timeouts, disabling a user,
//! and revocable API tokens.

use assize_api::Config;
use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;

async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

fn cookie_client() -> reqwest::Client {
    crate::harness::http().cookie_store(true).build().unwrap()
}

#[tokio::test]
async fn sign_in_uses_a_secure_session_cookie_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    let c = cookie_client();
    assert_eq!(
        sign_in(&app, &c, "legal_adviser.a", "wrong password")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, &c, "nobody", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = sign_in(&app, &c, "legal_adviser.a", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let me: serde_json::Value = c
        .get(format!("{}/api/v1/me", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me["role"].as_str(), me["organisation_kind"].as_str()),
        (Some("legal_adviser"), Some("court"))
    );
    assert_eq!(
        c.delete(format!("{}/api/v1/session", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        c.get(format!("{}/api/v1/me", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // The old cookie value no longer works even if replayed.
    let value = cookie.split(';').next().unwrap().to_string();
    let r = crate::harness::http()
        .build()
        .unwrap()
        .get(format!("{}/api/v1/me", app.base))
        .header("cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_after_idle_and_absolute_timeouts() {
    let idle = TestApp::spawn_with(Config {
        session_idle: jiff::SignedDuration::from_secs(1),
        ..Config::default()
    })
    .await;
    let c = cookie_client();
    assert_eq!(
        sign_in(&idle, &c, "prosecutor.a", PASSWORD).await.status(),
        StatusCode::CREATED
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(
        c.get(format!("{}/api/v1/me", idle.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    let absolute = TestApp::spawn_with(Config {
        session_absolute: jiff::SignedDuration::from_secs(1),
        ..Config::default()
    })
    .await;
    let c = cookie_client();
    assert_eq!(
        sign_in(&absolute, &c, "prosecutor.a", PASSWORD)
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        c.get(format!("{}/api/v1/me", absolute.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        c.get(format!("{}/api/v1/me", absolute.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn disabling_a_user_ends_sessions_and_tokens_and_revoked_tokens_stop_working() {
    let app = TestApp::spawn().await;
    let c = cookie_client();
    assert_eq!(
        sign_in(&app, &c, "court_admin.a", PASSWORD).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.get((Role::CourtAdmin, Side::A), "/api/v1/me")
            .await
            .status,
        StatusCode::OK
    );
    app.store
        .set_user_disabled(app.users[&(Role::CourtAdmin, Side::A)], true)
        .await
        .unwrap();
    assert_eq!(
        c.get(format!("{}/api/v1/me", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get((Role::CourtAdmin, Side::A), "/api/v1/me")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, &c, "court_admin.a", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A revoked token is refused at once.
    let user = app.users[&(Role::PoliceAdmin, Side::B)];
    let tokens = app.store.list_api_tokens(user).await.unwrap();
    app.store
        .revoke_api_token(tokens[0].id, jiff::Timestamp::now())
        .await
        .unwrap();
    let r = app.get((Role::PoliceAdmin, Side::B), "/api/v1/me").await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNAUTHORIZED,
            "urn:assize:problem:unauthenticated"
        )
    );
    assert!(r.headers.contains_key("www-authenticate"));
}
