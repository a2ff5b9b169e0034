//! Changing and cancelling a sitting, each guarded by the version its author read: the update
//! names that version in its `WHERE`, so of two changes made from the same version exactly one
//! is applied and the other is refused with the version it would have overwritten.
//!
//! A cancelled sitting is marked (`cancelled_at`, `cancelled_by`), not deleted: hearings vacated
//! or moved out of it still name it in `case_hearings.sitting_id` and in their `hearing_listed` /
//! `hearing_moved` events (which are never changed), and the access log refers to it. The
//! sittings queries leave cancelled sittings out, and the one-sitting-per-room-per-session index
//! counts only sittings not cancelled (migration 0005).

use assize_domain::listing::Sitting;
use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use super::rows::{capacity_parts, duplicate, entry, json_text};
use crate::db::{Tx, id, ts_text};
use crate::{SearchLog, Store, StoreError};

/// The hearings still listed in a sitting, for a guard in the same statement as a change.
fn listed_in(sitting_id: Uuid) -> sea_query::SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from("case_hearings")
        .and_where(Expr::col(("case_hearings", "sitting_id")).eq(id(sitting_id)))
        .and_where(Expr::col(("case_hearings", "status")).eq("listed"))
        .to_owned()
}

/// Why a guarded update changed nothing: no such (live) sitting, or another version.
async fn refused(tx: &mut Tx, sitting_id: Uuid, expected: i64) -> Result<StoreError, StoreError> {
    let q = Query::select()
        .column("version")
        .from("sittings")
        .and_where(Expr::col("id").eq(id(sitting_id)))
        .and_where(Expr::col("cancelled_at").is_null())
        .to_owned();
    Ok(match tx.opt(&q).await? {
        None => StoreError::NotFound,
        Some(r) => match r.i64("version")? {
            actual if actual != expected => StoreError::Conflict { expected, actual },
            // Same version, still there: the only other guard is "nothing listed in it".
            _ => StoreError::Invalid("hearings are listed in the sitting".into()),
        },
    })
}

impl Store {
    /// Replaces a sitting's kind, start time, session, bench and capacity (its room and date
    /// stay), if it is still at `expected` version (and, with `only_if_empty`, has nothing listed
    /// in it, checked in the same statement); returns the new version. `Conflict` if it changed
    /// since, `NotFound` if there is no such sitting (or it was cancelled), `Invalid` if
    /// hearings are listed in it against `only_if_empty`, `Duplicate` if the room already sits
    /// in that session.
    pub async fn change_sitting(
        &self,
        s: &Sitting,
        expected: i64,
        only_if_empty: bool,
        by: &SearchLog,
    ) -> Result<i64, StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let (unit, cap) = capacity_parts(s.capacity);
        let mut q = Query::update()
            .table("sittings")
            .value("kind", s.kind.as_str())
            .value("start_time", s.start_time.clone())
            .value("session", s.session.as_str())
            .value("judiciary", json_text(&s.judiciary)?)
            .value("capacity_unit", unit)
            .value("capacity", cap)
            .value("updated_by", id(by.user_id))
            .value("updated_at", ts_text(by.at))
            .value("version", Expr::col("version").add(1))
            .and_where(Expr::col("id").eq(id(s.id)))
            .and_where(Expr::col("version").eq(expected))
            .and_where(Expr::col("cancelled_at").is_null())
            .to_owned();
        if only_if_empty {
            q.and_where(Expr::exists(listed_in(s.id)).not());
        }
        let changed = tx
            .exec(&q)
            .await
            .map_err(|e| duplicate(e, "a sitting of that courtroom in that session"))?;
        if changed == 0 {
            let why = refused(&mut tx, s.id, expected).await?;
            tx.rollback().await?;
            return Err(why);
        }
        let detail = serde_json::json!({"court_ou": s.court_ou, "sitting_id": s.id,
            "version": expected + 1, "kind": s.kind, "start_time": s.start_time,
            "session": s.session, "judiciary": s.judiciary, "capacity": s.capacity});
        crate::access_log::insert_entries(&mut tx, &[entry(by, "sitting_updated", detail)]).await?;
        tx.commit().await?;
        Ok(expected + 1)
    }

    /// Cancels a sitting still at `expected` version with nothing listed in it (checked in the
    /// same statement, so a hearing listed meanwhile is never left in a cancelled sitting).
    /// `Conflict` / `NotFound` as for a change; `Invalid` if hearings are listed in it.
    pub async fn cancel_sitting(
        &self,
        sitting_id: Uuid,
        expected: i64,
        by: &SearchLog,
    ) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let q = Query::update()
            .table("sittings")
            .value("cancelled_by", id(by.user_id))
            .value("cancelled_at", ts_text(by.at))
            .value("updated_by", id(by.user_id))
            .value("updated_at", ts_text(by.at))
            .value("version", Expr::col("version").add(1))
            .and_where(Expr::col("id").eq(id(sitting_id)))
            .and_where(Expr::col("version").eq(expected))
            .and_where(Expr::col("cancelled_at").is_null())
            .and_where(Expr::exists(listed_in(sitting_id)).not())
            .to_owned();
        if tx.exec(&q).await? == 0 {
            let why = refused(&mut tx, sitting_id, expected).await?;
            tx.rollback().await?;
            return Err(why);
        }
        let q = Query::select()
            .columns(["court_ou", "sitting_date", "courtroom_id", "session"])
            .from("sittings")
            .and_where(Expr::col("id").eq(id(sitting_id)))
            .to_owned();
        let row = tx.opt(&q).await?.ok_or(StoreError::NotFound)?;
        let detail = serde_json::json!({"court_ou": row.str("court_ou")?, "sitting_id": sitting_id,
            "date": row.str("sitting_date")?, "courtroom_id": row.str("courtroom_id")?,
            "session": row.str("session")?});
        crate::access_log::insert_entries(&mut tx, &[entry(by, "sitting_cancelled", detail)])
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
