//! Listing, resulting and vacating hearings.

use assize_domain::case::commands::{HearingOutcome, NewHearing, VacateHearing};
use assize_domain::case::decide;
use assize_policy::Action;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use crate::responses::CaseChangeResponses;
use crate::sittings::placements;

/// List a hearing for the case, on a date or in a sitting (`sitting_id`): a sitting is checked
/// against the hearing (type, youth, custody) and the defendants' other hearings, and its
/// over-listing or a missed deadline is returned as a warning. Listing into a sitting is decided
/// for the sitting's court.
#[utoipa::path(post, path = "/cases/{case_id}/hearings", tag = "hearings", request_body = NewHearing,
    params(("case_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed, e.g. \"3\""),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn list_hearing(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<NewHearing>,
) -> ApiResult<Response> {
    let sittings = placements(&state, body.value.sitting_id).await?;
    let mut cmd = CaseCommand::new(case_id, v, Action::ListHearing, key, &body.body_hash);
    if let Some(p) = sittings.first() {
        cmd = cmd.at_court(p.sitting.court_ou.as_str());
    }
    commands::run(&state, &who, cmd.with_sittings(sittings), |case, ctx| {
        decide::list_hearing(case, &body.value, "", None, ctx).map(|e| vec![e])
    })
    .await
}

/// Record what happened at a hearing: attendance, pleas, allocation, sending, verdicts, results,
/// bail or remand, withdrawal, adjournment and the next hearing. All or nothing.
#[utoipa::path(post, path = "/cases/{case_id}/hearings/{hearing_id}/outcome", tag = "hearings", request_body = HearingOutcome,
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn record_outcome(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<HearingOutcome>,
) -> ApiResult<Response> {
    let next_sitting = body
        .value
        .adjournment
        .as_ref()
        .and_then(|a| a.next_hearing.sitting_id);
    let cmd = CaseCommand::new(
        case_id,
        v,
        Action::RecordHearingOutcome,
        key,
        &body.body_hash,
    )
    .at_hearing(hearing_id)
    .with_sittings(placements(&state, next_sitting).await?);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::record_hearing_outcome(case, hearing_id, &body.value, ctx)
    })
    .await
}

/// Vacate a listed hearing, with the reason.
#[utoipa::path(post, path = "/cases/{case_id}/hearings/{hearing_id}/vacate", tag = "hearings", request_body = VacateHearing,
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn vacate_hearing(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<VacateHearing>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(case_id, v, Action::ListHearing, key, &body.body_hash)
        .because(&body.value.reason)
        .at_hearing(hearing_id);
    commands::run(&state, &who, cmd, |case, _| {
        decide::vacate_hearing(case, hearing_id, &body.value)
    })
    .await
}
