//! Daily court lists as pages. The public list needs no sign-in (it is published to anyone, so
//! it takes no `Viewer`) and shows exactly the entries of the public JSON list, with a plain
//! printable variant (`?print=1`) for the notice board; the page refreshes live. The internal list is
//! the signed-in reader's own view of the day (`assize_api::service::court_list`: only the cases
//! they may read, redacted for them, access-logged), with custody flagged.

use askama::Template;
use assize_api::AppState;
use assize_api::service::{CourtListEntry, court_list, public_court_list};
use assize_policy::public_list::{PublicEntry, RESTRICTIONS_APPLY};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// The hearings of one courtroom (or of none yet), in start-time order.
struct Room<T> {
    name: String,
    entries: Vec<T>,
}

/// Consecutive entries of the same courtroom (the lists arrive in sitting order).
fn rooms<T>(entries: Vec<T>, room: impl Fn(&T) -> Option<String>) -> Vec<Room<T>> {
    let mut out: Vec<(Option<String>, Room<T>)> = Vec::new();
    for e in entries {
        let r = room(&e);
        match out.last_mut() {
            Some((last, group)) if *last == r => group.entries.push(e),
            _ => out.push((
                r.clone(),
                Room {
                    name: r.unwrap_or_else(|| "Courtroom to be confirmed".into()),
                    entries: vec![e],
                },
            )),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

/// One published entry as the page shows it.
struct PublicLine {
    time: String,
    reference: String,
    /// (name, offence titles); a withheld defendant reads as the notice.
    defendants: Vec<(String, Vec<String>)>,
    hearing: String,
    prosecutor: String,
    notice: Option<String>,
}

impl From<PublicEntry> for PublicLine {
    fn from(e: PublicEntry) -> Self {
        PublicLine {
            time: e.start_time.unwrap_or_default(),
            reference: e.case_number.unwrap_or_else(|| e.line.to_string()),
            defendants: e
                .defendants
                .into_iter()
                .map(|d| match d.name {
                    Some(n) if !d.withheld => (n, d.offences),
                    _ => (RESTRICTIONS_APPLY.to_string(), Vec::new()),
                })
                .collect(),
            hearing: e.hearing_type.unwrap_or_default(),
            prosecutor: e.prosecutor.unwrap_or_default(),
            notice: e.notice,
        }
    }
}

#[derive(Template)]
#[template(path = "public_list.html")]
struct PublicListPage {
    chrome: Chrome,
    notice: &'static str,
    court_name: String,
    day: String,
    produced: String,
    rooms: Vec<Room<PublicLine>>,
    links: DayLinks,
}

#[derive(Template)]
#[template(path = "public_list_print.html")]
struct PublicListPrint {
    notice: &'static str,
    court_name: String,
    day: String,
    produced: String,
    rooms: Vec<Room<PublicLine>>,
}

#[derive(Template)]
#[template(path = "court_list.html")]
struct CourtListPage {
    chrome: Chrome,
    court_name: String,
    day: String,
    rooms: Vec<Room<CourtListEntry>>,
    links: DayLinks,
}

/// Addresses around a list: the day before and after, the public page, its JSON and print forms.
struct DayLinks {
    previous: String,
    next: String,
    public: String,
    json: String,
    print: String,
}

impl DayLinks {
    /// `internal`: the day links go to the internal list, else to the public one.
    fn new(internal: bool, ou: &str, date: &str) -> DayLinks {
        let day: jiff::civil::Date = date.parse().unwrap_or_default();
        let at = |d: Option<jiff::civil::Date>| {
            let d = d.unwrap_or(day);
            if internal {
                format!("/courts/{ou}/lists/{d}")
            } else {
                format!("/lists/{ou}/{d}")
            }
        };
        DayLinks {
            previous: at(day.yesterday().ok()),
            next: at(day.tomorrow().ok()),
            public: format!("/lists/{ou}/{date}"),
            json: format!("/api/v1/public/courts/{ou}/lists/{date}"),
            print: format!("/lists/{ou}/{date}?print=1"),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    print: Option<String>,
}

/// `GET /lists/{ou}/{date}`: the public list, for anyone.
pub async fn public_list(
    State(state): State<AppState>,
    Path((ou, date)): Path<(String, String)>,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let list = public_court_list(&state, &ou, &date, None).await?;
    let produced = format::when(list.produced_at);
    let day = format::date_text(&list.date);
    let links = DayLinks::new(false, &list.court_ou, &list.date);
    let rooms: Vec<Room<PublicLine>> = rooms(list.entries, |e| e.courtroom.clone())
        .into_iter()
        .map(|r| Room {
            name: r.name,
            entries: r.entries.into_iter().map(PublicLine::from).collect(),
        })
        .collect();
    if q.is_ok_and(|q| q.print.is_some()) {
        let page = PublicListPrint {
            notice: RESTRICTIONS_APPLY,
            court_name: list.court_name,
            day,
            produced,
            rooms,
        };
        return Ok(render(&page)?.into_response());
    }
    let page = PublicListPage {
        chrome: Chrome::public(format!("Court list: {}, {day}", list.court_name)).live(format!(
            "/api/v1/public/courts/{}/lists/{}/live",
            list.court_ou, list.date
        )),
        notice: RESTRICTIONS_APPLY,
        court_name: list.court_name,
        day,
        produced,
        rooms,
        links,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /courts/{ou}/lists/{date}`: the day's list as this signed-in person may see it.
pub async fn internal_list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((ou, date)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let list = court_list(&state, &viewer.who, &ou, &date, None)
        .await
        .framed(&viewer)?;
    let day = format::date_text(&list.date);
    let page = CourtListPage {
        chrome: viewer
            .chrome(format!("Court list: {}, {day}", list.court_name), "")
            .live("/api/v1/live"),
        links: DayLinks::new(true, &list.court_ou, &list.date),
        court_name: list.court_name,
        day,
        rooms: rooms(list.entries, |e| e.courtroom.clone()),
    };
    Ok(render(&page)?.into_response())
}
