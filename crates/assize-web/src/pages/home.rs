//! Each person's starting page: court staff see today's hearings at their courts and the
//! hearings still to be resulted; the judiciary today's list at their courts; police,
//! prosecutors and the defence their own cases by next hearing. The lists refresh live.

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::service::CaseSummary;
use assize_domain::access::OrgKind;
use assize_policy::Action;
use assize_store::{CtlListRow, HearingFilter, HearingListRow, SearchLog, SearchQuery};
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    today: String,
    /// Court staff and judiciary: today's hearings at their courts.
    todays_hearings: Option<Vec<HearingLine>>,
    /// Court staff who record results: past hearings not yet resulted.
    to_result: Option<Vec<HearingLine>>,
    /// Court staff and judiciary: (address, label) of today's list of each of their courts.
    court_lists: Vec<(String, String)>,
    /// Listing officers and court admins: (address, label) of today's sittings of each court they set up.
    sittings_links: Vec<(String, String)>,
    /// Court staff and judiciary: running custody time limits expiring within 14 days.
    ctls: Option<Vec<CtlLine>>,
    /// Police, prosecution, defence: their cases by next hearing.
    my_cases: Option<Vec<CaseLine>>,
    may_result: bool,
    is_auditor: bool,
    is_agency: bool,
    /// The platform's operators: the notices of results to agencies.
    may_manage_notices: bool,
    /// A defence firm's people may look for a defendant to go on record for.
    may_represent: bool,
    left_record: bool,
}

struct HearingLine {
    row: HearingListRow,
    court_name: String,
    date: String,
    hearing_type: String,
}

struct CtlLine {
    row: CtlListRow,
    expiry: String,
    days_left: i64,
}

struct CaseLine {
    case: CaseSummary,
    next_hearing: String,
    court_name: String,
}

fn court_name(ou: &str) -> String {
    assize_domain::ids::OuCode::parse(ou)
        .ok()
        .and_then(|c| assize_domain::refdata::RefData::global().court(&c))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| ou.to_string())
}

fn hearing_type_name(code: &str) -> String {
    assize_domain::refdata::RefData::global()
        .hearing_type(code)
        .map(|h| h.description.clone())
        .unwrap_or_else(|| code.to_string())
}

fn lines(rows: Vec<HearingListRow>) -> Vec<HearingLine> {
    rows.into_iter()
        .map(|row| HearingLine {
            court_name: court_name(&row.court_ou),
            date: format::date_text(&row.hearing_date),
            hearing_type: hearing_type_name(&row.hearing_type),
            row,
        })
        .collect()
}

#[derive(serde::Deserialize, Default)]
pub struct HomeQuery {
    #[serde(default, rename = "left-record")]
    left_record: Option<String>,
}

pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    q: Result<axum::extract::Query<HomeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let mut page = build(&state, &viewer).await.framed(&viewer)?;
    page.left_record = q.is_ok_and(|q| q.left_record.is_some());
    Ok(render(&page)?.into_response())
}

async fn build(state: &AppState, viewer: &Viewer) -> Result<HomePage, WebError> {
    let today = court_today();
    let who = &viewer.who;
    let scope = state.policy.list_scope(&who.principal);
    let log = SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    };
    let may_result = viewer.may_on_any_case(Action::RecordHearingOutcome);
    let kind = who.actor.org_kind;
    let mut page = HomePage {
        chrome: viewer.chrome("Home", "/").live("/api/v1/live"),
        today: format::date(today),
        todays_hearings: None,
        court_lists: Vec::new(),
        sittings_links: Vec::new(),
        to_result: None,
        ctls: None,
        my_cases: None,
        may_result,
        is_auditor: kind == OrgKind::Oversight,
        is_agency: kind == OrgKind::Agency,
        may_manage_notices: viewer.may(Action::ManageNotices),
        may_represent: super::representation::may_represent(state, viewer),
        left_record: false,
    };
    let store_err =
        |e: assize_store::StoreError| WebError::from(assize_api::error::ApiError::from(e));
    match kind {
        OrgKind::Court | OrgKind::Judiciary => {
            let day = today.to_string();
            page.court_lists = who
                .actor
                .court_ous
                .iter()
                .map(|ou| {
                    let label = format!("Today’s court list: {}", court_name(ou));
                    (format!("/courts/{ou}/lists/{day}"), label)
                })
                .collect();
            page.sittings_links = who
                .actor
                .court_ous
                .iter()
                .filter(|ou| {
                    state
                        .policy
                        .is_allowed_at_court(&who.principal, Action::ManageSittings, ou)
                })
                .map(|ou| {
                    let label = format!("Sittings: {}", court_name(ou));
                    (format!("/courts/{ou}/sittings?date={day}"), label)
                })
                .collect();
            let todays = state
                .store
                .hearings(
                    &HearingFilter {
                        court_ous: scope.court_ous.clone(),
                        from: day.clone(),
                        to: day,
                        status: None,
                        limit: 500,
                    },
                    log,
                )
                .await
                .map_err(store_err)?;
            page.todays_hearings = Some(lines(todays));
            let horizon = today
                .checked_add(jiff::ToSpan::days(14))
                .map_err(|e| WebError::Internal(e.to_string()))?;
            let ctls = state
                .store
                .ctls_expiring(&scope.court_ous, &horizon.to_string(), 200, log)
                .await
                .map_err(store_err)?;
            page.ctls = Some(
                ctls.into_iter()
                    .map(|row| {
                        let expiry = row.expiry_date.parse::<jiff::civil::Date>().ok();
                        CtlLine {
                            expiry: format::date_text(&row.expiry_date),
                            days_left: expiry
                                .map(|e| i64::from((e - today).get_days()))
                                .unwrap_or(0),
                            row,
                        }
                    })
                    .collect(),
            );
            if may_result {
                let yesterday = today
                    .yesterday()
                    .map_err(|e| WebError::Internal(e.to_string()))?;
                let pending = state
                    .store
                    .hearings(
                        &HearingFilter {
                            court_ous: scope.court_ous.clone(),
                            from: "0000-01-01".into(),
                            to: yesterday.to_string(),
                            status: Some("listed".into()),
                            limit: 200,
                        },
                        log,
                    )
                    .await
                    .map_err(store_err)?;
                page.to_result = Some(lines(pending));
            }
        }
        OrgKind::PoliceForce | OrgKind::ProsecutingAuthority | OrgKind::DefenceFirm => {
            let q = SearchQuery {
                urn: None,
                asn: None,
                pnc_id: None,
                case_number: None,
                name_tokens: vec![],
                date_of_birth: None,
                limit: 100,
                offset: 0,
            };
            let rows = state
                .store
                .search(&q, &scope, log)
                .await
                .map_err(store_err)?;
            page.my_cases = Some(
                rows.into_iter()
                    .filter(|r| r.status == "active")
                    .map(|r| CaseLine {
                        next_hearing: r
                            .next_hearing_date
                            .as_deref()
                            .map(format::date_text)
                            .unwrap_or_else(|| "None listed".into()),
                        court_name: r.court_ou.as_deref().map(court_name).unwrap_or_default(),
                        case: CaseSummary::from(r),
                    })
                    .collect(),
            );
        }
        OrgKind::Agency | OrgKind::Oversight => {}
    }
    Ok(page)
}
