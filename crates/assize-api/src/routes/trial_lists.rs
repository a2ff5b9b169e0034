//! Warned and firm trial lists of the Crown Court: putting a trial in the warned list for a period
//! (a case command, through the same pipeline as moving a hearing), and reading a court's warned
//! list and fixed (firm) trials for a range of days — only the cases the reader may read, each
//! redacted as a case read is and access-logged as a `list_hit`.

use std::collections::HashMap;

use assize_domain::case::commands::WarnTrial;
use assize_domain::case::{CustodyStatus, DomainError, decide};
use assize_domain::refdata::RefData;
use assize_policy::Action;
use assize_store::{SearchLog, TrialListRow};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CaseCommand};
use crate::config::court_today;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use crate::projection::{case_facts, stored_state};
use crate::responses::CaseChangeResponses;
use crate::sittings::court;
use crate::view::case_view;

/// The longest range one request reads: a quarter, as for sittings.
const MAX_RANGE_DAYS: i64 = 92;

/// The command that warns a trial, as `POST …/warn` builds it (decided by listing officers of
/// the hearing's court): the pages' service, to run with `execute` and `decide::warn_trial`.
pub fn warn_command<'a>(
    case_id: Uuid,
    hearing_id: Uuid,
    version: i64,
    key: Option<String>,
    body_hash: &'a str,
    input: &WarnTrial,
) -> CaseCommand<'a> {
    CaseCommand::new(case_id, version, Action::ListHearing, key, body_hash)
        .because(&input.reason)
        .at_hearing(hearing_id)
}

/// Put a listed Crown Court trial in the warned list for a period (at most 28 days, from today
/// on): the parties must be ready to start on any day of it. Warning it again carries it over to
/// another period; moving it into a sitting or to a date fixes it. A period ending after the
/// custody time limit, or overlapping dates to avoid, is accepted with `warnings`.
#[utoipa::path(post, path = "/cases/{case_id}/hearings/{hearing_id}/warn", tag = "listing", request_body = WarnTrial,
    params(("case_id" = Uuid, Path), ("hearing_id" = Uuid, Path), ("If-Match" = String, Header, description = "The case version being changed"),
           ("Idempotency-Key" = Option<String>, Header)),
    responses(CaseChangeResponses))]
pub async fn warn_trial(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((case_id, hearing_id)): ApiPath<(Uuid, Uuid)>,
    IfMatch(v): IfMatch,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<WarnTrial>,
) -> ApiResult<Response> {
    let cmd = warn_command(case_id, hearing_id, v, key, &body.body_hash, &body.value);
    commands::run(&state, &who, cmd, |case, ctx| {
        decide::warn_trial(case, hearing_id, &body.value, ctx)
    })
    .await
}

/// A court's warned list and fixed (firm) trials for a range of days.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrialLists {
    pub court_ou: String,
    pub court_name: String,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    /// Trials warned for a period overlapping the range, by first day and URN.
    pub warned: Vec<TrialListEntry>,
    /// Trials fixed for a date in the range, by date and URN.
    pub firm: Vec<TrialListEntry>,
}

/// One trial on a trial list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrialListEntry {
    pub case_id: Uuid,
    pub urn: String,
    /// The case version (send it as `If-Match` when changing the case).
    pub case_version: i64,
    pub hearing_id: Uuid,
    pub hearing_type: String,
    pub hearing_type_name: String,
    /// The fixed date, or the first day of the warned period.
    #[schema(format = Date)]
    pub hearing_date: String,
    /// The warned period, inclusive (warned list only).
    #[schema(format = Date)]
    pub warned_from: Option<String>,
    #[schema(format = Date)]
    pub warned_to: Option<String>,
    /// Where a fixed trial sits, once placed in a sitting.
    pub courtroom: Option<String>,
    /// `HH:MM`, Europe/London.
    pub start_time: Option<String>,
    pub estimate_minutes: Option<i64>,
    /// The defendants this reader may see.
    pub defendants: Vec<String>,
    /// A defendant is remanded in custody.
    pub in_custody: bool,
    /// The earliest running custody time limit of the case.
    #[schema(format = Date)]
    pub ctl_expiry: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrialListParams {
    /// First day, `YYYY-MM-DD` (today when omitted).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, at most 92 days after `from` (two weeks after it when omitted).
    pub to: Option<String>,
}

