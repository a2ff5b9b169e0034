//! The hearing resulting screen: one form per hearing for attendance, pleas, allocation, sending,
//! verdicts, results, bail or remand and the adjournment, for every defendant and offence.
//!
//! What is typed is kept as a server-side draft (by the "Save draft" buttons, and continuously by
//! `resulting.js`), so nothing is lost to an error, a timeout or a closed tab. "Share results" runs
//! the same command as `POST /api/v1/cases/{id}/hearings/{hid}/outcome` (access, version, domain
//! rules, one atomic append). Invalid input comes back with everything kept and each problem
//! linked to its input; a change by someone else since the form was opened comes back as a
//! conflict naming who changed what, with the form re-based so sharing again is deliberate.

mod applies;
mod build;
mod changes;
mod errors;
mod fields;
mod outcome;
mod page;
mod values;
mod view;

use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{CaseCommand, execute};
use assize_domain::case::{DomainError, HearingStatus, decide};
use assize_policy::Action;
use assize_store::ResultDraft;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::{ForViewer, WebError};
use crate::viewer::Viewer;
use fields::Fields;
use page::{Loaded, Notice, Shown, SummaryItem};

/// Sent by `resulting.js` with its background saves, which want 204 rather than a page.
const AUTOSAVE_HEADER: &str = "x-assize-autosave";

fn form_path(case_id: uuid::Uuid, hearing_id: uuid::Uuid) -> String {
    format!("/cases/{case_id}/hearings/{hearing_id}/result")
}

/// The form's fields, or an error page for a body that is not a form at all.
fn posted(
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Vec<(String, String)>, WebError> {
    form.map(|f| f.0)
        .map_err(|e| WebError::Invalid(format!("The form could not be read: {}", e.body_text())))
}

fn csrf_of(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(n, _)| n == "csrf")
        .map_or("", |(_, v)| v.as_str())
}

async fn save_draft_of(
    state: &AppState,
    viewer: &Viewer,
    l: &Loaded,
    fields: &Fields,
    version: i64,
) -> Result<(), WebError> {
    state
        .store
        .save_result_draft(&ResultDraft {
            user_id: viewer.who.actor.user_id,
            hearing_id: l.hearing.id,
            case_id: l.case.id,
            fields: fields.to_json(),
            case_version: version,
            updated_at: jiff::Timestamp::now(),
        })
        .await
        .map_err(|e| WebError::from(ApiError::from(e)))
}

/// `GET …/result`: the form, restored from the person's draft if they have one.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
) -> Result<Response, WebError> {
    let l = page::load(&state, &viewer, &ids).await.framed(&viewer)?;
    page::log_read(&state, &viewer, &l).await.framed(&viewer)?;
    let draft = state
        .store
        .result_draft(viewer.who.actor.user_id, l.hearing.id)
        .await
        .map_err(ApiError::from)
        .framed(&viewer)?
        .filter(|d| d.case_id == l.case.id);
    let mut shown = Shown::new(&l);
    if let Some(d) = &draft {
        shown.fields = Fields::from_json(&d.fields);
        shown.draft_saved_at = Some(page::time_of_day(d.updated_at));
        // A draft older than the case: show what changed since, then continue from now.
        if d.case_version < l.version {
            shown.notice = Some(Notice::stale_draft(
                changes::since(&state, &viewer.who, &l.case, d.case_version).await,
            ));
        }
    }
    Ok(page::render(&viewer, &l, shown)?.into_response())
}

