//! The routing of result codes to agencies, for operators (`ManageNotices`): the table in force
//! (the defaults from the CJS result code list with the administrators' changes) and changing
//! one code's agencies. Parties are not configurable (the domain refuses it); every change is
//! access-logged.

use assize_domain::case::DomainError;
use assize_domain::ids::ResultCode;
use assize_domain::notices::{RecipientKind, RouteRow};
use assize_store::RouteOverride;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use super::admin::{log, operator};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};

/// Which recipients receive results with each CJS result code: the defaults from the result
/// code list, with the administrators' changes.
#[utoipa::path(get, path = "/notice-routes", tag = "notices",
    responses((status = 200, body = [Object]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn get_routes(
    State(state): State<AppState>,
    who: Authed,
) -> ApiResult<Json<Vec<RouteRow>>> {
    operator(&state, &who)?;
    Ok(Json(super::outbox::routing(&state).await?.rows()))
}

/// Send, or stop sending, results with one code to one kind of agency.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteSetting {
    pub send: bool,
}

/// Change the routing of one result code to one kind of agency (the platform's operators).
///
/// The charging force, the prosecutor and the defence receive every result and cannot be
/// switched off (422). Setting a code back to its default removes the change.
#[utoipa::path(put, path = "/notice-routes/{cjs_code}/{recipient_kind}", tag = "notices",
    request_body = RouteSetting,
    params(("cjs_code" = String, Path), ("recipient_kind" = String, Path)),
    responses((status = 200, body = Object),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn put_route(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((code, kind)): ApiPath<(String, String)>,
    body: ApiJson<RouteSetting>,
) -> ApiResult<Json<RouteRow>> {
    set_route(&state, &who, &code, &kind, body.value.send)
        .await
        .map(Json)
}

/// Change one route (the service, for the pages too); returns the code's row as now in force.
pub async fn set_route(
    state: &AppState,
    who: &Authed,
    code: &str,
    kind: &str,
    send: bool,
) -> ApiResult<RouteRow> {
    operator(state, who)?;
    let parsed = ResultCode::parse(code).map_err(|_| {
        ApiError::Domain(DomainError::invalid(
            "cjs_code",
            format!("'{code}' is not a CJS result code"),
        ))
    })?;
    let kind = RecipientKind::parse(kind).ok_or_else(|| {
        ApiError::Domain(DomainError::invalid(
            "recipient_kind",
            format!("'{kind}' is not a kind of recipient"),
        ))
    })?;
    let table = super::outbox::routing(state)
        .await?
        .with_override(&parsed, kind, send)
        .map_err(|e| ApiError::Domain(DomainError::invalid("recipient_kind", e.to_string())))?;
    let stored_code = table
        .rows()
        .into_iter()
        .find(|r| ResultCode::parse(&r.cjs_code).ok() == Some(parsed.clone()))
        .ok_or_else(|| {
            ApiError::Internal(format!("result code {code} accepted but not in the table"))
        })?;
    if table
        .overrides()
        .any(|(c, k, _)| c == stored_code.cjs_code && k == kind)
    {
        state
            .store
            .set_route_override(&RouteOverride {
                result_code: stored_code.cjs_code.clone(),
                recipient_kind: kind.as_str().into(),
                send,
                set_by: who.actor.user_id,
                set_at: jiff::Timestamp::now(),
            })
            .await?;
    } else {
        state
            .store
            .clear_route_override(&stored_code.cjs_code, kind.as_str())
            .await?;
    }
    log(state, who, "notice_route_set", serde_json::json!({ "cjs_code": stored_code.cjs_code, "recipient_kind": kind.as_str(), "send": send })).await?;
    Ok(stored_code)
}
