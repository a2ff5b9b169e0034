//! What users ask the court record to do. Inputs carry identifiers and dates as text so that each
//! problem is reported against its field in the court's words (see `decide`), not as a parse error.
//! Unknown fields are refused so a typo in an integration never silently drops data.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{
    AllocationDecision, Attendance, AvoidParty, BailCondition, CustodyStatus, IndicatedPlea,
    InitiationType, PleaValue, ResultDuration, TrialOutcomeKind, TrialReason, VerdictValue,
    WitnessKind,
};
use super::restrictions::RestrictionBasis;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A new case sent in by the police (or a prosecutor): SPI `CaseInitiation`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    /// Police unique reference number, e.g. `01AB1234526`.
    pub urn: String,
    pub initiation_type: InitiationType,
    /// Code of the prosecuting authority organisation (e.g. `CPS-LONDON`).
    pub prosecution_authority_code: String,
    /// PNC code of the originating police force (e.g. `01`). Defaults to the caller's own force.
    #[serde(default)]
    pub originating_organisation: Option<String>,
    pub defendants: Vec<NewDefendant>,
    #[serde(default)]
    pub witnesses: Vec<NewWitness>,
    pub first_hearing: NewHearing,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDefendant {
    pub given_names: String,
    pub family_name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub address: Option<AddressInput>,
    /// Arrest/summons number with its check character.
    #[serde(default)]
    pub asn: Option<String>,
    /// PNC ID `YYYY/NNNNNNNC`, where known.
    #[serde(default)]
    pub pnc_id: Option<String>,
    /// Custody or bail status at charge; `not_applicable` for summons and requisition.
    pub custody_status: CustodyStatus,
    #[serde(default)]
    pub bail_conditions: Vec<BailCondition>,
    pub offences: Vec<NewOffence>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    pub lines: Vec<String>,
    #[serde(default)]
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOffence {
    /// CJS offence code, e.g. `TH68010`.
    pub offence_code: String,
    pub wording: String,
    /// `YYYY-MM-DD`.
    pub offence_date_from: String,
    #[serde(default)]
    pub offence_date_to: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWitness {
    pub kind: WitnessKind,
    pub given_names: String,
    pub family_name: String,
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub address: Option<AddressInput>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub sexual_offence_complainant: bool,
}

/// A hearing to list: court (OU code), date and CJS hearing type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewHearing {
    /// Court OU code, e.g. `B01LY00`.
    pub court_ou: String,
    /// `YYYY-MM-DD` (Europe/London calendar date).
    pub hearing_date: String,
    /// CJS hearing type code; first hearing (`FH`) when omitted.
    #[serde(default)]
    pub hearing_type: Option<String>,
    /// The sitting (courtroom session) to list it in: one of the court's sittings on that date.
    #[serde(default)]
    pub sitting_id: Option<Uuid>,
    /// Time estimate in minutes, for the sitting's capacity; a usual figure for the hearing type
    /// when omitted. Only with a sitting.
    #[serde(default)]
    pub estimate_minutes: Option<u32>,
}

/// Move a listed hearing to another sitting, date or court, with the reason.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveHearing {
    /// The sitting to move it into; its court and date follow from the sitting.
    #[serde(default)]
    pub sitting_id: Option<Uuid>,
    /// Without a sitting: the court (the hearing's own when omitted)...
    #[serde(default)]
    pub court_ou: Option<String>,
    /// ...and the date, `YYYY-MM-DD` (the hearing's own when omitted).
    #[serde(default)]
    pub hearing_date: Option<String>,
    #[serde(default)]
    pub estimate_minutes: Option<u32>,
    pub reason: String,
}

