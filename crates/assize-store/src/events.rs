//! The event log: appending a command's events (with everything else the command writes) in one
//! transaction, reading a case's events back, and the hash chain.

use sea_query::{Expr, ExprTrait, Order, Query, SimpleExpr};
use uuid::Uuid;

use crate::db::{Row, Tx, id, ts_text};
use crate::error::{is_any_unique_violation, is_unique_violation};
use crate::hash::{EventText, GENESIS_HASH, hash_text};
use crate::notices::outbox::Numbering;
use crate::{AppendOutcome, AppendRequest, NewEvent, SittingUse, Store, StoreError, StoredEvent};

/// The columns selected for a [`StoredEvent`].
pub(crate) const EVENT_COLUMNS: [&str; 12] = [
    "global_seq",
    "case_id",
    "version",
    "event_type",
    "payload",
    "actor_user_id",
    "actor_org_id",
    "occurred_at",
    "correlation_id",
    "reason",
    "prev_hash",
    "hash",
];

/// The columns an event is inserted with: all but `global_seq`, which the database assigns.
pub(crate) const EVENT_INSERT_COLUMNS: &[&str] = EVENT_COLUMNS.split_at(1).1;

/// An event's place in its case's hash chain, with the text forms that are hashed and stored.
pub(crate) struct Chained {
    pub version: i64,
    pub payload: String,
    pub occurred_at: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Chains `events` onto a stream at version `from` whose head hash is `prev` (left at the new
/// head).
pub(crate) fn chain(
    case_id: &str,
    from: i64,
    prev: &mut String,
    events: &[NewEvent],
) -> Result<Vec<Chained>, StoreError> {
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let version = from + 1 + i as i64;
        let payload = serde_json::to_string(&e.payload)
            .map_err(|err| StoreError::Invalid(format!("payload: {err}")))?;
        let occurred_at = ts_text(e.occurred_at);
        let hash = hash_text(&EventText {
            prev_hash: prev,
            case_id,
            version,
            event_type: &e.event_type,
            payload: &payload,
            actor_user_id: &id(e.actor_user_id),
            actor_org_id: &id(e.actor_org_id),
            occurred_at: &occurred_at,
            correlation_id: &id(e.correlation_id),
            reason: e.reason.as_deref(),
        });
        out.push(Chained {
            version,
            payload,
            occurred_at,
            prev_hash: std::mem::replace(prev, hash.clone()),
            hash,
        });
    }
    Ok(out)
}

/// The values of one event row, in [`EVENT_INSERT_COLUMNS`] order.
pub(crate) fn event_row(case_id: &str, e: &NewEvent, c: &Chained) -> Vec<SimpleExpr> {
    vec![
        case_id.into(),
        c.version.into(),
        e.event_type.clone().into(),
        c.payload.clone().into(),
        id(e.actor_user_id).into(),
        id(e.actor_org_id).into(),
        c.occurred_at.clone().into(),
        id(e.correlation_id).into(),
        e.reason.clone().into(),
        c.prev_hash.clone().into(),
        c.hash.clone().into(),
    ]
}

pub(crate) fn stored_event(r: &Row) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent {
        global_seq: r.i64("global_seq")?,
        case_id: r.uuid("case_id")?,
        version: r.i64("version")?,
        event_type: r.str("event_type")?,
        payload: r.json("payload")?,
        actor_user_id: r.uuid("actor_user_id")?,
        actor_org_id: r.uuid("actor_org_id")?,
        occurred_at: r.ts("occurred_at")?,
        correlation_id: r.uuid("correlation_id")?,
        reason: r.opt_str("reason")?,
        hash: r.str("hash")?,
    })
}

/// Reads a stream head: (version, head hash); (0, genesis) for a case not yet created.
async fn stream_head(tx: &mut Tx, case_id: Uuid) -> Result<(i64, String), StoreError> {
    let q = Query::select()
        .columns(["version", "head_hash"])
        .from("case_streams")
        .and_where(Expr::col("case_id").eq(id(case_id)))
        .to_owned();
    match tx.opt(&q).await? {
        Some(r) => Ok((r.i64("version")?, r.str("head_hash")?)),
        None => Ok((0, GENESIS_HASH.to_owned())),
    }
}

