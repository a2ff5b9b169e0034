//! Moving a hearing, or placing it in a sitting: the proposals of `assize_api::service::
//! hearing_proposals` (the same checks and access-log entry as `GET …/proposals`) as radios with
//! their warnings, a reason, and the move run as `POST …/move` runs it (`move_command`, then
//! `decide::move_hearing`), with the case version from the page as its `If-Match`.

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{ProposalParams, execute, hearing_proposals, move_command, read_case};
use assize_domain::case::commands::MoveHearing;
use assize_domain::case::{DomainError, decide};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

struct Choice {
    id: String,
    value: String,
    label: String,
    hint: String,
    warnings: Vec<String>,
}

#[derive(Template)]
#[template(path = "listing.html")]
struct ListingPage {
    chrome: Chrome,
    case_id: String,
    hearing_id: String,
    urn: String,
    hearing: String,
    current: Option<String>,
    deadlines: Vec<String>,
    version: i64,
    choices: Vec<Choice>,
    chosen: String,
    reason: String,
    errors: Vec<(String, String)>,
}

impl ListingPage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, m)| m.as_str())
    }
}

fn ids(case_id: &str, hearing_id: &str) -> Result<(Uuid, Uuid), WebError> {
    match (Uuid::parse_str(case_id), Uuid::parse_str(hearing_id)) {
        (Ok(c), Ok(h)) => Ok((c, h)),
        _ => Err(WebError::NotFound),
    }
}

async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    hearing_id: Uuid,
) -> Result<ListingPage, WebError> {
    let read = read_case(state, &viewer.who, case_id).await?;
    let case = &read.view.case;
    let h = case.hearing(hearing_id).ok_or(WebError::NotFound)?;
    let params = ProposalParams {
        court_ou: None,
        estimate_minutes: None,
        limit: None,
    };
    let list = hearing_proposals(state, &viewer.who, case_id, hearing_id, &params).await?;
    let hearing_type = assize_domain::refdata::RefData::global()
        .hearing_type(&h.hearing_type)
        .map(|t| t.description.clone())
        .unwrap_or_else(|| h.hearing_type.clone());
    let choices = list
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| Choice {
            id: if i == 0 {
                "sitting".into()
            } else {
                format!("sitting-{}", i + 1)
            },
            value: p.sitting_id.to_string(),
            label: format!(
                "{}, {}, {}",
                format::date(p.date),
                p.courtroom,
                p.start_time
            ),
            hint: format!(
                "{} sitting, {} listed ({} minutes){}",
                format::words(&p.kind),
                p.load.cases,
                p.load.minutes,
                if p.judiciary.is_empty() {
                    String::new()
                } else {
                    format!(", before {}", p.judiciary.join(", "))
                }
            ),
            warnings: p.warnings.clone(),
        })
        .collect();
    Ok(ListingPage {
        chrome: viewer.chrome(format!("Move a hearing: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        hearing_id: hearing_id.to_string(),
        urn: case.urn.to_string(),
        hearing: format!(
            "{hearing_type}, {} at {}",
            format::date(h.hearing_date),
            h.court_name
        ),
        current: h
            .slot
            .as_ref()
            .map(|s| format!("{}, {}", s.courtroom, s.start_time)),
        deadlines: list
            .deadlines
            .iter()
            .map(|d| format!("By {}: {}", format::date(d.date), d.reason))
            .collect(),
        version: read.view.version,
        choices,
        chosen: String::new(),
        reason: String::new(),
        errors: Vec::new(),
    })
}

/// `GET /cases/{case_id}/hearings/{hearing_id}/listing`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = ids(&case_id, &hearing_id).framed(&viewer)?;
    let page = build(&state, &viewer, case_id, hearing_id)
        .await
        .framed(&viewer)?;
    Ok(render(&page)?.into_response())
}

/// `POST /cases/{case_id}/hearings/{hearing_id}/listing`: move the hearing into the chosen
/// sitting; 303 to the case, the form again (422), or the 409 case page on a stale version.
pub async fn move_hearing(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = ids(&case_id, &hearing_id).framed(&viewer)?;
    let Form(pairs) = form
        .map_err(|e| WebError::Invalid(e.body_text()))
        .framed(&viewer)?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    viewer.check_csrf(&get("csrf")).framed(&viewer)?;
    let version: i64 = get("version")
        .parse()
        .map_err(|_| WebError::Invalid("The form has no case version".into()))
        .framed(&viewer)?;
    let (chosen, reason) = (get("sitting"), get("reason"));
    let mut errors: Vec<(String, String)> = Vec::new();
    let sitting_id = Uuid::parse_str(&chosen).ok();
    if sitting_id.is_none() {
        errors.push(("sitting".into(), "Select a sitting".into()));
    }
    if reason.is_empty() {
        errors.push((
            "reason".into(),
            "Enter the reason for moving the hearing".into(),
        ));
    }
    if errors.is_empty() {
        let mv = MoveHearing {
            sitting_id,
            court_ou: None,
            hearing_date: None,
            estimate_minutes: None,
            reason: reason.clone(),
        };
        let result = async {
            let cmd = move_command(&state, case_id, hearing_id, version, None, "", &mv).await?;
            execute(&state, &viewer.who, cmd, |case, ctx| {
                decide::move_hearing(case, hearing_id, &mv, ctx)
            })
            .await
        }
        .await;
        match result {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/cases/{case_id}?moved=1")).into_response());
            }
            Err(ApiError::Conflict { .. }) => {
                return super::case::conflict_page(&state, &viewer, case_id).await;
            }
            Err(ApiError::Domain(DomainError::Invalid(problems))) => {
                for p in problems {
                    let id = if p.field == "reason" {
                        "reason"
                    } else {
                        "sitting"
                    };
                    errors.push((id.into(), p.message));
                }
            }
            Err(ApiError::Domain(DomainError::Rule { message, .. })) => {
                errors.push(("sitting".into(), message));
            }
            Err(e) => return Err(e).framed(&viewer),
        }
    }
    let mut page = build(&state, &viewer, case_id, hearing_id)
        .await
        .framed(&viewer)?;
    page.version = version;
    page.chosen = chosen;
    page.reason = reason;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
