//! The demo's court estate: realistic courtrooms at every demo court and a fortnight of sittings
//! from recurring patterns (a remand court every weekday morning, trial courts, general and
//! sentencing lists, a youth court twice a week), set up through the same domain validation and
//! store calls as the API; and placing demo hearings in them where a suitable sitting exists.

use std::collections::HashMap;

use assize_domain::case::DomainResult;
use assize_domain::ids::{CourtKind, OuCode};
use assize_domain::listing::{
    Capacity, Day, NewCourtroom, NewSittingPattern, Placement, Session, SittingKind, expand, input,
};
use assize_store::{SearchLog, Store};
use jiff::ToSpan;
use jiff::civil::Date;
use uuid::Uuid;

use super::DemoError;
use super::people::area_courts;

/// A room and what it sits as: (name, youth suitable, secure dock, patterns).
type RoomPlan = (
    &'static str,
    bool,
    bool,
    &'static [(&'static [Day], Session, SittingKind, Capacity)],
);

const WEEK: &[Day] = &Day::WEEKDAYS;

const MAGISTRATES: &[RoomPlan] = &[
    (
        "Court 1",
        false,
        true,
        &[(
            WEEK,
            Session::Morning,
            SittingKind::Remand,
            Capacity::Cases(30),
        )],
    ),
    (
        "Court 2",
        false,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Trial,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Court 3",
        false,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Trial,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Court 4",
        false,
        true,
        &[
            (
                WEEK,
                Session::Morning,
                SittingKind::Adult,
                Capacity::Cases(25),
            ),
            (
                WEEK,
                Session::Afternoon,
                SittingKind::Sentencing,
                Capacity::Minutes(150),
            ),
        ],
    ),
    (
        "Court 5",
        false,
        false,
        &[
            (
                WEEK,
                Session::Morning,
                SittingKind::Adult,
                Capacity::Cases(25),
            ),
            (
                WEEK,
                Session::Afternoon,
                SittingKind::Mixed,
                Capacity::Minutes(150),
            ),
        ],
    ),
    (
        "Court 6",
        false,
        false,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Mixed,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Youth Court",
        true,
        true,
        &[(
            &[Day::Tuesday, Day::Thursday],
            Session::Morning,
            SittingKind::Youth,
            Capacity::Cases(15),
        )],
    ),
];

const CROWN: &[RoomPlan] = &[
    (
        "Court 1",
        false,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Mixed,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Court 2",
        false,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Trial,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Court 3",
        false,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Trial,
            Capacity::Minutes(300),
        )],
    ),
    (
        "Court 4",
        true,
        true,
        &[(
            WEEK,
            Session::AllDay,
            SittingKind::Trial,
            Capacity::Minutes(300),
        )],
    ),
];

const BENCH: &[&str] = &[
    "District Judge (MC) Amara Bello",
    "Mrs J. Patel JP",
    "Mr R. Hughes JP",
    "Ms L. Chen JP",
    "Mr T. Ó Ceallaigh JP",
];
const JUDGES: &[&str] = &[
    "HHJ Rahman",
    "HHJ Whitfield",
    "Mr Recorder Adeyemi",
    "HHJ Morgan KC",
];

/// The demo's sittings by court and day, with what the demo has placed in them.
#[derive(Default)]
pub(super) struct Estate {
    days: HashMap<(String, Date), Vec<Placement>>,
}

fn by(user: Uuid, org: Uuid) -> SearchLog {
    SearchLog {
        user_id: user,
        org_id: org,
        at: jiff::Timestamp::now(),
        correlation_id: Uuid::now_v7(),
    }
}

/// Set up the estate of every demo court in `area` ("01" London, "43" Thames Valley): rooms by the
/// court admin, a fortnight of sittings from today by the listing officer.
pub(super) async fn create(
    store: &Store,
    estate: &mut Estate,
    area: &str,
    admin: (Uuid, Uuid),
    listing: (Uuid, Uuid),
    today: Date,
) -> Result<(), DemoError> {
    let until = today.checked_add(13.days())?;
    for (n, ou) in area_courts(area, None).iter().enumerate() {
        let court = OuCode::parse(ou)?;
        let (plan, names) = match court.kind() {
            CourtKind::Magistrates => (MAGISTRATES, BENCH),
            CourtKind::Crown => (CROWN, JUDGES),
        };
        let mut rooms = Vec::new();
        for (r, (name, youth, dock, patterns)) in plan.iter().enumerate() {
            let new = NewCourtroom {
                name: name.to_string(),
                youth_suitable: *youth,
                secure_dock: *dock,
            };
            let room = input::courtroom(&court, &new, &rooms, Uuid::now_v7())?;
            store.create_courtroom(&room, &by(admin.0, admin.1)).await?;
            for (days, session, kind, capacity) in patterns.iter() {
                let new = NewSittingPattern {
                    courtroom_id: room.id,
                    weekdays: days.to_vec(),
                    start_time: None,
                    session: *session,
                    kind: *kind,
                    judiciary: vec![names[(n + r) % names.len()].to_string()],
                    capacity: *capacity,
                    from: today.to_string(),
                    until: until.to_string(),
                };
                let pattern = input::pattern(&court, &new, Some(&room), today, Uuid::now_v7())?;
                let sittings = expand(&pattern, today, until, &mut Uuid::now_v7);
                store
                    .create_sittings(&sittings, Some(&pattern), &by(listing.0, listing.1))
                    .await?;
                for s in sittings {
                    let key = (ou.clone(), s.date);
                    estate.days.entry(key).or_default().push(Placement {
                        sitting: s,
                        courtroom: room.clone(),
                        load: Default::default(),
                    });
                }
            }
            rooms.push(room);
        }
    }
    Ok(())
}

impl Estate {
    /// The court's sittings that day, least full first.
    pub(super) fn on(&self, court: &str, date: Date) -> Vec<Placement> {
        let mut v = self
            .days
            .get(&(court.to_string(), date))
            .cloned()
            .unwrap_or_default();
        v.sort_by_key(|p| p.load.cases);
        v
    }

    /// Decide with the hearing placed in each of `candidates` in turn until one takes it (the
    /// domain decides suitability and double-booking), or unplaced if none does.
    pub(super) fn place<T>(
        &mut self,
        candidates: &[Placement],
        mut attempt: impl FnMut(Option<Uuid>) -> DomainResult<T>,
    ) -> DomainResult<T> {
        for p in candidates {
            match attempt(Some(p.sitting.id)) {
                Ok(out) => {
                    let key = (p.sitting.court_ou.to_string(), p.sitting.date);
                    if let Some(s) = self
                        .days
                        .get_mut(&key)
                        .and_then(|v| v.iter_mut().find(|x| x.sitting.id == p.sitting.id))
                    {
                        s.load.cases += 1;
                    }
                    return Ok(out);
                }
                Err(e) if matches!(e.code(), "sitting-unsuitable" | "double-booked") => continue,
                Err(e) => return Err(e),
            }
        }
        attempt(None)
    }
}
