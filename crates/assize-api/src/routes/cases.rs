//! Case intake, search, reading a case and its timeline.

use assize_domain::case::DomainError;
use assize_domain::case::commands::NewCase;
use assize_domain::ids::{Asn, PncId};
use assize_domain::search::name_tokens;
use assize_policy::{Action, event_visible};
use assize_store::{AccessLogEntry, SearchLog, SearchQuery};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::{self, CommandResult, etag};
use crate::config::court_today;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey};
use crate::projection::{case_facts, stored_state};
use crate::view::{CaseView, case_view};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Police URN, exact (any case).
    pub urn: Option<String>,
    /// Arrest/summons number, with or without slashes.
    pub asn: Option<String>,
    /// PNC ID, e.g. `2004/0012345L`.
    pub pnc_id: Option<String>,
    /// Crown Court case number, e.g. `T20267001`.
    pub case_number: Option<String>,
    /// Defendant name: any part, any case, accents optional (`zoe obri` finds Zoë O'Brien).
    pub name: Option<String>,
    /// Defendant date of birth `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// Page size, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseSummary {
    pub case_id: Uuid,
    pub urn: String,
    pub case_number: Option<String>,
    pub status: String,
    /// OU code of the court of the next (or last) hearing.
    pub court_ou: Option<String>,
    pub next_hearing_date: Option<String>,
    pub version: i64,
    pub defendant_names: Vec<String>,
}

