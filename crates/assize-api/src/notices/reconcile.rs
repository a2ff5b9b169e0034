//! The daily reconciliation: every result recorded on a court day, and for each recipient the
//! routing requires (`assize_domain::notices::required_recipients`, the same rule that wrote the
//! notices) the state of its notice. A required recipient without a notice is an error that must
//! never happen: it is reported as such, never hidden. Run by operators through
//! `GET /api/v1/notices/reconciliation`, the admin page, or `assize reconcile` (exit status 2 on
//! an error), for instance daily from cron.

use std::collections::HashMap;

use assize_domain::case::{Case, CaseEvent};
use assize_domain::notices::{RecipientKind, required_recipients};
use assize_store::{NoticeState, RecipientRow, Store};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};

/// One recipient of one result, and where its notice stands.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecipientDelivery {
    /// `police_force`, `prison`, …
    pub kind: String,
    /// The recipient's name, if it has a row (it has one as soon as it was sent a notice).
    pub name: Option<String>,
    /// `delivered`, `pending`, `dead` or `missing` (an error: no notice was written).
    pub state: String,
    /// The latest notice of the result for this recipient.
    pub notice_id: Option<Uuid>,
}

/// One result recorded, with its delivery to each required recipient.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReconciledResult {
    pub case_id: Uuid,
    pub case_urn: String,
    pub defendant_id: Uuid,
    pub hearing_id: Uuid,
    pub cjs_code: String,
    /// When it was recorded (UTC).
    pub recorded_at: String,
    pub recipients: Vec<RecipientDelivery>,
}

/// The report of one court day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reconciliation {
    pub date: String,
    pub results: Vec<ReconciledResult>,
    /// Results × required recipients.
    pub required: usize,
    pub delivered: usize,
    pub pending: usize,
    pub dead: usize,
    /// Required notices never written: each is an error.
    pub missing: usize,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReconcileParams {
    /// The court day (YYYY-MM-DD, Europe/London); today by default.
    pub date: Option<String>,
}

/// Reconcile the results recorded on `date` (the service; also used by `assize reconcile`).
pub async fn reconcile(
    store: &Store,
    routing: &assize_domain::notices::RoutingTable,
    date: Date,
) -> Result<Reconciliation, String> {
    // A court day is a Europe/London calendar day; events are stamped in UTC.
    let start = |d: Date| {
        d.in_tz("Europe/London")
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string())
    };
    let from = start(date)?;
    let to = start(date.tomorrow().map_err(|e| e.to_string())?)?;
    let events = store
        .events_of_type_between("result_recorded", from, to)
        .await
        .map_err(|e| e.to_string())?;
    let recipients: HashMap<Uuid, RecipientRow> = store
        .recipients()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut cases: HashMap<Uuid, Case> = HashMap::new();
    let mut report = Reconciliation {
        date: date.to_string(),
        results: Vec::new(),
        required: 0,
        delivered: 0,
        pending: 0,
        dead: 0,
        missing: 0,
    };
    for e in events {
        let Ok(CaseEvent::ResultRecorded {
            defendant_id,
            result,
            ..
        }) = serde_json::from_value::<CaseEvent>(e.payload.clone())
        else {
            return Err(format!(
                "event {} of case {} is not a readable result",
                e.version, e.case_id
            ));
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = cases.entry(e.case_id) {
            let record = store
                .load_case(e.case_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("case of a result not found")?;
            let case: Case = serde_json::from_value(record.state).map_err(|e| e.to_string())?;
            slot.insert(case);
        }
        let case = &cases[&e.case_id];
        let notices = store
            .notices_about(e.case_id, defendant_id, result.hearing_id)
            .await
            .map_err(|e| e.to_string())?;
        let mut rows = Vec::new();
        for r in required_recipients(case, defendant_id, result.hearing_id, routing) {
            let slot = r.slot();
            // The latest notice of the series to this recipient.
            let latest = notices
                .iter()
                .filter(|n| {
                    recipients
                        .get(&n.recipient_id)
                        .is_some_and(|x| x.slot == slot)
                })
                .max_by_key(|n| (n.case_version, n.seq));
            let state = match latest.map(|n| n.state) {
                Some(NoticeState::Delivered) => "delivered",
                Some(NoticeState::Pending) => "pending",
                Some(NoticeState::Dead) => "dead",
                None => "missing",
            };
            match state {
                "delivered" => report.delivered += 1,
                "pending" => report.pending += 1,
                "dead" => report.dead += 1,
                _ => report.missing += 1,
            }
            report.required += 1;
            rows.push(RecipientDelivery {
                kind: r.kind.as_str().to_string(),
                name: latest
                    .and_then(|n| recipients.get(&n.recipient_id))
                    .map(|x| x.name.clone())
                    .or_else(|| {
                        (r.org_id.is_none()).then(|| RecipientKind::label(r.kind).to_string())
                    }),
                state: state.to_string(),
                notice_id: latest.map(|n| n.id),
            });
        }
        if report.results.len() < 10_000 || rows.iter().any(|r| r.state != "delivered") {
            report.results.push(ReconciledResult {
                case_id: e.case_id,
                case_urn: case.urn.to_string(),
                defendant_id,
                hearing_id: result.hearing_id,
                cjs_code: result.code.to_string(),
                recorded_at: e.occurred_at.to_string(),
                recipients: rows,
            });
        }
    }
    Ok(report)
}

/// The reconciliation of one court day (the platform's operators).
///
/// Every result recorded that day with, for each recipient it must reach, its notice's state:
/// `delivered`, `pending`, `dead` (parked; replay it) or `missing` — an error that must never
/// happen, counted in `missing`.
#[utoipa::path(get, path = "/notices/reconciliation", tag = "notices",
    params(ReconcileParams),
    responses((status = 200, body = Reconciliation),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get_reconciliation(
    State(state): State<AppState>,
    who: Authed,
    p: Result<Query<ReconcileParams>, QueryRejection>,
) -> ApiResult<Json<Reconciliation>> {
    super::admin::operator(&state, &who)?;
    let Query(p) = p.map_err(|e| {
        ApiError::Unprocessable(format!(
            "The query parameters are not valid: {}",
            e.body_text()
        ))
    })?;
    reconciliation(&state, &who, p.date.as_deref())
        .await
        .map(Json)
}

/// The reconciliation of a court day for an operator (the service, for the page too): `date`
/// as `YYYY-MM-DD`, today if none; the reading is access-logged, a missing notice logged as an
/// error.
pub async fn reconciliation(
    state: &AppState,
    who: &Authed,
    date: Option<&str>,
) -> ApiResult<Reconciliation> {
    super::admin::operator(state, who)?;
    let date = match date.map(str::trim) {
        None | Some("") => crate::config::court_today(),
        Some(s) => s.parse().map_err(|_| {
            ApiError::Domain(assize_domain::case::DomainError::invalid(
                "date",
                format!("'{s}' is not a date: use YYYY-MM-DD"),
            ))
        })?,
    };
    let routing = super::outbox::routing(state).await?;
    let report = reconcile(&state.store, &routing, date)
        .await
        .map_err(ApiError::Internal)?;
    super::admin::log(
        state,
        who,
        "reconciliation_read",
        serde_json::json!({ "date": report.date, "missing": report.missing }),
    )
    .await?;
    if report.missing > 0 {
        tracing::error!(date = %report.date, missing = report.missing, "reconciliation: results without a notice for a required recipient");
    }
    Ok(report)
}
