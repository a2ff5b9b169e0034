//! The printable orders, warrants and notices: the list of a case's documents
//! (`/cases/{id}/documents`) and one document (`/notices/{id}/documents/{kind}`), for the court
//! that issues them, the recipients who act on them and the operators. Who may open which is
//! decided by the service (`assize_api::notices::documents`), which also logs every opening.

use askama::Template;
use assize_api::AppState;
use assize_api::notices::documents::{CaseDocument, case_documents, document_for_reader};
use assize_domain::notices::document;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "case_documents.html")]
struct CaseDocumentsPage {
    chrome: Chrome,
    case_id: Uuid,
    urn: String,
    documents: Vec<CaseDocument>,
}

/// `GET /cases/{case_id}/documents`.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(case_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let documents = case_documents(&state, &viewer.who, case_id)
        .await
        .framed(&viewer)?;
    let urn = state
        .store
        .load_case(case_id)
        .await
        .map_err(assize_api::error::ApiError::from)
        .framed(&viewer)?
        .map(|r| r.urn)
        .unwrap_or_default();
    let page = CaseDocumentsPage {
        chrome: viewer.chrome(format!("Orders, warrants and notices: {urn}"), ""),
        case_id,
        urn,
        documents,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /notices/{notice_id}/documents/{kind}`: the document alone, laid out for A4.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((notice_id, kind)): Path<(Uuid, String)>,
) -> Result<Response, WebError> {
    let (_, content, kind) = document_for_reader(&state, &viewer.who, notice_id, &kind)
        .await
        .framed(&viewer)?;
    let html = super::notice_document::render_document(&document(kind, &content))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Html(html).into_response())
}
