//! Loading many new cases at once (`Store::load_cases`): a legacy migration, or the benchmark's
//! national data set. Each case arrives as the changes its commands made, decided by the domain
//! exactly as the API decides them, so its events and hash chain are the ones the command path
//! would have written. What differs is only how they are written: many cases per transaction,
//! multi-row INSERTs across cases, and the read models written once, for each case's final
//! state, instead of once per change.

use std::collections::{BTreeMap, BTreeSet};

use sea_query::{Expr, ExprTrait, Func, Query, SimpleExpr};
use uuid::Uuid;

use crate::db::{Tx, id, ts_text};
use crate::error::{is_any_unique_violation, is_unique_violation};
use crate::events::{EVENT_INSERT_COLUMNS, chain, event_row};
use crate::hash::GENESIS_HASH;
use crate::live::CaseChanged;
use crate::notices::outbox::Numbering;
use crate::projection::{
    ChildRows, Summary, insert_children, insert_rows, rows_per_insert, write_summaries,
};
use crate::{AccessLogEntry, CaseProjection, NewEvent, NewNotice, Store, StoreError};

/// One change of a case loaded in bulk: what an [`crate::AppendRequest`] writes, less the read
/// models (written once per case) and what only a live command has (idempotency key, sittings).
#[derive(Debug, Clone, PartialEq)]
pub struct BulkChange {
    pub events: Vec<NewEvent>,
    pub access_log: Vec<AccessLogEntry>,
    pub notices: Vec<NewNotice>,
}

/// A new case's whole history, in the order its changes were made, and the read models of the
/// state it ends in.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkCase {
    pub changes: Vec<BulkChange>,
    pub projection: CaseProjection,
}

/// What a bulk load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BulkOutcome {
    pub cases: u64,
    pub events: u64,
}

/// What the transaction wrote: the totals, where each case's stream ends, and whether any
/// notice was written.
struct Loaded {
    totals: BulkOutcome,
    changed: Vec<CaseChanged>,
    noticed: bool,
}

impl Store {
    /// Writes `cases`, all new, in ONE transaction: every case or none. A case id already
    /// stored gives [`StoreError::Duplicate`], a URN already held (here or earlier in the
    /// batch, case-insensitively) [`StoreError::DuplicateUrn`]; nothing is written then.
    ///
    /// Live subscribers hear of every case loaded (its last version), as after an append.
    ///
    /// Takes the cases by value: their access-log entries and notices are moved into the
    /// statements, not copied.
    pub async fn load_cases(&self, mut cases: Vec<BulkCase>) -> Result<BulkOutcome, StoreError> {
        check(&cases)?;
        let mut tx = self.backend.begin_write().await?;
        let result = load_in(&mut tx, &mut cases).await;
        let out = match result {
            Ok(out) => {
                tx.commit().await.map_err(map_unique)?;
                out
            }
            Err(e) => {
                if let Err(rb) = tx.rollback().await {
                    tracing::warn!(error = %rb, "rollback after failed bulk load");
                }
                return Err(e);
            }
        };
        if out.noticed {
            self.notices_written.notify_waiters();
        }
        self.live.committed_all(&self.backend, &out.changed);
        Ok(out.totals)
    }
}

/// Refuses a malformed batch before anything is opened.
fn check(cases: &[BulkCase]) -> Result<(), StoreError> {
    let mut urns = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for c in cases {
        if c.changes.is_empty() || c.changes.iter().any(|ch| ch.events.is_empty()) {
            return Err(StoreError::Invalid(format!(
                "case {}: every change of a bulk load needs at least one event",
                c.projection.case_id
            )));
        }
        if !ids.insert(c.projection.case_id) {
            return Err(StoreError::Duplicate(format!(
                "case {} is twice in the batch",
                c.projection.case_id
            )));
        }
        if !urns.insert(c.projection.urn.to_uppercase()) {
            return Err(StoreError::DuplicateUrn(c.projection.urn.clone()));
        }
    }
    Ok(())
}

/// A unique violation met while writing means the batch collided with what is stored.
fn map_unique(e: sqlx::Error) -> StoreError {
    if is_unique_violation(&e, "case_summary_urn_key", "case_summary.urn") {
        StoreError::DuplicateUrn("a URN of the batch".into())
    } else if is_any_unique_violation(&e) {
        StoreError::Duplicate(format!("a case of the batch is already stored: {e}"))
    } else {
        e.into()
    }
}

