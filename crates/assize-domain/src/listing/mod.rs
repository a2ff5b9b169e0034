//! Listing: the court estate (courtrooms), its calendar (sittings, recurring patterns) and the
//! rules of placing hearings in sittings — suitability, youth and custody, capacity, deadlines
//! and double-booking. Pure like the rest of the domain: the store and the API supply the
//! sittings and what they already hold.

pub mod calendar;
pub mod case;
pub mod change;
pub mod elsewhere;
pub mod input;
pub mod model;
pub mod propose;
pub mod rules;

#[cfg(test)]
mod propose_tests;
#[cfg(test)]
mod tests;

pub use calendar::{bank_holidays, expand, is_court_day, next_court_day};
pub use change::{ChangedSitting, SittingChange, cancel_sitting, change_sitting, is_over_listed};
pub use elsewhere::BookedElsewhere;
pub use input::{NewCourtroom, NewSitting, NewSittingPattern};
pub use model::*;
pub use propose::{
    Booking, Deadline, Proposal, ProposalRequest, Unavailable, placement_warnings, propose,
};
pub use rules::{HearingCategory, Needs, category, default_estimate_minutes, is_trial};
