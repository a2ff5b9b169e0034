//! Notices of results to every agency that needs them (issue 5): the pure decision of WHICH
//! notices a recorded change requires, for WHOM, with WHAT content. No I/O: the store writes the
//! drafts in the transaction that appends the events (a transactional outbox), and the
//! reconciliation report checks recorded results with the same rule (`required_recipients`), so
//! "who must be told" is decided in one place.
//!
//! - `kinds`: the recipients and the kinds of notice.
//! - `routing`: which CJS result codes go to which recipients — defaults from the result code
//!   list, with an administrator's overrides.
//! - `content`: what a notice says (the JSON body of the feed and the webhook).
//! - `drafts`: from a command's events to the notices.

mod content;
mod documents;
mod drafts;
mod kinds;
mod routing;

pub use content::{
    AmendmentNote, CourtCentre, NextHearing, NoticeContent, NoticeDefendant, NoticeHearing,
    NoticeOffence, NoticeResult,
};
pub use documents::{DocumentKind, DocumentView, OffenceLine, document, documents_for};
pub use drafts::{NoticeDraft, notices_for, required_recipients, result_recipients};
pub use kinds::{NoticeKind, Recipient, RecipientKind};
pub use routing::{RouteRow, RoutingError, RoutingTable, default_routes};

#[cfg(test)]
mod custody_tests;
#[cfg(test)]
mod routing_tests;
#[cfg(test)]
mod test_world;
#[cfg(test)]
mod tests;
