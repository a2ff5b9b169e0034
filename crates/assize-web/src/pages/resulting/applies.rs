//! What the form offers for each offence and defendant at a hearing, and the choices of each
//! question with their values (the domain's snake_case names) and the court's words.

use assize_domain::case::{Defendant, Offence, OffenceStage, Venue};
use assize_domain::ids::OuCode;
use assize_domain::refdata::{CourtKind, ModeOfTrial, RefData};

/// The choices of a question: (value, words).
pub type Choices = &'static [(&'static str, &'static str)];

/// Result rows per offence on the form.
pub const RESULT_ROWS: usize = 3;

/// Which decisions the page offers for an offence at a hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applies {
    pub indicated_plea: bool,
    pub allocation: bool,
    pub plea: bool,
    pub verdict: bool,
    pub withdrawal: bool,
}

/// What can be recorded for an offence at a hearing in `venue`; None when nothing can (it has a
/// final result, or it is being dealt with at the other venue). Mirrors the order the domain
/// accepts in one submission: indication, allocation, plea, verdict, results.
pub fn applies(o: &Offence, venue: Venue) -> Option<Applies> {
    if o.stage == OffenceStage::Finalised || o.venue != venue {
        return None;
    }
    let mags = venue == Venue::MagistratesCourt;
    let either_way = o.mode_of_trial == ModeOfTrial::EitherWay;
    let before_venue = mags && either_way && o.allocation.is_none();
    Some(Applies {
        indicated_plea: before_venue && o.stage == OffenceStage::AwaitingPlea,
        allocation: before_venue
            && matches!(
                o.stage,
                OffenceStage::AwaitingPlea | OffenceStage::AwaitingAllocation
            ),
        plea: matches!(
            o.stage,
            OffenceStage::AwaitingPlea
                | OffenceStage::AwaitingArraignment
                | OffenceStage::AwaitingAllocation
        ) && !(mags && o.mode_of_trial == ModeOfTrial::IndictableOnly),
        verdict: o.stage == OffenceStage::AwaitingTrial,
        withdrawal: !o.convicted,
    })
}

/// Does the page offer sending to the Crown Court for this defendant? When an offence awaits
/// sending, or may come to in this same submission (indictable-only, or allocation pending).
pub fn sending_applies(d: &Defendant, venue: Venue) -> bool {
    venue == Venue::MagistratesCourt
        && d.offences.iter().any(|o| {
            o.venue == Venue::MagistratesCourt
                && (o.stage == OffenceStage::AwaitingSending
                    || applies(o, venue).is_some_and(|a| a.allocation))
        })
}

/// The bail conditions the form offers, as (value, label); the value is the domain's kind.
pub const BAIL_CONDITIONS: Choices = &[
    ("residence", "Residence"),
    ("curfew", "Curfew"),
    ("electronic_monitoring", "Electronic monitoring"),
    ("report_to_police_station", "Report to a police station"),
    ("no_contact", "No contact"),
    ("exclusion_zone", "Exclusion zone"),
    ("surrender_passport", "Surrender passport"),
    ("surety", "Surety"),
    ("other", "Other"),
];

pub const ATTENDANCE: Choices = &[
    ("in_person", "In person"),
    ("by_video_link", "By video link"),
    ("represented_in_absence", "Represented in absence"),
    ("absent", "Absent"),
];
pub const INDICATION: Choices = &[
    ("guilty", "Guilty"),
    ("not_guilty", "Not guilty"),
    ("no_indication", "No indication"),
];
pub const GUILTY: Choices = &[("guilty", "Guilty"), ("not_guilty", "Not guilty")];
pub const ALLOCATION: Choices = &[
    (
        "summary_trial",
        "Summary trial: suitable and the defendant consents",
    ),
    (
        "defendant_elects_crown_court",
        "Defendant elects Crown Court trial",
    ),
    (
        "sent_for_trial",
        "Court declines jurisdiction: send for trial",
    ),
];
pub const WITHDRAWAL: Choices = &[
    ("withdrawn", "Withdrawn by the prosecution"),
    (
        "discontinued",
        "Discontinued (Prosecution of Offences Act 1985 s.23)",
    ),
];
pub const BAIL: Choices = &[
    ("unconditional_bail", "Unconditional bail"),
    ("conditional_bail", "Conditional bail"),
    ("in_custody", "Remanded in custody"),
];
pub const UNITS: Choices = &[
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
    ("years", "Years"),
];

/// Is this a Crown Court hearing? (Decides which decisions apply, as the domain does.)
pub fn venue_of(court_ou: &OuCode) -> Venue {
    match RefData::global().court(court_ou).map(|c| c.kind) {
        Some(CourtKind::Crown) => Venue::CrownCourt,
        _ => Venue::MagistratesCourt,
    }
}
