//! Sending a new case to court (police and prosecutors): the same `NewCase` as
//! `POST /api/v1/cases`, decided by the same service, so the rules and messages are the API's.
//! Without JavaScript, adding or removing a defendant or an offence is a submit button that
//! re-renders the form with everything typed; only "Send case" validates and records.

mod check;
pub(super) mod date;
pub(super) mod form;
mod input;
mod paths;
#[cfg(test)]
mod tests;
mod view;

use std::collections::HashMap;

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{new_case_events, record_events};
use assize_domain::access::OrgKind;
use assize_domain::case::DomainError;
use assize_policy::Action;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::viewer::Viewer;
use form::{FormAction, IntakeForm};
use view::{Builder, DateInput, DefendantView, Input, Radios, Select};

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    chrome: Chrome,
    /// (input id, message) in page order, for the error summary.
    errors: Vec<(String, String)>,
    urn: Input,
    initiation: Radios,
    /// A prosecutor's own authority (code, name): they send only their own cases.
    own_authority: Option<(String, String)>,
    /// Police choose the prosecuting authority.
    authority: Option<Select>,
    /// Prosecutors choose the originating police force (police send for their own).
    force: Option<Select>,
    defendants: Vec<DefendantView>,
    court: Select,
    hearing_date: DateInput,
    hearing_type: Select,
}

/// Who is sending: what the form offers depends on their organisation.
struct Sender {
    own_authority: Option<(String, String)>,
    authorities: Vec<(String, String)>,
    forces: Vec<(String, String)>,
}

fn store_err(e: assize_store::StoreError) -> WebError {
    ApiError::from(e).into()
}

async fn sender(state: &AppState, viewer: &Viewer) -> Result<Sender, WebError> {
    if !viewer.may(Action::CreateCase) {
        return Err(WebError::Forbidden);
    }
    let actor = &viewer.who.actor;
    if actor.org_kind == OrgKind::ProsecutingAuthority {
        let own = state
            .store
            .organisation(actor.org_id)
            .await
            .map_err(store_err)?;
        let own = own.ok_or(WebError::Forbidden)?;
        let forces = state
            .store
            .organisation_codes(OrgKind::PoliceForce)
            .await
            .map_err(store_err)?;
        return Ok(Sender {
            own_authority: Some((own.code.unwrap_or_default(), own.name)),
            authorities: vec![],
            forces,
        });
    }
    Ok(Sender {
        own_authority: None,
        authorities: state
            .store
            .organisation_codes(OrgKind::ProsecutingAuthority)
            .await
            .map_err(store_err)?,
        forces: vec![],
    })
}

fn page(
    viewer: &Viewer,
    sender: &Sender,
    form: &IntakeForm,
    errors: Vec<(String, String)>,
) -> IntakePage {
    let by_id: HashMap<String, String> = errors.iter().cloned().collect();
    let b = Builder { errors: &by_id };
    let title = if errors.is_empty() {
        "Send a new case"
    } else {
        "Error: Send a new case"
    };
    let prosecutor = sender.own_authority.is_some();
    IntakePage {
        chrome: viewer.chrome(title, "/cases/new"),
        urn: b.input(
            "urn".into(),
            "Police unique reference number (URN)",
            "11 characters, for example 01AB1234526",
            &form.urn,
            "govuk-input--width-20",
        ),
        initiation: b.radios(
            "initiation-type".into(),
            "How was the case started?",
            &view::INITIATION,
            &form.initiation_type,
        ),
        own_authority: sender.own_authority.clone(),
        authority: (!prosecutor).then(|| {
            b.select(
                "prosecution-authority-code",
                "Prosecuting authority",
                "",
                sender.authorities.clone(),
                &form.prosecution_authority_code,
                Some("Choose the prosecuting authority"),
            )
        }),
        force: prosecutor.then(|| {
            b.select(
                "originating-organisation",
                "Originating police force",
                "The force that charged or reported the defendant",
                sender.forces.clone(),
                &form.originating_organisation,
                Some("Choose the police force"),
            )
        }),
        defendants: view::defendants(&b, form),
        court: b.select(
            "hearing-court",
            "Magistrates’ court",
            "Every adult case starts in a magistrates’ court",
            view::magistrates_courts(),
            &form.hearing_court,
            Some("Choose the court"),
        ),
        hearing_date: b.date(
            "hearing-date".into(),
            "Date of the first hearing",
            "For example, 27 3 2026",
            &form.hearing_date,
        ),
        hearing_type: b.select(
            "hearing-type",
            "Type of hearing",
            "",
            view::hearing_types(),
            &form.hearing_type,
            None,
        ),
        errors,
    }
}

