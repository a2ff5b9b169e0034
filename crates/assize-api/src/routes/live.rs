//! Live updates as Server-Sent Events: "this case changed", filtered per subscriber through the
//! same policy as every read. The stream deliberately carries no personal data (event type,
//! version, time): the browser re-fetches the part of the page that changed, which is a logged,
//! redacted read like any other.
//!
//! Gaps and duplicates are avoided by construction: a stream subscribes to the store's change
//! hub *before* it reads anything, keeps the version it has reached, and on every signal for its
//! case (or a resync, or a lagged receiver) reads the event log after that version. A signal for
//! a version already reached is skipped, so an event is sent at most once; every signal leads to
//! a read from the log, so none is lost.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use assize_domain::case::CaseEvent;
use assize_policy::{Action, Principal, event_visible};
use assize_store::{AccessLogEntry, LiveSignal};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::commands::authorised_case;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::ApiPath;
use crate::live::Shared;
use crate::projection::facts;

const KEEP_ALIVE: Duration = Duration::from_secs(15);
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LiveParams {
    /// Resume after this event id, for clients that cannot send the `Last-Event-ID` header
    /// (the header wins when both are given).
    #[param(minimum = 0)]
    pub last_event_id: Option<i64>,
}

/// The position to resume from: `Last-Event-ID`, else the `last_event_id` query parameter.
fn resume_from(
    headers: &HeaderMap,
    params: Result<Query<LiveParams>, QueryRejection>,
) -> ApiResult<Option<i64>> {
    let invalid = || ApiError::Unprocessable("last_event_id must be a non-negative integer".into());
    let Query(p) = params.map_err(|_| invalid())?;
    let header = headers
        .get("last-event-id")
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .ok_or_else(invalid)
        })
        .transpose()?;
    match header.or(p.last_event_id) {
        Some(n) if n < 0 => Err(invalid()),
        other => Ok(other),
    }
}

/// Changes to one case as they happen (Server-Sent Events).
///
/// Each message: `id:` the case version, `event: case_changed`,
/// `data: {"case_id","version","type","occurred_at"}`, one per recorded event; `type` and
/// `occurred_at` only for events the caller may see in the timeline (others say just that the
/// case moved on to that version). No personal data: re-read the case to see what changed. A
/// reconnecting client sends `Last-Event-ID` (or `last_event_id`) and first receives every event
/// after it, in order. The stream ends when the caller may no longer read the case. Opening it is
/// access-logged (`live_subscribed`).
#[utoipa::path(get, path = "/cases/{case_id}/live", tag = "cases",
    params(("case_id" = Uuid, Path),
           ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this case version"),
           LiveParams),
    responses((status = 200, description = "An endless event stream", content_type = "text/event-stream", body = String),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn case_live(
    State(state): State<AppState>,
    who: Authed,
    ApiPath(case_id): ApiPath<Uuid>,
    headers: HeaderMap,
    params: Result<Query<LiveParams>, QueryRejection>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let resume = resume_from(&headers, params)?;
    // Subscribe first: whatever is committed after this is signalled.
    let rx = state.store.subscribe_changes().await;
    let (record, _) = authorised_case(&state, &who, case_id, Action::ReadCase, None).await?;
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "live_subscribed".into(),
            case_id: Some(case_id),
            defendant_id: None,
            detail: resume.map(|v| serde_json::json!({ "last_event_id": v })),
            correlation_id: who.correlation_id,
        }])
        .await?;
    let stream = CaseStream {
        state: state.clone(),
        principal: who.principal,
        case_id,
        rx,
        stop: state.live.stop(),
        // A claimed position beyond the case's end would skip future events.
        reached: resume.map_or(record.version, |v| v.min(record.version)),
        catch_up: resume.is_some(),
        pending: VecDeque::new(),
        done: false,
    };
    Ok(
        Sse::new(futures_util::stream::unfold(stream, CaseStream::next))
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE)),
    )
}

struct CaseStream {
    state: AppState,
    principal: Principal,
    case_id: Uuid,
    rx: broadcast::Receiver<LiveSignal>,
    stop: watch::Receiver<bool>,
    /// The last version sent or found not visible: everything up to it is dealt with.
    reached: i64,
    /// Read the log once before waiting (a reconnecting client's missed events).
    catch_up: bool,
    pending: VecDeque<Event>,
    done: bool,
}

