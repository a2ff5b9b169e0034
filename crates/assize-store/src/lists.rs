//! A court's day for the court lists: every case with a hearing at one court on one date, its
//! summary row read in one statement whatever the number of cases (not one read per case), each
//! row given to the caller's parse and policy decision. The internal list logs the cases it
//! shows; the public list logs nothing.

use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::case_read::{SUMMARY_COLUMNS, decide_each};
use crate::search::hits;
use crate::{SearchLog, Store, StoreError, StoredCase};

impl Store {
    /// The cases with a hearing at `court_ou` on `date` (`YYYY-MM-DD`), by URN, for the public
    /// list, each given to `decide` (the caller's parse: `Ok(None)` leaves it out). One
    /// statement, so one committed version of each case, and no row locks: anonymous reads must
    /// not write lock records. Nothing is written to the access log, deliberately: the public
    /// list is a publication of what the Criminal Procedure Rules let anyone have, already
    /// stripped of everything a reporting restriction protects, not a user's consultation of
    /// personal data (there is no user to attribute it to). Logging each anonymous reader would
    /// only record the public's reading of published lists, and let one anonymous client fill
    /// the log.
    pub async fn court_day<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        date: &str,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<Vec<T>, E> {
        let (_, kept) = self.decided_day(court_ou, date, decide).await?;
        Ok(kept)
    }

    /// The cases with a hearing at `court_ou` on `date`, by URN, each given to `decide` (the
    /// caller's parse and policy decision: `Ok(None)` leaves it out); the ones it keeps are
    /// recorded in the access log as `list_hit`s by `log`'s user (committed, grouped with other
    /// reads' entries, before the list is returned). One statement: each summary row carries
    /// the case's state, from which the policy's facts are taken, as for a single case read.
    pub async fn court_day_for<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        date: &str,
        log: SearchLog,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<Vec<T>, E> {
        let (case_ids, kept) = self.decided_day(court_ou, date, decide).await?;
        let detail = serde_json::json!({ "list": "court_list", "court": court_ou, "date": date });
        self.log_reads(hits(&case_ids, &log, "list_hit", &detail))
            .await?;
        Ok(kept)
    }

    /// The day's summary rows read in one statement, each given to `decide`: the ids of the
    /// cases it kept and what it kept of them.
    async fn decided_day<T, E: From<StoreError>>(
        &self,
        court_ou: &str,
        date: &str,
        decide: impl FnMut(StoredCase) -> Result<Option<T>, E>,
    ) -> Result<(Vec<Uuid>, Vec<T>), E> {
        let rows = self
            .backend
            .all(&day_summaries(court_ou, date))
            .await
            .map_err(StoreError::from)?;
        decide_each(&rows, decide)
    }
}

/// The summary rows of the cases with a hearing at `court_ou` on `date`, by URN.
fn day_summaries(court_ou: &str, date: &str) -> SelectStatement {
    let on_the_day = Query::select()
        .column("case_id")
        .from("case_hearings")
        .and_where(Expr::col("court_ou").eq(court_ou))
        .and_where(Expr::col("hearing_date").eq(date))
        .to_owned();
    Query::select()
        .columns(SUMMARY_COLUMNS)
        .from("case_summary")
        .and_where(Expr::col("case_id").in_subquery(on_the_day))
        .order_by("urn", Order::Asc)
        .order_by("case_id", Order::Asc)
        .to_owned()
}
