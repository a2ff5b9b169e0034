//! A court's workload for its listing officers: how full its sittings are day by day, the cases
//! waiting for a hearing to be fixed, and custody time limits expiring. Utilisation is computed
//! from the sittings and what each holds (the same load the sittings page shows); the lists of
//! cases are read with each case's access facts, so the caller's policy decides per case what
//! it may see, and each case it sees is access-logged as a `list_hit` in the same transaction.

use std::collections::BTreeMap;

use assize_domain::listing::{Capacity, is_over_listed};
use jiff::civil::Date;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::case_read::{SUMMARY_COLUMNS, decide_each};
use crate::db::{Tx, id};
use crate::search::{defendant_names, hits};
use crate::worklists::{ctl_rows, ctl_select};
use crate::{CtlListRow, SearchLog, Store, StoreError, StoredCase};

/// The most cases each workload list returns.
const MAX_ROWS: u64 = 500;

/// One court day's sittings, what they can take and what is listed in them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkloadDay {
    pub date: Date,
    pub sittings: u32,
    /// Summed over the sittings whose capacity is in minutes.
    pub capacity_minutes: u32,
    /// Summed over the sittings whose capacity is in cases.
    pub capacity_cases: u32,
    /// Hearings still listed in the day's sittings, and their summed estimates.
    pub listed_cases: u32,
    pub listed_minutes: u32,
    /// Sittings holding more than their capacity (in their own unit).
    pub over_listed: u32,
}

/// Why a case is waiting for a hearing to be fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlistedReason {
    /// Listed for a date at the court but not yet in a sitting (no courtroom or time).
    AwaitingSitting,
    /// Open, last heard at the court, and nothing listed (e.g. trial ineffective, vacated).
    NothingListed,
}

/// A case awaiting a hearing at a court.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlistedRow {
    pub case_id: Uuid,
    pub urn: String,
    pub reason: UnlistedReason,
    /// The hearing listed without a sitting, or the case's last hearing.
    pub hearing_id: Uuid,
    pub hearing_date: String,
    pub hearing_type: String,
    pub hearing_status: String,
    /// As stored (unredacted): the caller shows them only as its policy allows.
    pub defendant_names: Vec<String>,
}

/// The cases of a court's workload that the caller may see.
#[derive(Debug, Clone)]
pub struct WorkloadCases<T> {
    pub unlisted: Vec<UnlistedRow>,
    /// Running custody time limits expiring in the range asked, soonest first.
    pub ctls: Vec<CtlListRow>,
    /// What the caller's decision kept of each case named above, once.
    pub cases: Vec<T>,
}

impl<T> Default for WorkloadCases<T> {
    fn default() -> Self {
        WorkloadCases {
            unlisted: Vec::new(),
            ctls: Vec::new(),
            cases: Vec::new(),
        }
    }
}

fn hearing_columns(q: &mut SelectStatement) {
    q.columns([
        ("case_hearings", "hearing_id"),
        ("case_hearings", "case_id"),
        ("case_hearings", "hearing_date"),
        ("case_hearings", "hearing_type"),
        ("case_hearings", "status"),
    ])
    .column(("case_summary", "urn"))
    .from("case_hearings")
    .inner_join(
        "case_summary",
        Expr::col(("case_summary", "case_id")).equals(("case_hearings", "case_id")),
    );
}

/// `EXISTS` a hearing `alias` of the same case as `case_hearings` matching `cond`.
fn other_hearing(alias: &'static str, cond: Expr) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from_as("case_hearings", alias)
            .and_where(Expr::col((alias, "case_id")).equals(("case_hearings", "case_id")))
            .and_where(cond)
            .to_owned(),
    )
}

