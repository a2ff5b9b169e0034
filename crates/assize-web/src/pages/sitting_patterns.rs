//! A court's sitting patterns ("Court 1, remand court, every weekday morning") and a form to set
//! one up, for its listing officers and admins, through the same service as
//! `POST /api/v1/courts/{ou}/sitting-patterns` (which creates the pattern's sittings at once).

use std::collections::BTreeMap;

use askama::Template;
use assize_api::AppState;
use assize_api::config::court_today;
use assize_api::error::ApiError;
use assize_api::service::{PatternView, create_pattern, day_of_sittings, patterns};
use assize_domain::case::DomainError;
use assize_domain::listing::{Capacity, Day, NewSittingPattern, Session, SittingKind};
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::sitting_labels::{choices, kind_label, session_label};
use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

type Choice = (String, String);

const DAYS: [(Day, &str, &str); 7] = [
    (Day::Monday, "monday", "Monday"),
    (Day::Tuesday, "tuesday", "Tuesday"),
    (Day::Wednesday, "wednesday", "Wednesday"),
    (Day::Thursday, "thursday", "Thursday"),
    (Day::Friday, "friday", "Friday"),
    (Day::Saturday, "saturday", "Saturday"),
    (Day::Sunday, "sunday", "Sunday"),
];

struct Line {
    courtroom: String,
    days: String,
    when: String,
    kind: &'static str,
    judiciary: String,
    capacity: String,
    period: String,
}

impl From<&PatternView> for Line {
    fn from(v: &PatternView) -> Self {
        let p = &v.pattern;
        let days: Vec<&str> = DAYS
            .iter()
            .filter(|(d, ..)| p.weekdays.contains(d))
            .map(|(.., label)| *label)
            .collect();
        Line {
            courtroom: v.courtroom.clone(),
            days: days.join(", "),
            when: format!("{}, from {}", session_label(p.session), p.start_time),
            kind: kind_label(p.kind),
            judiciary: if p.judiciary.is_empty() {
                "Not yet named".into()
            } else {
                p.judiciary.join(", ")
            },
            capacity: match p.capacity {
                Capacity::Minutes(m) => format!("{m} minutes"),
                Capacity::Cases(c) => format!("{c} cases"),
            },
            period: format!("{} to {}", format::date(p.from), format::date(p.until)),
        }
    }
}

#[derive(Template)]
#[template(path = "sitting_patterns.html")]
struct PatternsPage {
    chrome: Chrome,
    court_name: String,
    action: String,
    added: Option<String>,
    lines: Vec<Line>,
    days: Vec<(String, String)>,
    chosen_days: Vec<String>,
    courtrooms: Vec<Choice>,
    sessions: Vec<Choice>,
    kinds: Vec<Choice>,
    units: Vec<Choice>,
    fields: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
}

impl PatternsPage {
    fn value(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, m)| m.as_str())
    }
    fn chosen(&self, day: &str) -> bool {
        self.chosen_days.iter().any(|d| d == day)
    }
}

#[derive(Deserialize, Default)]
pub struct AddedQuery {
    #[serde(default)]
    added: Option<u32>,
}

struct Entered {
    fields: BTreeMap<String, String>,
    days: Vec<String>,
    errors: Vec<(String, String)>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ou: &str,
    form: Entered,
    added: Option<u32>,
) -> Result<PatternsPage, WebError> {
    // Managing a court's sittings decides who may see this page (and gives its rooms).
    let (rooms, _) = day_of_sittings(state, &viewer.who, ou, court_today())
        .await
        .framed(viewer)?;
    let list = patterns(state, ou).await.framed(viewer)?;
    let court_name = assize_domain::ids::OuCode::parse(ou)
        .ok()
        .and_then(|c| assize_domain::refdata::RefData::global().court(&c))
        .map(|c| c.name.to_string())
        .unwrap_or_else(|| ou.to_string());
    Ok(PatternsPage {
        chrome: viewer.chrome(format!("Sitting patterns: {court_name}"), ""),
        court_name,
        action: format!("/courts/{ou}/sitting-patterns"),
        added: added.map(|n| {
            format!(
                "The sitting pattern has been set up: {n} sitting{} created.",
                if n == 1 { "" } else { "s" }
            )
        }),
        lines: list.iter().map(Line::from).collect(),
        days: DAYS
            .iter()
            .map(|(_, v, l)| (v.to_string(), l.to_string()))
            .collect(),
        chosen_days: form.days,
        courtrooms: rooms
            .iter()
            .map(|r| (r.id.to_string(), r.name.clone()))
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
        fields: form.fields,
        errors: form.errors,
    })
}

