//! Writing the read models of a case, inside the append transaction or on rebuild (reading them
//! back is in `case_read`).

use std::collections::BTreeSet;

use sea_query::{Expr, ExprTrait, Func, OnConflict, Query, SimpleExpr};
use uuid::Uuid;

use crate::db::{Tx, id, opt_id, ts_text};
use crate::error::{is_any_unique_violation, is_unique_violation};
use crate::{CaseProjection, Store, StoreError};

/// Child tables replaced wholesale whenever a case's read model is written.
const CHILD_TABLES: [&str; 6] = [
    "case_custody_time_limits",
    "case_defendants",
    "case_name_tokens",
    "case_hearings",
    "case_courts",
    "case_orgs",
];

/// Fails with `DuplicateUrn` if another case holds the projection's URN (case-insensitively).
pub(crate) async fn check_urn_free(tx: &mut Tx, p: &CaseProjection) -> Result<(), StoreError> {
    let q = Query::select()
        .column("case_id")
        .from("case_summary")
        .and_where(
            Expr::expr(Func::upper(Expr::col("urn"))).eq(Func::upper(Expr::val(p.urn.clone()))),
        )
        .and_where(Expr::col("case_id").ne(id(p.case_id)))
        .limit(1)
        .to_owned();
    match tx.opt(&q).await? {
        Some(_) => Err(StoreError::DuplicateUrn(p.urn.clone())),
        None => Ok(()),
    }
}

fn write_err(e: sqlx::Error, p: &CaseProjection) -> StoreError {
    if is_unique_violation(&e, "case_summary_urn_key", "case_summary.urn") {
        StoreError::DuplicateUrn(p.urn.clone())
    } else if is_any_unique_violation(&e) {
        StoreError::Duplicate(format!("read model of case {}: {e}", p.case_id))
    } else {
        e.into()
    }
}

/// Replaces every read-model row of one case with `p` at `version`. `created_at` is used only
/// when the summary row is new.
pub(crate) async fn write_projection(
    tx: &mut Tx,
    p: &CaseProjection,
    version: i64,
    created_at: &str,
    updated_at: &str,
) -> Result<(), StoreError> {
    let one = [Summary {
        p,
        version,
        created_at,
        updated_at,
    }];
    write_summaries(tx, &one)
        .await
        .map_err(|e| write_err(e, p))?;
    for table in CHILD_TABLES {
        let q = Query::delete()
            .from_table(table)
            .and_where(Expr::col("case_id").eq(id(p.case_id)))
            .to_owned();
        tx.exec(&q).await?;
    }
    insert_children(tx, &[p]).await.map_err(|e| write_err(e, p))
}

/// A case's summary row as written: the projection at `version`, with the times of its first
/// and last events.
pub(crate) struct Summary<'a> {
    pub p: &'a CaseProjection,
    pub version: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
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
    const COLUMNS: [&str; 12] = [
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

/// Inserts the child read-model rows (defendants, name tokens, hearings, courts, organisations,
/// custody time limits) of cases that have none.
pub(crate) async fn insert_children(
    tx: &mut Tx,
    ps: &[&CaseProjection],
) -> Result<(), sqlx::Error> {
    let mut defendants = Vec::new();
    let mut tokens = Vec::new();
    let mut hearings = Vec::new();
    let mut courts_rows = Vec::new();
    let mut orgs_rows = Vec::new();
    let mut ctls = Vec::new();
    for p in ps {
        let case_id = id(p.case_id);
        for d in &p.defendants {
            defendants.push(vec![
                case_id.clone().into(),
                id(d.defendant_id).into(),
                d.full_name.clone().into(),
                d.name_key.clone().into(),
                d.date_of_birth.clone().into(),
                d.asn.clone().into(),
                d.pnc_id.clone().into(),
                opt_id(d.defence_org_id).into(),
            ]);
        }
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
        for (defendant_id, token) in case_tokens {
            tokens.push(vec![
                token.into(),
                case_id.clone().into(),
                id(defendant_id).into(),
            ]);
        }
        for h in &p.hearings {
            hearings.push(vec![
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
            ]);
        }
        let courts: BTreeSet<&str> = p
            .court_ous
            .iter()
            .map(String::as_str)
            .chain(p.court_ou.as_deref())
            .chain(p.hearings.iter().map(|h| h.court_ou.as_str()))
            .collect();
        for ou in courts {
            courts_rows.push(vec![case_id.clone().into(), ou.into()]);
        }
        let orgs: BTreeSet<(String, &str, Option<String>)> = p
            .orgs
            .iter()
            .map(|o| (id(o.org_id), o.relation.as_str(), opt_id(o.defendant_id)))
            .collect();
        for (org_id, relation, defendant_id) in orgs {
            orgs_rows.push(vec![
                case_id.clone().into(),
                org_id.into(),
                relation.into(),
                defendant_id.into(),
            ]);
        }
        for c in &p.custody_time_limits {
            ctls.push(vec![
                case_id.clone().into(),
                id(c.defendant_id).into(),
                id(c.offence_id).into(),
                c.expiry_date.clone().into(),
            ]);
        }
    }
    insert_rows(
        tx,
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
        defendants,
    )
    .await?;
    insert_rows(
        tx,
        "case_name_tokens",
        &["token", "case_id", "defendant_id"],
        tokens,
    )
    .await?;
    insert_rows(
        tx,
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
        hearings,
    )
    .await?;
    insert_rows(tx, "case_courts", &["case_id", "ou_code"], courts_rows).await?;
    insert_rows(
        tx,
        "case_orgs",
        &["case_id", "org_id", "relation", "defendant_id"],
        orgs_rows,
    )
    .await?;
    insert_rows(
        tx,
        "case_custody_time_limits",
        &["case_id", "defendant_id", "offence_id", "expiry_date"],
        ctls,
    )
    .await
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
        check_urn_free(&mut tx, p).await?;
        write_projection(&mut tx, p, version, &created, &updated).await?;
        tx.commit().await?;
        Ok(())
    }
}
