//! A court's estate and calendar: its courtrooms, its sittings, and sitting patterns that set up
//! many sittings at once. Reading them is open to every user (the courtrooms and who sits are
//! on the public lists); setting them up is for the court's own admins and listing officers.
//! These are not case changes: a repeated request is refused as a duplicate (a room has one
//! name, and sits once at a time), never applied twice.

use assize_domain::case::DomainError;
use assize_domain::listing::{self, Courtroom, NewCourtroom, NewSitting, NewSittingPattern};
use assize_domain::listing::{SittingPattern, input};
use assize_policy::Action;
use assize_store::StoreError;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::patterns::create_pattern;
use crate::AppState;
use crate::auth::Authed;
use crate::config::court_today;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};
use crate::sittings::{SittingView, change_by, court};

/// The longest range of sittings one request reads.
const MAX_RANGE_DAYS: i64 = 92;

pub(super) fn allowed(state: &AppState, who: &Authed, action: Action, ou: &str) -> ApiResult<()> {
    let ok = match action {
        Action::ReadReferenceData => state.policy.is_allowed(&who.principal, action, None, None),
        _ => state.policy.is_allowed_at_court(&who.principal, action, ou),
    };
    if ok { Ok(()) } else { Err(ApiError::Forbidden) }
}

pub(super) fn duplicate(e: StoreError, rule: &'static str, message: String) -> ApiError {
    match e {
        StoreError::Duplicate(_) => ApiError::Domain(DomainError::rule(rule, message)),
        other => other.into(),
    }
}

