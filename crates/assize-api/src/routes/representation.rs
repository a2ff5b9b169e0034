//! Defence firms going on and coming off the record for a defendant. Visibility of the
//! defendant's record to the firm starts and ends with these events.

use assize_domain::case::{OrgRef, decide};
use assize_policy::Action;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, IdempotencyKey, IfMatch};
use crate::responses::CaseChangeResponses;

/// The caller's defence firm goes on record for the defendant. A firm not yet on record cannot
/// read the case, so it cannot know the case version: no `If-Match` is needed (the change is
/// still checked atomically against the version it was decided on). To a firm that cannot read
/// the case, every refusal is the same 404, so nothing of the case (not even who represents the
/// defendant) is revealed.
#[utoipa::path(put, path = "/cases/{case_id}/defendants/{defendant_id}/representation", tag = "representation",
    params(("case_id" = Uuid, Path), ("defendant_id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn associate(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, defendant_id)): ApiPath<(Uuid, Uuid)>,
    IdempotencyKey(key): IdempotencyKey,
) -> ApiResult<Response> {
    let fingerprint = format!("associate:{case_id}:{defendant_id}");
    if let Some(resp) = commands::replay(&state, &who, &key, &fingerprint).await? {
        return Ok(resp);
    }
    // Association is how a firm gains access, so the usual "may read the case" gate does not
    // apply; the policy's AssociateDefence decision does.
    let record = state
        .store
        .load_case(case_id)
        .await?
        .ok_or(ApiError::NotFound("Case"))?;
    let f = crate::projection::facts(&record);
    let can_read = state
        .policy
        .is_allowed(&who.principal, Action::ReadCase, Some(&f), None);
    let hidden = |e: ApiError| {
        if can_read {
            e
        } else {
            ApiError::NotFound("Case")
        }
    };
    if !f.defendants.iter().any(|d| d.defendant_id == defendant_id) {
        return Err(ApiError::NotFound("Case"));
    }
    if !state.policy.is_allowed(
        &who.principal,
        Action::AssociateDefence,
        Some(&f),
        Some(defendant_id),
    ) {
        return Err(hidden(ApiError::Forbidden));
    }
    let case: assize_domain::case::Case = serde_json::from_value(record.state.clone())
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let firm = OrgRef {
        id: who.actor.org_id,
        name: who.actor.org_name.clone(),
    };
    let events =
        decide::associate_defence(&case, defendant_id, firm).map_err(|e| hidden(e.into()))?;
    commands::commit(
        &state,
        &who,
        case,
        record.version,
        events,
        key,
        &fingerprint,
        None,
        axum::http::StatusCode::OK,
    )
    .await
    .map_err(hidden)
}

/// The firm on record comes off the record, or the court removes it. Access ends at once.
#[utoipa::path(delete, path = "/cases/{case_id}/defendants/{defendant_id}/representation", tag = "representation",
    params(("case_id" = Uuid, Path), ("defendant_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn remove(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, defendant_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
) -> ApiResult<Response> {
    let fingerprint = format!("remove:{case_id}:{defendant_id}");
    let cmd = CaseCommand::new(case_id, v, Action::LeaveDefence, key, &fingerprint)
        .for_defendant(defendant_id);
    commands::run(&state, &who, cmd, |case, _| {
        decide::remove_defence(case, defendant_id)
    })
    .await
}
