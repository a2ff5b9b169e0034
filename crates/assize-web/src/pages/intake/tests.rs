//! The form's reading of its fields, its add/remove buttons and its date boxes.

use super::form::{DateParts, FormAction, IntakeForm};

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn blocks_are_read_from_numbered_field_names() {
    let f = IntakeForm::from_pairs(&pairs(&[
        ("urn", "01AB1234526"),
        ("d0-family-name", "O'Brien"),
        ("d0-o0-code", "TH68010"),
        ("d0-o2-code", "CJ88116"),
        ("d1-given-names", "Zoë"),
        ("d99999-asn", "forged"),
    ]));
    assert_eq!(f.defendants.len(), 2, "a forged huge index is ignored");
    assert_eq!(f.defendants[0].offences.len(), 3);
    assert_eq!(f.defendants[0].offences[2].code, "CJ88116");
    assert_eq!(f.defendants[1].given_names, "Zoë");
    assert_eq!(
        f.defendants[1].offences.len(),
        1,
        "every defendant has an offence block"
    );
}

#[test]
fn buttons_add_and_remove_blocks_but_never_the_last() {
    let mut f = IntakeForm::blank();
    f.apply(FormAction::parse("add-offence-0"));
    f.defendants[0].offences[1].code = "CJ88116".into();
    f.apply(FormAction::parse("add-defendant"));
    assert_eq!(f.defendants.len(), 2);
    f.apply(FormAction::parse("remove-offence-0-0"));
    assert_eq!(f.defendants[0].offences.len(), 1);
    assert_eq!(
        f.defendants[0].offences[0].code, "CJ88116",
        "the other offence is kept"
    );
    f.apply(FormAction::parse("remove-offence-0-0"));
    assert_eq!(f.defendants[0].offences.len(), 1, "the last offence stays");
    f.apply(FormAction::parse("remove-defendant-1"));
    f.apply(FormAction::parse("remove-defendant-0"));
    assert_eq!(f.defendants.len(), 1, "the last defendant stays");
    assert_eq!(FormAction::parse("remove-offence-x"), FormAction::Send);
    assert_eq!(FormAction::parse(""), FormAction::Send);
}

#[test]
fn date_boxes_read_as_govuk_date_inputs() {
    let d = |day: &str, month: &str, year: &str| DateParts {
        day: day.into(),
        month: month.into(),
        year: year.into(),
    };
    assert_eq!(
        d("3", "2", "1990").iso("Date of birth"),
        Ok(Some("1990-02-03".into()))
    );
    assert_eq!(d(" ", "", "").iso("Date of birth"), Ok(None));
    assert_eq!(
        d("3", "", "1990").iso("Date of birth"),
        Err("Date of birth must include a month".into())
    );
    assert_eq!(
        d("31", "2", "2026").iso("Offence date"),
        Err("Offence date must be a real date".into())
    );
    assert_eq!(
        d("1", "2", "26").iso("Offence date"),
        Err("Year must include 4 numbers".into())
    );
}

#[test]
fn what_the_form_cannot_read_is_reported_against_its_input() {
    let mut f = IntakeForm::blank();
    f.defendants[0].offences[0].from.day = "40".into();
    let (input, errors) = f.to_new_case(None, false);
    let ids: Vec<&str> = errors.iter().map(|(id, _)| id.as_str()).collect();
    assert!(ids.contains(&"d0-o0-from-day"), "{ids:?}");
    assert!(ids.contains(&"hearing-date-day"), "{ids:?}");
    assert!(ids.contains(&"initiation-type"), "{ids:?}");
    assert!(ids.contains(&"d0-custody-status"), "{ids:?}");
    assert_eq!(input.first_hearing.hearing_type.as_deref(), Some("FH"));
    assert_eq!(input.originating_organisation, None);
}
