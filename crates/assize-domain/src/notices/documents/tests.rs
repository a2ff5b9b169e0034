//! Which documents real resulting commands need, and what they say.

use serde_json::{Value, json};

use super::super::test_world::{World, defendant};
use super::super::{NoticeContent, NoticeDraft, NoticeKind, RecipientKind, RoutingTable};
use super::*;
use crate::refdata::RefData;
use DocumentKind::*;

/// The notice to `kind` of the first defendant after recording `outcome`.
fn notice(custody: &str, code: &str, outcome: impl FnOnce(&World) -> Value) -> Vec<NoticeDraft> {
    let mut w = World::new(vec![defendant("Nowak", custody, &[code])]);
    let o = outcome(&w);
    w.outcome(o)
}

fn to(n: &[NoticeDraft], kind: RecipientKind) -> &NoticeDraft {
    n.iter().find(|n| n.recipient.kind == kind).expect("notice")
}

fn docs(n: &NoticeDraft) -> Vec<DocumentKind> {
    documents_for(n.kind, &n.content)
}

fn sentenced(custody: &str, results: Value) -> NoticeContent {
    let n = notice(custody, "CJ88116", |w| {
        json!({"defendants": [{"defendant_id": w.d(0), "offences": [
            {"offence_id": w.o(0, 0), "plea": "guilty", "results": results}]}]})
    });
    to(&n, RecipientKind::PoliceForce).content.clone()
}

const NEXT: &str = "2027-01-08";

fn adjourned(custody: &str, bail: Value, results: Value) -> Vec<NoticeDraft> {
    notice(custody, "CJ88116", |w| {
        json!({"defendants": [{"defendant_id": w.d(0), "bail": bail, "offences": [
            {"offence_id": w.o(0, 0), "plea": "not_guilty", "results": results}]}],
         "adjournment": {"reason": "For summary trial",
            "next_hearing": {"court_ou": "B01BE00", "hearing_date": NEXT}}})
    })
}

