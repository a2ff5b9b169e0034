//! An administrator's changes to which agencies receive which result codes. The defaults are the
//! domain's (`assize_domain::notices::default_routes`); only the differences are stored.

use jiff::Timestamp;
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::db::{id, ts_text};
use crate::{Store, StoreError};

/// One stored override: send (or do not send) results with this code to this kind of recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteOverride {
    pub result_code: String,
    pub recipient_kind: String,
    pub send: bool,
    pub set_by: Uuid,
    pub set_at: Timestamp,
}

impl Store {
    /// Every override, by code and kind.
    pub async fn route_overrides(&self) -> Result<Vec<RouteOverride>, StoreError> {
        let q = Query::select()
            .columns(["result_code", "recipient_kind", "send", "set_by", "set_at"])
            .from("notice_routes")
            .order_by("result_code", Order::Asc)
            .order_by("recipient_kind", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(|r| {
                Ok(RouteOverride {
                    result_code: r.str("result_code")?,
                    recipient_kind: r.str("recipient_kind")?,
                    send: r.bool("send")?,
                    set_by: r.uuid("set_by")?,
                    set_at: r.ts("set_at")?,
                })
            })
            .collect()
    }

    /// Set an override (replacing any earlier one for the code and kind).
    pub async fn set_route_override(&self, o: &RouteOverride) -> Result<(), StoreError> {
        let q = Query::insert()
            .into_table("notice_routes")
            .columns(["result_code", "recipient_kind", "send", "set_by", "set_at"])
            .values([
                o.result_code.clone().into(),
                o.recipient_kind.clone().into(),
                i64::from(o.send).into(),
                id(o.set_by).into(),
                ts_text(o.set_at).into(),
            ])?
            .on_conflict(
                OnConflict::columns(["result_code", "recipient_kind"])
                    .update_columns(["send", "set_by", "set_at"])
                    .to_owned(),
            )
            .to_owned();
        self.backend.exec(&q).await?;
        Ok(())
    }

    /// Remove an override: the default applies again. False if there was none.
    pub async fn clear_route_override(
        &self,
        result_code: &str,
        recipient_kind: &str,
    ) -> Result<bool, StoreError> {
        let q = Query::delete()
            .from_table("notice_routes")
            .and_where(Expr::col("result_code").eq(result_code))
            .and_where(Expr::col("recipient_kind").eq(recipient_kind))
            .to_owned();
        Ok(self.backend.exec(&q).await? == 1)
    }
}
