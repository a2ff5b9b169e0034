//! What happened in a case. Every state change is one of these events; the current state is
//! derived from them by `apply`. Events are stored as JSON (tag `type`), so a renamed field or
//! variant is a breaking change to the stored history: add new variants, never rename.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{
    AllocationDecision, Attendance, BailCondition, CustodyStatus, DatesToAvoid, Defendant,
    HearingSlot, IndicatedPlea, InitiationType, OrgRef, PendingAmendment, PleaValue,
    RecordedResult, TrialOutcomeKind, TrialReason, VerdictValue, Witness,
};
use super::restrictions::ReportingRestriction;
use crate::ids::{OuCode, Urn};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseEvent {
    CaseCreated {
        case_id: Uuid,
        urn: Urn,
        prosecuting_authority: OrgRef,
        charging_force: OrgRef,
        initiation_type: InitiationType,
        defendants: Vec<Defendant>,
        witnesses: Vec<Witness>,
    },
    HearingListed {
        hearing_id: Uuid,
        court_ou: OuCode,
        court_name: String,
        hearing_date: Date,
        hearing_type: String,
        adjournment_reason: Option<String>,
        /// The sitting it was listed into, if listing placed it in one (absent in events from
        /// before listing into sittings existed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slot: Option<HearingSlot>,
    },
    /// A listed hearing moved to another sitting, date or court, with the reason. A warned trial
    /// moved (into a sitting or to a date) is thereby fixed: its warned period ends.
    HearingMoved {
        hearing_id: Uuid,
        court_ou: OuCode,
        court_name: String,
        hearing_date: Date,
        slot: Option<HearingSlot>,
        reason: String,
    },
    /// Whether a hearing listed for trial went ahead (effective), ended without a trial (cracked)
    /// or could not go ahead (ineffective).
    TrialOutcomeRecorded {
        hearing_id: Uuid,
        kind: TrialOutcomeKind,
        reason_code: Option<TrialReason>,
        reason: String,
    },
    /// A Crown Court trial put in the warned list for a period (inclusive), with the reason; the
    /// hearing's date becomes the first day and it leaves any sitting. Warning it again carries
    /// it over into another warned list; moving it fixes it (see `HearingMoved`).
    TrialWarned {
        hearing_id: Uuid,
        from: Date,
        to: Date,
        reason: String,
    },
    /// Dates a defendant or an advocate cannot attend, for listing to avoid.
    DatesToAvoidNoted {
        entry: DatesToAvoid,
    },
    HearingVacated {
        hearing_id: Uuid,
        reason: String,
    },
    AttendanceRecorded {
        hearing_id: Uuid,
        defendant_id: Uuid,
        attendance: Attendance,
    },
    PleaIndicated {
        hearing_id: Uuid,
        defendant_id: Uuid,
        offence_id: Uuid,
        indication: IndicatedPlea,
        date: Date,
    },
    PleaEntered {
        hearing_id: Uuid,
        defendant_id: Uuid,
        offence_id: Uuid,
        plea: PleaValue,
        date: Date,
    },
    OffenceAllocated {
        hearing_id: Uuid,
        defendant_id: Uuid,
        offence_id: Uuid,
        decision: AllocationDecision,
        date: Date,
    },
    SentToCrownCourt {
        hearing_id: Uuid,
        defendant_id: Uuid,
        offence_ids: Vec<Uuid>,
        crown_court_ou: OuCode,
        case_number: Option<String>,
        date: Date,
    },
    VerdictRecorded {
        hearing_id: Uuid,
        defendant_id: Uuid,
        offence_id: Uuid,
        verdict: VerdictValue,
        date: Date,
    },
    ResultRecorded {
        defendant_id: Uuid,
        offence_id: Uuid,
        result: RecordedResult,
        date: Date,
    },
    BailDecided {
        hearing_id: Uuid,
        defendant_id: Uuid,
        status: CustodyStatus,
        conditions: Vec<BailCondition>,
        date: Date,
    },
    HearingAdjourned {
        hearing_id: Uuid,
        reason: String,
        next_hearing_id: Uuid,
    },
    HearingResulted {
        hearing_id: Uuid,
    },
    CaseConcluded {
        date: Date,
    },
    DefenceAssociated {
        defendant_id: Uuid,
        firm: OrgRef,
    },
    DefenceRemoved {
        defendant_id: Uuid,
        firm: OrgRef,
    },
    ReportingRestrictionImposed {
        restriction: ReportingRestriction,
    },
    ReportingRestrictionLifted {
        restriction_id: Uuid,
        date: Date,
    },
    CustodyTimeLimitExtended {
        defendant_id: Uuid,
        offence_id: Uuid,
        new_expiry: Date,
    },
    ResultAmendmentProposed {
        amendment: PendingAmendment,
    },
    ResultAmendmentApproved {
        amendment_id: Uuid,
        approved_by: Uuid,
        date: Date,
    },
    ResultAmendmentRejected {
        amendment_id: Uuid,
        rejected_by: Uuid,
    },
}

