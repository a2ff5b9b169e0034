//! A Crown Court's trial lists for two weeks: the warned list (trials that may be called in on
//! any day of a period) with a link to fix each one a date, and the fixed (firm) trials. Read
//! through `assize_api::service::trial_lists`, which decides access (`ViewWorkload` at the
//! court), withholds what the reader may not see and logs each case shown, as the API does.

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::service::{TrialListEntry, TrialListParams, trial_list_range, trial_lists};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// Days shown at once: two weeks, the usual reach of a warned list.
const PERIOD_DAYS: i64 = 14;

/// One trial as the page shows it.
struct Line {
    case_id: String,
    hearing_id: String,
    urn: String,
    hearing_type: String,
    /// The fixed date, or the warned period.
    when: String,
    /// "Court 2, 10:00" for a fixed trial placed in a sitting.
    place: Option<String>,
    defendants: String,
    in_custody: bool,
    ctl_expiry: Option<String>,
}

impl From<&TrialListEntry> for Line {
    fn from(e: &TrialListEntry) -> Self {
        let when = match (&e.warned_from, &e.warned_to) {
            (Some(f), Some(t)) => format!("{} to {}", format::date_text(f), format::date_text(t)),
            _ => format::date_text(&e.hearing_date),
        };
        Line {
            case_id: e.case_id.to_string(),
            hearing_id: e.hearing_id.to_string(),
            urn: e.urn.clone(),
            hearing_type: e.hearing_type_name.clone(),
            when,
            place: match (&e.courtroom, &e.start_time) {
                (Some(c), Some(t)) => Some(format!("{c}, {t}")),
                (Some(c), None) => Some(c.clone()),
                _ => None,
            },
            defendants: if e.defendants.is_empty() {
                "Not shown to you".into()
            } else {
                e.defendants.join(", ")
            },
            in_custody: e.in_custody,
            ctl_expiry: e.ctl_expiry.as_deref().map(format::date_text),
        }
    }
}

#[derive(Template)]
#[template(path = "trial_lists.html")]
struct TrialListsPage {
    chrome: Chrome,
    court_name: String,
    period: String,
    previous: String,
    next: String,
    warned: Vec<Line>,
    firm: Vec<Line>,
}

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    from: Option<String>,
}

/// The Monday of the week of `d`.
fn monday(d: Date) -> Date {
    let back = d.weekday().to_monday_zero_offset();
    d.checked_sub(i64::from(back).days()).unwrap_or(d)
}

/// `GET /courts/{ou}/trial-lists?from=YYYY-MM-DD`: two weeks from `from` (this week's Monday
/// when omitted).
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<PeriodQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let from = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => monday(court_today()),
        Some(s) => s
            .parse::<Date>()
            .map_err(|_| WebError::NotFound)
            .framed(&viewer)?,
    };
    let to = from.checked_add((PERIOD_DAYS - 1).days()).unwrap_or(from);
    let params = TrialListParams {
        from: Some(from.to_string()),
        to: Some(to.to_string()),
    };
    let (from, to) = trial_list_range(&params).framed(&viewer)?;
    let lists = trial_lists(&state, &viewer.who, &ou, from, to)
        .await
        .framed(&viewer)?;
    let at = |d: Option<Date>| format!("/courts/{ou}/trial-lists?from={}", d.unwrap_or(from));
    let period = format!("{} to {}", format::date(from), format::date(to));
    let page = TrialListsPage {
        chrome: viewer.chrome(format!("Trial lists: {}, {period}", lists.court_name), ""),
        court_name: lists.court_name.clone(),
        period,
        previous: at(from.checked_sub(PERIOD_DAYS.days()).ok()),
        next: at(from.checked_add(PERIOD_DAYS.days()).ok()),
        warned: lists.warned.iter().map(Line::from).collect(),
        firm: lists.firm.iter().map(Line::from).collect(),
    };
    Ok(render(&page)?.into_response())
}
