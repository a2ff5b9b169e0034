//! The figures operators watch, per recipient: how many notices are pending, being retried,
//! delivered and dead, and the age of the oldest undelivered one (the alert fires on that age).

use std::collections::BTreeMap;

use jiff::Timestamp;
use sea_query::{CaseStatement, Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

use super::feed::{NOTICE_COLUMNS, notice_body, notice_row};
use super::{NoticeRow, NoticeState};
use crate::db::id;
use crate::{Store, StoreError};

/// Delivery figures of one recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub pending: i64,
    /// Pending notices that have failed at least once since they were written or replayed.
    pub retrying: i64,
    pub delivered: i64,
    pub dead: i64,
    /// When the oldest notice not yet delivered (pending or dead) was written.
    pub oldest_undelivered: Option<Timestamp>,
}

impl Store {
    /// Delivery figures for every recipient that has notices. Only the undelivered notices are
    /// read (through the partial indexes of pending and dead ones): a recipient's delivered
    /// count is its last sequence number less its numbered pending and dead, so the cost does
    /// not grow with the notices delivered over the years. Pending counts the notices waiting
    /// for their numbers too (migration 0011): they are not delivered either.
    pub async fn delivery_stats(&self) -> Result<BTreeMap<Uuid, DeliveryStats>, StoreError> {
        let mut out: BTreeMap<Uuid, DeliveryStats> = BTreeMap::new();
        let recipients = Query::select()
            .columns(["id", "next_seq"])
            .from("recipients")
            .and_where(Expr::col("next_seq").gt(0))
            .to_owned();
        for r in self.backend.all(&recipients).await? {
            out.entry(r.uuid("id")?).or_default().delivered = r.i64("next_seq")?;
        }
        for state in [NoticeState::Pending, NoticeState::Dead] {
            let q = Query::select()
                .column("recipient_id")
                .expr_as(Func::count(Expr::col("id")), "n")
                .expr_as(
                    Func::count(CaseStatement::new().case(Expr::col("seq").gt(0), 1)),
                    "numbered",
                )
                .expr_as(Func::min(Expr::col("created_at")), "oldest")
                .from("notices")
                .and_where(Expr::col("state").eq(state.as_str()))
                .group_by_col("recipient_id")
                .to_owned();
            for r in self.backend.all(&q).await? {
                let s = out.entry(r.uuid("recipient_id")?).or_default();
                let n = r.i64("n")?;
                match state {
                    NoticeState::Pending => s.pending = n,
                    _ => s.dead = n,
                }
                s.delivered -= r.i64("numbered")?;
                s.oldest_undelivered = match (s.oldest_undelivered, r.opt_ts("oldest")?) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
        let retrying = Query::select()
            .column("recipient_id")
            .expr_as(Func::count(Expr::col("id")), "n")
            .from("notices")
            .and_where(Expr::col("state").eq(NoticeState::Pending.as_str()))
            .and_where(Expr::col("attempts").gt(Expr::col("attempts_base")))
            .group_by_col("recipient_id")
            .to_owned();
        for r in self.backend.all(&retrying).await? {
            out.entry(r.uuid("recipient_id")?).or_default().retrying = r.i64("n")?;
        }
        Ok(out)
    }

    /// A recipient's notices for the operators' page: the undelivered first (oldest first),
    /// then the most recently delivered, at most `limit`.
    pub async fn recipient_notices(
        &self,
        recipient_id: Uuid,
        limit: u64,
    ) -> Result<Vec<NoticeRow>, StoreError> {
        let undelivered = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("state").ne("delivered"))
            // Written order: those not numbered yet hold a placeholder in `seq`.
            .order_by("created_at", Order::Asc)
            .order_by("seq", Order::Asc)
            .limit(limit)
            .to_owned();
        let mut out: Vec<NoticeRow> = self
            .backend
            .all(&undelivered)
            .await?
            .iter()
            .map(notice_row)
            .collect::<Result<_, _>>()?;
        let room = limit.saturating_sub(out.len() as u64);
        if room > 0 {
            let delivered = Query::select()
                .columns(NOTICE_COLUMNS)
                .expr_as(notice_body(), "body")
                .from("notices")
                .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
                .and_where(Expr::col("state").eq("delivered"))
                .order_by("seq", Order::Desc)
                .limit(room)
                .to_owned();
            for r in self.backend.all(&delivered).await? {
                out.push(notice_row(&r)?);
            }
        }
        Ok(out)
    }

    /// Every notice about one defendant at one hearing (the reconciliation report's check).
    pub async fn notices_about(
        &self,
        case_id: Uuid,
        defendant_id: Uuid,
        hearing_id: Uuid,
    ) -> Result<Vec<NoticeRow>, StoreError> {
        let q = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .and_where(Expr::col("defendant_id").eq(id(defendant_id)))
            .and_where(Expr::col("hearing_id").eq(id(hearing_id)))
            .order_by("seq", Order::Asc)
            .to_owned();
        self.backend.all(&q).await?.iter().map(notice_row).collect()
    }

    /// Every notice about one case, oldest first.
    pub async fn notices_of_case(&self, case_id: Uuid) -> Result<Vec<NoticeRow>, StoreError> {
        let q = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .order_by("created_at", Order::Asc)
            .order_by("seq", Order::Asc)
            .to_owned();
        self.backend.all(&q).await?.iter().map(notice_row).collect()
    }
}
