//! What may be published about a hearing in a public court list.
//!
//! A public list is a publication to anyone: it carries only what the Criminal Procedure Rules
//! let the court officer give the public about a case (CrimPR r.5.8(4): the date and place of the
//! hearing, the alleged offences, the identity of the prosecutor and of the defendant) and, like
//! the rule itself (r.5.8(6)-(7)), nothing a reporting restriction forbids. It is part of the
//! policy crate because "what may be published" is access policy: the anonymous public is one
//! more reader, whose disclosure is decided here from the case state alone.
//!
//! The rules, each with its basis:
//! * Never published for anyone: the police URN (a police reference, not the court's: the entry
//!   is referred to by the Crown Court case number where there is one, else by its line number),
//!   dates of birth, addresses, ASN, PNC ID, custody and bail, offence wording (it names victims,
//!   places and amounts), and every victim's or witness's name.
//! * A youth defendant (under 18 at the first hearing) is never named, whether or not an order
//!   is recorded: CYPA 1933 s.49 applies by law in the youth court and an adult court may direct
//!   the same under YJCEA 1999 s.45, and a list cannot know which will happen. Nor are a
//!   withheld defendant's offences listed: with the name gone they are what the entry knows the
//!   person by, and with the court and date they are "particulars calculated to lead to
//!   identification" (s.49(1)).
//! * A defendant protected by any restriction in force on the hearing day (CYPA s.49, YJCEA
//!   s.45, a Contempt of Court Act 1981 s.11 order withholding the name, a s.4(2) postponement
//!   about them — or any other basis recorded against a defendant) is withheld the same way.
//! * A case-level s.49 / s.45 restriction withholds every defendant; a case-level s.4(2)
//!   postponement or s.11 order withholds every identifying detail of the entry: only the
//!   courtroom, the time and the notice remain (the case number too would tie the entry to the
//!   case whose reporting is postponed).
//! * Restrictions protecting witnesses and victims (YJCEA s.45A, s.46; Sexual Offences
//!   (Amendment) Act 1992 s.1) remove nothing more, because no witness is ever named, but the
//!   entry carries the notice so the press asks the court before reporting. A case with a
//!   sexual-offence complainant carries it even without a recorded restriction: SOA 1992 s.1
//!   anonymity is automatic and lifelong.
//! * A restriction not in force on the hearing day (lifted before it, ended before it, or
//!   starting after it) has no effect, exactly as `ReportingRestriction::in_force_on` says.
//! * Every entry with anything restricted says [`RESTRICTIONS_APPLY`], in the same words
//!   whatever is withheld and why, so the list never hints at which detail or which basis.
//! * Vacated hearings are not listed.

use std::cmp::Ordering;

use assize_domain::case::restrictions::{
    ReportingRestriction, RestrictionBasis, RestrictionSubject,
};
use assize_domain::case::{Case, Defendant, Hearing, HearingStatus};
use assize_domain::refdata::RefData;
use serde::Serialize;
use uuid::Uuid;

/// The one notice of every restricted entry or defendant.
pub const RESTRICTIONS_APPLY: &str = "Reporting restrictions apply";

/// One hearing as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicEntry {
    /// The entry's number on this list (1, 2, …), its public reference when it has no case number.
    pub line: u32,
    /// The courtroom, once listing has placed the hearing in a sitting.
    pub courtroom: Option<String>,
    pub courtroom_id: Option<Uuid>,
    /// `HH:MM`, Europe/London.
    pub start_time: Option<String>,
    /// The hearing type in words; absent when the entry's details are withheld.
    pub hearing_type: Option<String>,
    /// The Crown Court case number, where there is one and it may be published.
    pub case_number: Option<String>,
    /// The prosecuting authority; absent when the entry's details are withheld.
    pub prosecutor: Option<String>,
    /// Empty when the entry's details are withheld.
    pub defendants: Vec<PublicDefendant>,
    /// Something in this case is under a reporting restriction: ask the court before reporting.
    pub reporting_restrictions: bool,
    /// "Reporting restrictions apply" when `reporting_restrictions`.
    pub notice: Option<String>,
}

/// One defendant as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDefendant {
    /// "Family name, given names", exactly as given; absent when withheld.
    pub name: Option<String>,
    /// CJS offence titles (never the wording); empty when withheld.
    pub offences: Vec<String>,
    pub withheld: bool,
}

/// What a restriction of this basis on the whole case withholds. Written as an exhaustive match
/// so that a new basis cannot be added without deciding what it withholds from the public list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseLevel {
    /// Every identifying detail of the entry.
    Entry,
    /// Every defendant's name and offences.
    Defendants,
    /// Nothing more than is always withheld (it protects witnesses, never named).
    NoticeOnly,
}

