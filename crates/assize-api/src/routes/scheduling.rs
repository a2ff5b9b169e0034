//! Scheduling a case's hearings: proposals of suitable sittings, moving a hearing, the dates the
//! parties cannot attend, and whether a trial went ahead.

use assize_domain::case::commands::{MoveHearing, NewDatesToAvoid, TrialOutcomeInput};
use assize_domain::case::{CaseStatus, DomainError, HearingStatus, decide};
use assize_domain::ids::OuCode;
use assize_domain::refdata::RefData;
use assize_policy::Action;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand, authorised_case};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
pub use crate::proposals::{NewHearingProposalParams, ProposalList, ProposalParams};
use crate::proposals::{Wanted, court_named, propose_for};
use crate::responses::CaseChangeResponses;
use crate::sittings::placements;

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
    let (_, case) = authorised_case(state, who, case_id, Action::ListHearing, None).await?;
    let h = case
        .hearing(hearing_id)
        .ok_or(ApiError::NotFound("Hearing"))?;
    let court_ou = match &p.court_ou {
        None => h.court_ou.clone(),
        Some(c) => court_named(c)?,
    };
    if h.status != HearingStatus::Listed {
        return Err(ApiError::Domain(DomainError::rule(
            "hearing-not-listed",
            "Only a hearing that is still listed can be placed",
        )));
    }
    let wanted = Wanted {
        court_ou,
        hearing_type: &h.hearing_type,
        estimate_minutes: p
            .estimate_minutes
            .or_else(|| h.slot.as_ref().and_then(|s| s.estimate_minutes)),
        limit: p.limit,
        moving: Some((hearing_id, h.slot.as_ref().map(|s| s.sitting_id))),
    };
    propose_for(state, who, &case, wanted).await
}

/// The next suitable sittings for a new hearing of the case, of a given type at a given court
/// (to list it, e.g. a trial relisted after an ineffective one): honouring the same rules as
/// proposals for a listed hearing. Each proposal carries its warnings (over-listing).
#[utoipa::path(get, path = "/cases/{case_id}/proposals", tag = "listing",
    params(("case_id" = Uuid, Path), NewHearingProposalParams),
    responses((status = 200, body = ProposalList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn new_proposals(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    p: Result<Query<NewHearingProposalParams>, QueryRejection>,
) -> ApiResult<Json<ProposalList>> {
    let Query(p) = p.map_err(|e| ApiError::Unprocessable(e.body_text()))?;
    Ok(Json(
        new_hearing_proposals(&state, &who, case_id, &p).await?,
    ))
}

/// The proposals for a new hearing, as `GET /cases/{id}/proposals` answers them: the pages'
/// service.
pub async fn new_hearing_proposals(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
    p: &NewHearingProposalParams,
) -> ApiResult<ProposalList> {
    let (_, case) = authorised_case(state, who, case_id, Action::ListHearing, None).await?;
    let court_ou = court_named(&p.court_ou)?;
    let hearing_type = p.hearing_type.trim();
    if RefData::global().hearing_type(hearing_type).is_none() {
        return Err(ApiError::Domain(DomainError::invalid(
            "hearing_type",
            format!("'{hearing_type}' is not a CJS hearing type code"),
        )));
    }
    if case.status == CaseStatus::Concluded {
        return Err(ApiError::Domain(DomainError::rule(
            "case-concluded",
            "The case is concluded: nothing more can be listed",
        )));
    }
    let wanted = Wanted {
        court_ou,
        hearing_type,
        estimate_minutes: p.estimate_minutes,
        limit: p.limit,
        moving: None,
    };
    propose_for(state, who, &case, wanted).await
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
