//! The plain data types that cross the storage interface. No SQL here.
//!
//! Timestamps are `jiff::Timestamp` (stored as fixed-width RFC 3339 UTC text), court dates and
//! dates of birth are `YYYY-MM-DD` strings, identifiers are `Uuid`.

use assize_domain::access::{OrgKind, Relation, Role};
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

/// An event to append to a case stream (the store assigns version, sequence and hash).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event_type: String,
    pub payload: serde_json::Value,
    pub actor_user_id: Uuid,
    pub actor_org_id: Uuid,
    pub occurred_at: Timestamp,
    pub correlation_id: Uuid,
    pub reason: Option<String>,
}

/// An event as recorded in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub global_seq: i64,
    pub case_id: Uuid,
    pub version: i64,
    pub event_type: String,
    pub payload: serde_json::Value,
    pub actor_user_id: Uuid,
    pub actor_org_id: Uuid,
    pub occurred_at: Timestamp,
    pub correlation_id: Uuid,
    pub reason: Option<String>,
    pub hash: String,
}

/// The read model of one case, derived from its events by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseProjection {
    pub case_id: Uuid,
    pub urn: String,
    pub case_number: Option<String>,
    pub status: String,
    pub court_ou: Option<String>,
    pub next_hearing_date: Option<String>,
    pub prosecutor_org_id: Uuid,
    pub charging_force_org_id: Uuid,
    /// The full derived case state.
    pub state: serde_json::Value,
    pub defendants: Vec<DefendantRow>,
    pub hearings: Vec<HearingRow>,
    /// Every court the case was or is listed at. The store also adds `court_ou` and the court of
    /// every hearing, so the scope filter can never miss a court the case was listed at.
    pub court_ous: Vec<String>,
    pub orgs: Vec<CaseOrgRow>,
    /// Custody time limits whose clock is running.
    pub custody_time_limits: Vec<CtlRow>,
}

/// A running custody time limit, for work lists by expiry date.
#[derive(Debug, Clone, PartialEq)]
pub struct CtlRow {
    pub defendant_id: Uuid,
    pub offence_id: Uuid,
    /// `YYYY-MM-DD`.
    pub expiry_date: String,
}

/// One defendant of a case, as the search needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DefendantRow {
    pub defendant_id: Uuid,
    pub full_name: String,
    /// Normalised name, for exact matching and sorting.
    pub name_key: String,
    /// Normalised name tokens (the caller's tokeniser), for prefix search.
    pub name_tokens: Vec<String>,
    pub date_of_birth: Option<String>,
    pub asn: Option<String>,
    pub pnc_id: Option<String>,
    pub defence_org_id: Option<Uuid>,
}

/// One hearing of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct HearingRow {
    pub hearing_id: Uuid,
    pub court_ou: String,
    pub hearing_date: String,
    pub hearing_type: String,
    pub status: String,
    /// The sitting it is listed in, its start (`HH:MM`) and time estimate, once placed in one.
    pub sitting_id: Option<Uuid>,
    pub start_time: Option<String>,
    pub estimate_minutes: Option<i64>,
    /// A Crown Court trial in a warned list: the first and last day (`YYYY-MM-DD`) it may be
    /// called in; `None` for a hearing fixed for a date.
    pub warned_from: Option<String>,
    pub warned_to: Option<String>,
}

/// An organisation's relation to a case (per defendant for the defence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseOrgRow {
    pub org_id: Uuid,
    pub relation: Relation,
    pub defendant_id: Option<Uuid>,
}

/// One access-log entry: who saw or did what, when.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLogEntry {
    pub at: Timestamp,
    pub user_id: Uuid,
    pub org_id: Uuid,
    pub action: String,
    pub case_id: Option<Uuid>,
    pub defendant_id: Option<Uuid>,
    pub detail: Option<serde_json::Value>,
    pub correlation_id: Uuid,
}

/// An access-log entry as stored (with its sequence number).
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLogRow {
    pub id: i64,
    pub entry: AccessLogEntry,
}

/// An auditor's filter over the access log. Criteria combine with AND; newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessLogQuery {
    pub user_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    /// Inclusive lower bound.
    pub from: Option<Timestamp>,
    /// Exclusive upper bound.
    pub to: Option<Timestamp>,
    pub limit: u64,
    pub offset: u64,
}

/// The stored response of a command, replayed when the same idempotency key comes again.
#[derive(Debug, Clone, PartialEq)]
pub struct IdempotencyRecord {
    pub principal_id: Uuid,
    pub key: String,
    pub request_hash: String,
    pub response_status: u16,
    pub response_body: String,
    pub case_id: Option<Uuid>,
}

