//! Notices of results (issue 5) on the HTTP side: building the outbox rows with a change
//! (`outbox`), what a recipient receives (`envelope`), the recipients' pull feed (`feed`).

pub mod admin;
pub mod dispatcher;
pub mod documents;
pub mod envelope;
pub mod feed;
pub mod metrics;
pub mod outbox;
pub mod reconcile;
pub mod routing_api;