/// `GET /courts/{ou}/sitting-patterns`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    q: Result<Query<AddedQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let form = Entered {
        fields: BTreeMap::from([("capacity-unit".to_string(), "cases".to_string())]),
        days: DAYS[..5].iter().map(|(_, v, _)| v.to_string()).collect(),
        errors: vec![],
    };
    let p = page(&state, &viewer, &ou, form, q.added).await?;
    Ok(render(&p)?.into_response())
}

/// The domain's field paths as the form's input ids.
fn input_id(field: &str) -> &'static str {
    match field {
        "weekdays" => "weekdays",
        "start_time" => "start-time",
        "session" => "session",
        "kind" => "kind",
        "from" => "from-day",
        "until" => "until-day",
        f if f.starts_with("judiciary") => "judiciary",
        f if f.starts_with("capacity") => "capacity",
        _ => "courtroom",
    }
}

fn date_of(fields: &BTreeMap<String, String>, key: &str) -> String {
    let get = |k: &str| {
        fields
            .get(&format!("{key}-{k}"))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!(
        "{:0>4}-{:0>2}-{:0>2}",
        get("year"),
        get("month"),
        get("day")
    )
}

/// `POST /courts/{ou}/sitting-patterns`: 303 back to the list, or the form again (422).
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ou): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(pairs) = form
        .map_err(|e| WebError::Invalid(e.body_text()))
        .framed(&viewer)?;
    let days: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "weekdays")
        .map(|(_, v)| v.clone())
        .collect();
    let mut fields: BTreeMap<String, String> =
        pairs.into_iter().filter(|(k, _)| k != "weekdays").collect();
    let csrf = fields.remove("csrf").unwrap_or_default();
    viewer.check_csrf(csrf.trim()).framed(&viewer)?;
    let get = |k: &str| fields.get(k).map(|v| v.trim()).unwrap_or("");
    let mut errors: Vec<(String, String)> = Vec::new();
    let courtroom = uuid::Uuid::parse_str(get("courtroom")).ok();
    if courtroom.is_none() {
        errors.push(("courtroom".into(), "Select a courtroom".into()));
    }
    let (session, kind) = (
        Session::parse(get("session")),
        SittingKind::parse(get("kind")),
    );
    if session.is_none() {
        errors.push(("session".into(), "Select the session".into()));
    }
    if kind.is_none() {
        errors.push(("kind".into(), "Select what the sittings are for".into()));
    }
    let capacity = match (get("capacity").parse::<u32>(), get("capacity-unit")) {
        (Ok(n), "minutes") => Some(Capacity::Minutes(n)),
        (Ok(n), "cases") => Some(Capacity::Cases(n)),
        _ => {
            let m = "Enter the capacity as a whole number of minutes or cases";
            errors.push(("capacity".into(), m.into()));
            None
        }
    };
    let weekdays: Vec<Day> = DAYS
        .iter()
        .filter(|(_, v, _)| days.iter().any(|d| d == v))
        .map(|(d, ..)| *d)
        .collect();
    if let (true, Some(courtroom_id), Some(session), Some(kind), Some(capacity)) =
        (errors.is_empty(), courtroom, session, kind, capacity)
    {
        let start = get("start-time");
        let new = NewSittingPattern {
            courtroom_id,
            weekdays,
            start_time: (!start.is_empty()).then(|| start.to_string()),
            session,
            kind,
            judiciary: get("judiciary")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            capacity,
            from: date_of(&fields, "from"),
            until: date_of(&fields, "until"),
        };
        match create_pattern(&state, &viewer.who, &ou, &new).await {
            Ok(done) => {
                let to = format!("/courts/{ou}/sitting-patterns?added={}", done.created.len());
                return Ok(Redirect::to(&to).into_response());
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
    let form = Entered {
        fields,
        days,
        errors,
    };
    let p = page(&state, &viewer, &ou, form, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
}