async fn unlisted(
    tx: &mut Tx,
    court_ou: &str,
    today: &str,
) -> Result<Vec<UnlistedRow>, StoreError> {
    let mut waiting = Query::select();
    hearing_columns(&mut waiting);
    waiting
        .and_where(Expr::col(("case_hearings", "court_ou")).eq(court_ou))
        .and_where(Expr::col(("case_hearings", "status")).eq("listed"))
        .and_where(Expr::col(("case_hearings", "hearing_date")).gte(today))
        .and_where(Expr::col(("case_hearings", "sitting_id")).is_null())
        // A warned trial has no sitting by design: it is on the warned list, not awaiting one.
        .and_where(Expr::col(("case_hearings", "warned_from")).is_null())
        .order_by(("case_hearings", "hearing_date"), Order::Asc)
        .order_by(("case_summary", "urn"), Order::Asc)
        .limit(MAX_ROWS);
    let mut last = Query::select();
    hearing_columns(&mut last);
    let later = Expr::col(("l", "hearing_date"))
        .gt(Expr::col(("case_hearings", "hearing_date")))
        .or(Expr::col(("l", "hearing_date"))
            .equals(("case_hearings", "hearing_date"))
            .and(Expr::col(("l", "hearing_id")).gt(Expr::col(("case_hearings", "hearing_id")))));
    last.and_where(Expr::col(("case_hearings", "court_ou")).eq(court_ou))
        .and_where(Expr::col(("case_summary", "status")).ne("concluded"))
        .and_where(other_hearing("l", later).not())
        .and_where(other_hearing("o", Expr::col(("o", "status")).eq("listed")).not())
        .order_by(("case_hearings", "hearing_date"), Order::Asc)
        .order_by(("case_summary", "urn"), Order::Asc)
        .limit(MAX_ROWS);
    let mut out = Vec::new();
    for (q, reason) in [
        (waiting, UnlistedReason::AwaitingSitting),
        (last, UnlistedReason::NothingListed),
    ] {
        for r in tx.all(&q).await? {
            out.push(UnlistedRow {
                case_id: r.uuid("case_id")?,
                urn: r.str("urn")?,
                reason,
                hearing_id: r.uuid("hearing_id")?,
                hearing_date: r.str("hearing_date")?,
                hearing_type: r.str("hearing_type")?,
                hearing_status: r.str("status")?,
                defendant_names: Vec::new(),
            });
        }
    }
    let ids: Vec<Uuid> = out.iter().map(|r| r.case_id).collect();
    let names = defendant_names(tx, &ids).await?;
    for row in &mut out {
        row.defendant_names = names.get(&row.case_id).cloned().unwrap_or_default();
    }
    Ok(out)
}

impl Store {
    /// A court's sitting days from `from` to `to` (inclusive), every day of the range in order,
    /// days without sittings as zeros. Sittings' loads are summed as the sittings page sums them.
    pub async fn utilisation(
        &self,
        court_ou: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<WorkloadDay>, StoreError> {
        let rows = self
            .sittings(court_ou, &from.to_string(), &to.to_string())
            .await?;
        let mut days: BTreeMap<Date, WorkloadDay> = BTreeMap::new();
        let mut d = from;
        while d <= to {
            days.insert(
                d,
                WorkloadDay {
                    date: d,
                    ..Default::default()
                },
            );
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        for r in &rows {
            let p = &r.placement;
            let Some(day) = days.get_mut(&p.sitting.date) else {
                continue;
            };
            day.sittings += 1;
            match p.sitting.capacity {
                Capacity::Minutes(m) => day.capacity_minutes += m,
                Capacity::Cases(n) => day.capacity_cases += n,
            }
            day.listed_cases += p.load.cases;
            day.listed_minutes += p.load.minutes;
            day.over_listed += u32::from(is_over_listed(p.sitting.capacity, p.load));
        }
        Ok(days.into_values().collect())
    }

    /// The cases awaiting a hearing at `court_ou` (hearings from `today` listed without a
    /// sitting; open cases last heard there with nothing listed) and the custody time limits
    /// expiring from `ctl_from` to `ctl_to` in its cases — only those of cases `decide` keeps
    /// (the caller's parse and policy decision on each case's summary row: `Ok(None)` leaves it
    /// out), each such case logged as a `list_hit`. The summary rows are read in one
    /// statement; the policy's facts come from their states, as for a case read.
    pub async fn workload_cases<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        today: Date,
        (ctl_from, ctl_to): (Date, Date),
        log: SearchLog,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<WorkloadCases<T>, E> {
        let mut tx = self.backend.begin_read().await?;
        let mut unlisted = unlisted(&mut tx, court_ou, &today.to_string()).await?;
        let courts = [court_ou.to_string()];
        let (from, to) = (ctl_from.to_string(), ctl_to.to_string());
        let mut ctls = ctl_rows(&mut tx, &ctl_select(&courts, Some(&from), &to, MAX_ROWS)).await?;
        let mut ids: Vec<Uuid> = unlisted.iter().map(|r| r.case_id).collect();
        ids.extend(ctls.iter().map(|r| r.case_id));
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            tx.rollback().await.map_err(StoreError::from)?;
            return Ok(WorkloadCases::default());
        }
        let summaries = Query::select()
            .columns(SUMMARY_COLUMNS)
            .from("case_summary")
            .and_where(Expr::col("case_id").is_in(ids.iter().map(|c| id(*c))))
            .to_owned();
        let rows = tx.all(&summaries).await.map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        let (seen, cases) = decide_each(&rows, decide)?;
        unlisted.retain(|r| seen.contains(&r.case_id));
        ctls.retain(|r| seen.contains(&r.case_id));
        let detail = serde_json::json!({ "list": "workload", "court": court_ou,
            "ctl_from": from, "ctl_to": to });
        self.log_reads(hits(&seen, &log, "list_hit", &detail))
            .await?;
        Ok(WorkloadCases {
            unlisted,
            ctls,
            cases,
        })
    }
}
