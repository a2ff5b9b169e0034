//! Which notices a real resulting command produces, for whom, with what.

use serde_json::json;
use uuid::Uuid;

use super::test_world::{World, defendant, kinds_for_defendant, org};
use super::*;
use crate::case::commands::{AmendmentDecision, ResultAmendment};
use crate::case::{CustodyStatus, decide};
use RecipientKind::*;

fn off(id: Uuid) -> serde_json::Value {
    json!({"offence_id": id})
}

fn adjourn(reason: &str) -> serde_json::Value {
    json!({"reason": reason, "next_hearing": {"court_ou": "B01BE00", "hearing_date": "2027-01-08"}})
}

#[test]
fn a_custodial_sentence_goes_to_prison_and_no_firm_means_no_defence_notice() {
    let mut w = World::new(vec![defendant("Nowak", "conditional_bail", &["TH68010"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let mut offence = off(o);
    offence["indicated_plea"] = json!("guilty");
    offence["results"] = json!([{"code": "1002", "duration": {"value": 6, "unit": "months"}}]);
    let n = w.outcome(json!({"defendants": [{"defendant_id": d, "offences": [offence]}]}));
    assert_eq!(
        kinds_for_defendant(&n, d),
        vec![PoliceForce, ProsecutingAuthority, Prison, LegalAidAgency]
    );
    assert!(
        n.iter()
            .all(|n| n.kind == NoticeKind::Results && n.replaces.is_none())
    );
    let police = n.iter().find(|n| n.recipient.kind == PoliceForce).unwrap();
    assert_eq!(police.recipient.org_id, Some(w.case.charging_force.id));
    let c = &police.content;
    assert_eq!(c.case_urn.as_str(), "01AB1234526");
    assert_eq!(c.hearing.court_centre.code.as_str(), "B01BE00");
    assert_eq!(c.offences[0].offence_code.as_str(), "TH68010");
    let r = &c.offences[0].judicial_results[0];
    assert_eq!((r.cjs_code.as_str(), r.is_final), ("1002", true));
    assert!(c.proceedings_concluded);
    let prison = n.iter().find(|n| n.recipient.kind == Prison).unwrap();
    assert_eq!(prison.recipient.org_id, None, "resolved by the store");
    // The JSON body uses the documented names.
    let body = serde_json::to_value(c).unwrap();
    assert_eq!(
        body["offences"][0]["judicial_results"][0]["cjs_code"],
        "1002"
    );
    assert_eq!(body["defendant"]["given_names"], "Zoë");
}

#[test]
fn a_remand_in_custody_goes_to_prison_with_the_next_hearing() {
    let mut w = World::new(vec![defendant("Nowak", "unconditional_bail", &["CJ88116"])]);
    w.associate(0, org("Firm A", 10));
    let (d, o) = (w.d(0), w.o(0, 0));
    let mut offence = off(o);
    offence["plea"] = json!("not_guilty");
    let n = w.outcome(json!({
        "defendants": [{"defendant_id": d, "offences": [offence],
            "bail": {"status": "in_custody", "conditions": []}}],
        "adjournment": adjourn("For summary trial")
    }));
    assert_eq!(
        kinds_for_defendant(&n, d),
        vec![PoliceForce, ProsecutingAuthority, DefenceFirm, Prison]
    );
    let firm = n.iter().find(|n| n.recipient.kind == DefenceFirm).unwrap();
    assert_eq!(firm.recipient.org_id, Some(Uuid::from_u128(10)));
    let c = &firm.content;
    assert_eq!(c.bail_status, CustodyStatus::InCustody);
    let next = c.next_hearing.as_ref().expect("adjourned");
    assert_eq!(next.hearing_date.to_string(), "2027-01-08");
    assert_eq!(next.court_centre.code.as_str(), "B01BE00");
    assert!(c.offences[0].judicial_results.is_empty());
}

#[test]
fn bail_with_an_electronic_curfew_releases_from_custody_and_goes_to_em() {
    let mut w = World::new(vec![defendant("Nowak", "in_custody", &["CJ88116"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let mut offence = off(o);
    offence["plea"] = json!("not_guilty");
    let n = w.outcome(json!({
        "defendants": [{"defendant_id": d, "offences": [offence],
            "bail": {"status": "conditional_bail", "conditions": [
                {"kind": "curfew", "details": "19:00 to 07:00 at home address"},
                {"kind": "electronic_monitoring", "details": "Electronically monitored curfew"}
            ]}}],
        "adjournment": adjourn("For summary trial")
    }));
    assert_eq!(
        kinds_for_defendant(&n, d),
        vec![
            PoliceForce,
            ProsecutingAuthority,
            Prison,
            ElectronicMonitoring
        ]
    );
    let prison = n.iter().find(|n| n.recipient.kind == Prison).unwrap();
    assert_eq!(prison.kind, NoticeKind::Release);
    assert!(prison.content.released_from_custody);
    let em = n
        .iter()
        .find(|n| n.recipient.kind == ElectronicMonitoring)
        .unwrap();
    assert_eq!(em.kind, NoticeKind::Results);
    assert_eq!(em.content.bail_conditions.len(), 2);
}

#[test]
fn a_co_defendants_results_do_not_go_to_the_other_defendants_firm() {
    let mut w = World::new(vec![
        defendant("Nowak", "unconditional_bail", &["CJ88116", "CJ88116"]),
        defendant("Smith", "unconditional_bail", &["CJ88116"]),
    ]);
    w.associate(0, org("Firm A", 10));
    w.associate(1, org("Firm B", 11));
    let (a, b) = (w.d(0), w.d(1));
    let fined = |id: Uuid| {
        json!({"offence_id": id, "plea": "guilty",
            "results": [{"code": "3117", "amount_pence": 2000}, {"code": "1015", "amount_pence": 20000}]})
    };
    let n = w.outcome(json!({"defendants": [
        {"defendant_id": a, "offences": [fined(w.o(0, 0)), fined(w.o(0, 1))]},
        {"defendant_id": b, "offences": [fined(w.o(1, 0))]}
    ]}));
    let expected = vec![
        PoliceForce,
        ProsecutingAuthority,
        DefenceFirm,
        LegalAidAgency,
        FinesEnforcement,
    ];
    assert_eq!(kinds_for_defendant(&n, a), expected);
    assert_eq!(kinds_for_defendant(&n, b), expected);
    for (firm, client) in [(10, a), (11, b)] {
        let to_firm: Vec<_> = n
            .iter()
            .filter(|n| n.recipient.org_id == Some(Uuid::from_u128(firm)))
            .collect();
        assert_eq!(to_firm.len(), 1, "one notice per defendant and hearing");
        assert_eq!(to_firm[0].content.defendant.defendant_id, client);
    }
    // One notice carries the defendant's whole set of results of the hearing.
    let fines = n
        .iter()
        .find(|n| n.recipient.kind == FinesEnforcement && n.content.defendant.defendant_id == a)
        .unwrap();
    let codes: Vec<_> = fines
        .content
        .offences
        .iter()
        .flat_map(|o| o.judicial_results.iter().map(|r| r.cjs_code.as_str()))
        .collect();
    assert_eq!(codes, ["3117", "1015", "3117", "1015"]);
}

#[test]
fn an_approved_amendment_sends_amended_notices_replacing_the_originals() {
    let mut w = World::new(vec![defendant("Nowak", "conditional_bail", &["CJ88116"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let original = w.outcome(json!({"defendants": [{"defendant_id": d, "offences": [
        {"offence_id": o, "plea": "guilty", "results": [{"code": "1015", "amount_pence": 5000}]}
    ]}]}));
    let result_id = w.case.defendants[0].offences[0].results[0].id;
    let amend: ResultAmendment = serde_json::from_value(json!({
        "defendant_id": d, "offence_id": o, "result_id": result_id,
        "result": {"code": "1002", "duration": {"value": 4, "unit": "weeks"}},
        "reason": "Keying error: the bench imposed custody"
    }))
    .unwrap();
    assert!(
        w.notices(|c, ctx| decide::propose_amendment(c, &amend, ctx))
            .is_empty()
    );
    let aid = w.case.pending_amendments[0].id;
    w.actor = Uuid::from_u128(8);
    let amended = w.notices(|c, ctx| {
        decide::decide_amendment(c, aid, &AmendmentDecision { approve: true }, ctx)
    });
    assert_eq!(
        kinds_for_defendant(&amended, d),
        vec![
            PoliceForce,
            ProsecutingAuthority,
            Prison,
            LegalAidAgency,
            FinesEnforcement
        ]
    );
    for n in &amended {
        assert_eq!(n.kind, NoticeKind::AmendedResults);
        let before = original.iter().find(|o| o.recipient == n.recipient);
        match n.recipient.kind {
            // Newly concerned: nothing to replace.
            Prison => assert!(before.is_none() && n.replaces.is_none()),
            _ => {
                let before = before.expect("had the original");
                assert_eq!(n.replaces.as_deref(), Some(before.series.as_str()));
                assert!(n.key != before.key && n.version > before.version);
            }
        }
        let r = &n.content.offences[0].judicial_results[0];
        assert_eq!(
            (r.judicial_result_id, r.cjs_code.as_str(), r.amended),
            (result_id, "1002", true)
        );
        assert!(
            n.content
                .amendment
                .as_ref()
                .unwrap()
                .reason
                .starts_with("Keying error")
        );
    }
}

#[test]
fn a_plea_alone_notifies_nobody_and_a_retry_gives_the_same_keys() {
    let mut w = World::new(vec![defendant("Nowak", "unconditional_bail", &["CJ88116"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let plea = json!({
        "defendants": [{"defendant_id": d, "attendance": "in_person",
            "offences": [{"offence_id": o, "plea": "not_guilty"}]}],
        "adjournment": adjourn("For summary trial")
    });
    let mut retry = World::new(vec![defendant("Nowak", "unconditional_bail", &["CJ88116"])]);
    assert!(w.outcome(plea).is_empty());
    // A convicted defendant adjourned for reports: probation is asked for a report.
    let sentence_later = json!({"defendants": [{"defendant_id": retry.d(0),
        "offences": [{"offence_id": retry.o(0, 0), "plea": "guilty"}]}],
        "adjournment": adjourn("For a pre-sentence report")});
    let mut again = World::new(vec![defendant("Nowak", "unconditional_bail", &["CJ88116"])]);
    let first = retry.outcome(sentence_later.clone());
    assert_eq!(
        kinds_for_defendant(&first, retry.d(0)),
        vec![PoliceForce, ProsecutingAuthority, Probation]
    );
    let second = again.outcome(sentence_later);
    let keys = |n: &[NoticeDraft]| n.iter().map(|n| n.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&first), keys(&second));
}