impl CaseStream {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some((Ok(e), self));
            }
            if self.done {
                return None;
            }
            if !self.catch_up {
                let signal = tokio::select! {
                    s = self.rx.recv() => s,
                    _ = self.stop.wait_for(|s| *s) => return None,
                };
                match signal {
                    Ok(LiveSignal::Changed(c))
                        if c.case_id != self.case_id || c.version <= self.reached =>
                    {
                        continue;
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return None,
                }
            }
            self.catch_up = false;
            if let Err(e) = self.read_after_reached().await {
                tracing::warn!(error = %e, case_id = %self.case_id, "live updates: stream ended");
                return None;
            }
        }
    }

    /// Queue the events after `reached`, named only where visible. The facts are read after the events, so the
    /// decision uses access at least as recent as the newest event; no access ends the stream.
    async fn read_after_reached(&mut self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let store = &self.state.store;
        let events = store
            .events_for_case_since(self.case_id, self.reached)
            .await?;
        let Some(record) = store.load_case(self.case_id).await? else {
            self.done = true;
            return Ok(());
        };
        let disclosure = self
            .state
            .policy
            .disclosure(&self.principal, &facts(&record));
        if !disclosure.case {
            self.done = true;
            return Ok(());
        }
        for e in events {
            let parsed: CaseEvent = serde_json::from_value(e.payload)?;
            // A reader without this event in their timeline (the defence, or an event about a
            // defendant they see only as on the charge sheet) still learns that the case moved
            // on to this version — which the case page shows them anyway — so their page
            // refreshes its redacted view; what happened is named only to those who may see it.
            let data = if event_visible(&parsed, &disclosure) {
                serde_json::json!({
                    "case_id": e.case_id,
                    "version": e.version,
                    "type": e.event_type,
                    "occurred_at": e.occurred_at,
                })
            } else {
                serde_json::json!({ "case_id": e.case_id, "version": e.version })
            };
            self.pending.push_back(
                Event::default()
                    .id(e.version.to_string())
                    .event("case_changed")
                    .data(data.to_string()),
            );
            self.reached = e.version;
        }
        Ok(())
    }
}

/// Changes to any case the caller may read (Server-Sent Events).
///
/// For home pages and court lists. Each message: `id:` a global sequence number,
/// `event: case_changed`, `data: {"case_id","version"}` (the case is at least at that version).
/// `event: resync` (data `{}`) means changes may have been missed: re-read the list. A client
/// that reconnects with `Last-Event-ID` (or `last_event_id`) receives `resync` first rather than
/// the changes it missed.
#[utoipa::path(get, path = "/live", tag = "cases",
    params(("Last-Event-ID" = Option<i64>, Header, description = "Answered with a `resync` event"),
           LiveParams),
    responses((status = 200, description = "An endless event stream", content_type = "text/event-stream", body = String),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn all_live(
    State(state): State<AppState>,
    who: Authed,
    headers: HeaderMap,
    params: Result<Query<LiveParams>, QueryRejection>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let resume = resume_from(&headers, params)?;
    let rx = state.live.subscribe_shared().await;
    let stream = AllStream {
        state: state.clone(),
        principal: who.principal,
        rx,
        stop: state.live.stop(),
        resync: resume.is_some(),
    };
    Ok(
        Sse::new(futures_util::stream::unfold(stream, AllStream::next))
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE)),
    )
}

struct AllStream {
    state: AppState,
    principal: Principal,
    rx: broadcast::Receiver<Arc<Shared>>,
    stop: watch::Receiver<bool>,
    /// Send `resync` before anything else.
    resync: bool,
}

impl AllStream {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if std::mem::take(&mut self.resync) {
                return Some((Ok(Event::default().event("resync").data("{}")), self));
            }
            let shared = tokio::select! {
                s = self.rx.recv() => s,
                _ = self.stop.wait_for(|s| *s) => return None,
            };
            match shared.as_deref() {
                Ok(Shared::Changed(c, f)) => {
                    let policy = &self.state.policy;
                    if policy.is_allowed(&self.principal, Action::ReadCase, Some(f), None) {
                        let data =
                            serde_json::json!({ "case_id": c.case_id, "version": c.version });
                        let event = Event::default()
                            .id(c.global_seq.to_string())
                            .event("case_changed")
                            .data(data.to_string());
                        return Some((Ok(event), self));
                    }
                }
                Ok(Shared::Resync) | Err(RecvError::Lagged(_)) => self.resync = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }
}
