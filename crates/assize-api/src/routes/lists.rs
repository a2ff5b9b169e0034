//! Daily court lists of one court: the public list (anyone, no sign-in: only what the Criminal
//! Procedure Rules allow, every reporting restriction honoured, decided by
//! `assize_policy::public_list`), and what it shares with the internal list
//! (`lists_internal`): the court and day of a path, the hearings of a case on the list.

use assize_domain::case::{Case, Hearing};
use assize_domain::ids::OuCode;
use assize_domain::refdata::RefData;
use assize_policy::public_list::{PublicEntry, public_list};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::ApiPath;
use crate::projection::stored_state;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only the hearings in this courtroom (its id).
    pub courtroom: Option<Uuid>,
}

/// A court's public list for one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicCourtList {
    pub court_ou: String,
    pub court_name: String,
    #[schema(format = Date)]
    pub date: String,
    /// When this list was produced (UTC): lists change during the day.
    #[schema(value_type = String, format = DateTime)]
    pub produced_at: jiff::Timestamp,
    pub entries: Vec<PublicEntry>,
}

/// The court of a path (404 if it is not a criminal court) and the date (404 if not a date: a
/// path that names no day names no list).
pub(super) fn court_and_day(
    ou: &str,
    date: &str,
) -> ApiResult<(OuCode, String, jiff::civil::Date)> {
    let code = OuCode::parse(ou).map_err(|_| ApiError::NotFound("Court"))?;
    let court = RefData::global()
        .court(&code)
        .ok_or(ApiError::NotFound("Court"))?;
    let day = date
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|d| d.to_string() == date)
        .ok_or(ApiError::NotFound("Court list"))?;
    Ok((code, court.name.clone(), day))
}

pub(super) fn params(p: Result<Query<ListParams>, QueryRejection>) -> ApiResult<ListParams> {
    p.map(|q| q.0).map_err(|e| {
        ApiError::Unprocessable(format!(
            "The query parameters are not valid: {}",
            e.body_text().split_once(": ").map(|x| x.1).unwrap_or("")
        ))
    })
}

/// The hearings of `case` on the list: at the court, on the day, in the courtroom if one is asked for.
pub(super) fn on_list<'c>(
    case: &'c Case,
    ou: &OuCode,
    day: jiff::civil::Date,
    courtroom: Option<Uuid>,
) -> impl Iterator<Item = &'c Hearing> {
    // A warned trial is dated by its period's first day but is not listed for any day until it
    // is fixed: it is on the warned list, not the day's list.
    case.hearings.iter().filter(move |h| {
        h.court_ou == *ou
            && h.hearing_date == day
            && h.warned.is_none()
            && courtroom.is_none_or(|r| h.slot.as_ref().is_some_and(|s| s.courtroom_id == r))
    })
}

/// The public list of a court for a day: what `assize_policy::public_list` allows, nothing else.
pub async fn public_court_list(
    state: &AppState,
    ou: &str,
    date: &str,
    courtroom: Option<Uuid>,
) -> ApiResult<PublicCourtList> {
    let (code, court_name, day) = court_and_day(ou, date)?;
    // Every case of the day is kept: what the public may have is decided per hearing below,
    // from the state alone.
    let cases: Vec<Case> = state
        .store
        .court_day(code.as_str(), &day.to_string(), |stored| {
            stored_state(&stored).map(Some)
        })
        .await?;
    let hearings: Vec<(&Case, &Hearing)> = cases
        .iter()
        .flat_map(|c| on_list(c, &code, day, courtroom).map(move |h| (c, h)))
        .collect();
    Ok(PublicCourtList {
        court_ou: code.to_string(),
        court_name,
        date: day.to_string(),
        produced_at: jiff::Timestamp::now(),
        entries: public_list(&hearings),
    })
}

/// A court's public list for one day (no sign-in).
///
/// What the Criminal Procedure Rules let anyone have (r.5.8), with every reporting restriction
/// in force that day honoured: no youth defendant, no one protected by an order, no victim or
/// witness, no offence wording, no police reference (URN). Entries with anything withheld say
/// "Reporting restrictions apply". In courtroom and start-time order. Not cached: a restriction
/// made during the day applies to the next read.
#[utoipa::path(get, path = "/public/courts/{ou}/lists/{date}", tag = "lists", security(()),
    params(("ou" = String, Path, description = "Court OU code, e.g. `B01BE00`", example = "B01BE00"),
           ("date" = String, Path, format = Date, description = "The day, `YYYY-MM-DD`"), ListParams),
    responses((status = 200, body = PublicCourtList, headers(("Cache-Control" = String))),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get_public_list(
    State(state): State<AppState>,
    ApiPath((ou, date)): ApiPath<(String, String)>,
    p: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<Response> {
    let p = params(p)?;
    let list = public_court_list(&state, &ou, &date, p.courtroom).await?;
    let mut resp = Json(list).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}
