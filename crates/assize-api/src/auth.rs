//! Who is calling: an API token (`Authorization: Bearer`) for systems, or the session cookie for
//! people. Tokens and session ids are random 256-bit values; only their SHA-256 is stored.

use assize_policy::Principal;
use assize_store::Actor;
use axum::extract::FromRequestParts;
use axum::http::HeaderValue;
use axum::http::request::Parts;
use base64::Engine;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiError;

pub const SESSION_COOKIE: &str = "assize_session";

/// An authenticated caller, with the correlation id of this request.
#[derive(Debug, Clone)]
pub struct Authed {
    pub actor: Actor,
    pub principal: Principal,
    pub correlation_id: Uuid,
}

impl Authed {
    pub fn from_actor(actor: Actor, correlation_id: Uuid) -> Self {
        let principal = Principal {
            user_id: actor.user_id,
            org_id: actor.org_id,
            org_kind: actor.org_kind,
            role: actor.role,
            court_ous: actor.court_ous.clone(),
        };
        Authed {
            actor,
            principal,
            correlation_id,
        }
    }
}

/// A new random secret (session id or API token), URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Hash a password with Argon2id (the crate's default parameters).
pub fn hash_password(password: &str) -> String {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 hashing")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::PasswordHash::new(hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a real password"))
}

/// Check a username and password and open a session: the signed-in actor and the `Set-Cookie`
/// value (HttpOnly, SameSite=Strict, `Secure` when configured). Shared by the API and the web
/// sign-in form so both apply the same rules.
pub async fn start_session(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<(Actor, HeaderValue), ApiError> {
    let creds = state.store.user_credentials(username.trim()).await?;
    let user_id = match creds {
        Some((id, hash, disabled)) if verify_password(password, &hash) && !disabled => id,
        Some(_) => return Err(ApiError::Unauthenticated),
        None => {
            let _ = verify_password(password, dummy_hash());
            return Err(ApiError::Unauthenticated);
        }
    };
    let actor = state
        .store
        .actor(user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let secret = new_secret();
    let now = jiff::Timestamp::now();
    let expires = now
        .checked_add(state.config.session_absolute)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    state
        .store
        .create_session(&hash_secret(&secret), user_id, now, expires)
        .await?;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        state.config.session_absolute.as_secs()
    );
    let cookie = HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((actor, cookie))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_session_cookie() -> HeaderValue {
    HeaderValue::from_static("assize_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The actor of a session cookie's value, if the session is live and the user enabled (the idle
/// timeout is extended by this use).
pub async fn session_actor(state: &AppState, session: &str) -> Result<Option<Actor>, ApiError> {
    let actor = state
        .store
        .session_actor(
            &hash_secret(session),
            jiff::Timestamp::now(),
            state.config.session_idle,
        )
        .await?;
    Ok(actor.filter(|a| !a.disabled))
}

pub fn correlation_id(parts: &Parts) -> Uuid {
    parts
        .headers
        .get("x-correlation-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| Uuid::parse_str(v).ok())
        .unwrap_or_else(Uuid::now_v7)
}

pub fn session_cookie_value(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| {
            h.split(';').find_map(|c| {
                let (k, v) = c.trim().split_once('=')?;
                (k == SESSION_COOKIE && !v.is_empty()).then(|| v.to_string())
            })
        })
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let cid = correlation_id(parts);
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let actor = if let Some(token) = bearer {
            state.store.token_actor(&hash_secret(&token)).await?
        } else if let Some(session) = session_cookie_value(parts) {
            session_actor(state, &session).await?
        } else {
            None
        };
        match actor {
            Some(a) if !a.disabled => Ok(Authed::from_actor(a, cid)),
            _ => Err(ApiError::Unauthenticated),
        }
    }
}

/// Declares the two ways to authenticate in the OpenAPI document.
pub struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
        openapi.security = Some(vec![
            utoipa::openapi::security::SecurityRequirement::new("token", Vec::<String>::new()),
            utoipa::openapi::security::SecurityRequirement::new("session", Vec::<String>::new()),
        ]);
    }
}
