//! Proposals of suitable sittings for a hearing of a case — one already listed (to move it) or a
//! new one (to list it) — worked out by the pure `listing::propose` from the court's next quarter
//! of sittings, the case (type, youth, custody, dates to avoid, deadlines, its own hearings) and
//! the same people's hearings in other cases. Decided for the court looked in, as listing there
//! is, and recorded in the access log (a consultation of the case).

use assize_domain::case::Case;
use assize_domain::ids::OuCode;
use assize_domain::listing::{self, Deadline, Proposal, default_estimate_minutes};
use assize_domain::refdata::RefData;
use assize_policy::Action;
use assize_store::AccessLogEntry;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::config::court_today;
use crate::error::{ApiError, ApiResult};
use crate::projection::case_facts;

/// How far ahead proposals look: a quarter, the horizon courts usually list within.
const HORIZON_DAYS: i64 = 91;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// The court to look in (the hearing's own when omitted), e.g. to transfer it.
    pub court_ou: Option<String>,
    /// Time estimate in minutes (the hearing's, or a usual figure for its type, when omitted).
    #[param(minimum = 1, maximum = 720)]
    pub estimate_minutes: Option<u32>,
    /// At most this many (1-50, default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<usize>,
}

/// What a new hearing of a case is to be, to propose sittings for it.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NewHearingProposalParams {
    /// CJS hearing type code (refdata hearing_types.csv), e.g. `TRL`.
    pub hearing_type: String,
    /// The court to look in.
    pub court_ou: String,
    /// Time estimate in minutes (a usual figure for the type when omitted).
    #[param(minimum = 1, maximum = 720)]
    pub estimate_minutes: Option<u32>,
    /// At most this many (1-50, default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<usize>,
}

/// Suitable sittings for a hearing, best first, and the deadlines they honour.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalList {
    /// The hearing being moved; absent for a new hearing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hearing_id: Option<Uuid>,
    pub hearing_type: String,
    pub court_ou: String,
    pub estimate_minutes: u32,
    /// Dates the hearing must take place by: no sitting after one is proposed.
    pub deadlines: Vec<Deadline>,
    pub proposals: Vec<Proposal>,
}

/// The hearing to propose sittings for.
pub(crate) struct Wanted<'a> {
    pub court_ou: OuCode,
    pub hearing_type: &'a str,
    pub estimate_minutes: Option<u32>,
    pub limit: Option<usize>,
    /// The hearing being moved: its own sitting is not proposed again, nor does its own
    /// booking count against it.
    pub moving: Option<(Uuid, Option<Uuid>)>,
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::Domain(assize_domain::case::DomainError::invalid(field, message))
}

/// A court of the reference data named in a query; a field error if there is none.
pub(crate) fn court_named(ou: &str) -> ApiResult<OuCode> {
    OuCode::parse(ou)
        .ok()
        .filter(|c| RefData::global().court(c).is_some())
        .ok_or_else(|| invalid("court_ou", "There is no court with this OU code"))
}

/// Propose sittings for a hearing of `case` (already read with the reader's access checked).
pub(crate) async fn propose_for(
    state: &AppState,
    who: &Authed,
    case: &Case,
    w: Wanted<'_>,
) -> ApiResult<ProposalList> {
    if !state.policy.is_allowed_at_case_court(
        &who.principal,
        Action::ListHearing,
        &case_facts(case),
        w.court_ou.as_str(),
        None,
    ) {
        return Err(ApiError::Forbidden);
    }
    let limit = w.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(invalid("limit", "limit must be between 1 and 50"));
    }
    let estimate = w
        .estimate_minutes
        .unwrap_or_else(|| default_estimate_minutes(w.hearing_type, w.court_ou.kind()));
    if !(1..=720).contains(&estimate) {
        return Err(invalid(
            "estimate_minutes",
            "Give between 1 and 720 minutes",
        ));
    }
    let today = court_today();
    let until = today.checked_add(HORIZON_DAYS.days()).unwrap_or(today);
    let candidates: Vec<listing::Placement> = state
        .store
        .sittings(w.court_ou.as_str(), &today.to_string(), &until.to_string())
        .await?
        .into_iter()
        .map(|r| r.placement)
        .collect();
    let (moving, current) = w.moving.unzip();
    let mut request =
        listing::case::request(case, w.hearing_type, estimate, current.flatten(), today);
    let pncs = case
        .defendants
        .iter()
        .filter_map(|d| d.pnc_id.as_ref().map(|p| p.as_str()));
    request.elsewhere =
        crate::sittings::booked_elsewhere(state, case.id, pncs, &candidates).await?;
    let bookings = listing::case::bookings(case, moving);
    let mut found = listing::propose(&request, &candidates, &bookings, today);
    found.truncate(limit);
    // Proposals are worked out from the case's custody, ages and dates to avoid: a consultation.
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "listing_proposals".into(),
            case_id: Some(case.id),
            defendant_id: None,
            detail: Some(serde_json::json!({
                "hearing_id": moving,
                "hearing_type": w.hearing_type,
                "court_ou": w.court_ou,
            })),
            correlation_id: who.correlation_id,
        }])
        .await?;
    Ok(ProposalList {
        hearing_id: moving,
        hearing_type: w.hearing_type.to_string(),
        court_ou: w.court_ou.to_string(),
        estimate_minutes: estimate,
        deadlines: request.deadlines,
        proposals: found,
    })
}