/// The courtrooms of a court.
#[utoipa::path(get, path = "/courts/{court_ou}/courtrooms", tag = "listing", params(("court_ou" = String, Path)),
    responses((status = 200, body = Vec<Courtroom>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn courtrooms(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
) -> ApiResult<Json<Vec<Courtroom>>> {
    let ou = court(&ou)?;
    allowed(&state, &who, Action::ReadReferenceData, ou.as_str())?;
    Ok(Json(state.store.courtrooms(ou.as_str()).await?))
}

/// Add a courtroom to a court (its court admins).
#[utoipa::path(post, path = "/courts/{court_ou}/courtrooms", tag = "listing", request_body = NewCourtroom,
    params(("court_ou" = String, Path)),
    responses((status = 201, body = Courtroom),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_courtroom(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    body: ApiJson<NewCourtroom>,
) -> ApiResult<(StatusCode, Json<Courtroom>)> {
    let room = crate::courtrooms::create_courtroom(&state, &who, &ou, &body.value).await?;
    Ok((StatusCode::CREATED, Json(room)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// First day, `YYYY-MM-DD` (today when omitted).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, at most 92 days after `from` (two weeks after it when omitted).
    pub to: Option<String>,
}

fn range(
    p: Result<Query<Range>, QueryRejection>,
) -> ApiResult<(jiff::civil::Date, jiff::civil::Date)> {
    let Query(p) = p.map_err(|e| ApiError::Unprocessable(e.body_text()))?;
    let date = |v: &Option<String>, f: &str, default| match v {
        None => Ok(default),
        Some(s) => s.trim().parse().map_err(|_| {
            ApiError::Domain(DomainError::invalid(
                f,
                format!("'{s}' is not a date: use YYYY-MM-DD"),
            ))
        }),
    };
    let from = date(&p.from, "from", court_today())?;
    let to = date(&p.to, "to", from.checked_add(13.days()).unwrap_or(from))?;
    let days = assize_domain::case::ctl::days_between(from, to);
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::Domain(DomainError::invalid(
            "to",
            format!("Give a last day on or after the first, at most {MAX_RANGE_DAYS} days later"),
        )));
    }
    Ok((from, to))
}

/// A court's sittings between two dates, with what each holds.
#[utoipa::path(get, path = "/courts/{court_ou}/sittings", tag = "listing", params(("court_ou" = String, Path), Range),
    responses((status = 200, body = Vec<SittingView>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sittings(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    p: Result<Query<Range>, QueryRejection>,
) -> ApiResult<Json<Vec<SittingView>>> {
    let ou = court(&ou)?;
    allowed(&state, &who, Action::ReadReferenceData, ou.as_str())?;
    let (from, to) = range(p)?;
    let rows = state
        .store
        .sittings(ou.as_str(), &from.to_string(), &to.to_string())
        .await?;
    Ok(Json(rows.iter().map(SittingView::from).collect()))
}

/// Set up one sitting (the court's listing officers and admins).
#[utoipa::path(post, path = "/courts/{court_ou}/sittings", tag = "listing", request_body = NewSitting,
    params(("court_ou" = String, Path)),
    responses((status = 201, body = SittingView),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_sitting(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    body: ApiJson<NewSitting>,
) -> ApiResult<(StatusCode, Json<SittingView>)> {
    let view = create_sitting(&state, &who, &ou, &body.value).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A court's courtrooms and its sittings of one day, for the people who set sittings up there
/// (`ManageSittings` at that court, as `POST /courts/{ou}/sittings` decides): the pages' service.
pub async fn day_of_sittings(
    state: &AppState,
    who: &Authed,
    ou: &str,
    day: jiff::civil::Date,
) -> ApiResult<(Vec<Courtroom>, Vec<SittingView>)> {
    let ou = court(ou)?;
    allowed(state, who, Action::ManageSittings, ou.as_str())?;
    let rooms = state.store.courtrooms(ou.as_str()).await?;
    let d = day.to_string();
    let rows = state.store.sittings(ou.as_str(), &d, &d).await?;
    Ok((rooms, rows.iter().map(SittingView::from).collect()))
}

/// Check and set up one sitting at a court (its listing officers and admins): the service of
/// `POST /courts/{ou}/sittings`, for the pages too.
pub async fn create_sitting(
    state: &AppState,
    who: &Authed,
    ou: &str,
    new: &NewSitting,
) -> ApiResult<SittingView> {
    let ou = court(ou)?;
    allowed(state, who, Action::ManageSittings, ou.as_str())?;
    let rooms = state.store.courtrooms(ou.as_str()).await?;
    let room = rooms.iter().find(|r| r.id == new.courtroom_id);
    let day = new.date.trim();
    let existing: Vec<listing::Sitting> = match day.parse::<jiff::civil::Date>() {
        Ok(d) => state
            .store
            .sittings(ou.as_str(), &d.to_string(), &d.to_string())
            .await?
            .into_iter()
            .map(|r| r.placement.sitting)
            .collect(),
        Err(_) => Vec::new(),
    };
    let s = input::sitting(&ou, new, room, &existing, court_today(), Uuid::now_v7())?;
    state
        .store
        .create_sittings(std::slice::from_ref(&s), None, &change_by(who))
        .await
        .map_err(|e| {
            duplicate(
                e,
                "courtroom-already-sitting",
                "That courtroom already sits then".into(),
            )
        })?;
    let row = state
        .store
        .sitting(s.id)
        .await?
        .ok_or(ApiError::NotFound("Sitting"))?;
    Ok(SittingView::from(&row))
}

/// What a sitting pattern set up.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PatternResult {
    pub pattern: SittingPattern,
    /// The sittings created, by date.
    pub created: Vec<SittingView>,
    /// Days of the pattern left out because the room already sits then.
    #[schema(value_type = Vec<String>)]
    pub skipped: Vec<jiff::civil::Date>,
}

/// Set up a recurring sitting (e.g. "Court 1, remand court, every weekday morning") and create
/// its sittings for the date range, skipping bank holidays and days the room already sits.
#[utoipa::path(post, path = "/courts/{court_ou}/sitting-patterns", tag = "listing", request_body = NewSittingPattern,
    params(("court_ou" = String, Path)),
    responses((status = 201, body = PatternResult),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_pattern(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
    body: ApiJson<NewSittingPattern>,
) -> ApiResult<(StatusCode, Json<PatternResult>)> {
    let result = create_pattern(&state, &who, &ou, &body.value).await?;
    Ok((StatusCode::CREATED, Json(result)))
}
