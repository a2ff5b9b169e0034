//! A few Crown Court trials of the demo put in the warned list for next week, so the trial lists
//! (`/courts/{ou}/trial-lists`) show a warned list, through the same commands as real use.

use assize_domain::case::commands::{NewHearing, WarnTrial};
use assize_domain::case::{Case, HearingStatus, decide};
use assize_domain::refdata::CourtKind;
use jiff::ToSpan;
use jiff::civil::Date;

use super::DemoError;
use super::cases::{append, run};
use crate::AppState;
use crate::auth::Authed;

/// The Monday of next week.
fn next_monday(today: Date) -> Option<Date> {
    let to_monday = 7 - i64::from(today.weekday().to_monday_zero_offset());
    today.checked_add(to_monday.days()).ok()
}

/// List a trial at the Crown Court the case was sent to and warn it for next week (Monday to
/// Friday); false if the case has no hearing listed at a Crown Court.
pub(super) async fn warn_a_trial(
    state: &AppState,
    who: &Authed,
    case: Case,
    today: Date,
) -> Result<bool, DemoError> {
    let Some(crown) = case
        .hearings
        .iter()
        .rev()
        .find(|h| h.status == HearingStatus::Listed && h.court_ou.kind() == CourtKind::Crown)
        .map(|h| h.court_ou.to_string())
    else {
        return Ok(false);
    };
    let from = next_monday(today).ok_or("date")?;
    let to = from.checked_add(4.days())?;
    let trial = NewHearing {
        court_ou: crown,
        hearing_date: from.to_string(),
        hearing_type: Some("TRIAL".into()),
        sitting_id: None,
        estimate_minutes: None,
    };
    let listed = run(today, who, &[], |ctx| {
        decide::list_hearing(&case, &trial, "", None, ctx).map(|e| vec![e])
    })?;
    let case = append(state, who, case, listed).await?;
    let hearing = case.hearings.last().ok_or("hearing")?.id;
    let warn = WarnTrial {
        from: from.to_string(),
        to: to.to_string(),
        reason: "Warned list: week commencing Monday".into(),
    };
    let warned = run(today, who, &[], |ctx| {
        decide::warn_trial(&case, hearing, &warn, ctx)
    })?;
    append(state, who, case, warned).await?;
    Ok(true)
}
