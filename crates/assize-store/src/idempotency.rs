//! Idempotency keys: the stored outcome of a command, so a retried request gets the same
//! answer instead of acting twice. Written in the command's own transaction by `append`.

use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::db::{Tx, id, opt_id, ts_text};
use crate::error::is_any_unique_violation;
use crate::{IdempotencyRecord, Store, StoreError};

pub(crate) async fn insert_record(tx: &mut Tx, rec: &IdempotencyRecord) -> Result<(), StoreError> {
    let q = Query::insert()
        .into_table("idempotency_keys")
        .columns([
            "principal_id",
            "idem_key",
            "request_hash",
            "response_status",
            "response_body",
            "case_id",
            "created_at",
        ])
        .values([
            id(rec.principal_id).into(),
            rec.key.clone().into(),
            rec.request_hash.clone().into(),
            i64::from(rec.response_status).into(),
            rec.response_body.clone().into(),
            opt_id(rec.case_id).into(),
            ts_text(jiff::Timestamp::now()).into(),
        ])?
        .to_owned();
    tx.exec(&q).await.map_err(|e| {
        if is_any_unique_violation(&e) {
            StoreError::Duplicate(format!("idempotency key {}", rec.key))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

impl Store {
    /// The stored outcome for `(principal, key)`, if any.
    pub async fn idempotency_record(
        &self,
        principal_id: Uuid,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        let q = Query::select()
            .columns([
                "principal_id",
                "idem_key",
                "request_hash",
                "response_status",
                "response_body",
                "case_id",
            ])
            .from("idempotency_keys")
            .and_where(Expr::col("principal_id").eq(id(principal_id)))
            .and_where(Expr::col("idem_key").eq(key))
            .to_owned();
        let Some(r) = self.backend.opt(&q).await? else {
            return Ok(None);
        };
        let status = r.i64("response_status")?;
        Ok(Some(IdempotencyRecord {
            principal_id: r.uuid("principal_id")?,
            key: r.str("idem_key")?,
            request_hash: r.str("request_hash")?,
            response_status: u16::try_from(status)
                .map_err(|_| StoreError::Corrupt(format!("response_status {status}")))?,
            response_body: r.str("response_body")?,
            case_id: r.opt_uuid("case_id")?,
        }))
    }

    /// Stores an outcome for a command that appended nothing (e.g. a rejected request whose
    /// answer must still be replayed). A key already used gives [`StoreError::Duplicate`].
    pub async fn save_idempotency(&self, rec: &IdempotencyRecord) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        insert_record(&mut tx, rec).await?;
        tx.commit().await?;
        Ok(())
    }
}
