//! The one path every change to an existing case takes: idempotency replay, load, access check,
//! version check, the pure domain decision, then one atomic append of events + read models +
//! access-log entry + idempotency record. Handlers only say which action and which decision.

use assize_domain::case::decide::Ctx;
use assize_domain::case::{Case, CaseEvent, DomainResult};
use assize_domain::listing::{BookedElsewhere, Placement};
use assize_domain::notices::RoutingTable;
use assize_domain::refdata::RefData;
use assize_policy::Action;
use assize_store::{
    AccessLogEntry, AppendRequest, IdempotencyRecord, NewEvent, NewNotice, SittingUse, StoredCase,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::config::court_today;
use crate::error::{ApiError, ApiResult};
use crate::projection::{case_facts, project, stored_state};

pub use crate::case_command::{AtCourt, CaseCommand, Decided};

/// What a completed command returns: the case's new version and what was recorded.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct CommandResult {
    pub case_id: Uuid,
    /// The case version after the change; send it as `If-Match` with the next change.
    pub version: i64,
    /// The events recorded, in order (their `type`).
    pub events: Vec<String>,
    /// Ids created by the command (new hearing, restriction, amendment...), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created_ids: Vec<Uuid>,
    /// What the person acting should know about the change, which was recorded nonetheless
    /// (e.g. "over-listed by 20 minutes", a deadline missed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Replay a stored response for a repeated Idempotency-Key, or refuse a reused key.
pub async fn replay(
    state: &AppState,
    who: &Authed,
    key: &Option<String>,
    body_hash: &str,
) -> ApiResult<Option<Response>> {
    let Some(key) = key else { return Ok(None) };
    match state
        .store
        .idempotency_record(who.actor.user_id, key)
        .await?
    {
        None => Ok(None),
        Some(rec) if rec.request_hash == body_hash => {
            let status = StatusCode::from_u16(rec.response_status).unwrap_or(StatusCode::OK);
            let mut resp = (status, rec.response_body).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp.headers_mut()
                .insert("idempotent-replay", HeaderValue::from_static("true"));
            if let Some(id) = rec.case_id
                && let Ok(v) = HeaderValue::from_str(&format!("/api/v1/cases/{id}"))
            {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            Ok(Some(resp))
        }
        Some(_) => Err(ApiError::IdempotencyMismatch),
    }
}

/// Load a case the caller may read (else 404, revealing nothing) and check the action (else 403).
pub async fn authorised_case(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    action: Action,
    defendant: Option<Uuid>,
) -> ApiResult<(StoredCase, Case)> {
    let stored = state
        .store
        .stored_case(case_id)
        .await?
        .ok_or(ApiError::NotFound("Case"))?;
    let case = stored_state(&stored)?;
    let f = case_facts(&case);
    let reader = state.policy.reader(&who.principal);
    if !reader.is_allowed(Action::ReadCase, Some(&f), None) {
        return Err(ApiError::NotFound("Case"));
    }
    if !reader.is_allowed(action, Some(&f), defendant) {
        return Err(ApiError::Forbidden);
    }
    Ok((stored, case))
}

/// Run a command against an existing case.
pub async fn run(
    state: &AppState,
    who: &Authed,
    cmd: CaseCommand<'_>,
    decide: impl FnOnce(&Case, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> ApiResult<Response> {
    if let Some(resp) = replay(state, who, &cmd.idempotency_key, cmd.body_hash).await? {
        return Ok(resp);
    }
    let (record, case, decided) = checked_decision(state, who, &cmd, decide).await?;
    commit(
        state,
        who,
        case,
        record.version,
        decided,
        cmd.idempotency_key,
        cmd.body_hash,
        cmd.reason,
        StatusCode::OK,
    )
    .await
}

/// Load, check access and version, decide, and check the court the action is about.
async fn checked_decision(
    state: &AppState,
    who: &Authed,
    cmd: &CaseCommand<'_>,
    decide: impl FnOnce(&Case, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> ApiResult<(StoredCase, Case, Decided)> {
    let (record, case) =
        authorised_case(state, who, cmd.case_id, cmd.action, cmd.defendant).await?;
    if record.version != cmd.expected_version {
        return Err(ApiError::Conflict {
            expected: cmd.expected_version,
            actual: record.version,
        });
    }
    let pncs = case
        .defendants
        .iter()
        .filter_map(|d| d.pnc_id.as_ref().map(|p| p.as_str()));
    let elsewhere = crate::sittings::booked_elsewhere(state, case.id, pncs, &cmd.sittings).await?;
    let decided = decide_in(who, &case, &cmd.sittings, &elsewhere, decide)?;
    // Checked after the domain, so invalid input (an unknown court) is reported as such.
    let court = match &cmd.at_court {
        AtCourt::Any => None,
        AtCourt::Hearing(h) => case.hearing(*h).map(|h| h.court_ou.to_string()),
        AtCourt::Court(ou) => Some(ou.clone()),
    };
    if let Some(ou) = court
        && !state.policy.is_allowed_at_case_court(
            &who.principal,
            cmd.action,
            &case_facts(&case),
            &ou,
            cmd.defendant,
        )
    {
        return Err(ApiError::Forbidden);
    }
    Ok((record, case, decided))
}

/// Call the domain with today's court date, the actor and fresh ids.
pub fn decide_with_ctx<T>(
    who: &Authed,
    case: &T,
    decide: impl FnOnce(&T, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> ApiResult<Vec<CaseEvent>> {
    decide_in(who, case, &[], &[], decide).map(|d| d.events)
}

/// Call the domain with today's court date, the actor, fresh ids, the sittings the input
/// names and the same people's hearings in other cases; keep the warnings it leaves.
pub fn decide_in<T>(
    who: &Authed,
    case: &T,
    sittings: &[Placement],
    elsewhere: &[BookedElsewhere],
    decide: impl FnOnce(&T, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> ApiResult<Decided> {
    let mut ids = Uuid::now_v7;
    let mut ctx = Ctx::new(
        court_today(),
        who.actor.user_id,
        RefData::global(),
        &mut ids,
    );
    ctx.sittings = sittings;
    ctx.elsewhere = elsewhere;
    let events = decide(case, &mut ctx)?;
    Ok(Decided {
        sittings_used: sittings_used(&events, sittings),
        events,
        warnings: ctx.warnings,
    })
}

/// The sittings `events` place hearings in, as the decision saw them in `sittings`.
fn sittings_used(events: &[CaseEvent], sittings: &[Placement]) -> Vec<SittingUse> {
    events
        .iter()
        .filter_map(|e| match e {
            CaseEvent::HearingListed { slot, .. } | CaseEvent::HearingMoved { slot, .. } => {
                slot.as_ref()
            }
            _ => None,
        })
        .filter_map(|slot| sittings.iter().find(|p| p.sitting.id == slot.sitting_id))
        .map(|p| SittingUse {
            sitting_id: p.sitting.id,
            kind: p.sitting.kind.as_str().to_string(),
            session: p.sitting.session.as_str().to_string(),
            start_time: p.sitting.start_time.clone(),
        })
        .collect()
}

/// Ids a command created, for the client's convenience.
fn created_ids(events: &[CaseEvent]) -> Vec<Uuid> {
    events
        .iter()
        .filter_map(|e| match e {
            CaseEvent::CaseCreated { case_id, .. } => Some(*case_id),
            CaseEvent::HearingListed { hearing_id, .. } => Some(*hearing_id),
            CaseEvent::ReportingRestrictionImposed { restriction } => Some(restriction.id),
            CaseEvent::ResultAmendmentProposed { amendment } => Some(amendment.id),
            CaseEvent::DatesToAvoidNoted { entry } => Some(entry.id),
            _ => None,
        })
        .collect()
}

/// A change ready to append: the response body and the atomic append request.
struct Prepared {
    result: CommandResult,
    body: String,
    append: AppendRequest,
}

/// A decided change applied to its case: everything an append writes but the read models
/// (which the caller projects from `case`, once per change or, in a bulk load, once per case).
pub struct Change {
    pub result: CommandResult,
    /// The case after the change, at its new version.
    pub case: Case,
    pub events: Vec<NewEvent>,
    pub access_log: Vec<AccessLogEntry>,
    pub notices: Vec<NewNotice>,
    pub sittings_used: Vec<SittingUse>,
}

/// Whether the change of `events` on a case at `version` needs the notice routing: a new case
/// has no results yet, only changes to an existing one can require notices.
pub fn needs_routing(version: i64, events: &[CaseEvent]) -> bool {
    version > 0 && crate::notices::outbox::may_notify(events)
}

/// Apply `decided` to `case` (at `version`) as of `now`: the events to store, the access-log
/// entry recording the alteration and the notices of results the change requires (the outbox:
/// written in the same transaction, or not at all), under `routing` — which must be given when
/// [`needs_routing`] says so.
pub fn apply_change(
    who: &Authed,
    mut case: Case,
    version: i64,
    decided: Decided,
    reason: Option<String>,
    routing: Option<&RoutingTable>,
    now: jiff::Timestamp,
) -> ApiResult<Change> {
    let Decided {
        events,
        warnings,
        sittings_used,
    } = decided;
    let before = needs_routing(version, &events).then(|| case.clone());
    for e in &events {
        case.apply(e);
    }
    let new_version = version + events.len() as i64;
    case.version = new_version;
    let notices = match (&before, routing) {
        (Some(before), Some(routing)) => {
            crate::notices::outbox::new_notices(before, &case, &events, routing, now)?
        }
        (Some(_), None) => {
            return Err(ApiError::Internal(
                "a change that may require notices was prepared without the routing".into(),
            ));
        }
        (None, _) => Vec::new(),
    };
    let result = CommandResult {
        case_id: case.id,
        version: new_version,
        events: events.iter().map(|e| e.type_name().to_string()).collect(),
        created_ids: created_ids(&events),
        warnings,
    };
    let new_events = events
        .iter()
        .map(|e| {
            Ok(NewEvent {
                event_type: e.type_name().to_string(),
                payload: serde_json::to_value(e).map_err(|e| ApiError::Internal(e.to_string()))?,
                actor_user_id: who.actor.user_id,
                actor_org_id: who.actor.org_id,
                occurred_at: now,
                correlation_id: who.correlation_id,
                reason: reason.clone(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let alteration = AccessLogEntry {
        at: now,
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        action: if version == 0 {
            "case_created".into()
        } else {
            "case_altered".into()
        },
        case_id: Some(case.id),
        defendant_id: None,
        detail: Some(serde_json::json!({ "events": result.events, "version": new_version })),
        correlation_id: who.correlation_id,
    };
    Ok(Change {
        result,
        case,
        events: new_events,
        access_log: vec![alteration],
        notices,
        sittings_used,
    })
}

/// Apply `events` to `case` (at `version`) and build the atomic append of events, read models,
/// access log and outbox.
async fn prepare(
    state: &AppState,
    who: &Authed,
    case: Case,
    version: i64,
    decided: Decided,
    reason: Option<String>,
) -> ApiResult<Prepared> {
    let routing = match needs_routing(version, &decided.events) {
        true => Some(crate::notices::outbox::routing(state).await?),
        false => None,
    };
    let change = apply_change(
        who,
        case,
        version,
        decided,
        reason,
        routing.as_ref(),
        jiff::Timestamp::now(),
    )?;
    let body =
        serde_json::to_string(&change.result).map_err(|e| ApiError::Internal(e.to_string()))?;
    let append = AppendRequest {
        case_id: change.case.id,
        expected_version: version,
        events: change.events,
        projection: project(&change.case),
        access_log: change.access_log,
        idempotency: None,
        sittings_used: change.sittings_used,
        notices: change.notices,
    };
    Ok(Prepared {
        result: change.result,
        body,
        append,
    })
}

/// Append `events` without an idempotency key (the web interface, whose forms carry the case
/// version instead: a repeated submission meets a version conflict, never a second change).
pub async fn record_events(
    state: &AppState,
    who: &Authed,
    case: Case,
    version: i64,
    events: Vec<CaseEvent>,
    reason: Option<String>,
) -> ApiResult<CommandResult> {
    let prepared = prepare(state, who, case, version, events.into(), reason).await?;
    state.store.append(prepared.append).await?;
    Ok(prepared.result)
}

/// Run a command against an existing case and return what was recorded (no idempotency key).
pub async fn execute(
    state: &AppState,
    who: &Authed,
    cmd: CaseCommand<'_>,
    decide: impl FnOnce(&Case, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> ApiResult<CommandResult> {
    let (record, case, decided) = checked_decision(state, who, &cmd, decide).await?;
    let prepared = prepare(state, who, case, record.version, decided, cmd.reason).await?;
    state.store.append(prepared.append).await?;
    Ok(prepared.result)
}

/// Append `events` to `case` (at `version`) atomically with read models, access log and the
/// idempotency record, and build the response.
#[allow(clippy::too_many_arguments)]
pub async fn commit(
    state: &AppState,
    who: &Authed,
    case: Case,
    version: i64,
    events: impl Into<Decided>,
    idempotency_key: Option<String>,
    body_hash: &str,
    reason: Option<String>,
    status: StatusCode,
) -> ApiResult<Response> {
    let Prepared {
        result,
        body,
        mut append,
    } = prepare(state, who, case, version, events.into(), reason).await?;
    append.idempotency = idempotency_key.map(|key| IdempotencyRecord {
        principal_id: who.actor.user_id,
        key,
        request_hash: body_hash.to_string(),
        response_status: status.as_u16(),
        response_body: body.clone(),
        case_id: Some(result.case_id),
    });
    let retry_key = append.idempotency.as_ref().map(|r| r.key.clone());
    if let Err(e) = state.store.append(append).await {
        // A concurrent retry with the same key may have won the race: answer as it did.
        if retry_key.is_some()
            && let Some(resp) = replay(state, who, &retry_key, body_hash).await?
        {
            return Ok(resp);
        }
        return Err(e.into());
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::ETAG, etag(result.version));
    if status == StatusCode::CREATED
        && let Ok(v) = HeaderValue::from_str(&format!("/api/v1/cases/{}", result.case_id))
    {
        headers.insert(header::LOCATION, v);
    }
    Ok((status, headers, body).into_response())
}

pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("a number is a valid header value")
}
