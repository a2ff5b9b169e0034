//! A court's sittings of a day, for its listing officers and admins (`ManageSittings` at that
//! court, decided by `assize_api::service::day_of_sittings` as the API decides it), with a form
//! to set up one more sitting through the same service as `POST /api/v1/courts/{ou}/sittings`.

use std::collections::BTreeMap;

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::error::ApiError;
use assize_api::service::{SittingView, create_sitting, day_of_sittings};
use assize_domain::case::DomainError;
use assize_domain::listing::{Capacity, Courtroom, NewSitting, Session, SittingKind};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::sitting_labels::{choices, kind_label, session_label};
use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

/// One sitting as the page shows it.
struct Line {
    time: String,
    session: &'static str,
    kind: &'static str,
    judiciary: String,
    capacity: String,
    load: String,
    over_listed: bool,
    /// The page to change or cancel it.
    change: String,
}

impl From<&SittingView> for Line {
    fn from(s: &SittingView) -> Self {
        let (capacity, over_listed) = match s.capacity {
            Capacity::Minutes(m) => (format!("{m} minutes"), s.load.minutes > m),
            Capacity::Cases(c) => (format!("{c} cases"), s.load.cases > c),
        };
        Line {
            time: format!("{} to {}", s.start_time, s.end_time),
            session: session_label(s.session),
            kind: kind_label(s.kind),
            judiciary: if s.judiciary.is_empty() {
                "Not yet named".into()
            } else {
                s.judiciary.join(", ")
            },
            capacity,
            load: format!(
                "{} {}, {} minutes",
                s.load.cases,
                if s.load.cases == 1 { "case" } else { "cases" },
                s.load.minutes
            ),
            over_listed,
            change: format!("/courts/{}/sittings/{}/edit", s.court_ou, s.id),
        }
    }
}

/// The court's listing pages besides its sittings: its rooms, its recurring sittings, and for a
/// Crown Court its warned and firm trial lists.
fn court_links(ou: &str) -> Vec<(String, &'static str, &'static str)> {
    use assize_domain::ids::{CourtKind, OuCode};
    let mut links = vec![
        (
            format!("/courts/{ou}/courtrooms"),
            "Courtrooms",
            "courtrooms-link",
        ),
        (
            format!("/courts/{ou}/sitting-patterns"),
            "Recurring sittings",
            "patterns-link",
        ),
    ];
    if OuCode::parse(ou).is_ok_and(|c| c.kind() == CourtKind::Crown) {
        links.push((
            format!("/courts/{ou}/trial-lists"),
            "Warned and firm trial lists",
            "trial-lists-link",
        ));
    }
    links
}

struct RoomSittings {
    name: String,
    lines: Vec<Line>,
}

/// An option of a select: (value, label).
type Choice = (String, String);

#[derive(Template)]
#[template(path = "sittings.html")]
struct SittingsPage {
    chrome: Chrome,
    court_name: String,
    day: String,
    action: String,
    previous: String,
    next: String,
    rooms: Vec<RoomSittings>,
    added: bool,
    /// After a change or a cancellation: what to say.
    done: Option<&'static str>,
    workload: String,
    /// The court's other listing pages: (address, label, test id).
    court_links: Vec<(String, &'static str, &'static str)>,
    courtrooms: Vec<Choice>,
    sessions: Vec<Choice>,
    kinds: Vec<Choice>,
    units: Vec<Choice>,
    fields: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
}

impl SittingsPage {
    fn value(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    added: Option<String>,
    #[serde(default)]
    changed: Option<String>,
    #[serde(default)]
    cancelled: Option<String>,
}

impl DayQuery {
    fn done(&self) -> Option<&'static str> {
        match (self.changed.as_deref(), &self.cancelled) {
            (Some("over"), _) => Some("The sitting has been changed. It is now over-listed."),
            (Some(_), _) => Some("The sitting has been changed."),
            (None, Some(_)) => Some("The sitting has been cancelled."),
            _ => None,
        }
    }
}

fn parse_day(q: Option<&str>) -> Result<jiff::civil::Date, WebError> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(court_today()),
        Some(s) => s.parse().map_err(|_| WebError::NotFound),
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ou: &str,
    day: jiff::civil::Date,
    fields: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
    (added, done): (bool, Option<&'static str>),
) -> Result<SittingsPage, WebError> {
    let (rooms, sittings) = day_of_sittings(state, &viewer.who, ou, day)
        .await
        .framed(viewer)?;
    let court_name = assize_domain::ids::OuCode::parse(ou)
        .ok()
        .and_then(|c| {
            assize_domain::refdata::RefData::global()
                .court(&c)
                .map(|c| c.name.to_string())
        })
        .unwrap_or_else(|| ou.to_string());
    // By courtroom, in the court's order of its rooms; each room's sittings by start time.
    let by_room: Vec<RoomSittings> = rooms
        .iter()
        .filter_map(|r| {
            let mut mine: Vec<&SittingView> =
                sittings.iter().filter(|s| s.courtroom_id == r.id).collect();
            mine.sort_by(|a, b| a.start_time.cmp(&b.start_time));
            (!mine.is_empty()).then(|| RoomSittings {
                name: r.name.clone(),
                lines: mine.into_iter().map(Line::from).collect(),
            })
        })
        .collect();
    let day_text = format::date(day);
    let at =
        |d: Option<jiff::civil::Date>| format!("/courts/{ou}/sittings?date={}", d.unwrap_or(day));
    Ok(SittingsPage {
        chrome: viewer.chrome(format!("Sittings: {court_name}, {day_text}"), ""),
        court_name,
        day: day_text,
        action: format!("/courts/{ou}/sittings?date={day}"),
        previous: at(day.yesterday().ok()),
        next: at(day.tomorrow().ok()),
        rooms: by_room,
        added,
        done,
        workload: format!("/courts/{ou}/workload?from={day}"),
        court_links: court_links(ou),
        courtrooms: rooms
            .iter()
            .map(|r: &Courtroom| (r.id.to_string(), r.name.clone()))
            .collect(),
        sessions: choices(
            &[Session::Morning, Session::Afternoon, Session::AllDay],
            |s| (s.as_str(), session_label(s)),
        ),
        kinds: choices(&SittingKind::ALL, |k| (k.as_str(), kind_label(k))),
        units: vec![
            ("minutes".into(), "Minutes of court time".into()),
            ("cases".into(), "Cases".into()),
        ],
        fields,
        errors,
    })
}

