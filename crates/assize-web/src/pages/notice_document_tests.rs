//! The printed documents, from notice content built as the notice feed carries it.

use assize_domain::notices::{DocumentKind, NoticeContent, NoticeKind, document, documents_for};
use serde_json::{Value, json};

use super::render_document;

/// A defendant's notice content: one offence, the given results, bail position and conditions.
fn content(status: &str, conditions: Value, results: Value) -> NoticeContent {
    serde_json::from_value(json!({
        "case_id": "00000000-0000-0000-0000-000000000001",
        "case_urn": "01AB1234526",
        "crown_court_case_number": null,
        "prosecuting_authority": "CPS London",
        "charging_force": "Metropolitan Police Service",
        "defendant": {
            "defendant_id": "00000000-0000-0000-0000-000000000002",
            "given_names": "Zoë", "family_name": "O'Brien <Nowak>",
            "date_of_birth": "1990-01-01", "arrest_summons_number": null,
            "pnc_id": null, "youth": false
        },
        "hearing": {
            "hearing_id": "00000000-0000-0000-0000-000000000003",
            "hearing_date": "2026-11-30", "hearing_type": "FH",
            "court_centre": {"code": "B01BE00", "name": "Bexley Magistrates' Court"}
        },
        "offences": [{
            "offence_id": "00000000-0000-0000-0000-000000000004",
            "offence_code": "TH68010", "offence_title": "Theft from a shop",
            "offence_date_from": "2026-11-01", "plea": "not_guilty", "verdict": null,
            "convicted": false, "judicial_results": results, "proceedings_concluded": false
        }],
        "bail_status": status,
        "bail_conditions": conditions,
        "released_from_custody": false,
        "sent_to_crown_court": null,
        "next_hearing": {
            "hearing_id": "00000000-0000-0000-0000-000000000005",
            "hearing_date": "2027-01-08", "hearing_type": "TRIAL",
            "court_centre": {"code": "B01BE00", "name": "Bexley Magistrates' Court"},
            "adjournment_reason": "For summary trial"
        },
        "proceedings_concluded": false,
        "amendment": null
    }))
    .expect("notice content")
}

fn render(kind: DocumentKind, c: &NoticeContent) -> String {
    assert!(documents_for(NoticeKind::Results, c).contains(&kind));
    render_document(&document(kind, c)).expect("renders")
}

/// What every printed document must have: one h1 (the document's name), the court heading, a
/// captioned table with header cells, the defendant escaped, and no inline style or script
/// (the pages' Content-Security-Policy allows neither).
fn assert_document(html: &str, title: &str) {
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(r#"<html lang="en-GB">"#));
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains(&format!(r#"<h1 class="govuk-heading-l">{title}</h1>"#)));
    assert!(html.contains("Bexley Magistrates&#39; Court <span"));
    assert!(html.contains("(court code B01BE00)"));
    assert!(html.contains("Monday 30 November 2026"));
    assert!(html.contains("Offences and results</caption>"));
    assert!(html.contains(r#"<th scope="row" class="govuk-table__header">Theft from a shop"#));
    assert!(html.contains("Zoë O&#39;Brien &#60;Nowak&#62;"));
    assert!(!html.contains("<Nowak>"), "the name is escaped");
    assert!(!html.contains("style=") && !html.contains("<style") && !html.contains("<script"));
    assert!(html.contains(r#"href="/assets/assize.css""#));
}

#[test]
fn a_remand_warrant_prints_the_warrant_and_the_next_hearing() {
    let c = content(
        "in_custody",
        json!([]),
        json!([{
            "judicial_result_id": "00000000-0000-0000-0000-000000000006",
            "cjs_code": "4531", "label": "Remand in Custody (Bail Refused)",
            "values": {"amount_pence": null, "duration": null, "penalty_points": null, "text": null},
            "is_final": false, "amended": false
        }]),
    );
    let html = render(DocumentKind::RemandWarrant, &c);
    assert_document(&html, "Warrant of commitment on remand");
    assert!(html.contains(r#"data-kind="remand_warrant""#));
    assert!(html.contains("<li>Remand in Custody (Bail Refused) (4531)</li>"));
    assert!(html.contains("To every constable of the Metropolitan Police Service"));
    assert!(html.contains("Trial on Friday 8 January 2027 at Bexley Magistrates"));
    assert!(html.contains("The court remanded the defendant in custody."));
    assert!(!html.contains("Conditions of bail"));
}

#[test]
fn a_bail_conditions_notice_prints_the_conditions_and_the_consequences() {
    let c = content(
        "conditional_bail",
        json!([{"kind": "curfew", "details": "19:00 to 07:00 at 1 High Street"},
               {"kind": "no_contact", "details": "Not to contact A. Witness"}]),
        json!([]),
    );
    let html = render(DocumentKind::BailConditionsNotice, &c);
    assert_document(&html, "Notice of bail conditions");
    assert!(html.contains(r#"<h2 class="govuk-heading-m">Conditions of bail</h2>"#));
    assert!(html.contains("<li>Curfew: 19:00 to 07:00 at 1 High Street</li>"));
    assert!(html.contains("<li>No contact: Not to contact A. Witness</li>"));
    assert!(html.contains("No result at this hearing"));
    assert!(html.contains("Bail Act 1976, section 6"));
    assert!(html.contains("What you must do</h2>"));
}
