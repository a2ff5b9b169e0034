//! From the typed form to the domain's `HearingOutcome`: empty fields are left out, and only the
//! fields the page shows for each offence are read (so a value kept in an old draft for a field
//! that no longer applies can never be recorded unseen). Input the domain cannot take at all (an
//! amount that is not money, a date that is not a date) is reported here, against its input.

use assize_domain::case::commands::{
    Adjournment, BailDecision, DefendantOutcome, HearingOutcome, NewHearing, OffenceOutcome,
    Sending,
};
use assize_domain::case::{BailCondition, Case, Venue};

use super::applies::{BAIL_CONDITIONS, RESULT_ROWS, applies, sending_applies};
use super::errors::Positions;
use super::fields::{Fields, id_of};
use super::values::{choice, pick, result_row, whole};

/// The outcome to record, where each part of it came from on the form, and the problems found.
pub struct Parsed {
    pub outcome: HearingOutcome,
    pub positions: Positions,
    /// (input id, message)
    pub errors: Vec<(String, String)>,
}

fn bail(f: &Fields, base: &str, errors: &mut Vec<(String, String)>) -> Option<BailDecision> {
    let status_name = format!("{base}.bail.status");
    let status = choice(f, &status_name, errors)?;
    let conditional = f.get(&status_name) == "conditional_bail";
    let kinds = f.all(&format!("{base}.bail.kind"));
    let mut conditions = Vec::new();
    for (value, _) in BAIL_CONDITIONS
        .iter()
        .filter(|(v, _)| kinds.iter().any(|k| k == v))
    {
        let details = f.get(&format!("{base}.bail.{value}.details")).to_string();
        if *value == "other" && details.is_empty() && conditional {
            errors.push((
                id_of(&format!("{base}.bail.other.details")),
                "Enter the other condition".into(),
            ));
        }
        if let Ok(kind) = serde_json::from_value(serde_json::Value::String(value.to_string())) {
            conditions.push(BailCondition { kind, details });
        }
    }
    if conditional && conditions.is_empty() {
        errors.push((
            // The first checkbox: what the error summary links to.
            format!("{base}-bail-kind-{}", BAIL_CONDITIONS[0].0),
            "Select at least one bail condition".into(),
        ));
    }
    Some(BailDecision {
        status,
        // Conditions ticked and then another status chosen are not part of the decision.
        conditions: if conditional { conditions } else { vec![] },
    })
}

fn adjournment(f: &Fields, errors: &mut Vec<(String, String)>) -> Option<Adjournment> {
    let parts = ["adj.date.day", "adj.date.month", "adj.date.year"].map(|n| f.get(n));
    let reason = f.get("adj.reason");
    if reason.is_empty() && parts.iter().all(|p| p.is_empty()) {
        return None;
    }
    let date = match (
        whole::<i8>(parts[0]),
        whole::<i8>(parts[1]),
        whole::<i16>(parts[2]),
    ) {
        (Some(d), Some(m), Some(y)) if parts[2].len() == 4 => jiff::civil::Date::new(y, m, d)
            .map(|d| d.to_string())
            .map_err(|_| "The date of the next hearing must be a real date"),
        _ if parts.iter().all(|p| p.is_empty()) => Err("Enter the date of the next hearing"),
        _ => Err("The date of the next hearing must include a day, month and year, like 27 3 2027"),
    };
    let hearing_date = date
        .map_err(|m| errors.push(("adj-date-day".into(), m.into())))
        .ok()?;
    Some(Adjournment {
        reason: reason.to_string(),
        next_hearing: NewHearing {
            court_ou: f.get("adj.court").to_uppercase(),
            hearing_date,
            hearing_type: Some(f.get("adj.type").to_string()).filter(|t| !t.is_empty()),
            sitting_id: None,
            estimate_minutes: None,
        },
    })
}

