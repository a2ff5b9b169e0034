//! The pull feed: a recipient reads its notices in sequence order from a cursor, and acknowledges
//! up to a sequence number. Whatever it has not acknowledged is offered again from the cursor it
//! last acknowledged, so a reader that crashes between reading and acknowledging loses nothing.

use sea_query::{Expr, ExprTrait, Func, Order, Query, SimpleExpr};
use uuid::Uuid;

use super::{NoticeRow, NoticeState};
use crate::db::{Row, id, ts_text};
use crate::{Store, StoreError};

/// The columns selected for a [`NoticeRow`], but its text: select [`notice_body`] as `body`.
pub(crate) const NOTICE_COLUMNS: [&str; 19] = [
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
    "created_at",
    "state",
    "attempts",
    "attempts_base",
    "next_attempt_at",
    "last_attempt_at",
    "last_error",
    "delivered_at",
];

/// A notice's text: its own `body`, or (since migration 0008) the one `notice_bodies` holds once
/// for every recipient of the same text.
pub(crate) fn notice_body() -> SimpleExpr {
    let shared = Query::select()
        .column(("notice_bodies", "body"))
        .from("notice_bodies")
        .and_where(Expr::col(("notice_bodies", "hash")).equals(("notices", "body_hash")))
        .to_owned();
    Func::coalesce([
        SimpleExpr::SubQuery(None, Box::new(shared.into())),
        Expr::col(("notices", "body")),
    ])
    .into()
}

pub(crate) fn notice_row(r: &Row) -> Result<NoticeRow, StoreError> {
    let state = r.str("state")?;
    Ok(NoticeRow {
        id: r.uuid("id")?,
        recipient_id: r.uuid("recipient_id")?,
        // A placeholder is negative (migration 0011).
        seq: Some(r.i64("seq")?).filter(|seq| *seq > 0),
        key: r.str("notice_key")?,
        series: r.str("series")?,
        kind: r.str("kind")?,
        case_id: r.uuid("case_id")?,
        defendant_id: r.uuid("defendant_id")?,
        hearing_id: r.uuid("hearing_id")?,
        case_version: r.i64("case_version")?,
        replaces_id: r.opt_uuid("replaces_id")?,
        body: r.json("body")?,
        created_at: r.ts("created_at")?,
        state: NoticeState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("notice state {state}")))?,
        attempts: r.i64("attempts")?,
        attempts_base: r.i64("attempts_base")?,
        next_attempt_at: r.opt_ts("next_attempt_at")?,
        last_attempt_at: r.opt_ts("last_attempt_at")?,
        last_error: r.opt_str("last_error")?,
        delivered_at: r.opt_ts("delivered_at")?,
    })
}

/// A page of the feed, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPage {
    pub notices: Vec<NoticeRow>,
    /// The cursor the page was read from (the acknowledged sequence number if none was given).
    pub after: i64,
    /// The last sequence number given to the recipient so far.
    pub last_seq: i64,
    pub acked_seq: i64,
}

impl Store {
    /// Up to `limit` of a recipient's notices after sequence number `after` (by default after
    /// the last one it acknowledged), oldest first; `None` if there is no such recipient.
    pub async fn notice_feed(
        &self,
        recipient_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<Option<FeedPage>, StoreError> {
        // Whatever has committed is numbered first, so the page holds it.
        self.number_recipient_notices(recipient_id).await?;
        let Some(r) = self.recipient(recipient_id).await? else {
            return Ok(None);
        };
        let after = after.unwrap_or(r.acked_seq);
        let q = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("seq").gt(std::cmp::max(after, 0)))
            .order_by("seq", Order::Asc)
            .limit(limit)
            .to_owned();
        let notices = self
            .backend
            .all(&q)
            .await?
            .iter()
            .map(notice_row)
            .collect::<Result<_, _>>()?;
        Ok(Some(FeedPage {
            notices,
            after,
            last_seq: r.last_seq,
            acked_seq: r.acked_seq,
        }))
    }

    /// The recipient acknowledges every notice up to sequence number `up_to` (cumulative, like a
    /// TCP acknowledgement): they are delivered. Acknowledging less than before changes nothing;
    /// more than was ever given is refused ([`StoreError::Invalid`]). Returns how many notices
    /// this acknowledgement delivered.
    pub async fn ack_notices(
        &self,
        recipient_id: Uuid,
        up_to: i64,
        at: jiff::Timestamp,
    ) -> Result<u64, StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let advance = Query::update()
            .table("recipients")
            .value("acked_seq", up_to)
            .and_where(Expr::col("id").eq(id(recipient_id)))
            .and_where(Expr::col("next_seq").gte(up_to))
            .and_where(Expr::col("acked_seq").lt(up_to))
            .to_owned();
        let moved = tx.exec(&advance).await?;
        if moved == 0 {
            tx.rollback().await?;
            let r = self.recipient(recipient_id).await?;
            return match r {
                Some(r) if up_to > r.last_seq => Err(StoreError::Invalid(format!(
                    "acknowledged up to {up_to}, but the last notice given is {}",
                    r.last_seq
                ))),
                Some(_) => Ok(0),
                None => Err(StoreError::NotFound),
            };
        }
        let delivered = Query::update()
            .table("notices")
            .value("state", NoticeState::Delivered.as_str())
            .value("delivered_at", ts_text(at))
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("seq").between(1, up_to))
            .and_where(Expr::col("state").ne(NoticeState::Delivered.as_str()))
            .to_owned();
        let n = tx.exec(&delivered).await?;
        tx.commit().await?;
        Ok(n)
    }
}
