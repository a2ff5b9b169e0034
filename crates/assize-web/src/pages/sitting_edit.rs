//! Changing or cancelling one sitting, for the court's listing officers and admins, through the
//! same services as `PATCH` / `DELETE /api/v1/courts/{ou}/sittings/{id}`. The form carries the
//! version it was read at: if someone changed the sitting since, nothing is written and the form
//! comes back (409) with the sitting as it now is and who changed it.

use std::collections::BTreeMap;

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{SittingView, cancel_sitting, change_sitting, sitting_to_change};
use assize_domain::case::DomainError;
use assize_domain::listing::{Capacity, Session, SittingChange, SittingKind};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::sitting_labels::{choices, kind_label, session_label};
use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

type Choice = (String, String);

#[derive(Template)]
#[template(path = "sitting_edit.html")]
struct EditPage {
    chrome: Chrome,
    court_name: String,
    heading: String,
    listed: String,
    has_hearings: bool,
    action: String,
    cancel_action: String,
    back: String,
    version: i64,
    /// Set when the form came back because someone else changed the sitting.
    changed_by: Option<String>,
    sessions: Vec<Choice>,
    kinds: Vec<Choice>,
    units: Vec<Choice>,
    fields: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
}

impl EditPage {
    fn value(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, m)| m.as_str())
    }
}

/// The form's values for the sitting as it is.
fn fields_of(s: &SittingView) -> BTreeMap<String, String> {
    let (unit, n) = match s.capacity {
        Capacity::Minutes(m) => ("minutes", m),
        Capacity::Cases(c) => ("cases", c),
    };
    BTreeMap::from([
        ("judiciary".to_string(), s.judiciary.join("\n")),
        ("capacity".to_string(), n.to_string()),
        ("capacity-unit".to_string(), unit.to_string()),
        ("kind".to_string(), s.kind.as_str().to_string()),
        ("session".to_string(), s.session.as_str().to_string()),
        ("start-time".to_string(), s.start_time.clone()),
    ])
}

struct Shown {
    fields: Option<BTreeMap<String, String>>,
    errors: Vec<(String, String)>,
    /// The form came back because someone else changed the sitting.
    conflict: bool,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ou: &str,
    sitting_id: Uuid,
    shown: Shown,
) -> Result<EditPage, WebError> {
    let (s, last_by) = sitting_to_change(state, &viewer.who, ou, sitting_id)
        .await
        .framed(viewer)?;
    let court_name = assize_domain::ids::OuCode::parse(ou)
        .ok()
        .and_then(|c| assize_domain::refdata::RefData::global().court(&c))
        .map(|c| c.name.to_string())
        .unwrap_or_else(|| ou.to_string());
    let heading = format!(
        "{}, {}, {} to {}",
        s.courtroom,
        format::date(s.date),
        s.start_time,
        s.end_time
    );
    let base = format!("/courts/{ou}/sittings/{sitting_id}");
    Ok(EditPage {
        chrome: viewer.chrome(format!("Change a sitting: {heading}"), ""),
        court_name,
        listed: format!(
            "{} {} listed, {} minutes",
            s.load.cases,
            if s.load.cases == 1 {
                "hearing"
            } else {
                "hearings"
            },
            s.load.minutes
        ),
        has_hearings: s.load.cases > 0,
        action: format!("{base}/edit"),
        cancel_action: format!("{base}/cancel"),
        back: format!("/courts/{ou}/sittings?date={}", s.date),
        // A form sent back keeps the version it was read at: a fresh one would let it overwrite.
        version: shown
            .fields
            .as_ref()
            .and_then(|f| f.get("version"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(s.version),
        changed_by: shown
            .conflict
            .then(|| last_by.unwrap_or_else(|| "Someone else".into())),
        heading,
        sessions: choices(
            &[Session::Morning, Session::Afternoon, Session::AllDay],
            |x| (x.as_str(), session_label(x)),
        ),
        kinds: choices(&SittingKind::ALL, |k| (k.as_str(), kind_label(k))),
        units: vec![
            ("minutes".into(), "Minutes of court time".into()),
            ("cases".into(), "Cases".into()),
        ],
        fields: shown.fields.unwrap_or_else(|| fields_of(&s)),
        errors: shown.errors,
    })
}

/// `GET /courts/{ou}/sittings/{sitting_id}/edit`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((ou, sitting_id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    let shown = Shown {
        fields: None,
        errors: vec![],
        conflict: false,
    };
    let p = page(&state, &viewer, &ou, sitting_id, shown).await?;
    Ok(render(&p)?.into_response())
}

