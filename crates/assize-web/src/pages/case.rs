//! The case overview: defendants with their offences (plea, verdict, results per offence),
//! bail/remand and custody time limits, hearings, parties and representation, reporting
//! restrictions and the timeline of every change. What is shown is the case as the policy
//! redacts it for the viewer (the same read as `GET /api/v1/cases/{id}`, access-logged), and the
//! actions offered are the policy's decisions for this case. The page refreshes live.

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::service::{read_case, timeline};
use assize_policy::Action;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::case_model::{self, DefendantView, HearingView, RestrictionView, TimelineItem};
use crate::error::{ForViewer, WebError};
use crate::format::{date, words};
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    case_id: String,
    version: i64,
    urn: String,
    case_number: Option<String>,
    concluded: bool,
    summary: Vec<(String, String)>,
    defendants: Vec<DefendantView>,
    hidden_defendants: bool,
    hearings: Vec<HearingView>,
    /// The earliest listed hearing this viewer may result, for the actions menu.
    next_resultable: Option<String>,
    /// The viewer may list a new hearing of this case at one of their courts.
    may_list: bool,
    restrictions: Vec<RestrictionView>,
    timeline: Option<Vec<TimelineItem>>,
    witnesses: Vec<(String, String)>,
    banner: Option<&'static str>,
    /// A change was refused because the case had changed meanwhile.
    conflict: bool,
}

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    shared: Option<String>,
    #[serde(default)]
    associated: Option<String>,
    #[serde(default)]
    moved: Option<String>,
    #[serde(default)]
    vacated: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    warned: Option<String>,
    #[serde(default)]
    listed: Option<String>,
}

/// A path id that is not a UUID is simply a page that does not exist.
fn parse_id(s: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(s).map_err(|_| WebError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(case_id): Path<String>,
    q: Result<Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|q| q.0).unwrap_or_default();
    let page = build(&state, &viewer, &case_id, &q).await.framed(&viewer)?;
    Ok(render(&page)?.into_response())
}

/// The case as it is now, with status 409 and a banner saying a change was refused because the
/// case changed after the viewer's page was opened (nothing was overwritten).
pub(crate) async fn conflict_page(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
) -> Result<Response, WebError> {
    let mut page = build(state, viewer, &case_id.to_string(), &CaseQuery::default())
        .await
        .framed(viewer)?;
    page.conflict = true;
    page.chrome.title = format!("Not changed: case {}", page.urn);
    Ok((axum::http::StatusCode::CONFLICT, render(&page)?).into_response())
}

async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: &str,
    q: &CaseQuery,
) -> Result<CasePage, WebError> {
    let case_id = parse_id(case_id)?;
    let read = read_case(state, &viewer.who, case_id).await?;
    let principal = &viewer.who.principal;
    let policy = &state.policy;
    let timeline = if policy.is_allowed(principal, Action::ReadTimeline, Some(&read.facts), None) {
        Some(case_model::timeline(
            timeline(state, &viewer.who, case_id).await?,
            &read.view.case,
        ))
    } else {
        None
    };
    let case = &read.view.case;
    let today = court_today();
    // Each action on a hearing is decided for the hearing's own court, as its command decides it.
    let may = |action: Action, ou: &str| {
        policy.is_allowed_at_case_court(principal, action, &read.facts, ou, None)
    };
    let mut summary = vec![
        (
            "Prosecutor".to_string(),
            case.prosecuting_authority.name.clone(),
        ),
        ("Police force".to_string(), case.charging_force.name.clone()),
        ("Started by".to_string(), words(&case.initiation_type)),
        (
            "Venue".to_string(),
            case_model::venue(case.venue).to_string(),
        ),
    ];
    if let Some(h) = case.next_hearing() {
        summary.push((
            "Next hearing".into(),
            format!("{} at {}", date(h.hearing_date), h.court_name),
        ));
    }
    let witnesses = case
        .witnesses
        .iter()
        .map(|w| {
            let mut detail = words(&w.kind);
            if w.sexual_offence_complainant {
                detail.push_str(" (anonymity for life: Sexual Offences (Amendment) Act 1992)");
            }
            for x in [&w.phone, &w.email].into_iter().flatten() {
                detail.push_str(&format!(", {x}"));
            }
            if let Some(a) = &w.address {
                detail.push_str(&format!(", {}", a.lines.join(", ")));
            }
            (w.name.full(), detail)
        })
        .collect();
    let banner = if q.created.is_some() {
        Some("The case has been sent to the court.")
    } else if q.shared.is_some() {
        Some("The results have been shared with everyone on the case.")
    } else if q.associated.is_some() {
        Some("Your firm is now on record for the defendant.")
    } else if q.moved.is_some() {
        Some("The hearing has been moved.")
    } else if q.vacated.is_some() {
        Some("The hearing has been vacated.")
    } else if q.outcome.is_some() {
        Some("The trial outcome has been recorded.")
    } else if q.listed.is_some() {
        Some("The hearing has been listed.")
    } else if q.warned.is_some() {
        Some("The trial is in the warned list for the period below.")
    } else {
        None
    };
    let hearings = case_model::hearings(case, today, may);
    Ok(CasePage {
        chrome: viewer
            .chrome(format!("Case {}", case.urn), "")
            .live(format!("/api/v1/cases/{case_id}/live")),
        case_id: case_id.to_string(),
        version: read.view.version,
        urn: case.urn.to_string(),
        case_number: case.case_number.clone(),
        concluded: case.status == assize_domain::case::CaseStatus::Concluded,
        summary,
        hidden_defendants: read.facts.defendants.len() > case.defendants.len(),
        defendants: case
            .defendants
            .iter()
            .map(|d| {
                case_model::defendant(d, &read.view.custody_time_limits, viewer.who.actor.org_id)
            })
            .collect(),
        next_resultable: hearings.iter().find(|h| h.resultable).map(|h| h.id.clone()),
        may_list: case.status != assize_domain::case::CaseStatus::Concluded
            && viewer
                .who
                .actor
                .court_ous
                .iter()
                .any(|ou| may(Action::ListHearing, ou)),
        hearings,
        restrictions: case_model::restrictions(case, today),
        timeline,
        witnesses,
        banner,
        conflict: false,
    })
}
