//! Placing a hearing of a case in a sitting (with the suitability, double-booking and deadline
//! rules of `crate::listing`), and moving it.

use jiff::civil::Date;
use uuid::Uuid;

use super::{Ctx, known_court, parse_date, require_text};
use crate::case::commands::MoveHearing;
use crate::case::error::{DomainError, DomainResult, Errors};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::ids::OuCode;
use crate::listing::case::{bookings, deadlines, needs};
use crate::listing::rules::unsuitable;
use crate::listing::{Placement, default_estimate_minutes, placement_warnings};

/// Longest time estimate accepted for one hearing: a full court day is about five hours.
const MAX_ESTIMATE_MINUTES: u32 = 720;

/// Where a hearing is to be placed.
pub(crate) struct Target<'a> {
    pub court_ou: &'a OuCode,
    pub date: Date,
    pub hearing_type: &'a str,
    pub sitting_id: Uuid,
    pub estimate: Option<u32>,
    /// The hearing being moved, whose own booking does not count against it.
    pub moving: Option<Uuid>,
}

/// Check placing a hearing of `case` in a sitting, and give its slot; warnings (over-listing,
/// a deadline missed) go to `ctx.warnings`. `field` prefixes error paths.
pub(crate) fn slot(
    case: &Case,
    t: &Target,
    field: &str,
    ctx: &mut Ctx,
) -> DomainResult<HearingSlot> {
    let invalid = |f: &str, m: String| DomainError::invalid(format!("{field}{f}"), m);
    let p: &Placement = ctx
        .sittings
        .iter()
        .find(|p| p.sitting.id == t.sitting_id)
        .ok_or_else(|| invalid("sitting_id", "There is no such sitting".into()))?;
    if &p.sitting.court_ou != t.court_ou {
        return Err(invalid(
            "sitting_id",
            format!(
                "This sitting is at {}, not {}",
                p.sitting.court_ou, t.court_ou
            ),
        ));
    }
    if p.sitting.date != t.date {
        return Err(invalid(
            "hearing_date",
            format!("The sitting is on {}, not {}", p.sitting.date, t.date),
        ));
    }
    let estimate = t
        .estimate
        .unwrap_or_else(|| default_estimate_minutes(t.hearing_type, t.court_ou.kind()));
    if estimate == 0 || estimate > MAX_ESTIMATE_MINUTES {
        return Err(invalid(
            "estimate_minutes",
            format!("Give between 1 and {MAX_ESTIMATE_MINUTES} minutes"),
        ));
    }
    if let Some(why) = unsuitable(t.hearing_type, needs(case), p, t.court_ou.kind()) {
        return Err(DomainError::rule("sitting-unsuitable", why));
    }
    let window = p.sitting.window();
    if let Some(b) = bookings(case, t.moving)
        .into_iter()
        .find(|b| b.window.overlaps(&window))
    {
        let other = case.hearing(b.hearing_id);
        let when = other
            .and_then(|h| h.slot.as_ref())
            .map(|s| format!(" at {} ({})", s.start_time, s.courtroom))
            .unwrap_or_default();
        let court = other.map(|h| h.court_name.clone()).unwrap_or_default();
        return Err(DomainError::rule(
            "double-booked",
            format!(
                "The defendants are already listed on {}{when} at {court}: nobody can be in two hearings at once",
                t.date
            ),
        ));
    }
    if let Some(b) = ctx
        .elsewhere
        .iter()
        .find(|b| b.clashes_with(p.sitting.id, p.sitting.court_ou.as_str(), &window))
    {
        return Err(DomainError::rule("double-booked", b.describe()));
    }
    let due = deadlines(case, t.hearing_type, ctx.today);
    let warnings = placement_warnings(p, estimate, &due);
    let slot = HearingSlot {
        sitting_id: p.sitting.id,
        courtroom_id: p.courtroom.id,
        courtroom: p.courtroom.name.clone(),
        start_time: p.sitting.start_time.clone(),
        end_time: Some(p.sitting.session.ends().to_string()),
        estimate_minutes: Some(estimate),
    };
    ctx.warnings.extend(warnings);
    Ok(slot)
}

