//! What listing reads from a case: where its hearings can be heard (youth, custody), the
//! statutory deadlines of a hearing, when its defendants are already in court, and the dates
//! the parties cannot attend.

use jiff::ToSpan;
use jiff::civil::Date;
use uuid::Uuid;

use super::calendar::next_court_day;
use super::model::Window;
use super::propose::{Booking, Deadline, ProposalRequest, Unavailable};
use super::rules::{HearingCategory, Needs, category};
use crate::case::ctl::CtlStatus;
use crate::case::{Case, CustodyStatus, HearingStatus};

/// The Plea and Trial Preparation Hearing should be held within 28 days of sending (Criminal
/// Practice Directions, and the Better Case Management handbook).
pub const PTPH_DAYS_AFTER_SENDING: i64 = 28;

/// The CJS code list has no PTPH code: the Crown Court lists it as `PDH` (Plea & Directions
/// Hearing, its predecessor), as the demo data and the sending screens do.
pub const PTPH_CODE: &str = "PDH";

/// Youth court and secure dock needs of the case.
pub fn needs(case: &Case) -> Needs {
    Needs {
        youth: !case.defendants.is_empty() && case.defendants.iter().all(|d| d.youth),
        in_custody: case
            .defendants
            .iter()
            .any(|d| d.custody_status == CustodyStatus::InCustody),
    }
}

/// The dates by which a hearing of `hearing_type` must take place.
pub fn deadlines(case: &Case, hearing_type: &str, today: Date) -> Vec<Deadline> {
    let mut out = Vec::new();
    let cat = category(hearing_type);
    if cat == HearingCategory::Trial {
        let ctl = case
            .defendants
            .iter()
            .flat_map(|d| &d.offences)
            .filter_map(|o| o.custody_time_limit.as_ref())
            .filter(|c| c.status == CtlStatus::Running)
            .filter_map(|c| c.expiry_date)
            .min();
        if let Some(expiry) = ctl {
            out.push(Deadline {
                date: expiry,
                rule: "custody-time-limit".into(),
                reason: format!(
                    "the custody time limit expires on {expiry}: the trial must start by then (Prosecution of Offences (Custody Time Limits) Regulations 1987)"
                ),
            });
        }
    }
    if hearing_type == PTPH_CODE
        && let Some(sent) = case.sent_on
        && let Ok(by) = sent.checked_add(PTPH_DAYS_AFTER_SENDING.days())
    {
        out.push(Deadline {
            date: by,
            rule: "ptph-28-days".into(),
            reason: format!(
                "sent to the Crown Court on {sent}: the plea and trial preparation hearing is due within {PTPH_DAYS_AFTER_SENDING} days"
            ),
        });
    }
    if cat == HearingCategory::FirstAppearance && needs(case).in_custody {
        let by = next_court_day(today);
        out.push(Deadline {
            date: by,
            rule: "first-appearance-in-custody".into(),
            reason: format!(
                "a defendant kept in custody must be brought before the court no later than its first sitting ({by}; Police and Criminal Evidence Act 1984 s.46)"
            ),
        });
    }
    out
}

/// The times the case's defendants are already expected in court: its other listed hearings (a
/// hearing listed for a date without a sitting keeps them the whole day; a trial in a warned list
/// keeps them on no day until it is fixed).
pub fn bookings(case: &Case, except: Option<Uuid>) -> Vec<Booking> {
    case.hearings
        .iter()
        .filter(|h| h.status == HearingStatus::Listed && Some(h.id) != except)
        .filter(|h| h.warned.is_none())
        .map(|h| Booking {
            hearing_id: h.id,
            window: match &h.slot {
                Some(s) => Window::new(
                    h.hearing_date,
                    &s.start_time,
                    s.end_time.as_deref().unwrap_or("23:59"),
                ),
                None => Window::whole_day(h.hearing_date),
            },
        })
        .collect()
}

/// The dates to avoid noted on the case.
pub fn unavailable(case: &Case) -> Vec<Unavailable> {
    case.dates_to_avoid
        .iter()
        .map(|d| {
            let name = d
                .defendant_id
                .and_then(|id| case.defendant(id))
                .map(|x| x.name.full());
            Unavailable {
                from: d.from,
                to: d.to,
                who: d.party.describe(name.as_deref()),
            }
        })
        .collect()
}

/// The proposal request for a hearing of this case; the caller adds the same people's hearings
/// in other cases (`elsewhere`), which only the store can find.
pub fn request(
    case: &Case,
    hearing_type: &str,
    estimate_minutes: u32,
    current_sitting: Option<Uuid>,
    today: Date,
) -> ProposalRequest {
    ProposalRequest {
        hearing_type: hearing_type.to_string(),
        needs: needs(case),
        estimate_minutes,
        unavailable: unavailable(case),
        deadlines: deadlines(case, hearing_type, today),
        current_sitting,
        elsewhere: Vec::new(),
    }
}
