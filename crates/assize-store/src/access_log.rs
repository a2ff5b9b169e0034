//! The access log: who read or changed which case, when. Append-only (database triggers reject
//! UPDATE and DELETE); entries are written in the same transaction as the access they record.

use sea_query::{Expr, ExprTrait, Order, Query};

use crate::db::{Row, Tx, id, opt_id, ts_text};
use crate::{AccessLogEntry, AccessLogQuery, AccessLogRow, Store, StoreError};

/// The columns of an entry (besides its `id`), in the order written.
const ENTRY_COLUMNS: [&str; 8] = [
    "at",
    "user_id",
    "org_id",
    "action",
    "case_id",
    "defendant_id",
    "detail",
    "correlation_id",
];

/// The largest page an access-log query returns.
const MAX_PAGE: u64 = 1000;

/// Inserts entries inside `tx` (multi-row statements).
pub(crate) async fn insert_entries(
    tx: &mut Tx,
    entries: &[AccessLogEntry],
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::with_capacity(entries.len());
    for e in entries {
        let detail = e
            .detail
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|err| StoreError::Invalid(format!("access log detail: {err}")))?;
        rows.push(vec![
            ts_text(e.at).into(),
            id(e.user_id).into(),
            id(e.org_id).into(),
            e.action.clone().into(),
            opt_id(e.case_id).into(),
            opt_id(e.defendant_id).into(),
            detail.into(),
            id(e.correlation_id).into(),
        ]);
    }
    crate::projection::insert_rows(tx, "access_log", &ENTRY_COLUMNS, rows).await?;
    Ok(())
}

fn row_to_entry(r: &Row) -> Result<AccessLogRow, StoreError> {
    Ok(AccessLogRow {
        id: r.i64("id")?,
        entry: AccessLogEntry {
            at: r.ts("at")?,
            user_id: r.uuid("user_id")?,
            org_id: r.uuid("org_id")?,
            action: r.str("action")?,
            case_id: r.opt_uuid("case_id")?,
            defendant_id: r.opt_uuid("defendant_id")?,
            detail: r.opt_json("detail")?,
            correlation_id: r.uuid("correlation_id")?,
        },
    })
}

impl Store {
    /// Records access-log entries in their own transaction (for accesses that write nothing
    /// else, e.g. a document download).
    pub async fn record_access(&self, entries: &[AccessLogEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.backend.begin_write().await?;
        insert_entries(&mut tx, entries).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The auditor's query: entries by user, case and time range, newest first, paged (`limit`
    /// 0 means the maximum page of 1000). The auditor's own read is recorded as `reader` (its
    /// action should be `"access_log_read"`) in the same transaction, after the query, so it is
    /// not part of its own result.
    pub async fn query_access_log(
        &self,
        q: &AccessLogQuery,
        reader: AccessLogEntry,
    ) -> Result<Vec<AccessLogRow>, StoreError> {
        let limit = if q.limit == 0 {
            MAX_PAGE
        } else {
            std::cmp::min(q.limit, MAX_PAGE)
        };
        let mut sel = Query::select();
        sel.column("id").columns(ENTRY_COLUMNS).from("access_log");
        if let Some(u) = q.user_id {
            sel.and_where(Expr::col("user_id").eq(id(u)));
        }
        if let Some(c) = q.case_id {
            sel.and_where(Expr::col("case_id").eq(id(c)));
        }
        if let Some(from) = q.from {
            sel.and_where(Expr::col("at").gte(ts_text(from)));
        }
        if let Some(to) = q.to {
            sel.and_where(Expr::col("at").lt(ts_text(to)));
        }
        sel.order_by("at", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(limit)
            .offset(q.offset);
        let mut tx = self.backend.begin_write().await?;
        let rows = tx
            .all(&sel)
            .await?
            .iter()
            .map(row_to_entry)
            .collect::<Result<Vec<_>, _>>()?;
        insert_entries(&mut tx, std::slice::from_ref(&reader)).await?;
        tx.commit().await?;
        Ok(rows)
    }
}