#[test]
fn kinds_round_trip_and_have_the_courts_titles() {
    for k in DocumentKind::ALL {
        assert_eq!(DocumentKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(DocumentKind::parse("warrant"), None);
    assert_eq!(WarrantOfCommitment.title(), "Warrant of commitment");
}

#[test]
fn imprisonment_needs_a_warrant_of_commitment_only() {
    let c = sentenced(
        "conditional_bail",
        json!([{"code": "1002", "duration": {"value": 6, "unit": "months"}}]),
    );
    assert_eq!(
        documents_for(NoticeKind::Results, &c),
        vec![WarrantOfCommitment]
    );
    let v = document(WarrantOfCommitment, &c);
    assert_eq!(v.title, "Warrant of commitment");
    assert_eq!(v.date, "Friday 27 November 2026");
    assert_eq!(v.date_of_birth.as_deref(), Some("1 January 1990"));
    assert_eq!(v.offences[0].results, ["Imprisonment: 6 months (1002)"]);
    assert_eq!(
        v.offences[0].plea_or_verdict.as_deref(),
        Some("Pleaded guilty")
    );
    assert!(
        v.conditions.is_empty(),
        "a stale bail position is not printed"
    );
    let all = v.wording.join(" ");
    assert!(all.starts_with(&format!(
        "{} {}, born 1 January 1990, was sentenced by {}",
        "Zoë", "Nowak", v.court_name
    )));
    assert!(all.contains("governor of that prison") && all.contains("term of the sentence"));
    assert!(v.addressee.contains("Metropolitan Police Service"));
}

#[test]
fn a_fine_or_a_community_order_needs_no_warrant() {
    let fined = sentenced(
        "unconditional_bail",
        json!([{"code": "1015", "amount_pence": 123456}]),
    );
    assert!(documents_for(NoticeKind::Results, &fined).is_empty());
    let c = sentenced(
        "conditional_bail",
        json!([{"code": "1116", "duration": {"value": 12, "unit": "months"},
            "text": "Unpaid work requirement: 100 hours"}]),
    );
    assert_eq!(
        documents_for(NoticeKind::Results, &c),
        vec![CommunityOrderNotice]
    );
    let v = document(CommunityOrderNotice, &c);
    assert!(v.wording[0].contains(
        "made this order: Community Order: 12 months, Unpaid work requirement: 100 hours (1116)."
    ));
    assert!(v.wording[1].starts_with("The Probation Service supervises"));
    assert_eq!(v.addressee, "To Zoë Nowak.");
}

#[test]
fn a_remand_in_custody_needs_a_remand_warrant_to_the_next_hearing() {
    // The bail decision alone, and a remand code with it.
    for results in [json!([]), json!([{"code": "4531"}])] {
        let n = adjourned(
            "unconditional_bail",
            json!({"status": "in_custody", "conditions": []}),
            results,
        );
        let prison = to(&n, RecipientKind::Prison);
        assert_eq!(docs(prison), vec![RemandWarrant]);
        assert_eq!(
            docs(to(&n, RecipientKind::PoliceForce)),
            vec![RemandWarrant]
        );
        let v = document(RemandWarrant, &prison.content);
        assert_eq!(v.title, "Warrant of commitment on remand");
        assert!(v.wording[0].contains("charged with the offences"));
        assert_eq!(v.wording[1], "The court remanded the defendant in custody.");
        assert!(
            v.wording[2]
                .contains("until Friday 8 January 2027, and then bring the defendant before")
        );
        assert!(
            v.next_hearing
                .as_deref()
                .unwrap()
                .contains("Friday 8 January 2027")
        );
        assert_eq!(
            v.offences[0].title,
            prison.content.offences[0].offence_title
        );
    }
}

#[test]
fn a_youth_is_remanded_to_youth_detention_accommodation() {
    let n = adjourned(
        "unconditional_bail",
        json!({"status": "in_custody", "conditions": []}),
        json!([]),
    );
    let mut c = to(&n, RecipientKind::Prison).content.clone();
    c.defendant.youth = true;
    let v = document(RemandWarrant, &c);
    assert!(v.wording[1].contains("youth detention accommodation"));
    assert!(v.wording[1].contains("section 91"));
    assert!(
        v.addressee
            .contains("person in charge of the youth detention accommodation")
    );
}

#[test]
fn sending_for_trial_in_custody_names_the_crown_court() {
    let n = notice("in_custody", "OF61016", |w| {
        json!({"defendants": [{"defendant_id": w.d(0), "sending": {"crown_court_ou": "C01BL00"},
                "bail": {"status": "in_custody", "conditions": []}}],
            "adjournment": {"reason": "Sent for trial: PTPH", "next_hearing":
                {"court_ou": "C01BL00", "hearing_date": "2026-12-23", "hearing_type": "PDH"}}})
    });
    let prison = to(&n, RecipientKind::Prison);
    assert_eq!(docs(prison), vec![RemandWarrant]);
    let v = document(RemandWarrant, &prison.content);
    let cc = &prison.content.sent_to_crown_court.as_ref().unwrap().name;
    assert!(v.wording[1].contains(&format!("sent the defendant for trial to {cc}")));
    assert!(v.wording[1].contains("section 51"));
    assert!(
        v.next_hearing
            .unwrap()
            .starts_with("Plea & Directions Hearing on Wednesday 23 December 2026")
    );
}

#[test]
fn conditional_bail_needs_a_bail_notice_and_a_release_for_the_custodian() {
    let bail = json!({"status": "conditional_bail", "conditions": [
        {"kind": "curfew", "details": "19:00 to 07:00 at home address"},
        {"kind": "surety", "details": "£500 by J. Nowak"}]});
    let n = adjourned("in_custody", bail, json!([]));
    let police = to(&n, RecipientKind::PoliceForce);
    assert_eq!(docs(police), vec![BailConditionsNotice]);
    let v = document(BailConditionsNotice, &police.content);
    assert_eq!(
        v.conditions,
        [
            "Curfew: 19:00 to 07:00 at home address",
            "Surety: £500 by J. Nowak"
        ]
    );
    assert!(v.wording[0].contains(&v.court_name));
    assert!(v.wording[1].contains("on Friday 8 January 2027"));
    assert!(v.wording.iter().any(|l| l.contains("section 6")));
    assert!(
        v.wording
            .iter()
            .any(|l| l.contains("arrested without a warrant"))
    );

    let prison = to(&n, RecipientKind::Prison);
    assert_eq!(prison.kind, NoticeKind::Release);
    assert_eq!(docs(prison), vec![ReleaseNotice]);
    let r = document(ReleaseNotice, &prison.content);
    assert_eq!(r.conditions.len(), 2);
    assert!(r.wording.iter().any(|l| l.contains("rule 14.4")));
    assert_eq!(
        r.wording.last().unwrap(),
        "Do not release the defendant until the surety has been taken."
    );
}

#[test]
fn a_withdrawal_releases_a_defendant_in_custody_and_needs_nothing_else() {
    let n = notice("in_custody", "CJ88116", |w| {
        json!({"defendants": [{"defendant_id": w.d(0),
            "offences": [{"offence_id": w.o(0, 0), "withdrawal": "withdrawn"}]}]})
    });
    assert!(docs(to(&n, RecipientKind::PoliceForce)).is_empty());
    let prison = to(&n, RecipientKind::Prison);
    assert_eq!(docs(prison), vec![ReleaseNotice]);
    let v = document(ReleaseNotice, &prison.content);
    assert!(v.wording[1].starts_with("Every offence on this case has been dealt with"));
    assert!(v.wording[0].contains("01AB1234526"));
}

#[test]
fn every_recordable_non_final_custodial_code_is_a_remand_or_committal() {
    // The claim the module documentation makes of the result code list.
    for row in RoutingTable::defaults().rows() {
        let custodial = row.defaults.contains(&RecipientKind::Prison);
        let recordable = !matches!(
            row.result_type,
            ResultType::Final | ResultType::Unclassified
        );
        if custodial && recordable {
            let d = row.label.to_lowercase();
            assert!(
                ["remand", "commit", "remit", "send"]
                    .iter()
                    .any(|w| d.contains(w)),
                "{} {}",
                row.cjs_code,
                row.label
            );
        }
    }
    assert!(RefData::global().results().len() > 800);
}

#[test]
fn a_suspended_sentence_is_served_in_the_community_and_an_amendment_says_so() {
    let mut c = sentenced(
        "unconditional_bail",
        json!([{"code": "1115", "duration": {"value": 1, "unit": "years"}, "amount_pence": 100}]),
    );
    assert_eq!(
        documents_for(NoticeKind::AmendedResults, &c),
        vec![CommunityOrderNotice]
    );
    c.amendment = Some(super::super::AmendmentNote {
        reason: "Wrong length entered.".into(),
        approved_on: jiff::civil::date(2026, 12, 1),
    });
    let v = document(CommunityOrderNotice, &c);
    assert!(v.wording[0].contains("Suspended Imprisonment: 1 year, £1.00 (1115)"));
    assert!(v.wording[2].contains("suspended sentence to take effect"));
    assert_eq!(
        v.amendment.as_deref(),
        Some(
            "Amended on 1 December 2026: Wrong length entered. This document replaces the one \
             issued before."
        )
    );
}
