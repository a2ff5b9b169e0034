//! Signing in and out (people), who am I, and a health check.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authed, hash_secret};
use crate::error::{ApiResult, Problem};
use crate::extract::ApiJson;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// Liveness: answers without touching the database (also the static reference for benchmarks).
#[utoipa::path(get, path = "/health", tag = "session", security(()), responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// The signed-in user and their organisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub organisation_kind: String,
    pub court_ous: Vec<String>,
}

impl From<&assize_store::Actor> for Me {
    fn from(a: &assize_store::Actor) -> Self {
        Me {
            user_id: a.user_id,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().into(),
            organisation_id: a.org_id,
            organisation_name: a.org_name.clone(),
            organisation_kind: a.org_kind.as_str().into(),
            court_ous: a.court_ous.clone(),
        }
    }
}

/// Sign in with a username and password; sets the HttpOnly, SameSite=Strict session cookie.
#[utoipa::path(post, path = "/session", tag = "session", security(()), request_body = SignIn,
    responses((status = 201, body = Me, description = "Signed in; the session cookie is set"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sign_in(State(state): State<AppState>, body: ApiJson<SignIn>) -> ApiResult<Response> {
    let SignIn { username, password } = body.value;
    let (actor, cookie) = crate::auth::start_session(&state, &username, &password).await?;
    let mut resp = (StatusCode::CREATED, Json(Me::from(&actor))).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(resp)
}

/// Sign out: ends the session on the server and clears the cookie.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Signed out"), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn sign_out(
    State(state): State<AppState>,
    _who: Authed,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let mut parts = axum::http::Request::new(()).into_parts().0;
    parts.headers = headers;
    if let Some(session) = crate::auth::session_cookie_value(&parts) {
        state.store.delete_session(&hash_secret(&session)).await?;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, crate::auth::cleared_session_cookie());
    Ok(resp)
}

/// Who is signed in.
#[utoipa::path(get, path = "/me", tag = "session",
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(who: Authed) -> Json<Me> {
    Json(Me::from(&who.actor))
}
