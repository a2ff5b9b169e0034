//! Writing notices in the transaction that appends the events requiring them (the transactional
//! outbox): a committed result always has its notices, a rolled-back one never does.

use std::collections::BTreeMap;

use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use sha2::{Digest, Sha256};

use super::NewNotice;
use crate::StoreError;
use crate::db::{Tx, id, opt_id, ts_text};

/// When the notices of a change get their recipients' sequence numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbering {
    /// After the commit, by [`Store::number_notices`](crate::Store::number_notices): the
    /// change takes no recipient lock (a command; many contend for the same recipients).
    AfterCommit,
    /// In the writing transaction, under each recipient's row lock held to the commit (a bulk
    /// load: one writer, whose batches would otherwise leave thousands to number afterwards).
    InTransaction,
}

/// Writes `notices` inside the append transaction `tx`, as its last statements before the
/// commit. Each recipient row is created on first use (found first with a plain read: an
/// `INSERT … ON CONFLICT` on an existing row would wait for whoever holds its lock).
///
/// With [`Numbering::AfterCommit`] a notice is written with a placeholder sequence number
/// ([`placeholder_seq`], negative, never shown) and numbered once committed (migration 0011),
/// so a busy recipient (a large force, an agency that hears of every sentence) is no longer a
/// row every result must lock in turn. With [`Numbering::InTransaction`] each recipient's
/// counter is advanced once for all its notices of the change, recipients locked in id order,
/// the order [`Store::number_notices`](crate::Store::number_notices) locks them in, so
/// neither can deadlock the other.
pub(crate) async fn write_notices(
    tx: &mut Tx,
    notices: &[NewNotice],
    numbering: Numbering,
) -> Result<(), StoreError> {
    if notices.is_empty() {
        return Ok(());
    }
    let hashes = write_bodies(tx, notices).await?;
    let mut by_slot: BTreeMap<&str, Vec<(&NewNotice, &str)>> = BTreeMap::new();
    for (n, hash) in notices.iter().zip(&hashes) {
        by_slot
            .entry(n.recipient_slot.as_str())
            .or_default()
            .push((n, hash.as_str()));
    }
    let slots: Vec<&str> = by_slot.keys().copied().collect();
    let mut ids_by_slot = recipient_ids(tx, &slots).await?;
    let mut created = false;
    for (slot, group) in &by_slot {
        if ids_by_slot.contains_key(*slot) {
            continue;
        }
        let first = group[0].0;
        let create = Query::insert()
            .into_table("recipients")
            .columns(["id", "slot", "kind", "org_id", "name", "created_at"])
            .values([
                id(uuid::Uuid::now_v7()).into(),
                (*slot).into(),
                first.recipient_kind.clone().into(),
                opt_id(first.recipient_org).into(),
                first.recipient_name.clone().into(),
                ts_text(first.created_at).into(),
            ])?
            .on_conflict(OnConflict::column("slot").do_nothing().to_owned())
            .to_owned();
        tx.exec(&create).await?;
        created = true;
    }
    if created {
        // Ours, or another writer's that committed first (`DO NOTHING` then leaves it alone).
        ids_by_slot = recipient_ids(tx, &slots).await?;
    }
    let mut by_recipient = Vec::with_capacity(by_slot.len());
    for (slot, group) in by_slot {
        let recipient_id = ids_by_slot
            .remove(slot)
            .ok_or_else(|| StoreError::Database(format!("recipient {slot} not created")))?;
        by_recipient.push((recipient_id, group));
    }
    by_recipient.sort_by(|a, b| a.0.cmp(&b.0));
    let mut replaces = Vec::with_capacity(notices.len());
    for (_, group) in &by_recipient {
        for (n, _) in group {
            replaces.push(match &n.replaces_series {
                Some(series) => latest_in_series(tx, series).await?,
                None => None,
            });
        }
    }
    // With `InTransaction`, from here on the recipients' locks are held until the commit.
    let mut rows = Vec::with_capacity(notices.len());
    let mut replaces = replaces.into_iter();
    for (recipient_id, group) in by_recipient {
        let first_seq = match numbering {
            Numbering::AfterCommit => None,
            Numbering::InTransaction => Some(advance(tx, &recipient_id, group.len()).await?),
        };
        for (i, (n, body_hash)) in group.into_iter().enumerate() {
            let seq = first_seq.map_or_else(|| placeholder_seq(n.id), |first| first + i as i64);
            rows.push([
                id(n.id).into(),
                recipient_id.clone().into(),
                seq.into(),
                n.key.clone().into(),
                n.series.clone().into(),
                n.kind.clone().into(),
                id(n.case_id).into(),
                id(n.defendant_id).into(),
                id(n.hearing_id).into(),
                n.case_version.into(),
                replaces.next().flatten().into(),
                // The text is in `notice_bodies` (migration 0008).
                "".into(),
                body_hash.into(),
                ts_text(n.created_at).into(),
            ]);
        }
    }
    // Well under the backends' bound-parameter limits (14 per row).
    for chunk in rows.chunks(500) {
        let mut q = Query::insert();
        q.into_table("notices").columns([
            "id",
            "recipient_id",
            "seq",
            "notice_key",
            "series",
            "kind",
            "case_id",
            "defendant_id",
            "hearing_id",
            "case_version",
            "replaces_id",
            "body",
            "body_hash",
            "created_at",
        ]);
        for row in chunk {
            q.values(row.clone())?;
        }
        tx.exec(&q).await?;
    }
    Ok(())
}

