//! The current state of a case, derived from its events (see `apply`). It is also what the read
//! model stores as JSON, so every field is serialisable; the policy redacts it per reader.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ctl::CustodyTimeLimit;
use super::restrictions::ReportingRestriction;
use crate::ids::{Asn, OffenceCode, OuCode, PncId, ResultCode, Urn};
use crate::refdata::ModeOfTrial;

/// How the prosecution was started (SPI `CaseInitiation`: C charge, R requisition, S summons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InitiationType {
    Charge,
    Requisition,
    Summons,
}

/// Where the case is being dealt with now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Venue {
    MagistratesCourt,
    CrownCourt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Awaiting or between hearings.
    Active,
    /// Every offence of every defendant has a final result.
    Concluded,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub urn: Urn,
    pub prosecuting_authority: OrgRef,
    pub charging_force: OrgRef,
    pub initiation_type: InitiationType,
    pub venue: Venue,
    /// Crown Court case number, once sent or committed.
    pub case_number: Option<String>,
    /// The Crown Court the case (or part of it) was sent to: its staff and judiciary see the case
    /// from the sending onwards, before any Crown Court hearing is listed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub crown_court_ou: Option<OuCode>,
    pub status: CaseStatus,
    pub defendants: Vec<Defendant>,
    pub witnesses: Vec<Witness>,
    pub hearings: Vec<Hearing>,
    pub reporting_restrictions: Vec<ReportingRestriction>,
    pub pending_amendments: Vec<PendingAmendment>,
    /// The day the case (its first defendant) was sent to the Crown Court: the plea and trial
    /// preparation hearing is due within 28 days of it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub sent_on: Option<Date>,
    /// Dates defendants or advocates cannot attend, which listing avoids.
    #[serde(default)]
    pub dates_to_avoid: Vec<DatesToAvoid>,
    /// Version of the event stream this state reflects.
    pub version: i64,
}

/// A reference to an organisation, with its name as at the event (for display without a join).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgRef {
    pub id: Uuid,
    pub name: String,
}

/// A person's name exactly as given: full Unicode, never transliterated or truncated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonName {
    pub given_names: String,
    pub family_name: String,
}

