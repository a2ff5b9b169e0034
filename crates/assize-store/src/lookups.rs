//! Small reads the browser interface needs to turn what people type or see into ids and back:
//! a username into a user id (the auditor searches by the name people sign in with), case ids
//! into URNs (the access log shows which case), and the organisations of one kind (the intake
//! form offers prosecuting authorities and police forces to choose from). None of them reads
//! personal data, so none is access-logged.

use std::collections::HashMap;

use assize_domain::access::OrgKind;
use sea_query::{Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

use crate::db::id;
use crate::{Store, StoreError};

impl Store {
    /// The user with this username (ignoring case and surrounding spaces), disabled or not:
    /// an auditor must find what a since-disabled user did.
    pub async fn user_id_by_username(&self, username: &str) -> Result<Option<Uuid>, StoreError> {
        let q = Query::select()
            .column("id")
            .from("users")
            .and_where(
                Expr::expr(Func::lower(Expr::col("username"))).eq(username.trim().to_lowercase()),
            )
            .order_by("id", Order::Asc)
            .limit(1)
            .to_owned();
        self.backend
            .opt(&q)
            .await?
            .map(|r| r.uuid("id"))
            .transpose()
    }

    /// The URN of each of these cases that exists (one query for a page of access-log entries).
    pub async fn case_urns(&self, case_ids: &[Uuid]) -> Result<HashMap<Uuid, String>, StoreError> {
        let mut out = HashMap::new();
        if case_ids.is_empty() {
            return Ok(out);
        }
        let q = Query::select()
            .columns(["case_id", "urn"])
            .from("case_summary")
            .and_where(Expr::col("case_id").is_in(case_ids.iter().map(|c| id(*c))))
            .to_owned();
        for r in self.backend.all(&q).await? {
            out.insert(r.uuid("case_id")?, r.str("urn")?);
        }
        Ok(out)
    }

    /// (code, name) of every organisation of `kind` that has a code, by name: the choices of a
    /// select (a case names its prosecuting authority and police force by code).
    pub async fn organisation_codes(
        &self,
        kind: OrgKind,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let q = Query::select()
            .columns(["code", "name"])
            .from("organisations")
            .and_where(Expr::col("kind").eq(kind.as_str()))
            .and_where(Expr::col("code").is_not_null())
            .order_by("name", Order::Asc)
            .order_by("code", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(|r| Ok((r.str("code")?, r.str("name")?)))
            .collect()
    }
}
