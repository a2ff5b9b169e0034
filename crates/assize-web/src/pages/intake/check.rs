//! "Check the case before sending it" (the GOV.UK check-your-answers pattern): the case exactly as
//! the domain decided it from the form — court and offence names from the reference data, the
//! custody status, the first hearing — with "Send case" to record it and "Change" to go back
//! with everything kept. The form's values travel in hidden fields; sending checks them again.

use askama::Template;
use assize_domain::case::Case;

use crate::format::{date, words};
use crate::page::Chrome;
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "intake_check.html")]
pub struct CheckPage {
    chrome: Chrome,
    case_rows: Vec<(String, String)>,
    defendants: Vec<(String, Vec<(String, String)>)>,
    hearing_rows: Vec<(String, String)>,
    /// The form's fields, carried to "Send case" and "Change".
    hidden: Vec<(String, String)>,
}

fn defendant_rows(d: &assize_domain::case::Defendant) -> Vec<(String, String)> {
    let mut rows = vec![("Name".to_string(), d.name.full())];
    if let Some(dob) = d.date_of_birth {
        rows.push(("Date of birth".into(), date(dob)));
    }
    if let Some(a) = &d.address {
        let mut text = a.lines.join(", ");
        if let Some(p) = &a.postcode {
            text.push_str(&format!(", {p}"));
        }
        rows.push(("Address".into(), text));
    }
    if let Some(a) = &d.asn {
        rows.push(("ASN".into(), a.to_string()));
    }
    if let Some(p) = &d.pnc_id {
        rows.push(("PNC ID".into(), p.to_string()));
    }
    rows.push(("Custody or bail".into(), words(&d.custody_status)));
    for (n, o) in d.offences.iter().enumerate() {
        let dates = match o.offence_date_to {
            Some(to) => format!("{} to {}", date(o.offence_date_from), date(to)),
            None => date(o.offence_date_from),
        };
        rows.push((
            format!("Offence {}", n + 1),
            format!(
                "{} {} ({}). {} {}",
                o.code,
                o.title,
                words(&o.mode_of_trial).to_lowercase(),
                o.wording,
                dates
            ),
        ));
    }
    rows
}

pub fn page(viewer: &Viewer, case: &Case, pairs: &[(String, String)]) -> CheckPage {
    let hearing_rows = case
        .hearings
        .first()
        .map(|h| {
            vec![
                ("Court".to_string(), h.court_name.clone()),
                ("Date".to_string(), date(h.hearing_date)),
                (
                    "Type".to_string(),
                    assize_domain::refdata::RefData::global()
                        .hearing_type(&h.hearing_type)
                        .map_or(h.hearing_type.clone(), |t| t.description.clone()),
                ),
            ]
        })
        .unwrap_or_default();
    CheckPage {
        chrome: viewer.chrome("Check the case before sending it", "/cases/new"),
        case_rows: vec![
            ("URN".into(), case.urn.to_string()),
            ("Started by".into(), words(&case.initiation_type)),
            ("Prosecutor".into(), case.prosecuting_authority.name.clone()),
            ("Police force".into(), case.charging_force.name.clone()),
        ],
        defendants: case
            .defendants
            .iter()
            .map(|d| (d.name.full(), defendant_rows(d)))
            .collect(),
        hearing_rows,
        hidden: pairs
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "action")
            .cloned()
            .collect(),
    }
}
