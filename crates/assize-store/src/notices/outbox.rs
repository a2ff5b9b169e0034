//! Writing notices in the transaction that appends the events requiring them (the transactional
//! outbox): a committed result always has its notices, a rolled-back one never does.

use std::collections::BTreeMap;

use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use super::NewNotice;
use crate::StoreError;
use crate::db::{Tx, id, opt_id, ts_text};

/// Writes `notices` inside the append transaction `tx`. Each recipient row is created on first
/// use, then its sequence counter is advanced once for all its notices in this change: the
/// `UPDATE … RETURNING` takes the row lock (PostgreSQL; SQLite writes one at a time anyway), so
/// sequence numbers follow commit order and a feed reader never skips a notice that committed
/// late. Recipients are locked in slot order, so two changes cannot deadlock on them.
pub(crate) async fn write_notices(tx: &mut Tx, notices: &[NewNotice]) -> Result<(), StoreError> {
    let mut by_slot: BTreeMap<&str, Vec<&NewNotice>> = BTreeMap::new();
    for n in notices {
        by_slot
            .entry(n.recipient_slot.as_str())
            .or_default()
            .push(n);
    }
    for (slot, group) in by_slot {
        let first = group[0];
        let created = Query::insert()
            .into_table("recipients")
            .columns(["id", "slot", "kind", "org_id", "name", "created_at"])
            .values([
                id(uuid::Uuid::now_v7()).into(),
                slot.into(),
                first.recipient_kind.clone().into(),
                opt_id(first.recipient_org).into(),
                first.recipient_name.clone().into(),
                ts_text(first.created_at).into(),
            ])?
            .on_conflict(OnConflict::column("slot").do_nothing().to_owned())
            .to_owned();
        tx.exec(&created).await?;
        let advance = Query::update()
            .table("recipients")
            .value("next_seq", Expr::col("next_seq").add(group.len() as i64))
            .and_where(Expr::col("slot").eq(slot))
            .returning(Query::returning().columns(["id", "next_seq"]))
            .to_owned();
        let row = tx
            .opt(&advance)
            .await?
            .ok_or_else(|| StoreError::Database(format!("recipient {slot} not created")))?;
        let recipient_id = row.str("id")?;
        let first_seq = row.i64("next_seq")? - group.len() as i64 + 1;
        for (i, n) in group.into_iter().enumerate() {
            let replaces = match &n.replaces_series {
                Some(series) => latest_in_series(tx, series).await?,
                None => None,
            };
            let body = serde_json::to_string(&n.body)
                .map_err(|e| StoreError::Invalid(format!("notice body: {e}")))?;
            let q = Query::insert()
                .into_table("notices")
                .columns([
                    "id",
                    "recipient_id",
                    "seq",
                    "notice_key",
                    "series",
                    "kind",
                    "case_id",
                    "defendant_id",
                    "hearing_id",
                    "case_version",
                    "replaces_id",
                    "body",
                    "created_at",
                ])
                .values([
                    id(n.id).into(),
                    recipient_id.clone().into(),
                    (first_seq + i as i64).into(),
                    n.key.clone().into(),
                    n.series.clone().into(),
                    n.kind.clone().into(),
                    id(n.case_id).into(),
                    id(n.defendant_id).into(),
                    id(n.hearing_id).into(),
                    n.case_version.into(),
                    replaces.into(),
                    body.into(),
                    ts_text(n.created_at).into(),
                ])?
                .to_owned();
            tx.exec(&q).await?;
        }
    }
    Ok(())
}

/// The latest notice of a series (the one an amendment replaces), if the recipient had one.
async fn latest_in_series(tx: &mut Tx, series: &str) -> Result<Option<String>, StoreError> {
    let q = Query::select()
        .column("id")
        .from("notices")
        .and_where(Expr::col("series").eq(series))
        .order_by("case_version", Order::Desc)
        .limit(1)
        .to_owned();
    Ok(match tx.opt(&q).await? {
        Some(r) => Some(r.str("id")?),
        None => None,
    })
}
