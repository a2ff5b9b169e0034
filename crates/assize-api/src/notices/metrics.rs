//! `/metrics` in the Prometheus text format: per recipient, notices pending, retrying,
//! delivered and dead, the age of the oldest undelivered one, and the alert (that age beyond
//! the configured threshold). Aggregates only: no case, person or notice content, so it is
//! served without sign-in for the monitoring system (keep it on the internal network).

use std::fmt::Write;

use assize_store::{DeliveryStats, RecipientRow};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use jiff::Timestamp;

use crate::AppState;
use crate::error::ApiResult;

/// One recipient's figures, with its alert state.
pub struct Watched<'a> {
    pub recipient: &'a RecipientRow,
    pub stats: DeliveryStats,
    /// Seconds since the oldest undelivered notice was written.
    pub oldest_age_secs: Option<f64>,
    pub alert: bool,
}

/// Every recipient with its figures and alert state at `now`.
pub fn watch<'a>(
    recipients: &'a [RecipientRow],
    stats: &std::collections::BTreeMap<uuid::Uuid, DeliveryStats>,
    threshold: jiff::SignedDuration,
    now: Timestamp,
) -> Vec<Watched<'a>> {
    recipients
        .iter()
        .map(|r| {
            let stats = stats.get(&r.id).cloned().unwrap_or_default();
            let age = stats
                .oldest_undelivered
                .map(|t| now.duration_since(t).as_secs_f64().max(0.0));
            Watched {
                recipient: r,
                alert: age.is_some_and(|a| a > threshold.as_secs_f64()),
                oldest_age_secs: age,
                stats,
            }
        })
        .collect()
}

/// A label value escaped as the text format requires.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The metrics text.
pub fn render(watched: &[Watched<'_>], threshold: jiff::SignedDuration) -> String {
    let mut out = String::new();
    let labels = |w: &Watched<'_>| {
        format!(
            "recipient=\"{}\",kind=\"{}\",name=\"{}\",delivery=\"{}\"",
            w.recipient.id,
            label(&w.recipient.kind),
            label(&w.recipient.name),
            w.recipient.delivery.as_str()
        )
    };
    let _ = writeln!(
        out,
        "# HELP assize_notices Notices of results by recipient and delivery state."
    );
    let _ = writeln!(out, "# TYPE assize_notices gauge");
    for w in watched {
        for (state, n) in [
            ("pending", w.stats.pending),
            ("retrying", w.stats.retrying),
            ("delivered", w.stats.delivered),
            ("dead", w.stats.dead),
        ] {
            let _ = writeln!(out, "assize_notices{{{},state=\"{state}\"}} {n}", labels(w));
        }
    }
    let _ = writeln!(
        out,
        "# HELP assize_notice_oldest_undelivered_age_seconds Age of the recipient's oldest notice not yet delivered (0 if none)."
    );
    let _ = writeln!(
        out,
        "# TYPE assize_notice_oldest_undelivered_age_seconds gauge"
    );
    for w in watched {
        let _ = writeln!(
            out,
            "assize_notice_oldest_undelivered_age_seconds{{{}}} {:.3}",
            labels(w),
            w.oldest_age_secs.unwrap_or(0.0)
        );
    }
    let _ = writeln!(
        out,
        "# HELP assize_notice_alert 1 when the recipient has a notice undelivered for longer than the threshold."
    );
    let _ = writeln!(out, "# TYPE assize_notice_alert gauge");
    for w in watched {
        let _ = writeln!(
            out,
            "assize_notice_alert{{{}}} {}",
            labels(w),
            u8::from(w.alert)
        );
    }
    let _ = writeln!(
        out,
        "# HELP assize_notice_alert_threshold_seconds Undelivered longer than this raises the alert."
    );
    let _ = writeln!(out, "# TYPE assize_notice_alert_threshold_seconds gauge");
    let _ = writeln!(
        out,
        "assize_notice_alert_threshold_seconds {}",
        threshold.as_secs()
    );
    let _ = writeln!(
        out,
        "# HELP assize_notices_alerting 1 when any recipient's alert fires."
    );
    let _ = writeln!(out, "# TYPE assize_notices_alerting gauge");
    let _ = writeln!(
        out,
        "assize_notices_alerting {}",
        u8::from(watched.iter().any(|w| w.alert))
    );
    out
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let recipients = state.store.recipients().await?;
    let stats = state.store.delivery_stats().await?;
    let threshold = state.config.delivery.alert_after;
    let watched = watch(&recipients, &stats, threshold, Timestamp::now());
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(&watched, threshold),
    ))
}
