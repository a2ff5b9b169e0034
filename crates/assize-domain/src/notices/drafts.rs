//! Deciding the notices a recorded change requires: for each defendant and hearing the change
//! concerns, one notice per required recipient, carrying that defendant's whole set of results of
//! that hearing. The store writes them in the transaction that appends the events (outbox).

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use uuid::Uuid;

use super::content::{AmendmentNote, Facts, NoticeContent, build, defendant_concluded, results_at};
use super::kinds::{NoticeKind, Recipient, RecipientKind};
use super::routing::{RoutingTable, has_words};
use crate::case::{
    BailCondition, BailConditionKind, Case, CaseEvent, CustodyStatus, Defendant, RecordedResult,
};
use crate::ids::OuCode;

/// A notice to write: to whom, what kind, what it says, and its keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeDraft {
    /// Stable identity of this notice: `series/v<version>`. The same command on the same state
    /// gives the same key, so a retried command cannot write a second notice.
    pub key: String,
    /// `case/hearing/defendant/recipient`: every notice of one defendant's results of one hearing
    /// to one recipient, original and corrections.
    pub series: String,
    /// The case version the change produced (the event stream only grows, so a later notice of
    /// a series always has a higher version).
    pub version: i64,
    pub recipient: Recipient,
    pub kind: NoticeKind,
    /// The series whose latest earlier notice this one replaces (an amendment, or results added
    /// to a hearing already resulted). The store maps it to that notice's id; if the recipient
    /// had no earlier notice (it is newly concerned) there is nothing to replace. The key of the
    /// earlier notice itself is not derivable from the case state (which does not keep the
    /// version at which each result was recorded), hence the series.
    pub replaces: Option<String>,
    pub content: NoticeContent,
}

/// The recipients a defendant's results of a hearing must reach, from the case state and the
/// routing alone: the parties (the charging force, the prosecutor, the defendant's firm on
/// record) for any result, and each agency the routing gives one of the results to. This is the
/// rule reconciliation checks every recorded result against. Recipients that follow from the
/// change rather than the codes (the custodian of a defendant in custody, electronic monitoring
/// of tagged bail, the Legal Aid Agency when proceedings conclude) are decided by `notices_for`.
pub fn required_recipients(
    case: &Case,
    defendant_id: Uuid,
    hearing_id: Uuid,
    routing: &RoutingTable,
) -> BTreeSet<Recipient> {
    let Some(d) = case.defendant(defendant_id) else {
        return BTreeSet::new();
    };
    d.offences
        .iter()
        .flat_map(|o| results_at(&o.results, hearing_id))
        .flat_map(|r| result_recipients(case, d, r, routing))
        .collect()
}

/// The recipients one recorded result must reach: the parties, and the agencies the routing
/// gives its code to. A notice carries every result of the defendant at the hearing, so a
/// recipient required by any one of them receives them all.
pub fn result_recipients(
    case: &Case,
    defendant: &Defendant,
    result: &RecordedResult,
    routing: &RoutingTable,
) -> BTreeSet<Recipient> {
    let mut out: BTreeSet<Recipient> = parties(case, defendant).into_iter().collect();
    out.extend(
        routing
            .kinds_for(&result.code)
            .into_iter()
            .filter(|k| !k.is_party())
            .map(Recipient::agency),
    );
    out
}

fn parties(case: &Case, d: &Defendant) -> Vec<Recipient> {
    let mut v = vec![
        Recipient {
            kind: RecipientKind::PoliceForce,
            org_id: Some(case.charging_force.id),
        },
        Recipient {
            kind: RecipientKind::ProsecutingAuthority,
            org_id: Some(case.prosecuting_authority.id),
        },
    ];
    if let Some(firm) = &d.defence {
        v.push(Recipient {
            kind: RecipientKind::DefenceFirm,
            org_id: Some(firm.id),
        });
    }
    v
}

/// The entry for a defendant and hearing, added in the order first met.
fn touch(touched: &mut Vec<((Uuid, Uuid), Touch)>, d: Uuid, h: Uuid) -> &mut Touch {
    let i = match touched.iter().position(|(k, _)| *k == (d, h)) {
        Some(i) => i,
        None => {
            touched.push(((d, h), Touch::default()));
            touched.len() - 1
        }
    };
    &mut touched[i].1
}

/// What the events say about one defendant at one hearing.
#[derive(Default)]
struct Touch {
    bail: bool,
    sent_to: Option<OuCode>,
    amendment: Option<AmendmentNote>,
}

