//! Commands checked against the current state. Each function either refuses with a specific,
//! human-readable `DomainError` or returns the events to append; nothing is changed on refusal.

mod create;
mod hearing;
mod listing;
mod offence;
mod other;
mod results;
mod trial;
mod warned;

pub use create::create_case;
pub use hearing::{list_hearing, record_hearing_outcome, vacate_hearing};
pub use listing::move_hearing;
pub use other::{
    associate_defence, decide_amendment, extend_custody_time_limit, impose_restriction,
    lift_restriction, propose_amendment, remove_defence,
};
pub use results::{NON_CONVICTION_DISPOSALS, check_result};
pub use trial::{note_dates_to_avoid, record_trial_outcome};
pub use warned::{MAX_WARNED_DAYS, period_warnings, warn_trial};

use jiff::civil::Date;
use uuid::Uuid;

use super::error::{DomainError, DomainResult};
use crate::ids::OuCode;
use crate::listing::{BookedElsewhere, Placement};
use crate::refdata::{Court, RefData};

/// How far back a hearing may be listed, so a hearing held but entered late can still be recorded
/// (a court's own correction window; not a statutory figure).
pub const CORRECTION_WINDOW_DAYS: i64 = 7;

/// What a command needs besides the state: the court's calendar date, who acts, the reference
/// data, a source of new ids (injected so the domain stays deterministic in tests), and the
/// sittings the input names and the same people's hearings in other cases (loaded by the caller,
/// since the domain does no I/O). Decisions
/// leave in `warnings` what the person acting should know about an accepted change
/// (over-listing, a missed deadline).
pub struct Ctx<'a> {
    pub today: Date,
    pub actor: Uuid,
    pub refdata: &'a RefData,
    pub new_id: &'a mut dyn FnMut() -> Uuid,
    pub sittings: &'a [Placement],
    /// Hearings of other cases still listed for the defendants of this one (by PNC ID), on the
    /// days of those sittings: a person cannot be in two courtrooms at once.
    pub elsewhere: &'a [BookedElsewhere],
    pub warnings: Vec<String>,
}

impl<'a> Ctx<'a> {
    /// A context with no sittings loaded and no warnings yet.
    pub fn new(
        today: Date,
        actor: Uuid,
        refdata: &'a RefData,
        new_id: &'a mut dyn FnMut() -> Uuid,
    ) -> Self {
        Ctx {
            today,
            actor,
            refdata,
            new_id,
            sittings: &[],
            elsewhere: &[],
            warnings: Vec::new(),
        }
    }
    pub fn id(&mut self) -> Uuid {
        (self.new_id)()
    }
}

/// Parse a `YYYY-MM-DD` date with a clerk-friendly message.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| format!("'{s}' is not a date: use the form YYYY-MM-DD, e.g. 2026-11-27"))
}

/// A court that exists in the reference data.
pub(crate) fn known_court<'r>(
    refdata: &'r RefData,
    ou: &str,
) -> Result<(OuCode, &'r Court), String> {
    let code = OuCode::parse(ou).map_err(|e| e.to_string())?;
    let court = refdata.court(&code).ok_or_else(|| {
        format!("There is no court with OU code {code} in the court reference data")
    })?;
    Ok((code, court))
}

pub(crate) fn require_text(value: &str, field: &str) -> DomainResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(
            field,
            "Enter a value: this cannot be blank",
        ));
    }
    Ok(v.to_string())
}

/// Whole days from `date` back to `today` (positive when `date` is in the past).
pub(crate) fn days_ago(date: Date, today: Date) -> i64 {
    super::ctl::days_between(date, today)
}
