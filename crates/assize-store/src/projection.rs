//! Writing the read models of a case, inside the append transaction or on rebuild (reading them
//! back is in `case_read`).

use std::collections::BTreeSet;

use sea_query::{Cond, Expr, ExprTrait, Func, OnConflict, Query, SimpleExpr};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::{Tx, id, opt_id, ts_text};
use crate::error::{is_any_unique_violation, is_unique_violation};
use crate::{CaseProjection, Store, StoreError};

/// The child tables of a case's read model, with their columns, in the order of
/// [`ChildRows`] and of the digests kept in `case_summary.children_digest`.
const CHILD_TABLES: [(&str, &[&str]); 6] = [
    (
        "case_defendants",
        &[
            "case_id",
            "defendant_id",
            "full_name",
            "name_key",
            "date_of_birth",
            "asn",
            "pnc_id",
            "defence_org_id",
        ],
    ),
    ("case_name_tokens", &["token", "case_id", "defendant_id"]),
    (
        "case_hearings",
        &[
            "hearing_id",
            "case_id",
            "court_ou",
            "hearing_date",
            "hearing_type",
            "status",
            "sitting_id",
            "start_time",
            "estimate_minutes",
            "warned_from",
            "warned_to",
        ],
    ),
    ("case_courts", &["case_id", "ou_code"]),
    (
        "case_orgs",
        &["case_id", "org_id", "relation", "defendant_id"],
    ),
    (
        "case_custody_time_limits",
        &["case_id", "defendant_id", "offence_id", "expiry_date"],
    ),
];

fn write_err(e: sqlx::Error, p: &CaseProjection) -> StoreError {
    if is_unique_violation(&e, "case_summary_urn_key", "case_summary.urn") {
        StoreError::DuplicateUrn(p.urn.clone())
    } else if is_any_unique_violation(&e) {
        StoreError::Duplicate(format!("read model of case {}: {e}", p.case_id))
    } else {
        e.into()
    }
}

/// Fails with `DuplicateUrn` if another case holds the projection's URN, and returns the
/// digests of the case's child rows as last written (`None` for a new case, or one last written
/// before digests were kept): one statement for both, since every append needs both.
pub(crate) async fn urn_free_and_digest(
    tx: &mut Tx,
    p: &CaseProjection,
) -> Result<Option<String>, StoreError> {
    let q = Query::select()
        .columns(["case_id", "children_digest"])
        .from("case_summary")
        .cond_where(
            Cond::any()
                .add(
                    Expr::expr(Func::upper(Expr::col("urn")))
                        .eq(Func::upper(Expr::val(p.urn.clone()))),
                )
                .add(Expr::col("case_id").eq(id(p.case_id))),
        )
        .to_owned();
    let mut digest = None;
    for r in tx.all(&q).await? {
        if r.uuid("case_id")? != p.case_id {
            return Err(StoreError::DuplicateUrn(p.urn.clone()));
        }
        digest = r.opt_str("children_digest")?;
    }
    Ok(digest)
}

/// Writes one case's read model as `p` at `version`. `created_at` is used only when the summary
/// row is new. `previous` is the digest [`urn_free_and_digest`] read: a child table whose rows
/// hash the same as when last written is left alone (a result usually changes the hearings and
/// little else), every other one is replaced. The digests are of the rows exactly as bound, so
/// a table is skipped only when what is stored is what would be written.
pub(crate) async fn write_projection(
    tx: &mut Tx,
    p: &CaseProjection,
    version: i64,
    created_at: &str,
    updated_at: &str,
    previous: Option<&str>,
) -> Result<(), StoreError> {
    let rows = ChildRows::of(p);
    let digests = rows.digests();
    let one = [Summary {
        p,
        version,
        created_at,
        updated_at,
        digest: digests.join(","),
    }];
    write_summaries(tx, &one)
        .await
        .map_err(|e| write_err(e, p))?;
    let previous: Vec<&str> = previous.map(|d| d.split(',').collect()).unwrap_or_default();
    for (i, ((table, columns), table_rows)) in CHILD_TABLES.into_iter().zip(rows.0).enumerate() {
        if previous.get(i) == Some(&digests[i].as_str()) {
            continue;
        }
        let q = Query::delete()
            .from_table(table)
            .and_where(Expr::col("case_id").eq(id(p.case_id)))
            .to_owned();
        tx.exec(&q).await?;
        insert_rows(tx, table, columns, table_rows)
            .await
            .map_err(|e| write_err(e, p))?;
    }
    Ok(())
}

