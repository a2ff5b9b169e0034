//! Moving a hearing, or placing it in a sitting: the proposals of `assize_api::service::
//! hearing_proposals` (the same checks and access-log entry as `GET …/proposals`) as radios with
//! their warnings, a reason, and the move run as `POST …/move` runs it (`move_command`, then
//! `decide::move_hearing`), with the case version from the page as its `If-Match`.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{
    ProposalList, ProposalParams, execute, hearing_proposals, move_command, read_case,
};
use assize_domain::case::commands::MoveHearing;
use assize_domain::case::decide;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::pages::posted::{Posted, answer, error_for, hearing_ids, show_hearing_page};
use crate::viewer::Viewer;

/// A proposed sitting as a radio: its input id, value (the sitting id), label, hint and warnings.
pub(super) struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: String,
    pub warnings: Vec<String>,
}

/// The proposals as radios, best first; the first radio has the id `sitting` (the error link).
pub(super) fn choices(list: &ProposalList) -> Vec<Choice> {
    list.proposals
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
        .collect()
}

/// The deadlines a hearing must be held by, in words.
pub(super) fn deadlines(list: &ProposalList) -> Vec<String> {
    list.deadlines
        .iter()
        .map(|d| format!("By {}: {}", format::date(d.date), d.reason))
        .collect()
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
        error_for(&self.errors, id)
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
    Ok(ListingPage {
        chrome: viewer.chrome(format!("Move a hearing: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        hearing_id: hearing_id.to_string(),
        urn: case.urn.to_string(),
        hearing: format::hearing(h),
        current: h
            .slot
            .as_ref()
            .map(|s| format!("{}, {}", s.courtroom, s.start_time)),
        deadlines: deadlines(&list),
        version: read.view.version,
        choices: choices(&list),
        chosen: String::new(),
        reason: String::new(),
        errors: Vec::new(),
    })
}

/// `GET /cases/{case_id}/hearings/{hearing_id}/listing`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
) -> Result<Response, WebError> {
    show_hearing_page(&viewer, ids, |c, h| build(&state, &viewer, c, h)).await
}

/// `POST /cases/{case_id}/hearings/{hearing_id}/listing`: move the hearing into the chosen
/// sitting; 303 to the case, the form again (422), or the 409 case page on a stale version.
pub async fn move_hearing(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = hearing_ids(&case_id, &hearing_id).framed(&viewer)?;
    let (form, version) = Posted::checked(&viewer, form)?;
    let (chosen, reason) = (form.get("sitting"), form.get("reason"));
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
        let done = format!("/cases/{case_id}?moved=1");
        let input_for = |field: &str| {
            if field == "reason" {
                "reason"
            } else {
                "sitting"
            }
        };
        match answer(
            &state, &viewer, case_id, result, &done, input_for, "sitting",
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
    page.chosen = chosen;
    page.reason = reason;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
