//! Recipients of notices and how each receives them. Rows are created by the first notice for
//! their routing slot (so no notice ever waits for a registration); operators then set the
//! organisation allowed to read the feed, the webhook endpoint and its secret.

use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use super::{Delivery, RecipientRow};
use crate::db::{Row, id, opt_id};
use crate::{Store, StoreError};

const COLUMNS: [&str; 13] = [
    "id",
    "slot",
    "kind",
    "org_id",
    "name",
    "delivery",
    "webhook_url",
    "webhook_secret",
    "max_attempts",
    "next_seq",
    "acked_seq",
    "version",
    "created_at",
];

fn recipient_row(r: &Row) -> Result<RecipientRow, StoreError> {
    let delivery = r.str("delivery")?;
    let slot = r.str("slot")?;
    Ok(RecipientRow {
        id: r.uuid("id")?,
        kind: r.str("kind")?,
        org_id: r.opt_uuid("org_id")?,
        name: r.opt_str("name")?.unwrap_or_else(|| slot.clone()),
        slot,
        delivery: Delivery::parse(&delivery)
            .ok_or_else(|| StoreError::Corrupt(format!("delivery {delivery}")))?,
        webhook_url: r.opt_str("webhook_url")?,
        webhook_secret: r.opt_str("webhook_secret")?,
        max_attempts: r.i64("max_attempts")?,
        last_seq: r.i64("next_seq")?,
        acked_seq: r.i64("acked_seq")?,
        version: r.i64("version")?,
        created_at: r.ts("created_at")?,
    })
}

/// An operator's settings for a recipient, replacing the previous ones as a whole (except the
/// secret, which is kept unless a new one is given: it is never shown back).
#[derive(Debug, Clone, PartialEq)]
pub struct RecipientChange {
    pub name: String,
    pub org_id: Option<Uuid>,
    pub delivery: Delivery,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub max_attempts: i64,
}

impl Store {
    /// One recipient.
    pub async fn recipient(&self, recipient_id: Uuid) -> Result<Option<RecipientRow>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS)
            .from("recipients")
            .and_where(Expr::col("id").eq(id(recipient_id)))
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .as_ref()
            .map(recipient_row)
            .transpose()
    }

    /// Every recipient, by kind then name.
    pub async fn recipients(&self) -> Result<Vec<RecipientRow>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS)
            .from("recipients")
            .order_by("kind", Order::Asc)
            .order_by("name", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(recipient_row)
            .collect()
    }

    /// The webhook recipients (the dispatcher's work).
    pub async fn webhook_recipients(&self) -> Result<Vec<RecipientRow>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS)
            .from("recipients")
            .and_where(Expr::col("delivery").eq(Delivery::Webhook.as_str()))
            .order_by("id", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(recipient_row)
            .collect()
    }

    /// Change a recipient's settings if it is still at `expected_version` (else
    /// [`StoreError::Conflict`]: another operator changed it first). Returns the new version.
    pub async fn update_recipient(
        &self,
        recipient_id: Uuid,
        expected_version: i64,
        change: &RecipientChange,
    ) -> Result<i64, StoreError> {
        let mut q = Query::update();
        q.table("recipients")
            .value("name", change.name.clone())
            .value("org_id", opt_id(change.org_id))
            .value("delivery", change.delivery.as_str())
            .value("webhook_url", change.webhook_url.clone())
            .value("max_attempts", change.max_attempts)
            .value("version", Expr::col("version").add(1))
            .and_where(Expr::col("id").eq(id(recipient_id)))
            .and_where(Expr::col("version").eq(expected_version));
        if let Some(secret) = &change.webhook_secret {
            q.value("webhook_secret", secret.clone());
        }
        if self.backend.exec(&q).await? == 1 {
            self.notices_written.notify_waiters();
            return Ok(expected_version + 1);
        }
        match self.recipient(recipient_id).await? {
            Some(r) => Err(StoreError::Conflict {
                expected: expected_version,
                actual: r.version,
            }),
            None => Err(StoreError::NotFound),
        }
    }
}
