//! Scheduling a case's hearings: proposals of suitable sittings, moving a hearing, the dates the
//! parties cannot attend, and whether a trial went ahead.

use assize_domain::case::commands::{MoveHearing, NewDatesToAvoid, TrialOutcomeInput};
use assize_domain::case::{DomainError, HearingStatus, decide};
use assize_domain::ids::OuCode;
use assize_domain::listing::{self, Deadline, Proposal, default_estimate_minutes};
use assize_policy::Action;
use assize_store::AccessLogEntry;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand, authorised_case};
use crate::config::court_today;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use crate::projection::facts;
use crate::responses::CaseChangeResponses;
use crate::sittings::placements;

/// How far ahead proposals look: a quarter, the horizon courts usually list within.
const HORIZON_DAYS: i64 = 91;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// The court to look in (the hearing's own when omitted), e.g. to transfer it.
    pub court_ou: Option<String>,
    /// Time estimate in minutes (the hearing's, or a usual figure for its type, when omitted).
    #[param(minimum = 1, maximum = 720)]
    pub estimate_minutes: Option<u32>,
    /// At most this many (1-50, default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<usize>,
}

/// Suitable sittings for a hearing, best first, and the deadlines they honour.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalList {
    pub hearing_id: Uuid,
    pub court_ou: String,
    pub estimate_minutes: u32,
    /// Dates the hearing must take place by: no sitting after one is proposed.
    pub deadlines: Vec<Deadline>,
    pub proposals: Vec<Proposal>,
}

/// The next suitable sittings for a listed hearing: honouring its type, youth or adult, custody
/// (the earliest places go to defendants in custody), the dates the parties cannot attend, the
/// defendants' other hearings, and deadlines (custody time limit, PTPH within 28 days of sending,
/// first appearance in custody). Each proposal carries its warnings (over-listing).
#[utoipa::path(get, path = "/cases/{case_id}/hearings/{hearing_id}/proposals", tag = "listing",
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ProposalParams),
    responses((status = 200, body = ProposalList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn proposals(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    p: Result<Query<ProposalParams>, QueryRejection>,
) -> ApiResult<Json<ProposalList>> {
    let Query(p) = p.map_err(|e| ApiError::Unprocessable(e.body_text()))?;
    Ok(Json(
        hearing_proposals(&state, &who, case_id, hearing_id, &p).await?,
    ))
}

/// The proposals for a hearing, as `GET /cases/{id}/hearings/{hid}/proposals` answers them (the
/// same checks, the same access-log entry): the pages' service.
pub async fn hearing_proposals(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    hearing_id: Uuid,
    p: &ProposalParams,
) -> ApiResult<ProposalList> {
    let (record, case) = authorised_case(state, who, case_id, Action::ListHearing, None).await?;
    let h = case
        .hearing(hearing_id)
        .ok_or(ApiError::NotFound("Hearing"))?;
    let invalid = |f: &str, m: &str| ApiError::Domain(DomainError::invalid(f, m));
    let court_ou = match &p.court_ou {
        None => h.court_ou.clone(),
        Some(c) => OuCode::parse(c)
            .ok()
            .filter(|c| assize_domain::refdata::RefData::global().court(c).is_some())
            .ok_or_else(|| invalid("court_ou", "There is no court with this OU code"))?,
    };
    if !state.policy.is_allowed_at_case_court(
        &who.principal,
        Action::ListHearing,
        &facts(&record),
        court_ou.as_str(),
        None,
    ) {
        return Err(ApiError::Forbidden);
    }
    if h.status != HearingStatus::Listed {
        return Err(ApiError::Domain(DomainError::rule(
            "hearing-not-listed",
            "Only a hearing that is still listed can be placed",
        )));
    }
    let limit = p.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(invalid("limit", "limit must be between 1 and 50"));
    }
    let estimate = p
        .estimate_minutes
        .or_else(|| h.slot.as_ref().and_then(|s| s.estimate_minutes))
        .unwrap_or_else(|| default_estimate_minutes(&h.hearing_type, court_ou.kind()));
    if !(1..=720).contains(&estimate) {
        return Err(invalid(
            "estimate_minutes",
            "Give between 1 and 720 minutes",
        ));
    }
    let today = court_today();
    let until = today.checked_add(HORIZON_DAYS.days()).unwrap_or(today);
    let candidates: Vec<listing::Placement> = state
        .store
        .sittings(court_ou.as_str(), &today.to_string(), &until.to_string())
        .await?
        .into_iter()
        .map(|r| r.placement)
        .collect();
    let current = h.slot.as_ref().map(|s| s.sitting_id);
    let request = listing::case::request(&case, &h.hearing_type, estimate, current, today);
    let bookings = listing::case::bookings(&case, Some(hearing_id));
    let mut found = listing::propose(&request, &candidates, &bookings, today);
    found.truncate(limit);
    // Proposals are worked out from the case's custody, ages and dates to avoid: a consultation.
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "listing_proposals".into(),
            case_id: Some(case_id),
            defendant_id: None,
            detail: Some(serde_json::json!({"hearing_id": hearing_id, "court_ou": court_ou})),
            correlation_id: who.correlation_id,
        }])
        .await?;
    Ok(ProposalList {
        hearing_id,
        court_ou: court_ou.to_string(),
        estimate_minutes: estimate,
        deadlines: request.deadlines,
        proposals: found,
    })
}

