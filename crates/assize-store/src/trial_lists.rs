//! The trial lists of a Crown Court for a range of days: the warned list (trials that may be
//! called in on any day of a period overlapping the range) and the firm list (trials fixed for a
//! date in the range), read from the hearings read model in a handful of statements and each
//! case shown recorded in the access log as a `list_hit`, in the same transaction.

use std::collections::HashMap;

use assize_domain::listing::is_trial;
use sea_query::{Cond, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::db::id;
use crate::lists::load_cases;
use crate::search::{defendant_names, hits};
use crate::{CaseRecord, SearchLog, Store, StoreError};

/// One trial on a trial list.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialListRow {
    pub case_id: Uuid,
    pub case_version: i64,
    pub urn: String,
    pub hearing_id: Uuid,
    pub hearing_type: String,
    /// `YYYY-MM-DD`: the fixed date, or the first day of the warned period.
    pub hearing_date: String,
    /// The warned period (`YYYY-MM-DD`, inclusive); `None` on the firm list.
    pub warned_from: Option<String>,
    pub warned_to: Option<String>,
    /// Where a fixed trial sits, once placed in a sitting.
    pub sitting_id: Option<Uuid>,
    pub courtroom: Option<String>,
    pub start_time: Option<String>,
    pub estimate_minutes: Option<i64>,
    pub defendant_names: Vec<String>,
    /// Any defendant remanded in custody (must be produced).
    pub in_custody: bool,
    /// The earliest running custody time limit of the case, `YYYY-MM-DD`.
    pub ctl_expiry: Option<String>,
}

/// A court's warned and firm lists, with the cases shown (for the caller's redaction).
#[derive(Debug, Clone, Default)]
pub struct TrialLists {
    pub warned: Vec<TrialListRow>,
    pub firm: Vec<TrialListRow>,
    pub cases: Vec<CaseRecord>,
}

