//! One offence's part of a hearing outcome: indication of plea, plea, allocation, verdict,
//! withdrawal and results, each checked against the offence's stage and venue and the court.
//! Split from `hearing` so each file reads as one step of resulting.

use uuid::Uuid;

use super::Ctx;
use crate::case::commands::{OffenceOutcome, Withdrawal};
use crate::case::error::{DomainError, DomainResult};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::refdata::ModeOfTrial;

#[allow(clippy::too_many_arguments)]
pub(super) fn offence_outcome(
    case: &Case,
    defendant_id: Uuid,
    o: &OffenceOutcome,
    path: &str,
    venue: Venue,
    hearing_id: Uuid,
    date: jiff::civil::Date,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let mut scratch = case.clone();
    let mut out = Vec::new();
    let offence = |c: &Case| -> DomainResult<Offence> {
        c.defendant(defendant_id)
            .and_then(|d| d.offence(o.offence_id))
            .cloned()
            .ok_or_else(|| {
                DomainError::invalid(
                    format!("{path}.offence_id"),
                    "There is no such offence for this defendant",
                )
            })
    };
    let off = offence(&scratch)?;
    if off.venue != venue && off.stage != OffenceStage::Finalised {
        let msg = match off.venue {
            Venue::CrownCourt => format!(
                "Offence {} has been sent to the Crown Court: record it at a Crown Court hearing",
                off.code
            ),
            Venue::MagistratesCourt => format!(
                "Offence {} is being dealt with in the magistrates' court",
                off.code
            ),
        };
        return Err(DomainError::rule("wrong-venue", msg));
    }
    let mut step = |scratch: &mut Case, e: CaseEvent| {
        scratch.apply(&e);
        out.push(e);
    };
    if let Some(w) = o.withdrawal {
        let code = match w {
            Withdrawal::Withdrawn => "2063",
            Withdrawal::Discontinued => "2053",
        };
        let input = crate::case::commands::ResultInput {
            code: code.into(),
            amount_pence: None,
            duration: None,
            penalty_points: None,
            text: None,
        };
        let result = super::check_result(
            &off,
            &input,
            &format!("{path}.withdrawal"),
            ctx.refdata,
            ctx.id(),
            hearing_id,
        )?;
        step(
            &mut scratch,
            CaseEvent::ResultRecorded {
                defendant_id,
                offence_id: off.id,
                result,
                date,
            },
        );
    }
    if let Some(ind) = o.indicated_plea {
        let off = offence(&scratch)?;
        if off.mode_of_trial != ModeOfTrial::EitherWay || venue != Venue::MagistratesCourt {
            return Err(DomainError::rule(
                "indication-either-way-only",
                format!(
                    "An indication of plea is taken only for an either-way offence in the magistrates' court; {} is {}",
                    off.code,
                    mode_words(off.mode_of_trial)
                ),
            ));
        }
        if off.stage != OffenceStage::AwaitingPlea || off.allocation.is_some() {
            return Err(DomainError::rule(
                "plea-already-indicated",
                format!(
                    "A plea has already been indicated or allocation decided for offence {}",
                    off.code
                ),
            ));
        }
        step(
            &mut scratch,
            CaseEvent::PleaIndicated {
                hearing_id,
                defendant_id,
                offence_id: off.id,
                indication: ind,
                date,
            },
        );
    }
    if let Some(decision) = o.allocation {
        let off = offence(&scratch)?;
        if off.mode_of_trial != ModeOfTrial::EitherWay {
            return Err(DomainError::rule(
                "allocation-either-way-only",
                format!(
                    "Allocation applies only to either-way offences; {} is {}",
                    off.code,
                    mode_words(off.mode_of_trial)
                ),
            ));
        }
        if off.stage != OffenceStage::AwaitingAllocation {
            return Err(DomainError::rule(
                "allocation-not-expected",
                format!(
                    "Offence {} is not awaiting allocation (allocation follows a not guilty or no indication of plea)",
                    off.code
                ),
            ));
        }
        step(
            &mut scratch,
            CaseEvent::OffenceAllocated {
                hearing_id,
                defendant_id,
                offence_id: off.id,
                decision,
                date,
            },
        );
    }
    if let Some(plea) = o.plea {
        let off = offence(&scratch)?;
        if off.mode_of_trial == ModeOfTrial::IndictableOnly && venue == Venue::MagistratesCourt {
            return Err(DomainError::rule(
                "no-plea-indictable-only",
                format!(
                    "No plea is taken in the magistrates' court on an indictable-only offence ({}): it must be sent to the Crown Court",
                    off.code
                ),
            ));
        }
        if off.mode_of_trial == ModeOfTrial::EitherWay
            && venue == Venue::MagistratesCourt
            && off.allocation.is_none()
        {
            return Err(DomainError::rule(
                "plea-before-venue",
                format!(
                    "Offence {} is either-way: record the indication of plea (plea before venue) first",
                    off.code
                ),
            ));
        }
        if !matches!(
            off.stage,
            OffenceStage::AwaitingPlea | OffenceStage::AwaitingArraignment
        ) {
            return Err(DomainError::rule(
                "plea-not-expected",
                format!("A plea has already been entered for offence {}", off.code),
            ));
        }
        step(
            &mut scratch,
            CaseEvent::PleaEntered {
                hearing_id,
                defendant_id,
                offence_id: off.id,
                plea,
                date,
            },
        );
    }
    if let Some(verdict) = o.verdict {
        let off = offence(&scratch)?;
        if off.stage != OffenceStage::AwaitingTrial {
            return Err(DomainError::rule(
                "no-verdict-without-not-guilty-plea",
                format!(
                    "A verdict can only follow a not guilty plea; offence {} has none",
                    off.code
                ),
            ));
        }
        step(
            &mut scratch,
            CaseEvent::VerdictRecorded {
                hearing_id,
                defendant_id,
                offence_id: off.id,
                verdict,
                date,
            },
        );
    }
    for (k, r) in o.results.iter().enumerate() {
        let off = offence(&scratch)?;
        let result = super::check_result(
            &off,
            r,
            &format!("{path}.results[{k}]"),
            ctx.refdata,
            ctx.id(),
            hearing_id,
        )?;
        step(
            &mut scratch,
            CaseEvent::ResultRecorded {
                defendant_id,
                offence_id: off.id,
                result,
                date,
            },
        );
    }
    Ok(out)
}

fn mode_words(m: ModeOfTrial) -> &'static str {
    match m {
        ModeOfTrial::SummaryOnly => "summary only",
        ModeOfTrial::EitherWay => "either way",
        ModeOfTrial::IndictableOnly => "indictable only",
        ModeOfTrial::NotCriminal => "not a criminal offence",
    }
}
