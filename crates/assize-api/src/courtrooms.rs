//! A court's courtrooms as the pages use them: who may see them (the people who set up its
//! sittings or its rooms) and adding one (its court admins), decided and checked exactly as
//! `GET`/`POST /api/v1/courts/{ou}/courtrooms` decide and check them.

use assize_domain::case::DomainError;
use assize_domain::listing::{Courtroom, NewCourtroom, input};
use assize_policy::Action;
use assize_store::StoreError;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult};
use crate::sittings::{change_by, court};

/// A court's courtrooms by name, and whether the reader may add one. For the court's listing
/// officers and admins (who plan its sittings in them).
pub async fn court_rooms(
    state: &AppState,
    who: &Authed,
    ou: &str,
) -> ApiResult<(Vec<Courtroom>, bool)> {
    let ou = court(ou)?;
    let at = |action| {
        state
            .policy
            .is_allowed_at_court(&who.principal, action, ou.as_str())
    };
    let may_add = at(Action::ManageCourtrooms);
    if !may_add && !at(Action::ManageSittings) {
        return Err(ApiError::Forbidden);
    }
    Ok((state.store.courtrooms(ou.as_str()).await?, may_add))
}

/// Check and add a courtroom to a court (its court admins): the service of
/// `POST /courts/{ou}/courtrooms`, for the pages too. A second room of the same name is refused,
/// also when two admins add it at once (the store's unique index decides the race).
pub async fn create_courtroom(
    state: &AppState,
    who: &Authed,
    ou: &str,
    new: &NewCourtroom,
) -> ApiResult<Courtroom> {
    let ou = court(ou)?;
    if !state
        .policy
        .is_allowed_at_court(&who.principal, Action::ManageCourtrooms, ou.as_str())
    {
        return Err(ApiError::Forbidden);
    }
    let existing = state.store.courtrooms(ou.as_str()).await?;
    let room = input::courtroom(&ou, new, &existing, Uuid::now_v7())?;
    state
        .store
        .create_courtroom(&room, &change_by(who))
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => ApiError::Domain(DomainError::rule(
                "courtroom-exists",
                format!("There is already a {}", room.name),
            )),
            other => other.into(),
        })?;
    Ok(room)
}
