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
use uuid::Uuid;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// The hearings of one courtroom (or of none yet), in start-time order.
struct Room<T> {
    name: String,
    /// The list of this courtroom alone (the door list), when the page shows the whole court.
    only: Option<String>,
    entries: Vec<T>,
}

/// Consecutive entries of the same courtroom (the lists arrive in sitting order); `room` gives an
/// entry's courtroom name and id, `only` the address of one courtroom's list.
fn rooms<T>(
    entries: Vec<T>,
    room: impl Fn(&T) -> (Option<String>, Option<Uuid>),
    only: impl Fn(Uuid) -> Option<String>,
) -> Vec<Room<T>> {
    let mut out: Vec<(Option<String>, Room<T>)> = Vec::new();
    for e in entries {
        let (name, id) = room(&e);
        match out.last_mut() {
            Some((last, group)) if *last == name => group.entries.push(e),
            _ => out.push((
                name.clone(),
                Room {
                    name: name.unwrap_or_else(|| "Courtroom to be confirmed".into()),
                    only: id.and_then(&only),
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

/// Addresses around a list: the day before and after, the public page, its JSON and print forms
/// (all of one courtroom when the list is; a room keeps its id from day to day), and the whole
/// court's list when the page shows one courtroom.
struct DayLinks {
    previous: String,
    next: String,
    public: String,
    json: String,
    print: String,
    whole_court: Option<String>,
}

impl DayLinks {
    /// `internal`: the day links go to the internal list, else to the public one.
    fn new(internal: bool, ou: &str, date: &str, courtroom: Option<Uuid>) -> DayLinks {
        let day: jiff::civil::Date = date.parse().unwrap_or_default();
        let (room, room_too) = match courtroom {
            Some(id) => (format!("?courtroom={id}"), format!("&courtroom={id}")),
            None => (String::new(), String::new()),
        };
        let at = |d: Option<jiff::civil::Date>| {
            let d = d.unwrap_or(day);
            if internal {
                format!("/courts/{ou}/lists/{d}{room}")
            } else {
                format!("/lists/{ou}/{d}{room}")
            }
        };
        DayLinks {
            previous: at(day.yesterday().ok()),
            next: at(day.tomorrow().ok()),
            public: format!("/lists/{ou}/{date}{room}"),
            json: format!("/api/v1/public/courts/{ou}/lists/{date}{room}"),
            print: format!("/lists/{ou}/{date}?print=1{room_too}"),
            whole_court: courtroom.map(|_| {
                if internal {
                    format!("/courts/{ou}/lists/{date}")
                } else {
                    format!("/lists/{ou}/{date}")
                }
            }),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    print: Option<String>,
    /// One courtroom's list only (its id).
    #[serde(default)]
    courtroom: Option<Uuid>,
}

/// The query of a list page. One that cannot be read (e.g. a courtroom that is not an id) is a
/// list that does not exist, as a path id that is not one is, rather than silently the whole
/// court's list: a wrong door list is never printed.
fn list_query(
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<ListQuery, WebError> {
    q.map(|q| q.0).map_err(|_| WebError::NotFound)
}

/// `GET /lists/{ou}/{date}`: the public list, for anyone.
pub async fn public_list(
    State(state): State<AppState>,
    Path((ou, date)): Path<(String, String)>,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = list_query(q)?;
    let list = public_court_list(&state, &ou, &date, q.courtroom).await?;
    let produced = format::when(list.produced_at);
    let day = format::date_text(&list.date);
    let links = DayLinks::new(false, &list.court_ou, &list.date, q.courtroom);
    let only = |id: Uuid| {
        (q.courtroom.is_none() && q.print.is_none())
            .then(|| format!("/lists/{}/{}?courtroom={id}", list.court_ou, list.date))
    };
    let rooms: Vec<Room<PublicLine>> = rooms(
        list.entries,
        |e| (e.courtroom.clone(), e.courtroom_id),
        only,
    )
    .into_iter()
    .map(|r| Room {
        name: r.name,
        only: r.only,
        entries: r.entries.into_iter().map(PublicLine::from).collect(),
    })
    .collect();
    if q.print.is_some() {
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
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = list_query(q).framed(&viewer)?;
    let list = court_list(&state, &viewer.who, &ou, &date, q.courtroom)
        .await
        .framed(&viewer)?;
    let day = format::date_text(&list.date);
    let only = |id: Uuid| {
        q.courtroom.is_none().then(|| {
            format!(
                "/courts/{}/lists/{}?courtroom={id}",
                list.court_ou, list.date
            )
        })
    };
    let page = CourtListPage {
        chrome: viewer
            .chrome(format!("Court list: {}, {day}", list.court_name), "")
            .live("/api/v1/live"),
        links: DayLinks::new(true, &list.court_ou, &list.date, q.courtroom),
        court_name: list.court_name,
        day,
        rooms: rooms(
            list.entries,
            |e| (e.courtroom.clone(), e.courtroom_id),
            only,
        ),
    };
    Ok(render(&page)?.into_response())
}
