//! Which agencies receive results with each CJS result code (operators only): the table in force
//! (the defaults from the result code list with the operators' changes), searched by code or
//! words, and one code's agencies changed with checkboxes, through the same service as
//! `PUT /api/v1/notice-routes/{code}/{kind}` (which logs each change). The parties (charging
//! force, prosecutor, defence) receive every result and are shown, not offered.

use std::collections::BTreeSet;

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{notice_routing, notices_operator, set_route};
use assize_domain::case::DomainError;
use assize_domain::ids::ResultCode;
use assize_domain::notices::{RecipientKind, RouteRow};
use assize_domain::refdata::ResultType;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// At most this many codes on the page.
const SHOWN: usize = 50;

/// The agencies an operator may route (every kind but the parties).
fn agencies() -> impl Iterator<Item = RecipientKind> {
    RecipientKind::ALL.into_iter().filter(|k| !k.is_party())
}

fn type_label(t: ResultType) -> &'static str {
    match t {
        ResultType::Final => "Final",
        ResultType::Interim => "Interim",
        ResultType::Ancillary => "Ancillary",
        ResultType::Unclassified => "Not classified",
    }
}

/// A code's row for the table.
struct Line {
    code: String,
    label: String,
    result_type: &'static str,
    /// The agencies receiving it now (the parties always do).
    agencies: Vec<&'static str>,
    /// The operators' changes in words ("Added: DVLA"), empty if it is as by default.
    changes: Vec<String>,
}

impl From<&RouteRow> for Line {
    fn from(r: &RouteRow) -> Self {
        Line {
            code: r.cjs_code.clone(),
            label: r.label.clone(),
            result_type: type_label(r.result_type),
            agencies: agencies()
                .filter(|k| r.kinds.contains(k))
                .map(RecipientKind::label)
                .collect(),
            changes: r
                .overrides
                .iter()
                .map(|(k, on)| format!("{}: {}", if *on { "Added" } else { "Removed" }, k.label()))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_notices_routes.html")]
struct TablePage {
    chrome: Chrome,
    q: String,
    changed_only: bool,
    lines: Vec<Line>,
    found: usize,
    saved: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct TableQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    changed: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// Whether a row matches a search: its code starts with the query, or its label holds every
/// word of it.
fn matches(r: &RouteRow, q: &str) -> bool {
    if q.is_empty() {
        return true;
    }
    if r.cjs_code.starts_with(q) {
        return true;
    }
    let label = r.label.to_lowercase();
    q.to_lowercase()
        .split_whitespace()
        .all(|w| label.contains(w))
}

/// `GET /admin/notices/routes?q=&changed=1`: the codes found (at most 50).
pub async fn table(
    State(state): State<AppState>,
    viewer: Viewer,
    q: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    notices_operator(&state, &viewer.who).framed(&viewer)?;
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let text = q.q.as_deref().unwrap_or("").trim().to_string();
    let changed_only = q.changed.is_some();
    let rows = notice_routing(&state).await.framed(&viewer)?.rows();
    let found: Vec<&RouteRow> = rows
        .iter()
        .filter(|r| matches(r, &text) && (!changed_only || !r.overrides.is_empty()))
        .collect();
    let page = TablePage {
        chrome: viewer.chrome("Which agencies receive each result", ""),
        found: found.len(),
        lines: found.into_iter().take(SHOWN).map(Line::from).collect(),
        saved: q.saved.filter(|c| rows.iter().any(|r| r.cjs_code == *c)),
        q: text,
        changed_only,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "admin_notices_route.html")]
struct CodePage {
    chrome: Chrome,
    line: Line,
    /// (kind, label, receives it now, receives it by default).
    choices: Vec<(&'static str, &'static str, bool, bool)>,
    /// What the form was read as: the agencies receiving it then.
    was: String,
    errors: Vec<(String, String)>,
}

/// The code's row in force (404 for a code not in the list).
async fn row(state: &AppState, viewer: &Viewer, code: &str) -> Result<RouteRow, WebError> {
    notices_operator(state, &viewer.who).framed(viewer)?;
    let parsed = ResultCode::parse(code)
        .map_err(|_| WebError::NotFound)
        .framed(viewer)?;
    notice_routing(state)
        .await
        .framed(viewer)?
        .rows()
        .into_iter()
        .find(|r| ResultCode::parse(&r.cjs_code).ok().as_ref() == Some(&parsed))
        .ok_or(WebError::NotFound)
        .framed(viewer)
}

fn code_page(viewer: &Viewer, r: &RouteRow, errors: Vec<(String, String)>) -> CodePage {
    CodePage {
        chrome: viewer.chrome(format!("Who receives result {}", r.cjs_code), ""),
        choices: agencies()
            .map(|k| {
                (
                    k.as_str(),
                    k.label(),
                    r.kinds.contains(&k),
                    r.defaults.contains(&k),
                )
            })
            .collect(),
        was: agencies()
            .filter(|k| r.kinds.contains(k))
            .map(RecipientKind::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        line: Line::from(r),
        errors,
    }
}

/// `GET /admin/notices/routes/{code}`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let r = row(&state, &viewer, &code).await?;
    Ok(render(&code_page(&viewer, &r, vec![]))?.into_response())
}

/// `POST /admin/notices/routes/{code}`: the agencies ticked receive the code's results. Only
/// what the operator changed on the form is written (a change someone made meanwhile to another
/// agency stands); 303 to the table at the code.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(pairs) = form
        .map_err(|e| WebError::Invalid(e.body_text()))
        .framed(&viewer)?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    };
    viewer.check_csrf(value("csrf")).framed(&viewer)?;
    let r = row(&state, &viewer, &code).await?;
    let agency = |s: &str| RecipientKind::parse(s).filter(|k| !k.is_party());
    let mut errors = Vec::new();
    let mut wanted = BTreeSet::new();
    for (_, v) in pairs.iter().filter(|(n, _)| n == "kinds") {
        match agency(v.trim()) {
            Some(k) => {
                wanted.insert(k);
            }
            None => errors.push((
                "kinds".to_string(),
                "Choose only agencies from the list: the parties always receive every result"
                    .to_string(),
            )),
        }
    }
    let was: BTreeSet<RecipientKind> = value("was").split_whitespace().filter_map(agency).collect();
    if errors.is_empty() {
        for k in agencies() {
            let on = wanted.contains(&k);
            if on == was.contains(&k) {
                continue;
            }
            match set_route(&state, &viewer.who, &r.cjs_code, k.as_str(), on).await {
                Ok(_) => {}
                Err(ApiError::Domain(DomainError::Invalid(problems))) => {
                    errors.extend(
                        problems
                            .into_iter()
                            .map(|p| ("kinds".to_string(), p.message)),
                    );
                }
                Err(e) => return Err(e).framed(&viewer),
            }
        }
    }
    if !errors.is_empty() {
        errors.truncate(1);
        let r = row(&state, &viewer, &code).await?;
        let page = code_page(&viewer, &r, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let c = format::url_encode(&r.cjs_code);
    Ok(Redirect::to(&format!("/admin/notices/routes?q={c}&saved={c}")).into_response())
}
