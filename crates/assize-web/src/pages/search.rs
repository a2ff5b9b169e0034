//! Finding a case with one forgiving search box: a URN, ASN, PNC ID or Crown Court case number
//! is recognised by its shape (with or without spaces and slashes); anything else is a name,
//! optionally narrowed by date of birth. Only cases the person may see are found.

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::{CaseSummary, SearchParams, search as run_search};
use assize_domain::ids::{Asn, CrownCaseNumber, PncId, Urn};
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{ForViewer, WebError};
use crate::format;
use crate::page::{Chrome, render};
use crate::viewer::Viewer;

#[derive(Deserialize, Default)]
pub struct SearchForm {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "dob-day")]
    dob_day: String,
    #[serde(default, rename = "dob-month")]
    dob_month: String,
    #[serde(default, rename = "dob-year")]
    dob_year: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    form: SearchForm,
    /// What the search box was read as ("URN", "name"...), once searched.
    read_as: Option<&'static str>,
    error_q: Option<String>,
    error_dob: Option<String>,
    results: Option<Vec<ResultLine>>,
}

impl SearchPage {
    /// The error summary's entries: (input id, message).
    fn errors(&self) -> Vec<(&'static str, String)> {
        let mut e = Vec::new();
        if let Some(m) = &self.error_q {
            e.push(("q", m.clone()));
        }
        if let Some(m) = &self.error_dob {
            e.push(("dob-day", m.clone()));
        }
        e
    }
}

struct ResultLine {
    case: CaseSummary,
    next_hearing: String,
}

/// The search box read as one criterion.
fn classify(q: &str) -> (SearchParams, &'static str) {
    let mut p = SearchParams::default();
    let t = q.trim();
    if Urn::parse(t).is_ok() {
        p.urn = Some(t.into());
        return (p, "URN");
    }
    if Asn::parse(t).is_ok() {
        p.asn = Some(t.into());
        return (p, "arrest/summons number (ASN)");
    }
    if PncId::parse(t).is_ok() {
        p.pnc_id = Some(t.into());
        return (p, "PNC ID");
    }
    if CrownCaseNumber::parse(t).is_ok() {
        p.case_number = Some(t.into());
        return (p, "Crown Court case number");
    }
    if !t.is_empty() {
        p.name = Some(t.into());
    }
    (p, "defendant name")
}

fn date_of_birth(f: &SearchForm) -> Result<Option<String>, String> {
    let parts = [f.dob_day.trim(), f.dob_month.trim(), f.dob_year.trim()];
    if parts.iter().all(|p| p.is_empty()) {
        return Ok(None);
    }
    let nums: Vec<Option<i32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (nums[0], nums[1], nums[2]) {
        (Some(d), Some(m), Some(y)) if (1900..=2100).contains(&y) => {
            jiff::civil::Date::new(y as i16, m as i8, d as i8)
                .map(|d| Some(d.to_string()))
                .map_err(|_| "Date of birth must be a real date".to_string())
        }
        _ => Err("Date of birth must include a day, month and year, like 27 3 1990".into()),
    }
}

pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    // Any query string at all means the form was submitted (an empty box is then an error).
    let submitted = raw.as_deref().is_some_and(|r| !r.is_empty());
    let form: SearchForm = raw.as_deref().and_then(query_form).unwrap_or_default();
    let mut page = SearchPage {
        chrome: viewer.chrome("Find a case", "/search"),
        form,
        read_as: None,
        error_q: None,
        error_dob: None,
        results: None,
    };
    if submitted {
        let (mut params, read_as) = classify(&page.form.q);
        match date_of_birth(&page.form) {
            Ok(d) => params.date_of_birth = d,
            Err(m) => page.error_dob = Some(m),
        }
        params.limit = Some(50);
        if page.error_dob.is_none() {
            page.read_as = Some(read_as);
            match run_search(&state, &viewer.who, &params).await {
                Ok(list) => {
                    page.results = Some(
                        list.cases
                            .into_iter()
                            .map(|c| ResultLine {
                                next_hearing: c
                                    .next_hearing_date
                                    .as_deref()
                                    .map(format::date_text)
                                    .unwrap_or_else(|| "None listed".into()),
                                case: c,
                            })
                            .collect(),
                    )
                }
                Err(ApiError::Domain(e)) => {
                    page.read_as = None;
                    page.error_q = Some(domain_message(&e));
                }
                Err(e) => return Err(WebError::from(e)).framed(&viewer),
            }
        }
        if page.error_q.is_some() || page.error_dob.is_some() {
            page.chrome.title = "Error: Find a case".into();
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    }
    Ok(render(&page)?.into_response())
}

/// The form's fields from the query string (unknown fields ignored; malformed means empty).
fn query_form(raw: &str) -> Option<SearchForm> {
    let uri: axum::http::Uri = format!("/search?{raw}").parse().ok()?;
    Query::<SearchForm>::try_from_uri(&uri).ok().map(|q| q.0)
}

fn domain_message(e: &assize_domain::case::DomainError) -> String {
    match e {
        assize_domain::case::DomainError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join(". "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::classify;

    #[test]
    fn the_search_box_recognises_identifiers_by_shape() {
        assert_eq!(classify("Zoe O'Brien").1, "defendant name");
        assert_eq!(classify("  ").0.name, None);
        assert_eq!(classify("T20267001").1, "Crown Court case number");
    }
}