/// Fails with `DuplicateUrn` if any of the batch's URNs is held by a stored case.
async fn check_urns_free(tx: &mut Tx, cases: &[BulkCase]) -> Result<(), StoreError> {
    for chunk in cases.chunks(1_000) {
        let q = Query::select()
            .column("urn")
            .from("case_summary")
            .and_where(
                Expr::expr(Func::upper(Expr::col("urn"))).is_in(
                    chunk
                        .iter()
                        .map(|c| Expr::val(c.projection.urn.to_uppercase())),
                ),
            )
            .limit(1)
            .to_owned();
        if let Some(r) = tx.opt(&q).await? {
            return Err(StoreError::DuplicateUrn(r.str("urn")?));
        }
    }
    Ok(())
}

async fn load_in(tx: &mut Tx, cases: &mut [BulkCase]) -> Result<Loaded, StoreError> {
    check_urns_free(tx, cases).await?;
    let mut streams = Vec::with_capacity(cases.len());
    let mut events = Vec::new();
    let mut summaries = Vec::with_capacity(cases.len());
    let mut access = Vec::new();
    let mut notices = Vec::new();
    // Each case's version and the times of its first and last events, for its summary row.
    let mut heads = Vec::with_capacity(cases.len());
    for c in cases.iter_mut() {
        let case_id = id(c.projection.case_id);
        let mut head = GENESIS_HASH.to_owned();
        let mut version = 0;
        for ch in &mut c.changes {
            for (e, link) in ch
                .events
                .iter()
                .zip(chain(&case_id, version, &mut head, &ch.events)?)
            {
                events.push(event_row(&case_id, e, &link));
            }
            version += ch.events.len() as i64;
            access.append(&mut ch.access_log);
            notices.append(&mut ch.notices);
        }
        let first = &c.changes[0].events[0];
        let last = c.changes[c.changes.len() - 1]
            .events
            .last()
            .unwrap_or(first);
        heads.push((
            version,
            ts_text(first.occurred_at),
            ts_text(last.occurred_at),
        ));
        streams.push(vec![case_id.into(), version.into(), head.into()]);
    }
    let children: Vec<ChildRows> = cases.iter().map(|c| ChildRows::of(&c.projection)).collect();
    for ((c, (version, created_at, updated_at)), rows) in cases.iter().zip(&heads).zip(&children) {
        summaries.push(Summary {
            p: &c.projection,
            version: *version,
            created_at,
            updated_at,
            digest: rows.digests().join(","),
        });
    }
    let totals = BulkOutcome {
        cases: cases.len() as u64,
        events: events.len() as u64,
    };
    // The stream heads first: a case already stored fails here, before anything else is sent.
    insert_rows(
        tx,
        "case_streams",
        &["case_id", "version", "head_hash"],
        streams,
    )
    .await
    .map_err(map_unique)?;
    let changed = insert_events(tx, events).await?;
    write_summaries(tx, &summaries).await.map_err(map_unique)?;
    insert_children(tx, children).await.map_err(map_unique)?;
    crate::access_log::insert_entries(tx, &access).await?;
    crate::live::notify_all_in(tx, &changed).await?;
    crate::notices::outbox::write_notices(tx, &notices, Numbering::InTransaction).await?;
    Ok(Loaded {
        totals,
        changed,
        noticed: !notices.is_empty(),
    })
}

/// Inserts the event rows, many per statement, and returns where each case's stream now ends
/// (its last version and that event's global sequence number, for live subscribers).
async fn insert_events(
    tx: &mut Tx,
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<Vec<CaseChanged>, StoreError> {
    let mut last: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut q = Query::insert();
        q.into_table("events")
            .columns(EVENT_INSERT_COLUMNS.iter().copied());
        for row in rows
            .by_ref()
            .take(rows_per_insert(EVENT_INSERT_COLUMNS.len()))
        {
            q.values(row)?;
        }
        q.returning(Query::returning().columns(["case_id", "version", "global_seq"]));
        for r in tx.all(&q).await.map_err(map_unique)? {
            let seen = (r.i64("version")?, r.i64("global_seq")?);
            let entry = last.entry(r.uuid("case_id")?).or_insert(seen);
            if seen.0 > entry.0 {
                *entry = seen;
            }
        }
    }
    Ok(last
        .into_iter()
        .map(|(case_id, (version, global_seq))| CaseChanged {
            case_id,
            version,
            global_seq,
        })
        .collect())
}
