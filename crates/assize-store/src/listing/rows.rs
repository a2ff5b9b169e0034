//! Reading and writing the rows of the estate: column lists, decoding, and what sittings hold.

use std::collections::HashMap;

use assize_domain::ids::OuCode;
use assize_domain::listing::{
    Capacity, Courtroom, Placement, Session, Sitting, SittingKind, SittingLoad,
};
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use super::{SittingRow, Stamp};
use crate::db::{Row, Tx, id};
use crate::error::is_any_unique_violation;
use crate::{AccessLogEntry, SearchLog, StoreError};

/// The first 13 are written when a sitting is created; `version` starts at 1 (the default).
pub(super) const SITTING_COLUMNS: [&str; 16] = [
    "id",
    "court_ou",
    "courtroom_id",
    "sitting_date",
    "start_time",
    "session",
    "kind",
    "judiciary",
    "capacity_unit",
    "capacity",
    "pattern_id",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "version",
];
pub(super) const ROOM_COLUMNS: [&str; 5] =
    ["id", "court_ou", "name", "youth_suitable", "secure_dock"];

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

pub(super) fn capacity_parts(c: Capacity) -> (&'static str, i64) {
    match c {
        Capacity::Minutes(m) => ("minutes", i64::from(m)),
        Capacity::Cases(n) => ("cases", i64::from(n)),
    }
}

pub(super) fn json_text<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(super) fn entry(by: &SearchLog, action: &str, detail: serde_json::Value) -> AccessLogEntry {
    AccessLogEntry {
        at: by.at,
        user_id: by.user_id,
        org_id: by.org_id,
        action: action.into(),
        case_id: None,
        defendant_id: None,
        detail: Some(detail),
        correlation_id: by.correlation_id,
    }
}

pub(super) fn duplicate(e: sqlx::Error, what: &str) -> StoreError {
    if is_any_unique_violation(&e) {
        StoreError::Duplicate(what.to_string())
    } else {
        e.into()
    }
}

pub(super) fn room_from(r: &Row, prefix: &str) -> Result<Courtroom, StoreError> {
    let col = |c: &str| format!("{prefix}{c}");
    Ok(Courtroom {
        id: r.uuid(&col("id"))?,
        court_ou: OuCode::parse(&r.str(&col("court_ou"))?).map_err(|e| corrupt("court_ou", e))?,
        name: r.str(&col("name"))?,
        youth_suitable: r.bool(&col("youth_suitable"))?,
        secure_dock: r.bool(&col("secure_dock"))?,
    })
}

fn sitting_from(r: &Row) -> Result<(Sitting, Stamp, i64), StoreError> {
    let cap = u32::try_from(r.i64("capacity")?).map_err(|e| corrupt("capacity", e))?;
    let sitting = Sitting {
        id: r.uuid("id")?,
        court_ou: OuCode::parse(&r.str("court_ou")?).map_err(|e| corrupt("court_ou", e))?,
        courtroom_id: r.uuid("courtroom_id")?,
        date: r
            .str("sitting_date")?
            .parse()
            .map_err(|e| corrupt("sitting_date", e))?,
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
        pattern_id: r.opt_uuid("pattern_id")?,
    };
    let stamp = Stamp {
        created_by: r.uuid("created_by")?,
        created_at: r.ts("created_at")?,
        updated_by: r.opt_uuid("updated_by")?,
        updated_at: r.opt_ts("updated_at")?,
    };
    Ok((sitting, stamp, r.i64("version")?))
}

/// What the given sittings hold: hearings still listed in them, counted and their estimates summed.
pub(crate) async fn loads(
    tx: &mut Tx,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, SittingLoad>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let q = Query::select()
        .column("sitting_id")
        .expr_as(Expr::cust("COUNT(*)"), "cases")
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(estimate_minutes), 0) AS BIGINT)"),
            "minutes",
        )
        .from("case_hearings")
        .and_where(Expr::col("sitting_id").is_in(ids.iter().map(|s| id(*s))))
        .and_where(Expr::col("status").eq("listed"))
        .group_by_col("sitting_id")
        .to_owned();
    let mut out = HashMap::new();
    for r in tx.all(&q).await? {
        let n = |c: &str| -> Result<u32, StoreError> {
            u32::try_from(r.i64(c)?).map_err(|e| corrupt(c, e))
        };
        out.insert(
            r.uuid("sitting_id")?,
            SittingLoad {
                cases: n("cases")?,
                minutes: n("minutes")?,
            },
        );
    }
    Ok(out)
}

/// Sittings selected by `filter`, with their rooms and loads, by date, start time and room name.
/// Cancelled sittings are never selected: nothing can be listed in them any more.
pub(super) async fn sitting_rows(
    tx: &mut Tx,
    filter: impl FnOnce(&mut SelectStatement),
) -> Result<Vec<SittingRow>, StoreError> {
    let mut q = Query::select();
    q.columns(SITTING_COLUMNS.map(|c| ("sittings", c)));
    for c in ROOM_COLUMNS {
        q.expr_as(Expr::col(("courtrooms", c)), format!("room_{c}"));
    }
    q.from("sittings")
        .inner_join(
            "courtrooms",
            Expr::col(("courtrooms", "id")).equals(("sittings", "courtroom_id")),
        )
        .and_where(Expr::col(("sittings", "cancelled_at")).is_null())
        .order_by(("sittings", "sitting_date"), Order::Asc)
        .order_by(("sittings", "start_time"), Order::Asc)
        .order_by(("courtrooms", "name"), Order::Asc);
    filter(&mut q);
    let rows = tx.all(&q).await?;
    let mut parsed = Vec::with_capacity(rows.len());
    for r in &rows {
        let (sitting, stamp, version) = sitting_from(r)?;
        parsed.push((sitting, room_from(r, "room_")?, stamp, version));
    }
    let ids: Vec<Uuid> = parsed.iter().map(|(s, ..)| s.id).collect();
    let loads = loads(tx, &ids).await?;
    Ok(parsed
        .into_iter()
        .map(|(sitting, courtroom, stamp, version)| SittingRow {
            placement: Placement {
                load: loads.get(&sitting.id).copied().unwrap_or_default(),
                sitting,
                courtroom,
            },
            stamp,
            version,
        })
        .collect())
}
