//! Proposing sittings for a hearing: the next suitable ones, honouring the hearing type, youth or
//! adult, custody, the dates the parties cannot attend, other hearings of the same defendants, and
//! statutory deadlines. A sitting after a deadline is never proposed; a full one is, with a warning.

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;

use super::elsewhere::BookedElsewhere;
use super::model::{Capacity, Placement, Session, SittingKind, SittingLoad, Window};
use super::rules::{Needs, over_listing, unsuitable};

/// A date by which the hearing must take place, with the rule it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Stable code: `custody-time-limit`, `ptph-28-days`, `first-appearance-in-custody`.
    pub rule: String,
    pub reason: String,
}

/// Days someone needed at the hearing cannot attend (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    pub from: Date,
    pub to: Date,
    /// Who, in words ("the defendant Jo Bloggs", "defence advocate"), for the reason given.
    pub who: String,
}

/// When the defendants of the case are already expected in court (their other listed hearings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub hearing_id: Uuid,
    pub window: Window,
}

/// What is being listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRequest {
    pub hearing_type: String,
    pub needs: Needs,
    pub estimate_minutes: u32,
    pub unavailable: Vec<Unavailable>,
    pub deadlines: Vec<Deadline>,
    /// The sitting the hearing is in now (when moving it): not proposed again.
    pub current_sitting: Option<Uuid>,
    /// The same people's hearings in other cases: sittings that clash with them are not proposed.
    pub elsewhere: Vec<BookedElsewhere>,
}

/// One proposed sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub sitting_id: Uuid,
    pub courtroom_id: Uuid,
    pub courtroom: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub start_time: String,
    pub session: Session,
    pub kind: SittingKind,
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
    /// What the sitting already holds.
    pub load: SittingLoad,
    /// Things the listing officer should know (over-listing).
    pub warnings: Vec<String>,
}

/// The candidate sittings that can take the hearing, best first: the earliest first; for a case
/// on bail, sittings with room before those it would over-list, so that custody cases (which
/// must be heard soonest, and are never pushed back for room) get the earliest places.
pub fn propose(
    req: &ProposalRequest,
    candidates: &[Placement],
    bookings: &[Booking],
    today: Date,
) -> Vec<Proposal> {
    let last_day = req.deadlines.iter().map(|d| d.date).min();
    let mut out: Vec<(bool, Proposal)> = candidates
        .iter()
        .filter(|p| p.sitting.date >= today)
        .filter(|p| last_day.is_none_or(|last| p.sitting.date <= last))
        .filter(|p| Some(p.sitting.id) != req.current_sitting)
        .filter(|p| {
            !req.unavailable
                .iter()
                .any(|u| u.from <= p.sitting.date && p.sitting.date <= u.to)
        })
        .filter(|p| {
            let court = p.sitting.court_ou.kind();
            unsuitable(&req.hearing_type, req.needs, p, court).is_none()
        })
        .filter(|p| {
            let w = p.sitting.window();
            !bookings.iter().any(|b| b.window.overlaps(&w))
                && !req
                    .elsewhere
                    .iter()
                    .any(|b| b.clashes_with(p.sitting.id, p.sitting.court_ou.as_str(), &w))
        })
        .map(|p| {
            let over = over_listing(p.sitting.capacity, p.load, req.estimate_minutes);
            let proposal = Proposal {
                sitting_id: p.sitting.id,
                courtroom_id: p.courtroom.id,
                courtroom: p.courtroom.name.clone(),
                date: p.sitting.date,
                start_time: p.sitting.start_time.clone(),
                session: p.sitting.session,
                kind: p.sitting.kind,
                judiciary: p.sitting.judiciary.clone(),
                capacity: p.sitting.capacity,
                load: p.load,
                warnings: over.iter().cloned().collect(),
            };
            (over.is_some() && !req.needs.in_custody, proposal)
        })
        .collect();
    out.sort_by(|(a_full, a), (b_full, b)| {
        (a_full, a.date, &a.start_time, &a.courtroom, a.sitting_id).cmp(&(
            b_full,
            b.date,
            &b.start_time,
            &b.courtroom,
            b.sitting_id,
        ))
    });
    out.into_iter().map(|(_, p)| p).collect()
}

/// Warnings for placing a hearing in a chosen sitting: over-listing, and deadlines it misses
/// (a listing officer may still list after one, e.g. when a custody time limit extension is
/// sought, but must see it).
pub fn placement_warnings(
    placement: &Placement,
    estimate: u32,
    deadlines: &[Deadline],
) -> Vec<String> {
    let mut out: Vec<String> = over_listing(placement.sitting.capacity, placement.load, estimate)
        .into_iter()
        .collect();
    for d in deadlines.iter().filter(|d| placement.sitting.date > d.date) {
        out.push(format!("after the deadline of {}: {}", d.date, d.reason));
    }
    out
}
