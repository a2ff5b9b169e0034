//! Lists of hearings for work screens (a court's hearings on a day, hearings still to be
//! resulted), read from the hearings read model and recorded in the access log like search hits.

use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::db::Tx;
use crate::search::{defendant_names, hits};
use crate::{SearchLog, Store, StoreError};

/// One hearing on a work list, with its case's URN and defendants' names.
#[derive(Debug, Clone, PartialEq)]
pub struct HearingListRow {
    pub hearing_id: Uuid,
    pub case_id: Uuid,
    pub urn: String,
    pub court_ou: String,
    pub hearing_date: String,
    pub hearing_type: String,
    pub status: String,
    pub case_version: i64,
    pub defendant_names: Vec<String>,
}

/// Which hearings a work list wants.
#[derive(Debug, Clone)]
pub struct HearingFilter {
    /// Courts (OU codes) to include; an empty list finds nothing.
    pub court_ous: Vec<String>,
    /// First and last hearing date, `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// Only hearings with this status (`listed`, `resulted`, `vacated`), if given.
    pub status: Option<String>,
    pub limit: u64,
}

impl Store {
    /// Hearings at the given courts between two dates (not trials in a warned list), by date,
    /// court and URN. Each case listed is recorded in the access log as a `list_hit` in the same
    /// transaction.
    pub async fn hearings(
        &self,
        f: &HearingFilter,
        log: SearchLog,
    ) -> Result<Vec<HearingListRow>, StoreError> {
        if f.court_ous.is_empty() {
            return Ok(Vec::new());
        }
        let mut sel = Query::select();
        sel.columns([
            ("case_hearings", "hearing_id"),
            ("case_hearings", "case_id"),
            ("case_hearings", "court_ou"),
            ("case_hearings", "hearing_date"),
            ("case_hearings", "hearing_type"),
            ("case_hearings", "status"),
        ])
        .columns([("case_summary", "urn"), ("case_summary", "version")])
        .from("case_hearings")
        .inner_join(
            "case_summary",
            Expr::col(("case_summary", "case_id")).equals(("case_hearings", "case_id")),
        )
        .and_where(Expr::col(("case_hearings", "court_ou")).is_in(f.court_ous.iter().cloned()))
        .and_where(Expr::col(("case_hearings", "hearing_date")).gte(f.from.clone()))
        .and_where(Expr::col(("case_hearings", "hearing_date")).lte(f.to.clone()))
        // A trial in a warned list is on no day until it is fixed (the trial lists show it).
        .and_where(Expr::col(("case_hearings", "warned_from")).is_null());
        if let Some(s) = &f.status {
            sel.and_where(Expr::col(("case_hearings", "status")).eq(s.clone()));
        }
        sel.order_by(("case_hearings", "hearing_date"), Order::Asc)
            .order_by(("case_hearings", "court_ou"), Order::Asc)
            .order_by(("case_summary", "urn"), Order::Asc)
            .order_by(("case_hearings", "hearing_id"), Order::Asc)
            .limit(f.limit.clamp(1, 500));
        let mut tx = self.backend.begin_write().await?;
        let mut rows = Vec::new();
        for r in tx.all(&sel).await? {
            rows.push(HearingListRow {
                hearing_id: r.uuid("hearing_id")?,
                case_id: r.uuid("case_id")?,
                urn: r.str("urn")?,
                court_ou: r.str("court_ou")?,
                hearing_date: r.str("hearing_date")?,
                hearing_type: r.str("hearing_type")?,
                status: r.str("status")?,
                case_version: r.i64("version")?,
                defendant_names: Vec::new(),
            });
        }
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(rows);
        }
        let mut case_ids: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
        case_ids.sort();
        case_ids.dedup();
        let by_case = defendant_names(&mut tx, &case_ids).await?;
        for row in &mut rows {
            row.defendant_names = by_case.get(&row.case_id).cloned().unwrap_or_default();
        }
        let detail = serde_json::json!({ "from": f.from, "to": f.to, "courts": f.court_ous });
        let entries = hits(&case_ids, &log, "list_hit", &detail);
        crate::access_log::insert_entries(&mut tx, &entries).await?;
        tx.commit().await?;
        Ok(rows)
    }
}