/// The notices a change requires: `events` are what one command recorded, taking the case from
/// `before` to `after`. Pleas, indications, allocation and attendance alone notify nobody; a
/// result, a verdict, a bail or remand decision, a sending, an adjournment of a defendant in
/// custody, or an approved amendment do. One notice per (recipient, defendant, hearing).
pub fn notices_for(
    before: &Case,
    after: &Case,
    events: &[CaseEvent],
    routing: &RoutingTable,
) -> Vec<NoticeDraft> {
    let mut touched: Vec<((Uuid, Uuid), Touch)> = Vec::new();
    let mut adjourned: HashMap<Uuid, (Uuid, String)> = HashMap::new();
    for e in events {
        match e {
            CaseEvent::ResultRecorded {
                defendant_id,
                result,
                ..
            } => {
                touch(&mut touched, *defendant_id, result.hearing_id);
            }
            CaseEvent::VerdictRecorded {
                defendant_id,
                hearing_id,
                ..
            } => {
                touch(&mut touched, *defendant_id, *hearing_id);
            }
            CaseEvent::BailDecided {
                defendant_id,
                hearing_id,
                ..
            } => touch(&mut touched, *defendant_id, *hearing_id).bail = true,
            CaseEvent::SentToCrownCourt {
                defendant_id,
                hearing_id,
                crown_court_ou,
                ..
            } => {
                touch(&mut touched, *defendant_id, *hearing_id).sent_to =
                    Some(crown_court_ou.clone())
            }
            CaseEvent::HearingAdjourned {
                hearing_id,
                next_hearing_id,
                reason,
            } => {
                adjourned.insert(*hearing_id, (*next_hearing_id, reason.clone()));
                // Someone held in custody must be produced at the next hearing: the remand
                // continues, and the custodian and the parties are told. Someone convicted and
                // adjourned for reports: probation is asked for one.
                for d in after.defendants.iter().filter(|d| {
                    d.custody_status == CustodyStatus::InCustody || reports_requested(d, reason)
                }) {
                    touch(&mut touched, d.id, *hearing_id);
                }
            }
            CaseEvent::ResultAmendmentApproved {
                amendment_id, date, ..
            } => {
                let Some(a) = before
                    .pending_amendments
                    .iter()
                    .find(|a| a.id == *amendment_id)
                else {
                    continue;
                };
                let hearing = before
                    .defendant(a.defendant_id)
                    .and_then(|d| d.offence(a.offence_id))
                    .and_then(|o| o.results.iter().find(|r| r.id == a.result_id))
                    .map(|r| r.hearing_id);
                if let Some(h) = hearing {
                    touch(&mut touched, a.defendant_id, h).amendment = Some(AmendmentNote {
                        reason: a.reason.clone(),
                        approved_on: *date,
                    });
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for ((d_id, h_id), t) in touched {
        let (Some(d), Some(d_before), Some(h)) = (
            after.defendant(d_id),
            before.defendant(d_id),
            after.hearing(h_id),
        ) else {
            continue;
        };
        let now = required_recipients(after, d_id, h_id, routing);
        let earlier = required_recipients(before, d_id, h_id, routing);
        let mut recipients: BTreeSet<Recipient> = parties(after, d).into_iter().collect();
        recipients.extend(now.iter().copied());
        let mut facts = Facts {
            sent_to: t.sent_to.clone(),
            next_hearing: adjourned.get(&h_id).map(|(next, _)| *next),
            ..Facts::default()
        };
        if let Some(note) = &t.amendment {
            // Whoever had the result before must hear it changed (a fine replaced by custody
            // still concerns fines enforcement), and whoever the new result concerns; the
            // custodian of a defendant held now.
            recipients.extend(earlier.iter().copied());
            if d.custody_status == CustodyStatus::InCustody {
                recipients.insert(Recipient::agency(RecipientKind::Prison));
            }
            facts.amendment = Some(note.clone());
        } else {
            let was_in_custody = d_before.custody_status == CustodyStatus::InCustody;
            let in_custody = d.custody_status == CustodyStatus::InCustody;
            let concluded_now = defendant_concluded(d) && !defendant_concluded(d_before);
            let custodial_result = now.contains(&Recipient::agency(RecipientKind::Prison));
            facts.released =
                was_in_custody && (!in_custody || (concluded_now && !custodial_result));
            if in_custody || facts.released {
                recipients.insert(Recipient::agency(RecipientKind::Prison));
            }
            if t.bail && (tagged(&d_before.bail_conditions) || tagged(&d.bail_conditions)) {
                recipients.insert(Recipient::agency(RecipientKind::ElectronicMonitoring));
            }
            if concluded_now {
                recipients.insert(Recipient::agency(RecipientKind::LegalAidAgency));
            }
            if adjourned
                .get(&h_id)
                .is_some_and(|(_, reason)| reports_requested(d, reason))
            {
                recipients.insert(Recipient::agency(RecipientKind::Probation));
            }
        }
        let content = build(after, d, h, &facts);
        let had_results = !earlier.is_empty();
        for r in recipients {
            let series = format!("{}/{h_id}/{d_id}/{}", after.id, r.slot());
            let kind = if t.amendment.is_some() {
                NoticeKind::AmendedResults
            } else if r.kind == RecipientKind::Prison && facts.released {
                NoticeKind::Release
            } else {
                NoticeKind::Results
            };
            let replaces = (had_results && earlier.contains(&r)).then(|| series.clone());
            out.push(NoticeDraft {
                key: format!("{series}/v{}", after.version),
                series,
                version: after.version,
                recipient: r,
                kind,
                replaces,
                content: content.clone(),
            });
        }
    }
    out
}

/// Bail conditions that put a tag on the defendant: an electronic monitoring condition, or a
/// curfew whose details say it is electronically monitored.
fn tagged(conditions: &[BailCondition]) -> bool {
    conditions.iter().any(|c| match c.kind {
        BailConditionKind::ElectronicMonitoring => true,
        BailConditionKind::Curfew => {
            let t = c.details.to_lowercase();
            ["tag", "tagged", "electronic", "electronically"]
                .iter()
                .any(|w| has_words(&t, w))
        }
        _ => false,
    })
}

/// A convicted defendant adjourned for reports: probation prepares the pre-sentence report.
/// There is no CJS result code for the request, so the adjournment reason's words decide
/// ("report", as in "for a pre-sentence report", "for reports") — a heuristic until the request
/// is recorded as such.
fn reports_requested(d: &Defendant, reason: &str) -> bool {
    d.offences
        .iter()
        .any(|o| o.stage == crate::case::OffenceStage::Convicted)
        && reason.to_lowercase().contains("report")
}