/// The sequence number a notice holds until it is numbered: negative (a feed reads only numbers
/// above its cursor, which is never negative), and 62 bits of the SHA-256 of its id, so two
/// notices of one recipient waiting to be numbered collide (refused by the table's unique
/// `(recipient_id, seq)`, and the change rolled back) with a chance of about 2^-62 per pair.
pub(crate) fn placeholder_seq(notice_id: uuid::Uuid) -> i64 {
    let digest = Sha256::digest(notice_id.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    -1 - (u64::from_be_bytes(bytes) >> 2) as i64
}

/// The ids of the recipients of `slots` that exist, by slot; a plain read (no lock).
async fn recipient_ids(
    tx: &mut Tx,
    slots: &[&str],
) -> Result<BTreeMap<String, String>, StoreError> {
    let q = Query::select()
        .columns(["slot", "id"])
        .from("recipients")
        .and_where(Expr::col("slot").is_in(slots.iter().copied()))
        .to_owned();
    tx.all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.str("slot")?, r.str("id")?)))
        .collect()
}

/// Advances a recipient's counter by `n` under its row lock (held to the commit); the first of
/// the `n` numbers it gave.
async fn advance(tx: &mut Tx, recipient_id: &str, n: usize) -> Result<i64, StoreError> {
    let q = Query::update()
        .table("recipients")
        .value("next_seq", Expr::col("next_seq").add(n as i64))
        .and_where(Expr::col("id").eq(recipient_id))
        .returning(Query::returning().column("next_seq"))
        .to_owned();
    let row = tx
        .opt(&q)
        .await?
        .ok_or_else(|| StoreError::Database(format!("recipient {recipient_id} vanished")))?;
    Ok(row.i64("next_seq")? - n as i64 + 1)
}

/// Stores each distinct text of `notices` once (many recipients get the same text), and returns
/// the hash naming each notice's text, in the order of `notices`.
async fn write_bodies(tx: &mut Tx, notices: &[NewNotice]) -> Result<Vec<String>, StoreError> {
    let mut hashes = Vec::with_capacity(notices.len());
    let mut texts = BTreeMap::new();
    for n in notices {
        let hash = hex::encode(Sha256::digest(n.body.as_bytes()));
        texts.entry(hash.clone()).or_insert(n.body.as_str());
        hashes.push(hash);
    }
    for chunk in texts.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let mut q = Query::insert();
        q.into_table("notice_bodies").columns(["hash", "body"]);
        for (hash, text) in chunk {
            q.values([hash.clone().into(), (*text).into()])?;
        }
        q.on_conflict(OnConflict::column("hash").do_nothing().to_owned());
        tx.exec(&q).await?;
    }
    Ok(hashes)
}

/// The latest notice of a series (the one an amendment replaces), if the recipient had one.
async fn latest_in_series(tx: &mut Tx, series: &str) -> Result<Option<String>, StoreError> {
    let q = Query::select()
        .column("id")
        .from("notices")
        .and_where(Expr::col("series").eq(series))
        .order_by("case_version", Order::Desc)
        .limit(1)
        .to_owned();
    Ok(match tx.opt(&q).await? {
        Some(r) => Some(r.str("id")?),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::placeholder_seq;

    #[test]
    fn a_placeholder_is_negative_stable_and_differs_between_notices() {
        let ids: Vec<uuid::Uuid> = (0..10_000).map(|_| uuid::Uuid::now_v7()).collect();
        let seqs: std::collections::BTreeSet<i64> =
            ids.iter().map(|id| placeholder_seq(*id)).collect();
        assert_eq!(seqs.len(), ids.len());
        assert!(seqs.iter().all(|s| *s < 0));
        assert_eq!(placeholder_seq(ids[0]), placeholder_seq(ids[0]));
        assert_eq!(
            placeholder_seq(uuid::Uuid::nil()),
            placeholder_seq(uuid::Uuid::nil())
        );
    }
}
