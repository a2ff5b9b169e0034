//! What the daily reconciliation reads: the results recorded in a period (from the event log,
//! the record of truth) and, per result, the notices about it.

use jiff::Timestamp;
use sea_query::{Expr, ExprTrait, Order, Query};

use crate::db::ts_text;
use crate::events::{EVENT_COLUMNS, stored_event};
use crate::{Store, StoreError, StoredEvent};

impl Store {
    /// Every event of type `event_type` that occurred in `[from, to)`, in log order.
    pub async fn events_of_type_between(
        &self,
        event_type: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let q = Query::select()
            .columns(EVENT_COLUMNS)
            .from("events")
            .and_where(Expr::col("event_type").eq(event_type))
            .and_where(Expr::col("occurred_at").gte(ts_text(from)))
            .and_where(Expr::col("occurred_at").lt(ts_text(to)))
            .order_by("global_seq", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(stored_event)
            .collect()
    }
}