/// `POST …/result/draft`: keep what is typed. 204 for the background save; otherwise back to the
/// section the person was in (`#d0`, `#adj`), so the page does not jump to the top.
pub async fn save_draft(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let pairs = posted(form).framed(&viewer)?;
    viewer.check_csrf(csrf_of(&pairs)).framed(&viewer)?;
    let section = pairs
        .iter()
        .find(|(n, _)| n == "section")
        .map(|(_, v)| v.clone())
        .filter(|s| {
            s == "adj"
                || s.strip_prefix('d')
                    .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or_else(|| "result-form".into());
    let l = page::load(&state, &viewer, &ids).await.framed(&viewer)?;
    let fields = Fields::from_pairs(pairs);
    let version = fields.version().unwrap_or(l.version);
    let autosave = headers.contains_key(AUTOSAVE_HEADER);
    // A background save still travelling when the results were shared must not bring back the
    // draft sharing deleted: once the hearing is resulted, only a form based on the case as it is
    // now (one re-based after a conflict) is kept.
    if l.hearing.status != HearingStatus::Listed && version != l.version {
        if autosave {
            return Ok(StatusCode::CONFLICT.into_response());
        }
    } else {
        save_draft_of(&state, &viewer, &l, &fields, version)
            .await
            .framed(&viewer)?;
    }
    if autosave {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(Redirect::to(&format!("{}#{section}", form_path(l.case.id, l.hearing.id))).into_response())
}

/// `POST …/result`: share the results.
pub async fn share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let pairs = posted(form).framed(&viewer)?;
    viewer.check_csrf(csrf_of(&pairs)).framed(&viewer)?;
    let l = page::load(&state, &viewer, &ids).await.framed(&viewer)?;
    let mut fields = Fields::from_pairs(pairs);
    // A form without a readable version cannot prove what it was based on: treat it as stale.
    let version = fields.version().unwrap_or(0);
    let parsed = outcome::parse(&fields, &l.case, l.venue);
    let mut shown = Shown::new(&l);
    let status;
    if !parsed.errors.is_empty() {
        shown.errors = parsed.errors;
        status = StatusCode::UNPROCESSABLE_ENTITY;
    } else {
        let hearing_id = l.hearing.id;
        let cmd = CaseCommand::new(l.case.id, version, Action::RecordHearingOutcome, None, "")
            .at_hearing(hearing_id);
        let result = execute(&state, &viewer.who, cmd, |case, ctx| {
            decide::record_hearing_outcome(case, hearing_id, &parsed.outcome, ctx)
        })
        .await;
        match result {
            Ok(_) => {
                state
                    .store
                    .delete_result_draft(viewer.who.actor.user_id, hearing_id)
                    .await
                    .map_err(ApiError::from)
                    .framed(&viewer)?;
                return Ok(Redirect::to(&format!("/cases/{}?shared=1", l.case.id)).into_response());
            }
            Err(ApiError::Domain(DomainError::Invalid(problems))) => {
                for p in problems {
                    match errors::input_id(&p.field, &parsed.positions) {
                        Some(id) => shown.errors.push((id, p.message)),
                        None => shown.summary.push(SummaryItem {
                            href: None,
                            message: p.message,
                        }),
                    }
                }
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(ApiError::Domain(DomainError::Rule { message, .. })) => {
                shown.summary.push(SummaryItem {
                    href: None,
                    message,
                });
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(ApiError::Conflict { expected, .. }) => {
                // Re-read: the form is re-based on the case as it is now, after showing what changed.
                let now = page::load(&state, &viewer, &ids).await.framed(&viewer)?;
                let changed = changes::since(&state, &viewer.who, &now.case, expected).await;
                fields.set("version", now.version.to_string());
                save_draft_of(&state, &viewer, &now, &fields, now.version)
                    .await
                    .framed(&viewer)?;
                let mut shown = Shown::new(&now);
                shown.fields = fields;
                shown.notice = Some(Notice::conflict(changed, &now));
                let html = page::render(&viewer, &now, shown)?;
                return Ok((StatusCode::CONFLICT, html).into_response());
            }
            Err(e) => return Err(e).framed(&viewer),
        }
    }
    // Nothing was recorded: keep everything typed, as the draft too.
    save_draft_of(&state, &viewer, &l, &fields, version)
        .await
        .framed(&viewer)?;
    shown.fields = fields;
    shown.version = version;
    shown.draft_saved_at = Some(page::time_of_day(jiff::Timestamp::now()));
    Ok((status, page::render(&viewer, &l, shown)?).into_response())
}
