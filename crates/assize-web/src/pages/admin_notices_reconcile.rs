//! The daily reconciliation for operators (`/admin/notices/reconciliation?date=`): every result
//! recorded on a court day and, for each recipient it must reach, where its notice stands. A
//! missing notice is shown as the error it is. The same service as
//! `GET /api/v1/notices/reconciliation` and `assize reconcile`.

use askama::Template;
use assize_api::AppState;
use assize_api::notices::reconcile::{ReconciledResult, Reconciliation, reconciliation};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::admin_notices::kind_label;
use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::pages::posted::error_for;
use crate::viewer::Viewer;

/// At most this many results are listed (those not delivered everywhere first).
const SHOWN: usize = 500;

#[derive(Deserialize, Default)]
pub struct Asked {
    #[serde(default)]
    date: Option<String>,
}

/// One recipient's notice of a result, as the table shows it.
struct Cell {
    recipient: String,
    state: &'static str,
    tag: &'static str,
}

struct Line {
    urn: String,
    case_href: String,
    code: String,
    recorded_at: String,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "admin_notices_reconcile.html")]
struct ReconcilePage {
    chrome: Chrome,
    date: String,
    report: Option<Reconciliation>,
    lines: Vec<Line>,
    more: usize,
    errors: Vec<(String, String)>,
}

impl ReconcilePage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

fn line(r: &ReconciledResult) -> Line {
    Line {
        urn: r.case_urn.clone(),
        case_href: format!("/cases/{}", r.case_id),
        code: r.cjs_code.clone(),
        recorded_at: r
            .recorded_at
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " "),
        cells: r
            .recipients
            .iter()
            .map(|d| {
                let (state, tag) = match d.state.as_str() {
                    "delivered" => ("Delivered", "govuk-tag--green"),
                    "pending" => ("Pending", "govuk-tag--blue"),
                    "dead" => ("Dead letter", "govuk-tag--orange"),
                    _ => ("MISSING", "govuk-tag--red"),
                };
                Cell {
                    recipient: d.name.clone().unwrap_or_else(|| kind_label(&d.kind)),
                    state,
                    tag,
                }
            })
            .collect(),
    }
}

/// `GET /admin/notices/reconciliation?date=YYYY-MM-DD`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    q: Result<Query<Asked>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let asked = q.map(|q| q.0).unwrap_or_default();
    let date = asked.date.unwrap_or_default();
    let chrome = viewer.chrome("Reconciliation of results and notices", "");
    match reconciliation(&state, &viewer.who, Some(&date)).await {
        Ok(report) => {
            let mut results: Vec<&ReconciledResult> = report.results.iter().collect();
            // The ones not delivered everywhere first.
            results.sort_by_key(|r| r.recipients.iter().all(|d| d.state == "delivered"));
            let lines: Vec<Line> = results.iter().take(SHOWN).map(|r| line(r)).collect();
            let page = ReconcilePage {
                chrome,
                date: report.date.clone(),
                more: report.results.len().saturating_sub(SHOWN),
                report: Some(report),
                lines,
                errors: Vec::new(),
            };
            Ok(render(&page)?.into_response())
        }
        Err(assize_api::error::ApiError::Domain(assize_domain::case::DomainError::Invalid(
            fields,
        ))) => {
            let page = ReconcilePage {
                chrome,
                date,
                report: None,
                lines: Vec::new(),
                more: 0,
                errors: fields.into_iter().map(|f| (f.field, f.message)).collect(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e).framed(&viewer),
    }
}
