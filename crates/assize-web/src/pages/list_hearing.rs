//! Listing a new hearing for a case (e.g. relisting a trial that was ineffective, or a case left
//! with nothing listed): choose the hearing type and court, then one of the sittings proposed by
//! `assize_api::service::new_hearing_proposals` (the same rules and access-log entry as
//! `GET /cases/{id}/proposals`), listed as `POST /cases/{id}/hearings` lists it, with the case
//! version from the page as its `If-Match`.

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{CaseCommand, NewHearingProposalParams, execute, new_hearing_proposals};
use assize_api::sittings::placements;
use assize_domain::case::commands::NewHearing;
use assize_domain::case::{DomainError, decide};
use assize_domain::refdata::RefData;
use assize_policy::Action;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::listing::{Choice, choices, deadlines};
use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::pages::posted::{Posted, answer, error_for};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "list_hearing.html")]
struct ListHearingPage {
    chrome: Chrome,
    case_id: String,
    urn: String,
    version: i64,
    types: Vec<(String, String)>,
    courts: Vec<(String, String)>,
    hearing_type: String,
    court_ou: String,
    /// Once a type and court are chosen: the proposed sittings.
    proposed: Option<Vec<Choice>>,
    deadlines: Vec<String>,
    chosen: String,
    errors: Vec<(String, String)>,
}

impl ListHearingPage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

#[derive(Deserialize, Default)]
pub struct Wanted {
    #[serde(default)]
    hearing_type: Option<String>,
    #[serde(default)]
    court_ou: Option<String>,
}

/// The page for `case_id`, with the proposals for `wanted` once both are chosen; a problem with
/// the choice is shown against its field (422).
async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    wanted: &Wanted,
) -> Result<(ListHearingPage, StatusCode), WebError> {
    let read = assize_api::service::read_case(state, &viewer.who, case_id).await?;
    let case = &read.view.case;
    let may_at = |ou: &str| {
        state.policy.is_allowed_at_case_court(
            &viewer.who.principal,
            Action::ListHearing,
            &read.facts,
            ou,
            None,
        )
    };
    let refdata = RefData::global();
    let courts: Vec<(String, String)> = viewer
        .who
        .actor
        .court_ous
        .iter()
        .filter(|ou| may_at(ou))
        .filter_map(|ou| {
            let code = assize_domain::ids::OuCode::parse(ou).ok()?;
            Some((ou.clone(), refdata.court(&code)?.name.clone()))
        })
        .collect();
    if courts.is_empty() {
        return Err(WebError::Forbidden);
    }
    let last_court = case
        .hearings
        .iter()
        .max_by_key(|h| h.hearing_date)
        .map(|h| h.court_ou.to_string());
    let mut page = ListHearingPage {
        chrome: viewer.chrome(format!("List a hearing: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        urn: case.urn.to_string(),
        version: read.view.version,
        types: refdata
            .hearing_types()
            .iter()
            .map(|t| (t.code.clone(), format!("{} ({})", t.description, t.code)))
            .collect(),
        court_ou: wanted
            .court_ou
            .clone()
            .or(last_court.filter(|ou| courts.iter().any(|(c, _)| c == ou)))
            .unwrap_or_default(),
        courts,
        hearing_type: wanted.hearing_type.clone().unwrap_or_default(),
        proposed: None,
        deadlines: Vec::new(),
        chosen: String::new(),
        errors: Vec::new(),
    };
    let (Some(hearing_type), Some(court_ou)) = (&wanted.hearing_type, &wanted.court_ou) else {
        return Ok((page, StatusCode::OK));
    };
    let params = NewHearingProposalParams {
        hearing_type: hearing_type.clone(),
        court_ou: court_ou.clone(),
        estimate_minutes: None,
        limit: None,
    };
    match new_hearing_proposals(state, &viewer.who, case_id, &params).await {
        Ok(list) => {
            page.proposed = Some(choices(&list));
            page.deadlines = deadlines(&list);
            Ok((page, StatusCode::OK))
        }
        Err(ApiError::Domain(DomainError::Invalid(problems))) => {
            for p in problems {
                let field = if p.field == "court_ou" {
                    "court_ou"
                } else {
                    "hearing_type"
                };
                page.errors.push((field.into(), p.message));
            }
            Ok((page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ApiError::Domain(DomainError::Rule { message, .. })) => {
            page.errors.push(("hearing_type".into(), message));
            Ok((page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

fn case_id_of(s: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(s).map_err(|_| WebError::NotFound)
}

/// `GET /cases/{case_id}/hearings/new[?hearing_type=&court_ou=]`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(case_id): Path<String>,
    q: Result<Query<Wanted>, QueryRejection>,
) -> Result<Response, WebError> {
    let case_id = case_id_of(&case_id).framed(&viewer)?;
    let wanted = q
        .map(|q| q.0)
        .map_err(|_| WebError::NotFound)
        .framed(&viewer)?;
    let (page, status) = build(&state, &viewer, case_id, &wanted)
        .await
        .framed(&viewer)?;
    Ok((status, render(&page)?).into_response())
}

/// `POST /cases/{case_id}/hearings/new`: list the hearing in the chosen sitting; 303 to the
/// case, the page again with the problem (422), or the 409 case page on a stale version.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(case_id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let case_id = case_id_of(&case_id).framed(&viewer)?;
    let (form, version) = Posted::checked(&viewer, form)?;
    let wanted = Wanted {
        hearing_type: Some(form.get("hearing_type")),
        court_ou: Some(form.get("court_ou")),
    };
    let chosen = form.get("sitting");
    let mut errors = Vec::new();
    match Uuid::parse_str(&chosen).ok() {
        None => errors.push(("sitting".to_string(), "Select a sitting".to_string())),
        Some(sitting_id) => {
            let sittings = placements(&state, Some(sitting_id)).await.framed(&viewer)?;
            let Some(p) = sittings.first() else {
                return Err(WebError::Invalid("There is no such sitting".into())).framed(&viewer);
            };
            let input = NewHearing {
                court_ou: p.sitting.court_ou.to_string(),
                hearing_date: p.sitting.date.to_string(),
                hearing_type: wanted.hearing_type.clone(),
                sitting_id: Some(sitting_id),
                estimate_minutes: None,
            };
            let cmd = CaseCommand::new(case_id, version, Action::ListHearing, None, "")
                .at_court(p.sitting.court_ou.as_str())
                .with_sittings(sittings.clone());
            let result = execute(&state, &viewer.who, cmd, |case, ctx| {
                decide::list_hearing(case, &input, "", None, ctx).map(|e| vec![e])
            })
            .await;
            let done = format!("/cases/{case_id}?listed=1");
            let answered = answer(
                &state,
                &viewer,
                case_id,
                result,
                &done,
                |_| "sitting",
                "sitting",
            );
            match answered.await? {
                Ok(response) => return Ok(response),
                Err(problems) => errors.extend(problems),
            }
        }
    }
    let (mut page, _) = build(&state, &viewer, case_id, &wanted)
        .await
        .framed(&viewer)?;
    page.version = version;
    page.chosen = chosen;
    page.errors.extend(errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
