//! Reporting restrictions, custody time limit extensions, and amendments of recorded results
//! (which need a reason and a second authorised person's approval).

use assize_domain::case::commands::{
    AmendmentDecision, CtlExtension, NewRestriction, ResultAmendment,
};
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

/// Record a reporting restriction ordered by the court (automatic ones are recorded on intake).
#[utoipa::path(post, path = "/cases/{case_id}/reporting-restrictions", tag = "orders", request_body = NewRestriction,
    params(("case_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn impose_restriction(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<NewRestriction>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(
        case_id,
        v,
        Action::AddReportingRestriction,
        key,
        &body.body_hash,
    );
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::impose_restriction(case, &body.value, ctx)
    })
    .await
}

/// Lift a reporting restriction made by order (automatic restrictions cannot be lifted here).
#[utoipa::path(post, path = "/cases/{case_id}/reporting-restrictions/{restriction_id}/lift", tag = "orders",
    params(("case_id" = Uuid, Path), ("restriction_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn lift_restriction(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, restriction_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
) -> ApiResult<Response> {
    let fingerprint = format!("lift:{case_id}:{restriction_id}");
    let cmd = CaseCommand::new(
        case_id,
        v,
        Action::AddReportingRestriction,
        key,
        &fingerprint,
    );
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::lift_restriction(case, restriction_id, ctx)
    })
    .await
}

/// Extend a running custody time limit (decided by the court before expiry).
#[utoipa::path(post, path = "/cases/{case_id}/custody-time-limit-extensions", tag = "orders", request_body = CtlExtension,
    params(("case_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn extend_ctl(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<CtlExtension>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(
        case_id,
        v,
        Action::RecordHearingOutcome,
        key,
        &body.body_hash,
    );
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::extend_custody_time_limit(case, &body.value, ctx)
    })
    .await
}

/// Propose an amendment of a recorded result, with the reason. It takes effect only when a
/// second authorised person approves it.
#[utoipa::path(post, path = "/cases/{case_id}/amendments", tag = "orders", request_body = ResultAmendment,
    params(("case_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn propose_amendment(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<ResultAmendment>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(case_id, v, Action::ProposeAmendment, key, &body.body_hash)
        .for_defendant(body.value.defendant_id)
        .because(&body.value.reason);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::propose_amendment(case, &body.value, ctx)
    })
    .await
}

/// Approve or reject a pending amendment (not by the person who proposed it).
#[utoipa::path(post, path = "/cases/{case_id}/amendments/{amendment_id}/decision", tag = "orders", request_body = AmendmentDecision,
    params(("case_id" = Uuid, Path), ("amendment_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn decide_amendment(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, amendment_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<AmendmentDecision>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(case_id, v, Action::ApproveAmendment, key, &body.body_hash);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::decide_amendment(case, amendment_id, &body.value, ctx)
    })
    .await
}
