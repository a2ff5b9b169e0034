//! The operators' controls of delivery (`ManageNotices`): a recipient's settings (webhook or
//! feed, endpoint, secret, organisation, attempts before a dead letter), replaying notices, and
//! the routing of result codes to agencies. Every change is attributable: settings carry a
//! version (a stale change is refused), and each action is written to the access log.

use assize_domain::case::{DomainError, FieldError};
use assize_store::{AccessLogEntry, Delivery, RecipientChange};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::envelope::RecipientView;
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};

/// A recipient's settings, replacing the previous ones.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientSettings {
    /// The recipient's version as read (409 if it changed since).
    pub version: i64,
    pub name: String,
    /// The organisation whose results staff read the feed (for an agency, assign it here).
    pub org_id: Option<Uuid>,
    /// `pull` or `webhook`.
    pub delivery: String,
    /// `https://…` (or `http://…` on a private network) for a webhook.
    pub webhook_url: Option<String>,
    /// The HMAC secret (at least 32 characters); leave out to keep the current one.
    pub webhook_secret: Option<String>,
    /// Failures before a webhook notice is parked as a dead letter (1–100).
    pub max_attempts: i64,
}

/// Check settings; every problem at once.
pub fn check_settings(
    s: &RecipientSettings,
    has_secret: bool,
) -> Result<RecipientChange, DomainError> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    let name = s.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        err(
            "name",
            "Enter the recipient's name (at most 200 characters)",
        );
    }
    let delivery = Delivery::parse(&s.delivery);
    if delivery.is_none() {
        err("delivery", "Choose pull (the feed) or webhook");
    }
    let url = s
        .webhook_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let well_formed = |u: &str| {
        (u.starts_with("https://") || u.starts_with("http://"))
            && u.len() > "https://".len()
            && u.len() <= 2000
            && !u.contains(char::is_whitespace)
    };
    if url.is_some_and(|u| !well_formed(u)) {
        err(
            "webhook_url",
            "Enter the endpoint as an http:// or https:// address",
        );
    }
    let secret = s.webhook_secret.as_deref().filter(|x| !x.is_empty());
    if secret.is_some_and(|x| x.chars().count() < 32 || x.chars().count() > 200) {
        err("webhook_secret", "The secret must be 32 to 200 characters");
    }
    if delivery == Some(Delivery::Webhook) {
        if url.is_none() {
            err(
                "webhook_url",
                "Enter the endpoint the notices are posted to",
            );
        }
        if secret.is_none() && !has_secret {
            err("webhook_secret", "Enter a secret to sign the notices with");
        }
    }
    if !(1..=100).contains(&s.max_attempts) {
        err(
            "max_attempts",
            "Attempts before a dead letter must be 1 to 100",
        );
    }
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    Ok(RecipientChange {
        name: name.to_string(),
        org_id: s.org_id,
        delivery: delivery.unwrap_or(Delivery::Pull),
        webhook_url: url.map(str::to_string),
        webhook_secret: secret.map(str::to_string),
        max_attempts: s.max_attempts,
    })
}

/// The caller must operate deliveries (403 otherwise).
pub fn operator(state: &AppState, who: &Authed) -> ApiResult<()> {
    if super::feed::is_operator(state, who) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Record an operator's action in the access log.
pub async fn log(
    state: &AppState,
    who: &Authed,
    action: &str,
    detail: serde_json::Value,
) -> ApiResult<()> {
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: action.into(),
            case_id: None,
            defendant_id: None,
            detail: Some(detail),
            correlation_id: who.correlation_id,
        }])
        .await?;
    Ok(())
}

