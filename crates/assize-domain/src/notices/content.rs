//! The content of a notice: what a recipient needs to act on a defendant's results of one
//! hearing. It is the JSON body of the pull feed and the webhook, and the data printable orders
//! and warrants are rendered from, so its fields are stable snake_case names; where Common
//! Platform's external API names the same thing, its name is used (`case_urn`,
//! `arrest_summons_number`, `pnc_id`, `offence_code`, `offence_title`, `judicial_results`,
//! `cjs_code`, `label`, `court_centre`, `bail_status`, `bail_conditions`, `next_hearing`,
//! `proceedings_concluded`), in snake_case.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::case::{
    BailCondition, Case, CustodyStatus, Defendant, Hearing, PleaValue, RecordedResult,
    ResultValues, VerdictValue,
};
use crate::ids::{Asn, OffenceCode, OuCode, PncId, ResultCode, Urn};

/// A defendant's results of one hearing, as a recipient receives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeContent {
    /// The case in this platform.
    pub case_id: Uuid,
    /// The prosecution's unique reference number of the case (CP `caseURN`).
    pub case_urn: Urn,
    /// The Crown Court case number, once sent or committed.
    pub crown_court_case_number: Option<String>,
    /// The prosecutor's name, as the case names it.
    pub prosecuting_authority: String,
    /// The charging force's name, as the case names it.
    pub charging_force: String,
    pub defendant: NoticeDefendant,
    /// The hearing whose results these are.
    pub hearing: NoticeHearing,
    /// Every offence of the defendant (so a warrant names every charge), each with the results
    /// ordered at this hearing only.
    pub offences: Vec<NoticeOffence>,
    /// Bail or custody position when the notice was made (CP `bailStatus`): after the hearing for
    /// a hearing's results; as it is now for an amendment. A custodial sentence is in the
    /// results, not here.
    pub bail_status: CustodyStatus,
    /// Conditions of bail in force with that status (empty unless conditional bail).
    pub bail_conditions: Vec<BailCondition>,
    /// The defendant, who was in custody, is to be released on this case.
    pub released_from_custody: bool,
    /// Where the hearing sent the defendant's offences to the Crown Court: that court.
    pub sent_to_crown_court: Option<CourtCentre>,
    /// The next hearing, if the case was adjourned (or, for an amendment, the case's next listed
    /// hearing now).
    pub next_hearing: Option<NextHearing>,
    /// Every offence of the defendant now has a final disposal (CP `proceedingsConcluded`).
    pub proceedings_concluded: bool,
    /// Set on an amended notice: why and when the results were corrected.
    pub amendment: Option<AmendmentNote>,
}

/// The defendant as the notice identifies them: by ASN and PNC ID for matching, by name and date
/// of birth for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeDefendant {
    pub defendant_id: Uuid,
    /// Exactly as given: full Unicode, never transliterated or truncated.
    pub given_names: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    /// Arrest/summons number (CP `arrestSummonsNumber`).
    pub arrest_summons_number: Option<Asn>,
    /// Police National Computer identifier (CP `pncId`).
    pub pnc_id: Option<PncId>,
    /// Under 18 at the first hearing: a custodian is youth detention accommodation, and
    /// reporting restrictions apply.
    pub youth: bool,
}

