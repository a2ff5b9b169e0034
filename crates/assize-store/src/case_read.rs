//! Reading a case's read model: what the policy needs to decide about it, and lookups.

use assize_domain::access::Relation;
use sea_query::{Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

use crate::db::{Row, Tx, id};
use crate::{AccessLogEntry, CaseOrgRow, CaseRecord, Store, StoreError};

/// The columns of `case_summary` a case is read with (here and in `lists`).
pub(crate) const SUMMARY_COLUMNS: [&str; 7] = [
    "case_id",
    "urn",
    "version",
    "status",
    "state",
    "prosecutor_org_id",
    "charging_force_org_id",
];

/// Loads what the policy needs about one case, inside `tx`. In PostgreSQL the summary row is
/// read `FOR SHARE`, so no writer can replace the read model between the reads below.
pub(crate) async fn load_record(
    tx: &mut Tx,
    case_id: Uuid,
) -> Result<Option<CaseRecord>, StoreError> {
    let cid = id(case_id);
    let q = Query::select()
        .columns(SUMMARY_COLUMNS)
        .from("case_summary")
        .and_where(Expr::col("case_id").eq(cid.clone()))
        .lock_shared()
        .to_owned();
    let Some(s) = tx.opt(&q).await? else {
        return Ok(None);
    };
    let q = Query::select()
        .column("ou_code")
        .from("case_courts")
        .and_where(Expr::col("case_id").eq(cid.clone()))
        .order_by("ou_code", Order::Asc)
        .to_owned();
    let court_ous = tx
        .all(&q)
        .await?
        .iter()
        .map(|r| r.str("ou_code"))
        .collect::<Result<_, _>>()?;
    let q = Query::select()
        .columns(["org_id", "relation", "defendant_id"])
        .from("case_orgs")
        .and_where(Expr::col("case_id").eq(cid.clone()))
        .order_by("relation", Order::Asc)
        .order_by("org_id", Order::Asc)
        .order_by("defendant_id", Order::Asc)
        .to_owned();
    let mut orgs = Vec::new();
    for r in tx.all(&q).await? {
        let rel = r.str("relation")?;
        let relation = Relation::parse(&rel)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown relation {rel}")))?;
        orgs.push(CaseOrgRow {
            org_id: r.uuid("org_id")?,
            relation,
            defendant_id: r.opt_uuid("defendant_id")?,
        });
    }
    let q = Query::select()
        .columns(["defendant_id", "defence_org_id"])
        .from("case_defendants")
        .and_where(Expr::col("case_id").eq(cid))
        .order_by("defendant_id", Order::Asc)
        .to_owned();
    let mut defendants = Vec::new();
    for r in tx.all(&q).await? {
        defendants.push((r.uuid("defendant_id")?, r.opt_uuid("defence_org_id")?));
    }
    Ok(Some(CaseRecord {
        case_id: s.uuid("case_id")?,
        urn: s.str("urn")?,
        version: s.i64("version")?,
        status: s.str("status")?,
        state: s.json("state")?,
        court_ous,
        orgs,
        prosecutor_org_id: s.uuid("prosecutor_org_id")?,
        charging_force_org_id: s.uuid("charging_force_org_id")?,
        defendants,
    }))
}

impl Store {
    /// Reads one case's read model without logging (the command path logs in `append`).
    pub async fn load_case(&self, case_id: Uuid) -> Result<Option<CaseRecord>, StoreError> {
        let mut tx = self.backend.begin_read().await?;
        let record = load_record(&mut tx, case_id).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// The case holding this URN (exact match, case-insensitive).
    pub async fn case_id_by_urn(&self, urn: &str) -> Result<Option<Uuid>, StoreError> {
        let q = Query::select()
            .column("case_id")
            .from("case_summary")
            .and_where(Expr::expr(Func::upper(Expr::col("urn"))).eq(Func::upper(Expr::val(urn))))
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .map(|r| r.uuid("case_id"))
            .transpose()
    }

    /// Every case in the event log, in id order (for rebuild and verification).
    pub async fn all_case_ids(&self) -> Result<Vec<Uuid>, StoreError> {
        let q = Query::select()
            .column("case_id")
            .from("case_streams")
            .order_by("case_id", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(|r| r.uuid("case_id"))
            .collect()
    }
}

/// One case's summary row as stored, its state still JSON text: the hot read path parses it
/// straight into the caller's own type (no `serde_json::Value` tree between) and derives the
/// policy's facts from it, so reading a case is one statement.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub case_id: Uuid,
    pub urn: String,
    pub version: i64,
    pub status: String,
    /// The case state, JSON text.
    pub state: String,
    pub prosecutor_org_id: Uuid,
    pub charging_force_org_id: Uuid,
}

/// A summary row selected with [`SUMMARY_COLUMNS`], as a [`StoredCase`].
pub(crate) fn stored_case_row(r: &Row) -> Result<StoredCase, StoreError> {
    Ok(StoredCase {
        case_id: r.uuid("case_id")?,
        urn: r.str("urn")?,
        version: r.i64("version")?,
        status: r.str("status")?,
        state: r.str("state")?,
        prosecutor_org_id: r.uuid("prosecutor_org_id")?,
        charging_force_org_id: r.uuid("charging_force_org_id")?,
    })
}

/// Gives each summary row (selected with [`SUMMARY_COLUMNS`]) to the caller's `decide` (its
/// parse and policy decision: `Ok(None)` leaves the case out); the ids of the cases kept and
/// what was kept of each, in the rows' order. The lists' way of reading many cases at once.
pub(crate) fn decide_each<T, E: From<StoreError>>(
    rows: &[Row],
    mut decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
) -> Result<(Vec<Uuid>, Vec<T>), E> {
    let mut case_ids = Vec::with_capacity(rows.len());
    let mut kept = Vec::with_capacity(rows.len());
    for r in rows {
        let stored = stored_case_row(r)?;
        let case_id = stored.case_id;
        if let Some(t) = decide(stored)? {
            case_ids.push(case_id);
            kept.push(t);
        }
    }
    Ok((case_ids, kept))
}

impl Store {
    /// One case's summary row (see [`StoredCase`]). A single statement, so it sees one
    /// committed version of the case without a transaction or a lock; the facts the policy needs
    /// are all in the state, written in the same transaction as the row.
    pub async fn stored_case(&self, case_id: Uuid) -> Result<Option<StoredCase>, StoreError> {
        let q = Query::select()
            .columns(SUMMARY_COLUMNS)
            .from("case_summary")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .as_ref()
            .map(stored_case_row)
            .transpose()
    }

    /// Read one stored case and write the access-log entry `decide` returns with its answer
    /// (the caller's parse and policy decision: `Ok(None)` means "not disclosed", and then the
    /// read is neither logged nor answered). The answer is returned only once its entry is
    /// committed, in a group commit shared with concurrent reads (`access_group`).
    pub async fn read_stored_case_with<T, E: From<StoreError>>(
        &self,
        case_id: Uuid,
        decide: impl FnOnce(StoredCase) -> Result<Option<(AccessLogEntry, T)>, E>,
    ) -> Result<Option<T>, E> {
        let Some(stored) = self.stored_case(case_id).await? else {
            return Ok(None);
        };
        let Some((entry, answer)) = decide(stored)? else {
            return Ok(None);
        };
        self.log_reads(vec![entry]).await?;
        Ok(Some(answer))
    }
}
