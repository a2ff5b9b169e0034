//! Defence firms going on and coming off the record for a defendant. Visibility of the
//! defendant's record to the firm starts and ends with these events.

use assize_domain::case::{Case, CaseEvent, OrgRef, decide};
use assize_policy::Action;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand, CommandResult};
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
    let a = decide_association(&state, &who, case_id, defendant_id).await?;
    let can_read = a.can_read;
    commands::commit(
        &state,
        &who,
        a.case,
        a.version,
        a.events,
        key,
        &fingerprint,
        None,
        axum::http::StatusCode::OK,
    )
    .await
    .map_err(|e| hidden(can_read, e))
}

/// An association decided and ready to append.
pub struct Association {
    /// The case at `version`, the version the decision was made on.
    pub case: Case,
    pub version: i64,
    pub events: Vec<CaseEvent>,
    /// Whether the firm may read the case already; if not, every refusal is the same 404.
    pub can_read: bool,
}

/// To a firm that cannot read the case, every refusal is "not found".
fn hidden(can_read: bool, e: ApiError) -> ApiError {
    if can_read {
        e
    } else {
        ApiError::NotFound("Case")
    }
}

/// Decide whether `who`'s firm may go on record for the defendant, without recording anything:
/// the check shared by `PUT .../representation`, the web page that finds the defendant, and
/// its confirmation. Association is how a firm gains access, so the usual "may read the case"
/// gate does not apply; the policy's AssociateDefence decision does.
pub async fn decide_association(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    defendant_id: Uuid,
) -> ApiResult<Association> {
    let record = state
        .store
        .load_case(case_id)
        .await?
        .ok_or(ApiError::NotFound("Case"))?;
    let f = crate::projection::facts(&record);
    let can_read = state
        .policy
        .is_allowed(&who.principal, Action::ReadCase, Some(&f), None);
    if !f.defendants.iter().any(|d| d.defendant_id == defendant_id) {
        return Err(ApiError::NotFound("Case"));
    }
    if !state.policy.is_allowed(
        &who.principal,
        Action::AssociateDefence,
        Some(&f),
        Some(defendant_id),
    ) {
        return Err(hidden(can_read, ApiError::Forbidden));
    }
    let case: Case = serde_json::from_value(record.state.clone())
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let firm = OrgRef {
        id: who.actor.org_id,
        name: who.actor.org_name.clone(),
    };
    let events = decide::associate_defence(&case, defendant_id, firm)
        .map_err(|e| hidden(can_read, e.into()))?;
    Ok(Association {
        case,
        version: record.version,
        events,
        can_read,
    })
}

/// Go on record (the web interface's path: no idempotency key; a repeat meets "already on
/// record"). Refusals are hidden exactly as for `PUT .../representation`.
pub async fn associate_defence(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    defendant_id: Uuid,
) -> ApiResult<CommandResult> {
    let a = decide_association(state, who, case_id, defendant_id).await?;
    let can_read = a.can_read;
    commands::record_events(state, who, a.case, a.version, a.events, None)
        .await
        .map_err(|e| hidden(can_read, e))
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
    let cmd = leave_command(case_id, defendant_id, v, key, &fingerprint);
    commands::run(&state, &who, cmd, |case, _| {
        decide::remove_defence(case, defendant_id)
    })
    .await
}

fn leave_command(
    case_id: Uuid,
    defendant_id: Uuid,
    version: i64,
    key: Option<String>,
    fingerprint: &str,
) -> CaseCommand<'_> {
    CaseCommand::new(case_id, version, Action::LeaveDefence, key, fingerprint)
        .for_defendant(defendant_id)
}

/// The firm on record comes off the record (or the court removes it) at `version`: the web
/// interface's path (a stale version is a conflict, never a second change).
pub async fn leave_defence(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    defendant_id: Uuid,
    version: i64,
) -> ApiResult<CommandResult> {
    let fingerprint = format!("remove:{case_id}:{defendant_id}");
    let cmd = leave_command(case_id, defendant_id, version, None, &fingerprint);
    commands::execute(state, who, cmd, |case, _| {
        decide::remove_defence(case, defendant_id)
    })
    .await
}
