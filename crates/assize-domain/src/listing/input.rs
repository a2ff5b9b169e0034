//! What court admins and listing officers send to set up the estate and the calendar, and its
//! validation: every invalid field is reported at once, against its JSON path.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{
    Capacity, Courtroom, Day, Session, Sitting, SittingKind, SittingPattern, minutes,
};
use crate::case::decide::{CORRECTION_WINDOW_DAYS, parse_date};
use crate::case::error::{DomainError, DomainResult, Errors};
use crate::case::{ctl::days_between, decide::require_text};
use crate::ids::OuCode;

/// How far ahead a sitting can be set up: courts plan about a year ahead; two years leaves room
/// for long trials fixed early without accepting a mistyped year.
pub const MAX_DAYS_AHEAD: i64 = 731;
/// The longest date range one pattern may cover in one request.
pub const PATTERN_MAX_DAYS: i64 = 366;
/// Largest capacities accepted: a full court day is 5-6 hours; a busy remand list ~40 cases.
pub const MAX_CAPACITY_MINUTES: u32 = 720;
pub const MAX_CAPACITY_CASES: u32 = 200;
const MAX_NAME: usize = 60;
const MAX_JUDICIARY: usize = 12;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCourtroom {
    /// As the court calls it, e.g. "Court 3".
    pub name: String,
    #[serde(default)]
    pub youth_suitable: bool,
    #[serde(default)]
    pub secure_dock: bool,
}

