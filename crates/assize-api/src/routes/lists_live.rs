//! Live updates of a public court list (Server-Sent Events, no sign-in): "this court's list may
//! have changed, fetch it again". The stream says nothing else — no case id, version or event
//! type — because its readers are anonymous: even a case id would let anyone follow one case's
//! activity. The browser re-fetches the public list, which applies every restriction afresh.
//!
//! It rides on the process-wide fan-out of `GET /live` (`crate::live`): each change's access
//! facts are loaded once per process whatever the number of public readers, and a reader costs
//! one comparison of court codes per change.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::AppState;
use crate::error::{ApiResult, Problem};
use crate::extract::ApiPath;
use crate::live::Shared;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Changes to a court's public list as they happen (Server-Sent Events, no sign-in).
///
/// `event: list_changed`, `data: {}` whenever a case with a hearing at the court changes, or
/// changes may have been missed: fetch the list again. Nothing else is sent: no case ids, no
/// personal data. Not sent for changes at other courts.
#[utoipa::path(get, path = "/public/courts/{ou}/lists/{date}/live", tag = "lists", security(()),
    params(("ou" = String, Path, description = "Court OU code, e.g. `B01BE00`", example = "B01BE00"),
           ("date" = String, Path, format = Date, description = "The day, `YYYY-MM-DD`")),
    responses((status = 200, description = "An endless event stream", content_type = "text/event-stream", body = String),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn public_list_live(
    State(state): State<AppState>,
    ApiPath((ou, date)): ApiPath<(String, String)>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let (code, _, _) = super::lists::court_and_day(&ou, &date)?;
    let stream = ListStream {
        court_ou: code.to_string(),
        rx: state.live.subscribe_shared().await,
        stop: state.live.stop(),
    };
    Ok(
        Sse::new(futures_util::stream::unfold(stream, ListStream::next))
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE)),
    )
}

struct ListStream {
    court_ou: String,
    rx: broadcast::Receiver<Arc<Shared>>,
    stop: watch::Receiver<bool>,
}

impl ListStream {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            let shared = tokio::select! {
                s = self.rx.recv() => s,
                _ = self.stop.wait_for(|s| *s) => return None,
            };
            let changed = match shared.as_deref() {
                // The case's courts include every court it was ever listed at, so a hearing
                // moved away from this court (or vacated) is announced here too.
                Ok(Shared::Changed(_, facts)) => facts.court_ous.contains(&self.court_ou),
                Ok(Shared::Resync) | Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => return None,
            };
            if changed {
                return Some((Ok(Event::default().event("list_changed").data("{}")), self));
            }
        }
    }
}
