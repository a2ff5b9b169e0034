//! Printable orders, warrants and notices (issue 5): which documents a notice of results needs,
//! and what each says, in display-ready words, from the notice's content alone. A notice is for
//! machines (the feed, the webhook); a warrant is what a constable carries and a governor keeps,
//! and a bail notice is what a defendant takes home, so they are rendered from the same data and
//! cannot disagree with it.
//!
//! How the documents are derived (see [`documents_for`]): there is no "document" column in the
//! CJS result code list, so the same default routing that decides who is told of a result
//! (`routing::default_routes`, the court's words of each code's description) decides what the
//! result does to the defendant's liberty:
//! - routed to the custodian and of result type `F` (a final disposal): a custodial sentence —
//!   imprisonment, detention in a young offender institution, a detention and training order, a
//!   suspended sentence put into operation, detention in default — so a warrant of commitment;
//! - routed to the custodian and not final (`I`, `P` or unclassified): a remand in custody, or a
//!   committal, sending or remittal in custody — so a remand warrant (every such code in the
//!   list that can be recorded is one; checked in the tests);
//! - routed to the Probation Service, final, and not custodial: an order served in the community
//!   (community order, youth rehabilitation, referral or reparation order, suspended sentence
//!   order, their requirements) — so a notice of that order;
//! - the bail position after the hearing (`bail_status`), which the court records as a decision
//!   rather than always as a code: in custody with proceedings still open needs a remand warrant
//!   (the defendant must be held to the next hearing), conditional bail with proceedings open a
//!   bail conditions notice;
//! - a notice of kind `Release` (to the custodian) is a release notice, and nothing else.
//!
//! The defaults of the routing are used, never an administrator's overrides: an override changes
//! who receives a result, not what the court ordered.

mod format;
mod wording;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::content::{NoticeContent, NoticeResult};
use super::kinds::{NoticeKind, RecipientKind};
use super::routing::default_routes;
use crate::case::{CustodyStatus, PleaValue, VerdictValue};
use crate::refdata::{RefData, ResultType};

/// A printable document the court issues with a notice of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A custodial sentence: imprisonment, detention in a young offender institution, a detention
    /// and training order (youths), a suspended sentence put into operation.
    WarrantOfCommitment,
    /// A remand in custody (youths to youth detention accommodation), or a committal or sending
    /// to the Crown Court in custody: the defendant is held until the next hearing.
    RemandWarrant,
    /// An order served in the community and supervised by the Probation Service (or the youth
    /// offending team): what it requires and what follows a failure to comply.
    CommunityOrderNotice,
    /// Conditional bail: the conditions, when and where to surrender, the consequences of breach.
    BailConditionsNotice,
    /// Served on the custodian: the defendant is to be released on this case (CrimPR r.14.4).
    ReleaseNotice,
}

impl DocumentKind {
    /// In the order a court officer prints them: custody first.
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::WarrantOfCommitment,
        DocumentKind::RemandWarrant,
        DocumentKind::CommunityOrderNotice,
        DocumentKind::BailConditionsNotice,
        DocumentKind::ReleaseNotice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::WarrantOfCommitment => "warrant_of_commitment",
            DocumentKind::RemandWarrant => "remand_warrant",
            DocumentKind::CommunityOrderNotice => "community_order_notice",
            DocumentKind::BailConditionsNotice => "bail_conditions_notice",
            DocumentKind::ReleaseNotice => "release_notice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The document's heading, as the court names it.
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::WarrantOfCommitment => "Warrant of commitment",
            DocumentKind::RemandWarrant => "Warrant of commitment on remand",
            DocumentKind::CommunityOrderNotice => "Notice of order served in the community",
            DocumentKind::BailConditionsNotice => "Notice of bail conditions",
            DocumentKind::ReleaseNotice => "Notice of release from custody",
        }
    }
}

/// What a result does to the defendant's liberty, read from its code's default routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    CustodialSentence,
    CustodialRemand,
    CommunityOrder,
    Other,
}

pub(super) fn effect(r: &NoticeResult) -> Effect {
    let Some(def) = RefData::global().result(&r.cjs_code) else {
        return Effect::Other;
    };
    let to = default_routes(def);
    let is_final = def.result_type == ResultType::Final;
    if to.contains(&RecipientKind::Prison) {
        if is_final {
            Effect::CustodialSentence
        } else {
            Effect::CustodialRemand
        }
    } else if to.contains(&RecipientKind::Probation) && is_final {
        Effect::CommunityOrder
    } else {
        Effect::Other
    }
}

fn results(c: &NoticeContent) -> impl Iterator<Item = &NoticeResult> {
    c.offences.iter().flat_map(|o| o.judicial_results.iter())
}

