//! One recipient of notices for the operators: its settings, delivery figures and notices, and
//! putting its dead letters (or one notice) back in line through the same services as the API,
//! which check the operator and write the access log.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{replay_dead_letters, replay_notice};
use assize_store::{NoticeRow, NoticeState};
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::admin_notices::{
    delivery_label, duration_words, kind_label, recipient_href, threshold_words, watched,
};
use super::posted::Posted;
use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// At most this many notices on a recipient's page.
const NOTICES_SHOWN: u64 = 100;

struct NoticeLine {
    id: Uuid,
    /// The sequence number, or "not yet numbered" (a moment after the notice's commit).
    seq: String,
    kind: String,
    written: String,
    /// (label, tag colour class).
    state: (&'static str, &'static str),
    attempts: i64,
    last_error: String,
    next_attempt: String,
    replayable: bool,
    /// (address, title) of the printable documents the notice needs.
    documents: Vec<(String, &'static str)>,
}

impl From<&NoticeRow> for NoticeLine {
    fn from(n: &NoticeRow) -> Self {
        let state = match n.state {
            NoticeState::Pending if n.attempts > n.attempts_base => {
                ("Retrying", "govuk-tag--orange")
            }
            NoticeState::Pending => ("Pending", "govuk-tag--blue"),
            NoticeState::Delivered => ("Delivered", "govuk-tag--green"),
            NoticeState::Dead => ("Dead letter", "govuk-tag--red"),
        };
        NoticeLine {
            id: n.id,
            seq: n
                .seq
                .map_or_else(|| "not yet numbered".to_owned(), |s| s.to_string()),
            kind: format::words(&n.kind),
            written: format::when(n.created_at),
            state,
            attempts: n.attempts,
            last_error: n.last_error.clone().unwrap_or_default(),
            next_attempt: match (n.state, n.next_attempt_at) {
                (NoticeState::Pending, Some(t)) => format::when(t),
                _ => String::new(),
            },
            replayable: n.state != NoticeState::Pending,
            documents: assize_api::notices::documents::parse(n)
                .map(|(_, docs)| {
                    docs.into_iter()
                        .map(|k| {
                            (
                                format!("/notices/{}/documents/{}", n.id, k.as_str()),
                                k.title(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_notices_recipient.html")]
struct RecipientPage {
    chrome: Chrome,
    id: Uuid,
    name: String,
    /// (label, value, data-test) of the settings.
    settings: Vec<(&'static str, String, &'static str)>,
    pending: i64,
    retrying: i64,
    delivered: i64,
    dead: i64,
    oldest: Option<String>,
    alert: bool,
    threshold: String,
    notices: Vec<NoticeLine>,
    limited: bool,
    done: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    replayed: Option<u64>,
}

/// `GET /admin/notices/recipients/{id}`: the settings, figures and notices of one recipient.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    q: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let (recipients, figures) = watched(&state, &viewer).await?;
    let Some((r, (age, alert, s))) = recipients.iter().zip(figures).find(|(r, _)| r.id == id)
    else {
        return Err(WebError::NotFound).framed(&viewer);
    };
    let api = |e: assize_store::StoreError| assize_api::error::ApiError::from(e);
    let org = match r.org_id {
        Some(org) => match state
            .store
            .organisation(org)
            .await
            .map_err(api)
            .framed(&viewer)?
        {
            Some(o) => format!("{} ({org})", o.name),
            None => org.to_string(),
        },
        None => "None assigned".into(),
    };
    let rows = state
        .store
        .recipient_notices(id, NOTICES_SHOWN)
        .await
        .map_err(api)
        .framed(&viewer)?;
    let set = |b: bool| if b { "Set" } else { "Not set" }.to_string();
    let done = match (q.saved.is_some(), q.replayed) {
        (true, _) => Some("The settings were saved.".to_string()),
        (_, Some(1)) => Some("1 notice put back in line.".to_string()),
        (_, Some(n)) => Some(format!("{n} notices put back in line.")),
        _ => None,
    };
    let page = RecipientPage {
        chrome: viewer.chrome(format!("Notices to agencies: {}", r.name), ""),
        id,
        name: r.name.clone(),
        settings: vec![
            ("Kind", kind_label(&r.kind), "kind"),
            ("Organisation", org, "organisation"),
            ("Delivery", delivery_label(r.delivery).into(), "delivery"),
            (
                "Webhook endpoint",
                r.webhook_url.clone().unwrap_or_else(|| "None".into()),
                "webhook-url",
            ),
            ("Webhook secret", set(r.webhook_secret.is_some()), "secret"),
            (
                "Attempts before a dead letter",
                r.max_attempts.to_string(),
                "max-attempts",
            ),
            (
                "Feed acknowledged up to",
                format!("Notice {} of {}", r.acked_seq, r.last_seq),
                "acked",
            ),
        ],
        pending: s.pending,
        retrying: s.retrying,
        delivered: s.delivered,
        dead: s.dead,
        oldest: (age >= 0).then(|| duration_words(age)),
        alert,
        threshold: threshold_words(&state),
        limited: rows.len() as u64 >= NOTICES_SHOWN,
        notices: rows.iter().map(NoticeLine::from).collect(),
        done,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /admin/notices/recipients/{id}/replay-dead`: 303 to the recipient, saying how many.
pub async fn replay_dead(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    Posted::csrf_checked(&viewer, form)?;
    let n = replay_dead_letters(&state, &viewer.who, id)
        .await
        .framed(&viewer)?;
    Ok(Redirect::to(&format!("{}?replayed={n}", recipient_href(id))).into_response())
}

/// `POST /admin/notices/notices/{id}/replay`: 303 to the notice's recipient.
pub async fn replay(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    Posted::csrf_checked(&viewer, form)?;
    let recipient = replay_notice(&state, &viewer.who, id)
        .await
        .framed(&viewer)?;
    Ok(Redirect::to(&format!("{}?replayed=1", recipient_href(recipient))).into_response())
}
