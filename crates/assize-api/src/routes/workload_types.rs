//! What `GET /courts/{court_ou}/workload` takes and returns (see `routes::workload`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The longest range one request reads (about a quarter).
pub(super) const MAX_RANGE_DAYS: i64 = 92;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkloadParams {
    /// First day, `YYYY-MM-DD` (today when omitted).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, at most 92 days after `from` (a week from `from` when omitted).
    pub to: Option<String>,
}

/// Sittings, capacity and what is listed, summed over a day or a week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Utilisation {
    pub sittings: u32,
    /// Capacity of the sittings measured in minutes.
    pub capacity_minutes: u32,
    /// Capacity of the sittings measured in cases.
    pub capacity_cases: u32,
    /// Hearings still listed in the sittings.
    pub listed_cases: u32,
    /// Their time estimates, summed.
    pub listed_minutes: u32,
    /// Sittings holding more than their capacity.
    pub over_listed: u32,
}

impl Utilisation {
    /// Adds another day's (or week's) figures to these.
    pub fn add(&mut self, d: &Utilisation) {
        self.sittings += d.sittings;
        self.capacity_minutes += d.capacity_minutes;
        self.capacity_cases += d.capacity_cases;
        self.listed_cases += d.listed_cases;
        self.listed_minutes += d.listed_minutes;
        self.over_listed += d.over_listed;
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkloadDayView {
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    #[serde(flatten)]
    pub totals: Utilisation,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkloadWeek {
    /// The Monday of the week (days of the range only are summed).
    #[schema(value_type = String, format = Date)]
    pub week_commencing: Date,
    #[serde(flatten)]
    pub totals: Utilisation,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkloadDefendant {
    pub defendant_id: Uuid,
    pub name: String,
    pub youth: bool,
    pub in_custody: bool,
}

/// A case waiting for a hearing to be fixed at the court.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnlistedCase {
    pub case_id: Uuid,
    pub urn: String,
    /// `awaiting_sitting`: listed for a date, not yet given a courtroom and time;
    /// `nothing_listed`: open, last heard here, no hearing listed (e.g. vacated, ineffective).
    pub reason: String,
    /// The hearing awaiting a sitting, or the case's last hearing.
    pub hearing_id: Uuid,
    #[schema(format = Date)]
    pub hearing_date: String,
    pub hearing_type: String,
    pub hearing_type_name: String,
    pub hearing_status: String,
    /// The defendants this reader may see.
    pub defendants: Vec<WorkloadDefendant>,
    /// A defendant is remanded in custody.
    pub in_custody: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CtlExpiry {
    pub case_id: Uuid,
    pub urn: String,
    pub defendant_id: Uuid,
    pub defendant_name: String,
    pub offence_id: Uuid,
    pub offence_title: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CtlDay {
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    pub entries: Vec<CtlExpiry>,
}

/// A court's workload as one reader may see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Workload {
    pub court_ou: String,
    pub court_name: String,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    pub days: Vec<WorkloadDayView>,
    pub weeks: Vec<WorkloadWeek>,
    pub unlisted: Vec<UnlistedCase>,
    pub ctl_expiries: Vec<CtlDay>,
}