/// The documents a notice needs, in printing order (see the module documentation for how).
pub fn documents_for(kind: NoticeKind, content: &NoticeContent) -> Vec<DocumentKind> {
    if kind == NoticeKind::Release {
        return vec![DocumentKind::ReleaseNotice];
    }
    let has = |e: Effect| results(content).any(|r| effect(r) == e);
    let open = !content.proceedings_concluded;
    let status = content.bail_status;
    let needed = |d: DocumentKind| match d {
        DocumentKind::WarrantOfCommitment => has(Effect::CustodialSentence),
        DocumentKind::RemandWarrant => {
            has(Effect::CustodialRemand) || (open && status == CustodyStatus::InCustody)
        }
        DocumentKind::CommunityOrderNotice => has(Effect::CommunityOrder),
        DocumentKind::BailConditionsNotice => open && status == CustodyStatus::ConditionalBail,
        DocumentKind::ReleaseNotice => false,
    };
    DocumentKind::ALL
        .into_iter()
        .filter(|d| needed(*d))
        .collect()
}

/// Everything a printed document shows, as display-ready text: the page only lays it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentView {
    pub kind: DocumentKind,
    /// The heading: "Warrant of commitment".
    pub title: &'static str,
    pub court_name: String,
    /// The court's OU code.
    pub court_code: String,
    /// The day of the hearing: "Friday 27 November 2026".
    pub date: String,
    /// Whom the document is addressed to: "To every constable of …".
    pub addressee: String,
    pub defendant_name: String,
    /// "1 January 1990".
    pub date_of_birth: Option<String>,
    pub pnc_id: Option<String>,
    pub asn: Option<String>,
    pub case_urn: String,
    pub crown_court_case_number: Option<String>,
    pub prosecutor: String,
    /// Every offence of the defendant (a warrant names every charge).
    pub offences: Vec<OffenceLine>,
    /// Conditions of bail: "Curfew: 7pm to 7am at 1 High Street, electronically monitored".
    pub conditions: Vec<String>,
    /// "Plea and directions hearing on Wednesday 23 December 2026 at … (C01BL00)".
    pub next_hearing: Option<String>,
    /// The heading over the legal wording ("The warrant", "What you must do").
    pub wording_heading: &'static str,
    /// The legal wording, one paragraph a line.
    pub wording: Vec<String>,
    /// On an amended document: when and why it replaces the one issued before.
    pub amendment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffenceLine {
    pub title: String,
    /// CJS offence code.
    pub code: String,
    /// "1 November 2026".
    pub date: String,
    /// "Pleaded guilty", "Found not guilty".
    pub plea_or_verdict: Option<String>,
    /// The results ordered at this hearing: "Imprisonment: 6 months (1002)".
    pub results: Vec<String>,
}

/// The document of `kind` for a notice's content.
pub fn document(kind: DocumentKind, content: &NoticeContent) -> DocumentView {
    let d = &content.defendant;
    let court = &content.hearing.court_centre;
    let w = wording::wording(kind, content);
    DocumentView {
        kind,
        title: kind.title(),
        court_name: court.name.clone(),
        court_code: court.code.to_string(),
        date: format::court_date(content.hearing.hearing_date),
        addressee: w.addressee,
        defendant_name: format::name(content),
        date_of_birth: d.date_of_birth.map(format::plain_date),
        pnc_id: d.pnc_id.as_ref().map(ToString::to_string),
        asn: d.arrest_summons_number.as_ref().map(ToString::to_string),
        case_urn: content.case_urn.to_string(),
        crown_court_case_number: content.crown_court_case_number.clone(),
        prosecutor: content.prosecuting_authority.clone(),
        offences: content
            .offences
            .iter()
            .map(|o| OffenceLine {
                title: o.offence_title.clone(),
                code: o.offence_code.to_string(),
                date: format::plain_date(o.offence_date_from),
                plea_or_verdict: match (o.verdict, o.plea) {
                    (Some(VerdictValue::Guilty), _) => Some("Found guilty".into()),
                    (Some(VerdictValue::NotGuilty), _) => Some("Found not guilty".into()),
                    (None, Some(PleaValue::Guilty)) => Some("Pleaded guilty".into()),
                    (None, Some(PleaValue::NotGuilty)) => Some("Pleaded not guilty".into()),
                    (None, None) => None,
                },
                results: o.judicial_results.iter().map(format::result).collect(),
            })
            .collect(),
        conditions: format::conditions_shown(kind, content)
            .iter()
            .map(format::condition)
            .collect(),
        next_hearing: content.next_hearing.as_ref().map(format::next_hearing),
        wording_heading: w.heading,
        wording: w.lines,
        amendment: content.amendment.as_ref().map(|a| {
            format!(
                "Amended on {}: {}. This document replaces the one issued before.",
                format::plain_date(a.approved_on),
                a.reason.trim_end_matches('.')
            )
        }),
    }
}
