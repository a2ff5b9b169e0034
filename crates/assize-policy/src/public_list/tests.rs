//! Every restriction basis against every kind of subject, in force or not on the hearing day,
//! plus youth, sexual-offence complainants and the order of the list. Each test also checks the
//! published entry, serialised as it is served, against every detail that is never public
//! (`fixture::publish`).

use assize_domain::case::restrictions::{
    ReportingRestriction, RestrictionBasis, RestrictionSubject,
};
use assize_domain::case::{Hearing, HearingStatus};
use jiff::civil::date;
use uuid::Uuid;

use super::fixture::*;
use super::*;

#[test]
fn an_unrestricted_adult_is_published_by_name_with_offence_titles_only() {
    let entry = publish(&case());
    named(&entry);
    assert!(!entry.reporting_restrictions);
    assert_eq!(entry.notice, None);
    assert_eq!(entry.hearing_type.as_deref(), Some("First Hearing"));
    assert_eq!(
        entry.prosecutor.as_deref(),
        Some("Crown Prosecution Service")
    );
    assert_eq!(entry.case_number, None);
}

#[test]
fn any_restriction_on_a_defendant_withholds_that_defendant_only() {
    for basis in all_bases() {
        let mut c = case();
        c.defendants
            .push(serde_json::from_value(defendant(SECOND, "Bella", "Bystander")).unwrap());
        let subject = RestrictionSubject::Defendant {
            defendant_id: ADULT,
        };
        c.reporting_restrictions.push(in_force(basis, subject));
        let entry = publish(&c);
        assert_eq!(entry.defendants.len(), 2, "{basis:?}");
        assert!(entry.defendants[0].withheld && entry.defendants[0].name.is_none());
        assert!(entry.defendants[0].offences.is_empty());
        assert_eq!(
            entry.defendants[1].name.as_deref(),
            Some("Bystander, Bella")
        );
        assert!(!serde_json::to_string(&entry).unwrap().contains("Adam"));
        assert_eq!(
            entry.notice.as_deref(),
            Some(RESTRICTIONS_APPLY),
            "{basis:?}"
        );
        assert!(entry.hearing_type.is_some() && entry.prosecutor.is_some());
    }
}

#[test]
fn case_level_restrictions_withhold_by_their_basis() {
    for basis in all_bases() {
        let mut c = case();
        c.case_number = Some("T20267001".into());
        c.hearings[0] = serde_json::from_value(hearing_json(
            Uuid::from_u128(50),
            Some(("Court 2", "10:00")),
        ))
        .unwrap();
        c.reporting_restrictions
            .push(in_force(basis, RestrictionSubject::Case));
        let entry = publish(&c);
        assert!(entry.reporting_restrictions, "{basis:?}");
        assert_eq!(entry.notice.as_deref(), Some(RESTRICTIONS_APPLY));
        assert_eq!(entry.courtroom.as_deref(), Some("Court 2"));
        assert_eq!(entry.start_time.as_deref(), Some("10:00"));
        match basis {
            RestrictionBasis::Cca1981S4_2 | RestrictionBasis::Cca1981S11 => {
                // Only the time, the courtroom and the notice.
                assert!(entry.defendants.is_empty(), "{basis:?}");
                assert_eq!(entry.hearing_type, None);
                assert_eq!(entry.prosecutor, None);
                assert_eq!(entry.case_number, None);
            }
            RestrictionBasis::Cypa1933S49 | RestrictionBasis::Yjcea1999S45 => {
                assert_withheld_defendant(&entry);
                assert_eq!(entry.case_number.as_deref(), Some("T20267001"));
            }
            RestrictionBasis::Yjcea1999S45A
            | RestrictionBasis::Yjcea1999S46
            | RestrictionBasis::Soa1992S1 => {
                named(&entry);
            }
        }
    }
}

