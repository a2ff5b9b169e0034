//! A case's hearings as listing and resulting see them: status, where they sit (slot), a Crown
//! Court trial's warned period, what became of a trial, and the dates the parties cannot attend.
//! Part of the case state (re-exported by `model`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::OuCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HearingStatus {
    Listed,
    Resulted,
    Vacated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hearing {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub court_ou: OuCode,
    pub court_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub hearing_date: Date,
    /// CJS hearing type code (refdata hearing_types.csv), e.g. `FH`.
    pub hearing_type: String,
    pub status: HearingStatus,
    /// Reason the previous hearing was adjourned to this one, if any.
    pub adjournment_reason: Option<String>,
    /// The sitting (courtroom, time) the hearing is listed in, once listing has placed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<HearingSlot>,
    /// For a trial: whether it went ahead (effective), ended without a trial (cracked) or could
    /// not go ahead and must be relisted (ineffective), with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_outcome: Option<TrialOutcome>,
    /// For a Crown Court trial in a warned list: the period in which it may be called in. `None`
    /// for a hearing fixed for a firm date (and in states from before warned lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warned: Option<WarnedPeriod>,
}

/// The period (inclusive) a trial is warned for: the parties must be ready to start on any day
/// of it; the listing office calls it in at short notice or fixes a firm date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WarnedPeriod {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
}

impl WarnedPeriod {
    /// Whether `date` falls in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Where and when in the court building a hearing takes place: a sitting of a courtroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingSlot {
    pub sitting_id: Uuid,
    pub courtroom_id: Uuid,
    /// The courtroom's name as the court calls it, e.g. "Court 3".
    pub courtroom: String,
    /// `HH:MM`, Europe/London.
    pub start_time: String,
    /// `HH:MM`: when the sitting's session rises. The defendants are committed to the court until
    /// then, so another hearing of theirs may not overlap it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Time estimate, for the sitting's capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate_minutes: Option<u32>,
}

/// What became of a hearing listed for trial (HMCTS's effective/cracked/ineffective measure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrialOutcome {
    pub kind: TrialOutcomeKind,
    /// The reason from HMCTS's list, for the cracked and ineffective trial statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<TrialReason>,
    pub reason: String,
}

/// Why a trial cracked or was ineffective (the categories of HMCTS's trial effectiveness
/// statistics, shortened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrialReason {
    // Cracked: the trial did not go ahead and need not be relisted.
    GuiltyPlea,
    GuiltyPleaToAlternative,
    ProsecutionOfferedNoEvidence,
    BindOver,
    // Ineffective: the trial could not go ahead and must be relisted.
    ProsecutionWitnessAbsent,
    DefenceWitnessAbsent,
    DefendantAbsent,
    DefendantIll,
    DefendantNotProduced,
    ProsecutionNotReady,
    DefenceNotReady,
    NoCourtTime,
    InterpreterUnavailable,
}

impl TrialReason {
    /// Every reason, cracked ones first, in the order forms offer them.
    pub const ALL: [TrialReason; 13] = [
        TrialReason::GuiltyPlea,
        TrialReason::GuiltyPleaToAlternative,
        TrialReason::ProsecutionOfferedNoEvidence,
        TrialReason::BindOver,
        TrialReason::ProsecutionWitnessAbsent,
        TrialReason::DefenceWitnessAbsent,
        TrialReason::DefendantAbsent,
        TrialReason::DefendantIll,
        TrialReason::DefendantNotProduced,
        TrialReason::ProsecutionNotReady,
        TrialReason::DefenceNotReady,
        TrialReason::NoCourtTime,
        TrialReason::InterpreterUnavailable,
    ];

    /// The outcome this reason explains.
    pub fn kind(self) -> TrialOutcomeKind {
        use TrialReason::*;
        match self {
            GuiltyPlea | GuiltyPleaToAlternative | ProsecutionOfferedNoEvidence | BindOver => {
                TrialOutcomeKind::Cracked
            }
            _ => TrialOutcomeKind::Ineffective,
        }
    }
    pub fn label(self) -> &'static str {
        use TrialReason::*;
        match self {
            GuiltyPlea => "Guilty plea on the day",
            GuiltyPleaToAlternative => "Guilty plea to an alternative charge, accepted",
            ProsecutionOfferedNoEvidence => "Prosecution offered no evidence",
            BindOver => "Defendant bound over",
            ProsecutionWitnessAbsent => "Prosecution witness absent",
            DefenceWitnessAbsent => "Defence witness absent",
            DefendantAbsent => "Defendant absent",
            DefendantIll => "Defendant ill or unfit",
            DefendantNotProduced => "Defendant in custody not produced",
            ProsecutionNotReady => "Prosecution not ready",
            DefenceNotReady => "Defence not ready",
            NoCourtTime => "No court time (over-listing)",
            InterpreterUnavailable => "Interpreter not available",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrialOutcomeKind {
    Effective,
    Cracked,
    Ineffective,
}

/// Whose dates to avoid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AvoidParty {
    Defendant,
    DefenceAdvocate,
    ProsecutionAdvocate,
}

impl AvoidParty {
    /// In words, with the defendant's name where it concerns one.
    pub fn describe(self, defendant: Option<&str>) -> String {
        match (self, defendant) {
            (AvoidParty::Defendant, Some(n)) => format!("the defendant {n}"),
            (AvoidParty::Defendant, None) => "a defendant".into(),
            (AvoidParty::DefenceAdvocate, Some(n)) => format!("the advocate for {n}"),
            (AvoidParty::DefenceAdvocate, None) => "a defence advocate".into(),
            (AvoidParty::ProsecutionAdvocate, _) => "the prosecution advocate".into(),
        }
    }
}

/// Days someone needed at the hearings cannot attend court (inclusive), as told to listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatesToAvoid {
    pub id: Uuid,
    pub party: AvoidParty,
    /// The defendant concerned (their own dates, or their advocate's); none for the prosecution.
    pub defendant_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    pub reason: String,
}