impl From<assize_store::CaseListRow> for CaseSummary {
    fn from(r: assize_store::CaseListRow) -> Self {
        CaseSummary {
            case_id: r.case_id,
            urn: r.urn,
            case_number: r.case_number,
            status: r.status,
            court_ou: r.court_ou,
            next_hearing_date: r.next_hearing_date,
            version: r.version,
            defendant_names: r.defendant_names,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
    pub limit: u64,
    pub offset: u64,
}

fn query_problem(e: QueryRejection) -> ApiError {
    ApiError::Unprocessable(format!(
        "The query parameters are not valid: {}",
        e.body_text().split_once(": ").map(|x| x.1).unwrap_or("")
    ))
}

fn criterion(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Search cases; only cases the caller may see are returned, and each hit is access-logged.
///
/// Searches share half the database connections: when they are all taken the answer is 503
/// `busy`; a search still running after 10 seconds is stopped, 503 `timed-out` (narrow it).
#[utoipa::path(get, path = "/cases", tag = "cases", params(SearchParams),
    responses((status = 200, body = CaseList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 503, body = Problem, content_type = "application/problem+json",
               headers(("Retry-After" = String, description = "Seconds to wait before trying again")))))]
pub async fn search_cases(
    State(state): State<AppState>,
    who: Authed,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<CaseList>> {
    let Query(p) = params.map_err(query_problem)?;
    search(&state, &who, &p).await.map(Json)
}

/// Search as `who`: validate the criteria, narrow to the cases the policy lets them see, log each hit.
pub async fn search(state: &AppState, who: &Authed, p: &SearchParams) -> ApiResult<CaseList> {
    if !state
        .policy
        .is_allowed(&who.principal, Action::Search, None, None)
    {
        return Err(ApiError::Forbidden);
    }
    let invalid = |f: &str, m: String| ApiError::Domain(DomainError::invalid(f, m));
    let asn = criterion(&p.asn)
        .map(|a| {
            Asn::parse(&a)
                .map(|a| a.as_str().to_string())
                .map_err(|e| invalid("asn", e.to_string()))
        })
        .transpose()?;
    let pnc_id = criterion(&p.pnc_id)
        .map(|a| {
            PncId::parse(&a)
                .map(|a| a.as_str().to_string())
                .map_err(|e| invalid("pnc_id", e.to_string()))
        })
        .transpose()?;
    let date_of_birth = criterion(&p.date_of_birth)
        .map(|d| {
            d.parse::<jiff::civil::Date>()
                .map(|d| d.to_string())
                .map_err(|_| {
                    invalid(
                        "date_of_birth",
                        format!("'{d}' is not a date: use YYYY-MM-DD"),
                    )
                })
        })
        .transpose()?;
    let limit = p.limit.unwrap_or(25);
    if !(1..=100).contains(&limit) {
        return Err(invalid("limit", "limit must be between 1 and 100".into()));
    }
    let offset = p.offset.unwrap_or(0);
    if offset > 10_000 {
        return Err(invalid(
            "offset",
            "offset must be at most 10000: narrow the search instead".into(),
        ));
    }
    let q = SearchQuery {
        urn: criterion(&p.urn).map(|u| u.to_uppercase()),
        asn,
        pnc_id,
        case_number: criterion(&p.case_number).map(|c| c.to_uppercase()),
        name_tokens: criterion(&p.name)
            .map(|n| name_tokens(&n))
            .unwrap_or_default(),
        date_of_birth,
        limit,
        offset,
    };
    if q.urn.is_none()
        && q.asn.is_none()
        && q.pnc_id.is_none()
        && q.case_number.is_none()
        && q.name_tokens.is_empty()
        && q.date_of_birth.is_none()
    {
        return Err(invalid(
            "name",
            "Give at least one of: URN, ASN, PNC ID, case number, name or date of birth".into(),
        ));
    }
    let scope = state.policy.list_scope(&who.principal);
    let log = SearchLog {
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        at: jiff::Timestamp::now(),
        correlation_id: who.correlation_id,
    };
    let rows = state.store.search(&q, &scope, log).await?;
    Ok(CaseList {
        cases: rows.into_iter().map(CaseSummary::from).collect(),
        limit,
        offset,
    })
}

/// Send in a new case (police or prosecutor). Lists the first hearing at a magistrates' court.
#[utoipa::path(post, path = "/cases", tag = "cases", request_body = NewCase,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key: a repeated request with the same key creates one case")),
    responses((status = 201, body = CommandResult, headers(("Location" = String), ("ETag" = String))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_case(
    State(state): State<AppState>,
    who: Authed,
    IdempotencyKey(key): IdempotencyKey,
    body: ApiJson<NewCase>,
) -> ApiResult<Response> {
    if !state
        .policy
        .is_allowed(&who.principal, Action::CreateCase, None, None)
    {
        return Err(ApiError::Forbidden);
    }
    if let Some(resp) = commands::replay(&state, &who, &key, &body.body_hash).await? {
        return Ok(resp);
    }
    let (pending, events) = crate::intake::new_case_events(&state, &who, &body.value).await?;
    // `commit` applies every event after the first to the case built from the first.
    commands::commit(
        &state,
        &who,
        pending,
        0,
        events,
        key,
        &body.body_hash,
        None,
        StatusCode::CREATED,
    )
    .await
}

/// Read a case: redacted by the policy for the caller, access-logged in the same transaction.
#[utoipa::path(get, path = "/cases/{case_id}", tag = "cases", params(("case_id" = Uuid, Path)),
    responses((status = 200, body = CaseView, headers(("ETag" = String, description = "The case version"))),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_case(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let read = read_case(&state, &who, case_id).await?;
    Ok(([(header::ETAG, etag(read.view.version))], Json(read.view)).into_response())
}

/// A case as one reader may see it, with what the policy decided.
pub struct ReadCase {
    pub view: CaseView,
    pub disclosure: assize_policy::Disclosure,
    pub facts: assize_policy::CaseFacts,
}

/// Read a case as `who`: one statement, decided by the policy on facts taken from the stored
/// state, and access-logged before it is answered; not found (revealing nothing) when they may
/// not read it.
pub async fn read_case(state: &AppState, who: &Authed, case_id: Uuid) -> ApiResult<ReadCase> {
    let now = jiff::Timestamp::now();
    let read = state
        .store
        .read_stored_case_with(case_id, |stored| {
            let case = stored_state(&stored)?;
            let facts = case_facts(&case);
            let disclosure = state.policy.disclosure(&who.principal, &facts);
            if !disclosure.case {
                return Ok(None);
            }
            let full: Vec<Uuid> = facts
                .defendants
                .iter()
                .map(|x| x.defendant_id)
                .filter(|d| disclosure.defendant(*d) == assize_policy::DefendantDisclosure::Full)
                .collect();
            let entry = AccessLogEntry {
                at: now,
                user_id: who.actor.user_id,
                org_id: who.actor.org_id,
                action: "case_read".into(),
                case_id: Some(case_id),
                defendant_id: None,
                detail: Some(serde_json::json!({
                    "defendants_in_full": full,
                    "victim_witness_contact": disclosure.victim_witness_contact,
                })),
                correlation_id: who.correlation_id,
            };
            let view = case_view(&case, &disclosure, court_today());
            Ok::<_, ApiError>(Some((
                entry,
                ReadCase {
                    view,
                    disclosure,
                    facts,
                },
            )))
        })
        .await?;
    read.ok_or(ApiError::NotFound("Case"))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub version: i64,
    #[serde(rename = "type")]
    pub event_type: String,
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: jiff::Timestamp,
    pub actor_user_id: Uuid,
    /// Who, by name (as the user is named now).
    pub actor_name: Option<String>,
    pub actor_org_id: Uuid,
    pub actor_organisation: Option<String>,
    pub correlation_id: Uuid,
    pub reason: Option<String>,
    /// The event as recorded.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// Every change to the case (who, when, what), as far as the caller may see it.
#[utoipa::path(get, path = "/cases/{case_id}/events", tag = "cases", params(("case_id" = Uuid, Path)),
    responses((status = 200, body = Vec<TimelineEntry>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_timeline(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    timeline(&state, &who, case_id).await.map(Json)
}

/// Every change to a case that `who` may see, oldest first; the read is access-logged.
pub async fn timeline(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
) -> ApiResult<Vec<TimelineEntry>> {
    let (_, case) =
        commands::authorised_case(state, who, case_id, Action::ReadTimeline, None).await?;
    let disclosure = state.policy.disclosure(&who.principal, &case_facts(&case));
    let events = state.store.events_for_case(case_id).await?;
    let mut actors: Vec<Uuid> = events.iter().map(|e| e.actor_user_id).collect();
    actors.sort();
    actors.dedup();
    let names = state.store.user_names(&actors).await?;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let parsed: assize_domain::case::CaseEvent = serde_json::from_value(e.payload.clone())
            .map_err(|x| ApiError::Internal(x.to_string()))?;
        if event_visible(&parsed, &disclosure) {
            out.push(TimelineEntry {
                version: e.version,
                event_type: e.event_type,
                occurred_at: e.occurred_at,
                actor_user_id: e.actor_user_id,
                actor_name: names.get(&e.actor_user_id).map(|n| n.0.clone()),
                actor_org_id: e.actor_org_id,
                actor_organisation: names.get(&e.actor_user_id).map(|n| n.1.clone()),
                correlation_id: e.correlation_id,
                reason: e.reason,
                payload: e.payload,
            });
        }
    }
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "timeline_read".into(),
            case_id: Some(case_id),
            defendant_id: None,
            detail: None,
            correlation_id: who.correlation_id,
        }])
        .await?;
    Ok(out)
}
