//! The access log's filters as typed (a query string, so a search can be bookmarked and paged)
//! and their reading into the service's parameters: a username into a user id, a URN into a
//! case id, London calendar days into UTC instants.

use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::AccessLogParams;
use assize_domain::ids::Urn;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::WebError;
use crate::format;
use crate::pages::intake::date::{DateParts, london_day_start};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditForm {
    pub user: String,
    pub case: String,
    #[serde(rename = "from-day")]
    pub from_day: String,
    #[serde(rename = "from-month")]
    pub from_month: String,
    #[serde(rename = "from-year")]
    pub from_year: String,
    #[serde(rename = "to-day")]
    pub to_day: String,
    #[serde(rename = "to-month")]
    pub to_month: String,
    #[serde(rename = "to-year")]
    pub to_year: String,
    pub page: String,
    /// The instant page 1 was read: later pages show the log as it was then, so entries
    /// written since (the auditor's own searches among them) do not shift the pages.
    #[serde(rename = "as-of")]
    pub as_of: String,
}

impl AuditForm {
    pub fn from(&self) -> DateParts {
        DateParts {
            day: self.from_day.clone(),
            month: self.from_month.clone(),
            year: self.from_year.clone(),
        }
    }
    pub fn to(&self) -> DateParts {
        DateParts {
            day: self.to_day.clone(),
            month: self.to_month.clone(),
            year: self.to_year.clone(),
        }
    }
    /// The address of page `n` of this search, as the log was at `as_of`.
    pub fn page_href(&self, n: u64, as_of: jiff::Timestamp) -> String {
        let fields = [
            ("user", &self.user),
            ("case", &self.case),
            ("from-day", &self.from_day),
            ("from-month", &self.from_month),
            ("from-year", &self.from_year),
            ("to-day", &self.to_day),
            ("to-month", &self.to_month),
            ("to-year", &self.to_year),
        ];
        let mut q: Vec<String> = fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", format::url_encode(v.trim())))
            .collect();
        q.push(format!("page={n}"));
        q.push(format!("as-of={}", format::url_encode(&as_of.to_string())));
        format!("/audit?{}", q.join("&"))
    }
}

/// Read the filters into the service's parameters, or the problems with them.
pub async fn params(
    state: &AppState,
    f: &AuditForm,
    errors: &mut Vec<(&'static str, String)>,
) -> Result<AccessLogParams, WebError> {
    let store_err = |e: assize_store::StoreError| WebError::from(ApiError::from(e));
    let mut p = AccessLogParams::default();
    let user = f.user.trim();
    if !user.is_empty() {
        p.user_id = state
            .store
            .user_id_by_username(user)
            .await
            .map_err(store_err)?;
        if p.user_id.is_none() {
            errors.push(("user", format!("No user has the username {user}")));
        }
    }
    let case = f.case.trim();
    if let Ok(id) = Uuid::parse_str(case) {
        p.case_id = Some(id);
    } else if !case.is_empty() {
        match Urn::parse(case) {
            Ok(urn) => {
                p.case_id = state
                    .store
                    .case_id_by_urn(urn.as_str())
                    .await
                    .map_err(store_err)?;
                if p.case_id.is_none() {
                    errors.push(("case", format!("No case has the URN {}", urn.as_str())));
                }
            }
            Err(_) => errors.push(("case", "Enter a URN, like 01AB1234526, or a case id".into())),
        }
    }
    let mut day = |parts: DateParts, id: &'static str, label: &str| match parts.iso(label) {
        Ok(d) => d.and_then(|d| d.parse::<jiff::civil::Date>().ok()),
        Err(m) => {
            errors.push((id, m));
            None
        }
    };
    let from = day(f.from(), "from-day", "The start date");
    let to = day(f.to(), "to-day", "The end date");
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        errors.push((
            "to-day",
            "The end date must be the same as or after the start date".into(),
        ));
    }
    p.from = from.and_then(london_day_start).map(|t| t.to_string());
    // The end date is inclusive: up to the start of the next day.
    p.to = to
        .and_then(|d| d.tomorrow().ok())
        .and_then(london_day_start)
        .map(|t| t.to_string());
    Ok(p)
}
