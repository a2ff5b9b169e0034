//! What the pages that change a case (move, vacate, warn, trial outcome, list a hearing…) share:
//! the posted form, checked for the session's CSRF token and carrying the case version the page
//! was built from, which becomes the change's `If-Match` (a stale one is a 409, never a silent
//! overwrite); the hearing acted on, decided at its court; and the answer to the change.

use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{CommandResult, ReadCase, read_case};
use assize_domain::case::{DomainError, Hearing};
use assize_policy::Action;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::viewer::Viewer;

/// The fields of a posted form, in order.
pub(crate) struct Posted(Vec<(String, String)>);

impl Posted {
    /// Check the form's CSRF token (a form that changes no case, e.g. adding a courtroom).
    pub(crate) fn csrf_checked(
        viewer: &Viewer,
        form: Result<Form<Vec<(String, String)>>, FormRejection>,
    ) -> Result<Posted, WebError> {
        let Form(pairs) = form
            .map_err(|e| WebError::Invalid(e.body_text()))
            .framed(viewer)?;
        let posted = Posted(pairs);
        viewer.check_csrf(&posted.get("csrf")).framed(viewer)?;
        Ok(posted)
    }

    /// Check the form's CSRF token and read the case version it carries.
    pub(crate) fn checked(
        viewer: &Viewer,
        form: Result<Form<Vec<(String, String)>>, FormRejection>,
    ) -> Result<(Posted, i64), WebError> {
        let posted = Self::csrf_checked(viewer, form)?;
        let version = posted
            .get("version")
            .parse()
            .map_err(|_| WebError::Invalid("The form has no case version".into()))
            .framed(viewer)?;
        Ok((posted, version))
    }

    /// The first value of a field, trimmed ("" when absent).
    pub(crate) fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }
}

/// The case and hearing of a path; ids that are not UUIDs are pages that do not exist.
pub(crate) fn hearing_ids(case_id: &str, hearing_id: &str) -> Result<(Uuid, Uuid), WebError> {
    match (Uuid::parse_str(case_id), Uuid::parse_str(hearing_id)) {
        (Ok(c), Ok(h)) => Ok((c, h)),
        _ => Err(WebError::NotFound),
    }
}

/// `GET` of a page about one hearing: the ids of the path (404 if not UUIDs), the page `build`
/// makes of them (its errors shown in the viewer's frame), rendered.
pub(crate) async fn show_hearing_page<T, F, Fut>(
    viewer: &Viewer,
    (case_id, hearing_id): (String, String),
    build: F,
) -> Result<Response, WebError>
where
    T: askama::Template,
    F: FnOnce(Uuid, Uuid) -> Fut,
    Fut: std::future::Future<Output = Result<T, WebError>>,
{
    let (case_id, hearing_id) = hearing_ids(&case_id, &hearing_id).framed(viewer)?;
    let page = build(case_id, hearing_id).await.framed(viewer)?;
    Ok(crate::page::render(&page)?.into_response())
}

/// The message of the first error for an input id, for a template.
pub(crate) fn error_for<'a>(errors: &'a [(String, String)], id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, m)| m.as_str())
}

/// A hearing of a case the viewer may take `action` on at the hearing's court (as the command
/// will decide it): the case as read (access-logged) and the hearing. 404 for no such hearing,
/// 403 when the action is not theirs there.
pub(crate) async fn hearing_for(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    hearing_id: Uuid,
    action: Action,
) -> Result<(ReadCase, Hearing), WebError> {
    let read = read_case(state, &viewer.who, case_id).await?;
    let h = read
        .view
        .case
        .hearing(hearing_id)
        .cloned()
        .ok_or(WebError::NotFound)?;
    let may = state.policy.is_allowed_at_case_court(
        &viewer.who.principal,
        action,
        &read.facts,
        h.court_ou.as_str(),
        None,
    );
    if !may {
        return Err(WebError::Forbidden);
    }
    Ok((read, h))
}

/// The page's answer to a case change it submitted: on success 303 to `done` (the case page with
/// its banner); on a stale version the 409 case page; a refusal by the domain as the problems to
/// show against the form's inputs (`input_for` gives the input of a field the domain names; a
/// rule is shown against `rule_input`), for the caller to render the form again.
pub(crate) async fn answer(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    result: Result<CommandResult, ApiError>,
    done: &str,
    input_for: impl Fn(&str) -> &'static str,
    rule_input: &str,
) -> Result<Result<Response, Vec<(String, String)>>, WebError> {
    match result {
        Ok(_) => Ok(Ok(Redirect::to(done).into_response())),
        Err(ApiError::Conflict { .. }) => super::case::conflict_page(state, viewer, case_id)
            .await
            .map(Ok),
        Err(ApiError::Domain(DomainError::Invalid(problems))) => Ok(Err(problems
            .into_iter()
            .map(|p| (input_for(&p.field).to_string(), p.message))
            .collect())),
        Err(ApiError::Domain(DomainError::Rule { message, .. })) => {
            Ok(Err(vec![(rule_input.to_string(), message)]))
        }
        Err(e) => Err(e).framed(viewer),
    }
}
