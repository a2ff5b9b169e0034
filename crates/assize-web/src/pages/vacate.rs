//! Vacating a hearing (taking it out of the list, with the reason), as `POST …/vacate` does it:
//! the same `ListHearing` decision at the hearing's court, `decide::vacate_hearing`, and the
//! case version from the page as the change's `If-Match`.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{CaseCommand, execute};
use assize_domain::case::commands::VacateHearing;
use assize_domain::case::{HearingStatus, decide};
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
use crate::pages::posted::{
    Posted, answer, error_for, hearing_for, hearing_ids, show_hearing_page,
};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "vacate.html")]
struct VacatePage {
    chrome: Chrome,
    case_id: String,
    hearing_id: String,
    urn: String,
    hearing: String,
    version: i64,
    reason: String,
    errors: Vec<(String, String)>,
}

impl VacatePage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    hearing_id: Uuid,
) -> Result<VacatePage, WebError> {
    let (read, h) = hearing_for(state, viewer, case_id, hearing_id, Action::ListHearing).await?;
    let case = &read.view.case;
    if h.status != HearingStatus::Listed {
        return Err(WebError::Invalid(
            "This hearing is no longer listed: there is nothing to vacate".into(),
        ));
    }
    Ok(VacatePage {
        chrome: viewer.chrome(format!("Vacate a hearing: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        hearing_id: hearing_id.to_string(),
        urn: case.urn.to_string(),
        hearing: format::hearing(&h),
        version: read.view.version,
        reason: String::new(),
        errors: Vec::new(),
    })
}

/// `GET /cases/{case_id}/hearings/{hearing_id}/vacate`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
) -> Result<Response, WebError> {
    show_hearing_page(&viewer, ids, |c, h| build(&state, &viewer, c, h)).await
}

/// `POST /cases/{case_id}/hearings/{hearing_id}/vacate`: 303 to the case, the form again with
/// the problem (422), or the 409 case page on a stale version.
pub async fn vacate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = hearing_ids(&case_id, &hearing_id).framed(&viewer)?;
    let (form, version) = Posted::checked(&viewer, form)?;
    let reason = form.get("reason");
    let mut errors: Vec<(String, String)> = Vec::new();
    if reason.is_empty() {
        errors.push((
            "reason".into(),
            "Enter the reason for vacating the hearing".into(),
        ));
    } else {
        let input = VacateHearing {
            reason: reason.clone(),
        };
        let cmd = CaseCommand::new(case_id, version, Action::ListHearing, None, "")
            .because(&reason)
            .at_hearing(hearing_id);
        let result = execute(&state, &viewer.who, cmd, |case, _| {
            decide::vacate_hearing(case, hearing_id, &input)
        })
        .await;
        let done = format!("/cases/{case_id}?vacated=1");
        match answer(
            &state,
            &viewer,
            case_id,
            result,
            &done,
            |_| "reason",
            "reason",
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
    page.reason = reason;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