/// A case's summary row as written: the projection at `version`, with the times of its first
/// and last events.
pub(crate) struct Summary<'a> {
    pub p: &'a CaseProjection,
    pub version: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    /// [`ChildRows::digests`], comma-separated.
    pub digest: String,
}

/// Rows per multi-row INSERT of `columns` columns: under SQLite's 32,766 bound parameters.
pub(crate) fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns.max(1)).min(1_000)
}

/// One multi-row INSERT per chunk of `rows` into `table`.
pub(crate) async fn insert_rows(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<(), sqlx::Error> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut q = Query::insert();
        q.into_table(table.to_owned())
            .columns(columns.iter().map(|c| (*c).to_owned()));
        for row in rows.by_ref().take(rows_per_insert(columns.len())) {
            q.values(row)
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        tx.exec(&q).await?;
    }
    Ok(())
}

/// Inserts (or, for a case already there, updates) the summary rows.
pub(crate) async fn write_summaries(tx: &mut Tx, rows: &[Summary<'_>]) -> Result<(), sqlx::Error> {
    const COLUMNS: [&str; 13] = [
        "case_id",
        "urn",
        "case_number",
        "status",
        "court_ou",
        "next_hearing_date",
        "prosecutor_org_id",
        "charging_force_org_id",
        "version",
        "state",
        "created_at",
        "updated_at",
        "children_digest",
    ];
    for chunk in rows.chunks(rows_per_insert(COLUMNS.len())) {
        let mut q = Query::insert();
        q.into_table("case_summary").columns(COLUMNS);
        for s in chunk {
            let p = s.p;
            let state = serde_json::to_string(&p.state)
                .map_err(|e| sqlx::Error::Protocol(format!("case state: {e}")))?;
            q.values([
                id(p.case_id).into(),
                p.urn.clone().into(),
                p.case_number.clone().into(),
                p.status.clone().into(),
                p.court_ou.clone().into(),
                p.next_hearing_date.clone().into(),
                id(p.prosecutor_org_id).into(),
                id(p.charging_force_org_id).into(),
                s.version.into(),
                state.into(),
                s.created_at.into(),
                s.updated_at.into(),
                s.digest.clone().into(),
            ])
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        q.on_conflict(
            OnConflict::column("case_id")
                .update_columns(
                    COLUMNS
                        .into_iter()
                        .filter(|c| *c != "case_id" && *c != "created_at"),
                )
                .to_owned(),
        );
        tx.exec(&q).await?;
    }
    Ok(())
}

/// One case's child read-model rows, per table of [`CHILD_TABLES`], as bound.
pub(crate) struct ChildRows([Vec<Vec<SimpleExpr>>; 6]);

impl ChildRows {
    /// The rows of the defendants, name tokens, hearings, courts, organisations and running
    /// custody time limits of `p`.
    pub(crate) fn of(p: &CaseProjection) -> ChildRows {
        let case_id = id(p.case_id);
        let defendants = p
            .defendants
            .iter()
            .map(|d| {
                vec![
                    case_id.clone().into(),
                    id(d.defendant_id).into(),
                    d.full_name.clone().into(),
                    d.name_key.clone().into(),
                    d.date_of_birth.clone().into(),
                    d.asn.clone().into(),
                    d.pnc_id.clone().into(),
                    opt_id(d.defence_org_id).into(),
                ]
            })
            .collect();
        let case_tokens: BTreeSet<(Uuid, &str)> = p
            .defendants
            .iter()
            .flat_map(|d| {
                d.name_tokens
                    .iter()
                    .map(move |t| (d.defendant_id, t.as_str()))
            })
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let tokens = case_tokens
            .into_iter()
            .map(|(defendant_id, token)| {
                vec![
                    token.into(),
                    case_id.clone().into(),
                    id(defendant_id).into(),
                ]
            })
            .collect();
        let hearings = p
            .hearings
            .iter()
            .map(|h| {
                vec![
                    id(h.hearing_id).into(),
                    case_id.clone().into(),
                    h.court_ou.clone().into(),
                    h.hearing_date.clone().into(),
                    h.hearing_type.clone().into(),
                    h.status.clone().into(),
                    opt_id(h.sitting_id).into(),
                    h.start_time.clone().into(),
                    h.estimate_minutes.into(),
                    h.warned_from.clone().into(),
                    h.warned_to.clone().into(),
                ]
            })
            .collect();
        let courts: BTreeSet<&str> = p
            .court_ous
            .iter()
            .map(String::as_str)
            .chain(p.court_ou.as_deref())
            .chain(p.hearings.iter().map(|h| h.court_ou.as_str()))
            .collect();
        let courts = courts
            .into_iter()
            .map(|ou| vec![case_id.clone().into(), ou.into()])
            .collect();
        let orgs: BTreeSet<(String, &str, Option<String>)> = p
            .orgs
            .iter()
            .map(|o| (id(o.org_id), o.relation.as_str(), opt_id(o.defendant_id)))
            .collect();
        let orgs = orgs
            .into_iter()
            .map(|(org_id, relation, defendant_id)| {
                vec![
                    case_id.clone().into(),
                    org_id.into(),
                    relation.into(),
                    defendant_id.into(),
                ]
            })
            .collect();
        let ctls = p
            .custody_time_limits
            .iter()
            .map(|c| {
                vec![
                    case_id.clone().into(),
                    id(c.defendant_id).into(),
                    id(c.offence_id).into(),
                    c.expiry_date.clone().into(),
                ]
            })
            .collect();
        ChildRows([defendants, tokens, hearings, courts, orgs, ctls])
    }

    /// One digest per table: the first 64 bits of SHA-256 over the rows' bound values (their
    /// `Debug` form, which names each value's type and content). A different encoding in a later
    /// version of sea-query only makes a table look changed, and so rewritten.
    pub(crate) fn digests(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|rows| {
                let digest = Sha256::digest(format!("{rows:?}").as_bytes());
                hex::encode(&digest[..8])
            })
            .collect()
    }
}

/// Inserts the child read-model rows of cases that have none (a bulk load), one multi-row
/// INSERT per table and chunk.
pub(crate) async fn insert_children(tx: &mut Tx, cases: Vec<ChildRows>) -> Result<(), sqlx::Error> {
    let mut tables: [Vec<Vec<SimpleExpr>>; 6] = Default::default();
    for case in cases {
        for (all, rows) in tables.iter_mut().zip(case.0) {
            all.extend(rows);
        }
    }
    for ((table, columns), rows) in CHILD_TABLES.into_iter().zip(tables) {
        insert_rows(tx, table, columns, rows).await?;
    }
    Ok(())
}

impl Store {
    /// Replaces the read models of one case (used by `assize rebuild`), in one transaction.
    /// The summary's created/updated times are taken from the case's first and last events.
    pub async fn replace_projection(
        &self,
        p: &CaseProjection,
        version: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.backend.begin_write().await?;
        let at = |v: i64| {
            Query::select()
                .column("occurred_at")
                .from("events")
                .and_where(Expr::col("case_id").eq(id(p.case_id)))
                .and_where(Expr::col("version").eq(v))
                .to_owned()
        };
        let now = ts_text(jiff::Timestamp::now());
        let created = match tx.opt(&at(1)).await? {
            Some(r) => r.str("occurred_at")?,
            None => now.clone(),
        };
        let updated = match tx.opt(&at(version)).await? {
            Some(r) => r.str("occurred_at")?,
            None => now,
        };
        // Rebuilding rewrites every table, whatever the digests say (it is how a read model
        // written by an older projection is corrected).
        urn_free_and_digest(&mut tx, p).await?;
        write_projection(&mut tx, p, version, &created, &updated, None).await?;
        tx.commit().await?;
        Ok(())
    }
}