/// Read the form against the case as it is (its defendants and offences in order).
pub fn parse(f: &Fields, case: &Case, venue: Venue) -> Parsed {
    let mut errors = Vec::new();
    let mut outcome = HearingOutcome::default();
    let mut positions = Positions::default();
    for (i, d) in case.defendants.iter().enumerate() {
        let base = format!("d{i}");
        if !f.get(&format!("{base}.id")).is_empty()
            && f.get(&format!("{base}.id")) != d.id.to_string()
        {
            errors.push((
                format!("{base}-attendance"),
                "This form no longer matches the case: open the page again".into(),
            ));
            continue;
        }
        let mut out = DefendantOutcome {
            defendant_id: d.id,
            attendance: choice(f, &format!("{base}.attendance"), &mut errors),
            offences: vec![],
            sending: None,
            bail: bail(f, &base, &mut errors),
        };
        let mut offence_pos = Vec::new();
        for (j, o) in d.offences.iter().enumerate() {
            let Some(a) = applies(o, venue) else { continue };
            let ob = format!("{base}.o{j}");
            let mut oo = OffenceOutcome {
                offence_id: o.id,
                indicated_plea: pick(a.indicated_plea, f, &ob, "indicated_plea", &mut errors),
                allocation: pick(a.allocation, f, &ob, "allocation", &mut errors),
                plea: pick(a.plea, f, &ob, "plea", &mut errors),
                verdict: pick(a.verdict, f, &ob, "verdict", &mut errors),
                withdrawal: pick(a.withdrawal, f, &ob, "withdrawal", &mut errors),
                results: vec![],
            };
            let mut rows = Vec::new();
            for k in 0..RESULT_ROWS {
                if let Some(r) = result_row(f, &format!("{ob}.r{k}"), &mut errors) {
                    oo.results.push(r);
                    rows.push(k);
                }
            }
            let empty = oo.indicated_plea.is_none()
                && oo.allocation.is_none()
                && oo.plea.is_none()
                && oo.verdict.is_none()
                && oo.withdrawal.is_none()
                && oo.results.is_empty();
            if !empty {
                out.offences.push(oo);
                offence_pos.push((j, rows));
            }
        }
        if sending_applies(d, venue) && !f.get(&format!("{base}.send.court")).is_empty() {
            out.sending = Some(Sending {
                crown_court_ou: f.get(&format!("{base}.send.court")).to_uppercase(),
                offence_ids: None,
                case_number: Some(f.get(&format!("{base}.send.case_number")).to_uppercase())
                    .filter(|n| !n.is_empty()),
            });
        }
        let empty = out.attendance.is_none()
            && out.offences.is_empty()
            && out.sending.is_none()
            && out.bail.is_none();
        if !empty {
            outcome.defendants.push(out);
            positions.push(i, offence_pos);
        }
    }
    outcome.adjournment = adjournment(f, &mut errors);
    Parsed {
        outcome,
        positions,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn an_adjournment_needs_a_real_date() {
        let mut errors = vec![];
        assert!(adjournment(&fields(&[("adj.court", "B01BE00")]), &mut errors).is_none());
        assert!(errors.is_empty(), "a default court alone is no adjournment");
        let f = fields(&[
            ("adj.reason", "Reports"),
            ("adj.date.day", "31"),
            ("adj.date.month", "2"),
            ("adj.date.year", "2027"),
        ]);
        assert!(adjournment(&f, &mut errors).is_none());
        assert_eq!(
            errors,
            [(
                "adj-date-day".to_string(),
                "The date of the next hearing must be a real date".to_string()
            )]
        );
        let f = fields(&[
            ("adj.reason", "Reports"),
            ("adj.court", "b01be00"),
            ("adj.date.day", "3"),
            ("adj.date.month", "3"),
            ("adj.date.year", "2027"),
        ]);
        let a = adjournment(&f, &mut vec![]).expect("an adjournment");
        assert_eq!(
            (
                a.next_hearing.hearing_date.as_str(),
                a.next_hearing.court_ou.as_str()
            ),
            ("2027-03-03", "B01BE00")
        );
        assert_eq!(a.next_hearing.hearing_type, None);
    }
}