impl PersonName {
    pub fn full(&self) -> String {
        format!("{} {}", self.given_names, self.family_name)
            .trim()
            .to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub lines: Vec<String>,
    pub postcode: Option<String>,
}

/// Custody or bail position of a defendant (SPI/CJS remand status in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustodyStatus {
    /// Summonsed or requisitioned: no bail decision yet.
    NotApplicable,
    UnconditionalBail,
    ConditionalBail,
    /// Remanded in custody (adults to prison, under-18s to youth detention accommodation).
    InCustody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Defendant {
    pub id: Uuid,
    pub name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date_of_birth: Option<Date>,
    pub address: Option<Address>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub asn: Option<Asn>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub pnc_id: Option<PncId>,
    /// Under 18 at the first hearing: youth court rules and automatic reporting restrictions.
    pub youth: bool,
    pub custody_status: CustodyStatus,
    pub bail_conditions: Vec<BailCondition>,
    pub defence: Option<OrgRef>,
    pub offences: Vec<Offence>,
    pub attendance: Vec<AttendanceRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BailConditionKind {
    Residence,
    Curfew,
    ElectronicMonitoring,
    ReportToPoliceStation,
    NoContact,
    ExclusionZone,
    SurrenderPassport,
    Surety,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BailCondition {
    pub kind: BailConditionKind,
    pub details: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    InPerson,
    ByVideoLink,
    RepresentedInAbsence,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRecord {
    pub hearing_id: Uuid,
    pub attendance: Attendance,
}

/// Stage of an offence in its journey through the courts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OffenceStage {
    /// Before plea (or plea indication) in the magistrates' court.
    AwaitingPlea,
    /// Not guilty plea: awaiting trial (at the current venue).
    AwaitingTrial,
    /// Either-way offence with no guilty indication: awaiting the allocation decision.
    AwaitingAllocation,
    /// Indictable-only, or allocated to the Crown Court: to be sent (Crime and Disorder Act 1998 s.51).
    AwaitingSending,
    /// Sent to the Crown Court, awaiting arraignment.
    AwaitingArraignment,
    /// Convicted, awaiting sentence.
    Convicted,
    /// A final result has been recorded (sentence, acquittal, withdrawal...).
    Finalised,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offence {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: OffenceCode,
    pub title: String,
    pub wording: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub offence_date_from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub offence_date_to: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub mode_of_trial: ModeOfTrial,
    pub venue: Venue,
    pub stage: OffenceStage,
    pub indicated_plea: Option<IndicatedPlea>,
    pub plea: Option<Plea>,
    pub allocation: Option<AllocationDecision>,
    pub verdict: Option<Verdict>,
    pub convicted: bool,
    pub results: Vec<RecordedResult>,
    pub custody_time_limit: Option<CustodyTimeLimit>,
}

/// Indication of plea at plea before venue (Magistrates' Courts Act 1980 s.17A), either-way only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IndicatedPlea {
    Guilty,
    NotGuilty,
    NoIndication,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PleaValue {
    Guilty,
    NotGuilty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plea {
    pub value: PleaValue,
    pub hearing_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub plea_date: Date,
}

/// Allocation of an either-way offence (Magistrates' Courts Act 1980 ss.19-21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AllocationDecision {
    /// Suitable for summary trial and the defendant consents.
    SummaryTrial,
    /// Suitable for summary trial but the defendant elects Crown Court trial.
    DefendantElectsCrownCourt,
    /// The court declines jurisdiction: sent for trial.
    SentForTrial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerdictValue {
    Guilty,
    NotGuilty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    pub value: VerdictValue,
    pub hearing_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub verdict_date: Date,
}

/// A unit for result durations (custodial length, disqualification period...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Days,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultDuration {
    pub value: u32,
    pub unit: DurationUnit,
}

/// The values that accompany a result code (CP `judicialResultPrompts`, in typed form).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultValues {
    /// Money in pence (fine, compensation, costs).
    pub amount_pence: Option<i64>,
    /// Length (custody, community order, disqualification).
    pub duration: Option<ResultDuration>,
    /// Penalty points for an endorsement.
    pub penalty_points: Option<u32>,
    /// Free text the code requires (e.g. requirements of a community order).
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedResult {
    pub id: Uuid,
    pub hearing_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: ResultCode,
    pub label: String,
    pub values: ResultValues,
    /// Final disposal of the offence (from the code's CJS result type).
    pub is_final: bool,
    /// Set when this result has been amended: the history stays in the event stream.
    pub amended: bool,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WitnessKind {
    Victim,
    Witness,
}

/// A victim or witness. Contact details are never disclosed to the defence (see the policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Witness {
    pub id: Uuid,
    pub kind: WitnessKind,
    pub name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date_of_birth: Option<Date>,
    pub address: Option<Address>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Complainant of a sexual offence: lifelong anonymity (Sexual Offences (Amendment) Act 1992 s.1).
    pub sexual_offence_complainant: bool,
}

/// An amendment of a recorded result awaiting a second authorised person's approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingAmendment {
    pub id: Uuid,
    pub defendant_id: Uuid,
    pub offence_id: Uuid,
    pub result_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub new_code: ResultCode,
    pub new_label: String,
    pub new_values: ResultValues,
    pub reason: String,
    pub proposed_by: Uuid,
}

impl Case {
    pub fn defendant(&self, id: Uuid) -> Option<&Defendant> {
        self.defendants.iter().find(|d| d.id == id)
    }
    pub fn hearing(&self, id: Uuid) -> Option<&Hearing> {
        self.hearings.iter().find(|h| h.id == id)
    }
    /// The next hearing still to take place, earliest first.
    pub fn next_hearing(&self) -> Option<&Hearing> {
        self.hearings
            .iter()
            .filter(|h| h.status == HearingStatus::Listed)
            .min_by_key(|h| h.hearing_date)
    }
    /// Every court the case has been or is listed at (for court staff and judiciary access).
    pub fn court_ous(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .hearings
            .iter()
            .map(|h| h.court_ou.to_string())
            .collect();
        v.extend(self.crown_court_ou.iter().map(|c| c.to_string()));
        v.sort();
        v.dedup();
        v
    }
}

impl Defendant {
    pub fn offence(&self, id: Uuid) -> Option<&Offence> {
        self.offences.iter().find(|o| o.id == id)
    }
}