/// Everything one command writes, in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendRequest {
    pub case_id: Uuid,
    /// The version the command was decided against; 0 for a new case.
    pub expected_version: i64,
    pub events: Vec<NewEvent>,
    pub projection: CaseProjection,
    pub access_log: Vec<AccessLogEntry>,
    pub idempotency: Option<IdempotencyRecord>,
    /// The sittings hearings are placed in by these events, as the decision saw them: each must
    /// still be so (not cancelled, same kind, session and start) when the events are written,
    /// or nothing is (`StoreError::SittingChanged`). Each one's version is bumped, so a change
    /// to the sitting decided on the state before this listing is refused as stale.
    pub sittings_used: Vec<SittingUse>,
    /// The notices of results these events require (the transactional outbox): written with
    /// them or not at all.
    pub notices: Vec<crate::NewNotice>,
}

/// A sitting as a listing decision used it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SittingUse {
    pub sitting_id: Uuid,
    pub kind: String,
    pub session: String,
    pub start_time: String,
}

/// The result of a successful append.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendOutcome {
    pub new_version: i64,
    pub events: Vec<StoredEvent>,
}

/// What the policy needs to decide about one case, plus its state.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub case_id: Uuid,
    pub urn: String,
    pub version: i64,
    pub status: String,
    pub state: serde_json::Value,
    pub court_ous: Vec<String>,
    pub orgs: Vec<CaseOrgRow>,
    pub prosecutor_org_id: Uuid,
    pub charging_force_org_id: Uuid,
    /// (defendant id, defence firm on record).
    pub defendants: Vec<(Uuid, Option<Uuid>)>,
}

/// Search criteria; the present ones combine with AND. Defendant criteria (asn, pnc_id, name,
/// date_of_birth) must all hold for the same defendant.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SearchQuery {
    /// Exact, case-insensitive.
    pub urn: Option<String>,
    pub asn: Option<String>,
    pub pnc_id: Option<String>,
    /// Exact.
    pub case_number: Option<String>,
    /// Normalised name tokens (same tokeniser as `DefendantRow::name_tokens`); each must be a
    /// prefix of some token of the same defendant.
    pub name_tokens: Vec<String>,
    /// `YYYY-MM-DD`, exact.
    pub date_of_birth: Option<String>,
    pub limit: u64,
    pub offset: u64,
}

/// Who searched, for the `search_hit` access-log entries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchLog {
    pub user_id: Uuid,
    pub org_id: Uuid,
    pub at: Timestamp,
    pub correlation_id: Uuid,
}

/// One line of a case list.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseListRow {
    pub case_id: Uuid,
    pub urn: String,
    pub case_number: Option<String>,
    pub status: String,
    pub court_ou: Option<String>,
    pub next_hearing_date: Option<String>,
    pub version: i64,
    pub defendant_names: Vec<String>,
}

/// An organisation taking part in cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: Uuid,
    pub kind: OrgKind,
    pub name: String,
    /// Force code, CPS area code, firm LAA account number, court OU...
    pub code: Option<String>,
    /// Courts the organisation serves or sits at.
    pub court_ous: Vec<String>,
}

/// A user to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    pub id: Uuid,
    pub org_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// None for system accounts (API tokens only) and single-sign-on users.
    pub password_hash: Option<String>,
}

/// The acting principal, with its organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    pub org_kind: OrgKind,
    pub org_name: String,
    pub court_ous: Vec<String>,
    pub disabled: bool,
}

/// An API token's metadata (never the token or its hash).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTokenInfo {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// The result of checking the whole event log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VerifyReport {
    pub cases_checked: u64,
    pub events_checked: u64,
    pub broken_links: Vec<BrokenLink>,
    pub version_gaps: Vec<VersionGap>,
    /// Streams whose recorded head (version, hash) does not match their last event.
    pub stream_mismatches: Vec<StreamMismatch>,
}

impl VerifyReport {
    /// True when no problem was found.
    pub fn is_ok(&self) -> bool {
        self.broken_links.is_empty()
            && self.version_gaps.is_empty()
            && self.stream_mismatches.is_empty()
    }
}

/// An event whose stored hash (or link to its predecessor) does not match.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    pub case_id: Uuid,
    pub version: i64,
    /// The hash (or, for a broken link, the prev_hash) as stored.
    pub stored: String,
    /// The value recomputed from the stored data.
    pub computed: String,
    /// `"hash"` when the event's own hash is wrong, `"prev_hash"` when it does not point at the
    /// previous event's hash.
    pub field: &'static str,
}

/// A missing or unexpected version number in a case stream.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionGap {
    pub case_id: Uuid,
    pub expected_version: i64,
    pub found_version: i64,
}

/// A stream head that disagrees with the log.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMismatch {
    pub case_id: Uuid,
    pub stream_version: Option<i64>,
    pub stream_head_hash: Option<String>,
    pub last_event_version: Option<i64>,
    pub last_event_hash: Option<String>,
}
