//! Recording what became of a trial (effective, cracked or ineffective, with the reason from
//! HMCTS's list or in words), as `POST …/trial-outcome` does it: the `RecordTrialOutcome`
//! decision at the hearing's court, `decide::record_trial_outcome`, and the case version from
//! the page as the change's `If-Match`.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{CaseCommand, execute};
use assize_domain::case::commands::TrialOutcomeInput;
use assize_domain::case::{TrialOutcomeKind, TrialReason, decide};
use assize_policy::Action;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::pages::posted::{
    Posted, answer, error_for, hearing_for, hearing_ids, show_hearing_page,
};
use crate::viewer::Viewer;

/// A choice of a select or radios: value, label.
type Choice = (String, String);

#[derive(Template)]
#[template(path = "trial_outcome.html")]
struct OutcomePage {
    chrome: Chrome,
    case_id: String,
    hearing_id: String,
    urn: String,
    hearing: String,
    version: i64,
    kinds: Vec<(String, String, String)>,
    cracked: Vec<Choice>,
    ineffective: Vec<Choice>,
    kind: String,
    reason_code: String,
    reason: String,
    errors: Vec<(String, String)>,
}

impl OutcomePage {
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

/// The snake_case name of an enum value, as the API and the form use it.
fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An enum value from its snake_case name; none for "" or an unknown name.
fn parse<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn reasons(kind: TrialOutcomeKind) -> Vec<Choice> {
    TrialReason::ALL
        .into_iter()
        .filter(|r| r.kind() == kind)
        .map(|r| (name(r), r.label().to_string()))
        .collect()
}

async fn build(
    state: &AppState,
    viewer: &Viewer,
    case_id: Uuid,
    hearing_id: Uuid,
) -> Result<OutcomePage, WebError> {
    let (read, h) = hearing_for(
        state,
        viewer,
        case_id,
        hearing_id,
        Action::RecordTrialOutcome,
    )
    .await?;
    let case = &read.view.case;
    let kinds = [
        (TrialOutcomeKind::Effective, "The trial started"),
        (
            TrialOutcomeKind::Cracked,
            "It did not go ahead and need not be relisted, for example a guilty plea on the day",
        ),
        (
            TrialOutcomeKind::Ineffective,
            "It could not go ahead and must be relisted",
        ),
    ];
    Ok(OutcomePage {
        chrome: viewer.chrome(format!("Trial outcome: case {}", case.urn), ""),
        case_id: case_id.to_string(),
        hearing_id: hearing_id.to_string(),
        urn: case.urn.to_string(),
        hearing: format::hearing(&h),
        version: read.view.version,
        kinds: kinds
            .into_iter()
            .map(|(k, hint)| (name(k), format::words(&k), hint.to_string()))
            .collect(),
        cracked: reasons(TrialOutcomeKind::Cracked),
        ineffective: reasons(TrialOutcomeKind::Ineffective),
        kind: String::new(),
        reason_code: String::new(),
        reason: String::new(),
        errors: Vec::new(),
    })
}

/// `GET /cases/{case_id}/hearings/{hearing_id}/trial-outcome`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
) -> Result<Response, WebError> {
    show_hearing_page(&viewer, ids, |c, h| build(&state, &viewer, c, h)).await
}

/// `POST /cases/{case_id}/hearings/{hearing_id}/trial-outcome`: 303 to the case, the form
/// again with every problem (422), or the 409 case page on a stale version.
pub async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((case_id, hearing_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let (case_id, hearing_id) = hearing_ids(&case_id, &hearing_id).framed(&viewer)?;
    let (form, version) = Posted::checked(&viewer, form)?;
    let (kind, reason_code, reason) = (
        form.get("kind"),
        form.get("reason_code"),
        form.get("reason"),
    );
    let mut errors: Vec<(String, String)> = Vec::new();
    let parsed_kind = parse::<TrialOutcomeKind>(&kind);
    if parsed_kind.is_none() {
        errors.push(("kind".into(), "Select what became of the trial".into()));
    }
    let parsed_code = parse::<TrialReason>(&reason_code);
    if !reason_code.is_empty() && parsed_code.is_none() {
        errors.push(("reason_code".into(), "Select a reason from the list".into()));
    }
    if let (Some(kind), true) = (parsed_kind, errors.is_empty()) {
        let input = TrialOutcomeInput {
            kind,
            reason_code: parsed_code,
            reason: Some(reason.clone()).filter(|r| !r.is_empty()),
        };
        let cmd = CaseCommand::new(case_id, version, Action::RecordTrialOutcome, None, "")
            .at_hearing(hearing_id);
        let result = execute(&state, &viewer.who, cmd, |case, ctx| {
            decide::record_trial_outcome(case, hearing_id, &input, ctx)
        })
        .await;
        let done = format!("/cases/{case_id}?outcome=1");
        let input_for = |field: &str| {
            if field == "reason" {
                "reason"
            } else {
                "reason_code"
            }
        };
        match answer(&state, &viewer, case_id, result, &done, input_for, "kind").await? {
            Ok(response) => return Ok(response),
            Err(problems) => errors.extend(problems),
        }
    }
    let mut page = build(&state, &viewer, case_id, hearing_id)
        .await
        .framed(&viewer)?;
    page.version = version;
    (page.kind, page.reason_code, page.reason) = (kind, reason_code, reason);
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