impl CaseEvent {
    /// The event's type name as stored (the serde tag).
    pub fn type_name(&self) -> &'static str {
        match self {
            CaseEvent::CaseCreated { .. } => "case_created",
            CaseEvent::HearingListed { .. } => "hearing_listed",
            CaseEvent::HearingMoved { .. } => "hearing_moved",
            CaseEvent::TrialOutcomeRecorded { .. } => "trial_outcome_recorded",
            CaseEvent::TrialWarned { .. } => "trial_warned",
            CaseEvent::DatesToAvoidNoted { .. } => "dates_to_avoid_noted",
            CaseEvent::HearingVacated { .. } => "hearing_vacated",
            CaseEvent::AttendanceRecorded { .. } => "attendance_recorded",
            CaseEvent::PleaIndicated { .. } => "plea_indicated",
            CaseEvent::PleaEntered { .. } => "plea_entered",
            CaseEvent::OffenceAllocated { .. } => "offence_allocated",
            CaseEvent::SentToCrownCourt { .. } => "sent_to_crown_court",
            CaseEvent::VerdictRecorded { .. } => "verdict_recorded",
            CaseEvent::ResultRecorded { .. } => "result_recorded",
            CaseEvent::BailDecided { .. } => "bail_decided",
            CaseEvent::HearingAdjourned { .. } => "hearing_adjourned",
            CaseEvent::HearingResulted { .. } => "hearing_resulted",
            CaseEvent::CaseConcluded { .. } => "case_concluded",
            CaseEvent::DefenceAssociated { .. } => "defence_associated",
            CaseEvent::DefenceRemoved { .. } => "defence_removed",
            CaseEvent::ReportingRestrictionImposed { .. } => "reporting_restriction_imposed",
            CaseEvent::ReportingRestrictionLifted { .. } => "reporting_restriction_lifted",
            CaseEvent::CustodyTimeLimitExtended { .. } => "custody_time_limit_extended",
            CaseEvent::ResultAmendmentProposed { .. } => "result_amendment_proposed",
            CaseEvent::ResultAmendmentApproved { .. } => "result_amendment_approved",
            CaseEvent::ResultAmendmentRejected { .. } => "result_amendment_rejected",
        }
    }

    /// The defendant an event concerns, if it concerns one (for per-defendant visibility of the timeline).
    pub fn defendant_id(&self) -> Option<Uuid> {
        match self {
            CaseEvent::AttendanceRecorded { defendant_id, .. }
            | CaseEvent::PleaIndicated { defendant_id, .. }
            | CaseEvent::PleaEntered { defendant_id, .. }
            | CaseEvent::OffenceAllocated { defendant_id, .. }
            | CaseEvent::SentToCrownCourt { defendant_id, .. }
            | CaseEvent::VerdictRecorded { defendant_id, .. }
            | CaseEvent::ResultRecorded { defendant_id, .. }
            | CaseEvent::BailDecided { defendant_id, .. }
            | CaseEvent::DefenceAssociated { defendant_id, .. }
            | CaseEvent::DefenceRemoved { defendant_id, .. }
            | CaseEvent::CustodyTimeLimitExtended { defendant_id, .. } => Some(*defendant_id),
            CaseEvent::ResultAmendmentProposed { amendment } => Some(amendment.defendant_id),
            CaseEvent::DatesToAvoidNoted { entry } => entry.defendant_id,
            _ => None,
        }
    }
}
