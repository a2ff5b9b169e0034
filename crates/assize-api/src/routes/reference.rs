//! Reference data: courts, offences and result codes (type-ahead for entry screens and integrators).

use assize_domain::refdata::RefData;
use assize_policy::Action;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Lookup {
    /// Code prefix or words of the name/title.
    pub q: Option<String>,
    /// At most this many (1-100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourtItem {
    pub ou_code: String,
    pub name: String,
    /// `magistrates` or `crown`.
    pub kind: String,
    pub region: Option<String>,
    pub postcode: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OffenceItem {
    pub code: String,
    pub title: String,
    pub mode_of_trial: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultItem {
    pub code: String,
    pub description: String,
    /// `final`, `interim`, `ancillary` or `unclassified`.
    pub result_type: String,
}

fn params(
    p: Result<Query<Lookup>, QueryRejection>,
    who: &Authed,
    state: &AppState,
) -> ApiResult<(String, usize)> {
    if !state
        .policy
        .is_allowed(&who.principal, Action::ReadReferenceData, None, None)
    {
        return Err(ApiError::Forbidden);
    }
    let Query(p) = p.map_err(|e| {
        ApiError::Unprocessable(format!(
            "The query parameters are not valid: {}",
            e.body_text()
        ))
    })?;
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::Domain(assize_domain::case::DomainError::invalid(
            "limit",
            "limit must be between 1 and 100",
        )));
    }
    Ok((p.q.unwrap_or_default().trim().to_lowercase(), limit))
}

fn words<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Courts (OU codes) from the reference data.
#[utoipa::path(get, path = "/reference/courts", tag = "reference", params(Lookup),
    responses((status = 200, body = Vec<CourtItem>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn courts(
    State(state): State<AppState>,
    who: Authed,
    p: Result<Query<Lookup>, QueryRejection>,
) -> ApiResult<Json<Vec<CourtItem>>> {
    let (q, limit) = params(p, &who, &state)?;
    let out = RefData::global()
        .courts()
        .filter(|c| {
            q.is_empty()
                || c.ou_code.to_lowercase().starts_with(&q)
                || c.name.to_lowercase().contains(&q)
        })
        .take(limit)
        .map(|c| CourtItem {
            ou_code: c.ou_code.clone(),
            name: c.name.clone(),
            kind: words(&c.kind),
            region: c.region.clone(),
            postcode: c.postcode.clone(),
        })
        .collect();
    Ok(Json(out))
}

/// CJS offence codes.
#[utoipa::path(get, path = "/reference/offences", tag = "reference", params(Lookup),
    responses((status = 200, body = Vec<OffenceItem>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn offences(
    State(state): State<AppState>,
    who: Authed,
    p: Result<Query<Lookup>, QueryRejection>,
) -> ApiResult<Json<Vec<OffenceItem>>> {
    let (q, limit) = params(p, &who, &state)?;
    let out = RefData::global()
        .search_offences(&q, limit)
        .into_iter()
        .map(|o| OffenceItem {
            code: o.code.clone(),
            title: o.title.clone(),
            mode_of_trial: words(&o.mode_of_trial),
        })
        .collect();
    Ok(Json(out))
}

/// CJS result codes.
#[utoipa::path(get, path = "/reference/results", tag = "reference", params(Lookup),
    responses((status = 200, body = Vec<ResultItem>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn results(
    State(state): State<AppState>,
    who: Authed,
    p: Result<Query<Lookup>, QueryRejection>,
) -> ApiResult<Json<Vec<ResultItem>>> {
    let (q, limit) = params(p, &who, &state)?;
    let out = RefData::global()
        .search_results(&q, limit)
        .into_iter()
        .map(|r| ResultItem {
            code: r.code.clone(),
            description: r.description.clone(),
            result_type: words(&r.result_type),
        })
        .collect();
    Ok(Json(out))
}
