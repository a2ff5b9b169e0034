//! The auditor's access log: who consulted or changed which case, when, searched by user
//! (the username people sign in with), case (URN or case id) and court dates. It reads the log
//! through the same service as `GET /api/v1/access-log`, so the auditor's own search is logged
//! too. Days are Europe/London calendar days; the log stores UTC instants.

use std::collections::HashMap;

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{AccessLogItem, read_access_log};
use assize_policy::Action;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

mod filters;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::pages::intake::date::DateParts;
use crate::viewer::Viewer;
use filters::{AuditForm, params};

/// Entries per page.
const PAGE: u64 = 25;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    form: AuditForm,
    /// (input id, message).
    errors: Vec<(&'static str, String)>,
    rows: Option<Vec<Row>>,
    page: u64,
    previous: Option<String>,
    next: Option<String>,
}

impl AuditPage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.as_str())
    }

    /// The two date filters as the template draws them.
    fn dates(&self) -> [DateFilter<'_>; 2] {
        [
            DateFilter {
                key: "from",
                legend: "From",
                parts: self.form.from(),
                error: self.error("from-day"),
            },
            DateFilter {
                key: "to",
                legend: "To (inclusive)",
                parts: self.form.to(),
                error: self.error("to-day"),
            },
        ]
    }
}

struct DateFilter<'a> {
    key: &'static str,
    legend: &'static str,
    parts: DateParts,
    error: Option<&'a str>,
}

struct Row {
    when: String,
    who: String,
    organisation: String,
    action: String,
    urn: Option<String>,
    case_id: Option<Uuid>,
    correlation_id: Uuid,
}

/// What an entry's action code means, in words.
fn action_words(action: &str) -> String {
    match action {
        "case_read" => "Read the case".into(),
        "search_hit" => "Found the case in a search".into(),
        "list_hit" => "Saw the case in a list of hearings".into(),
        "case_created" => "Sent the case in".into(),
        "case_altered" => "Changed the case".into(),
        "timeline_read" => "Read the case history".into(),
        "live_subscribed" => "Watched the case for live updates".into(),
        "access_log_read" => "Searched the access log".into(),
        "defendant_lookup" => "Looked for a defendant to represent".into(),
        other => format::words(&other),
    }
}

pub async fn access_log(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    if !viewer.may(Action::ReadAccessLog) {
        return Err(WebError::Forbidden).framed(&viewer);
    }
    let submitted = raw.as_deref().is_some_and(|r| !r.is_empty());
    let form = raw
        .as_deref()
        .and_then(|r| format!("/audit?{r}").parse::<axum::http::Uri>().ok())
        .and_then(|u| Query::<AuditForm>::try_from_uri(&u).ok())
        .map(|q| q.0)
        .unwrap_or_default();
    let page_no = form
        .page
        .trim()
        .parse::<u64>()
        .unwrap_or(1)
        .clamp(1, 10_000);
    let mut page = AuditPage {
        chrome: viewer.chrome("Access log", "/audit"),
        form,
        errors: vec![],
        rows: None,
        page: page_no,
        previous: None,
        next: None,
    };
    if !submitted {
        return Ok(render(&page)?.into_response());
    }
    let mut p = params(&state, &page.form, &mut page.errors)
        .await
        .framed(&viewer)?;
    if !page.errors.is_empty() {
        page.chrome.title = "Error: Access log".into();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let as_of = page
        .form
        .as_of
        .trim()
        .parse::<jiff::Timestamp>()
        .unwrap_or_else(|_| jiff::Timestamp::now());
    let until = match p
        .to
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
    {
        Some(to) if to < as_of => to,
        _ => as_of,
    };
    p.to = Some(until.to_string());
    // One more than a page, to know whether there is a next page.
    p.limit = Some(PAGE + 1);
    p.offset = Some((page_no - 1) * PAGE);
    let mut items = read_access_log(&state, &viewer.who, &p)
        .await
        .framed(&viewer)?;
    if items.len() as u64 > PAGE {
        items.truncate(PAGE as usize);
        page.next = Some(page.form.page_href(page_no + 1, as_of));
    }
    if page_no > 1 {
        page.previous = Some(page.form.page_href(page_no - 1, as_of));
    }
    page.rows = Some(rows(&state, items).await.framed(&viewer)?);
    Ok(render(&page)?.into_response())
}

/// The entries with names and URNs (one query each for the whole page).
async fn rows(state: &AppState, items: Vec<AccessLogItem>) -> Result<Vec<Row>, WebError> {
    let store_err = |e: assize_store::StoreError| WebError::from(ApiError::from(e));
    let mut users: Vec<Uuid> = items.iter().map(|i| i.user_id).collect();
    users.sort();
    users.dedup();
    let names = state.store.user_names(&users).await.map_err(store_err)?;
    let mut cases: Vec<Uuid> = items.iter().filter_map(|i| i.case_id).collect();
    cases.sort();
    cases.dedup();
    let urns: HashMap<Uuid, String> = state.store.case_urns(&cases).await.map_err(store_err)?;
    Ok(items
        .into_iter()
        .map(|i| {
            let (who, organisation) = names
                .get(&i.user_id)
                .cloned()
                .unwrap_or_else(|| (i.user_id.to_string(), String::new()));
            Row {
                when: i
                    .at
                    .parse::<jiff::Timestamp>()
                    .map(format::when)
                    .unwrap_or(i.at),
                who,
                organisation,
                action: action_words(&i.action),
                urn: i.case_id.and_then(|c| urns.get(&c).cloned()),
                case_id: i.case_id,
                correlation_id: i.correlation_id,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::action_words;

    #[test]
    fn actions_read_in_words() {
        assert_eq!(action_words("case_read"), "Read the case");
        assert_eq!(action_words("something_new"), "Something new");
    }
}