/// `GET /courts/{ou}/sittings?date=YYYY-MM-DD`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<DayQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let day = parse_day(q.date.as_deref()).framed(&viewer)?;
    let mut fields = BTreeMap::new();
    let (d, m, y) = (day.day(), day.month(), day.year());
    fields.insert("date-day".into(), d.to_string());
    fields.insert("date-month".into(), m.to_string());
    fields.insert("date-year".into(), y.to_string());
    fields.insert("capacity-unit".into(), "minutes".into());
    let flags = (q.added.is_some(), q.done());
    let p = page(&state, &viewer, &ou, day, fields, vec![], flags).await?;
    Ok(render(&p)?.into_response())
}

/// The domain's field paths as the form's input ids.
fn input_id(field: &str) -> &'static str {
    match field {
        "date" => "date-day",
        "start_time" => "start-time",
        "session" => "session",
        "kind" => "kind",
        f if f.starts_with("capacity") => "capacity",
        _ => "courtroom",
    }
}

/// `POST /courts/{ou}/sittings`: set up a sitting; 303 back to its day, or the form again (422).
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<DayQuery>, axum::extract::rejection::QueryRejection>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(pairs) = form
        .map_err(|e| WebError::Invalid(e.body_text()))
        .framed(&viewer)?;
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let get = |k: &str| fields.get(k).map(|v| v.trim()).unwrap_or("");
    viewer.check_csrf(get("csrf")).framed(&viewer)?;
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let shown_day = parse_day(q.date.as_deref()).framed(&viewer)?;

    let mut errors: Vec<(String, String)> = Vec::new();
    let courtroom_id = match uuid::Uuid::parse_str(get("courtroom")) {
        Ok(id) => Some(id),
        Err(_) => {
            errors.push(("courtroom".into(), "Select a courtroom".into()));
            None
        }
    };
    let date = format!(
        "{:0>4}-{:0>2}-{:0>2}",
        get("date-year"),
        get("date-month"),
        get("date-day")
    );
    if date.parse::<jiff::civil::Date>().is_err() {
        errors.push((
            "date-day".into(),
            "Enter the date of the sitting, for example 27 3 2027".into(),
        ));
    }
    let session = Session::parse(get("session"));
    if session.is_none() {
        errors.push(("session".into(), "Select the session".into()));
    }
    let kind = SittingKind::parse(get("kind"));
    if kind.is_none() {
        errors.push(("kind".into(), "Select what the sitting is for".into()));
    }
    let capacity = match (get("capacity").parse::<u32>(), get("capacity-unit")) {
        (Ok(n), "minutes") => Some(Capacity::Minutes(n)),
        (Ok(n), "cases") => Some(Capacity::Cases(n)),
        _ => {
            errors.push((
                "capacity".into(),
                "Enter the capacity as a whole number of minutes or cases".into(),
            ));
            None
        }
    };
    if let (true, Some(courtroom_id), Some(session), Some(kind), Some(capacity)) =
        (errors.is_empty(), courtroom_id, session, kind, capacity)
    {
        let start = get("start-time");
        let new = NewSitting {
            courtroom_id,
            date: date.clone(),
            start_time: (!start.is_empty()).then(|| start.to_string()),
            session,
            kind,
            judiciary: Vec::new(),
            capacity,
        };
        match create_sitting(&state, &viewer.who, &ou, &new).await {
            Ok(s) => {
                return Ok(
                    Redirect::to(&format!("/courts/{ou}/sittings?date={}&added=1", s.date))
                        .into_response(),
                );
            }
            Err(ApiError::Domain(DomainError::Invalid(problems))) => {
                for p in problems {
                    errors.push((input_id(&p.field).into(), p.message));
                }
            }
            Err(ApiError::Domain(DomainError::Rule { message, .. })) => {
                errors.push(("courtroom".into(), message));
            }
            Err(e) => return Err(e).framed(&viewer),
        }
    }
    let mut fields = fields;
    fields.remove("csrf");
    let p = page(
        &state,
        &viewer,
        &ou,
        shown_day,
        fields,
        errors,
        (false, None),
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
}
