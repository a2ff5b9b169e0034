//! After listing: the dates the parties cannot attend (which listing avoids), and what became of
//! a hearing listed for trial.

use uuid::Uuid;

use super::{Ctx, days_ago, parse_date};
use crate::case::commands::{NewDatesToAvoid, TrialOutcomeInput};
use crate::case::error::{DomainError, DomainResult, Errors};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::listing::is_trial;

/// Record whether a trial went ahead: only for a trial, once, on or after its date.
pub fn record_trial_outcome(
    case: &Case,
    hearing_id: Uuid,
    input: &TrialOutcomeInput,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let h = case
        .hearing(hearing_id)
        .ok_or_else(|| DomainError::not_found("Hearing"))?;
    if !is_trial(&h.hearing_type) {
        return Err(DomainError::rule(
            "not-a-trial",
            format!(
                "This is a {} hearing: trial outcomes are recorded for trials",
                h.hearing_type
            ),
        ));
    }
    if h.status == HearingStatus::Vacated {
        return Err(DomainError::rule(
            "hearing-vacated",
            "This hearing was vacated: nothing can be recorded against it",
        ));
    }
    if h.hearing_date > ctx.today {
        return Err(DomainError::rule(
            "hearing-in-the-future",
            format!(
                "The trial is listed for {}: record its outcome on or after that day",
                h.hearing_date
            ),
        ));
    }
    if h.trial_outcome.is_some() {
        return Err(DomainError::rule(
            "trial-outcome-recorded",
            "The outcome of this trial has already been recorded",
        ));
    }
    let text = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(code) = input.reason_code
        && code.kind() != input.kind
    {
        return Err(DomainError::invalid(
            "reason_code",
            format!(
                "'{}' explains a trial that did not go ahead as listed",
                code.label()
            ),
        ));
    }
    let reason = match (input.kind, input.reason_code, text) {
        (_, Some(code), Some(t)) => format!("{}: {t}", code.label()),
        (_, Some(code), None) => code.label().to_string(),
        (_, None, Some(t)) => t.to_string(),
        (TrialOutcomeKind::Effective, None, None) => "The trial went ahead".to_string(),
        (_, None, None) => {
            return Err(DomainError::invalid(
                "reason_code",
                "Give the reason the trial did not go ahead: choose one or describe it",
            ));
        }
    };
    Ok(vec![CaseEvent::TrialOutcomeRecorded {
        hearing_id,
        kind: input.kind,
        reason_code: input.reason_code,
        reason,
    }])
}

/// Note dates to avoid for a defendant, their advocate or the prosecution advocate.
pub fn note_dates_to_avoid(
    case: &Case,
    input: &NewDatesToAvoid,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let mut errors = Errors::default();
    let from = errors.take("from", parse_date(&input.from));
    let to = errors.take("to", parse_date(&input.to));
    match (input.party, input.defendant_id) {
        (AvoidParty::ProsecutionAdvocate, Some(_)) => errors.push(
            "defendant_id",
            "The prosecution advocate's dates concern no one defendant",
        ),
        (AvoidParty::Defendant | AvoidParty::DefenceAdvocate, None) => {
            errors.push("defendant_id", "Say which defendant the dates concern")
        }
        (_, Some(id)) if case.defendant(id).is_none() => {
            errors.push("defendant_id", "There is no such defendant in this case")
        }
        _ => {}
    }
    if input.reason.trim().is_empty() {
        errors.push("reason", "Enter a value: this cannot be blank");
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            errors.push("to", "The last day must not be before the first");
        } else if days_ago(t, ctx.today) > 0 {
            errors.push("to", "These dates have passed");
        } else if crate::case::ctl::days_between(f, t) > 366 {
            errors.push("to", "Give at most a year at a time");
        }
    }
    errors.finish()?;
    let (Some(from), Some(to)) = (from, to) else {
        unreachable!("errors reported above")
    };
    Ok(vec![CaseEvent::DatesToAvoidNoted {
        entry: DatesToAvoid {
            id: ctx.id(),
            party: input.party,
            defendant_id: input.defendant_id,
            from,
            to,
            reason: input.reason.trim().to_string(),
        },
    }])
}
