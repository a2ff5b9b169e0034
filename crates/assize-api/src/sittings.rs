//! What the listing endpoints share: the court named in a path, sittings as the API shows them,
//! loading the sittings a request names (the domain does no I/O), and who changed the estate.

use assize_domain::ids::OuCode;
use assize_domain::ids::PncId;
use assize_domain::listing::{
    BookedElsewhere, Capacity, Placement, Session, SittingKind, SittingLoad,
};
use assize_domain::refdata::RefData;
use assize_store::SittingRow;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult};

/// A court of the reference data, from a path: an unknown or malformed code is a 404.
pub fn court(ou: &str) -> ApiResult<OuCode> {
    OuCode::parse(ou)
        .ok()
        .filter(|c| RefData::global().court(c).is_some())
        .ok_or(ApiError::NotFound("Court"))
}

/// A sitting as the API shows it: when and where, for what, before whom, and how full.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct SittingView {
    pub id: Uuid,
    pub court_ou: String,
    pub courtroom_id: Uuid,
    pub courtroom: String,
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    pub start_time: String,
    /// `HH:MM`: when the session rises.
    pub end_time: String,
    pub session: Session,
    pub kind: SittingKind,
    pub judiciary: Vec<String>,
    pub capacity: Capacity,
    /// What is listed in it now.
    pub load: SittingLoad,
    pub pattern_id: Option<Uuid>,
    /// The sitting's version: send it back to change or cancel the sitting (0 if not known).
    pub version: i64,
}

impl From<&Placement> for SittingView {
    fn from(p: &Placement) -> Self {
        let s = &p.sitting;
        SittingView {
            id: s.id,
            court_ou: s.court_ou.to_string(),
            courtroom_id: s.courtroom_id,
            courtroom: p.courtroom.name.clone(),
            date: s.date,
            start_time: s.start_time.clone(),
            end_time: s.session.ends().to_string(),
            session: s.session,
            kind: s.kind,
            judiciary: s.judiciary.clone(),
            capacity: s.capacity,
            load: p.load,
            pattern_id: s.pattern_id,
            version: 0,
        }
    }
}

impl From<&SittingRow> for SittingView {
    fn from(r: &SittingRow) -> Self {
        SittingView {
            version: r.version,
            ..SittingView::from(&r.placement)
        }
    }
}

/// The sitting a request names, with its room and load, for the domain to place a hearing in;
/// none if it names none or an unknown one (the domain then reports the field).
pub async fn placements(state: &AppState, sitting_id: Option<Uuid>) -> ApiResult<Vec<Placement>> {
    let Some(id) = sitting_id else {
        return Ok(Vec::new());
    };
    Ok(state
        .store
        .sitting(id)
        .await?
        .map(|r| r.placement)
        .into_iter()
        .collect())
}

/// The same people's hearings in other cases on the days of `sittings`, for the domain's
/// double-booking rule: the defendants are matched by PNC ID (an unreadable one matches
/// nothing). `case_id` is the case being listed (a new case's own id matches no other).
pub async fn booked_elsewhere<'a>(
    state: &AppState,
    case_id: Uuid,
    pnc_ids: impl IntoIterator<Item = &'a str>,
    sittings: &[Placement],
) -> ApiResult<Vec<BookedElsewhere>> {
    let mut pncs: Vec<String> = pnc_ids
        .into_iter()
        .filter_map(|p| PncId::parse(p).ok())
        .map(|p| p.as_str().to_string())
        .collect();
    pncs.sort();
    pncs.dedup();
    let mut dates: Vec<String> = sittings
        .iter()
        .map(|p| p.sitting.date.to_string())
        .collect();
    dates.sort();
    dates.dedup();
    let mut found = state.store.booked_elsewhere(case_id, &pncs, &dates).await?;
    for b in &mut found {
        b.court_name = OuCode::parse(&b.court_ou)
            .ok()
            .and_then(|ou| RefData::global().court(&ou).map(|c| c.name.clone()))
            .unwrap_or_else(|| b.court_ou.clone());
    }
    Ok(found)
}

/// Who is changing the estate, for the row's stamp and the access-log entry.
pub fn change_by(who: &Authed) -> assize_store::SearchLog {
    assize_store::SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    }
}
