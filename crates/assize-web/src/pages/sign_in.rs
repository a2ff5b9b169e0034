//! Signing in and out with a username and password (the same checks as `POST /api/v1/session`).

use askama::Template;
use assize_api::AppState;
use assize_api::auth::{hash_secret, session_cookie_value};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::WebError;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    next: String,
    username: String,
    failed: bool,
    expired: bool,
    signed_out: bool,
}

#[derive(Deserialize, Default)]
pub struct SignInQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    expired: Option<String>,
    #[serde(default)]
    signed_out: Option<String>,
}

/// Only a path on this site may be the place to go after signing in (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.into(),
        _ => "/".into(),
    }
}

pub async fn form(
    q: Result<Query<SignInQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|q| q.0).unwrap_or_default();
    let page = SignInPage {
        chrome: Chrome::anonymous("Sign in"),
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        failed: false,
        expired: q.expired.is_some(),
        signed_out: q.signed_out.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    Form(f): Form<SignInForm>,
) -> Result<Response, WebError> {
    let next = safe_next(f.next.as_deref());
    match assize_api::auth::start_session(&state, &f.username, &f.password).await {
        Ok((_, cookie)) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().insert(header::SET_COOKIE, cookie);
            Ok(resp)
        }
        Err(assize_api::error::ApiError::Unauthenticated) => {
            let page = SignInPage {
                chrome: Chrome::anonymous("Error: Sign in"),
                next,
                username: f.username,
                failed: true,
                expired: false,
                signed_out: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    viewer.check_csrf(&f.csrf)?;
    let mut parts = axum::http::Request::new(()).into_parts().0;
    parts.headers = headers;
    if let Some(session) = session_cookie_value(&parts) {
        state
            .store
            .delete_session(&hash_secret(&session))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
    }
    let mut resp = Redirect::to("/sign-in?signed_out=1").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        assize_api::auth::cleared_session_cookie(),
    );
    Ok(resp)
}

/// Extends the session (any signed-in request does); used by the expiry warning's button.
pub async fn keep_alive(_viewer: Viewer) -> StatusCode {
    StatusCode::NO_CONTENT
}
