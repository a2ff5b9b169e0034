//! Changing and cancelling a sitting once it is set up. A sitting with hearings listed in it
//! keeps its kind, start time and session: the hearings were placed because they suit those
//! (a trial in a trial sitting, a defendant told to attend at 10:00), so changing them would
//! silently make the listings wrong. The bench and the capacity may change at any time; a
//! capacity below what is listed is accepted (courts over-list knowingly) with a warning.

use serde::{Deserialize, Serialize};

use super::input::{Common, check_common, clash};
use super::model::{Capacity, Placement, Session, Sitting, SittingKind, SittingLoad};
use crate::case::error::{DomainError, DomainResult, Errors};

/// A change to a sitting: what is omitted stays as it is.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SittingChange {
    /// The sitting's version as read: the change is refused (409) if it changed since.
    pub version: i64,
    /// The bench or judge, as named on the list (replaces the names).
    #[serde(default)]
    pub judiciary: Option<Vec<String>>,
    #[serde(default)]
    pub capacity: Option<Capacity>,
    /// Only while nothing is listed in the sitting.
    #[serde(default)]
    pub kind: Option<SittingKind>,
    /// `HH:MM`; only while nothing is listed in the sitting.
    #[serde(default)]
    pub start_time: Option<String>,
    /// Only while nothing is listed; the session's usual start applies unless a time is given.
    #[serde(default)]
    pub session: Option<Session>,
}

/// The sitting as it will be, and what the listing officer must see about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSitting {
    pub sitting: Sitting,
    /// E.g. over-listing when the capacity falls below what is listed.
    pub warnings: Vec<String>,
    /// The change moves the sitting (its kind, session or start): it stands only while nothing
    /// is listed in it, which the store checks again as it writes (a hearing may be listed in
    /// the sitting between this decision and the write).
    pub only_if_empty: bool,
}

/// Whether `load` exceeds `capacity` in the sitting's own unit.
pub fn is_over_listed(capacity: Capacity, load: SittingLoad) -> bool {
    match capacity {
        Capacity::Minutes(max) => load.minutes > max,
        Capacity::Cases(max) => load.cases > max,
    }
}

fn hearings(n: u32) -> String {
    if n == 1 {
        "1 hearing is".into()
    } else {
        format!("{n} hearings are")
    }
}

/// Checks `change` against the sitting as it is (`current`, with its room and load) and the
/// court's other sittings that day (`others`: a room sits once at a time).
pub fn change_sitting(
    current: &Placement,
    change: &SittingChange,
    others: &[Sitting],
) -> DomainResult<ChangedSitting> {
    let now = &current.sitting;
    let session = change.session.unwrap_or(now.session);
    let start = match (&change.start_time, change.session) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(s)) if s != now.session => None,
        (None, _) => Some(now.start_time.clone()),
    };
    let kind = change.kind.unwrap_or(now.kind);
    let judiciary = change.judiciary.as_ref().unwrap_or(&now.judiciary);
    let capacity = change.capacity.unwrap_or(now.capacity);
    let mut errors = Errors::default();
    let (start_time, judiciary) = check_common(
        &Common {
            courtroom: Some(&current.courtroom),
            start_time: &start,
            session,
            kind,
            judiciary,
            capacity,
        },
        &mut errors,
    );
    errors.finish()?;
    let listed = current.load.cases;
    let moved = kind != now.kind || session != now.session || start_time != now.start_time;
    if listed > 0 && moved {
        return Err(DomainError::rule(
            "sitting-has-hearings",
            format!(
                "{} listed in this sitting: move them first, then change its kind, start time \
                 or session (the bench and the capacity can be changed now)",
                hearings(listed)
            ),
        ));
    }
    let sitting = Sitting {
        kind,
        session,
        start_time,
        judiciary,
        capacity,
        ..now.clone()
    };
    if let Some(other) = clash(&sitting, others) {
        return Err(DomainError::rule(
            "courtroom-already-sitting",
            format!(
                "{} already sits on {} from {} ({}): choose another session or time",
                current.courtroom.name,
                sitting.date,
                other.start_time,
                other.session.as_str().replace('_', " ")
            ),
        ));
    }
    let mut warnings = Vec::new();
    if is_over_listed(capacity, current.load) {
        let (used, max) = match capacity {
            Capacity::Minutes(m) => (
                format!("{} minutes", current.load.minutes),
                format!("{m} minutes"),
            ),
            Capacity::Cases(n) => (format!("{listed} cases"), format!("{n} cases")),
        };
        warnings.push(format!(
            "over-listed: {used} listed against a capacity of {max}"
        ));
    }
    Ok(ChangedSitting {
        sitting,
        warnings,
        only_if_empty: moved,
    })
}

