//! Representation, reporting restrictions, custody time limit extensions and the two-person
//! amendment of recorded results.

use uuid::Uuid;

use super::{Ctx, parse_date, require_text};
use crate::case::commands::{AmendmentDecision, CtlExtension, NewRestriction, ResultAmendment};
use crate::case::ctl::CtlStatus;
use crate::case::error::{DomainError, DomainResult};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::case::restrictions::{ReportingRestriction, RestrictionSubject};

/// A defence firm goes on record for a defendant.
pub fn associate_defence(
    case: &Case,
    defendant_id: Uuid,
    firm: OrgRef,
) -> DomainResult<Vec<CaseEvent>> {
    let d = case
        .defendant(defendant_id)
        .ok_or_else(|| DomainError::not_found("Defendant"))?;
    match &d.defence {
        Some(f) if f.id == firm.id => Err(DomainError::rule(
            "already-on-record",
            format!("{} is already on record for this defendant", f.name),
        )),
        Some(f) => Err(DomainError::rule(
            "another-firm-on-record",
            format!(
                "{} is on record for this defendant: they must come off the record (or the court remove them) first",
                f.name
            ),
        )),
        None => Ok(vec![CaseEvent::DefenceAssociated { defendant_id, firm }]),
    }
}

/// The firm on record leaves, or the court removes it; access ends with this event.
pub fn remove_defence(case: &Case, defendant_id: Uuid) -> DomainResult<Vec<CaseEvent>> {
    let d = case
        .defendant(defendant_id)
        .ok_or_else(|| DomainError::not_found("Defendant"))?;
    let firm = d.defence.clone().ok_or_else(|| {
        DomainError::rule(
            "no-firm-on-record",
            "No defence firm is on record for this defendant",
        )
    })?;
    Ok(vec![CaseEvent::DefenceRemoved { defendant_id, firm }])
}

pub fn impose_restriction(
    case: &Case,
    input: &NewRestriction,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let subject = match (input.defendant_id, input.witness_id) {
        (Some(_), Some(_)) => {
            return Err(DomainError::invalid(
                "witness_id",
                "A restriction protects one person: give a defendant or a witness, not both",
            ));
        }
        (Some(id), None) => {
            case.defendant(id).ok_or_else(|| {
                DomainError::invalid("defendant_id", "There is no such defendant in this case")
            })?;
            RestrictionSubject::Defendant { defendant_id: id }
        }
        (None, Some(id)) => {
            case.witnesses.iter().find(|w| w.id == id).ok_or_else(|| {
                DomainError::invalid("witness_id", "There is no such witness in this case")
            })?;
            RestrictionSubject::Witness { witness_id: id }
        }
        (None, None) => RestrictionSubject::Case,
    };
    let starts_on = match &input.starts_on {
        Some(s) => parse_date(s).map_err(|m| DomainError::invalid("starts_on", m))?,
        None => ctx.today,
    };
    let ends_on = match &input.ends_on {
        Some(s) => Some(parse_date(s).map_err(|m| DomainError::invalid("ends_on", m))?),
        None => None,
    };
    if let Some(e) = ends_on
        && e < starts_on
    {
        return Err(DomainError::invalid(
            "ends_on",
            "The end date is before the start date",
        ));
    }
    Ok(vec![CaseEvent::ReportingRestrictionImposed {
        restriction: ReportingRestriction {
            id: ctx.id(),
            basis: input.basis,
            subject,
            details: input
                .details
                .as_ref()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            starts_on,
            ends_on,
            lifted_on: None,
        },
    }])
}

pub fn lift_restriction(
    case: &Case,
    restriction_id: Uuid,
    ctx: &Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let r = case
        .reporting_restrictions
        .iter()
        .find(|r| r.id == restriction_id)
        .ok_or_else(|| DomainError::not_found("Reporting restriction"))?;
    if r.lifted_on.is_some() {
        return Err(DomainError::rule(
            "restriction-already-lifted",
            "This reporting restriction has already been lifted",
        ));
    }
    if r.basis.is_automatic() {
        return Err(DomainError::rule(
            "automatic-restriction",
            format!(
                "A restriction under {} applies by law and cannot be lifted here",
                r.basis.citation()
            ),
        ));
    }
    Ok(vec![CaseEvent::ReportingRestrictionLifted {
        restriction_id,
        date: ctx.today,
    }])
}

