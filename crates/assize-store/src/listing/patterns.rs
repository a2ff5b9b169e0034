//! Reading a court's sitting patterns back (they are written with their sittings, in
//! `create_sittings`).

use assize_domain::ids::OuCode;
use assize_domain::listing::{Capacity, Session, SittingKind, SittingPattern};
use sea_query::{Expr, ExprTrait, Order, Query};

use super::Stamp;
use crate::db::Row;
use crate::{Store, StoreError};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("sitting pattern {what}: {e}"))
}

fn pattern_from(r: &Row) -> Result<(SittingPattern, Stamp), StoreError> {
    let cap = u32::try_from(r.i64("capacity")?).map_err(|e| corrupt("capacity", e))?;
    let date = |c: &str| -> Result<jiff::civil::Date, StoreError> {
        r.str(c)?.parse().map_err(|e| corrupt(c, e))
    };
    let pattern = SittingPattern {
        id: r.uuid("id")?,
        court_ou: OuCode::parse(&r.str("court_ou")?).map_err(|e| corrupt("court_ou", e))?,
        courtroom_id: r.uuid("courtroom_id")?,
        weekdays: serde_json::from_value(r.json("weekdays")?)
            .map_err(|e| corrupt("weekdays", e))?,
        start_time: r.str("start_time")?,
        session: Session::parse(&r.str("session")?).ok_or_else(|| corrupt("session", "unknown"))?,
        kind: SittingKind::parse(&r.str("kind")?).ok_or_else(|| corrupt("kind", "unknown"))?,
        judiciary: serde_json::from_value(r.json("judiciary")?)
            .map_err(|e| corrupt("judiciary", e))?,
        capacity: match r.str("capacity_unit")?.as_str() {
            "minutes" => Capacity::Minutes(cap),
            "cases" => Capacity::Cases(cap),
            other => return Err(corrupt("capacity_unit", other)),
        },
        from: date("valid_from")?,
        until: date("valid_until")?,
    };
    let stamp = Stamp {
        created_by: r.uuid("created_by")?,
        created_at: r.ts("created_at")?,
        updated_by: None,
        updated_at: None,
    };
    Ok((pattern, stamp))
}

impl Store {
    /// A court's sitting patterns, latest first (by first day, then start time), with who set
    /// each up.
    pub async fn sitting_patterns(
        &self,
        court_ou: &str,
    ) -> Result<Vec<(SittingPattern, Stamp)>, StoreError> {
        let q = Query::select()
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
            .from("sitting_patterns")
            .and_where(Expr::col("court_ou").eq(court_ou))
            .order_by("valid_from", Order::Desc)
            .order_by("start_time", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        let rows = self.backend.all(&q).await?;
        rows.iter().map(pattern_from).collect()
    }
}
