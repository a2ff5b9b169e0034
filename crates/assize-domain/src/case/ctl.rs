//! Custody time limits: Prosecution of Offences (Custody Time Limits) Regulations 1987 (SI 1987/299).
//!
//! - reg.4(2)/(4): magistrates' court, summary-only offence: 56 days from first appearance to the
//!   start of summary trial; either-way offence: 70 days, reduced to 56 where the court decides on
//!   summary trial within 56 days (reg.4(4)); indictable-only offence: 70 days to sending.
//! - reg.5(6B): Crown Court, after sending: 182 days from sending to the start of trial, less any
//!   period already spent in custody for the offence in the magistrates' court.
//! - The clock stops when the defendant is bailed (and resumes, with the days already used, if
//!   they are remanded in custody again), ends on a guilty plea or conviction or the start of trial,
//!   and may be extended by the court on application before expiry (Prosecution of Offences Act
//!   1985 s.22(3)).
//!
//! Expiry is computed as the day the period started plus the limit in days, the convention used
//! by HMCTS and the CPS for "expiry date"; days left is relative to the court's calendar date.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::model::Venue;
use crate::refdata::ModeOfTrial;

pub const MAGISTRATES_SUMMARY_ONLY_DAYS: i64 = 56;
pub const MAGISTRATES_EITHER_WAY_DAYS: i64 = 70;
pub const MAGISTRATES_EITHER_WAY_REDUCED_DAYS: i64 = 56;
pub const MAGISTRATES_INDICTABLE_ONLY_DAYS: i64 = 70;
pub const CROWN_COURT_DAYS: i64 = 182;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CtlStatus {
    /// The defendant is in custody and the clock is running.
    Running,
    /// The defendant is on bail: the clock is stopped and resumes if remanded again.
    Stopped,
    /// The limit no longer applies (guilty plea, conviction, start of trial, final disposal).
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustodyTimeLimit {
    /// The court stage whose limit applies.
    pub stage: Venue,
    pub limit_days: i64,
    /// First day of custody at this stage (first appearance, or the day of sending).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start_date: Date,
    /// Days of this stage's limit already used in earlier spells of custody (or in the
    /// magistrates' court, for the Crown Court limit).
    pub days_used: i64,
    /// Start of the current spell of custody, when the clock is running.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub running_since: Option<Date>,
    pub status: CtlStatus,
    /// Why the clock stopped or ended, in words.
    pub status_reason: Option<String>,
    /// A new expiry set by the court on extension.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub extended_to: Option<Date>,
    /// Expiry date while running (kept current as events arrive).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expiry_date: Option<Date>,
}

impl CustodyTimeLimit {
    /// The limit for the magistrates' court stage of an offence.
    pub fn magistrates_limit(mode: ModeOfTrial) -> i64 {
        match mode {
            ModeOfTrial::SummaryOnly => MAGISTRATES_SUMMARY_ONLY_DAYS,
            ModeOfTrial::EitherWay => MAGISTRATES_EITHER_WAY_DAYS,
            _ => MAGISTRATES_INDICTABLE_ONLY_DAYS,
        }
    }

    /// A new limit starting on `date` (first remand in custody at this stage).
    pub fn start(stage: Venue, limit_days: i64, date: Date, days_used: i64) -> Self {
        let mut ctl = CustodyTimeLimit {
            stage,
            limit_days,
            start_date: date,
            days_used,
            running_since: Some(date),
            status: CtlStatus::Running,
            status_reason: None,
            extended_to: None,
            expiry_date: None,
        };
        ctl.recompute();
        ctl
    }

    /// Days spent in custody at this stage up to `date` (used when moving to the Crown Court).
    pub fn days_in_custody_until(&self, date: Date) -> i64 {
        let current = match (self.status, self.running_since) {
            (CtlStatus::Running, Some(since)) => days_between(since, date).max(0),
            _ => 0,
        };
        self.days_used + current
    }

    /// The defendant was remanded in custody again on `date`.
    pub fn resume(&mut self, date: Date) {
        if self.status == CtlStatus::Stopped {
            self.status = CtlStatus::Running;
            self.status_reason = None;
            self.running_since = Some(date);
            self.recompute();
        }
    }

    /// The defendant was bailed on `date`.
    pub fn stop(&mut self, date: Date, reason: &str) {
        if self.status == CtlStatus::Running {
            self.days_used = self.days_in_custody_until(date);
            self.running_since = None;
            self.status = CtlStatus::Stopped;
            self.status_reason = Some(reason.to_string());
            self.expiry_date = None;
        }
    }

    /// The limit no longer applies.
    pub fn end(&mut self, date: Date, reason: &str) {
        if self.status != CtlStatus::Ended {
            self.days_used = self.days_in_custody_until(date);
            self.running_since = None;
            self.status = CtlStatus::Ended;
            self.status_reason = Some(reason.to_string());
            self.expiry_date = None;
        }
    }

    /// Reduce an either-way limit to 56 days when summary trial is decided within 56 days of the start.
    pub fn apply_summary_trial_decision(&mut self, decided_on: Date) {
        if self.stage == Venue::MagistratesCourt
            && self.limit_days == MAGISTRATES_EITHER_WAY_DAYS
            && days_between(self.start_date, decided_on) <= MAGISTRATES_EITHER_WAY_REDUCED_DAYS
        {
            self.limit_days = MAGISTRATES_EITHER_WAY_REDUCED_DAYS;
            self.recompute();
        }
    }

    pub fn extend(&mut self, new_expiry: Date) {
        self.extended_to = Some(new_expiry);
        self.recompute();
    }

    fn recompute(&mut self) {
        self.expiry_date = match (self.status, self.running_since) {
            (CtlStatus::Running, Some(since)) => Some(self.extended_to.unwrap_or_else(|| {
                since
                    .checked_add((self.limit_days - self.days_used).days())
                    .unwrap_or(since)
            })),
            _ => None,
        };
    }

    /// Days left before expiry, relative to `today` (negative once expired).
    pub fn days_left(&self, today: Date) -> Option<i64> {
        self.expiry_date.map(|e| days_between(today, e))
    }
}

/// Whole days from `a` to `b` (negative if `b` is before `a`).
pub fn days_between(a: Date, b: Date) -> i64 {
    let span = a.until(b).unwrap_or_default();
    span.get_days() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn summary_only_runs_56_days_from_first_appearance() {
        let ctl = CustodyTimeLimit::start(Venue::MagistratesCourt, 56, date(2026, 1, 5), 0);
        assert_eq!(ctl.expiry_date, Some(date(2026, 3, 2)));
        assert_eq!(ctl.days_left(date(2026, 3, 1)), Some(1));
        assert_eq!(ctl.days_left(date(2026, 3, 4)), Some(-2));
    }

    #[test]
    fn either_way_reduced_to_56_when_summary_trial_decided_in_time() {
        let mut ctl = CustodyTimeLimit::start(Venue::MagistratesCourt, 70, date(2026, 1, 1), 0);
        assert_eq!(ctl.expiry_date, Some(date(2026, 3, 12)));
        ctl.apply_summary_trial_decision(date(2026, 1, 20));
        assert_eq!(ctl.limit_days, 56);
        assert_eq!(ctl.expiry_date, Some(date(2026, 2, 26)));
    }

    #[test]
    fn either_way_not_reduced_after_day_56() {
        let mut ctl = CustodyTimeLimit::start(Venue::MagistratesCourt, 70, date(2026, 1, 1), 0);
        ctl.apply_summary_trial_decision(date(2026, 3, 1));
        assert_eq!(ctl.limit_days, 70);
    }

    #[test]
    fn bail_stops_the_clock_and_remand_resumes_it_with_days_used() {
        let mut ctl = CustodyTimeLimit::start(Venue::MagistratesCourt, 56, date(2026, 1, 1), 0);
        ctl.stop(date(2026, 1, 11), "bailed");
        assert_eq!(ctl.status, CtlStatus::Stopped);
        assert_eq!(ctl.days_used, 10);
        assert_eq!(ctl.expiry_date, None);
        ctl.resume(date(2026, 2, 1));
        assert_eq!(ctl.expiry_date, Some(date(2026, 3, 19)));
    }

    #[test]
    fn crown_court_limit_deducts_magistrates_custody() {
        let mags = CustodyTimeLimit::start(Venue::MagistratesCourt, 70, date(2026, 1, 1), 0);
        let used = mags.days_in_custody_until(date(2026, 1, 15));
        assert_eq!(used, 14);
        let crown = CustodyTimeLimit::start(Venue::CrownCourt, 182, date(2026, 1, 15), used);
        assert_eq!(crown.expiry_date, Some(date(2026, 7, 2)));
    }

    #[test]
    fn extension_sets_new_expiry_and_end_clears_it() {
        let mut ctl = CustodyTimeLimit::start(Venue::CrownCourt, 182, date(2026, 1, 1), 0);
        ctl.extend(date(2026, 9, 1));
        assert_eq!(ctl.expiry_date, Some(date(2026, 9, 1)));
        ctl.end(date(2026, 8, 1), "trial started");
        assert_eq!(ctl.status, CtlStatus::Ended);
        assert_eq!(ctl.days_left(date(2026, 8, 2)), None);
    }
}
