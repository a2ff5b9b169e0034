//! The internal court list: a signed-in reader's view of a court's day — every case the policy
//! lets them read (each access-logged as a `list_hit`), redacted for them as `GET /cases/{id}`
//! redacts it, in sitting order, custody flagged.

use assize_domain::case::{Case, CustodyStatus, Hearing, HearingStatus};
use assize_domain::refdata::RefData;
use assize_policy::public_list::{public_entry, sitting_order};
use assize_store::SearchLog;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::lists::{ListParams, court_and_day, on_list, params};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::ApiPath;
use crate::projection::{case_facts, stored_state};
use crate::view::case_view;

/// A court's list for one day as one signed-in reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtList {
    pub court_ou: String,
    pub court_name: String,
    #[schema(format = Date)]
    pub date: String,
    pub entries: Vec<CourtListEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourtListEntry {
    pub hearing_id: Uuid,
    pub case_id: Uuid,
    pub urn: String,
    pub case_number: Option<String>,
    /// The case version (send it as `If-Match` when changing the case).
    pub case_version: i64,
    pub courtroom: Option<String>,
    pub courtroom_id: Option<Uuid>,
    /// `HH:MM`, Europe/London.
    pub start_time: Option<String>,
    pub estimate_minutes: Option<u32>,
    /// CJS hearing type code and its description.
    pub hearing_type: String,
    pub hearing_type_name: String,
    pub status: HearingStatus,
    /// The defendants this reader may see.
    pub defendants: Vec<CourtListDefendant>,
    /// Something in the case is under a reporting restriction on the day (as the public list
    /// would say), so staff know before anything is said or shown outside the courtroom.
    pub reporting_restrictions: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourtListDefendant {
    pub defendant_id: Uuid,
    pub name: String,
    pub youth: bool,
    pub custody_status: CustodyStatus,
    /// Remanded in custody: must be produced from prison or the cells.
    pub in_custody: bool,
    /// CJS offence titles.
    pub offences: Vec<String>,
}

/// The list of a court for a day as `who` may see it: only the cases the policy lets them read
/// (each access-logged as a `list_hit`), each redacted for them, in sitting order.
pub async fn court_list(
    state: &AppState,
    who: &Authed,
    ou: &str,
    date: &str,
    courtroom: Option<Uuid>,
) -> ApiResult<CourtList> {
    let (code, court_name, day) = court_and_day(ou, date)?;
    let log = SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    };
    // The reader's entity built once for the whole list (see `assize_policy::Reader`).
    let reader = state.policy.reader(&who.principal);
    let cases = state
        .store
        .court_day_for(code.as_str(), &day.to_string(), log, |stored| {
            let case = stored_state(&stored)?;
            let d = reader.list_disclosure(&case_facts(&case));
            if !d.case {
                return Ok::<_, ApiError>(None);
            }
            let seen = case_view(&case, &d, day).case;
            Ok(Some((case, seen)))
        })
        .await?;
    let mut hearings: Vec<(&Case, &Case, &Hearing)> = cases
        .iter()
        .flat_map(|(full, seen)| on_list(seen, &code, day, courtroom).map(move |h| (full, seen, h)))
        .collect();
    hearings.sort_by(|a, b| sitting_order((a.1, a.2), (b.1, b.2)));
    let entries = hearings
        .into_iter()
        .map(|(full, seen, h)| CourtListEntry {
            hearing_id: h.id,
            case_id: seen.id,
            urn: seen.urn.to_string(),
            case_number: seen.case_number.clone(),
            case_version: seen.version,
            courtroom: h.slot.as_ref().map(|s| s.courtroom.clone()),
            courtroom_id: h.slot.as_ref().map(|s| s.courtroom_id),
            start_time: h.slot.as_ref().map(|s| s.start_time.clone()),
            estimate_minutes: h.slot.as_ref().and_then(|s| s.estimate_minutes),
            hearing_type: h.hearing_type.clone(),
            hearing_type_name: RefData::global()
                .hearing_type(&h.hearing_type)
                .map(|t| t.description.clone())
                .unwrap_or_else(|| h.hearing_type.clone()),
            status: h.status,
            defendants: seen
                .defendants
                .iter()
                .map(|d| CourtListDefendant {
                    defendant_id: d.id,
                    name: d.name.full(),
                    youth: d.youth,
                    custody_status: d.custody_status,
                    in_custody: d.custody_status == CustodyStatus::InCustody,
                    offences: d.offences.iter().map(|o| o.title.clone()).collect(),
                })
                .collect(),
            // Decided on the whole case: a restriction protecting someone this reader cannot
            // see still applies to what they say about the case.
            reporting_restrictions: public_entry(full, h).reporting_restrictions,
        })
        .collect();
    Ok(CourtList {
        court_ou: code.to_string(),
        court_name,
        date: day.to_string(),
        entries,
    })
}

/// A court's list for one day as the caller may see it.
///
/// Only the cases the caller may read, each redacted as `GET /cases/{case_id}` redacts it, custody
/// flagged; every case listed is access-logged. In courtroom and start-time order; hearings not
/// yet placed in a sitting last.
#[utoipa::path(get, path = "/courts/{ou}/lists/{date}", tag = "lists",
    params(("ou" = String, Path, description = "Court OU code, e.g. `B01BE00`", example = "B01BE00"),
           ("date" = String, Path, format = Date, description = "The day, `YYYY-MM-DD`"), ListParams),
    responses((status = 200, body = CourtList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get_court_list(
    State(state): State<AppState>,
    who: Authed,
    ApiPath((ou, date)): ApiPath<(String, String)>,
    p: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<Json<CourtList>> {
    let p = params(p)?;
    court_list(&state, &who, &ou, &date, p.courtroom)
        .await
        .map(Json)
}