/// A unique violation on the stream or the event versions means another writer won the race.
fn race_or(e: sqlx::Error, expected: i64) -> StoreError {
    if is_any_unique_violation(&e) {
        StoreError::Conflict {
            expected,
            actual: -1,
        }
    } else {
        e.into()
    }
}

impl Store {
    /// Appends a command's events and writes everything else it changes, in ONE transaction:
    /// the optimistic version check, the events with their hash chain, the stream head, the
    /// case's read models, the access-log entries and the idempotency record. Any failure rolls
    /// back all of it. A stale `expected_version` gives [`StoreError::Conflict`]; of concurrent
    /// appends at the same version exactly one wins. A URN held by another case gives
    /// [`StoreError::DuplicateUrn`].
    pub async fn append(&self, req: AppendRequest) -> Result<AppendOutcome, StoreError> {
        if req.events.is_empty() {
            return Err(StoreError::Invalid(
                "an append needs at least one event".into(),
            ));
        }
        if req.projection.case_id != req.case_id || req.expected_version < 0 {
            return Err(StoreError::Invalid(
                "projection/case or version mismatch".into(),
            ));
        }
        let mut tx = self.backend.begin_write().await?;
        let result = append_in(&mut tx, &req).await;
        let result = match result {
            Ok(out) => tx
                .commit()
                .await
                .map(|()| out)
                .map_err(|e| race_or(e, req.expected_version)),
            Err(e) => {
                if let Err(rb) = tx.rollback().await {
                    tracing::warn!(error = %rb, "rollback after failed append");
                }
                Err(e)
            }
        };
        if let Ok(out) = &result {
            self.live.committed(&self.backend, out);
            if !req.notices.is_empty() {
                self.notices_written.notify_waiters();
            }
        }
        match result {
            Err(StoreError::Conflict {
                expected,
                actual: -1,
            }) => {
                let actual = self.stream_version(req.case_id).await?;
                Err(StoreError::Conflict { expected, actual })
            }
            other => other,
        }
    }

    /// The current version of a case stream (0 if the case does not exist).
    pub async fn stream_version(&self, case_id: Uuid) -> Result<i64, StoreError> {
        let q = Query::select()
            .column("version")
            .from("case_streams")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .to_owned();
        Ok(match self.backend.opt(&q).await? {
            Some(r) => r.i64("version")?,
            None => 0,
        })
    }

