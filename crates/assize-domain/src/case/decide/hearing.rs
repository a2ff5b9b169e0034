//! Listing hearings and recording what happened at one ("resulting").
//!
//! A hearing outcome is checked step by step against a scratch copy of the case, applying each
//! accepted event before checking the next, so one submission can take an indication of plea,
//! allocate, send, and decide bail in the order the court did them.

use uuid::Uuid;

use super::offence::offence_outcome;
use super::{CORRECTION_WINDOW_DAYS, Ctx, days_ago, known_court, parse_date, require_text};
use crate::case::commands::{HearingOutcome, NewHearing, VacateHearing};
use crate::case::error::{DomainError, DomainResult};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::ids::CrownCaseNumber;
use crate::refdata::CourtKind;

/// Validate a hearing to list; `field` prefixes error paths.
pub fn list_hearing(
    case: &Case,
    input: &NewHearing,
    field: &str,
    reason: Option<String>,
    ctx: &mut Ctx,
) -> DomainResult<CaseEvent> {
    concluded_guard(case)?;
    let (court_ou, court) = known_court(ctx.refdata, &input.court_ou)
        .map_err(|m| DomainError::invalid(format!("{field}court_ou"), m))?;
    let date = parse_date(&input.hearing_date)
        .map_err(|m| DomainError::invalid(format!("{field}hearing_date"), m))?;
    if days_ago(date, ctx.today) > CORRECTION_WINDOW_DAYS {
        return Err(DomainError::rule(
            "hearing-in-the-past",
            format!(
                "A hearing cannot be listed more than {CORRECTION_WINDOW_DAYS} days in the past ({date})"
            ),
        ));
    }
    let hearing_type = input.hearing_type.clone().unwrap_or_else(|| "FH".into());
    if ctx.refdata.hearing_type(&hearing_type).is_none() {
        return Err(DomainError::invalid(
            format!("{field}hearing_type"),
            format!("'{hearing_type}' is not a CJS hearing type code"),
        ));
    }
    let slot = match input.sitting_id {
        Some(sitting_id) => Some(super::listing::slot(
            case,
            &super::listing::Target {
                court_ou: &court_ou,
                date,
                hearing_type: &hearing_type,
                sitting_id,
                estimate: input.estimate_minutes,
                moving: None,
            },
            field,
            ctx,
        )?),
        None if input.estimate_minutes.is_some() => {
            return Err(DomainError::invalid(
                format!("{field}estimate_minutes"),
                "A time estimate is given with a sitting",
            ));
        }
        None => None,
    };
    Ok(CaseEvent::HearingListed {
        hearing_id: ctx.id(),
        court_ou,
        court_name: court.name.clone(),
        hearing_date: date,
        hearing_type,
        adjournment_reason: reason,
        slot,
    })
}

pub fn vacate_hearing(
    case: &Case,
    hearing_id: Uuid,
    input: &VacateHearing,
) -> DomainResult<Vec<CaseEvent>> {
    let h = case
        .hearing(hearing_id)
        .ok_or_else(|| DomainError::not_found("Hearing"))?;
    if h.status != HearingStatus::Listed {
        return Err(DomainError::rule(
            "hearing-not-listed",
            "Only a hearing that is still listed can be vacated",
        ));
    }
    let reason = require_text(&input.reason, "reason")?;
    Ok(vec![CaseEvent::HearingVacated { hearing_id, reason }])
}

fn concluded_guard(case: &Case) -> DomainResult<()> {
    if case.status == CaseStatus::Concluded {
        return Err(DomainError::rule(
            "case-concluded",
            "The case is concluded: nothing more can be recorded except an amendment",
        ));
    }
    Ok(())
}