/// A running custody time limit on a work list.
#[derive(Debug, Clone, PartialEq)]
pub struct CtlListRow {
    pub case_id: Uuid,
    pub urn: String,
    pub defendant_name: String,
    pub offence_id: Uuid,
    pub expiry_date: String,
}

impl Store {
    /// Running custody time limits expiring on or before `until` (`YYYY-MM-DD`) in cases listed at
    /// any of `court_ous`, soonest first; each case listed is recorded as a `list_hit`.
    pub async fn ctls_expiring(
        &self,
        court_ous: &[String],
        until: &str,
        limit: u64,
        log: SearchLog,
    ) -> Result<Vec<CtlListRow>, StoreError> {
        if court_ous.is_empty() {
            return Ok(Vec::new());
        }
        let sel = ctl_select(court_ous, None, until, limit);
        let mut tx = self.backend.begin_write().await?;
        let rows = ctl_rows(&mut tx, &sel).await?;
        let mut cases: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
        cases.sort();
        cases.dedup();
        let detail = serde_json::json!({ "list": "ctl_expiring", "until": until });
        let entries = hits(&cases, &log, "list_hit", &detail);
        crate::access_log::insert_entries(&mut tx, &entries).await?;
        tx.commit().await?;
        Ok(rows)
    }
}

/// Running custody time limits in cases at any of `court_ous` (every court the case was or is
/// listed at) expiring from `from` (if given) to `until`, soonest first: the CTL work list's
/// query, shared with the workload views.
pub(crate) fn ctl_select(
    court_ous: &[String],
    from: Option<&str>,
    until: &str,
    limit: u64,
) -> SelectStatement {
    let at_courts = Query::select()
        .expr(Expr::val(1))
        .from("case_courts")
        .and_where(
            Expr::col(("case_courts", "case_id")).equals(("case_custody_time_limits", "case_id")),
        )
        .and_where(Expr::col(("case_courts", "ou_code")).is_in(court_ous.iter().cloned()))
        .to_owned();
    let mut sel = Query::select();
    sel.columns([
        ("case_custody_time_limits", "case_id"),
        ("case_custody_time_limits", "offence_id"),
        ("case_custody_time_limits", "expiry_date"),
    ])
    .columns([("case_summary", "urn")])
    .columns([("case_defendants", "full_name")])
    .from("case_custody_time_limits")
    .inner_join(
        "case_summary",
        Expr::col(("case_summary", "case_id")).equals(("case_custody_time_limits", "case_id")),
    )
    .inner_join(
        "case_defendants",
        Expr::col(("case_defendants", "case_id"))
            .equals(("case_custody_time_limits", "case_id"))
            .and(
                Expr::col(("case_defendants", "defendant_id"))
                    .equals(("case_custody_time_limits", "defendant_id")),
            ),
    )
    .and_where(Expr::col(("case_custody_time_limits", "expiry_date")).lte(until))
    .and_where(Expr::exists(at_courts));
    if let Some(from) = from {
        sel.and_where(Expr::col(("case_custody_time_limits", "expiry_date")).gte(from));
    }
    sel.order_by(("case_custody_time_limits", "expiry_date"), Order::Asc)
        .order_by(("case_summary", "urn"), Order::Asc)
        .order_by(("case_custody_time_limits", "offence_id"), Order::Asc)
        .limit(limit.clamp(1, 500));
    sel
}

/// The rows of [`ctl_select`].
pub(crate) async fn ctl_rows(
    tx: &mut Tx,
    sel: &SelectStatement,
) -> Result<Vec<CtlListRow>, StoreError> {
    let mut rows = Vec::new();
    for r in tx.all(sel).await? {
        rows.push(CtlListRow {
            case_id: r.uuid("case_id")?,
            urn: r.str("urn")?,
            defendant_name: r.str("full_name")?,
            offence_id: r.uuid("offence_id")?,
            expiry_date: r.str("expiry_date")?,
        });
    }
    Ok(rows)
}
