//! State transitions: how each event changes the case. Deterministic and total — events are
//! facts already accepted by `decide`, so applying one never fails (unknown references are ignored
//! rather than panicking, which keeps `rebuild` working on any stored history).

use jiff::civil::Date;
use uuid::Uuid;

use super::ctl::{CROWN_COURT_DAYS, CtlStatus, CustodyTimeLimit};
use super::events::CaseEvent;
use super::model::*;

impl Case {
    /// Derive the state from a stream of events (the first must be `CaseCreated`).
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> Option<Case> {
        let mut case: Option<Case> = None;
        for e in events {
            case = Some(match case {
                None => Case::created(e)?,
                Some(mut c) => {
                    c.apply(e);
                    c
                }
            });
        }
        case
    }

    /// The initial state from a `CaseCreated` event.
    pub fn created(e: &CaseEvent) -> Option<Case> {
        let CaseEvent::CaseCreated {
            case_id,
            urn,
            prosecuting_authority,
            charging_force,
            initiation_type,
            defendants,
            witnesses,
        } = e
        else {
            return None;
        };
        Some(Case {
            id: *case_id,
            urn: urn.clone(),
            prosecuting_authority: prosecuting_authority.clone(),
            charging_force: charging_force.clone(),
            initiation_type: *initiation_type,
            venue: Venue::MagistratesCourt,
            case_number: None,
            crown_court_ou: None,
            status: CaseStatus::Active,
            defendants: defendants.clone(),
            witnesses: witnesses.clone(),
            hearings: vec![],
            reporting_restrictions: vec![],
            pending_amendments: vec![],
            sent_on: None,
            dates_to_avoid: vec![],
            version: 1,
        })
    }

