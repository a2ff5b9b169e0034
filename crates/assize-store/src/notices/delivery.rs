//! The webhook dispatcher's side of the store. A process delivers a recipient's notices only
//! while it holds the recipient's lease (a conditional update, the same on both databases; a
//! crashed holder's lease simply runs out), and always the recipient's pending notice with the
//! lowest sequence number first, so each recipient sees its notices in order. An attempt is
//! recorded only if the notice is still where the sender found it, so a sender whose lease ran
//! out mid-request cannot overwrite a newer outcome.

use jiff::Timestamp;
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use super::feed::{NOTICE_COLUMNS, notice_body, notice_row};
use super::{Delivery, NoticeRow, NoticeState};
use crate::db::{id, ts_text};
use crate::{Store, StoreError};

/// A lease on one recipient's deliveries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub recipient_id: Uuid,
    /// Who holds it (a process instance id).
    pub owner: String,
}

/// What one webhook attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    /// The endpoint answered 2xx.
    Delivered { status: u16 },
    /// The endpoint answered with an error status; `retry_at` is when to try again, `None` if
    /// the notice is now dead (too many attempts, or a status that will not change).
    Rejected {
        status: u16,
        retry_at: Option<Timestamp>,
    },
    /// No answer (refused, reset, timed out); `retry_at` as above.
    Failed {
        error: String,
        retry_at: Option<Timestamp>,
    },
}

