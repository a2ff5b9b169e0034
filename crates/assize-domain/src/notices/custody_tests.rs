//! Custody: sending in custody, release on a disposal, and what the custodian is told.

use serde_json::json;

use super::test_world::{World, defendant, kinds_for_defendant};
use super::*;
use crate::case::CustodyStatus;
use RecipientKind::*;

#[test]
fn sending_for_trial_in_custody_goes_to_prison_with_the_crown_court() {
    let mut w = World::new(vec![defendant("Nowak", "in_custody", &["OF61016"])]);
    let d = w.d(0);
    let n = w.outcome(json!({
        "defendants": [{"defendant_id": d, "attendance": "by_video_link",
            "sending": {"crown_court_ou": "C01BL00", "case_number": "T20267001"},
            "bail": {"status": "in_custody", "conditions": []}}],
        "adjournment": {"reason": "Sent for trial: PTPH",
            "next_hearing": {"court_ou": "C01BL00", "hearing_date": "2026-12-23",
                "hearing_type": "PDH"}}
    }));
    assert_eq!(
        kinds_for_defendant(&n, d),
        vec![PoliceForce, ProsecutingAuthority, Prison]
    );
    let prison = n.iter().find(|n| n.recipient.kind == Prison).unwrap();
    assert_eq!(prison.kind, NoticeKind::Results);
    let c = &prison.content;
    assert_eq!(
        c.sent_to_crown_court.as_ref().unwrap().code.as_str(),
        "C01BL00"
    );
    assert_eq!(c.crown_court_case_number.as_deref(), Some("T20267001"));
    assert_eq!(c.bail_status, CustodyStatus::InCustody);
    assert_eq!(
        c.next_hearing.as_ref().unwrap().court_centre.code.as_str(),
        "C01BL00"
    );
}

#[test]
fn a_withdrawal_for_a_defendant_in_custody_is_a_release_and_a_case_outcome() {
    let mut w = World::new(vec![defendant("Nowak", "in_custody", &["CJ88116"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let n = w.outcome(json!({"defendants": [{"defendant_id": d,
        "offences": [{"offence_id": o, "withdrawal": "withdrawn"}]}]}));
    assert_eq!(
        kinds_for_defendant(&n, d),
        vec![PoliceForce, ProsecutingAuthority, Prison, LegalAidAgency]
    );
    let prison = n.iter().find(|n| n.recipient.kind == Prison).unwrap();
    assert_eq!(prison.kind, NoticeKind::Release);
    assert!(prison.content.released_from_custody && prison.content.proceedings_concluded);
    let r = &prison.content.offences[0].judicial_results[0];
    assert_eq!(r.cjs_code.as_str(), "2063");
}

#[test]
fn a_custodial_sentence_of_a_defendant_in_custody_is_not_a_release() {
    let mut w = World::new(vec![defendant("Nowak", "in_custody", &["CJ88116"])]);
    let (d, o) = (w.d(0), w.o(0, 0));
    let n = w.outcome(json!({"defendants": [{"defendant_id": d, "offences": [
        {"offence_id": o, "plea": "guilty",
         "results": [{"code": "1002", "duration": {"value": 12, "unit": "weeks"}}]}
    ]}]}));
    let prison = n.iter().find(|n| n.recipient.kind == Prison).unwrap();
    assert_eq!(prison.kind, NoticeKind::Results);
    assert!(!prison.content.released_from_custody);
    // Every recipient has exactly one notice for the defendant at this hearing.
    let mut series: Vec<_> = n.iter().map(|n| n.series.clone()).collect();
    series.sort();
    series.dedup();
    assert_eq!(series.len(), n.len());
    assert!(
        n.iter()
            .all(|n| n.key == format!("{}/v{}", n.series, w.case.version))
    );
    // Reconciliation's rule: every result has a notice for each recipient it requires.
    let d = &w.case.defendants[0];
    for r in &d.offences[0].results {
        for to in result_recipients(&w.case, d, r, &RoutingTable::defaults()) {
            assert!(
                n.iter().any(|n| n.recipient == to
                    && n.content.offences.iter().any(|o| o
                        .judicial_results
                        .iter()
                        .any(|x| x.judicial_result_id == r.id))),
                "{to:?} has no notice of {}",
                r.code
            );
        }
    }
}
