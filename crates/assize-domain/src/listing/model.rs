//! The court estate and its calendar: courtrooms, sittings (a courtroom on a date, with a bench
//! or judge and a capacity) and recurring sitting patterns.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::OuCode;

/// A room of a court building where hearings take place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Courtroom {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub court_ou: OuCode,
    /// As the court calls it, e.g. "Court 3".
    pub name: String,
    /// Laid out for the youth court (no raised dock, separate waiting area): youth cases need it.
    pub youth_suitable: bool,
    /// Has a secure dock: defendants produced from custody need it.
    pub secure_dock: bool,
}

/// Part of the court day a sitting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Session {
    Morning,
    Afternoon,
    AllDay,
}

impl Session {
    /// The usual start (`HH:MM`) when none is given.
    pub fn default_start(self) -> &'static str {
        match self {
            Session::Morning | Session::AllDay => "10:00",
            Session::Afternoon => "14:00",
        }
    }
    /// When the session rises (`HH:MM`): a defendant listed in it is committed to the court until then.
    pub fn ends(self) -> &'static str {
        match self {
            Session::Morning => "13:00",
            Session::Afternoon | Session::AllDay => "16:30",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Session::Morning => "morning",
            Session::Afternoon => "afternoon",
            Session::AllDay => "all_day",
        }
    }
    pub fn parse(s: &str) -> Option<Session> {
        [Session::Morning, Session::Afternoon, Session::AllDay]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What a sitting is for, which decides the hearings it can take (see `rules::suitable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SittingKind {
    /// General adult list: first appearances on bail, case management, pleas, sentences.
    Adult,
    /// The youth court (Children and Young Persons Act 1933 s.45): youth cases only.
    Youth,
    /// Remand (custody) court: defendants produced from custody, bail applications.
    Remand,
    /// Trials (and appeals against conviction, which are rehearings).
    Trial,
    /// Sentencing hearings (and appeals against sentence).
    Sentencing,
    /// Any adult business.
    Mixed,
}

impl SittingKind {
    pub const ALL: [SittingKind; 6] = [
        SittingKind::Adult,
        SittingKind::Youth,
        SittingKind::Remand,
        SittingKind::Trial,
        SittingKind::Sentencing,
        SittingKind::Mixed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SittingKind::Adult => "adult",
            SittingKind::Youth => "youth",
            SittingKind::Remand => "remand",
            SittingKind::Trial => "trial",
            SittingKind::Sentencing => "sentencing",
            SittingKind::Mixed => "mixed",
        }
    }
    pub fn parse(s: &str) -> Option<SittingKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How much a sitting can take: court time in minutes, or a number of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Minutes(u32),
    Cases(u32),
}

/// What is already listed in a sitting (hearings still listed, not vacated or moved away).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SittingLoad {
    pub cases: u32,
    /// Sum of the hearings' time estimates.
    pub minutes: u32,
}

/// A courtroom sitting on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sitting {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub court_ou: OuCode,
    pub courtroom_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// `HH:MM`, Europe/London.
    pub start_time: String,
    pub session: Session,
    pub kind: SittingKind,
    /// Names of the bench (magistrates, district judge) or judge, as they appear on the list.
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
    /// The recurring pattern the sitting was created from, if any.
    #[serde(default)]
    pub pattern_id: Option<Uuid>,
}

impl Sitting {
    /// The time the sitting occupies.
    pub fn window(&self) -> Window {
        Window::new(self.date, &self.start_time, self.session.ends())
    }
}

/// A sitting with what listing needs to place a hearing in it: its room and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub sitting: Sitting,
    pub courtroom: Courtroom,
    pub load: SittingLoad,
}

/// A day of the week, as named in sitting patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    pub const WEEKDAYS: [Day; 5] = [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
    ];
    pub fn of(d: Date) -> Day {
        use jiff::civil::Weekday as W;
        match d.weekday() {
            W::Monday => Day::Monday,
            W::Tuesday => Day::Tuesday,
            W::Wednesday => Day::Wednesday,
            W::Thursday => Day::Thursday,
            W::Friday => Day::Friday,
            W::Saturday => Day::Saturday,
            W::Sunday => Day::Sunday,
        }
    }
}

/// A recurring sitting, e.g. "Court 1, remand court, every weekday morning", set up once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SittingPattern {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub court_ou: OuCode,
    pub courtroom_id: Uuid,
    pub weekdays: Vec<Day>,
    pub start_time: String,
    pub session: Session,
    pub kind: SittingKind,
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub until: Date,
}

/// A stretch of time on one court day, in minutes after midnight; `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub date: Date,
    pub from: u32,
    pub to: u32,
}

impl Window {
    /// From `HH:MM` to `HH:MM`; an unreadable time stands for the whole day.
    pub fn new(date: Date, from: &str, to: &str) -> Window {
        Window {
            date,
            from: minutes(from).unwrap_or(0),
            to: minutes(to).unwrap_or(24 * 60),
        }
    }
    /// The whole day: a hearing listed for a date with no time keeps the defendant all day.
    pub fn whole_day(date: Date) -> Window {
        Window {
            date,
            from: 0,
            to: 24 * 60,
        }
    }
    pub fn overlaps(&self, other: &Window) -> bool {
        self.date == other.date && self.from < other.to && other.from < self.to
    }
}

/// Minutes after midnight of a `HH:MM` time.
pub fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
