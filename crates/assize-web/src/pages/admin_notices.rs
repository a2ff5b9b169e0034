//! The operators' view of notices of results to agencies (`ManageNotices`): every recipient with
//! its delivery figures and the alert (a notice undelivered for longer than the configured
//! threshold, as `/metrics` computes it). One recipient's page is `admin_notices_recipient`, its
//! settings form `admin_notices_settings`, the routing of result codes `admin_notices_routes`.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{notices_operator, watch};
use assize_domain::notices::RecipientKind;
use assize_store::{Delivery, RecipientRow};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// A length of time in words: "45 seconds", "1 minute", "3 minutes", "2 hours", "4 days".
pub(super) fn duration_words(secs: i64) -> String {
    let secs = secs.max(0);
    let (n, unit) = match secs {
        s if s < 60 => (s, "second"),
        s if s < 3_600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3_600, "hour"),
        s => (s / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// A recipient's kind as the operators call it.
pub(super) fn kind_label(kind: &str) -> String {
    RecipientKind::parse(kind)
        .map(|k| k.label().to_string())
        .unwrap_or_else(|| format::words(&kind))
}

pub(super) fn delivery_label(d: Delivery) -> &'static str {
    match d {
        Delivery::Pull => "Pull feed",
        Delivery::Webhook => "Webhook",
    }
}

/// The alert threshold of the configuration, in words.
pub(super) fn threshold_words(state: &AppState) -> String {
    duration_words(state.config.delivery.alert_after.as_secs())
}

/// The recipient's address among the operators' pages.
pub(super) fn recipient_href(id: Uuid) -> String {
    format!("/admin/notices/recipients/{id}")
}

struct Line {
    href: String,
    name: String,
    kind: String,
    delivery: &'static str,
    pending: i64,
    retrying: i64,
    delivered: i64,
    dead: i64,
    oldest: String,
    alert: bool,
}

#[derive(Template)]
#[template(path = "admin_notices.html")]
struct ListPage {
    chrome: Chrome,
    threshold: String,
    lines: Vec<Line>,
    /// (address, name) of the recipients whose alert fires.
    alerting: Vec<(String, String)>,
}

/// Every recipient with its figures and alert state (operators only).
pub(super) async fn watched(
    state: &AppState,
    viewer: &Viewer,
) -> Result<
    (
        Vec<RecipientRow>,
        Vec<(i64, bool, assize_store::DeliveryStats)>,
    ),
    WebError,
> {
    notices_operator(state, &viewer.who).framed(viewer)?;
    let api = |e: assize_store::StoreError| assize_api::error::ApiError::from(e);
    let recipients = state.store.recipients().await.map_err(api).framed(viewer)?;
    let stats = state
        .store
        .delivery_stats()
        .await
        .map_err(api)
        .framed(viewer)?;
    let figures = watch(
        &recipients,
        &stats,
        state.config.delivery.alert_after,
        Timestamp::now(),
    )
    .into_iter()
    .map(|w| {
        let age = w.oldest_age_secs.map_or(-1, |a| a as i64);
        (age, w.alert, w.stats)
    })
    .collect();
    Ok((recipients, figures))
}

/// `GET /admin/notices`: every recipient, its figures and alert.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let (recipients, figures) = watched(&state, &viewer).await?;
    let lines: Vec<Line> = recipients
        .iter()
        .zip(figures)
        .map(|(r, (age, alert, s))| Line {
            href: recipient_href(r.id),
            name: r.name.clone(),
            kind: kind_label(&r.kind),
            delivery: delivery_label(r.delivery),
            pending: s.pending,
            retrying: s.retrying,
            delivered: s.delivered,
            dead: s.dead,
            oldest: if age < 0 {
                "None waiting".into()
            } else {
                duration_words(age)
            },
            alert,
        })
        .collect();
    let page = ListPage {
        chrome: viewer.chrome("Notices to agencies", ""),
        threshold: threshold_words(&state),
        alerting: lines
            .iter()
            .filter(|l| l.alert)
            .map(|l| (l.href.clone(), l.name.clone()))
            .collect(),
        lines,
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::duration_words;

    #[test]
    fn durations_read_in_words() {
        assert_eq!(duration_words(1), "1 second");
        assert_eq!(duration_words(45), "45 seconds");
        assert_eq!(duration_words(15 * 60), "15 minutes");
        assert_eq!(duration_words(61), "1 minute");
        assert_eq!(duration_words(2 * 3600 + 59), "2 hours");
        assert_eq!(duration_words(3 * 86_400), "3 days");
    }
}
