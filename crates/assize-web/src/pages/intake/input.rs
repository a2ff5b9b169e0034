//! The form turned into the API's `NewCase`, with the problems only the form can see.

use assize_domain::case::commands::{AddressInput, NewCase, NewDefendant, NewHearing, NewOffence};
use assize_domain::case::{CustodyStatus, InitiationType};

use super::form::{DateParts, IntakeForm};

/// Problems the form finds before the domain sees the input: what the API takes as one value
/// (a date, an enum) is several boxes or a choice here. Keyed by input id.
pub type FormErrors = Vec<(String, String)>;

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl IntakeForm {
    /// The API's input for this form, and the problems only the form can see. A value the form
    /// could not read is sent blank, so the domain still checks every other field at once.
    /// `own_authority` is a prosecutor's own code (they cannot choose another); `force_chosen`
    /// whether the form offers the originating police force (prosecutors; police send their own).
    pub fn to_new_case(
        &self,
        own_authority: Option<&str>,
        force_chosen: bool,
    ) -> (NewCase, FormErrors) {
        let mut errs = FormErrors::new();
        let mut date =
            |parts: &DateParts, id: String, label: &str, required: Option<&str>| match parts
                .iso(label)
            {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    if let Some(m) = required {
                        errs.push((id, m.to_string()));
                    }
                    None
                }
                Err(m) => {
                    errs.push((id, m));
                    None
                }
            };
        let initiation = serde_plain(&self.initiation_type);
        let mut defendants = Vec::new();
        for (i, d) in self.defendants.iter().enumerate() {
            let dob = date(&d.dob, format!("d{i}-dob-day"), "Date of birth", None);
            let offences = d
                .offences
                .iter()
                .enumerate()
                .map(|(j, o)| NewOffence {
                    offence_code: o.code.trim().to_string(),
                    wording: o.wording.trim().to_string(),
                    offence_date_from: date(
                        &o.from,
                        format!("d{i}-o{j}-from-day"),
                        "Offence date",
                        Some("Enter the date of the offence"),
                    )
                    .unwrap_or_default(),
                    offence_date_to: date(
                        &o.to,
                        format!("d{i}-o{j}-to-day"),
                        "End of the offence period",
                        None,
                    ),
                })
                .collect();
            let lines: Vec<String> = d.address_lines.iter().filter_map(|l| text(l)).collect();
            let postcode = text(&d.postcode);
            defendants.push(NewDefendant {
                given_names: d.given_names.trim().to_string(),
                family_name: d.family_name.trim().to_string(),
                date_of_birth: dob,
                address: (!lines.is_empty() || postcode.is_some())
                    .then_some(AddressInput { lines, postcode }),
                asn: text(&d.asn),
                pnc_id: text(&d.pnc_id),
                custody_status: serde_plain(&d.custody_status)
                    .unwrap_or(CustodyStatus::NotApplicable),
                bail_conditions: vec![],
                offences,
            });
        }
        let hearing_date = date(
            &self.hearing_date,
            "hearing-date-day".into(),
            "Hearing date",
            Some("Enter the date of the first hearing"),
        )
        .unwrap_or_default();
        if initiation.is_none() {
            errs.push((
                "initiation-type".into(),
                "Select how the case was started".into(),
            ));
        }
        for (i, d) in self.defendants.iter().enumerate() {
            if serde_plain::<CustodyStatus>(&d.custody_status).is_none() {
                errs.push((
                    format!("d{i}-custody-status"),
                    "Select the defendant's custody or bail status".into(),
                ));
            }
        }
        let input = NewCase {
            urn: self.urn.trim().to_string(),
            initiation_type: initiation.unwrap_or(InitiationType::Charge),
            prosecution_authority_code: own_authority.map_or_else(
                || self.prosecution_authority_code.trim().to_string(),
                str::to_string,
            ),
            originating_organisation: if force_chosen {
                text(&self.originating_organisation)
            } else {
                None
            },
            defendants,
            witnesses: vec![],
            first_hearing: NewHearing {
                court_ou: self.hearing_court.trim().to_string(),
                hearing_date,
                hearing_type: text(&self.hearing_type),
                sitting_id: None,
                estimate_minutes: None,
            },
        };
        (input, errs)
    }
}

/// A snake_case enum value from a radio button (None if absent or not one of the values).
fn serde_plain<T: serde::de::DeserializeOwned>(v: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(v.to_string())).ok()
}
