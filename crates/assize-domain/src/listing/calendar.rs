//! The court calendar: which days courts ordinarily sit, and the expansion of a sitting pattern
//! into sittings.
//!
//! Courts ordinarily sit Monday to Friday except bank holidays in England and Wales: New Year's
//! Day, Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
//! Christmas Day and Boxing Day, with a substitute weekday when one falls at a weekend (Banking and
//! Financial Dealings Act 1971 Sch.1, and the proclamations that follow it each year). One-off
//! holidays proclaimed for a particular year (jubilees, coronations) are not modelled: a court
//! simply sets up no sittings for them.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use uuid::Uuid;

use super::model::{Day, Sitting, SittingPattern};

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn add(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(d)
}

/// Easter Sunday of `year` (the anonymous Gregorian computus).
pub fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

/// The first `weekday` of a month on or after `from`.
fn first_on_or_after(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        d = add(d, 1);
    }
    d
}

/// The last Monday of `month` in `year`.
fn last_monday(year: i16, month: i8) -> Date {
    let mut d = date(year, month, 1).last_of_month();
    while d.weekday() != Weekday::Monday {
        d = add(d, -1);
    }
    d
}

/// Bank holidays of England and Wales in `year`, substitute days included, in date order.
pub fn bank_holidays(year: i16) -> Vec<Date> {
    let easter = easter(year);
    let new_year = date(year, 1, 1);
    let mut days = vec![
        if is_weekend(new_year) {
            first_on_or_after(new_year, Weekday::Monday)
        } else {
            new_year
        },
        add(easter, -2),
        add(easter, 1),
        first_on_or_after(date(year, 5, 1), Weekday::Monday),
        last_monday(year, 5),
        last_monday(year, 8),
    ];
    // Christmas and Boxing Day; each one at a weekend moves to the next free weekday.
    let (christmas, boxing) = (date(year, 12, 25), date(year, 12, 26));
    let mut next_free = add(boxing, 1);
    for d in [christmas, boxing] {
        if is_weekend(d) {
            while is_weekend(next_free) {
                next_free = add(next_free, 1);
            }
            days.push(next_free);
            next_free = add(next_free, 1);
        } else {
            days.push(d);
        }
    }
    days.sort();
    days
}

/// Whether courts ordinarily sit on `d`: a weekday that is not a bank holiday.
pub fn is_court_day(d: Date) -> bool {
    !is_weekend(d) && !bank_holidays(d.year()).contains(&d)
}

/// The first ordinary court day after `d`.
pub fn next_court_day(d: Date) -> Date {
    let mut next = add(d, 1);
    while !is_court_day(next) {
        next = add(next, 1);
    }
    next
}

/// The sittings a pattern gives between `from` and `to` (inclusive, within the pattern's own
/// dates), on its weekdays, skipping bank holidays. A weekend day gives sittings only if the
/// pattern names it (a Saturday remand court); nothing is ever generated for a bank holiday, whose
/// sittings are arranged one by one.
pub fn expand(
    pattern: &SittingPattern,
    from: Date,
    to: Date,
    new_id: &mut dyn FnMut() -> Uuid,
) -> Vec<Sitting> {
    let (start, end) = (from.max(pattern.from), to.min(pattern.until));
    let mut out = Vec::new();
    let mut d = start;
    while d <= end {
        let holiday = bank_holidays(d.year()).contains(&d);
        if pattern.weekdays.contains(&Day::of(d)) && !holiday {
            out.push(Sitting {
                id: new_id(),
                court_ou: pattern.court_ou.clone(),
                courtroom_id: pattern.courtroom_id,
                date: d,
                start_time: pattern.start_time.clone(),
                session: pattern.session,
                kind: pattern.kind,
                judiciary: pattern.judiciary.clone(),
                capacity: pattern.capacity,
                pattern_id: Some(pattern.id),
            });
        }
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}
