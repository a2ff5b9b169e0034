//! A court's day for the court lists: every case with a hearing at one court on one date, with
//! its state and the facts the policy decides on, read in one statement (the internal list) or
//! a handful (the public list and the other lists' `load_cases`) whatever the number of cases,
//! not one read per case.

use std::collections::HashMap;

use assize_domain::access::Relation;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::case_read::decide_each;
use crate::db::{Tx, id};
use crate::search::hits;
use crate::{CaseOrgRow, CaseRecord, SearchLog, Store, StoreError, StoredCase};

impl Store {
    /// The cases with a hearing at `court_ou` on `date` (`YYYY-MM-DD`), by URN, for the public
    /// list. Nothing is written to the access log, deliberately: the public list is a
    /// publication of what the Criminal Procedure Rules let anyone have, already stripped of
    /// everything a reporting restriction protects, not a user's consultation of personal data
    /// (there is no user to attribute it to). Logging each anonymous reader would only record
    /// the public's reading of published lists, and let one anonymous client fill the log.
    pub async fn court_day(
        &self,
        court_ou: &str,
        date: &str,
    ) -> Result<Vec<CaseRecord>, StoreError> {
        let mut tx = self.backend.begin_read().await?;
        // No row locks: the public list uses the state alone, so it needs no agreement between
        // the state and the access facts, and anonymous reads must not write lock records.
        let records = load_cases(&mut tx, on_the_day(court_ou, date), false).await?;
        tx.commit().await?;
        Ok(records)
    }

    /// The cases with a hearing at `court_ou` on `date`, by URN, each given to `decide` (the
    /// caller's parse and policy decision: `Ok(None)` leaves it out); the ones it keeps are
    /// recorded in the access log as `list_hit`s by `log`'s user (committed, grouped with other
    /// reads' entries, before the list is returned). One statement: each summary row carries
    /// the case's state, from which the policy's facts are taken, as for a single case read.
    pub async fn court_day_for<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        date: &str,
        log: SearchLog,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<Vec<T>, E> {
        let q = Query::select()
            .columns(crate::case_read::SUMMARY_COLUMNS)
            .from("case_summary")
            .and_where(Expr::col("case_id").in_subquery(on_the_day(court_ou, date)))
            .order_by("urn", Order::Asc)
            .order_by("case_id", Order::Asc)
            .to_owned();
        let rows = self.backend.all(&q).await.map_err(StoreError::from)?;
        let (case_ids, kept) = decide_each(&rows, decide)?;
        let detail = serde_json::json!({ "list": "court_list", "court": court_ou, "date": date });
        self.log_reads(hits(&case_ids, &log, "list_hit", &detail))
            .await?;
        Ok(kept)
    }
}

/// The cases with a hearing at `court_ou` on `date`.
fn on_the_day(court_ou: &str, date: &str) -> SelectStatement {
    Query::select()
        .column("case_id")
        .from("case_hearings")
        .and_where(Expr::col("court_ou").eq(court_ou))
        .and_where(Expr::col("hearing_date").eq(date))
        .to_owned()
}

/// Reads the cases whose ids `case_ids` selects (a subquery of one `case_id` column), by URN,
/// with the facts the policy decides on. With `lock`, the summary rows are read `FOR SHARE` on
/// PostgreSQL, so the facts read next agree with the state the policy redacts.
pub(crate) async fn load_cases(
    tx: &mut Tx,
    case_ids: SelectStatement,
    lock: bool,
) -> Result<Vec<CaseRecord>, StoreError> {
    let mut q = Query::select();
    q.columns(crate::case_read::SUMMARY_COLUMNS)
        .from("case_summary")
        .and_where(Expr::col("case_id").in_subquery(case_ids))
        .order_by("urn", Order::Asc)
        .order_by("case_id", Order::Asc);
    if lock {
        q.lock_shared();
    }
    let mut records = Vec::new();
    for s in tx.all(&q).await? {
        records.push(CaseRecord {
            case_id: s.uuid("case_id")?,
            urn: s.str("urn")?,
            version: s.i64("version")?,
            status: s.str("status")?,
            state: s.json("state")?,
            court_ous: Vec::new(),
            orgs: Vec::new(),
            prosecutor_org_id: s.uuid("prosecutor_org_id")?,
            charging_force_org_id: s.uuid("charging_force_org_id")?,
            defendants: Vec::new(),
        });
    }
    if records.is_empty() {
        return Ok(records);
    }
    let ids: Vec<String> = records.iter().map(|r| id(r.case_id)).collect();
    let at: HashMap<Uuid, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.case_id, i))
        .collect();
    let of = |case_id: Uuid| at.get(&case_id).copied();

    let q = Query::select()
        .columns(["case_id", "ou_code"])
        .from("case_courts")
        .and_where(Expr::col("case_id").is_in(ids.clone()))
        .order_by("case_id", Order::Asc)
        .order_by("ou_code", Order::Asc)
        .to_owned();
    for r in tx.all(&q).await? {
        if let Some(i) = of(r.uuid("case_id")?) {
            records[i].court_ous.push(r.str("ou_code")?);
        }
    }
    let q = Query::select()
        .columns(["case_id", "org_id", "relation", "defendant_id"])
        .from("case_orgs")
        .and_where(Expr::col("case_id").is_in(ids.clone()))
        .order_by("case_id", Order::Asc)
        .order_by("relation", Order::Asc)
        .order_by("org_id", Order::Asc)
        .order_by("defendant_id", Order::Asc)
        .to_owned();
    for r in tx.all(&q).await? {
        let rel = r.str("relation")?;
        let relation = Relation::parse(&rel)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown relation {rel}")))?;
        if let Some(i) = of(r.uuid("case_id")?) {
            records[i].orgs.push(CaseOrgRow {
                org_id: r.uuid("org_id")?,
                relation,
                defendant_id: r.opt_uuid("defendant_id")?,
            });
        }
    }
    let q = Query::select()
        .columns(["case_id", "defendant_id", "defence_org_id"])
        .from("case_defendants")
        .and_where(Expr::col("case_id").is_in(ids))
        .order_by("case_id", Order::Asc)
        .order_by("defendant_id", Order::Asc)
        .to_owned();
    for r in tx.all(&q).await? {
        if let Some(i) = of(r.uuid("case_id")?) {
            records[i]
                .defendants
                .push((r.uuid("defendant_id")?, r.opt_uuid("defence_org_id")?));
        }
    }
    Ok(records)
}
