//! Unit and property tests of the calendar, the placing rules, the estate inputs and proposals.

use jiff::civil::{Date, date};
use proptest::prelude::*;
use uuid::Uuid;

use super::input::{self, NewSitting, NewSittingPattern};
use super::rules::{over_listing, unsuitable};
use super::*;
use crate::case::DomainError;
use crate::ids::{CourtKind, OuCode};

const TODAY: Date = date(2026, 11, 27); // a Friday

fn mags() -> OuCode {
    OuCode::parse("B01BE00").unwrap()
}

fn room(n: u128, youth: bool, dock: bool) -> Courtroom {
    Courtroom {
        id: Uuid::from_u128(n),
        court_ou: mags(),
        name: format!("Court {n}"),
        youth_suitable: youth,
        secure_dock: dock,
    }
}

pub(crate) fn placement(
    n: u128,
    d: Date,
    kind: SittingKind,
    capacity: Capacity,
    load: SittingLoad,
) -> Placement {
    let courtroom = room(n % 100, kind == SittingKind::Youth, true);
    Placement {
        sitting: Sitting {
            id: Uuid::from_u128(1000 + n),
            court_ou: mags(),
            courtroom_id: courtroom.id,
            date: d,
            start_time: "10:00".into(),
            session: Session::Morning,
            kind,
            judiciary: vec!["DJ Patel".into()],
            capacity,
            pattern_id: None,
        },
        courtroom,
        load,
    }
}

#[test]
fn easter_and_bank_holidays_of_england_and_wales() {
    assert_eq!(calendar::easter(2024), date(2024, 3, 31));
    assert_eq!(calendar::easter(2026), date(2026, 4, 5));
    assert_eq!(calendar::easter(2027), date(2027, 3, 28));
    assert_eq!(
        bank_holidays(2026),
        [
            date(2026, 1, 1),
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 4),
            date(2026, 5, 25),
            date(2026, 8, 31),
            date(2026, 12, 25),
            date(2026, 12, 28), // Boxing Day is a Saturday
        ]
    );
    // Christmas on a Saturday: Monday and Tuesday are the substitutes.
    let h27 = bank_holidays(2027);
    assert!(h27.contains(&date(2027, 12, 27)) && h27.contains(&date(2027, 12, 28)));
    // New Year's Day on a Saturday: the Monday after.
    assert_eq!(bank_holidays(2022)[0], date(2022, 1, 3));
}

#[test]
fn next_court_day_skips_weekends_and_christmas() {
    assert_eq!(next_court_day(TODAY), date(2026, 11, 30));
    assert_eq!(next_court_day(date(2026, 12, 24)), date(2026, 12, 29));
    assert!(!is_court_day(date(2027, 1, 1)));
    assert!(is_court_day(date(2026, 12, 24)));
}

fn pattern(weekdays: Vec<Day>, from: Date, until: Date) -> SittingPattern {
    SittingPattern {
        id: Uuid::from_u128(7),
        court_ou: mags(),
        courtroom_id: Uuid::from_u128(1),
        weekdays,
        start_time: "10:00".into(),
        session: Session::Morning,
        kind: SittingKind::Remand,
        judiciary: vec![],
        capacity: Capacity::Cases(20),
        from,
        until,
    }
}

#[test]
fn a_weekday_pattern_skips_weekends_and_the_christmas_holidays() {
    let p = pattern(Day::WEEKDAYS.to_vec(), date(2026, 12, 21), date(2027, 1, 8));
    let mut n = 0;
    let dates: Vec<Date> = expand(&p, date(2026, 1, 1), date(2027, 12, 31), &mut || {
        n += 1;
        Uuid::from_u128(n)
    })
    .iter()
    .map(|s| s.date)
    .collect();
    // Christmas (Fri), Boxing Day's substitute (Mon 28th) and New Year's Day (Fri).
    assert_eq!(
        dates.len(),
        15 - 3,
        "three weeks of weekdays less three holidays"
    );
    for d in [25, 28] {
        assert!(!dates.contains(&date(2026, 12, d)));
    }
    assert!(!dates.contains(&date(2027, 1, 1)));
    // A Saturday remand court only when the pattern names Saturday.
    let sat = pattern(vec![Day::Saturday], date(2026, 11, 1), date(2026, 11, 30));
    assert_eq!(
        expand(&sat, TODAY, TODAY.last_of_month(), &mut Uuid::new_v4).len(),
        1
    );
}

proptest! {
    #[test]
    fn expanded_sittings_fall_on_the_pattern_days_and_never_on_a_holiday(
        start in 0i64..1500, len in 0i64..120, mask in 1u8..128,
    ) {
        use jiff::ToSpan;
        let from = date(2025, 1, 1).checked_add(start.days()).unwrap();
        let until = from.checked_add(len.days()).unwrap();
        let all = [Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday, Day::Saturday, Day::Sunday];
        let days: Vec<Day> = all.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d).collect();
        let p = pattern(days.clone(), from, until);
        let out = expand(&p, date(2020, 1, 1), date(2035, 1, 1), &mut Uuid::new_v4);
        for w in out.windows(2) {
            prop_assert!(w[0].date < w[1].date);
        }
        for s in &out {
            prop_assert!(from <= s.date && s.date <= until);
            prop_assert!(days.contains(&Day::of(s.date)));
            prop_assert!(!bank_holidays(s.date.year()).contains(&s.date));
            prop_assert_eq!(s.pattern_id, Some(p.id));
        }
    }
}