/// A sitting to set up.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSitting {
    pub courtroom_id: Uuid,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`; the session's usual start (10:00 or 14:00) when omitted.
    #[serde(default)]
    pub start_time: Option<String>,
    pub session: Session,
    pub kind: SittingKind,
    /// The bench or judge, as named on the list.
    #[serde(default)]
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
}

/// A recurring sitting, with the date range to create its sittings for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSittingPattern {
    pub courtroom_id: Uuid,
    /// Monday to Friday when omitted; a weekend day only if named.
    #[serde(default = "weekdays")]
    pub weekdays: Vec<Day>,
    #[serde(default)]
    pub start_time: Option<String>,
    pub session: Session,
    pub kind: SittingKind,
    #[serde(default)]
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
    /// First and last day, `YYYY-MM-DD`, at most 366 days apart.
    pub from: String,
    pub until: String,
}

fn weekdays() -> Vec<Day> {
    Day::WEEKDAYS.to_vec()
}

/// A new courtroom of `court_ou`; its name must be new at that court.
pub fn courtroom(
    court_ou: &OuCode,
    input: &NewCourtroom,
    existing: &[Courtroom],
    id: Uuid,
) -> DomainResult<Courtroom> {
    let name = require_text(&input.name, "name")?;
    if name.chars().count() > MAX_NAME {
        return Err(DomainError::invalid(
            "name",
            format!("Use at most {MAX_NAME} characters"),
        ));
    }
    if existing
        .iter()
        .any(|c| c.name.to_lowercase() == name.to_lowercase())
    {
        return Err(DomainError::invalid(
            "name",
            format!("This court already has a courtroom called {name}"),
        ));
    }
    Ok(Courtroom {
        id,
        court_ou: court_ou.clone(),
        name,
        youth_suitable: input.youth_suitable,
        secure_dock: input.secure_dock,
    })
}

/// The parts a sitting and a pattern share, checked together (and again when a sitting changes).
pub(super) struct Common<'a> {
    pub courtroom: Option<&'a Courtroom>,
    pub start_time: &'a Option<String>,
    pub session: Session,
    pub kind: SittingKind,
    pub judiciary: &'a [String],
    pub capacity: Capacity,
}

pub(super) fn check_common(c: &Common, errors: &mut Errors) -> (String, Vec<String>) {
    match c.courtroom {
        None => errors.push("courtroom_id", "There is no such courtroom at this court"),
        Some(room) if c.kind == SittingKind::Youth && !room.youth_suitable => errors.push(
            "kind",
            format!("{} is not laid out for the youth court", room.name),
        ),
        Some(_) => {}
    }
    let start = c
        .start_time
        .as_deref()
        .map(str::trim)
        .unwrap_or(c.session.default_start())
        .to_string();
    match minutes(&start) {
        None => errors.push("start_time", "Enter a time as HH:MM, e.g. 10:00"),
        Some(m) if m < 8 * 60 || Some(m) >= minutes(c.session.ends()) => errors.push(
            "start_time",
            format!(
                "A {} sitting starts from 08:00 and before {}",
                c.session.as_str().replace('_', " "),
                c.session.ends()
            ),
        ),
        Some(_) => {}
    }
    let judiciary: Vec<String> = c.judiciary.iter().map(|j| j.trim().to_string()).collect();
    if judiciary.len() > MAX_JUDICIARY {
        errors.push(
            "judiciary",
            format!("Name at most {MAX_JUDICIARY} members of the judiciary"),
        );
    }
    for (i, j) in judiciary.iter().enumerate() {
        if j.is_empty() || j.chars().count() > 100 {
            errors.push(
                format!("judiciary[{i}]"),
                "Enter a name of 1 to 100 characters",
            );
        }
    }
    match c.capacity {
        Capacity::Minutes(m) if m == 0 || m > MAX_CAPACITY_MINUTES => errors.push(
            "capacity.minutes",
            format!("Give between 1 and {MAX_CAPACITY_MINUTES} minutes"),
        ),
        Capacity::Cases(n) if n == 0 || n > MAX_CAPACITY_CASES => errors.push(
            "capacity.cases",
            format!("Give between 1 and {MAX_CAPACITY_CASES} cases"),
        ),
        _ => {}
    }
    (start, judiciary)
}

/// A date within the correction window behind `today` and `MAX_DAYS_AHEAD` ahead.
fn check_date(s: &str, field: &str, today: Date, errors: &mut Errors) -> Option<Date> {
    let d = errors.take(field, parse_date(s))?;
    let ahead = days_between(today, d);
    if !(-CORRECTION_WINDOW_DAYS..=MAX_DAYS_AHEAD).contains(&ahead) {
        errors.push(
            field,
            format!(
                "Give a date from {CORRECTION_WINDOW_DAYS} days ago to {MAX_DAYS_AHEAD} days ahead"
            ),
        );
        return None;
    }
    Some(d)
}

/// A new sitting of `court_ou`; `courtroom` is the room named, if it is one of that court's.
/// `existing` are the court's sittings that day: a room cannot sit twice at the same time.
pub fn sitting(
    court_ou: &OuCode,
    input: &NewSitting,
    courtroom: Option<&Courtroom>,
    existing: &[Sitting],
    today: Date,
    id: Uuid,
) -> DomainResult<Sitting> {
    let mut errors = Errors::default();
    let date = check_date(&input.date, "date", today, &mut errors);
    let (start_time, judiciary) = check_common(
        &Common {
            courtroom,
            start_time: &input.start_time,
            session: input.session,
            kind: input.kind,
            judiciary: &input.judiciary,
            capacity: input.capacity,
        },
        &mut errors,
    );
    errors.finish()?;
    let (Some(date), Some(room)) = (date, courtroom) else {
        unreachable!("errors reported above")
    };
    let s = Sitting {
        id,
        court_ou: court_ou.clone(),
        courtroom_id: room.id,
        date,
        start_time,
        session: input.session,
        kind: input.kind,
        judiciary,
        capacity: input.capacity,
        pattern_id: None,
    };
    if let Some(other) = clash(&s, existing) {
        return Err(DomainError::rule(
            "courtroom-already-sitting",
            format!(
                "{} already sits on {} from {} ({})",
                room.name,
                s.date,
                other.start_time,
                other.session.as_str().replace('_', " ")
            ),
        ));
    }
    Ok(s)
}

/// The existing sitting of the same room that overlaps `s` in time, if any.
pub fn clash<'a>(s: &Sitting, existing: &'a [Sitting]) -> Option<&'a Sitting> {
    existing.iter().find(|o| {
        o.id != s.id && o.courtroom_id == s.courtroom_id && o.window().overlaps(&s.window())
    })
}

/// A new sitting pattern of `court_ou`.
pub fn pattern(
    court_ou: &OuCode,
    input: &NewSittingPattern,
    courtroom: Option<&Courtroom>,
    today: Date,
    id: Uuid,
) -> DomainResult<SittingPattern> {
    let mut errors = Errors::default();
    let from = check_date(&input.from, "from", today, &mut errors);
    let until = check_date(&input.until, "until", today, &mut errors);
    if let (Some(f), Some(u)) = (from, until) {
        let span = days_between(f, u);
        if span < 0 {
            errors.push("until", "The last day must not be before the first");
        } else if span >= PATTERN_MAX_DAYS {
            errors.push(
                "until",
                format!("Set up at most {PATTERN_MAX_DAYS} days at a time"),
            );
        }
    }
    if input.weekdays.is_empty() {
        errors.push("weekdays", "Choose at least one day of the week");
    }
    let (start_time, judiciary) = check_common(
        &Common {
            courtroom,
            start_time: &input.start_time,
            session: input.session,
            kind: input.kind,
            judiciary: &input.judiciary,
            capacity: input.capacity,
        },
        &mut errors,
    );
    errors.finish()?;
    let (Some(from), Some(until), Some(room)) = (from, until, courtroom) else {
        unreachable!("errors reported above")
    };
    let mut weekdays = input.weekdays.clone();
    weekdays.dedup();
    Ok(SittingPattern {
        id,
        court_ou: court_ou.clone(),
        courtroom_id: room.id,
        weekdays,
        start_time,
        session: input.session,
        kind: input.kind,
        judiciary,
        capacity: input.capacity,
        from,
        until,
    })
}
