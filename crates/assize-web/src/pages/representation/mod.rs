//! A defence firm going on and coming off the record. To go on record the firm proves it knows
//! the client: the URN, the defendant's family name and date of birth must match exactly one
//! defendant. Any failure (no such case, another name, another date, a defendant the firm may
//! not act for) gives the same message, so the form cannot be used to learn whether a case or
//! a person exists; each attempt is access-logged because it probes personal data.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{associate_defence, leave_defence};
use assize_domain::ids::Urn;
use assize_policy::{Action, CaseFacts, DefendantFacts};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

mod lookup;

use super::intake::date::DateParts;
use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::viewer::Viewer;
use lookup::{Client, Found, search};

/// The one answer to every failed match.
pub const NO_MATCH: &str = "No defendant matches these details";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FindForm {
    csrf: String,
    urn: String,
    #[serde(rename = "family-name")]
    family_name: String,
    #[serde(rename = "dob-day")]
    dob_day: String,
    #[serde(rename = "dob-month")]
    dob_month: String,
    #[serde(rename = "dob-year")]
    dob_year: String,
}

#[derive(Template)]
#[template(path = "representation.html")]
struct FindPage {
    chrome: Chrome,
    form: FindForm,
    /// (input id, message), in page order.
    errors: Vec<(&'static str, String)>,
}

impl FindPage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template)]
#[template(path = "representation_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    client: Client,
}

/// May this person put their firm on record at all? Asked of the policy with a case that has
/// one unrepresented defendant, so the page follows the policy (solicitors and firm admins).
pub(crate) fn may_represent(state: &AppState, viewer: &Viewer) -> bool {
    let defendant = Uuid::from_u128(1);
    let facts = CaseFacts {
        case_id: Uuid::nil(),
        court_ous: vec![],
        prosecutor_org: Uuid::nil(),
        charging_force_org: Uuid::nil(),
        defendants: vec![DefendantFacts {
            defendant_id: defendant,
            defence_org: None,
        }],
    };
    state.policy.is_allowed(
        &viewer.who.principal,
        Action::AssociateDefence,
        Some(&facts),
        Some(defendant),
    )
}

fn find_page(viewer: &Viewer, form: FindForm, errors: Vec<(&'static str, String)>) -> FindPage {
    let title = if errors.is_empty() {
        "Represent a defendant"
    } else {
        "Error: Represent a defendant"
    };
    FindPage {
        chrome: viewer.chrome(title, ""),
        form,
        errors,
    }
}

pub async fn find_form(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    if !may_represent(&state, &viewer) {
        return Err(WebError::Forbidden).framed(&viewer);
    }
    Ok(render(&find_page(&viewer, FindForm::default(), vec![]))?.into_response())
}

pub async fn find(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<FindForm>,
) -> Result<Response, WebError> {
    viewer.check_csrf(&form.csrf).framed(&viewer)?;
    if !may_represent(&state, &viewer) {
        return Err(WebError::Forbidden).framed(&viewer);
    }
    let mut errors = vec![];
    let urn = match Urn::parse(form.urn.trim()) {
        Ok(u) => Some(u),
        Err(_) if form.urn.trim().is_empty() => {
            errors.push(("urn", "Enter the URN".to_string()));
            None
        }
        Err(_) => {
            errors.push((
                "urn",
                "Enter a URN in the right format, like 01AB1234526".to_string(),
            ));
            None
        }
    };
    if form.family_name.trim().is_empty() {
        errors.push(("family-name", "Enter the defendant's family name".into()));
    }
    let parts = DateParts {
        day: form.dob_day.clone(),
        month: form.dob_month.clone(),
        year: form.dob_year.clone(),
    };
    let dob = match parts.iso("Date of birth") {
        Ok(Some(d)) => d.parse::<jiff::civil::Date>().ok(),
        Ok(None) => {
            errors.push(("dob-day", "Enter the defendant's date of birth".into()));
            None
        }
        Err(m) => {
            errors.push(("dob-day", m));
            None
        }
    };
    let (Some(urn), Some(dob), true) = (urn, dob, errors.is_empty()) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&find_page(&viewer, form, errors))?,
        )
            .into_response());
    };
    let found = search(&state, &viewer, &urn, form.family_name.trim(), dob)
        .await
        .framed(&viewer)?;
    let message = match found {
        Found::One(client) => {
            let chrome = viewer.chrome("Confirm you represent this defendant", "");
            return Ok(render(&ConfirmPage { chrome, client })?.into_response());
        }
        Found::Refused(m) => m,
        Found::Nothing => NO_MATCH.to_string(),
    };
    let page = find_page(&viewer, form, vec![("urn", message)]);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    csrf: String,
    case_id: String,
    defendant_id: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    viewer.check_csrf(&form.csrf).framed(&viewer)?;
    let (Ok(case_id), Ok(defendant_id)) = (
        Uuid::parse_str(&form.case_id),
        Uuid::parse_str(&form.defendant_id),
    ) else {
        return Err(WebError::NotFound).framed(&viewer);
    };
    associate_defence(&state, &viewer.who, case_id, defendant_id)
        .await
        .framed(&viewer)?;
    Ok(Redirect::to(&format!("/cases/{case_id}")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LeaveForm {
    csrf: String,
    version: String,
}

/// The firm comes off the record at the case version its page showed (a stale version is the
/// "changed by someone else" page, nothing is changed).
pub async fn leave(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ids): Path<(String, String)>,
    Form(form): Form<LeaveForm>,
) -> Result<Response, WebError> {
    viewer.check_csrf(&form.csrf).framed(&viewer)?;
    let (Ok(case_id), Ok(defendant_id)) = (Uuid::parse_str(&ids.0), Uuid::parse_str(&ids.1)) else {
        return Err(WebError::NotFound).framed(&viewer);
    };
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return Err(WebError::Invalid(
            "The form did not say which version of the case you saw.".into(),
        ))
        .framed(&viewer);
    };
    match leave_defence(&state, &viewer.who, case_id, defendant_id, version).await {
        Ok(_) => Ok(Redirect::to("/?left-record=1").into_response()),
        // Someone changed the case after the page was opened: nothing was changed; the case page
        // shows it as it is now (the defence has no timeline to list the changes from).
        Err(assize_api::error::ApiError::Conflict { .. }) => {
            super::case::conflict_page(&state, &viewer, case_id).await
        }
        Err(e) => Err(WebError::from(e)).framed(&viewer),
    }
}