/// The range asked for: `to` defaults to two weeks from `from`, which defaults to today.
pub fn trial_list_range(p: &TrialListParams) -> ApiResult<(Date, Date)> {
    let date = |v: &Option<String>, f: &str, default: Date| match v {
        None => Ok(default),
        Some(s) => s.trim().parse::<Date>().map_err(|_| {
            ApiError::Domain(DomainError::invalid(
                f,
                format!("'{s}' is not a date: use YYYY-MM-DD, e.g. 2026-11-30"),
            ))
        }),
    };
    let from = date(&p.from, "from", court_today())?;
    let to = date(&p.to, "to", from.checked_add(13.days()).unwrap_or(from))?;
    let days = assize_domain::case::ctl::days_between(from, to);
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::Domain(DomainError::invalid(
            "to",
            format!("Give a last day on or after the first, at most {MAX_RANGE_DAYS} days later"),
        )));
    }
    Ok((from, to))
}

/// The trial lists of court `ou` from `from` to `to` as `who` may see them: refused (403) unless
/// they may view the court's workload; only the cases they may read, each redacted as a case
/// read is and access-logged as a `list_hit`.
pub async fn trial_lists(
    state: &AppState,
    who: &Authed,
    ou: &str,
    from: Date,
    to: Date,
) -> ApiResult<TrialLists> {
    let code = court(ou)?;
    if !state
        .policy
        .is_allowed_at_court(&who.principal, Action::ViewWorkload, code.as_str())
    {
        return Err(ApiError::Forbidden);
    }
    let log = SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    };
    let reader = state.policy.reader(&who.principal);
    let today = court_today();
    // Each case decided on its summary row's state, as a case read is, and only what this reader
    // may see of it kept: the defendants as a case read would show them.
    let lists = state
        .store
        .trial_lists_for(
            code.as_str(),
            &from.to_string(),
            &to.to_string(),
            log,
            |stored| {
                let case = stored_state(&stored)?;
                let d = reader.list_disclosure(&case_facts(&case));
                if !d.case {
                    return Ok::<_, ApiError>(None);
                }
                let seen = case_view(&case, &d, today).case;
                let names: Vec<String> = seen.defendants.iter().map(|d| d.name.full()).collect();
                let custody = seen
                    .defendants
                    .iter()
                    .any(|d| d.custody_status == CustodyStatus::InCustody);
                Ok(Some((stored.case_id, (names, custody))))
            },
        )
        .await?;
    let seen: HashMap<Uuid, (Vec<String>, bool)> = lists.cases.into_iter().collect();
    let entry = |row: TrialListRow| {
        let (defendants, in_custody) = seen.get(&row.case_id).cloned().unwrap_or_default();
        TrialListEntry {
            hearing_type_name: RefData::global()
                .hearing_type(&row.hearing_type)
                .map(|t| t.description.clone())
                .unwrap_or_else(|| row.hearing_type.clone()),
            case_id: row.case_id,
            urn: row.urn,
            case_version: row.case_version,
            hearing_id: row.hearing_id,
            hearing_type: row.hearing_type,
            hearing_date: row.hearing_date,
            warned_from: row.warned_from,
            warned_to: row.warned_to,
            courtroom: row.courtroom,
            start_time: row.start_time,
            estimate_minutes: row.estimate_minutes,
            defendants,
            in_custody,
            ctl_expiry: row.ctl_expiry,
        }
    };
    let court_name = RefData::global()
        .court(&code)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    Ok(TrialLists {
        court_ou: code.to_string(),
        court_name,
        from: from.to_string(),
        to: to.to_string(),
        warned: lists.warned.into_iter().map(&entry).collect(),
        firm: lists.firm.into_iter().map(&entry).collect(),
    })
}

/// A court's warned list and its fixed (firm) trials for a range of days (at most 92).
///
/// For those who may view the court's workload. Only the cases the caller may read, each redacted
/// as `GET /cases/{case_id}` redacts it; every case listed is access-logged.
#[utoipa::path(get, path = "/courts/{court_ou}/trial-lists", tag = "listing",
    params(("court_ou" = String, Path, description = "Crown Court OU code, e.g. `C01BL00`"), TrialListParams),
    responses((status = 200, body = TrialLists),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get_trial_lists(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    p: Result<Query<TrialListParams>, QueryRejection>,
) -> ApiResult<Json<TrialLists>> {
    let Query(p) = p.map_err(|e| ApiError::Unprocessable(e.body_text()))?;
    let (from, to) = trial_list_range(&p)?;
    Ok(Json(trial_lists(&state, &who, &ou, from, to).await?))
}
