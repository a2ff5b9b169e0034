//! The criminal case as an event-sourced aggregate: commands (`decide`) check the current state
//! and produce events; `apply` derives the state from events.

mod apply;
pub mod commands;
pub mod ctl;
pub mod decide;
pub mod error;
pub mod events;
mod hearing;
pub mod model;
pub mod restrictions;

#[cfg(test)]
mod listing_tests;
#[cfg(test)]
mod moving_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod warned_tests;

pub use error::{DomainError, DomainResult, FieldError};
pub use events::CaseEvent;
pub use model::*;
