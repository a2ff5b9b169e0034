//! The printable order, warrant or notice of a notice of results (issue 5): a standalone page
//! (no navigation, no script) laid out for A4, rendered from the domain's `DocumentView` alone,
//! so the paper says exactly what the notice says. Which documents a notice needs, and their
//! words, are decided in `assize_domain::notices::documents`; this only lays them out.
//!
//! Served by `pages::notice_documents` (`GET /notices/{id}/documents/{kind}`) with the same
//! security headers as every page (its Content-Security-Policy is why the print styles live in
//! `web/src/_notice_document.scss`, not in the page).

use askama::Template;
use assize_domain::notices::DocumentView;

#[derive(Template)]
#[template(path = "notice_document.html")]
struct DocumentPage<'a> {
    d: &'a DocumentView,
}

/// The document as a whole HTML page.
pub fn render_document(view: &DocumentView) -> Result<String, askama::Error> {
    DocumentPage { d: view }.render()
}

#[cfg(test)]
#[path = "notice_document_tests.rs"]
mod tests;