    /// Apply one event after the first. Increments the version.
    pub fn apply(&mut self, e: &CaseEvent) {
        self.version += 1;
        match e {
            CaseEvent::CaseCreated { .. } => {}
            CaseEvent::HearingListed {
                hearing_id,
                court_ou,
                court_name,
                hearing_date,
                hearing_type,
                adjournment_reason,
                slot,
            } => self.hearings.push(Hearing {
                id: *hearing_id,
                court_ou: court_ou.clone(),
                court_name: court_name.clone(),
                hearing_date: *hearing_date,
                hearing_type: hearing_type.clone(),
                status: HearingStatus::Listed,
                adjournment_reason: adjournment_reason.clone(),
                slot: slot.clone(),
                trial_outcome: None,
                warned: None,
            }),
            CaseEvent::HearingMoved {
                hearing_id,
                court_ou,
                court_name,
                hearing_date,
                slot,
                ..
            } => {
                if let Some(h) = self.hearings.iter_mut().find(|h| h.id == *hearing_id) {
                    h.court_ou = court_ou.clone();
                    h.court_name = court_name.clone();
                    h.hearing_date = *hearing_date;
                    h.slot = slot.clone();
                    h.warned = None;
                }
            }
            CaseEvent::TrialWarned {
                hearing_id,
                from,
                to,
                ..
            } => {
                if let Some(h) = self.hearings.iter_mut().find(|h| h.id == *hearing_id) {
                    h.hearing_date = *from;
                    h.slot = None;
                    h.warned = Some(WarnedPeriod {
                        from: *from,
                        to: *to,
                    });
                }
            }
            CaseEvent::TrialOutcomeRecorded {
                hearing_id,
                kind,
                reason_code,
                reason,
            } => {
                if let Some(h) = self.hearings.iter_mut().find(|h| h.id == *hearing_id) {
                    h.trial_outcome = Some(TrialOutcome {
                        kind: *kind,
                        reason_code: *reason_code,
                        reason: reason.clone(),
                    });
                }
            }
            CaseEvent::DatesToAvoidNoted { entry } => self.dates_to_avoid.push(entry.clone()),
            CaseEvent::HearingVacated { hearing_id, .. } => {
                self.set_hearing_status(*hearing_id, HearingStatus::Vacated)
            }
            CaseEvent::HearingResulted { hearing_id } => {
                self.set_hearing_status(*hearing_id, HearingStatus::Resulted)
            }
            CaseEvent::HearingAdjourned { .. } => {}
            CaseEvent::AttendanceRecorded {
                hearing_id,
                defendant_id,
                attendance,
            } => {
                if let Some(d) = self.defendant_mut(*defendant_id) {
                    d.attendance.retain(|a| a.hearing_id != *hearing_id);
                    d.attendance.push(AttendanceRecord {
                        hearing_id: *hearing_id,
                        attendance: *attendance,
                    });
                }
            }
            CaseEvent::PleaIndicated {
                defendant_id,
                offence_id,
                indication,
                date,
                ..
            } => {
                if let Some(o) = self.offence_mut(*defendant_id, *offence_id) {
                    o.indicated_plea = Some(*indication);
                    if *indication == IndicatedPlea::Guilty {
                        convict(o, *date, "guilty plea indicated");
                    } else {
                        o.stage = OffenceStage::AwaitingAllocation;
                    }
                }
            }
            CaseEvent::PleaEntered {
                hearing_id,
                defendant_id,
                offence_id,
                plea,
                date,
            } => {
                if let Some(o) = self.offence_mut(*defendant_id, *offence_id) {
                    o.plea = Some(Plea {
                        value: *plea,
                        hearing_id: *hearing_id,
                        plea_date: *date,
                    });
                    match plea {
                        PleaValue::Guilty => convict(o, *date, "guilty plea"),
                        PleaValue::NotGuilty => o.stage = OffenceStage::AwaitingTrial,
                    }
                }
            }
            CaseEvent::OffenceAllocated {
                defendant_id,
                offence_id,
                decision,
                date,
                ..
            } => {
                if let Some(o) = self.offence_mut(*defendant_id, *offence_id) {
                    o.allocation = Some(*decision);
                    match decision {
                        AllocationDecision::SummaryTrial => {
                            o.stage = OffenceStage::AwaitingPlea;
                            if let Some(ctl) = o.custody_time_limit.as_mut() {
                                ctl.apply_summary_trial_decision(*date);
                            }
                        }
                        _ => o.stage = OffenceStage::AwaitingSending,
                    }
                }
            }
            CaseEvent::SentToCrownCourt {
                defendant_id,
                offence_ids,
                case_number,
                date,
                crown_court_ou,
                ..
            } => {
                self.crown_court_ou = Some(crown_court_ou.clone());
                self.sent_on = Some(self.sent_on.map_or(*date, |d| d.min(*date)));
                if let Some(d) = self.defendant_mut(*defendant_id) {
                    let in_custody = d.custody_status == CustodyStatus::InCustody;
                    for o in d
                        .offences
                        .iter_mut()
                        .filter(|o| offence_ids.contains(&o.id))
                    {
                        o.venue = Venue::CrownCourt;
                        o.stage = OffenceStage::AwaitingArraignment;
                        let used = o
                            .custody_time_limit
                            .as_ref()
                            .map_or(0, |c| c.days_in_custody_until(*date));
                        let mut crown = CustodyTimeLimit::start(
                            Venue::CrownCourt,
                            CROWN_COURT_DAYS,
                            *date,
                            used,
                        );
                        if !in_custody {
                            crown.stop(*date, "on bail");
                        }
                        if in_custody || o.custody_time_limit.is_some() {
                            o.custody_time_limit = Some(crown);
                        }
                    }
                }
                if case_number.is_some() {
                    self.case_number = case_number.clone();
                }
                if self
                    .defendants
                    .iter()
                    .flat_map(|d| &d.offences)
                    .any(|o| o.venue == Venue::CrownCourt)
                {
                    self.venue = Venue::CrownCourt;
                }
            }
            CaseEvent::VerdictRecorded {
                hearing_id,
                defendant_id,
                offence_id,
                verdict,
                date,
            } => {
                if let Some(o) = self.offence_mut(*defendant_id, *offence_id) {
                    o.verdict = Some(Verdict {
                        value: *verdict,
                        hearing_id: *hearing_id,
                        verdict_date: *date,
                    });
                    match verdict {
                        VerdictValue::Guilty => convict(o, *date, "convicted after trial"),
                        VerdictValue::NotGuilty => {
                            o.stage = OffenceStage::Finalised;
                            end_ctl(o, *date, "acquitted");
                        }
                    }
                }
            }
            CaseEvent::ResultRecorded {
                defendant_id,
                offence_id,
                result,
                date,
            } => {
                if let Some(o) = self.offence_mut(*defendant_id, *offence_id) {
                    if result.is_final {
                        o.stage = OffenceStage::Finalised;
                        end_ctl(o, *date, "final result");
                    }
                    o.results.push(result.clone());
                }
            }
            CaseEvent::BailDecided {
                defendant_id,
                status,
                conditions,
                date,
                ..
            } => {
                if let Some(d) = self.defendant_mut(*defendant_id) {
                    d.custody_status = *status;
                    d.bail_conditions = conditions.clone();
                    for o in d.offences.iter_mut() {
                        update_ctl_for_custody(o, *status, *date);
                    }
                }
            }
            CaseEvent::CaseConcluded { .. } => self.status = CaseStatus::Concluded,
            CaseEvent::DefenceAssociated { defendant_id, firm } => {
                if let Some(d) = self.defendant_mut(*defendant_id) {
                    d.defence = Some(firm.clone());
                }
            }
            CaseEvent::DefenceRemoved { defendant_id, .. } => {
                if let Some(d) = self.defendant_mut(*defendant_id) {
                    d.defence = None;
                }
            }
            CaseEvent::ReportingRestrictionImposed { restriction } => {
                self.reporting_restrictions.push(restriction.clone())
            }
            CaseEvent::ReportingRestrictionLifted {
                restriction_id,
                date,
            } => {
                if let Some(r) = self
                    .reporting_restrictions
                    .iter_mut()
                    .find(|r| r.id == *restriction_id)
                {
                    r.lifted_on = Some(*date);
                }
            }
            CaseEvent::CustodyTimeLimitExtended {
                defendant_id,
                offence_id,
                new_expiry,
            } => {
                if let Some(ctl) = self
                    .offence_mut(*defendant_id, *offence_id)
                    .and_then(|o| o.custody_time_limit.as_mut())
                {
                    ctl.extend(*new_expiry);
                }
            }
            CaseEvent::ResultAmendmentProposed { amendment } => {
                self.pending_amendments.push(amendment.clone())
            }
            CaseEvent::ResultAmendmentApproved { amendment_id, .. } => {
                if let Some(pos) = self
                    .pending_amendments
                    .iter()
                    .position(|a| a.id == *amendment_id)
                {
                    let a = self.pending_amendments.remove(pos);
                    if let Some(r) = self
                        .offence_mut(a.defendant_id, a.offence_id)
                        .and_then(|o| o.results.iter_mut().find(|r| r.id == a.result_id))
                    {
                        r.code = a.new_code;
                        r.label = a.new_label;
                        r.values = a.new_values;
                        r.amended = true;
                    }
                }
            }
            CaseEvent::ResultAmendmentRejected { amendment_id, .. } => {
                self.pending_amendments.retain(|a| a.id != *amendment_id)
            }
        }
    }