    /// Every event of one case, in version order.
    pub async fn events_for_case(&self, case_id: Uuid) -> Result<Vec<StoredEvent>, StoreError> {
        let q = Query::select()
            .columns(EVENT_COLUMNS)
            .from("events")
            .and_where(Expr::col("case_id").eq(id(case_id)))
            .order_by("version", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(stored_event)
            .collect()
    }
}

/// Check that a sitting is still as the listing decision saw it, and bump its version, in one
/// statement: the row lock orders this against a concurrent change of the sitting, which then
/// finds its version stale (and a change committed first makes this match nothing).
async fn claim_sitting(tx: &mut Tx, used: &SittingUse) -> Result<(), StoreError> {
    let q = Query::update()
        .table("sittings")
        .value("version", Expr::col("version").add(1))
        .and_where(Expr::col("id").eq(id(used.sitting_id)))
        .and_where(Expr::col("kind").eq(used.kind.clone()))
        .and_where(Expr::col("session").eq(used.session.clone()))
        .and_where(Expr::col("start_time").eq(used.start_time.clone()))
        .and_where(Expr::col("cancelled_at").is_null())
        .to_owned();
    if tx.exec(&q).await? == 0 {
        return Err(StoreError::SittingChanged(used.sitting_id));
    }
    Ok(())
}

async fn append_in(tx: &mut Tx, req: &AppendRequest) -> Result<AppendOutcome, StoreError> {
    let expected = req.expected_version;
    let case_id = id(req.case_id);
    let (actual, mut prev) = stream_head(tx, req.case_id).await?;
    if actual != expected {
        return Err(StoreError::Conflict { expected, actual });
    }
    let previous = crate::projection::urn_free_and_digest(tx, &req.projection).await?;
    for used in &req.sittings_used {
        claim_sitting(tx, used).await?;
    }

    // Compute the rows and the chain first, so the stream head can be claimed before anything
    // else is written (the claim is what serialises concurrent writers).
    let prepared = chain(&case_id, expected, &mut prev, &req.events)?;
    let new_version = expected + req.events.len() as i64;

    let claimed = if expected == 0 {
        let q = Query::insert()
            .into_table("case_streams")
            .columns(["case_id", "version", "head_hash"])
            .values([
                case_id.clone().into(),
                new_version.into(),
                prev.clone().into(),
            ])?
            .to_owned();
        tx.exec(&q).await.map_err(|e| race_or(e, expected))?
    } else {
        let q = Query::update()
            .table("case_streams")
            .values([
                ("version", new_version.into()),
                ("head_hash", prev.clone().into()),
            ])
            .and_where(Expr::col("case_id").eq(case_id.clone()))
            .and_where(Expr::col("version").eq(expected))
            .to_owned();
        tx.exec(&q).await?
    };
    if claimed != 1 {
        return Err(StoreError::Conflict {
            expected,
            actual: -1,
        });
    }

    // One multi-row INSERT for all the change's events (a sentence on many offences is dozens
    // of events; a statement each was a round trip each). The global sequence numbers come back
    // by version, not by position: RETURNING promises no row order.
    let mut seq_of = std::collections::HashMap::with_capacity(prepared.len());
    // Chunks keep a very large change under SQLite's bound-parameter limit (32,766; 11 a row).
    for chunk in req
        .events
        .iter()
        .zip(&prepared)
        .collect::<Vec<_>>()
        .chunks(1_000)
    {
        let mut insert = Query::insert();
        insert
            .into_table("events")
            .columns(EVENT_INSERT_COLUMNS.iter().copied());
        for (e, p) in chunk {
            insert.values(event_row(&case_id, e, p))?;
        }
        insert.returning(Query::returning().columns(["version", "global_seq"]));
        let rows = tx.all(&insert).await.map_err(|err| {
            if is_unique_violation(&err, "events_case_version_key", "events.case_id") {
                StoreError::Conflict {
                    expected,
                    actual: -1,
                }
            } else {
                err.into()
            }
        })?;
        for r in &rows {
            seq_of.insert(r.i64("version")?, r.i64("global_seq")?);
        }
    }
    let mut stored = Vec::with_capacity(prepared.len());
    for (e, p) in req.events.iter().zip(prepared) {
        let global_seq = *seq_of
            .get(&p.version)
            .ok_or_else(|| StoreError::Database("insert returned no global_seq".into()))?;
        stored.push(StoredEvent {
            global_seq,
            case_id: req.case_id,
            version: p.version,
            event_type: e.event_type.clone(),
            payload: e.payload.clone(),
            actor_user_id: e.actor_user_id,
            actor_org_id: e.actor_org_id,
            occurred_at: e.occurred_at,
            correlation_id: e.correlation_id,
            reason: e.reason.clone(),
            hash: p.hash,
        });
    }

    let first_at = ts_text(req.events[0].occurred_at);
    let last_at = ts_text(req.events[req.events.len() - 1].occurred_at);
    crate::projection::write_projection(
        tx,
        &req.projection,
        new_version,
        &first_at,
        &last_at,
        previous.as_deref(),
    )
    .await?;
    crate::access_log::insert_entries(tx, &req.access_log).await?;
    if let Some(rec) = &req.idempotency {
        crate::idempotency::insert_record(tx, rec).await?;
    }
    let out = AppendOutcome {
        new_version,
        events: stored,
    };
    crate::live::notify_in(tx, &out).await?;
    // Last: the notices take no recipient lock (numbered after the commit), but their rows are
    // the change's largest write, so everything that can refuse the change has run before.
    crate::notices::outbox::write_notices(tx, &req.notices, Numbering::AfterCommit).await?;
    Ok(out)
}