/// Every input id of the form in page order, to list errors as the page reads.
fn page_order(form: &IntakeForm) -> Vec<String> {
    let mut ids: Vec<String> = [
        "intake-form",
        "urn",
        "initiation-type",
        "prosecution-authority-code",
        "originating-organisation",
    ]
    .map(String::from)
    .to_vec();
    for (i, d) in form.defendants.iter().enumerate() {
        for f in [
            "given-names",
            "family-name",
            "dob-day",
            "address-line-1",
            "postcode",
            "asn",
            "pnc-id",
            "custody-status",
        ] {
            ids.push(format!("d{i}-{f}"));
        }
        for j in 0..d.offences.len() {
            for f in ["code", "wording", "from-day", "to-day"] {
                ids.push(format!("d{i}-o{j}-{f}"));
            }
        }
    }
    ids.extend(["hearing-court", "hearing-date-day", "hearing-type"].map(String::from));
    ids
}

/// The form's own problems first (a field the form could not read is sent blank, and the
/// domain's complaint about the blank would only repeat it), then the domain's; one message
/// per input, in page order.
fn merge(
    form: &IntakeForm,
    mut errors: Vec<(String, String)>,
    domain: Vec<assize_domain::case::FieldError>,
) -> Vec<(String, String)> {
    // With no initiation type chosen, the domain judged custody against a stand-in "charge".
    let no_initiation = errors.iter().any(|(id, _)| id == "initiation-type");
    for f in domain {
        if no_initiation && f.field.ends_with("custody_status") {
            continue;
        }
        let id = paths::field_id(&f.field).unwrap_or_else(|| "intake-form".into());
        if !errors.iter().any(|(e, _)| *e == id) {
            errors.push((id, f.message));
        }
    }
    let order = page_order(form);
    errors.sort_by_key(|(id, _)| order.iter().position(|o| o == id).unwrap_or(0));
    errors
}

pub async fn new_case(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let sender = sender(&state, &viewer).await.framed(&viewer)?;
    Ok(render(&page(&viewer, &sender, &IntakeForm::blank(), vec![]))?.into_response())
}

pub async fn send_case(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    viewer.check_csrf(field("csrf")).framed(&viewer)?;
    let sender = sender(&state, &viewer).await.framed(&viewer)?;
    let mut form = IntakeForm::from_pairs(&pairs);
    let action = FormAction::parse(field("action"));
    if !matches!(action, FormAction::Send | FormAction::Confirm) {
        form.apply(action);
        return Ok(render(&page(&viewer, &sender, &form, vec![]))?.into_response());
    }
    let own = sender.own_authority.as_ref().map(|(code, _)| code.as_str());
    let (input, form_errors) = form.to_new_case(own, own.is_some());
    let invalid = |errors| -> Result<Response, WebError> {
        let p = page(&viewer, &sender, &form, errors);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
    };
    let (case, events) = match new_case_events(&state, &viewer.who, &input).await {
        Ok(decided) if form_errors.is_empty() => decided,
        Ok(_) => return invalid(merge(&form, form_errors, vec![])),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            return invalid(merge(&form, form_errors, fields));
        }
        Err(ApiError::Domain(other)) => {
            return invalid(merge(
                &form,
                form_errors,
                vec![assize_domain::case::FieldError {
                    field: String::new(),
                    message: other.to_string(),
                }],
            ));
        }
        Err(e) => return Err(WebError::from(e)).framed(&viewer),
    };
    if action == FormAction::Send {
        // Nothing is recorded yet: the person checks the case as the court will receive it.
        // The case as it will be once every decided event (the first hearing too) is applied.
        let mut preview = case.clone();
        for e in events.iter().skip(1) {
            preview.apply(e);
        }
        return Ok(render(&check::page(&viewer, &preview, &pairs))?.into_response());
    }
    match record_events(&state, &viewer.who, case, 0, events, None).await {
        Ok(done) => Ok(Redirect::to(&format!("/cases/{}?created=1", done.case_id)).into_response()),
        Err(ApiError::DuplicateUrn(urn)) => {
            let errors = vec![(
                "urn".to_string(),
                format!("A case with URN {urn} already exists"),
            )];
            let p = page(&viewer, &sender, &form, errors);
            Ok((StatusCode::CONFLICT, render(&p)?).into_response())
        }
        Err(e) => Err(WebError::from(e)).framed(&viewer),
    }
}
