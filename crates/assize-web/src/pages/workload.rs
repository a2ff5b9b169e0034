//! A court's workload for a week, for its listing officers: each day's sittings, capacity, what
//! is listed and how much of the capacity it uses, the cases awaiting a hearing and the custody
//! time limits expiring that week. Read through `assize_api::service::workload`, which decides
//! access (`ViewWorkload` at the court), withholds what the reader may not see and logs each case
//! shown, as `GET /api/v1/courts/{ou}/workload` does.

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::service::{UnlistedCase, Utilisation, workload};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// One row of the utilisation table.
struct Row {
    label: String,
    sittings: u32,
    capacity: String,
    listed: String,
    used: String,
    over_listed: u32,
}

impl Row {
    fn new(label: String, u: &Utilisation) -> Row {
        let mut capacity = Vec::new();
        if u.capacity_minutes > 0 {
            capacity.push(format!("{} minutes", u.capacity_minutes));
        }
        if u.capacity_cases > 0 {
            capacity.push(format!("{} cases", u.capacity_cases));
        }
        // Measured in minutes where the sittings count minutes, else in cases.
        let used = match (u.capacity_minutes, u.capacity_cases) {
            (0, 0) => "–".to_string(),
            (0, c) => format!("{}%", u.listed_cases * 100 / c),
            (m, _) => format!("{}%", u.listed_minutes * 100 / m),
        };
        Row {
            label,
            sittings: u.sittings,
            capacity: if capacity.is_empty() {
                "None".into()
            } else {
                capacity.join(", ")
            },
            listed: format!(
                "{} {}, {} minutes",
                u.listed_cases,
                if u.listed_cases == 1 { "case" } else { "cases" },
                u.listed_minutes
            ),
            used,
            over_listed: u.over_listed,
        }
    }
}

struct Waiting {
    case_id: String,
    urn: String,
    defendants: String,
    in_custody: bool,
    reason: &'static str,
    date: String,
}

impl From<&UnlistedCase> for Waiting {
    fn from(u: &UnlistedCase) -> Self {
        Waiting {
            case_id: u.case_id.to_string(),
            urn: u.urn.clone(),
            defendants: if u.defendants.is_empty() {
                "Not shown to you".into()
            } else {
                let names: Vec<&str> = u.defendants.iter().map(|d| d.name.as_str()).collect();
                names.join(", ")
            },
            in_custody: u.in_custody,
            reason: if u.reason == "awaiting_sitting" {
                "Listed for a date, no courtroom or time yet"
            } else {
                "Nothing listed since the last hearing"
            },
            date: format::date_text(&u.hearing_date),
        }
    }
}

struct Expiry {
    case_id: String,
    urn: String,
    defendant: String,
    offence: String,
}

struct ExpiryDay {
    date: String,
    entries: Vec<Expiry>,
}

#[derive(Template)]
#[template(path = "workload.html")]
struct WorkloadPage {
    chrome: Chrome,
    court_name: String,
    week: String,
    previous: String,
    next: String,
    sittings_link: String,
    patterns_link: String,
    days: Vec<Row>,
    total: Row,
    unlisted: Vec<Waiting>,
    expiries: Vec<ExpiryDay>,
}

#[derive(Deserialize, Default)]
pub struct WeekQuery {
    #[serde(default)]
    from: Option<String>,
}

/// The Monday of the week holding `d`.
fn monday(d: Date) -> Date {
    let back = i64::from(d.weekday().since(Weekday::Monday));
    d.checked_sub(back.days()).unwrap_or(d)
}

/// `GET /courts/{ou}/workload?from=YYYY-MM-DD`: the week holding `from` (this week if omitted).
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<WeekQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let from = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => court_today(),
        Some(s) => s
            .parse::<Date>()
            .map_err(|_| WebError::NotFound)
            .framed(&viewer)?,
    };
    let start = monday(from);
    let end = start.checked_add(6.days()).unwrap_or(start);
    let w = workload(&state, &viewer.who, &ou, (start, end))
        .await
        .framed(&viewer)?;
    let mut total = Utilisation::default();
    let days: Vec<Row> = w
        .days
        .iter()
        .map(|d| {
            total.add(&d.totals);
            Row::new(format::date(d.date), &d.totals)
        })
        .collect();
    let week = format!("Week commencing {}", format::date(start));
    let at = |d: Option<Date>| format!("/courts/{ou}/workload?from={}", d.unwrap_or(start));
    let page = WorkloadPage {
        chrome: viewer.chrome(format!("Workload: {}, {week}", w.court_name), ""),
        court_name: w.court_name.clone(),
        previous: at(start.checked_sub(7.days()).ok()),
        next: at(start.checked_add(7.days()).ok()),
        sittings_link: format!("/courts/{ou}/sittings?date={start}"),
        patterns_link: format!("/courts/{ou}/sitting-patterns"),
        week,
        days,
        total: Row::new("Total for the week".into(), &total),
        unlisted: w.unlisted.iter().map(Waiting::from).collect(),
        expiries: w
            .ctl_expiries
            .iter()
            .map(|g| ExpiryDay {
                date: format::date(g.date),
                entries: g
                    .entries
                    .iter()
                    .map(|e| Expiry {
                        case_id: e.case_id.to_string(),
                        urn: e.urn.clone(),
                        defendant: e.defendant_name.clone(),
                        offence: e.offence_title.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}
