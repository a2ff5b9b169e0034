//! Printable orders, warrants and notices: a remand in custody gives a remand warrant and
//! conditional bail a bail conditions notice, listed on the case's documents page for the court
//! and the prosecution, opened from the notice sent, refused (404) to those who may not see the
//! defendant, and every opening access-logged.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::*;

const A: Side = Side::A;

#[tokio::test]
async fn a_remand_gives_a_printable_warrant_and_bail_a_conditions_notice() {
    let app = TestApp::spawn().await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB1000126",
            &[
                ("Zoë O'Brien", &["TH68010"], "conditional_bail"),
                ("Christopher Nowak", &["TH68010"], "conditional_bail"),
            ],
        ))
        .await;
    let view = app.court_view(case).await;
    let d = |i: usize| {
        view["case"]["defendants"][i]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let o = |i: usize| {
        view["case"]["defendants"][i]["offences"][0]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let h = view["case"]["hearings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let outcome = json!({
        "defendants": [
            {"defendant_id": d(0), "attendance": "in_person",
             "offences": [{"offence_id": o(0), "indicated_plea": "not_guilty", "allocation": "summary_trial", "plea": "not_guilty"}],
             "bail": {"status": "in_custody"}},
            {"defendant_id": d(1), "attendance": "in_person",
             "offences": [{"offence_id": o(1), "indicated_plea": "not_guilty", "allocation": "summary_trial", "plea": "not_guilty"}],
             "bail": {"status": "conditional_bail", "conditions": [{"kind": "curfew", "details": "Curfew 19:00 to 07:00 at 4 Hidden Lane"}]}}
        ],
        "adjournment": {"reason": "For summary trial", "next_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(30), "hearing_type": "TRIAL"}}
    });
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{h}/outcome"),
            v,
            Some(&outcome),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let clerk = app.signed_in(Role::LegalAdviser, A).await;
    let case_page = clerk.get(&format!("/cases/{case}")).await;
    assert!(
        case_page.has(&format!("a[href='/cases/{case}/documents']")),
        "linked from the case"
    );
    let list = clerk.get(&format!("/cases/{case}/documents")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let links: Vec<String> = list
        .all("[data-test=document-link]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        links.iter().any(|l| l.ends_with("/remand_warrant")),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l.ends_with("/bail_conditions_notice")),
        "{links:?}"
    );
    assert_eq!(
        links.len(),
        links
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        "each once: {links:?}"
    );

    let warrant = links
        .iter()
        .find(|l| l.ends_with("/remand_warrant"))
        .unwrap();
    let doc = clerk.get(warrant).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.text.contains("O'Brien")
            || doc.text.contains("O&#x27;Brien")
            || doc.text.contains("O&#39;Brien"),
        "names the defendant"
    );
    assert!(doc.text.contains("01AB1000126"));
    assert!(!doc.text.contains("Nowak"), "one defendant's warrant");
    let notice = clerk
        .get(
            links
                .iter()
                .find(|l| l.ends_with("/bail_conditions_notice"))
                .unwrap(),
        )
        .await;
    assert!(
        notice.text.contains("Curfew 19:00 to 07:00"),
        "the conditions"
    );
    // A document the notice does not need, and a reader who may not see the defendant: 404.
    let wrong = warrant.replace("/remand_warrant", "/warrant_of_commitment");
    assert_eq!(clerk.get(&wrong).await.status, StatusCode::NOT_FOUND);
    let other_court = app.signed_in(Role::LegalAdviser, Side::B).await;
    assert_eq!(other_court.get(warrant).await.status, StatusCode::NOT_FOUND);
    let agency = app.signed_in(Role::AgencyOfficer, A).await;
    assert_eq!(agency.get(warrant).await.status, StatusCode::NOT_FOUND);

    // The operators reach the custodian's documents from its notices.
    let prison = crate::notices_feed::recipient(&app, (Role::Auditor, A), "prison")
        .await
        .expect("the custodian of a remanded defendant is told");
    let operator = app.signed_in(Role::Auditor, A).await;
    let page = operator
        .get(&format!(
            "/admin/notices/recipients/{}",
            prison["recipient_id"].as_str().unwrap()
        ))
        .await;
    let doc = page
        .all("a[data-test=notice-document]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .find(|h| h.ends_with("/remand_warrant"))
        .expect("the remand warrant linked from the custodian's notice");
    assert_eq!(operator.get(&doc).await.status, StatusCode::OK);

    // The prosecution sees the same documents; the opening is logged.
    let cps = app.signed_in(Role::Prosecutor, A).await;
    assert_eq!(cps.get(warrant).await.status, StatusCode::OK);
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}&limit=500"),
        )
        .await;
    let opened = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "notice_document_read")
        .count();
    assert_eq!(opened, 4, "{}", log.body);
}
