//! The personal-data access log (Data Protection Act 2018 s.62), for auditors only. Reading it is
//! itself logged, in the same transaction.

use assize_policy::Action;
use assize_store::{AccessLogEntry, AccessLogQuery};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccessLogParams {
    pub user_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    /// From this instant (RFC 3339, e.g. `2026-11-27T00:00:00Z`), inclusive.
    pub from: Option<String>,
    /// Up to this instant, exclusive.
    pub to: Option<String>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    #[param(minimum = 0)]
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessLogItem {
    pub id: i64,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub user_id: Uuid,
    pub organisation_id: Uuid,
    /// What: `case_read`, `search_hit`, `case_created`, `case_altered`, `timeline_read`, `access_log_read`...
    pub action: String,
    pub case_id: Option<Uuid>,
    pub defendant_id: Option<Uuid>,
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
    pub correlation_id: Uuid,
}

fn instant(field: &str, v: &Option<String>) -> ApiResult<Option<jiff::Timestamp>> {
    v.as_ref()
        .map(|s| {
            s.parse::<jiff::Timestamp>().map_err(|_| {
                ApiError::Domain(assize_domain::case::DomainError::invalid(
                    field,
                    format!("'{s}' is not an instant: use RFC 3339, e.g. 2026-11-27T09:00:00Z"),
                ))
            })
        })
        .transpose()
}

/// Who consulted or changed what, newest first. Auditors only.
#[utoipa::path(get, path = "/access-log", tag = "audit", params(AccessLogParams),
    responses((status = 200, body = Vec<AccessLogItem>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn access_log(
    State(state): State<AppState>,
    who: Authed,
    params: Result<Query<AccessLogParams>, QueryRejection>,
) -> ApiResult<Json<Vec<AccessLogItem>>> {
    // Refused before the parameters are read, so a non-auditor learns nothing from them.
    may_read_log(&state, &who)?;
    let Query(p) = params.map_err(|e| {
        ApiError::Unprocessable(format!(
            "The query parameters are not valid: {}",
            e.body_text()
        ))
    })?;
    read_access_log(&state, &who, &p).await.map(Json)
}

fn may_read_log(state: &AppState, who: &Authed) -> ApiResult<()> {
    if state
        .policy
        .is_allowed(&who.principal, Action::ReadAccessLog, None, None)
    {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Read the access log as `who` (auditors only), newest first; the read itself is logged in the
/// same transaction. Shared by `GET /access-log` and the auditor's page.
pub async fn read_access_log(
    state: &AppState,
    who: &Authed,
    p: &AccessLogParams,
) -> ApiResult<Vec<AccessLogItem>> {
    may_read_log(state, who)?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::Domain(assize_domain::case::DomainError::invalid(
            "limit",
            "limit must be between 1 and 500",
        )));
    }
    let q = AccessLogQuery {
        user_id: p.user_id,
        case_id: p.case_id,
        from: instant("from", &p.from)?,
        to: instant("to", &p.to)?,
        limit,
        offset: p.offset.unwrap_or(0).min(1_000_000),
    };
    let reader = AccessLogEntry {
        at: jiff::Timestamp::now(),
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        action: "access_log_read".into(),
        case_id: p.case_id,
        defendant_id: None,
        detail: Some(serde_json::json!({ "user_id": p.user_id, "from": p.from, "to": p.to })),
        correlation_id: who.correlation_id,
    };
    let rows = state.store.query_access_log(&q, reader).await?;
    Ok(rows
        .into_iter()
        .map(|r| AccessLogItem {
            id: r.id,
            at: r.entry.at.to_string(),
            user_id: r.entry.user_id,
            organisation_id: r.entry.org_id,
            action: r.entry.action,
            case_id: r.entry.case_id,
            defendant_id: r.entry.defendant_id,
            detail: r.entry.detail,
            correlation_id: r.entry.correlation_id,
        })
        .collect())
}
