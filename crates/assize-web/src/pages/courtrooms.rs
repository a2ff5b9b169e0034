//! A court's courtrooms — the rooms its sittings are set up in, with what each is fitted for
//! (the youth court, a secure dock for defendants in custody) — and, for its court admins, a form
//! to add one through the same service as `POST /api/v1/courts/{ou}/courtrooms`.

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{court_rooms, create_courtroom};
use assize_domain::case::DomainError;
use assize_domain::ids::OuCode;
use assize_domain::listing::{Courtroom, NewCourtroom};
use assize_domain::refdata::RefData;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::pages::posted::{Posted, error_for};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "courtrooms.html")]
struct CourtroomsPage {
    chrome: Chrome,
    ou: String,
    court_name: String,
    rooms: Vec<Courtroom>,
    may_add: bool,
    added: bool,
    name: String,
    youth_suitable: bool,
    secure_dock: bool,
    errors: Vec<(String, String)>,
}

impl CourtroomsPage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    added: Option<String>,
}

async fn build(state: &AppState, viewer: &Viewer, ou: &str) -> Result<CourtroomsPage, WebError> {
    let (rooms, may_add) = court_rooms(state, &viewer.who, ou).await?;
    let court_name = OuCode::parse(ou)
        .ok()
        .and_then(|c| RefData::global().court(&c).map(|c| c.name.clone()))
        .unwrap_or_else(|| ou.to_string());
    Ok(CourtroomsPage {
        chrome: viewer.chrome(format!("Courtrooms: {court_name}"), ""),
        ou: ou.to_string(),
        court_name,
        rooms,
        may_add,
        added: false,
        name: String::new(),
        youth_suitable: false,
        secure_dock: false,
        errors: Vec::new(),
    })
}

/// `GET /courts/{ou}/courtrooms`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<Shown>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let mut page = build(&state, &viewer, &ou).await.framed(&viewer)?;
    page.added = q.map(|q| q.0).unwrap_or_default().added.is_some();
    Ok(render(&page)?.into_response())
}

/// `POST /courts/{ou}/courtrooms`: add the room; 303 back to the list, or the form again with
/// the problem (422).
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let form = Posted::csrf_checked(&viewer, form)?;
    let new = NewCourtroom {
        name: form.get("name"),
        youth_suitable: form.get("youth_suitable") == "yes",
        secure_dock: form.get("secure_dock") == "yes",
    };
    let error = match create_courtroom(&state, &viewer.who, &ou, &new).await {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/courts/{ou}/courtrooms?added=1")).into_response());
        }
        Err(ApiError::Domain(DomainError::Invalid(problems))) => problems
            .into_iter()
            .map(|p| p.message)
            .next()
            .unwrap_or_default(),
        Err(ApiError::Domain(DomainError::Rule { message, .. })) => message,
        Err(e) => return Err(e).framed(&viewer),
    };
    let mut page = build(&state, &viewer, &ou).await.framed(&viewer)?;
    page.name = new.name;
    page.youth_suitable = new.youth_suitable;
    page.secure_dock = new.secure_dock;
    page.errors = vec![("name".into(), error)];
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
