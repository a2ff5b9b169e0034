//! The pull feed: a recipient's systems read their notices from a cursor and acknowledge them.
//! Whatever is not acknowledged is offered again (from the last acknowledged sequence number),
//! so a reader that fails between reading and acknowledging loses nothing. Every notice read is
//! access-logged (who read which defendant's results, when).

use assize_policy::Action;
use assize_store::{AccessLogEntry, DeliveryStats, RecipientRow};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::envelope::{NoticeEnvelope, RecipientView};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};

/// At most this many notices a page.
pub const MAX_PAGE: u64 = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Notices after this sequence number; by default after the last one acknowledged.
    pub after: Option<i64>,
    /// Page size, 1–500 (default 100).
    pub limit: Option<u64>,
}

/// A page of a recipient's notices, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeFeed {
    pub recipient_id: Uuid,
    /// The cursor this page was read from.
    pub after: i64,
    pub notices: Vec<NoticeEnvelope>,
    /// Read the next page with `?after=` this (the last `seq` of the page, or `after` if empty).
    pub next_after: i64,
    /// More notices follow this page.
    pub more: bool,
    /// The feed is acknowledged up to here.
    pub acked_seq: i64,
}

/// An acknowledgement: every notice up to and including `up_to` was received and stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub up_to: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Acked {
    /// The feed is now acknowledged up to here.
    pub acked_seq: i64,
    /// Notices this acknowledgement marked delivered.
    pub delivered: u64,
}

/// A recipient with its delivery figures.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecipientStatus {
    #[serde(flatten)]
    pub recipient: RecipientView,
    pub pending: i64,
    /// Pending notices that have failed at least once.
    pub retrying: i64,
    pub delivered: i64,
    pub dead: i64,
    /// When the oldest notice not yet delivered was written (UTC), if any.
    pub oldest_undelivered_at: Option<String>,
}

impl RecipientStatus {
    pub fn new(r: &RecipientRow, s: Option<&DeliveryStats>) -> Self {
        let s = s.cloned().unwrap_or_default();
        RecipientStatus {
            recipient: RecipientView::from(r),
            pending: s.pending,
            retrying: s.retrying,
            delivered: s.delivered,
            dead: s.dead,
            oldest_undelivered_at: s.oldest_undelivered.map(|t| t.to_string()),
        }
    }
}

/// Whether the caller operates the platform's deliveries.
pub fn is_operator(state: &AppState, who: &Authed) -> bool {
    state
        .policy
        .is_allowed(&who.principal, Action::ManageNotices, None, None)
}

/// The recipient if the caller may read its feed (its organisation's results staff), else 404
/// revealing nothing.
async fn readable(state: &AppState, who: &Authed, id: Uuid) -> ApiResult<RecipientRow> {
    state
        .store
        .recipient(id)
        .await?
        .filter(|r| {
            state
                .policy
                .is_allowed_for_recipient(&who.principal, Action::ReadNotices, r.org_id)
        })
        .ok_or(ApiError::NotFound("Recipient"))
}

/// The recipients the caller may see: its own organisation's (whose feed it reads), or all of
/// them for the platform's operators.
pub async fn visible_recipients(state: &AppState, who: &Authed) -> ApiResult<Vec<RecipientStatus>> {
    let operator = is_operator(state, who);
    let stats = state.store.delivery_stats().await?;
    Ok(state
        .store
        .recipients()
        .await?
        .iter()
        .filter(|r| {
            operator
                || state.policy.is_allowed_for_recipient(
                    &who.principal,
                    Action::ReadNotices,
                    r.org_id,
                )
        })
        .map(|r| RecipientStatus::new(r, stats.get(&r.id)))
        .collect())
}

/// The recipients of notices the caller may see, with their delivery figures.
///
/// A force's, prosecutor's, firm's or agency's results staff see their organisation's
/// recipients (to find the id of their feed); the platform's operators see every one.
#[utoipa::path(get, path = "/recipients", tag = "notices",
    responses((status = 200, body = [RecipientStatus]),
              (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list_recipients(
    State(state): State<AppState>,
    who: Authed,
) -> ApiResult<Json<Vec<RecipientStatus>>> {
    visible_recipients(&state, &who).await.map(Json)
}

/// Read a recipient's notices, oldest first, from a cursor.
///
/// Without `after`, the page starts after the last notice acknowledged, so notices read but not
/// acknowledged are offered again. Delivery is at least once: discard a notice whose
/// `notice_id` you already hold.
#[utoipa::path(get, path = "/recipients/{recipient_id}/notices", tag = "notices",
    params(("recipient_id" = Uuid, Path), FeedParams),
    responses((status = 200, body = NoticeFeed),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_feed(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(id): ApiPath<Uuid>,
    p: Result<Query<FeedParams>, QueryRejection>,
) -> ApiResult<Json<NoticeFeed>> {
    let Query(p) = p.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) || p.after.is_some_and(|a| a < 0) {
        return Err(ApiError::BadRequest(format!(
            "limit must be 1–{MAX_PAGE} and after a sequence number (0 or more)"
        )));
    }
    readable(&state, &who, id).await?;
    // One more than asked, to know whether more follow.
    let page = state
        .store
        .notice_feed(id, p.after, limit + 1)
        .await?
        .ok_or(ApiError::NotFound("Recipient"))?;
    let more = page.notices.len() as u64 > limit;
    let notices: Vec<_> = page.notices.iter().take(limit as usize).collect();
    let now = jiff::Timestamp::now();
    let log: Vec<AccessLogEntry> = notices
        .iter()
        .map(|n| AccessLogEntry {
            at: now,
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "notice_read".into(),
            case_id: Some(n.case_id),
            defendant_id: Some(n.defendant_id),
            detail: Some(
                serde_json::json!({ "notice_id": n.id, "recipient_id": id, "seq": n.seq }),
            ),
            correlation_id: who.correlation_id,
        })
        .collect();
    let notices = notices
        .into_iter()
        .map(NoticeEnvelope::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    state.store.record_access(&log).await?;
    Ok(Json(NoticeFeed {
        recipient_id: id,
        after: page.after,
        next_after: notices.last().map_or(page.after, |n| n.seq),
        notices,
        more,
        acked_seq: page.acked_seq,
    }))
}

/// Acknowledge every notice up to and including `up_to` (cumulative).
///
/// Acknowledge only what is safely stored. Acknowledging less than before changes nothing;
/// beyond the last notice given is refused (422).
#[utoipa::path(post, path = "/recipients/{recipient_id}/notices/ack", tag = "notices",
    request_body = Ack,
    params(("recipient_id" = Uuid, Path)),
    responses((status = 200, body = Acked),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn ack(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(id): ApiPath<Uuid>,
    body: ApiJson<Ack>,
) -> ApiResult<Json<Acked>> {
    readable(&state, &who, id).await?;
    let up_to = body.value.up_to;
    if up_to < 0 {
        return Err(ApiError::Unprocessable("up_to must be 0 or more".into()));
    }
    let delivered = state
        .store
        .ack_notices(id, up_to, jiff::Timestamp::now())
        .await
        .map_err(|e| match e {
            assize_store::StoreError::Invalid(m) => ApiError::Unprocessable(m),
            other => other.into(),
        })?;
    let acked_seq = state
        .store
        .recipient(id)
        .await?
        .map_or(up_to, |r| r.acked_seq);
    Ok(Json(Acked {
        acked_seq,
        delivered,
    }))
}