fn case_level(basis: RestrictionBasis) -> CaseLevel {
    match basis {
        RestrictionBasis::Cca1981S4_2 | RestrictionBasis::Cca1981S11 => CaseLevel::Entry,
        RestrictionBasis::Cypa1933S49 | RestrictionBasis::Yjcea1999S45 => CaseLevel::Defendants,
        RestrictionBasis::Yjcea1999S45A
        | RestrictionBasis::Yjcea1999S46
        | RestrictionBasis::Soa1992S1 => CaseLevel::NoticeOnly,
    }
}

fn defendant_withheld(d: &Defendant, in_force: &[&ReportingRestriction]) -> bool {
    d.youth
        || in_force.iter().any(|r| match r.subject {
            // Whatever the basis, a restriction recorded against a defendant protects them.
            RestrictionSubject::Defendant { defendant_id } => defendant_id == d.id,
            RestrictionSubject::Case => case_level(r.basis) != CaseLevel::NoticeOnly,
            RestrictionSubject::Witness { .. } => false,
        })
}

/// The hearing type in words (the code if reference data does not know it).
fn hearing_type_name(code: &str) -> String {
    RefData::global()
        .hearing_type(code)
        .map(|h| h.description.clone())
        .unwrap_or_else(|| code.to_string())
}

/// The public entry of one hearing of `case` (numbered 0: [`public_list`] numbers the lines).
pub fn public_entry(case: &Case, hearing: &Hearing) -> PublicEntry {
    let day = hearing.hearing_date;
    let in_force: Vec<&ReportingRestriction> = case
        .reporting_restrictions
        .iter()
        .filter(|r| r.in_force_on(day))
        .collect();
    let slot = hearing.slot.as_ref();
    let whole_entry = in_force
        .iter()
        .any(|r| r.subject == RestrictionSubject::Case && case_level(r.basis) == CaseLevel::Entry);
    let mut entry = PublicEntry {
        line: 0,
        courtroom: slot.map(|s| s.courtroom.clone()),
        courtroom_id: slot.map(|s| s.courtroom_id),
        start_time: slot.map(|s| s.start_time.clone()),
        hearing_type: None,
        case_number: None,
        prosecutor: None,
        defendants: Vec::new(),
        reporting_restrictions: !in_force.is_empty()
            || case.defendants.iter().any(|d| d.youth)
            || case.witnesses.iter().any(|w| w.sexual_offence_complainant),
        notice: None,
    };
    if !whole_entry {
        entry.hearing_type = Some(hearing_type_name(&hearing.hearing_type));
        entry.case_number = case.case_number.clone();
        entry.prosecutor = Some(case.prosecuting_authority.name.clone());
        entry.defendants = case
            .defendants
            .iter()
            .map(|d| {
                if defendant_withheld(d, &in_force) {
                    PublicDefendant {
                        name: None,
                        offences: Vec::new(),
                        withheld: true,
                    }
                } else {
                    PublicDefendant {
                        name: Some(list_name(d)),
                        offences: d.offences.iter().map(|o| o.title.clone()).collect(),
                        withheld: false,
                    }
                }
            })
            .collect();
    }
    if entry.reporting_restrictions {
        entry.notice = Some(RESTRICTIONS_APPLY.to_string());
    }
    entry
}

/// "Family name, given names" as court lists write it (names exactly as given, never changed).
fn list_name(d: &Defendant) -> String {
    let given = d.name.given_names.trim();
    let family = d.name.family_name.trim();
    if given.is_empty() {
        family.to_string()
    } else {
        format!("{family}, {given}")
    }
}

/// A court list of hearings: vacated hearings dropped, the rest in sitting order
/// ([`sitting_order`]), numbered from 1.
pub fn public_list(hearings: &[(&Case, &Hearing)]) -> Vec<PublicEntry> {
    let mut listed: Vec<&(&Case, &Hearing)> = hearings
        .iter()
        .filter(|(_, h)| h.status != HearingStatus::Vacated)
        .collect();
    listed.sort_by(|a, b| sitting_order(**a, **b));
    listed
        .into_iter()
        .zip(1..)
        .map(|((c, h), line)| PublicEntry {
            line,
            ..public_entry(c, h)
        })
        .collect()
}

/// The order of a court list: hearings placed in a sitting first, by courtroom ("Court 2"
/// before "Court 10") and start time; hearings not yet placed after them, by URN.
pub fn sitting_order(a: (&Case, &Hearing), b: (&Case, &Hearing)) -> Ordering {
    let key = |(c, h): (&Case, &Hearing)| {
        let slot = h.slot.as_ref();
        (
            slot.is_none(),
            slot.map(|s| room_key(&s.courtroom)),
            slot.map(|s| s.start_time.clone()),
            c.urn.to_string(),
            h.id,
        )
    };
    key(a).cmp(&key(b))
}

/// A courtroom name as a natural sort key: the text before the first number, then the number.
fn room_key(name: &str) -> (String, u64, String) {
    let start = name
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(name.len());
    let digits: String = name[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (
        name[..start].trim().to_lowercase(),
        digits.parse().unwrap_or(0),
        name.to_string(),
    )
}

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;
