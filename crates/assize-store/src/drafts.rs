//! Drafts of the hearing resulting form: what one person has typed for one hearing, kept on the
//! server so that nothing is lost to a validation error, a timeout or a closed tab.
//!
//! A draft is working data, not part of the record: it is outside the event log, replaced on each
//! save (an upsert, so the browser's continuous autosave never piles up rows) and deleted when the
//! results are shared. The fields are stored as the browser sent them (JSON text), never as domain
//! types, so even input the court record would refuse is kept for the person to correct.

use jiff::Timestamp;
use sea_query::{Expr, ExprTrait, OnConflict, Query};
use uuid::Uuid;

use crate::db::{id, ts_text};
use crate::{Store, StoreError};

/// One person's draft of the outcome of one hearing.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultDraft {
    pub user_id: Uuid,
    pub hearing_id: Uuid,
    pub case_id: Uuid,
    /// The form's raw fields, as the web interface chose to encode them.
    pub fields: serde_json::Value,
    /// The case version the form was based on: sharing from the draft at an older version meets a
    /// version conflict rather than overwriting what changed since.
    pub case_version: i64,
    pub updated_at: Timestamp,
}

const COLUMNS: [&str; 6] = [
    "user_id",
    "hearing_id",
    "case_id",
    "fields",
    "case_version",
    "updated_at",
];

impl Store {
    /// Saves a draft, replacing any earlier draft of the same person for the same hearing.
    pub async fn save_result_draft(&self, d: &ResultDraft) -> Result<(), StoreError> {
        let fields = serde_json::to_string(&d.fields)
            .map_err(|e| StoreError::Invalid(format!("draft fields: {e}")))?;
        let q = Query::insert()
            .into_table("result_drafts")
            .columns(COLUMNS)
            .values([
                id(d.user_id).into(),
                id(d.hearing_id).into(),
                id(d.case_id).into(),
                fields.into(),
                d.case_version.into(),
                ts_text(d.updated_at).into(),
            ])?
            .on_conflict(
                OnConflict::columns(["user_id", "hearing_id"])
                    .update_columns(["case_id", "fields", "case_version", "updated_at"])
                    .to_owned(),
            )
            .to_owned();
        self.backend.exec(&q).await?;
        Ok(())
    }

    /// The person's draft for the hearing, if they have one.
    pub async fn result_draft(
        &self,
        user_id: Uuid,
        hearing_id: Uuid,
    ) -> Result<Option<ResultDraft>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS)
            .from("result_drafts")
            .and_where(Expr::col("user_id").eq(id(user_id)))
            .and_where(Expr::col("hearing_id").eq(id(hearing_id)))
            .to_owned();
        let Some(r) = self.backend.opt(&q).await? else {
            return Ok(None);
        };
        Ok(Some(ResultDraft {
            user_id: r.uuid("user_id")?,
            hearing_id: r.uuid("hearing_id")?,
            case_id: r.uuid("case_id")?,
            fields: r.json("fields")?,
            case_version: r.i64("case_version")?,
            updated_at: r.ts("updated_at")?,
        }))
    }

    /// Deletes the person's draft for the hearing; true if there was one.
    pub async fn delete_result_draft(
        &self,
        user_id: Uuid,
        hearing_id: Uuid,
    ) -> Result<bool, StoreError> {
        let q = Query::delete()
            .from_table("result_drafts")
            .and_where(Expr::col("user_id").eq(id(user_id)))
            .and_where(Expr::col("hearing_id").eq(id(hearing_id)))
            .to_owned();
        Ok(self.backend.exec(&q).await? > 0)
    }
}