fn listed_hearing(case: &Case, hearing_id: Uuid) -> DomainResult<&Hearing> {
    if case.status == CaseStatus::Concluded {
        return Err(DomainError::rule(
            "case-concluded",
            "The case is concluded: nothing more can be listed",
        ));
    }
    let h = case
        .hearing(hearing_id)
        .ok_or_else(|| DomainError::not_found("Hearing"))?;
    if h.status != HearingStatus::Listed {
        return Err(DomainError::rule(
            "hearing-not-listed",
            "Only a hearing that is still listed can be moved",
        ));
    }
    Ok(h)
}

/// Move a listed hearing into another sitting, or to another date or court.
pub fn move_hearing(
    case: &Case,
    hearing_id: Uuid,
    input: &MoveHearing,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let h = listed_hearing(case, hearing_id)?.clone();
    let reason = require_text(&input.reason, "reason")?;
    let mut errors = Errors::default();
    let named_court = input
        .court_ou
        .as_deref()
        .and_then(|c| errors.take("court_ou", known_court(ctx.refdata, c).map(|(ou, _)| ou)));
    let named_date = input
        .hearing_date
        .as_deref()
        .and_then(|d| errors.take("hearing_date", parse_date(d)));
    let sitting = input.sitting_id.map(|id| {
        let s = ctx.sittings.iter().find(|p| p.sitting.id == id);
        (id, s.map(|p| (p.sitting.court_ou.clone(), p.sitting.date)))
    });
    if let Some((_, None)) = sitting {
        errors.push("sitting_id", "There is no such sitting");
    }
    if input.sitting_id.is_none() && input.court_ou.is_none() && input.hearing_date.is_none() {
        errors.push(
            "sitting_id",
            "Give the sitting, or the date, to move the hearing to",
        );
    }
    if input.sitting_id.is_none() && input.estimate_minutes.is_some() {
        errors.push(
            "estimate_minutes",
            "A time estimate is given with a sitting",
        );
    }
    errors.finish()?;
    let (court_ou, date) = match sitting {
        Some((_, Some((ou, d)))) => (named_court.unwrap_or(ou), named_date.unwrap_or(d)),
        _ => (
            named_court.unwrap_or_else(|| h.court_ou.clone()),
            named_date.unwrap_or(h.hearing_date),
        ),
    };
    if date < ctx.today {
        return Err(DomainError::rule(
            "hearing-in-the-past",
            format!("A hearing can be moved to today or a later date, not {date}"),
        ));
    }
    let slot = match input.sitting_id {
        Some(sitting_id) => Some(slot(
            case,
            &Target {
                court_ou: &court_ou,
                date,
                hearing_type: &h.hearing_type,
                sitting_id,
                estimate: input.estimate_minutes,
                moving: Some(hearing_id),
            },
            "",
            ctx,
        )?),
        None => None,
    };
    let same_sitting = slot.as_ref().map(|s| s.sitting_id) == h.slot.as_ref().map(|s| s.sitting_id);
    if court_ou == h.court_ou && date == h.hearing_date && same_sitting {
        return Err(DomainError::invalid(
            "sitting_id",
            "The hearing is already listed there: give another sitting or date",
        ));
    }
    if let Some(w) = h.warned
        && !w.contains(date)
    {
        ctx.warnings.push(format!(
            "The trial is fixed outside its warned period ({} to {}) for {date}: make sure the parties know",
            w.from, w.to
        ));
    }
    let court_name = ctx
        .refdata
        .court(&court_ou)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    Ok(vec![CaseEvent::HearingMoved {
        hearing_id,
        court_ou,
        court_name,
        hearing_date: date,
        slot,
        reason,
    }])
}
