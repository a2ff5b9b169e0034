//! What a reader receives when opening a case: the case redacted by the policy for this reader,
//! plus figures that depend on today's date (custody time limit days left).

use assize_domain::case::ctl::CtlStatus;
use assize_domain::case::{Case, Venue};
use assize_policy::{Disclosure, redact_case};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// The case version (also the ETag); send it as `If-Match` when changing the case.
    pub version: i64,
    pub case: Case,
    /// Every running or stopped custody time limit, soonest expiry first.
    pub custody_time_limits: Vec<CtlSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CtlSummary {
    pub defendant_id: Uuid,
    pub offence_id: Uuid,
    pub offence_code: String,
    pub stage: Venue,
    pub status: CtlStatus,
    #[schema(value_type = Option<String>, format = Date)]
    pub expiry_date: Option<jiff::civil::Date>,
    /// Days from today (Europe/London) to expiry; negative once expired.
    pub days_left: Option<i64>,
}

pub fn case_view(case: &Case, disclosure: &Disclosure, today: jiff::civil::Date) -> CaseView {
    let case = redact_case(case, disclosure);
    let mut ctls: Vec<CtlSummary> = case
        .defendants
        .iter()
        .flat_map(|d| d.offences.iter().map(move |o| (d, o)))
        .filter_map(|(d, o)| {
            let c = o.custody_time_limit.as_ref()?;
            (c.status != CtlStatus::Ended).then(|| CtlSummary {
                defendant_id: d.id,
                offence_id: o.id,
                offence_code: o.code.to_string(),
                stage: c.stage,
                status: c.status,
                expiry_date: c.expiry_date,
                days_left: c.days_left(today),
            })
        })
        .collect();
    ctls.sort_by_key(|c| c.expiry_date);
    CaseView {
        version: case.version,
        case,
        custody_time_limits: ctls,
    }
}
