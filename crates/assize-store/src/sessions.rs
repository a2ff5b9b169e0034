//! Browser sessions and API tokens. Only SHA-256 hex digests of the secrets are stored, so a
//! copy of the database does not let anyone act as a user.

use jiff::{SignedDuration, Timestamp};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::db::{id, ts_text};
use crate::error::is_any_unique_violation;
use crate::identity::{actor_from_rows, actor_select};
use crate::{Actor, ApiTokenInfo, Store, StoreError};

/// `last_seen_at` is refreshed at most this often, to avoid a write per request.
const LAST_SEEN_GRANULARITY: SignedDuration = SignedDuration::from_secs(60);

impl Store {
    /// Records a new session for `user_id`, valid until `absolute_expiry` at the latest.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Uuid,
        now: Timestamp,
        absolute_expiry: Timestamp,
    ) -> Result<(), StoreError> {
        let q = Query::insert()
            .into_table("sessions")
            .columns([
                "token_hash",
                "user_id",
                "created_at",
                "last_seen_at",
                "expires_at",
            ])
            .values([
                token_hash.into(),
                id(user_id).into(),
                ts_text(now).into(),
                ts_text(now).into(),
                ts_text(absolute_expiry).into(),
            ])?
            .to_owned();
        self.backend.exec(&q).await.map_err(|e| {
            if is_any_unique_violation(&e) {
                StoreError::Duplicate("session token".into())
            } else {
                e.into()
            }
        })?;
        Ok(())
    }

    /// The actor behind a session: None if there is no such session, it passed its absolute
    /// expiry, it was idle for `idle` or longer, or the user is disabled. Dead sessions found are
    /// deleted. On success `last_seen_at` is refreshed (at most once a minute).
    pub async fn session_actor(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle: SignedDuration,
    ) -> Result<Option<Actor>, StoreError> {
        let q = actor_select(&self.backend)
            .expr_as(Expr::col(("sessions", "last_seen_at")), "last_seen_at")
            .expr_as(Expr::col(("sessions", "expires_at")), "expires_at")
            .inner_join(
                "sessions",
                Expr::col(("sessions", "user_id")).equals(("users", "id")),
            )
            .and_where(Expr::col(("sessions", "token_hash")).eq(token_hash))
            .to_owned();
        let rows = self.backend.all(&q).await?;
        let Some(r) = rows.first() else {
            return Ok(None);
        };
        let last_seen = r.ts("last_seen_at")?;
        let expires = r.ts("expires_at")?;
        let actor = if now >= expires || now.duration_since(last_seen) >= idle {
            None
        } else {
            actor_from_rows(&rows)?.filter(|a| !a.disabled)
        };
        let Some(actor) = actor else {
            self.delete_session(token_hash).await?;
            return Ok(None);
        };
        if now.duration_since(last_seen) >= LAST_SEEN_GRANULARITY {
            let q = Query::update()
                .table("sessions")
                .value("last_seen_at", ts_text(now))
                .and_where(Expr::col("token_hash").eq(token_hash))
                .to_owned();
            self.backend.exec(&q).await?;
        }
        Ok(Some(actor))
    }

    /// Ends a session (logout). Deleting an absent session is not an error.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let q = Query::delete()
            .from_table("sessions")
            .and_where(Expr::col("token_hash").eq(token_hash))
            .to_owned();
        self.backend.exec(&q).await?;
        Ok(())
    }

    /// Deletes every session past its absolute expiry or idle for `idle`; returns how many.
    pub async fn purge_sessions(
        &self,
        now: Timestamp,
        idle: SignedDuration,
    ) -> Result<u64, StoreError> {
        let idle_cutoff = now
            .checked_sub(idle)
            .map_err(|e| StoreError::Invalid(format!("idle duration: {e}")))?;
        let q = Query::delete()
            .from_table("sessions")
            .cond_where(
                Expr::col("expires_at")
                    .lte(ts_text(now))
                    .or(Expr::col("last_seen_at").lte(ts_text(idle_cutoff))),
            )
            .to_owned();
        Ok(self.backend.exec(&q).await?)
    }

    /// Records an API token (for a system account user); only its hash is stored.
    pub async fn create_api_token(
        &self,
        token_id: Uuid,
        user_id: Uuid,
        name: &str,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let q = Query::insert()
            .into_table("api_tokens")
            .columns(["id", "user_id", "name", "token_hash", "created_at"])
            .values([
                id(token_id).into(),
                id(user_id).into(),
                name.into(),
                token_hash.into(),
                ts_text(now).into(),
            ])?
            .to_owned();
        self.backend.exec(&q).await.map_err(|e| {
            if is_any_unique_violation(&e) {
                StoreError::Duplicate("API token".into())
            } else {
                e.into()
            }
        })?;
        Ok(())
    }

    /// Revokes a token (revoking twice keeps the first time). Unknown id: NotFound.
    pub async fn revoke_api_token(&self, token_id: Uuid, now: Timestamp) -> Result<(), StoreError> {
        let q = Query::update()
            .table("api_tokens")
            .value("revoked_at", ts_text(now))
            .and_where(Expr::col("id").eq(id(token_id)))
            .and_where(Expr::col("revoked_at").is_null())
            .to_owned();
        if self.backend.exec(&q).await? == 0 {
            let q = Query::select()
                .column("id")
                .from("api_tokens")
                .and_where(Expr::col("id").eq(id(token_id)))
                .to_owned();
            if self.backend.opt(&q).await?.is_none() {
                return Err(StoreError::NotFound);
            }
        }
        Ok(())
    }

    /// The actor behind an API token: None if unknown, revoked, or the user is disabled.
    pub async fn token_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError> {
        let q = actor_select(&self.backend)
            .inner_join(
                "api_tokens",
                Expr::col(("api_tokens", "user_id")).equals(("users", "id")),
            )
            .and_where(Expr::col(("api_tokens", "token_hash")).eq(token_hash))
            .and_where(Expr::col(("api_tokens", "revoked_at")).is_null())
            .to_owned();
        Ok(actor_from_rows(&self.backend.all(&q).await?)?.filter(|a| !a.disabled))
    }

    /// A user's tokens (metadata only), oldest first.
    pub async fn list_api_tokens(&self, user_id: Uuid) -> Result<Vec<ApiTokenInfo>, StoreError> {
        let q = Query::select()
            .columns(["id", "user_id", "name", "created_at", "revoked_at"])
            .from("api_tokens")
            .and_where(Expr::col("user_id").eq(id(user_id)))
            .order_by("created_at", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.backend
            .all(&q)
            .await?
            .iter()
            .map(|r| {
                Ok(ApiTokenInfo {
                    id: r.uuid("id")?,
                    user_id: r.uuid("user_id")?,
                    name: r.str("name")?,
                    created_at: r.ts("created_at")?,
                    revoked_at: r.opt_ts("revoked_at")?,
                })
            })
            .collect()
    }
}