/// Whether a trial went ahead, with the reason when it did not.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrialOutcomeInput {
    pub kind: TrialOutcomeKind,
    /// The reason from the list; a cracked or ineffective trial needs this or `reason`.
    #[serde(default)]
    pub reason_code: Option<TrialReason>,
    /// The reason in words (or more detail to the listed reason).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Dates someone needed at the hearings cannot attend, as told to the listing office.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDatesToAvoid {
    pub party: AvoidParty,
    /// The defendant (their own dates, or their advocate's); not for the prosecution advocate.
    #[serde(default)]
    pub defendant_id: Option<Uuid>,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// Everything recorded at one hearing, per defendant and per offence (CrimPR r.5.4).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HearingOutcome {
    #[serde(default)]
    pub defendants: Vec<DefendantOutcome>,
    /// Adjourn to a next hearing, with the reason.
    #[serde(default)]
    pub adjournment: Option<Adjournment>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DefendantOutcome {
    pub defendant_id: Uuid,
    #[serde(default)]
    pub attendance: Option<Attendance>,
    #[serde(default)]
    pub offences: Vec<OffenceOutcome>,
    /// Send offences awaiting sending to the Crown Court (Crime and Disorder Act 1998 s.51).
    #[serde(default)]
    pub sending: Option<Sending>,
    /// Bail or remand decision for the period to the next hearing.
    #[serde(default)]
    pub bail: Option<BailDecision>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OffenceOutcome {
    pub offence_id: Uuid,
    /// Indication of plea (plea before venue), either-way offences in the magistrates' court.
    #[serde(default)]
    pub indicated_plea: Option<IndicatedPlea>,
    #[serde(default)]
    pub plea: Option<PleaValue>,
    #[serde(default)]
    pub allocation: Option<AllocationDecision>,
    #[serde(default)]
    pub verdict: Option<VerdictValue>,
    /// Withdrawal by the prosecution or discontinuance.
    #[serde(default)]
    pub withdrawal: Option<Withdrawal>,
    #[serde(default)]
    pub results: Vec<ResultInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Withdrawal {
    /// CJS result 2063 "Withdrawn - Final".
    Withdrawn,
    /// CJS result 2053 "Discontinuance" (Prosecution of Offences Act 1985 s.23).
    Discontinued,
}

/// A CJS result code with its values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    /// 4-digit CJS result code, e.g. `1015` (fine).
    pub code: String,
    #[serde(default)]
    pub amount_pence: Option<i64>,
    #[serde(default)]
    pub duration: Option<ResultDuration>,
    #[serde(default)]
    pub penalty_points: Option<u32>,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Sending {
    /// OU code of the Crown Court the offences are sent to.
    pub crown_court_ou: String,
    /// The offences to send; all offences awaiting sending when omitted.
    #[serde(default)]
    pub offence_ids: Option<Vec<Uuid>>,
    /// Crown Court case number, e.g. `T20267001`, if already allocated.
    #[serde(default)]
    pub case_number: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BailDecision {
    pub status: CustodyStatus,
    #[serde(default)]
    pub conditions: Vec<BailCondition>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Adjournment {
    pub reason: String,
    pub next_hearing: NewHearing,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VacateHearing {
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRestriction {
    pub basis: RestrictionBasis,
    /// `case`, or the id of a defendant or witness of this case.
    #[serde(default)]
    pub defendant_id: Option<Uuid>,
    #[serde(default)]
    pub witness_id: Option<Uuid>,
    #[serde(default)]
    pub details: Option<String>,
    /// `YYYY-MM-DD`; today when omitted.
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CtlExtension {
    pub defendant_id: Uuid,
    pub offence_id: Uuid,
    /// New expiry date, `YYYY-MM-DD`.
    pub new_expiry: String,
}

/// A proposed correction of a recorded result; takes effect only when a second person approves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultAmendment {
    pub defendant_id: Uuid,
    pub offence_id: Uuid,
    pub result_id: Uuid,
    pub result: ResultInput,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AmendmentDecision {
    pub approve: bool,
}

/// Put a Crown Court trial in the warned list for a period: the parties must be ready on any day
/// of it. Dates as text, `YYYY-MM-DD`, so each is reported against its field.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WarnTrial {
    /// First day of the warned period.
    pub from: String,
    /// Last day of the warned period (at most 28 days after the first).
    pub to: String,
    pub reason: String,
}
