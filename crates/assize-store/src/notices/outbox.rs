//! Writing notices in the transaction that appends the events requiring them (the transactional
//! outbox): a committed result always has its notices, a rolled-back one never does.

use std::collections::BTreeMap;

use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use sha2::{Digest, Sha256};

use super::NewNotice;
use crate::StoreError;
use crate::db::{Tx, id, opt_id, ts_text};

/// The order recipients are locked in: the parties of a case (its police force, prosecutor and
/// defence firm, each shared by a few courts' cases) first, then the agencies (prisons,
/// probation, electronic monitoring, DVLA, the Legal Aid Agency, fines enforcement), which hear
/// of results from every court; by slot within each. A lock is held from its `UPDATE` to the
/// commit, so the rows most changes share are taken last and held for the fewest round trips
/// (sampled on PostgreSQL while results were recorded: the waits were on the agencies' rows).
/// It is a function of the slot alone, so every change locks in the same order.
fn lock_order(slot: &str) -> (u8, &str) {
    const CASE_PARTIES: [&str; 3] = ["police_force", "prosecuting_authority", "defence_firm"];
    let kind = slot.split(':').next().unwrap_or(slot);
    (u8::from(!CASE_PARTIES.contains(&kind)), slot)
}

/// Writes `notices` inside the append transaction `tx`, as its last statements before the
/// commit. Each recipient row is created on first use, then its sequence counter is advanced
/// once for all its notices in this change: the `UPDATE … RETURNING` takes the row lock
/// (PostgreSQL; SQLite writes one at a time anyway), so sequence numbers follow commit order and
/// a feed reader never skips a notice that committed late. Recipients are locked in one fixed
/// order ([`lock_order`]), so two changes cannot deadlock on them.
///
/// A busy recipient (a large force, an agency that hears of every sentence) is a hot row: every
/// change that notifies it waits for the one before to commit. So everything that needs no lock
/// is done first (which recipients exist — a plain read, where an `INSERT … ON CONFLICT` would
/// wait for the row's current holder — and which earlier notices amendments replace), and under
/// the locks there is only one `UPDATE` per recipient, one multi-row `INSERT` and the commit.
pub(crate) async fn write_notices(tx: &mut Tx, notices: &[NewNotice]) -> Result<(), StoreError> {
    if notices.is_empty() {
        return Ok(());
    }
    let hashes = write_bodies(tx, notices).await?;
    let mut by_slot: BTreeMap<(u8, &str), Vec<(&NewNotice, &str)>> = BTreeMap::new();
    for (n, hash) in notices.iter().zip(&hashes) {
        by_slot
            .entry(lock_order(&n.recipient_slot))
            .or_default()
            .push((n, hash.as_str()));
    }
    let existing = Query::select()
        .column("slot")
        .from("recipients")
        .and_where(Expr::col("slot").is_in(by_slot.keys().map(|(_, slot)| *slot)))
        .to_owned();
    let existing: Vec<String> = tx
        .all(&existing)
        .await?
        .iter()
        .map(|r| r.str("slot"))
        .collect::<Result<_, _>>()?;
    for ((_, slot), group) in by_slot
        .iter()
        .filter(|((_, s), _)| !existing.iter().any(|e| e == *s))
    {
        let first = group[0].0;
        let created = Query::insert()
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
        tx.exec(&created).await?;
    }
    let mut replaces = Vec::with_capacity(notices.len());
    for group in by_slot.values() {
        for (n, _) in group {
            replaces.push(match &n.replaces_series {
                Some(series) => latest_in_series(tx, series).await?,
                None => None,
            });
        }
    }
    // From here on, the recipients' locks are held until the commit.
    let mut rows = Vec::with_capacity(notices.len());
    let mut replaces = replaces.into_iter();
    for ((_, slot), group) in by_slot {
        let advance = Query::update()
            .table("recipients")
            .value("next_seq", Expr::col("next_seq").add(group.len() as i64))
            .and_where(Expr::col("slot").eq(slot))
            .returning(Query::returning().columns(["id", "next_seq"]))
            .to_owned();
        let row = tx
            .opt(&advance)
            .await?
            .ok_or_else(|| StoreError::Database(format!("recipient {slot} not created")))?;
        let recipient_id = row.str("id")?;
        let first_seq = row.i64("next_seq")? - group.len() as i64 + 1;
        for (i, (n, body_hash)) in group.into_iter().enumerate() {
            rows.push([
                id(n.id).into(),
                recipient_id.clone().into(),
                (first_seq + i as i64).into(),
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

/// Stores each distinct text of `notices` once (many recipients get the same text), and returns
/// the hash naming each notice's text, in the order of `notices`.
async fn write_bodies(tx: &mut Tx, notices: &[NewNotice]) -> Result<Vec<String>, StoreError> {
    let mut hashes = Vec::with_capacity(notices.len());
    let mut texts = BTreeMap::new();
    for n in notices {
        let text = serde_json::to_string(&n.body)
            .map_err(|e| StoreError::Invalid(format!("notice body: {e}")))?;
        let hash = hex::encode(Sha256::digest(text.as_bytes()));
        texts.entry(hash.clone()).or_insert(text);
        hashes.push(hash);
    }
    for chunk in texts.into_iter().collect::<Vec<_>>().chunks(1_000) {
        let mut q = Query::insert();
        q.into_table("notice_bodies").columns(["hash", "body"]);
        for (hash, text) in chunk {
            q.values([hash.clone().into(), text.clone().into()])?;
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
    use super::lock_order;

    #[test]
    fn the_case_parties_are_locked_before_the_agencies() {
        let mut slots = vec![
            "probation",
            "prison:7",
            "defence_firm:3",
            "fines_enforcement:1",
            "police_force:9",
            "prosecuting_authority:2",
            "dvla",
        ];
        slots.sort_by_key(|s| lock_order(s));
        assert_eq!(
            slots,
            [
                "defence_firm:3",
                "police_force:9",
                "prosecuting_authority:2",
                "dvla",
                "fines_enforcement:1",
                "prison:7",
                "probation",
            ]
        );
    }
}