    fn set_hearing_status(&mut self, id: Uuid, status: HearingStatus) {
        if let Some(h) = self.hearings.iter_mut().find(|h| h.id == id) {
            h.status = status;
        }
    }

    pub(crate) fn defendant_mut(&mut self, id: Uuid) -> Option<&mut Defendant> {
        self.defendants.iter_mut().find(|d| d.id == id)
    }

    pub(crate) fn offence_mut(&mut self, defendant: Uuid, offence: Uuid) -> Option<&mut Offence> {
        self.defendant_mut(defendant)?
            .offences
            .iter_mut()
            .find(|o| o.id == offence)
    }

    /// True when every offence of every defendant has a final disposal.
    pub fn all_offences_finalised(&self) -> bool {
        self.defendants
            .iter()
            .flat_map(|d| &d.offences)
            .all(|o| o.stage == OffenceStage::Finalised)
    }
}

fn convict(o: &mut Offence, date: Date, reason: &str) {
    o.convicted = true;
    o.stage = OffenceStage::Convicted;
    end_ctl(o, date, reason);
}

fn end_ctl(o: &mut Offence, date: Date, reason: &str) {
    if let Some(ctl) = o.custody_time_limit.as_mut() {
        ctl.end(date, reason);
    }
}

/// Start, resume or stop an offence's custody time limit after a bail or remand decision.
fn update_ctl_for_custody(o: &mut Offence, status: CustodyStatus, date: Date) {
    let pre_trial = !matches!(o.stage, OffenceStage::Convicted | OffenceStage::Finalised)
        && o.verdict.is_none();
    if !pre_trial {
        return;
    }
    match (status, o.custody_time_limit.as_mut()) {
        (CustodyStatus::InCustody, None) => {
            let limit = match o.venue {
                Venue::CrownCourt => CROWN_COURT_DAYS,
                Venue::MagistratesCourt => CustodyTimeLimit::magistrates_limit(o.mode_of_trial),
            };
            o.custody_time_limit = Some(CustodyTimeLimit::start(o.venue, limit, date, 0));
        }
        (CustodyStatus::InCustody, Some(ctl)) if ctl.status == CtlStatus::Stopped => {
            ctl.resume(date)
        }
        (CustodyStatus::InCustody, Some(_)) => {}
        (_, Some(ctl)) => ctl.stop(date, "bailed"),
        (_, None) => {}
    }
}