#[test]
fn hearing_types_go_to_sittings_that_suit_them() {
    let adult = Needs {
        youth: false,
        in_custody: false,
    };
    let custody = Needs {
        youth: false,
        in_custody: true,
    };
    let youth = Needs {
        youth: true,
        in_custody: false,
    };
    let at = |kind| placement(1, TODAY, kind, Capacity::Cases(10), SittingLoad::default());
    let m = CourtKind::Magistrates;
    assert!(unsuitable("TRIAL", adult, &at(SittingKind::Trial), m).is_none());
    assert!(unsuitable("TRIAL", adult, &at(SittingKind::Mixed), m).is_none());
    assert!(unsuitable("TRIAL", adult, &at(SittingKind::Remand), m).is_some());
    assert!(unsuitable("TRIAL", adult, &at(SittingKind::Adult), m).is_some());
    assert!(unsuitable("SWPSR", adult, &at(SittingKind::Sentencing), m).is_none());
    assert!(unsuitable("FH", adult, &at(SittingKind::Sentencing), m).is_some());
    // The remand court takes defendants in custody, not first appearances on bail.
    assert!(unsuitable("FH", custody, &at(SittingKind::Remand), m).is_none());
    assert!(unsuitable("FH", adult, &at(SittingKind::Remand), m).is_some());
    // Youth cases in the youth court only; adults never there.
    assert!(unsuitable("FH", youth, &at(SittingKind::Adult), m).is_some());
    assert!(unsuitable("TRIAL", youth, &at(SittingKind::Youth), m).is_none());
    assert!(unsuitable("FH", adult, &at(SittingKind::Youth), m).is_some());
    // Custody needs a secure dock.
    let mut open_dock = at(SittingKind::Adult);
    open_dock.courtroom.secure_dock = false;
    assert!(
        unsuitable("MNTN", custody, &open_dock, m)
            .unwrap()
            .contains("secure dock")
    );
    assert!(unsuitable("MNTN", adult, &open_dock, m).is_none());
}

#[test]
fn over_listing_is_measured_in_the_sittings_own_unit() {
    let load = SittingLoad {
        cases: 10,
        minutes: 280,
    };
    assert_eq!(over_listing(Capacity::Minutes(300), load, 20), None);
    assert_eq!(
        over_listing(Capacity::Minutes(300), load, 45).as_deref(),
        Some("over-listed by 25 minutes")
    );
    assert_eq!(over_listing(Capacity::Cases(11), load, 5), None);
    assert_eq!(
        over_listing(Capacity::Cases(10), load, 5).as_deref(),
        Some("over-listed by 1 case")
    );
    assert_eq!(default_estimate_minutes("TRIAL", CourtKind::Crown), 300);
    assert_eq!(default_estimate_minutes("FH", CourtKind::Magistrates), 20);
}

fn new_sitting() -> NewSitting {
    NewSitting {
        courtroom_id: Uuid::from_u128(1),
        date: "2026-12-01".into(),
        start_time: None,
        session: Session::Morning,
        kind: SittingKind::Remand,
        judiciary: vec!["District Judge (MC) Okafor".into()],
        capacity: Capacity::Cases(25),
    }
}

#[test]
fn a_sitting_is_checked_field_by_field_and_a_room_sits_once_at_a_time() {
    let r = room(1, false, true);
    let s = input::sitting(
        &mags(),
        &new_sitting(),
        Some(&r),
        &[],
        TODAY,
        Uuid::from_u128(9),
    )
    .unwrap();
    assert_eq!((s.start_time.as_str(), s.window().to), ("10:00", 13 * 60));
    let bad = NewSitting {
        date: "2031-01-01".into(),
        start_time: Some("14:30".into()),
        kind: SittingKind::Youth,
        judiciary: vec![" ".into()],
        capacity: Capacity::Minutes(0),
        ..new_sitting()
    };
    let Err(DomainError::Invalid(errs)) =
        input::sitting(&mags(), &bad, Some(&r), &[], TODAY, Uuid::from_u128(9))
    else {
        panic!("invalid")
    };
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "date",
            "kind",
            "start_time",
            "judiciary[0]",
            "capacity.minutes"
        ]
    );
    let all_day = NewSitting {
        session: Session::AllDay,
        ..new_sitting()
    };
    let err = input::sitting(
        &mags(),
        &all_day,
        Some(&r),
        &[s],
        TODAY,
        Uuid::from_u128(10),
    );
    assert_eq!(err.unwrap_err().code(), "courtroom-already-sitting");
    let afternoon = NewSitting {
        session: Session::Afternoon,
        ..new_sitting()
    };
    let none = input::sitting(&mags(), &afternoon, None, &[], TODAY, Uuid::from_u128(10));
    assert!(matches!(none, Err(DomainError::Invalid(e)) if e[0].field == "courtroom_id"));
}

#[test]
fn a_pattern_covers_at_most_a_year() {
    let r = room(1, false, true);
    let input = NewSittingPattern {
        courtroom_id: r.id,
        weekdays: vec![],
        start_time: None,
        session: Session::Morning,
        kind: SittingKind::Remand,
        judiciary: vec![],
        capacity: Capacity::Cases(25),
        from: "2026-12-01".into(),
        until: "2027-12-31".into(),
    };
    let Err(DomainError::Invalid(errs)) =
        input::pattern(&mags(), &input, Some(&r), TODAY, Uuid::from_u128(3))
    else {
        panic!("invalid")
    };
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["until", "weekdays"]);
}