/// Move a listed hearing to another sitting, or another date or court, with the reason. Staff
/// of the court it moves to decide (a listing officer cannot fill another court's sittings).
#[utoipa::path(post, path = "/cases/{case_id}/hearings/{hearing_id}/move", tag = "listing", request_body = MoveHearing,
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn move_hearing(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<MoveHearing>,
) -> ApiResult<Response> {
    let cmd = move_command(
        &state,
        case_id,
        hearing_id,
        v,
        key,
        &body.body_hash,
        &body.value,
    )
    .await?;
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::move_hearing(case, hearing_id, &body.value, ctx)
    })
    .await
}

/// The command that moves a hearing (the court whose staff decide, the sitting it names loaded
/// for the domain), as `POST /cases/{id}/hearings/{hid}/move` builds it: the pages' service, to
/// run with `execute` and `decide::move_hearing`.
pub async fn move_command<'a>(
    state: &AppState,
    case_id: Uuid,
    hearing_id: Uuid,
    version: i64,
    key: Option<String>,
    body_hash: &'a str,
    mv: &MoveHearing,
) -> ApiResult<CaseCommand<'a>> {
    let sittings = placements(state, mv.sitting_id).await?;
    let cmd =
        CaseCommand::new(case_id, version, Action::ListHearing, key, body_hash).because(&mv.reason);
    let target = sittings
        .first()
        .map(|p| p.sitting.court_ou.to_string())
        .or_else(|| {
            let named = mv.court_ou.as_deref()?;
            Some(OuCode::parse(named).map_or_else(|_| named.to_string(), |c| c.to_string()))
        });
    Ok(match target {
        Some(ou) => cmd.at_court(&ou),
        None => cmd.at_hearing(hearing_id),
    }
    .with_sittings(sittings))
}

/// Record whether a trial went ahead (effective), ended without a trial (cracked) or could not
/// go ahead (ineffective), with the reason; on or after the trial date, once.
#[utoipa::path(post, path = "/cases/{case_id}/hearings/{hearing_id}/trial-outcome", tag = "listing", request_body = TrialOutcomeInput,
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn trial_outcome(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<TrialOutcomeInput>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(case_id, v, Action::RecordTrialOutcome, key, &body.body_hash)
        .at_hearing(hearing_id);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::record_trial_outcome(case, hearing_id, &body.value, ctx)
    })
    .await
}

/// Note dates a defendant or an advocate cannot attend court; proposals avoid them.
#[utoipa::path(post, path = "/cases/{case_id}/dates-to-avoid", tag = "listing", request_body = NewDatesToAvoid,
    params(("case_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn dates_to_avoid(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<NewDatesToAvoid>,
) -> ApiResult<Response> {
    let cmd = CaseCommand::new(case_id, v, Action::ListHearing, key, &body.body_hash);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::note_dates_to_avoid(case, &body.value, ctx)
    })
    .await
}