/// A sitting can be cancelled only while nothing is listed in it.
pub fn cancel_sitting(current: &Placement) -> DomainResult<()> {
    match current.load.cases {
        0 => Ok(()),
        n => Err(DomainError::rule(
            "sitting-has-hearings",
            format!(
                "{} listed in this sitting: move or vacate them first, then cancel it",
                hearings(n)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use uuid::Uuid;

    use super::*;
    use crate::ids::OuCode;
    use crate::listing::Courtroom;

    fn placement(cases: u32, minutes: u32) -> Placement {
        let room = Courtroom {
            id: Uuid::from_u128(1),
            court_ou: OuCode::parse("B01LY00").unwrap(),
            name: "Court 1".into(),
            youth_suitable: false,
            secure_dock: true,
        };
        Placement {
            sitting: Sitting {
                id: Uuid::from_u128(2),
                court_ou: room.court_ou.clone(),
                courtroom_id: room.id,
                date: date(2026, 12, 1),
                start_time: "10:00".into(),
                session: Session::Morning,
                kind: SittingKind::Adult,
                judiciary: vec!["DJ Khan".into()],
                capacity: Capacity::Minutes(180),
                pattern_id: None,
            },
            courtroom: room,
            load: SittingLoad { cases, minutes },
        }
    }

    #[test]
    fn with_hearings_the_bench_and_capacity_change_with_an_over_listing_warning() {
        let p = placement(3, 150);
        let c = SittingChange {
            judiciary: Some(vec![" Ms Ó Súilleabháin JP ".into()]),
            capacity: Some(Capacity::Minutes(120)),
            ..Default::default()
        };
        let out = change_sitting(&p, &c, &[]).unwrap();
        assert_eq!(out.sitting.judiciary, ["Ms Ó Súilleabháin JP"]);
        assert_eq!(out.sitting.capacity, Capacity::Minutes(120));
        assert!(
            !out.only_if_empty,
            "the bench and capacity need no empty sitting"
        );
        assert_eq!(
            out.warnings,
            ["over-listed: 150 minutes listed against a capacity of 120 minutes"]
        );
        let c = SittingChange {
            capacity: Some(Capacity::Cases(3)),
            ..Default::default()
        };
        assert!(change_sitting(&p, &c, &[]).unwrap().warnings.is_empty());
    }

    #[test]
    fn with_hearings_kind_time_and_session_stay() {
        let p = placement(2, 40);
        for c in [
            SittingChange {
                kind: Some(SittingKind::Trial),
                ..Default::default()
            },
            SittingChange {
                start_time: Some("10:30".into()),
                ..Default::default()
            },
            SittingChange {
                session: Some(Session::Afternoon),
                ..Default::default()
            },
        ] {
            let err = change_sitting(&p, &c, &[]).unwrap_err();
            assert_eq!(err.code(), "sitting-has-hearings");
            assert!(
                err.to_string()
                    .starts_with("2 hearings are listed in this sitting: move them first"),
                "{err}"
            );
        }
        // Naming the same values is no change.
        let same = SittingChange {
            kind: Some(SittingKind::Adult),
            start_time: Some("10:00".into()),
            session: Some(Session::Morning),
            ..Default::default()
        };
        assert!(change_sitting(&p, &same, &[]).is_ok());
    }

    #[test]
    fn without_hearings_anything_changes_but_a_room_sits_once_at_a_time() {
        let p = placement(0, 0);
        let c = SittingChange {
            session: Some(Session::Afternoon),
            kind: Some(SittingKind::Trial),
            ..Default::default()
        };
        let out = change_sitting(&p, &c, &[]).unwrap();
        assert!(out.only_if_empty, "moving it stands only while it is empty");
        assert_eq!(
            (
                out.sitting.session,
                out.sitting.start_time.as_str(),
                out.sitting.kind
            ),
            (Session::Afternoon, "14:00", SittingKind::Trial)
        );
        let afternoon = Sitting {
            id: Uuid::from_u128(9),
            session: Session::Afternoon,
            start_time: "14:00".into(),
            ..p.sitting.clone()
        };
        let err = change_sitting(&p, &c, &[afternoon, p.sitting.clone()]).unwrap_err();
        assert_eq!(err.code(), "courtroom-already-sitting");
        let bad = SittingChange {
            start_time: Some("7:00".into()),
            kind: Some(SittingKind::Youth),
            ..Default::default()
        };
        let DomainError::Invalid(fields) = change_sitting(&p, &bad, &[]).unwrap_err() else {
            panic!("invalid fields expected")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["kind", "start_time"]);
    }

    #[test]
    fn only_an_empty_sitting_is_cancelled() {
        assert!(cancel_sitting(&placement(0, 0)).is_ok());
        let err = cancel_sitting(&placement(1, 20)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "1 hearing is listed in this sitting: move or vacate them first, then cancel it"
        );
        assert!(is_over_listed(
            Capacity::Cases(2),
            SittingLoad {
                cases: 3,
                minutes: 0
            }
        ));
        assert!(!is_over_listed(
            Capacity::Minutes(60),
            SittingLoad {
                cases: 9,
                minutes: 60
            }
        ));
    }
}