#[test]
fn witness_restrictions_name_no_one_and_flag_the_entry() {
    for basis in all_bases() {
        let mut c = case();
        let subject = RestrictionSubject::Witness {
            witness_id: WITNESS,
        };
        c.reporting_restrictions.push(in_force(basis, subject));
        let entry = publish(&c);
        named(&entry);
        assert_eq!(
            entry.notice.as_deref(),
            Some(RESTRICTIONS_APPLY),
            "{basis:?}"
        );
    }
}

#[test]
fn restrictions_not_in_force_on_the_day_have_no_effect() {
    let ended = |b| {
        restriction(
            b,
            RestrictionSubject::Case,
            date(2026, 1, 1),
            Some(date(2026, 11, 15)),
            None,
        )
    };
    let lifted = |b| {
        restriction(
            b,
            RestrictionSubject::Case,
            date(2026, 1, 1),
            None,
            Some(DAY),
        )
    };
    let later = |b| restriction(b, RestrictionSubject::Case, date(2026, 11, 17), None, None);
    for basis in all_bases() {
        for r in [ended(basis), lifted(basis), later(basis)] {
            for subject in [
                RestrictionSubject::Case,
                RestrictionSubject::Defendant {
                    defendant_id: ADULT,
                },
                RestrictionSubject::Witness {
                    witness_id: WITNESS,
                },
            ] {
                let mut c = case();
                c.reporting_restrictions.push(ReportingRestriction {
                    subject,
                    ..r.clone()
                });
                let entry = publish(&c);
                named(&entry);
                assert!(!entry.reporting_restrictions, "{basis:?} {r:?}");
                assert_eq!(entry.notice, None);
            }
        }
    }
    // The last day of a restriction with an end date is still in force.
    let mut c = case();
    c.reporting_restrictions.push(restriction(
        RestrictionBasis::Cca1981S4_2,
        RestrictionSubject::Case,
        date(2026, 1, 1),
        Some(DAY),
        None,
    ));
    assert!(publish(&c).defendants.is_empty());
}

#[test]
fn a_youth_is_never_named_even_without_or_after_a_recorded_restriction() {
    let mut c = case();
    c.defendants[0].youth = true;
    assert_withheld_defendant(&publish(&c));
    c.reporting_restrictions.push(restriction(
        RestrictionBasis::Yjcea1999S45,
        RestrictionSubject::Defendant {
            defendant_id: ADULT,
        },
        date(2026, 1, 1),
        None,
        Some(date(2026, 2, 1)),
    ));
    assert_withheld_defendant(&publish(&c));
}

#[test]
fn a_sexual_offence_complainant_case_has_titles_only_and_the_notice() {
    let mut c = case();
    c.witnesses[0].sexual_offence_complainant = true;
    let entry = publish(&c);
    named(&entry);
    assert_eq!(entry.notice.as_deref(), Some(RESTRICTIONS_APPLY));
}

#[test]
fn the_list_is_in_sitting_order_without_vacated_hearings_and_numbered() {
    let mut c = case();
    let h = |n: u128, slot| {
        serde_json::from_value::<Hearing>(hearing_json(Uuid::from_u128(n), slot)).unwrap()
    };
    let unslotted = h(1, None);
    let court10 = h(2, Some(("Court 10", "09:30")));
    let court2_late = h(3, Some(("Court 2", "14:00")));
    let court2_early = h(4, Some(("Court 2", "10:00")));
    let mut vacated = h(5, Some(("Court 1", "10:00")));
    vacated.status = HearingStatus::Vacated;
    c.hearings = vec![];
    let items = [
        (&c, &unslotted),
        (&c, &court10),
        (&c, &vacated),
        (&c, &court2_late),
        (&c, &court2_early),
    ];
    let list = public_list(&items);
    let order: Vec<_> = list
        .iter()
        .map(|e| (e.line, e.courtroom.as_deref(), e.start_time.as_deref()))
        .collect();
    assert_eq!(
        order,
        vec![
            (1, Some("Court 2"), Some("10:00")),
            (2, Some("Court 2"), Some("14:00")),
            (3, Some("Court 10"), Some("09:30")),
            (4, None, None),
        ]
    );
}
