//! The same people's hearings in other cases, for the double-booking rule of listing
//! (`assize_domain::listing::elsewhere`): a defendant of several cases is recognised by their
//! PNC ID, and their other cases' hearings still listed on the days in question are read from
//! the hearings read model with the sitting each is placed in.
//!
//! This read names no one to anybody (the domain turns a clash into a refusal that gives only
//! the PNC ID the person listing already has, a court and a time), so it is not an access-log
//! read of another case.

use assize_domain::listing::{BookedElsewhere, Session};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::db::id;
use crate::{Store, StoreError};

impl Store {
    /// Hearings still listed on `dates` (`YYYY-MM-DD`) in cases other than `case_id` whose
    /// defendants have one of `pnc_ids`. The court's name is left for the caller (the store
    /// holds no reference data).
    pub async fn booked_elsewhere(
        &self,
        case_id: Uuid,
        pnc_ids: &[String],
        dates: &[String],
    ) -> Result<Vec<BookedElsewhere>, StoreError> {
        if pnc_ids.is_empty() || dates.is_empty() {
            return Ok(Vec::new());
        }
        let q = Query::select()
            .columns([
                ("case_hearings", "hearing_id"),
                ("case_hearings", "case_id"),
                ("case_hearings", "court_ou"),
                ("case_hearings", "hearing_date"),
                ("case_hearings", "sitting_id"),
                ("case_hearings", "start_time"),
            ])
            .column(("case_defendants", "pnc_id"))
            .column(("sittings", "session"))
            .from("case_hearings")
            .inner_join(
                "case_defendants",
                Expr::col(("case_defendants", "case_id")).equals(("case_hearings", "case_id")),
            )
            .left_join(
                "sittings",
                Expr::col(("sittings", "id")).equals(("case_hearings", "sitting_id")),
            )
            .and_where(Expr::col(("case_defendants", "pnc_id")).is_in(pnc_ids.iter().cloned()))
            .and_where(Expr::col(("case_hearings", "hearing_date")).is_in(dates.iter().cloned()))
            .and_where(Expr::col(("case_hearings", "status")).eq("listed"))
            // A warned trial is not yet on any day: it keeps nobody in court.
            .and_where(Expr::col(("case_hearings", "warned_from")).is_null())
            .and_where(Expr::col(("case_hearings", "case_id")).ne(id(case_id)))
            .order_by(("case_hearings", "hearing_date"), Order::Asc)
            .order_by(("case_hearings", "hearing_id"), Order::Asc)
            .to_owned();
        let mut out = Vec::new();
        for r in self.backend.all(&q).await? {
            let date = r.str("hearing_date")?;
            let sitting = match (
                r.opt_uuid("sitting_id")?,
                r.opt_str("start_time")?,
                r.opt_str("session")?.as_deref().and_then(Session::parse),
            ) {
                (Some(id), Some(start), Some(session)) => Some((id, start, session)),
                _ => None,
            };
            out.push(BookedElsewhere {
                pnc_id: r.str("pnc_id")?,
                case_id: r.uuid("case_id")?,
                hearing_id: r.uuid("hearing_id")?,
                court_ou: r.str("court_ou")?,
                court_name: String::new(),
                date: date
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("hearing date {date}: {e}")))?,
                sitting,
            });
        }
        Ok(out)
    }
}
