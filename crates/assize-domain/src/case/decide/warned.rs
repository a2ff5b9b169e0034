//! Warned lists of the Crown Court: a trial not fixed for a firm date is "warned" for a period
//! (usually the week commencing a Monday, or two weeks); the parties must be ready to start on any
//! day of it, and the listing office calls it in at short notice or later fixes a firm date (by
//! moving the hearing, see `listing::move_hearing`). A trial not reached is carried over by
//! warning it again for the next period.

use uuid::Uuid;

use super::{Ctx, parse_date};
use crate::case::commands::WarnTrial;
use crate::case::ctl::days_between;
use crate::case::error::{DomainError, DomainResult, Errors};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::ids::CourtKind;
use crate::listing::case::{deadlines, unavailable};
use crate::listing::is_trial;

/// Longest warned period, in days counting both ends: four weeks. Longer, and "ready on any day"
/// stops meaning anything to witnesses and advocates.
pub const MAX_WARNED_DAYS: i64 = 28;

/// The listed Crown Court trial `hearing_id` of a case that is not concluded.
fn warnable(case: &Case, hearing_id: Uuid) -> DomainResult<&Hearing> {
    if case.status == CaseStatus::Concluded {
        return Err(DomainError::rule(
            "case-concluded",
            "The case is concluded: nothing more can be listed",
        ));
    }
    let h = case
        .hearing(hearing_id)
        .ok_or_else(|| DomainError::not_found("Hearing"))?;
    if h.status != HearingStatus::Listed {
        return Err(DomainError::rule(
            "hearing-not-listed",
            "Only a trial that is still listed can be put in a warned list",
        ));
    }
    if !is_trial(&h.hearing_type) {
        return Err(DomainError::rule(
            "not-a-trial",
            format!(
                "This is a {} hearing: only trials are put in a warned list",
                h.hearing_type
            ),
        ));
    }
    if h.court_ou.kind() != CourtKind::Crown {
        return Err(DomainError::rule(
            "not-crown-court",
            format!(
                "{} is not a Crown Court: warned lists are kept by the Crown Court; fix a date instead",
                h.court_name
            ),
        ));
    }
    Ok(h)
}

/// Put a listed Crown Court trial in the warned list for `from`..=`to`. Accepted but noted in
/// `ctx.warnings`: a period ending after a deadline (a custody time limit), and a period that
/// overlaps dates to avoid noted on the case.
pub fn warn_trial(
    case: &Case,
    hearing_id: Uuid,
    input: &WarnTrial,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let h = warnable(case, hearing_id)?;
    let mut errors = Errors::default();
    let from = errors.take("from", parse_date(&input.from));
    let to = errors.take("to", parse_date(&input.to));
    if let Some(f) = from
        && f < ctx.today
    {
        errors.push(
            "from",
            format!(
                "The warned period must start today ({}) or later",
                ctx.today
            ),
        );
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            errors.push("to", "The last day must be the same as or after the first");
        } else if days_between(f, t) + 1 > MAX_WARNED_DAYS {
            errors.push(
                "to",
                format!(
                    "A warned period can be at most {MAX_WARNED_DAYS} days: warn the trial again to carry it over"
                ),
            );
        }
    }
    if input.reason.trim().is_empty() {
        errors.push(
            "reason",
            "Enter the reason, for example 'Not reached: carried over'",
        );
    }
    errors.finish()?;
    let (Some(from), Some(to)) = (from, to) else {
        unreachable!("errors reported above")
    };
    if h.warned == Some(WarnedPeriod { from, to }) {
        return Err(DomainError::invalid(
            "from",
            "The trial is already warned for this period: give another period",
        ));
    }
    let period = WarnedPeriod { from, to };
    ctx.warnings
        .extend(period_warnings(case, &h.hearing_type, period, ctx.today));
    Ok(vec![CaseEvent::TrialWarned {
        hearing_id,
        from,
        to,
        reason: input.reason.trim().to_string(),
    }])
}

/// What the people listing a trial warned for `period` should know: it ends after a deadline of
/// the trial (a custody time limit), or overlaps dates to avoid noted on the case. Given when the
/// trial is warned, and shown with it on the case page for as long as it stays warned.
pub fn period_warnings(
    case: &Case,
    hearing_type: &str,
    period: WarnedPeriod,
    today: jiff::civil::Date,
) -> Vec<String> {
    let mut out = Vec::new();
    for d in deadlines(case, hearing_type, today) {
        if period.to > d.date {
            out.push(format!(
                "The warned period ends on {}, after a deadline: {}",
                period.to, d.reason
            ));
        }
    }
    for u in unavailable(case) {
        if u.from <= period.to && period.from <= u.to {
            out.push(format!(
                "The warned period overlaps dates to avoid of {} ({} to {})",
                u.who, u.from, u.to
            ));
        }
    }
    out
}
