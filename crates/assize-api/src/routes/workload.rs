//! A court's workload for its listing officers (`ViewWorkload` at that court): sittings and how
//! full they are per day and per week, cases awaiting a hearing, and custody time limits by
//! expiry date. The cases are shown as the internal court list shows them: only those the
//! policy lets the reader see, each redacted for them as a case read is (a hidden defendant is
//! left out, a CTL only if the reader may see it) and each access-logged as a `list_hit`.

use std::collections::{BTreeMap, HashMap};

use assize_domain::case::{CustodyStatus, DomainError};
use assize_domain::refdata::RefData;
use assize_policy::Action;
use assize_store::{CtlListRow, SearchLog, UnlistedReason, UnlistedRow, WorkloadDay};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

pub use super::workload_types::*;
use crate::AppState;
use crate::auth::Authed;
use crate::config::court_today;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::ApiPath;
use crate::projection::{case_facts, stored_state};
use crate::sittings::court;
use crate::view::case_view;

/// The range asked, or from today for a week; at most `MAX_RANGE_DAYS`.
pub fn workload_range(p: &WorkloadParams) -> ApiResult<(Date, Date)> {
    let date = |v: &Option<String>, f: &str, default: Date| match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => s.parse().map_err(|_| {
            ApiError::Domain(DomainError::invalid(
                f,
                format!("'{s}' is not a date: use YYYY-MM-DD"),
            ))
        }),
    };
    let from = date(&p.from, "from", court_today())?;
    let to = date(&p.to, "to", from.checked_add(6.days()).unwrap_or(from))?;
    let days = assize_domain::case::ctl::days_between(from, to);
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::Domain(DomainError::invalid(
            "to",
            format!("Give a last day on or after the first, at most {MAX_RANGE_DAYS} days later"),
        )));
    }
    Ok((from, to))
}

fn totals(d: &WorkloadDay) -> Utilisation {
    Utilisation {
        sittings: d.sittings,
        capacity_minutes: d.capacity_minutes,
        capacity_cases: d.capacity_cases,
        listed_cases: d.listed_cases,
        listed_minutes: d.listed_minutes,
        over_listed: d.over_listed,
    }
}

fn weeks(days: &[WorkloadDayView]) -> Vec<WorkloadWeek> {
    let mut by_week: BTreeMap<Date, Utilisation> = BTreeMap::new();
    for d in days {
        let back = i64::from(d.date.weekday().since(Weekday::Monday));
        let monday = d.date.checked_sub(back.days()).unwrap_or(d.date);
        by_week.entry(monday).or_default().add(&d.totals);
    }
    by_week
        .into_iter()
        .map(|(week_commencing, totals)| WorkloadWeek {
            week_commencing,
            totals,
        })
        .collect()
}

/// A court's workload from `from` to `to` as `who` may see it (the pages' service too). Custody
/// time limits are those expiring in the same range.
pub async fn workload(
    state: &AppState,
    who: &Authed,
    ou: &str,
    (from, to): (Date, Date),
) -> ApiResult<Workload> {
    let code = court(ou)?;
    if !state
        .policy
        .is_allowed_at_court(&who.principal, Action::ViewWorkload, code.as_str())
    {
        return Err(ApiError::Forbidden);
    }
    let court_name = RefData::global()
        .court(&code)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let days: Vec<WorkloadDayView> = state
        .store
        .utilisation(code.as_str(), from, to)
        .await?
        .iter()
        .map(|d| WorkloadDayView {
            date: d.date,
            totals: totals(d),
        })
        .collect();
    let log = SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    };
    let today = court_today();
    let reader = state.policy.reader(&who.principal);
    let found = state
        .store
        .workload_cases(code.as_str(), today, (from, to), log, |stored| {
            let case = stored_state(&stored)?;
            let d = reader.disclosure(&case_facts(&case));
            if !d.case {
                return Ok::<_, ApiError>(None);
            }
            Ok(Some((case.id, case_view(&case, &d, today).case)))
        })
        .await?;
    let seen: HashMap<_, _> = found.cases.into_iter().collect();
    let unlisted = found
        .unlisted
        .iter()
        .filter_map(|u| seen.get(&u.case_id).map(|c| unlisted_case(u, c)))
        .collect();
    let mut ctl_days: BTreeMap<Date, Vec<CtlExpiry>> = BTreeMap::new();
    for row in &found.ctls {
        if let Some((date, e)) = seen.get(&row.case_id).and_then(|c| ctl_expiry(row, c)) {
            ctl_days.entry(date).or_default().push(e);
        }
    }
    Ok(Workload {
        court_ou: code.to_string(),
        court_name,
        from,
        to,
        weeks: weeks(&days),
        days,
        unlisted,
        ctl_expiries: ctl_days
            .into_iter()
            .map(|(date, entries)| CtlDay { date, entries })
            .collect(),
    })
}

fn unlisted_case(u: &UnlistedRow, seen: &assize_domain::case::Case) -> UnlistedCase {
    let defendants: Vec<WorkloadDefendant> = seen
        .defendants
        .iter()
        .map(|d| WorkloadDefendant {
            defendant_id: d.id,
            name: d.name.full(),
            youth: d.youth,
            in_custody: d.custody_status == CustodyStatus::InCustody,
        })
        .collect();
    UnlistedCase {
        case_id: u.case_id,
        urn: u.urn.clone(),
        reason: match u.reason {
            UnlistedReason::AwaitingSitting => "awaiting_sitting",
            UnlistedReason::NothingListed => "nothing_listed",
        }
        .into(),
        hearing_id: u.hearing_id,
        hearing_date: u.hearing_date.clone(),
        hearing_type: u.hearing_type.clone(),
        hearing_type_name: RefData::global()
            .hearing_type(&u.hearing_type)
            .map(|t| t.description.clone())
            .unwrap_or_else(|| u.hearing_type.clone()),
        hearing_status: u.hearing_status.clone(),
        in_custody: defendants.iter().any(|d| d.in_custody),
        defendants,
    }
}

/// The expiry as this reader may see it: only if the redacted case still shows that offence's
/// custody time limit (a defendant hidden or seen "as on the charge sheet" shows none).
fn ctl_expiry(row: &CtlListRow, seen: &assize_domain::case::Case) -> Option<(Date, CtlExpiry)> {
    let (d, o) = seen.defendants.iter().find_map(|d| {
        d.offences
            .iter()
            .find(|o| o.id == row.offence_id && o.custody_time_limit.is_some())
            .map(|o| (d, o))
    })?;
    let date = row.expiry_date.parse().ok()?;
    Some((
        date,
        CtlExpiry {
            case_id: row.case_id,
            urn: row.urn.clone(),
            defendant_id: d.id,
            defendant_name: d.name.full(),
            offence_id: o.id,
            offence_title: o.title.clone(),
        },
    ))
}

/// A court's workload: sittings and utilisation per day and per week, cases awaiting a hearing,
/// custody time limits expiring in the range by date.
///
/// For the court's listing officers and staff (`ViewWorkload`). Cases are shown as the internal
/// court list shows them to the caller; every case shown is access-logged.
#[utoipa::path(get, path = "/courts/{court_ou}/workload", tag = "listing",
    params(("court_ou" = String, Path, description = "Court OU code"), WorkloadParams),
    responses((status = 200, body = Workload),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get_workload(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    p: Result<Query<WorkloadParams>, QueryRejection>,
) -> ApiResult<Json<Workload>> {
    let Query(p) = p.map_err(|e| ApiError::Unprocessable(e.body_text()))?;
    let range = workload_range(&p)?;
    workload(&state, &who, &ou, range).await.map(Json)
}