/// Record everything that happened at a hearing; returns the events in the order they occurred.
pub fn record_hearing_outcome(
    case: &Case,
    hearing_id: Uuid,
    input: &HearingOutcome,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    concluded_guard(case)?;
    let hearing = case
        .hearing(hearing_id)
        .ok_or_else(|| DomainError::not_found("Hearing"))?
        .clone();
    if hearing.status == HearingStatus::Vacated {
        return Err(DomainError::rule(
            "hearing-vacated",
            "This hearing was vacated: nothing can be recorded against it",
        ));
    }
    if hearing.hearing_date > ctx.today {
        return Err(DomainError::rule(
            "hearing-in-the-future",
            format!(
                "The hearing is listed for {}: its outcome cannot be recorded before it takes place",
                hearing.hearing_date
            ),
        ));
    }
    if input.defendants.is_empty() && input.adjournment.is_none() {
        return Err(DomainError::invalid(
            "defendants",
            "Record at least one defendant's outcome or an adjournment",
        ));
    }
    let venue = match ctx.refdata.court(&hearing.court_ou).map(|c| c.kind) {
        Some(CourtKind::Crown) => Venue::CrownCourt,
        _ => Venue::MagistratesCourt,
    };
    let date = hearing.hearing_date;
    let mut scratch = case.clone();
    let mut events = Vec::new();
    let push = |scratch: &mut Case, events: &mut Vec<CaseEvent>, e: CaseEvent| {
        scratch.apply(&e);
        events.push(e);
    };
    let mut seen = std::collections::HashSet::new();
    for (i, d) in input.defendants.iter().enumerate() {
        let path = format!("defendants[{i}]");
        if !seen.insert(d.defendant_id) {
            return Err(DomainError::invalid(
                format!("{path}.defendant_id"),
                "This defendant appears twice in the outcome",
            ));
        }
        if scratch.defendant(d.defendant_id).is_none() {
            return Err(DomainError::invalid(
                format!("{path}.defendant_id"),
                "There is no such defendant in this case",
            ));
        }
        if let Some(a) = d.attendance {
            push(
                &mut scratch,
                &mut events,
                CaseEvent::AttendanceRecorded {
                    hearing_id,
                    defendant_id: d.defendant_id,
                    attendance: a,
                },
            );
        }
        for (j, o) in d.offences.iter().enumerate() {
            let opath = format!("{path}.offences[{j}]");
            for e in offence_outcome(
                &scratch,
                d.defendant_id,
                o,
                &opath,
                venue,
                hearing_id,
                date,
                ctx,
            )? {
                push(&mut scratch, &mut events, e);
            }
        }
        if let Some(s) = &d.sending {
            let e = sending(
                &scratch,
                d.defendant_id,
                s,
                &format!("{path}.sending"),
                venue,
                hearing_id,
                date,
                ctx,
            )?;
            push(&mut scratch, &mut events, e);
        }
        if let Some(b) = &d.bail {
            push(
                &mut scratch,
                &mut events,
                CaseEvent::BailDecided {
                    hearing_id,
                    defendant_id: d.defendant_id,
                    status: b.status,
                    conditions: b.conditions.clone(),
                    date,
                },
            );
        }
    }
    if let Some(adj) = &input.adjournment {
        let reason = require_text(&adj.reason, "adjournment.reason")?;
        let listed = list_hearing(
            &scratch,
            &adj.next_hearing,
            "adjournment.next_hearing.",
            Some(reason.clone()),
            ctx,
        )?;
        let CaseEvent::HearingListed {
            hearing_id: next_id,
            hearing_date: next_date,
            ..
        } = &listed
        else {
            unreachable!()
        };
        if *next_date <= date {
            return Err(DomainError::invalid(
                "adjournment.next_hearing.hearing_date",
                "The next hearing must be after this hearing",
            ));
        }
        let next_id = *next_id;
        push(
            &mut scratch,
            &mut events,
            CaseEvent::HearingAdjourned {
                hearing_id,
                reason,
                next_hearing_id: next_id,
            },
        );
        push(&mut scratch, &mut events, listed);
    }
    if hearing.status == HearingStatus::Listed {
        push(
            &mut scratch,
            &mut events,
            CaseEvent::HearingResulted { hearing_id },
        );
    }
    if scratch.all_offences_finalised() {
        if input.adjournment.is_some() {
            return Err(DomainError::invalid(
                "adjournment",
                "Every offence has been finally disposed of, so there is nothing to adjourn: remove the adjournment",
            ));
        }
        // Hearings still listed for a case that has just ended would otherwise stay in court
        // lists and work lists as if something remained to be decided.
        let still_listed: Vec<Uuid> = scratch
            .hearings
            .iter()
            .filter(|h| h.status == HearingStatus::Listed)
            .map(|h| h.id)
            .collect();
        for other in still_listed {
            push(
                &mut scratch,
                &mut events,
                CaseEvent::HearingVacated {
                    hearing_id: other,
                    reason: format!("Case concluded on {date}"),
                },
            );
        }
        push(&mut scratch, &mut events, CaseEvent::CaseConcluded { date });
    }
    Ok(events)
}

#[allow(clippy::too_many_arguments)]
fn sending(
    case: &Case,
    defendant_id: Uuid,
    s: &crate::case::commands::Sending,
    path: &str,
    venue: Venue,
    hearing_id: Uuid,
    date: jiff::civil::Date,
    ctx: &mut Ctx,
) -> DomainResult<CaseEvent> {
    if venue != Venue::MagistratesCourt {
        return Err(DomainError::rule(
            "sending-from-magistrates-only",
            "Only a magistrates' court sends offences to the Crown Court",
        ));
    }
    let (ou, court) = known_court(ctx.refdata, &s.crown_court_ou)
        .map_err(|m| DomainError::invalid(format!("{path}.crown_court_ou"), m))?;
    if court.kind != CourtKind::Crown {
        return Err(DomainError::invalid(
            format!("{path}.crown_court_ou"),
            format!("{} is not a Crown Court", court.name),
        ));
    }
    let case_number = match &s.case_number {
        Some(n) => Some(
            CrownCaseNumber::parse(n)
                .map_err(|e| DomainError::invalid(format!("{path}.case_number"), e.to_string()))?
                .to_string(),
        ),
        None => None,
    };
    let d = case
        .defendant(defendant_id)
        .ok_or_else(|| DomainError::not_found("Defendant"))?;
    let waiting: Vec<&Offence> = d
        .offences
        .iter()
        .filter(|o| o.stage == OffenceStage::AwaitingSending)
        .collect();
    let ids: Vec<Uuid> = match &s.offence_ids {
        Some(ids) => {
            for id in ids {
                match d.offence(*id) {
                    None => {
                        return Err(DomainError::invalid(
                            format!("{path}.offence_ids"),
                            "There is no such offence for this defendant",
                        ));
                    }
                    Some(o) if o.stage != OffenceStage::AwaitingSending => {
                        return Err(DomainError::rule(
                            "not-awaiting-sending",
                            format!(
                                "Offence {} cannot be sent: only indictable-only offences, and either-way offences allocated to the Crown Court, are sent",
                                o.code
                            ),
                        ));
                    }
                    _ => {}
                }
            }
            ids.clone()
        }
        None => waiting.iter().map(|o| o.id).collect(),
    };
    if ids.is_empty() {
        return Err(DomainError::rule(
            "not-awaiting-sending",
            "This defendant has no offence awaiting sending to the Crown Court",
        ));
    }
    Ok(CaseEvent::SentToCrownCourt {
        hearing_id,
        defendant_id,
        offence_ids: ids,
        crown_court_ou: ou,
        case_number,
        date,
    })
}