impl Store {
    /// Webhook recipients with at least one pending notice.
    pub async fn recipients_with_pending(&self) -> Result<Vec<Uuid>, StoreError> {
        let pending = Query::select()
            .column("recipient_id")
            .from("notices")
            .and_where(Expr::col("state").eq(NoticeState::Pending.as_str()))
            .to_owned();
        let q = Query::select()
            .column("id")
            .from("recipients")
            .and_where(Expr::col("delivery").eq(Delivery::Webhook.as_str()))
            .and_where(Expr::col("id").in_subquery(pending))
            .order_by("id", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(|r| r.uuid("id"))
            .collect()
    }

    /// Take (or renew) the lease on a recipient's deliveries until `until`; false if another
    /// process holds it.
    pub async fn lease_recipient(
        &self,
        lease: &Lease,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<bool, StoreError> {
        let q = Query::update()
            .table("recipients")
            .value("lease_owner", lease.owner.clone())
            .value("lease_until", ts_text(until))
            .and_where(Expr::col("id").eq(id(lease.recipient_id)))
            .and_where(
                Expr::col("lease_until")
                    .is_null()
                    .or(Expr::col("lease_until").lt(ts_text(now)))
                    .or(Expr::col("lease_owner").eq(lease.owner.clone())),
            )
            .to_owned();
        Ok(self.backend.exec(&q).await? == 1)
    }

    /// Give a lease back (so another process need not wait for it to run out).
    pub async fn release_recipient(&self, lease: &Lease) -> Result<(), StoreError> {
        let q = Query::update()
            .table("recipients")
            .value("lease_owner", Option::<String>::None)
            .value("lease_until", Option::<String>::None)
            .and_where(Expr::col("id").eq(id(lease.recipient_id)))
            .and_where(Expr::col("lease_owner").eq(lease.owner.clone()))
            .to_owned();
        self.backend.exec(&q).await?;
        Ok(())
    }

    /// The recipient's next notice to deliver: its numbered pending notice with the lowest
    /// sequence number (due or not: a later notice never overtakes it).
    pub async fn next_pending_notice(
        &self,
        recipient_id: Uuid,
    ) -> Result<Option<NoticeRow>, StoreError> {
        let q = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("state").eq(NoticeState::Pending.as_str()))
            .and_where(Expr::col("seq").gt(0))
            .order_by("seq", Order::Asc)
            .limit(1)
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .as_ref()
            .map(notice_row)
            .transpose()
    }

    /// Record webhook attempt number `attempt` (the notice's `attempts + 1` when it was read)
    /// and its outcome. False, writing nothing, if the notice has moved on since (another
    /// process recorded that attempt, or it was delivered or replayed meanwhile).
    pub async fn record_attempt(
        &self,
        notice_id: Uuid,
        attempt: i64,
        at: Timestamp,
        outcome: &AttemptOutcome,
    ) -> Result<bool, StoreError> {
        let (name, status, error, state, retry_at) = match outcome {
            AttemptOutcome::Delivered { status } => (
                "delivered",
                Some(*status),
                None,
                NoticeState::Delivered,
                None,
            ),
            AttemptOutcome::Rejected { status, retry_at } => (
                "rejected",
                Some(*status),
                Some(format!("HTTP {status}")),
                dead_or_pending(retry_at),
                *retry_at,
            ),
            AttemptOutcome::Failed { error, retry_at } => (
                "failed",
                None,
                Some(error.clone()),
                dead_or_pending(retry_at),
                *retry_at,
            ),
        };
        let mut tx = self.backend.begin_write().await?;
        let mut q = Query::update();
        q.table("notices")
            .value("attempts", attempt)
            .value("last_attempt_at", ts_text(at))
            .value("last_error", error.clone())
            .value("state", state.as_str())
            .value("next_attempt_at", retry_at.map(ts_text))
            .and_where(Expr::col("id").eq(id(notice_id)))
            .and_where(Expr::col("attempts").eq(attempt - 1))
            .and_where(Expr::col("state").eq(NoticeState::Pending.as_str()));
        if state == NoticeState::Delivered {
            q.value("delivered_at", ts_text(at));
        }
        if tx.exec(&q).await? != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let log = Query::insert()
            .into_table("notice_attempts")
            .columns(["notice_id", "attempt", "at", "outcome", "status", "error"])
            .values([
                id(notice_id).into(),
                attempt.into(),
                ts_text(at).into(),
                name.into(),
                status.map(i64::from).into(),
                error.into(),
            ])?
            .to_owned();
        tx.exec(&log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Offer a notice again: a dead letter (or a delivered notice the recipient lost) becomes
    /// pending with a fresh count of attempts, and for the feed the acknowledged cursor moves
    /// back before it. False if there is no such notice.
    pub async fn replay_notice(&self, notice_id: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let q = Query::update()
            .table("notices")
            .value("state", NoticeState::Pending.as_str())
            .value("attempts_base", Expr::col("attempts"))
            .value("next_attempt_at", ts_text(now))
            .value("delivered_at", Option::<String>::None)
            .and_where(Expr::col("id").eq(id(notice_id)))
            .returning(Query::returning().columns(["recipient_id", "seq"]))
            .to_owned();
        let Some(row) = tx.opt(&q).await? else {
            tx.rollback().await?;
            return Ok(false);
        };
        let seq = row.i64("seq")?;
        // An unnumbered notice (a placeholder, negative) is not behind any feed cursor yet.
        if seq > 0 {
            let cursor = Query::update()
                .table("recipients")
                .value("acked_seq", seq - 1)
                .and_where(Expr::col("id").eq(row.str("recipient_id")?))
                .and_where(Expr::col("acked_seq").gte(seq))
                .to_owned();
            tx.exec(&cursor).await?;
        }
        tx.commit().await?;
        self.notices_written.notify_waiters();
        Ok(true)
    }

    /// Replay every dead letter of a recipient; how many.
    pub async fn replay_dead(&self, recipient_id: Uuid, now: Timestamp) -> Result<u64, StoreError> {
        let q = Query::select()
            .column("id")
            .from("notices")
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("state").eq(NoticeState::Dead.as_str()))
            .order_by("seq", Order::Asc)
            .to_owned();
        let mut n = 0;
        for r in self.backend.all(&q).await? {
            if self.replay_notice(r.uuid("id")?, now).await? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// One notice.
    pub async fn notice(&self, notice_id: Uuid) -> Result<Option<NoticeRow>, StoreError> {
        let q = Query::select()
            .columns(NOTICE_COLUMNS)
            .expr_as(notice_body(), "body")
            .from("notices")
            .and_where(Expr::col("id").eq(id(notice_id)))
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .as_ref()
            .map(notice_row)
            .transpose()
    }
}

fn dead_or_pending(retry_at: &Option<Timestamp>) -> NoticeState {
    match retry_at {
        Some(_) => NoticeState::Pending,
        None => NoticeState::Dead,
    }
}
