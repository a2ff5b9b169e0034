//! Numbering notices after their commit (migration 0011). A command writes its notices with a
//! placeholder sequence number and takes no recipient lock; here each recipient's committed,
//! unnumbered notices get its next numbers, under its row lock, in one short transaction of
//! their own. The dispatcher numbers on every round (woken by each commit that wrote notices)
//! and a feed read numbers its recipient first, so a reader sees every committed notice.
//!
//! Why a reader still never skips one: numbers are given only to committed notices, and only
//! under the recipient's lock, which the previous numbering released at its commit; so whoever
//! can see number `n` can see every number below it.

use std::collections::{HashMap, VecDeque};

use sea_query::{CaseStatement, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::db::{Tx, id};
use crate::{Store, StoreError};

/// At most this many notices are numbered in one transaction (a backlog is numbered in turns:
/// after a bulk load, or after the dispatcher was stopped for a while).
const BATCH: u64 = 5_000;

/// Bound parameters per `UPDATE` (three per notice), well under both backends' limits.
const PER_UPDATE: usize = 500;

/// A notice waiting for its number.
#[derive(Debug, Clone, PartialEq)]
struct Waiting {
    id: String,
    case_id: String,
    case_version: i64,
}

impl Store {
    /// Numbers every committed notice still waiting for its number; returns how many it
    /// numbered. One transaction (one commit) a round for all the recipients concerned, locked
    /// in id order: after each recorded result, the dispatcher's round would otherwise commit
    /// once per recipient. Safe to run in several processes at once: they take turns on each
    /// recipient.
    pub async fn number_notices(&self) -> Result<u64, StoreError> {
        let q = Query::select()
            .distinct()
            .column("recipient_id")
            .from("notices")
            .and_where(Expr::col("seq").lt(0))
            .order_by("recipient_id", Order::Asc)
            .to_owned();
        let recipients: Vec<Uuid> = self
            .backend
            .all(&q)
            .await?
            .iter()
            .map(|r| r.uuid("recipient_id"))
            .collect::<Result<_, _>>()?;
        self.number_for(&recipients).await
    }

    /// Numbers one recipient's committed notices that wait for their numbers, in the order
    /// they were written (a case's always in the order of its versions); how many. Reads
    /// first, without a lock, whether there is anything to number.
    pub async fn number_recipient_notices(&self, recipient_id: Uuid) -> Result<u64, StoreError> {
        let any = Query::select()
            .column("id")
            .from("notices")
            .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
            .and_where(Expr::col("seq").lt(0))
            .limit(1)
            .to_owned();
        if self.backend.opt(&any).await?.is_none() {
            return Ok(0);
        }
        self.number_for(&[recipient_id]).await
    }

    /// Numbers the waiting notices of `recipients` (in id order), a transaction at a time until
    /// none is left; each round after the first takes only the recipients whose batch was full.
    async fn number_for(&self, recipients: &[Uuid]) -> Result<u64, StoreError> {
        let mut numbered = 0;
        let mut left = recipients.to_vec();
        while !left.is_empty() {
            let mut tx = self.backend.begin_write().await?;
            let mut full = Vec::new();
            for recipient_id in left {
                let n = number_batch(&mut tx, recipient_id).await?;
                numbered += n;
                if n == BATCH {
                    full.push(recipient_id);
                }
            }
            tx.commit().await?;
            left = full;
        }
        Ok(numbered)
    }
}

/// Numbers up to [`BATCH`] of one recipient's waiting notices in `tx`; how many.
async fn number_batch(tx: &mut Tx, recipient_id: Uuid) -> Result<u64, StoreError> {
    // Locks the recipient's row (PostgreSQL; SQLite writes one at a time anyway) until the
    // commit, and reads its counter as the last numbering committed it.
    let lock = Query::update()
        .table("recipients")
        .value("next_seq", Expr::col("next_seq"))
        .and_where(Expr::col("id").eq(id(recipient_id)))
        .returning(Query::returning().column("next_seq"))
        .to_owned();
    let Some(row) = tx.opt(&lock).await? else {
        return Err(StoreError::NotFound);
    };
    let last = row.i64("next_seq")?;
    let waiting = Query::select()
        .columns(["id", "case_id", "case_version"])
        .from("notices")
        .and_where(Expr::col("recipient_id").eq(id(recipient_id)))
        .and_where(Expr::col("seq").lt(0))
        .order_by("created_at", Order::Asc)
        .order_by("id", Order::Asc)
        .limit(BATCH)
        .to_owned();
    let waiting = tx
        .all(&waiting)
        .await?
        .iter()
        .map(|r| {
            Ok(Waiting {
                id: r.str("id")?,
                case_id: r.str("case_id")?,
                case_version: r.i64("case_version")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let count = waiting.len() as i64;
    let ordered = in_numbering_order(waiting);
    for (k, chunk) in ordered.chunks(PER_UPDATE).enumerate() {
        let first = last + 1 + (k * PER_UPDATE) as i64;
        let mut seq = CaseStatement::new();
        for (i, w) in chunk.iter().enumerate() {
            seq = seq.case(Expr::col("id").eq(w.id.as_str()), first + i as i64);
        }
        let q = Query::update()
            .table("notices")
            .value("seq", seq.finally(Expr::col("seq")))
            .and_where(Expr::col("id").is_in(chunk.iter().map(|w| w.id.as_str())))
            .to_owned();
        tx.exec(&q).await?;
    }
    let advance = Query::update()
        .table("recipients")
        .value("next_seq", last + count)
        .and_where(Expr::col("id").eq(id(recipient_id)))
        .to_owned();
    tx.exec(&advance).await?;
    Ok(count as u64)
}

/// The order to number `waiting` in, given in the order written: the same, except that each
/// case's notices take the places its notices hold in the order of their case versions (a
/// version written by another server whose clock is behind must still come after the one it
/// followed).
fn in_numbering_order(waiting: Vec<Waiting>) -> Vec<Waiting> {
    let cases: Vec<String> = waiting.iter().map(|w| w.case_id.clone()).collect();
    let mut by_case: HashMap<String, VecDeque<Waiting>> = HashMap::new();
    for w in waiting {
        by_case.entry(w.case_id.clone()).or_default().push_back(w);
    }
    for notices in by_case.values_mut() {
        notices.make_contiguous().sort_by_key(|w| w.case_version);
    }
    cases
        .iter()
        .filter_map(|c| by_case.get_mut(c).and_then(VecDeque::pop_front))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Waiting, in_numbering_order};

    fn w(id: &str, case_id: &str, case_version: i64) -> Waiting {
        Waiting {
            id: id.into(),
            case_id: case_id.into(),
            case_version,
        }
    }

    fn ids(ws: &[Waiting]) -> Vec<&str> {
        ws.iter().map(|w| w.id.as_str()).collect()
    }

    #[test]
    fn notices_are_numbered_in_the_order_written() {
        let written = vec![
            w("a", "c1", 3),
            w("b", "c2", 9),
            w("c", "c1", 4),
            w("d", "c3", 1),
        ];
        assert_eq!(ids(&in_numbering_order(written)), ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_cases_later_version_never_comes_before_an_earlier_one() {
        // c1's version 5 was written with an earlier time than its version 4 (clocks differ).
        let written = vec![
            w("v5", "c1", 5),
            w("x", "c2", 1),
            w("v4", "c1", 4),
            w("v6", "c1", 6),
        ];
        assert_eq!(ids(&in_numbering_order(written)), ["v4", "x", "v5", "v6"]);
    }

    #[test]
    fn nothing_is_lost_or_repeated() {
        let written: Vec<Waiting> = (0..200)
            .map(|i| w(&i.to_string(), &format!("c{}", i % 7), 100 - i64::from(i)))
            .collect();
        let mut out = ids(&in_numbering_order(written.clone()))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        out.sort();
        let mut all: Vec<String> = written.iter().map(|w| w.id.clone()).collect();
        all.sort();
        assert_eq!(out, all);
    }
}
