//! The current state of a case, derived from its events (see `apply`). It is also what the read
//! model stores as JSON, so every field is serialisable; the policy redacts it per reader.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ctl::CustodyTimeLimit;
use super::restrictions::ReportingRestriction;
use crate::ids::{Asn, OffenceCode, OuCode, PncId, ResultCode, Urn};
use crate::refdata::ModeOfTrial;

pub use super::hearing::*;

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
