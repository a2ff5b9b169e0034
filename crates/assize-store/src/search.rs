//! Case search, filtered in SQL by the caller's list scope, with every hit recorded in the
//! access log in the same transaction.

use std::collections::HashMap;

use assize_domain::access::ListScope;
use sea_query::{Cond, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::db::id;
use crate::{AccessLogEntry, CaseListRow, SearchLog, SearchQuery, Store, StoreError};

/// The largest page a search returns.
const MAX_PAGE: u64 = 500;

/// The least string greater than every string starting with `prefix` (the prefix with its last
/// character that can be, incremented), for an index range; None if there is none. Tokens are
/// compared in byte order ("C" on PostgreSQL; SQLite's NOCASE on lower-case tokens).
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// `EXISTS (SELECT 1 FROM table WHERE table.case_id = case_summary.case_id AND ...)`.
fn exists_for_case(table: &'static str, extra: Vec<sea_query::Expr>) -> sea_query::Expr {
    let mut sub: SelectStatement = Query::select()
        .expr(Expr::val(1))
        .from(table)
        .and_where(Expr::col((table, "case_id")).equals(("case_summary", "case_id")))
        .to_owned();
    for e in extra {
        sub.and_where(e);
    }
    Expr::exists(sub)
}

/// The scope as a condition; None when it can match nothing.
fn scope_condition(scope: &ListScope) -> Option<Cond> {
    let mut cond = Cond::any();
    if let Some((org_id, relations)) = &scope.org_relations
        && !relations.is_empty()
    {
        cond = cond.add(exists_for_case(
            "case_orgs",
            vec![
                Expr::col(("case_orgs", "org_id")).eq(id(*org_id)),
                Expr::col(("case_orgs", "relation")).is_in(relations.iter().map(|r| r.as_str())),
            ],
        ));
    }
    if !scope.court_ous.is_empty() {
        cond = cond.add(exists_for_case(
            "case_courts",
            vec![Expr::col(("case_courts", "ou_code")).is_in(scope.court_ous.iter().cloned())],
        ));
    }
    if cond.is_empty() { None } else { Some(cond) }
}

/// The defendant criteria, which must all hold for one defendant; None if there are none.
fn defendant_condition(q: &SearchQuery, scope: &ListScope) -> Option<sea_query::Expr> {
    let mut conds = Vec::new();
    if let Some(org) = scope.identifiers_only_for_org
        && (q.asn.is_some() || q.pnc_id.is_some() || q.date_of_birth.is_some())
    {
        conds.push(Expr::col(("case_defendants", "defence_org_id")).eq(org.to_string()));
    }
    if let Some(asn) = &q.asn {
        conds.push(Expr::col(("case_defendants", "asn")).eq(asn.clone()));
    }
    if let Some(pnc) = &q.pnc_id {
        conds.push(Expr::col(("case_defendants", "pnc_id")).eq(pnc.clone()));
    }
    if let Some(dob) = &q.date_of_birth {
        conds.push(Expr::col(("case_defendants", "date_of_birth")).eq(dob.clone()));
    }
    // With no other defendant criterion the name is left to the candidates (`name_candidates`,
    // which already ask for one defendant holding every token): the same tokens tested again
    // here, per defendant, cost nothing in execution but three more relations to plan, and
    // PostgreSQL plans a search afresh each time (10 ms planning against 0.8 ms running, for a
    // two-token name at 10,000 cases, measured). With an identifier or a date of birth they
    // must hold for the same defendant as the name, so they stay.
    let tokens = if conds.is_empty() {
        &[][..]
    } else {
        &q.name_tokens[..]
    };
    for token in tokens.iter().filter(|t| !t.is_empty()) {
        let sub = Query::select()
            .expr(Expr::val(1))
            .from("case_name_tokens")
            .cond_where(
                Cond::all()
                    .add(
                        Expr::col(("case_name_tokens", "case_id"))
                            .equals(("case_defendants", "case_id")),
                    )
                    .add(
                        Expr::col(("case_name_tokens", "defendant_id"))
                            .equals(("case_defendants", "defendant_id")),
                    )
                    .add(token_range("case_name_tokens", token)),
            )
            .to_owned();
        conds.push(Expr::exists(sub));
    }
    if conds.is_empty() {
        None
    } else {
        Some(exists_for_case("case_defendants", conds))
    }
}

/// The cases with a defendant holding every one of `tokens` (as prefixes), from the token index;
/// None without a token.
fn name_candidates(tokens: &[String]) -> Option<SelectStatement> {
    let mut tokens = tokens.iter().filter(|t| !t.is_empty());
    let first = tokens.next()?;
    let mut q = Query::select();
    q.column(("t0", "case_id"))
        .from_as("case_name_tokens", "t0")
        .cond_where(token_range("t0", first));
    for (i, token) in tokens.enumerate() {
        let alias = format!("t{}", i + 1);
        let on = Cond::all()
            .add(Expr::col((alias.clone(), "case_id")).equals(("t0", "case_id")))
            .add(Expr::col((alias.clone(), "defendant_id")).equals(("t0", "defendant_id")))
            .add(token_range(&alias, token));
        q.join_as(JoinType::InnerJoin, "case_name_tokens", alias.clone(), on);
    }
    Some(q)
}

/// `table.token` starts with `token`, as the index range `token <= t < upper` (byte order: "C"
/// on PostgreSQL, SQLite's NOCASE on lower-case tokens; see [`prefix_upper_bound`]). A range
/// rather than `LIKE 'token%'`: PostgreSQL's generic plans of prepared statements cannot turn
/// `LIKE $1` into a range (the pattern is unknown when planned), and the LIKE beside the range
/// multiplied the two estimates into one row where a common given name has thousands, so the
/// planner probed the other token per candidate instead of joining the two ranges (migration
/// 0013).
fn token_range(table: &str, token: &str) -> Cond {
    let col = || Expr::col((table.to_owned(), "token"));
    let mut c = Cond::all().add(col().gte(token.to_owned()));
    if let Some(upper) = prefix_upper_bound(token) {
        c = c.add(col().lt(upper));
    }
    c
}

/// The defendants' names of each case, sorted (for lists of cases).
pub(crate) async fn defendant_names(
    tx: &mut crate::db::Tx,
    case_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>, StoreError> {
    let names = Query::select()
        .columns(["case_id", "full_name"])
        .from("case_defendants")
        .and_where(Expr::col("case_id").is_in(case_ids.iter().map(|c| id(*c))))
        .order_by("case_id", Order::Asc)
        .order_by("full_name", Order::Asc)
        .order_by("defendant_id", Order::Asc)
        .to_owned();
    let mut by_case: HashMap<Uuid, Vec<String>> = HashMap::new();
    for r in tx.all(&names).await? {
        by_case
            .entry(r.uuid("case_id")?)
            .or_default()
            .push(r.str("full_name")?);
    }
    Ok(by_case)
}

/// One access-log entry per case shown in a list (`search_hit`, `list_hit`), by `log`'s user.
pub(crate) fn hits(
    case_ids: &[Uuid],
    log: &SearchLog,
    action: &str,
    detail: &serde_json::Value,
) -> Vec<AccessLogEntry> {
    case_ids
        .iter()
        .map(|c| AccessLogEntry {
            at: log.at,
            user_id: log.user_id,
            org_id: log.org_id,
            action: action.into(),
            case_id: Some(*c),
            defendant_id: None,
            detail: Some(detail.clone()),
            correlation_id: log.correlation_id,
        })
        .collect()
}

impl Store {
    /// Searches cases visible in `scope` (an empty scope finds nothing). Present criteria combine
    /// with AND; ordered by next hearing date (cases without one last), then URN; paged (`limit`
    /// 0 means the maximum page of 500). Each returned case is recorded in the access log as a
    /// `search_hit` by `log`'s user, in the same transaction.
    pub async fn search(
        &self,
        q: &SearchQuery,
        scope: &ListScope,
        log: SearchLog,
    ) -> Result<Vec<CaseListRow>, StoreError> {
        let Some(scope_cond) = scope_condition(scope) else {
            return Ok(Vec::new());
        };
        let limit = if q.limit == 0 {
            MAX_PAGE
        } else {
            std::cmp::min(q.limit, MAX_PAGE)
        };
        let mut sel = Query::select();
        sel.columns([
            ("case_summary", "case_id"),
            ("case_summary", "urn"),
            ("case_summary", "case_number"),
            ("case_summary", "status"),
            ("case_summary", "court_ou"),
            ("case_summary", "next_hearing_date"),
            ("case_summary", "version"),
        ])
        .from("case_summary")
        .cond_where(scope_cond);
        if let Some(urn) = &q.urn {
            sel.and_where(
                Expr::expr(Func::upper(Expr::col(("case_summary", "urn"))))
                    .eq(Func::upper(Expr::val(urn.clone()))),
            );
        }
        if let Some(n) = &q.case_number {
            sel.and_where(Expr::col(("case_summary", "case_number")).eq(n.clone()));
        }
        if let Some(d) = defendant_condition(q, scope) {
            sel.and_where(d);
        }
        // The name tokens again, as a set of candidate cases read from the token index: the
        // defendants holding the first token, joined to those holding each further one (a
        // prefix range on the index: COLLATE NOCASE on SQLite, "C" on PostgreSQL; index-only on
        // the covering index of migration 0009). Without it the planner scans every case in the
        // reader's scope and tests the correlated EXISTS on each (330 ms at 18,000 cases on
        // SQLite); with the first token alone, a common given name is tens of thousands of
        // candidates at national size (6.1 s for "Jack Williams" at 1.4 million cases on
        // PostgreSQL, 0.24 s with the join, measured).
        if let Some(candidates) = name_candidates(&q.name_tokens) {
            sel.and_where(Expr::col(("case_summary", "case_id")).in_subquery(candidates));
        }
        sel.order_by_expr(
            Expr::col(("case_summary", "next_hearing_date")).is_null(),
            Order::Asc,
        )
        .order_by(("case_summary", "next_hearing_date"), Order::Asc)
        .order_by(("case_summary", "urn"), Order::Asc)
        .order_by(("case_summary", "case_id"), Order::Asc)
        .limit(limit)
        .offset(q.offset);

        // Held until the read is done (not while the hits are logged): see `search_gate`.
        let slot = self.search_gate.enter().await?;
        let mut tx = self.backend.begin_read().await?;
        tx.limit_statements(self.search_gate.time_limit()).await?;
        let mut rows = Vec::new();
        for r in tx.all(&sel).await? {
            rows.push(CaseListRow {
                case_id: r.uuid("case_id")?,
                urn: r.str("urn")?,
                case_number: r.opt_str("case_number")?,
                status: r.str("status")?,
                court_ou: r.opt_str("court_ou")?,
                next_hearing_date: r.opt_str("next_hearing_date")?,
                version: r.i64("version")?,
                defendant_names: Vec::new(),
            });
        }
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(rows);
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
        let mut by_case = defendant_names(&mut tx, &ids).await?;
        let detail = serde_json::json!({ "query": q });
        for row in rows.iter_mut() {
            row.defendant_names = by_case.remove(&row.case_id).unwrap_or_default();
        }
        tx.commit().await?;
        drop(slot);
        // Returned only once the hits are logged (grouped with other reads' entries).
        self.log_reads(hits(&ids, &log, "search_hit", &detail))
            .await?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_upper_bound;

    #[test]
    fn the_upper_bound_of_a_prefix_follows_every_string_with_it() {
        assert_eq!(prefix_upper_bound("smith").as_deref(), Some("smiti"));
        assert_eq!(prefix_upper_bound("a").as_deref(), Some("b"));
        assert_eq!(prefix_upper_bound("").as_deref(), None);
        for s in ["smith", "smithson", "smith-jones", "smith\u{10FFFF}"] {
            assert!(("smith".."smiti").contains(&s));
        }
        // A character that cannot be incremented is dropped and the one before it incremented.
        assert_eq!(prefix_upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
        // Surrogates are skipped.
        assert_eq!(prefix_upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }
}