/// Change a recipient's settings (the service of the PUT, for the pages too).
pub async fn configure(
    state: &AppState,
    who: &Authed,
    id: Uuid,
    s: &RecipientSettings,
) -> ApiResult<RecipientView> {
    operator(state, who)?;
    let current = state
        .store
        .recipient(id)
        .await?
        .ok_or(ApiError::NotFound("Recipient"))?;
    let change = check_settings(s, current.webhook_secret.is_some())?;
    if let Some(org) = change.org_id
        && state.store.organisation(org).await?.is_none()
    {
        return Err(ApiError::Domain(DomainError::invalid(
            "org_id",
            "No such organisation",
        )));
    }
    state.store.update_recipient(id, s.version, &change).await?;
    log(state, who, "recipient_configured", serde_json::json!({
        "recipient_id": id, "delivery": change.delivery.as_str(), "webhook_url": change.webhook_url,
        "org_id": change.org_id, "max_attempts": change.max_attempts,
        "secret_changed": change.webhook_secret.is_some(),
    }))
    .await?;
    let r = state
        .store
        .recipient(id)
        .await?
        .ok_or(ApiError::NotFound("Recipient"))?;
    Ok(RecipientView::from(&r))
}

/// Change how a recipient receives its notices (the platform's operators).
///
/// Switching to `webhook` needs an endpoint and a secret; pending notices are then posted in
/// order. The secret is never shown back.
#[utoipa::path(put, path = "/recipients/{recipient_id}", tag = "notices",
    request_body = RecipientSettings,
    params(("recipient_id" = Uuid, Path)),
    responses((status = 200, body = RecipientView),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn put_recipient(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(id): ApiPath<Uuid>,
    body: ApiJson<RecipientSettings>,
) -> ApiResult<Json<RecipientView>> {
    configure(&state, &who, id, &body.value).await.map(Json)
}

/// How many notices a replay put back in line.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Replayed {
    pub replayed: u64,
}

/// Offer one notice again (a dead letter, or a delivered notice the recipient lost).
///
/// It becomes pending with a fresh count of attempts and is sent before the recipient's later
/// notices; for the feed, the acknowledged cursor moves back before it.
#[utoipa::path(post, path = "/notices/{notice_id}/replay", tag = "notices",
    params(("notice_id" = Uuid, Path)),
    responses((status = 200, body = Replayed),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn replay_notice(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Replayed>> {
    replay_one(&state, &who, id).await?;
    Ok(Json(Replayed { replayed: 1 }))
}

/// Replay every dead letter of a recipient (once its endpoint is mended).
#[utoipa::path(post, path = "/recipients/{recipient_id}/replay-dead", tag = "notices",
    params(("recipient_id" = Uuid, Path)),
    responses((status = 200, body = Replayed),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn replay_dead(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Replayed>> {
    replay_dead_letters(&state, &who, id)
        .await
        .map(|replayed| Json(Replayed { replayed }))
}

/// Replay a recipient's dead letters (the service, for the pages too).
pub async fn replay_dead_letters(state: &AppState, who: &Authed, id: Uuid) -> ApiResult<u64> {
    operator(state, who)?;
    state
        .store
        .recipient(id)
        .await?
        .ok_or(ApiError::NotFound("Recipient"))?;
    let n = state.store.replay_dead(id, jiff::Timestamp::now()).await?;
    log(
        state,
        who,
        "dead_letters_replayed",
        serde_json::json!({ "recipient_id": id, "replayed": n }),
    )
    .await?;
    Ok(n)
}

/// Offer one notice again (the service of `POST /notices/{id}/replay`, for the pages): the
/// recipient it belongs to, for the page to return to.
pub async fn replay_one(state: &AppState, who: &Authed, id: Uuid) -> ApiResult<Uuid> {
    operator(state, who)?;
    let notice = state
        .store
        .notice(id)
        .await?
        .ok_or(ApiError::NotFound("Notice"))?;
    if !state
        .store
        .replay_notice(id, jiff::Timestamp::now())
        .await?
    {
        return Err(ApiError::NotFound("Notice"));
    }
    log(
        state,
        who,
        "notice_replayed",
        serde_json::json!({ "notice_id": id }),
    )
    .await?;
    Ok(notice.recipient_id)
}