/// A court centre by OU code (CP `courtCentre.code`) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtCentre {
    pub code: OuCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeHearing {
    pub hearing_id: Uuid,
    pub hearing_date: Date,
    /// CJS hearing type code (`FH` first hearing, `TRIAL`…).
    pub hearing_type: String,
    pub court_centre: CourtCentre,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextHearing {
    pub hearing_id: Uuid,
    pub hearing_date: Date,
    pub hearing_type: String,
    pub court_centre: CourtCentre,
    /// Why the case was adjourned, as the court gave it.
    pub adjournment_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeOffence {
    pub offence_id: Uuid,
    /// CJS offence code (CP `offenceCode`).
    pub offence_code: OffenceCode,
    /// CP `offenceTitle`.
    pub offence_title: String,
    pub offence_date_from: Date,
    pub plea: Option<PleaValue>,
    pub verdict: Option<VerdictValue>,
    pub convicted: bool,
    /// The results ordered at this hearing (CP `judicialResults`), in the order recorded.
    pub judicial_results: Vec<NoticeResult>,
    /// The offence has a final disposal.
    pub proceedings_concluded: bool,
}

/// One result (CP `judicialResult`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeResult {
    /// The result's id (CP `judicialResultId`): the same across an amendment, so a recipient
    /// replaces the result it holds, and reconciliation finds which notices carry which result.
    pub judicial_result_id: Uuid,
    /// CJS result code (CP `cjsCode`).
    pub cjs_code: ResultCode,
    /// The code's description (CP `label`).
    pub label: String,
    /// Amount, length, penalty points and text the court gave with the code (CP
    /// `judicialResultPrompts`, typed).
    pub values: ResultValues,
    /// Final disposal of the offence (CJS result type F; CP `terminatesOffenceProceedings`).
    pub is_final: bool,
    /// The result was corrected after it was first shared.
    pub amended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentNote {
    /// The reason given by the person who proposed the correction.
    pub reason: String,
    /// The day a second person approved it.
    pub approved_on: Date,
}

/// The facts of the command that a notice reports besides the case state.
#[derive(Debug, Clone, Default)]
pub(super) struct Facts {
    pub released: bool,
    pub sent_to: Option<OuCode>,
    pub next_hearing: Option<Uuid>,
    pub amendment: Option<AmendmentNote>,
}

/// Build the content for a defendant and hearing from the case after the change.
pub(super) fn build(case: &Case, d: &Defendant, h: &Hearing, facts: &Facts) -> NoticeContent {
    let next = match (facts.next_hearing, &facts.amendment) {
        (Some(id), _) => case.hearing(id),
        (None, Some(_)) => case.next_hearing(),
        (None, None) => None,
    };
    NoticeContent {
        case_id: case.id,
        case_urn: case.urn.clone(),
        crown_court_case_number: case.case_number.clone(),
        prosecuting_authority: case.prosecuting_authority.name.clone(),
        charging_force: case.charging_force.name.clone(),
        defendant: NoticeDefendant {
            defendant_id: d.id,
            given_names: d.name.given_names.clone(),
            family_name: d.name.family_name.clone(),
            date_of_birth: d.date_of_birth,
            arrest_summons_number: d.asn.clone(),
            pnc_id: d.pnc_id.clone(),
            youth: d.youth,
        },
        hearing: NoticeHearing {
            hearing_id: h.id,
            hearing_date: h.hearing_date,
            hearing_type: h.hearing_type.clone(),
            court_centre: centre_of(h),
        },
        offences: d
            .offences
            .iter()
            .map(|o| NoticeOffence {
                offence_id: o.id,
                offence_code: o.code.clone(),
                offence_title: o.title.clone(),
                offence_date_from: o.offence_date_from,
                plea: o.plea.as_ref().map(|p| p.value),
                verdict: o.verdict.as_ref().map(|v| v.value),
                convicted: o.convicted,
                judicial_results: results_at(&o.results, h.id).map(notice_result).collect(),
                proceedings_concluded: o.stage == crate::case::OffenceStage::Finalised,
            })
            .collect(),
        bail_status: d.custody_status,
        bail_conditions: d.bail_conditions.clone(),
        released_from_custody: facts.released,
        sent_to_crown_court: facts.sent_to.as_ref().map(|ou| CourtCentre {
            code: ou.clone(),
            name: crate::refdata::RefData::global()
                .court(ou)
                .map_or_else(|| ou.to_string(), |c| c.name.clone()),
        }),
        next_hearing: next.map(|n| NextHearing {
            hearing_id: n.id,
            hearing_date: n.hearing_date,
            hearing_type: n.hearing_type.clone(),
            court_centre: centre_of(n),
            adjournment_reason: n.adjournment_reason.clone(),
        }),
        proceedings_concluded: defendant_concluded(d),
        amendment: facts.amendment.clone(),
    }
}

fn centre_of(h: &Hearing) -> CourtCentre {
    CourtCentre {
        code: h.court_ou.clone(),
        name: h.court_name.clone(),
    }
}

fn notice_result(r: &RecordedResult) -> NoticeResult {
    NoticeResult {
        judicial_result_id: r.id,
        cjs_code: r.code.clone(),
        label: r.label.clone(),
        values: r.values.clone(),
        is_final: r.is_final,
        amended: r.amended,
    }
}

/// The results of an offence ordered at a hearing.
pub(super) fn results_at(
    results: &[RecordedResult],
    hearing: Uuid,
) -> impl Iterator<Item = &RecordedResult> {
    results.iter().filter(move |r| r.hearing_id == hearing)
}

/// Every offence of the defendant has a final disposal.
pub(super) fn defendant_concluded(d: &Defendant) -> bool {
    !d.offences.is_empty()
        && d.offences
            .iter()
            .all(|o| o.stage == crate::case::OffenceStage::Finalised)
}
