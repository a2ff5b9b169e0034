//! The trial lists of a Crown Court for a range of days: the warned list (trials that may be
//! called in on any day of a period overlapping the range) and the firm list (trials fixed for a
//! date in the range). One read transaction of a handful of statements whatever the number of
//! cases: the hearing rows, the cases' summary rows (one statement, each row given to the
//! caller's parse and policy decision, as for the court list) and their custody time limits. The
//! defendants' names and custody are the caller's to take from the state, as far as the reader
//! may see them. Each case shown is recorded in the access log as a `list_hit`, committed
//! (grouped with other reads' entries) before the lists are returned.

use std::collections::{HashMap, HashSet};

use assize_domain::listing::is_trial;
use sea_query::{Cond, Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::case_read::{SUMMARY_COLUMNS, decide_each};
use crate::db::{Backend, Row, Tx, id};
use crate::search::hits;
use crate::{SearchLog, Store, StoreError, StoredCase};

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
    /// The earliest running custody time limit of the case, `YYYY-MM-DD`.
    pub ctl_expiry: Option<String>,
}

/// A court's warned and firm lists, and what the caller's decision kept of each case shown.
#[derive(Debug, Clone)]
pub struct TrialLists<T> {
    pub warned: Vec<TrialListRow>,
    pub firm: Vec<TrialListRow>,
    /// What the caller's decision kept of each case listed, once, by URN.
    pub cases: Vec<T>,
}

impl<T> Default for TrialLists<T> {
    fn default() -> Self {
        TrialLists {
            warned: Vec::new(),
            firm: Vec::new(),
            cases: Vec::new(),
        }
    }
}

impl Store {
    /// The trials still listed at `court_ou` warned for a period overlapping `from..=to`, and
    /// those fixed for a date in it, by date and URN. Each case's summary row is given to
    /// `decide` (the caller's parse and policy decision: `Ok(None)` leaves the case out); the
    /// cases it keeps are listed, and each is access-logged as a `list_hit` by `log`'s user.
    /// The decision comes from the state in the summary row, as for a single case read, so no
    /// row locks or write transaction are needed to make the facts agree with it.
    pub async fn trial_lists_for<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        from: &str,
        to: &str,
        log: SearchLog,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<TrialLists<T>, E> {
        let Some(read) = read_trials(&self.backend, court_ou, from, to).await? else {
            return Ok(TrialLists::default());
        };
        let (shown, cases) = decide_each(&read.summaries, decide)?;
        let shown_set: HashSet<Uuid> = shown.iter().copied().collect();
        let mut rows = read.rows;
        rows.retain(|r| shown_set.contains(&r.case_id));
        for r in &mut rows {
            r.ctl_expiry = read.ctls.get(&r.case_id).cloned();
        }
        let detail = serde_json::json!({
            "list": "trial_lists", "court": court_ou, "from": from, "to": to
        });
        self.log_reads(hits(&shown, &log, "list_hit", &detail))
            .await?;
        let (warned, firm) = rows.into_iter().partition(|r| r.warned_from.is_some());
        Ok(TrialLists {
            warned,
            firm,
            cases,
        })
    }
}

/// What is read of a court's trials before the caller decides which cases it may see.
struct TrialsRead {
    /// The trials, by date and URN, not yet enriched.
    rows: Vec<TrialListRow>,
    /// Their cases' summary rows (selected with [`SUMMARY_COLUMNS`]), by URN.
    summaries: Vec<Row>,
    ctls: HashMap<Uuid, String>,
}

/// Reads the trials on the lists and what they are shown with, in one read transaction (one
/// snapshot on SQLite); `None` when there are none.
async fn read_trials(
    backend: &Backend,
    court_ou: &str,
    from: &str,
    to: &str,
) -> Result<Option<TrialsRead>, StoreError> {
    let mut tx = backend.begin_read().await?;
    let mut rows = Vec::new();
    for r in tx.all(&trials(court_ou, from, to)).await? {
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
            ctl_expiry: None,
        });
    }
    if rows.is_empty() {
        tx.rollback().await?;
        return Ok(None);
    }
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
    ids.sort();
    ids.dedup();
    let q = Query::select()
        .columns(SUMMARY_COLUMNS)
        .from("case_summary")
        .and_where(Expr::col("case_id").is_in(ids.iter().map(|c| id(*c))))
        .order_by("urn", Order::Asc)
        .order_by("case_id", Order::Asc)
        .to_owned();
    let summaries = tx.all(&q).await?;
    // Read for every case on the lists, not only those the caller will keep: the decision is
    // made after this transaction ends (it need not hold it open), and what the caller does not
    // keep is dropped without leaving the store.
    let ctls = earliest_ctls(&mut tx, &ids).await?;
    tx.commit().await?;
    Ok(Some(TrialsRead {
        rows,
        summaries,
        ctls,
    }))
}

/// The hearings still listed at `court_ou` warned for a period overlapping `from..=to` or fixed
/// for a date in it, with their case's URN and version and a placed trial's courtroom.
fn trials(court_ou: &str, from: &str, to: &str) -> SelectStatement {
    let h = |c: &'static str| ("case_hearings", c);
    let warned = Cond::all()
        .add(Expr::col(h("warned_from")).is_not_null())
        .add(Expr::col(h("warned_from")).lte(to))
        .add(Expr::col(h("warned_to")).gte(from));
    let firm = Cond::all()
        .add(Expr::col(h("warned_from")).is_null())
        .add(Expr::col(h("hearing_date")).gte(from))
        .add(Expr::col(h("hearing_date")).lte(to));
    Query::select()
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
        .to_owned()
}

/// The earliest running custody time limit of each case (the read model holds running ones).
async fn earliest_ctls(
    tx: &mut Tx,
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
