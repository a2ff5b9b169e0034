//! Request extractors that turn every kind of bad input into a clear problem document:
//! malformed JSON (400), wrong content type (415), oversized body (413), unknown fields and wrong
//! types (422); plus the `If-Match` case version and the `Idempotency-Key`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// A JSON body with problem-details rejections. Also keeps a hash of the raw body for
/// idempotency checks.
pub struct ApiJson<T> {
    pub value: T,
    pub body_hash: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "Send the request body as JSON with Content-Type: application/json".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest("The request body could not be read".into())
                }
            })?;
        let body_hash = hex::encode(Sha256::digest(&bytes));
        let value = match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => v,
            Err(JsonRejection::JsonSyntaxError(e)) => {
                return Err(ApiError::BadRequest(format!(
                    "The request body is not valid JSON: {}",
                    inner(&e.body_text())
                )));
            }
            Err(JsonRejection::JsonDataError(e)) => {
                return Err(ApiError::Unprocessable(format!(
                    "The request body does not have the expected shape: {}",
                    inner(&e.body_text())
                )));
            }
            Err(other) => return Err(ApiError::BadRequest(other.body_text())),
        };
        Ok(ApiJson { value, body_hash })
    }
}

/// axum's messages start with a generic prefix; keep serde's precise part ("unknown field `x`...").
fn inner(text: &str) -> String {
    text.split_once(": ")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| text.to_string())
}

/// The case version the client is changing, from `If-Match: "5"` (or `W/"5"`).
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get(axum::http::header::IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        let text = raw.to_str().map_err(|_| {
            ApiError::BadRequest("If-Match must be the case version, e.g. \"5\"".into())
        })?;
        let v = text.trim().trim_start_matches("W/").trim_matches('"');
        v.parse::<i64>()
            .ok()
            .filter(|v| *v > 0)
            .map(IfMatch)
            .ok_or_else(|| {
                ApiError::BadRequest("If-Match must be the case version, e.g. \"5\"".into())
            })
    }
}

/// An optional `Idempotency-Key` (1-255 visible ASCII characters).
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(v) => {
                let s = v.to_str().map_err(|_| {
                    ApiError::BadRequest("Idempotency-Key must be visible ASCII text".into())
                })?;
                if s.is_empty() || s.len() > 255 {
                    return Err(ApiError::BadRequest(
                        "Idempotency-Key must be 1 to 255 characters".into(),
                    ));
                }
                Ok(IdempotencyKey(Some(s.to_string())))
            }
        }
    }
}

/// Path parameters; a malformed id (not a UUID) is a 404 problem like any unknown resource.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|_| ApiError::NotFound("Resource"))
    }
}