impl Store {
    /// The trials still listed at `court_ou` warned for a period overlapping `from..=to`, and
    /// those fixed for a date in it, by date and URN. Only the cases `disclosed` accepts (the
    /// caller's policy decision on each) are kept, and each is access-logged as a `list_hit`.
    pub async fn trial_lists_for(
        &self,
        court_ou: &str,
        from: &str,
        to: &str,
        log: SearchLog,
        mut disclosed: impl FnMut(&CaseRecord) -> bool,
    ) -> Result<TrialLists, StoreError> {
        let h = |c: &'static str| ("case_hearings", c);
        let warned = Cond::all()
            .add(Expr::col(h("warned_from")).is_not_null())
            .add(Expr::col(h("warned_from")).lte(to))
            .add(Expr::col(h("warned_to")).gte(from));
        let firm = Cond::all()
            .add(Expr::col(h("warned_from")).is_null())
            .add(Expr::col(h("hearing_date")).gte(from))
            .add(Expr::col(h("hearing_date")).lte(to));
        let q = Query::select()
            .columns(
                [
                    "hearing_id",
                    "case_id",
                    "hearing_date",
                    "hearing_type",
                    "warned_from",
                    "warned_to",
                    "sitting_id",
                    "start_time",
                    "estimate_minutes",
                ]
                .map(h),
            )
            .columns([("case_summary", "urn"), ("case_summary", "version")])
            .expr_as(Expr::col(("courtrooms", "name")), "courtroom")
            .from("case_hearings")
            .inner_join(
                "case_summary",
                Expr::col(("case_summary", "case_id")).equals(h("case_id")),
            )
            .left_join(
                "sittings",
                Expr::col(("sittings", "id")).equals(h("sitting_id")),
            )
            .left_join(
                "courtrooms",
                Expr::col(("courtrooms", "id")).equals(("sittings", "courtroom_id")),
            )
            .and_where(Expr::col(h("court_ou")).eq(court_ou))
            .and_where(Expr::col(h("status")).eq("listed"))
            .cond_where(Cond::any().add(warned).add(firm))
            .order_by(h("hearing_date"), Order::Asc)
            .order_by(("case_summary", "urn"), Order::Asc)
            .order_by(h("hearing_id"), Order::Asc)
            .to_owned();
        let mut tx = self.backend.begin_write().await?;
        let mut rows = Vec::new();
        for r in tx.all(&q).await? {
            let hearing_type = r.str("hearing_type")?;
            if !is_trial(&hearing_type) {
                continue;
            }
            rows.push(TrialListRow {
                case_id: r.uuid("case_id")?,
                case_version: r.i64("version")?,
                urn: r.str("urn")?,
                hearing_id: r.uuid("hearing_id")?,
                hearing_type,
                hearing_date: r.str("hearing_date")?,
                warned_from: r.opt_str("warned_from")?,
                warned_to: r.opt_str("warned_to")?,
                sitting_id: r.opt_uuid("sitting_id")?,
                courtroom: r.opt_str("courtroom")?,
                start_time: r.opt_str("start_time")?,
                estimate_minutes: r.opt_i64("estimate_minutes")?,
                defendant_names: Vec::new(),
                in_custody: false,
                ctl_expiry: None,
            });
        }
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(TrialLists::default());
        }
        let mut ids: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
        ids.sort();
        ids.dedup();
        let these = Query::select()
            .column("case_id")
            .from("case_summary")
            .and_where(Expr::col("case_id").is_in(ids.iter().map(|c| id(*c))))
            .to_owned();
        let mut cases = load_cases(&mut tx, these, true).await?;
        cases.retain(|c| disclosed(c));
        let shown: Vec<Uuid> = cases.iter().map(|c| c.case_id).collect();
        rows.retain(|r| shown.contains(&r.case_id));
        let names = defendant_names(&mut tx, &shown).await?;
        let ctls = earliest_ctls(&mut tx, &shown).await?;
        let custody: HashMap<Uuid, bool> = cases
            .iter()
            .map(|c| (c.case_id, any_in_custody(&c.state)))
            .collect();
        for r in &mut rows {
            r.defendant_names = names.get(&r.case_id).cloned().unwrap_or_default();
            r.ctl_expiry = ctls.get(&r.case_id).cloned();
            r.in_custody = custody.get(&r.case_id).copied().unwrap_or(false);
        }
        let detail = serde_json::json!({
            "list": "trial_lists", "court": court_ou, "from": from, "to": to
        });
        crate::access_log::insert_entries(&mut tx, &hits(&shown, &log, "list_hit", &detail))
            .await?;
        tx.commit().await?;
        let (warned, firm) = rows.into_iter().partition(|r| r.warned_from.is_some());
        Ok(TrialLists {
            warned,
            firm,
            cases,
        })
    }
}

/// The earliest running custody time limit of each case (the read model holds running ones).
async fn earliest_ctls(
    tx: &mut crate::db::Tx,
    case_ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, StoreError> {
    let q = Query::select()
        .columns(["case_id", "expiry_date"])
        .from("case_custody_time_limits")
        .and_where(Expr::col("case_id").is_in(case_ids.iter().map(|c| id(*c))))
        .order_by("case_id", Order::Asc)
        .order_by("expiry_date", Order::Asc)
        .to_owned();
    let mut out: HashMap<Uuid, String> = HashMap::new();
    for r in tx.all(&q).await? {
        out.entry(r.uuid("case_id")?)
            .or_insert(r.str("expiry_date")?);
    }
    Ok(out)
}

/// Whether the case state names a defendant remanded in custody (custody is not a column of
/// the defendants read model; the state is read anyway for the policy).
fn any_in_custody(state: &serde_json::Value) -> bool {
    state["defendants"]
        .as_array()
        .is_some_and(|ds| ds.iter().any(|d| d["custody_status"] == "in_custody"))
}
