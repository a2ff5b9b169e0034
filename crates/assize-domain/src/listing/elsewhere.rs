//! The same person in other cases: a defendant charged in several cases (recognised by their PNC
//! ID, the one identifier the police give a person rather than a charge) cannot be in two
//! courtrooms at once, so a hearing of one case may not be placed across a hearing of another.
//!
//! Cases of the same person are often heard together on purpose ("linked cases"): two hearings in
//! the same sitting are not a clash, nor is a hearing in a sitting beside another case's hearing
//! listed at the same court for that day without a time (the list office puts them together).

use jiff::civil::Date;
use uuid::Uuid;

use super::model::{Session, Window};

/// A hearing of another case, still listed, of a person who is also a defendant in this case.
/// The store finds them by PNC ID; the domain decides whether they clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedElsewhere {
    /// The person's PNC ID, as in both cases.
    pub pnc_id: String,
    pub case_id: Uuid,
    pub hearing_id: Uuid,
    pub court_ou: String,
    pub court_name: String,
    pub date: Date,
    /// The sitting it is placed in, if any, with its start time and session.
    pub sitting: Option<(Uuid, String, Session)>,
}

impl BookedElsewhere {
    /// When the person is committed to that court: the sitting's start to its rising, or the
    /// whole day for a hearing listed without a time.
    pub fn window(&self) -> Window {
        match &self.sitting {
            Some((_, start, session)) => Window::new(self.date, start, session.ends()),
            None => Window::whole_day(self.date),
        }
    }

    /// Does placing a hearing in `sitting_id` (at `court_ou`, during `window`) clash with this?
    pub fn clashes_with(&self, sitting_id: Uuid, court_ou: &str, window: &Window) -> bool {
        if !self.window().overlaps(window) {
            return false;
        }
        match &self.sitting {
            Some((other, _, _)) => *other != sitting_id,
            None => self.court_ou != court_ou,
        }
    }

    /// Says what the clash is, naming the person by PNC ID and the court and time, but not the
    /// other case: the person listing may have no access to it.
    pub fn describe(&self) -> String {
        let when = match &self.sitting {
            Some((_, start, session)) => format!("from {start} to {}", session.ends()),
            None => "for the day".to_string(),
        };
        format!(
            "The defendant with PNC ID {} is already listed in another case at {} on {} {when}: nobody can be in two courtrooms at once. List the cases together in one sitting, or choose another time",
            self.pnc_id, self.court_name, self.date
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn booked(sitting: Option<(Uuid, &str, Session)>, court: &str) -> BookedElsewhere {
        BookedElsewhere {
            pnc_id: "2004/0046583U".into(),
            case_id: Uuid::from_u128(9),
            hearing_id: Uuid::from_u128(10),
            court_ou: court.into(),
            court_name: "Westminster Magistrates' Court".into(),
            date: date(2026, 12, 1),
            sitting: sitting.map(|(id, t, s)| (id, t.to_string(), s)),
        }
    }

    const MORNING: Window = Window {
        date: date(2026, 12, 1),
        from: 600,
        to: 780,
    };

    #[test]
    fn another_sitting_at_the_same_time_clashes() {
        let other = booked(Some((Uuid::from_u128(1), "10:00", Session::Morning)), "B01");
        assert!(other.clashes_with(Uuid::from_u128(2), "B01", &MORNING));
        assert!(other.clashes_with(Uuid::from_u128(2), "C02", &MORNING));
        assert!(other.describe().contains("2004/0046583U"));
        assert!(other.describe().contains("from 10:00 to 13:00"));
    }

    #[test]
    fn the_same_sitting_is_hearing_linked_cases_together() {
        let other = booked(Some((Uuid::from_u128(1), "10:00", Session::Morning)), "B01");
        assert!(!other.clashes_with(Uuid::from_u128(1), "B01", &MORNING));
    }

    #[test]
    fn morning_and_afternoon_do_not_clash() {
        let other = booked(
            Some((Uuid::from_u128(1), "14:00", Session::Afternoon)),
            "B01",
        );
        assert!(!other.clashes_with(Uuid::from_u128(2), "B01", &MORNING));
    }

    #[test]
    fn a_hearing_without_a_time_clashes_only_at_another_court() {
        let other = booked(None, "B01");
        assert!(!other.clashes_with(Uuid::from_u128(2), "B01", &MORNING));
        assert!(other.clashes_with(Uuid::from_u128(2), "C02", &MORNING));
        assert!(other.describe().contains("for the day"));
    }

    #[test]
    fn another_day_never_clashes() {
        let other = booked(None, "C02");
        let next_day = Window {
            date: date(2026, 12, 2),
            ..MORNING
        };
        assert!(!other.clashes_with(Uuid::from_u128(2), "B01", &next_day));
    }
}