/// The domain's field paths (and rules) as the form's input ids.
fn input_id(field: &str) -> &'static str {
    match field {
        f if f.starts_with("judiciary") => "judiciary",
        f if f.starts_with("capacity") => "capacity",
        "start_time" => "start-time",
        "session" | "courtroom-already-sitting" => "session",
        _ => "kind",
    }
}

async fn form_of(
    viewer: &Viewer,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<BTreeMap<String, String>, WebError> {
    let Form(pairs) = form
        .map_err(|e| WebError::Invalid(e.body_text()))
        .framed(viewer)?;
    let mut fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let csrf = fields.remove("csrf").unwrap_or_default();
    viewer.check_csrf(csrf.trim()).framed(viewer)?;
    Ok(fields)
}

/// What a refused change shows: the form again, 422 with the errors or 409 with who changed it.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    ou: &str,
    sitting_id: Uuid,
    e: ApiError,
    fields: BTreeMap<String, String>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let (status, shown_fields, conflict) = match e {
        ApiError::Conflict { .. } => (StatusCode::CONFLICT, None, true),
        ApiError::Domain(DomainError::Invalid(problems)) => {
            for p in problems {
                errors.push((input_id(&p.field).to_string(), p.message));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, Some(fields), false)
        }
        ApiError::Domain(DomainError::Rule { rule, message }) => {
            errors.push((input_id(rule).to_string(), message));
            (StatusCode::UNPROCESSABLE_ENTITY, Some(fields), false)
        }
        other => return Err(other).framed(viewer),
    };
    let shown = Shown {
        fields: shown_fields,
        errors,
        conflict,
    };
    let p = page(state, viewer, ou, sitting_id, shown).await?;
    Ok((status, render(&p)?).into_response())
}

/// `POST /courts/{ou}/sittings/{sitting_id}/edit`: 303 to the sittings of its day, or the form.
pub async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((ou, sitting_id)): Path<(String, Uuid)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let fields = form_of(&viewer, form).await?;
    let get = |k: &str| fields.get(k).map(|v| v.trim()).unwrap_or("");
    let version = get("version").parse::<i64>().unwrap_or(0);
    let mut errors = Vec::new();
    let capacity = match (get("capacity").parse::<u32>(), get("capacity-unit")) {
        (Ok(n), "minutes") => Some(Capacity::Minutes(n)),
        (Ok(n), "cases") => Some(Capacity::Cases(n)),
        _ => {
            errors.push(DomainError::invalid(
                "capacity",
                "Enter the capacity as a whole number of minutes or cases",
            ));
            None
        }
    };
    let (kind, session) = (
        SittingKind::parse(get("kind")),
        Session::parse(get("session")),
    );
    if kind.is_none() {
        errors.push(DomainError::invalid(
            "kind",
            "Select what the sitting is for",
        ));
    }
    if session.is_none() {
        errors.push(DomainError::invalid("session", "Select the session"));
    }
    if let Some(e) = errors.into_iter().reduce(|a, b| match (a, b) {
        (DomainError::Invalid(mut x), DomainError::Invalid(y)) => {
            x.extend(y);
            DomainError::Invalid(x)
        }
        (a, _) => a,
    }) {
        return refused(
            &state,
            &viewer,
            &ou,
            sitting_id,
            ApiError::Domain(e),
            fields,
        )
        .await;
    }
    let start = get("start-time");
    let change = SittingChange {
        version,
        judiciary: Some(
            get("judiciary")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        ),
        capacity,
        kind,
        start_time: (!start.is_empty()).then(|| start.to_string()),
        session,
    };
    match change_sitting(&state, &viewer.who, &ou, sitting_id, &change).await {
        Ok(done) => Ok(Redirect::to(&format!(
            "/courts/{ou}/sittings?date={}&changed={}",
            done.sitting.date,
            if done.warnings.is_empty() {
                "1"
            } else {
                "over"
            }
        ))
        .into_response()),
        Err(e) => refused(&state, &viewer, &ou, sitting_id, e, fields).await,
    }
}

/// `POST /courts/{ou}/sittings/{sitting_id}/cancel`: 303 to the sittings of its day.
pub async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((ou, sitting_id)): Path<(String, Uuid)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let fields = form_of(&viewer, form).await?;
    let version = fields
        .get("version")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let (s, _) = sitting_to_change(&state, &viewer.who, &ou, sitting_id)
        .await
        .framed(&viewer)?;
    match cancel_sitting(&state, &viewer.who, &ou, sitting_id, version).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/courts/{ou}/sittings?date={}&cancelled=1",
            s.date
        ))
        .into_response()),
        Err(e) => refused(&state, &viewer, &ou, sitting_id, e, fields_of(&s)).await,
    }
}
