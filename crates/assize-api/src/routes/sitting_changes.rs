//! Changing and cancelling a sitting, and reading a court's sitting patterns. A change or a
//! cancellation names the version of the sitting its author read: if someone changed it since,
//! the request is refused (409) and nothing is written, so no edit silently overwrites another.
//! The rules (what may change with hearings listed) are the domain's (`listing::change`).

use assize_domain::case::DomainError;
use assize_domain::listing::{self, SittingChange};
use assize_policy::Action;
use assize_store::{SittingRow, StoreError};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};
use crate::sittings::{SittingView, change_by, court};

/// A sitting as changed, with what the listing officer must see about it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SittingChanged {
    pub sitting: SittingView,
    /// E.g. "over-listed: 150 minutes listed against a capacity of 120 minutes".
    pub warnings: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CancelParams {
    /// The sitting's version as read.
    pub version: i64,
}

/// The sitting `sitting_id` of court `ou`, if the caller may manage that court's sittings.
async fn managed(
    state: &AppState,
    who: &Authed,
    ou: &str,
    sitting_id: Uuid,
) -> ApiResult<SittingRow> {
    let ou = court(ou)?;
    if !state
        .policy
        .is_allowed_at_court(&who.principal, Action::ManageSittings, ou.as_str())
    {
        return Err(ApiError::Forbidden);
    }
    state
        .store
        .sitting(sitting_id)
        .await?
        .filter(|r| r.placement.sitting.court_ou == ou)
        .ok_or(ApiError::NotFound("Sitting"))
}

/// A sitting of court `ou` for the people who manage its sittings, with who last changed it
/// ("Name (Organisation)"), for the page that changes it.
pub async fn sitting_to_change(
    state: &AppState,
    who: &Authed,
    ou: &str,
    sitting_id: Uuid,
) -> ApiResult<(SittingView, Option<String>)> {
    let row = managed(state, who, ou, sitting_id).await?;
    let by = match row.stamp.updated_by {
        None => None,
        Some(u) => state
            .store
            .user_names(&[u])
            .await?
            .remove(&u)
            .map(|(name, org)| format!("{name} ({org})")),
    };
    Ok((SittingView::from(&row), by))
}

fn stale(row: &SittingRow, expected: i64) -> ApiResult<()> {
    if row.version == expected {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            expected,
            actual: row.version,
        })
    }
}

/// Checks and applies a change to a sitting (the service of the PATCH, for the pages too).
pub async fn change_sitting(
    state: &AppState,
    who: &Authed,
    ou: &str,
    sitting_id: Uuid,
    change: &SittingChange,
) -> ApiResult<SittingChanged> {
    let row = managed(state, who, ou, sitting_id).await?;
    stale(&row, change.version)?;
    let day = row.placement.sitting.date.to_string();
    let others: Vec<listing::Sitting> = state
        .store
        .sittings(row.placement.sitting.court_ou.as_str(), &day, &day)
        .await?
        .into_iter()
        .map(|r| r.placement.sitting)
        .collect();
    let changed = listing::change_sitting(&row.placement, change, &others)?;
    state
        .store
        .change_sitting(
            &changed.sitting,
            change.version,
            changed.only_if_empty,
            &change_by(who),
        )
        .await
        .map_err(|e| match e {
            // A hearing was listed in it between the decision and the write.
            StoreError::Invalid(_) => ApiError::Domain(DomainError::rule(
                "sitting-has-hearings",
                "A hearing has just been listed in this sitting: move it first, then change the \
                 sitting's kind, start time or session",
            )),
            StoreError::Duplicate(_) => ApiError::Domain(DomainError::rule(
                "courtroom-already-sitting",
                "That courtroom already sits in that session: choose another session",
            )),
            other => other.into(),
        })?;
    let row = state
        .store
        .sitting(sitting_id)
        .await?
        .ok_or(ApiError::NotFound("Sitting"))?;
    Ok(SittingChanged {
        sitting: SittingView::from(&row),
        warnings: changed.warnings,
    })
}

/// Cancels a sitting with nothing listed in it (the service of the DELETE, for the pages too).
pub async fn cancel_sitting(
    state: &AppState,
    who: &Authed,
    ou: &str,
    sitting_id: Uuid,
    version: i64,
) -> ApiResult<()> {
    let row = managed(state, who, ou, sitting_id).await?;
    stale(&row, version)?;
    listing::cancel_sitting(&row.placement)?;
    state
        .store
        .cancel_sitting(sitting_id, version, &change_by(who))
        .await
        .map_err(|e| match e {
            // A hearing was listed in it between the check above and the cancellation.
            StoreError::Invalid(_) => ApiError::Domain(DomainError::rule(
                "sitting-has-hearings",
                "Hearings are listed in this sitting: move or vacate them first, then cancel it",
            )),
            other => other.into(),
        })
}

/// Change a sitting's bench, capacity, kind, start time or session (the court's listing
/// officers and admins).
///
/// `version` must be the sitting's version as read (409 if it changed since). With hearings
/// listed in it, only the bench and the capacity may change (a capacity below what is listed
/// comes back as a warning); its kind, start time and session only once they are moved out.
#[utoipa::path(patch, path = "/courts/{court_ou}/sittings/{sitting_id}", tag = "listing",
    request_body = SittingChange,
    params(("court_ou" = String, Path), ("sitting_id" = Uuid, Path)),
    responses((status = 200, body = SittingChanged),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn patch_sitting(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((ou, sitting_id)): ApiPath<(String, Uuid)>,
    body: ApiJson<SittingChange>,
) -> ApiResult<Json<SittingChanged>> {
    change_sitting(&state, &who, &ou, sitting_id, &body.value)
        .await
        .map(Json)
}

/// Cancel a sitting with nothing listed in it (the court's listing officers and admins).
///
/// The sitting is kept, marked cancelled, and no longer offered or shown; 422 while hearings
/// are listed in it, 409 if it changed since `version`.
#[utoipa::path(delete, path = "/courts/{court_ou}/sittings/{sitting_id}", tag = "listing",
    params(("court_ou" = String, Path), ("sitting_id" = Uuid, Path), CancelParams),
    responses((status = 204, description = "Cancelled"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn delete_sitting(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((ou, sitting_id)): ApiPath<(String, Uuid)>,
    p: Result<Query<CancelParams>, QueryRejection>,
) -> ApiResult<StatusCode> {
    let Query(p) = p.map_err(|_| {
        ApiError::Domain(DomainError::invalid(
            "version",
            "Give the sitting's version as read, e.g. ?version=3",
        ))
    })?;
    cancel_sitting(&state, &who, &ou, sitting_id, p.version).await?;
    Ok(StatusCode::NO_CONTENT)
}