/// The court extends a custody time limit; the application must be decided before expiry.
pub fn extend_custody_time_limit(
    case: &Case,
    input: &CtlExtension,
    ctx: &Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let o = case
        .defendant(input.defendant_id)
        .and_then(|d| d.offence(input.offence_id))
        .ok_or_else(|| DomainError::not_found("Offence"))?;
    let ctl = o
        .custody_time_limit
        .as_ref()
        .filter(|c| c.status == CtlStatus::Running)
        .ok_or_else(|| {
            DomainError::rule(
                "no-running-ctl",
                format!("No custody time limit is running for offence {}", o.code),
            )
        })?;
    let new_expiry =
        parse_date(&input.new_expiry).map_err(|m| DomainError::invalid("new_expiry", m))?;
    let expiry = ctl.expiry_date.unwrap_or(ctx.today);
    if ctx.today > expiry {
        return Err(DomainError::rule(
            "ctl-expired",
            format!(
                "The custody time limit expired on {expiry}: it can only be extended before expiry (Prosecution of Offences Act 1985 s.22(3))"
            ),
        ));
    }
    if new_expiry <= expiry {
        return Err(DomainError::invalid(
            "new_expiry",
            format!("The new expiry must be after the current expiry ({expiry})"),
        ));
    }
    Ok(vec![CaseEvent::CustodyTimeLimitExtended {
        defendant_id: input.defendant_id,
        offence_id: input.offence_id,
        new_expiry,
    }])
}

/// Propose a correction of a recorded result. It takes effect only when a second authorised person approves.
pub fn propose_amendment(
    case: &Case,
    input: &ResultAmendment,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let reason = require_text(&input.reason, "reason")?;
    let o = case
        .defendant(input.defendant_id)
        .and_then(|d| d.offence(input.offence_id))
        .ok_or_else(|| DomainError::not_found("Offence"))?;
    let existing = o
        .results
        .iter()
        .find(|r| r.id == input.result_id)
        .ok_or_else(|| DomainError::not_found("Result"))?;
    if case
        .pending_amendments
        .iter()
        .any(|a| a.result_id == input.result_id)
    {
        return Err(DomainError::rule(
            "amendment-pending",
            "An amendment of this result is already awaiting approval",
        ));
    }
    // Check the replacement against the offence as it stood before this result was recorded.
    let mut before = o.clone();
    before.results.retain(|r| r.id != existing.id);
    if existing.is_final {
        before.stage = if before.convicted {
            OffenceStage::Convicted
        } else {
            OffenceStage::AwaitingTrial
        };
    }
    let new = super::check_result(
        &before,
        &input.result,
        "result",
        ctx.refdata,
        existing.id,
        existing.hearing_id,
    )?;
    if new.is_final != existing.is_final {
        return Err(DomainError::rule(
            "amendment-changes-finality",
            "An amendment must replace a final result with a final result, or an interim result with an interim one",
        ));
    }
    Ok(vec![CaseEvent::ResultAmendmentProposed {
        amendment: PendingAmendment {
            id: ctx.id(),
            defendant_id: input.defendant_id,
            offence_id: input.offence_id,
            result_id: input.result_id,
            new_code: new.code,
            new_label: new.label,
            new_values: new.values,
            reason,
            proposed_by: ctx.actor,
        },
    }])
}

/// Approve or reject a pending amendment: the decider must not be the person who proposed it.
pub fn decide_amendment(
    case: &Case,
    amendment_id: Uuid,
    input: &AmendmentDecision,
    ctx: &Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let a = case
        .pending_amendments
        .iter()
        .find(|a| a.id == amendment_id)
        .ok_or_else(|| DomainError::not_found("Pending amendment"))?;
    if a.proposed_by == ctx.actor {
        return Err(DomainError::rule(
            "second-person-required",
            "An amendment must be approved or rejected by a second authorised person, not by the person who proposed it",
        ));
    }
    Ok(vec![if input.approve {
        CaseEvent::ResultAmendmentApproved {
            amendment_id,
            approved_by: ctx.actor,
            date: ctx.today,
        }
    } else {
        CaseEvent::ResultAmendmentRejected {
            amendment_id,
            rejected_by: ctx.actor,
        }
    }])
}
