//! The court estate and calendar: courtrooms, sittings and sitting patterns, and what each
//! sitting already holds (from the hearings read model).
//!
//! Unlike cases, these rows change in place (a bench replaced, a capacity raised): each row keeps
//! who created it and who last changed it and when, and every creation and change is also an
//! entry in the append-only access log, written in the same transaction.

mod changes;
mod patterns;
mod rows;

use assize_domain::listing::{Courtroom, Placement, Sitting, SittingPattern};
use jiff::Timestamp;
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::db::{id, ts_text};
use crate::{SearchLog, Store, StoreError};
use rows::{
    ROOM_COLUMNS, SITTING_COLUMNS, capacity_parts, duplicate, entry, json_text, room_from,
    sitting_rows,
};

/// Who created a row and who last changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub created_by: Uuid,
    pub created_at: Timestamp,
    pub updated_by: Option<Uuid>,
    pub updated_at: Option<Timestamp>,
}

/// A sitting with its room, what it holds, and who set it up.
#[derive(Debug, Clone, PartialEq)]
pub struct SittingRow {
    pub placement: Placement,
    pub stamp: Stamp,
    /// Counts the sitting's changes; a change names the version it was made from.
    pub version: i64,
}

impl Store {
    /// Adds a courtroom; `Duplicate` if the court already has one of that name.
    pub async fn create_courtroom(&self, c: &Courtroom, by: &SearchLog) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let q = Query::insert()
            .into_table("courtrooms")
            .columns(ROOM_COLUMNS.into_iter().chain(["created_by", "created_at"]))
            .values([
                id(c.id).into(),
                c.court_ou.to_string().into(),
                c.name.clone().into(),
                i64::from(c.youth_suitable).into(),
                i64::from(c.secure_dock).into(),
                id(by.user_id).into(),
                ts_text(by.at).into(),
            ])?
            .to_owned();
        tx.exec(&q)
            .await
            .map_err(|e| duplicate(e, &format!("courtroom {}", c.name)))?;
        let detail =
            serde_json::json!({"court_ou": c.court_ou, "courtroom_id": c.id, "name": c.name});
        crate::access_log::insert_entries(&mut tx, &[entry(by, "courtroom_created", detail)])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The courtrooms of a court, by name.
    pub async fn courtrooms(&self, court_ou: &str) -> Result<Vec<Courtroom>, StoreError> {
        let q = Query::select()
            .columns(ROOM_COLUMNS)
            .from("courtrooms")
            .and_where(Expr::col("court_ou").eq(court_ou))
            .order_by("name", Order::Asc)
            .to_owned();
        let rows = self.backend.all(&q).await?;
        rows.iter().map(|r| room_from(r, "")).collect()
    }

    /// Adds sittings (and the pattern they come from, if any) in one transaction: all or none.
    pub async fn create_sittings(
        &self,
        sittings: &[Sitting],
        pattern: Option<&SittingPattern>,
        by: &SearchLog,
    ) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        if let Some(p) = pattern {
            let (unit, cap) = capacity_parts(p.capacity);
            let q = Query::insert()
                .into_table("sitting_patterns")
                .columns([
                    "id",
                    "court_ou",
                    "courtroom_id",
                    "weekdays",
                    "start_time",
                    "session",
                    "kind",
                    "judiciary",
                    "capacity_unit",
                    "capacity",
                    "valid_from",
                    "valid_until",
                    "created_by",
                    "created_at",
                ])
                .values([
                    id(p.id).into(),
                    p.court_ou.to_string().into(),
                    id(p.courtroom_id).into(),
                    json_text(&p.weekdays)?.into(),
                    p.start_time.clone().into(),
                    p.session.as_str().into(),
                    p.kind.as_str().into(),
                    json_text(&p.judiciary)?.into(),
                    unit.into(),
                    cap.into(),
                    p.from.to_string().into(),
                    p.until.to_string().into(),
                    id(by.user_id).into(),
                    ts_text(by.at).into(),
                ])?
                .to_owned();
            tx.exec(&q).await?;
        }
        for chunk in sittings.chunks(200) {
            let mut q = Query::insert();
            q.into_table("sittings")
                .columns(SITTING_COLUMNS[..13].iter().copied());
            for s in chunk {
                let (unit, cap) = capacity_parts(s.capacity);
                q.values([
                    id(s.id).into(),
                    s.court_ou.to_string().into(),
                    id(s.courtroom_id).into(),
                    s.date.to_string().into(),
                    s.start_time.clone().into(),
                    s.session.as_str().into(),
                    s.kind.as_str().into(),
                    json_text(&s.judiciary)?.into(),
                    unit.into(),
                    cap.into(),
                    s.pattern_id.map(id).into(),
                    id(by.user_id).into(),
                    ts_text(by.at).into(),
                ])?;
            }
            tx.exec(&q)
                .await
                .map_err(|e| duplicate(e, "a sitting of that courtroom in that session"))?;
        }
        let detail = serde_json::json!({
            "court_ou": sittings.first().map(|s| s.court_ou.to_string()),
            "sittings": sittings.len(),
            "pattern_id": pattern.map(|p| p.id),
            "from": sittings.first().map(|s| s.date),
            "to": sittings.last().map(|s| s.date),
        });
        crate::access_log::insert_entries(&mut tx, &[entry(by, "sittings_created", detail)])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A court's sittings from `from` to `to` (`YYYY-MM-DD`, inclusive), with rooms and loads.
    pub async fn sittings(
        &self,
        court_ou: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<SittingRow>, StoreError> {
        let mut tx = self.backend.begin_read().await?;
        let rows = sitting_rows(&mut tx, |q| {
            q.and_where(Expr::col(("sittings", "court_ou")).eq(court_ou))
                .and_where(Expr::col(("sittings", "sitting_date")).gte(from))
                .and_where(Expr::col(("sittings", "sitting_date")).lte(to));
        })
        .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// One sitting, with its room and load.
    pub async fn sitting(&self, sitting_id: Uuid) -> Result<Option<SittingRow>, StoreError> {
        let mut tx = self.backend.begin_read().await?;
        let rows = sitting_rows(&mut tx, |q| {
            q.and_where(Expr::col(("sittings", "id")).eq(id(sitting_id)));
        })
        .await?;
        tx.commit().await?;
        Ok(rows.into_iter().next())
    }

    /// Changes what a sitting is for, its bench or judge and its capacity (its room, date and
    /// time stay: hearings listed in it keep them). `NotFound` if there is no such sitting.
    pub async fn update_sitting(&self, s: &Sitting, by: &SearchLog) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let (unit, cap) = capacity_parts(s.capacity);
        let q = Query::update()
            .table("sittings")
            .value("kind", s.kind.as_str())
            .value("judiciary", json_text(&s.judiciary)?)
            .value("capacity_unit", unit)
            .value("capacity", cap)
            .value("updated_by", id(by.user_id))
            .value("updated_at", ts_text(by.at))
            .value("version", Expr::col("version").add(1))
            .and_where(Expr::col("id").eq(id(s.id)))
            .to_owned();
        if tx.exec(&q).await? == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({"court_ou": s.court_ou, "sitting_id": s.id, "kind": s.kind,
            "judiciary": s.judiciary, "capacity": s.capacity});
        crate::access_log::insert_entries(&mut tx, &[entry(by, "sitting_updated", detail)]).await?;
        tx.commit().await?;
        Ok(())
    }
}
