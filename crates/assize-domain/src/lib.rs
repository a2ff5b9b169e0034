//! The pure domain of Assize: identifiers with their check characters, the reference data
//! (offences, results, courts, code lists), and the criminal case as a stream of events.
//! Nothing here performs I/O or knows about HTTP or SQL.
#![forbid(unsafe_code)]

pub mod access;
pub mod case;
pub mod ids;
pub mod listing;
pub mod notices;
pub mod refdata;
pub mod search;
