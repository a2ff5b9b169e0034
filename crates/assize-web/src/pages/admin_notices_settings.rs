//! Changing how a recipient receives its notices (operators only), through the same service as
//! `PUT /api/v1/recipients/{id}`: its name, organisation, delivery (pull feed or webhook), the
//! webhook's endpoint and secret (never shown back: a blank secret keeps the current one) and the
//! attempts before a dead letter. The form carries the version it was read at: if the settings
//! changed since, nothing is written and the form says so (409).

use std::collections::BTreeMap;

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{
    RecipientSettings, check_settings, configure_recipient, notices_operator,
};
use assize_domain::case::{DomainError, FieldError};
use assize_store::RecipientRow;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::admin_notices::{kind_label, recipient_href};
use super::posted::{Posted, error_for};
use crate::error::{ForViewer, WebError};
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "admin_notices_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    name: String,
    kind: String,
    action: String,
    back: String,
    version: i64,
    secret_set: bool,
    /// The settings changed after the form was read: nothing was saved.
    conflict: bool,
    fields: BTreeMap<&'static str, String>,
    errors: Vec<(String, String)>,
}

impl SettingsPage {
    fn value(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }
    fn error(&self, id: &str) -> Option<&str> {
        error_for(&self.errors, id)
    }
}

/// The form's inputs, by id.
const INPUTS: [&str; 5] = ["name", "org-id", "delivery", "webhook-url", "max-attempts"];

fn fields_of(r: &RecipientRow) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("name", r.name.clone()),
        (
            "org-id",
            r.org_id.map(|o| o.to_string()).unwrap_or_default(),
        ),
        ("delivery", r.delivery.as_str().to_string()),
        ("webhook-url", r.webhook_url.clone().unwrap_or_default()),
        ("max-attempts", r.max_attempts.to_string()),
    ])
}

/// The domain's field names as the form's input ids.
fn input_id(field: &str) -> &'static str {
    match field {
        "org_id" => "org-id",
        "delivery" => "delivery",
        "webhook_url" => "webhook-url",
        "webhook_secret" => "webhook-secret",
        "max_attempts" => "max-attempts",
        _ => "name",
    }
}

/// The recipient, if the viewer operates deliveries (403 otherwise, 404 if there is none).
async fn load(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<RecipientRow, WebError> {
    notices_operator(state, &viewer.who).framed(viewer)?;
    state
        .store
        .recipient(id)
        .await
        .map_err(ApiError::from)
        .framed(viewer)?
        .ok_or(WebError::NotFound)
        .framed(viewer)
}

fn page(viewer: &Viewer, r: &RecipientRow, shown: Shown) -> SettingsPage {
    let base = recipient_href(r.id);
    SettingsPage {
        chrome: viewer.chrome(format!("Change the settings: {}", r.name), ""),
        name: r.name.clone(),
        kind: kind_label(&r.kind),
        action: format!("{base}/settings"),
        back: base,
        version: shown.version.unwrap_or(r.version),
        secret_set: r.webhook_secret.is_some(),
        conflict: shown.conflict,
        fields: shown.fields.unwrap_or_else(|| fields_of(r)),
        errors: shown.errors,
    }
}

#[derive(Default)]
struct Shown {
    fields: Option<BTreeMap<&'static str, String>>,
    /// The version the refused form was read at (kept, so a stale form stays stale).
    version: Option<i64>,
    errors: Vec<(String, String)>,
    conflict: bool,
}

/// `GET /admin/notices/recipients/{id}/settings`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let r = load(&state, &viewer, id).await?;
    Ok(render(&page(&viewer, &r, Shown::default()))?.into_response())
}

/// `POST /admin/notices/recipients/{id}/settings`: 303 to the recipient, or the form again (422
/// with every problem, 409 if the settings changed since the form was read).
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let posted = Posted::csrf_checked(&viewer, form)?;
    let r = load(&state, &viewer, id).await?;
    let version = posted
        .get("version")
        .parse::<i64>()
        .map_err(|_| WebError::Invalid("The form has no version of the settings".into()))
        .framed(&viewer)?;
    let fields: BTreeMap<&'static str, String> =
        INPUTS.iter().map(|k| (*k, posted.get(k))).collect();
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let mut problems = Vec::new();
    let org_id = match get("org-id") {
        "" => None,
        s => Uuid::parse_str(s).map(Some).unwrap_or_else(|_| {
            problems.push(FieldError {
                field: "org_id".into(),
                message:
                    "Enter the organisation's id as shown on its page (a UUID), or leave it blank"
                        .into(),
            });
            None
        }),
    };
    let max_attempts = get("max-attempts").parse::<i64>().unwrap_or_else(|_| {
        problems.push(FieldError {
            field: "max_attempts".into(),
            message: "Enter the attempts before a dead letter as a whole number from 1 to 100"
                .into(),
        });
        1
    });
    let secret = posted.get("webhook-secret");
    let settings = RecipientSettings {
        version,
        name: get("name").to_string(),
        org_id,
        delivery: get("delivery").to_string(),
        webhook_url: Some(get("webhook-url").to_string()).filter(|u| !u.is_empty()),
        webhook_secret: Some(secret).filter(|s| !s.is_empty()),
        max_attempts,
    };
    // Every problem at once: the form's own, then the rules the service applies.
    if let Err(DomainError::Invalid(more)) = check_settings(&settings, r.webhook_secret.is_some()) {
        problems.extend(more);
    }
    let result = if problems.is_empty() {
        configure_recipient(&state, &viewer.who, id, &settings).await
    } else {
        Err(ApiError::Domain(DomainError::Invalid(problems)))
    };
    let mut shown = Shown {
        fields: Some(fields.clone()),
        version: Some(version),
        ..Shown::default()
    };
    let status = match result {
        Ok(_) => {
            return Ok(Redirect::to(&format!("{}?saved=1", recipient_href(id))).into_response());
        }
        Err(ApiError::Conflict { .. }) => {
            shown.conflict = true;
            StatusCode::CONFLICT
        }
        Err(ApiError::Domain(DomainError::Invalid(problems))) => {
            for p in problems {
                let input = input_id(&p.field).to_string();
                // One message per input: the first is the one to act on.
                if !shown.errors.iter().any(|(i, _)| *i == input) {
                    shown.errors.push((input, p.message));
                }
            }
            // In the order of the form, as the error summary lists them.
            let order = [
                "name",
                "org-id",
                "delivery",
                "webhook-url",
                "webhook-secret",
                "max-attempts",
            ];
            shown
                .errors
                .sort_by_key(|(i, _)| order.iter().position(|o| o == i));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e).framed(&viewer),
    };
    Ok((status, render(&page(&viewer, &r, shown))?).into_response())
}
