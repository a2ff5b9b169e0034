//! A court's sitting patterns: reading them back, and setting one up (its sittings created at
//! once) for the API and the pages alike.

use assize_domain::listing::{self, NewSittingPattern, SittingPattern, input};
use assize_policy::Action;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::estate::{PatternResult, allowed, duplicate};
use crate::AppState;
use crate::auth::Authed;
use crate::config::court_today;
use crate::error::{ApiResult, Problem};
use crate::extract::ApiPath;
use crate::sittings::{SittingView, change_by, court};

/// A sitting pattern with its courtroom's name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PatternView {
    #[serde(flatten)]
    pub pattern: SittingPattern,
    pub courtroom: String,
}

/// A court's sitting patterns with their rooms (readable as its sittings are).
pub async fn patterns(state: &AppState, ou: &str) -> ApiResult<Vec<PatternView>> {
    let ou = court(ou)?;
    let rooms = state.store.courtrooms(ou.as_str()).await?;
    Ok(state
        .store
        .sitting_patterns(ou.as_str())
        .await?
        .into_iter()
        .map(|(pattern, _)| PatternView {
            courtroom: rooms
                .iter()
                .find(|r| r.id == pattern.courtroom_id)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            pattern,
        })
        .collect())
}

/// Set up a sitting pattern at a court and create its sittings for its date range, skipping bank
/// holidays and days the room already sits (the service of `POST …/sitting-patterns`).
pub async fn create_pattern(
    state: &AppState,
    who: &Authed,
    ou: &str,
    new: &NewSittingPattern,
) -> ApiResult<PatternResult> {
    let ou = court(ou)?;
    allowed(state, who, Action::ManageSittings, ou.as_str())?;
    let rooms = state.store.courtrooms(ou.as_str()).await?;
    let room = rooms.iter().find(|r| r.id == new.courtroom_id);
    let pattern = input::pattern(&ou, new, room, court_today(), Uuid::now_v7())?;
    let (from, until) = (pattern.from.to_string(), pattern.until.to_string());
    let existing: Vec<listing::Sitting> = state
        .store
        .sittings(ou.as_str(), &from, &until)
        .await?
        .into_iter()
        .map(|r| r.placement.sitting)
        .collect();
    let mut ids = Uuid::now_v7;
    let (sittings, clashes): (Vec<_>, Vec<_>) =
        listing::expand(&pattern, pattern.from, pattern.until, &mut ids)
            .into_iter()
            .partition(|s| input::clash(s, &existing).is_none());
    state
        .store
        .create_sittings(&sittings, Some(&pattern), &change_by(who))
        .await
        .map_err(|e| {
            duplicate(
                e,
                "courtroom-already-sitting",
                "The courtroom already sits on one of these days".into(),
            )
        })?;
    let rows = state.store.sittings(ou.as_str(), &from, &until).await?;
    let created = rows
        .iter()
        .filter(|r| r.placement.sitting.pattern_id == Some(pattern.id))
        .map(SittingView::from)
        .collect();
    Ok(PatternResult {
        pattern,
        created,
        skipped: clashes.into_iter().map(|s| s.date).collect(),
    })
}

/// A court's sitting patterns (readable by every signed-in user, as its sittings are).
#[utoipa::path(get, path = "/courts/{court_ou}/sitting-patterns", tag = "listing",
    params(("court_ou" = String, Path)),
    responses((status = 200, body = Vec<PatternView>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_patterns(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(ou): ApiPath<String>,
) -> ApiResult<Json<Vec<PatternView>>> {
    let code = court(&ou)?;
    allowed(&state, &who, Action::ReadReferenceData, code.as_str())?;
    patterns(&state, code.as_str()).await.map(Json)
}
