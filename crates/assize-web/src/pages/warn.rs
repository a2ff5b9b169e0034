//! Putting a Crown Court trial in the warned list for a period, as `POST …/warn` does it
//! (`warn_command`: `ListHearing` at the hearing's court, then `decide::warn_trial`), with the
//! case version from the page as the change's `If-Match`. Dates are GOV.UK date inputs.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{execute, warn_command};
use assize_domain::case::commands::WarnTrial;
use assize_domain::case::decide;
use assize_policy::Action;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::pages::intake::date::DateParts;
use crate::pages::posted::{
    Posted, answer, error_for, hearing_for, hearing_ids, show_hearing_page,
};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "warn.html")]
struct WarnPage {
    chrome: Chrome,
    case_id: String,
    hearing_id: String,
    urn: String,
    hearing: String,
    /// "Warned for trial from … to …" when it is already in a warned list.
    current: Option<String>,
    version: i64,
    from: DateParts,
    to: DateParts,
    reason: String,
    errors: Vec<(String, String)>,
}

impl WarnPage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    hearing_id: Uuid,
) -> Result<WarnPage, WebError> {
    let (read, h) = hearing_for(state, viewer, case_id, hearing_id, Action::ListHearing).await?;
    let case = &read.view.case;
    Ok(WarnPage {
        chrome: viewer.chrome(format!("Warn a trial: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        hearing_id: hearing_id.to_string(),
        urn: case.urn.to_string(),
        hearing: format::hearing(&h),
        current: h.warned.map(|w| {
            format!(
                "Warned for trial from {} to {}",
                format::date(w.from),
                format::date(w.to)
            )
        }),
        version: read.view.version,
        from: DateParts::default(),
        to: DateParts::default(),
        reason: String::new(),
        errors: Vec::new(),
    })
}

/// `GET /cases/{case_id}/hearings/{hearing_id}/warn`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
) -> Result<Response, WebError> {
    show_hearing_page(&viewer, ids, |c, h| build(&state, &viewer, c, h)).await
}

fn parts(form: &Posted, key: &str) -> DateParts {
    DateParts {
        day: form.get(&format!("{key}-day")),
        month: form.get(&format!("{key}-month")),
        year: form.get(&format!("{key}-year")),
    }
}

/// The form's input id for a field the domain names.
fn input_id(field: &str) -> &'static str {
    match field {
        "to" => "to-day",
        "reason" => "reason",
        _ => "from-day",
    }
}

/// `POST /cases/{case_id}/hearings/{hearing_id}/warn`: 303 to the case (its page shows the
/// period and anything to watch), the form again with every problem (422), or the 409 case page
/// on a stale version.
pub async fn warn(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = hearing_ids(&case_id, &hearing_id).framed(&viewer)?;
    let (form, version) = Posted::checked(&viewer, form)?;
    let (from, to, reason) = (parts(&form, "from"), parts(&form, "to"), form.get("reason"));
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut day = |p: &DateParts, id: &str, label: &str| match p.iso(label) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push((id.into(), format!("Enter {}", label.to_lowercase())));
            None
        }
        Err(m) => {
            errors.push((id.into(), m));
            None
        }
    };
    let first = day(&from, "from-day", "The first day of the warned period");
    let last = day(&to, "to-day", "The last day of the warned period");
    if reason.is_empty() {
        errors.push((
            "reason".into(),
            "Enter the reason, for example 'Not reached: carried over'".into(),
        ));
    }
    if let (Some(first), Some(last), true) = (first, last, errors.is_empty()) {
        let input = WarnTrial {
            from: first,
            to: last,
            reason: reason.clone(),
        };
        let cmd = warn_command(case_id, hearing_id, version, None, "", &input);
        let result = execute(&state, &viewer.who, cmd, |case, ctx| {
            decide::warn_trial(case, hearing_id, &input, ctx)
        })
        .await;
        let done = format!("/cases/{case_id}?warned=1");
        match answer(
            &state, &viewer, case_id, result, &done, input_id, "from-day",
        )
        .await?
        {
            Ok(response) => return Ok(response),
            Err(problems) => errors.extend(problems),
        }
    }
    let mut page = build(&state, &viewer, case_id, hearing_id)
        .await
        .framed(&viewer)?;
    page.version = version;
    (page.from, page.to, page.reason) = (from, to, reason);
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
