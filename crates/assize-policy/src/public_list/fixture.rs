//! The case the public-list tests start from (one adult defendant, Adam Adult, and a victim)
//! and the checks every published entry must pass.

use assize_domain::case::Case;
use assize_domain::case::restrictions::{
    ReportingRestriction, RestrictionBasis, RestrictionSubject,
};
use jiff::civil::{Date, date};
use serde_json::json;
use uuid::Uuid;

use super::{PublicDefendant, PublicEntry, RESTRICTIONS_APPLY, public_entry};

pub(super) const DAY: Date = date(2026, 11, 16);
pub(super) const ADULT: Uuid = Uuid::from_u128(1);
pub(super) const SECOND: Uuid = Uuid::from_u128(2);
pub(super) const WITNESS: Uuid = Uuid::from_u128(3);

/// Everything in [`case`] that must never appear in a public entry.
pub(super) const NEVER: &[&str] = &[
    "01AB1234526",     // URN
    "Stole a bicycle", // offence wording
    "1990-02-03",      // date of birth
    "1 Test Street",   // address
    "SE1 1AA",         // postcode
    "2004/0012345",    // PNC ID (prefix)
    "Vera",            // victim
    "Victimson",       // victim
    "07700 900999",    // victim's phone
    "in_custody",      // custody status
];

pub(super) fn all_bases() -> [RestrictionBasis; 7] {
    use RestrictionBasis::*;
    // Exhaustive on purpose: a new basis must be added here to be tested.
    match Cypa1933S49 {
        Cypa1933S49 | Yjcea1999S45 | Yjcea1999S45A | Yjcea1999S46 | Soa1992S1 | Cca1981S4_2
        | Cca1981S11 => {}
    }
    [
        Cypa1933S49,
        Yjcea1999S45,
        Yjcea1999S45A,
        Yjcea1999S46,
        Soa1992S1,
        Cca1981S4_2,
        Cca1981S11,
    ]
}

pub(super) fn defendant(id: Uuid, given: &str, family: &str) -> serde_json::Value {
    json!({
        "id": id, "name": {"given_names": given, "family_name": family},
        "date_of_birth": "1990-02-03",
        "address": {"lines": ["1 Test Street"], "postcode": "SE1 1AA"},
        "pnc_id": "2004/0012345D", "youth": false, "custody_status": "in_custody",
        "bail_conditions": [], "attendance": [],
        "offences": [{
            "id": Uuid::new_v4(), "code": "TH68010", "title": "Theft from the person of another",
            "wording": "Stole a bicycle from Vera Victimson", "offence_date_from": "2026-11-01",
            "mode_of_trial": "either_way", "venue": "magistrates_court", "stage": "awaiting_plea",
            "convicted": false, "results": []
        }]
    })
}

/// A case at a magistrates' court with one adult defendant, Adam Adult, and a victim.
pub(super) fn case() -> Case {
    serde_json::from_value(json!({
        "id": Uuid::from_u128(99), "urn": "01AB1234526",
        "prosecuting_authority": {"id": Uuid::nil(), "name": "Crown Prosecution Service"},
        "charging_force": {"id": Uuid::nil(), "name": "Metropolitan Police"},
        "initiation_type": "charge", "venue": "magistrates_court", "status": "active",
        "defendants": [defendant(ADULT, "Adam", "Adult")],
        "witnesses": [{
            "id": WITNESS, "kind": "victim", "name": {"given_names": "Vera", "family_name": "Victimson"},
            "date_of_birth": "1970-01-01", "phone": "07700 900999", "sexual_offence_complainant": false
        }],
        "hearings": [hearing_json(Uuid::from_u128(50), None)],
        "reporting_restrictions": [], "pending_amendments": [], "version": 1
    }))
    .expect("a valid case")
}

pub(super) fn hearing_json(id: Uuid, slot: Option<(&str, &str)>) -> serde_json::Value {
    let mut h = json!({
        "id": id, "court_ou": "B01BE00", "court_name": "Test Magistrates' Court",
        "hearing_date": DAY, "hearing_type": "FH", "status": "listed"
    });
    if let Some((room, time)) = slot {
        h["slot"] = json!({"sitting_id": Uuid::nil(), "courtroom_id": Uuid::nil(),
                           "courtroom": room, "start_time": time});
    }
    h
}

pub(super) fn restriction(
    basis: RestrictionBasis,
    subject: RestrictionSubject,
    starts: Date,
    ends: Option<Date>,
    lifted: Option<Date>,
) -> ReportingRestriction {
    ReportingRestriction {
        id: Uuid::new_v4(),
        basis,
        subject,
        details: Some("Do not name Adam Adult or Vera Victimson".into()),
        starts_on: starts,
        ends_on: ends,
        lifted_on: lifted,
    }
}

pub(super) fn in_force(
    basis: RestrictionBasis,
    subject: RestrictionSubject,
) -> ReportingRestriction {
    restriction(basis, subject, date(2026, 1, 1), None, None)
}

/// The entry of the case's hearing, checked against everything never published.
pub(super) fn publish(c: &Case) -> PublicEntry {
    let entry = public_entry(c, &c.hearings[0]);
    let text = serde_json::to_string(&entry).expect("serialises");
    for secret in NEVER {
        assert!(!text.contains(secret), "{secret} published in {text}");
    }
    assert!(
        !text.contains("Do not name"),
        "restriction details published"
    );
    entry
}

/// The adult is published by name, with offence titles only.
pub(super) fn named(entry: &PublicEntry) {
    let adam = PublicDefendant {
        name: Some("Adult, Adam".into()),
        offences: vec!["Theft from the person of another".into()],
        withheld: false,
    };
    assert_eq!(entry.defendants.first(), Some(&adam), "{entry:?}");
}

pub(super) fn assert_withheld_defendant(entry: &PublicEntry) {
    assert_eq!(
        entry.defendants,
        vec![PublicDefendant {
            name: None,
            offences: vec![],
            withheld: true
        }]
    );
    assert!(!serde_json::to_string(entry).unwrap().contains("Adult"));
    assert_eq!(entry.notice.as_deref(), Some(RESTRICTIONS_APPLY));
}
