//! The one error type of the HTTP layer, mapped once to `application/problem+json` (RFC 9457).
//! Each problem has a stable `type` URI clients can switch on and a `detail` a clerk understands.
//! Internal details (database errors) are logged with the correlation id and never shown.

use assize_domain::case::{DomainError, FieldError};
use assize_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem details document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem, e.g. `urn:assize:problem:version-conflict`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Every field at fault, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// The case's current version, for a version conflict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// JSON path of the field, e.g. `defendants[0].asn`.
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in, or send a valid API token")]
    Unauthenticated,
    #[error("you do not have permission to do this")]
    Forbidden,
    /// Deliberately the same for "absent" and "not yours", so existence is not revealed.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("this method is not supported here")]
    MethodNotAllowed,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    Unprocessable(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(
        "the case has changed since you loaded it (you had version {expected}, it is now {actual}): reload it and check before saving again"
    )]
    Conflict { expected: i64, actual: i64 },
    #[error(
        "send the case version you are changing in an If-Match header (the ETag of GET /cases/{{id}}), so a concurrent change is never overwritten"
    )]
    PreconditionRequired,
    #[error("a case with URN {0} already exists")]
    DuplicateUrn(String),
    #[error("{0}")]
    DuplicateName(String),
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyMismatch,
    #[error("internal error")]
    Internal(String),
    /// The database cannot be reached for the moment: nothing was done; retry shortly.
    #[error("the service is unavailable for a moment")]
    Unavailable(String),
    /// Too much work of this kind at once (searches): nothing was done; retry shortly.
    #[error("the service is too busy to answer this now")]
    Busy(String),
    /// The work ran past its time limit and was stopped: nothing was done.
    #[error("the request took too long and was stopped")]
    TimedOut(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { expected, actual } => ApiError::Conflict { expected, actual },
            StoreError::DuplicateUrn(u) => ApiError::DuplicateUrn(u),
            StoreError::NotFound => ApiError::NotFound("Resource"),
            StoreError::SittingChanged(_) => ApiError::Domain(DomainError::rule(
                "sitting-changed",
                "The sitting was changed or cancelled while the hearing was being listed in it: \
                 nothing was recorded; look at the sittings again and choose one",
            )),
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            StoreError::Busy(m) => ApiError::Busy(m),
            StoreError::TimedOut(m) => ApiError::TimedOut(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &str, &str) {
        use ApiError::*;
        match self {
            Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "Not signed in"),
            Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Malformed request",
            ),
            UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request too large",
            ),
            Unprocessable(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
            ),
            Domain(DomainError::NotFound { .. }) => {
                (StatusCode::NOT_FOUND, "not-found", "Not found")
            }
            Domain(DomainError::Invalid(_)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
            ),
            Domain(DomainError::Rule { rule, .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                rule,
                "Not allowed at this stage of the case",
            ),
            Conflict { .. } => (
                StatusCode::CONFLICT,
                "version-conflict",
                "The case has changed",
            ),
            PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "version-required",
                "Case version required",
            ),
            DuplicateUrn(_) => (StatusCode::CONFLICT, "duplicate-urn", "Case already exists"),
            DuplicateName(_) => (StatusCode::CONFLICT, "duplicate", "Already exists"),
            IdempotencyMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency-Key reused",
            ),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong",
            ),
            Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy", "Too busy"),
            TimedOut(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "timed-out",
                "Took too long",
            ),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, code, title) = self.parts();
        let errors = match self {
            ApiError::Domain(DomainError::Invalid(fields)) => fields.iter().map(field).collect(),
            _ => vec![],
        };
        let detail = match self {
            ApiError::Internal(_) => "Something went wrong on our side. Nothing was changed; try again, and if it persists tell the service desk the time it happened.".to_string(),
            ApiError::Unavailable(_) => "The service cannot reach its database for a moment. Send the same request again in a few seconds, with the same Idempotency-Key (or after reading the case version again): if the connection was lost while the change was being saved, that tells you whether it was.".to_string(),
            ApiError::Busy(_) => "Too many searches are running at once. Nothing was changed; try again in a few seconds.".to_string(),
            ApiError::TimedOut(_) => "This took too long and was stopped; nothing was changed. If it was a search, narrow it: more of the name, a date of birth, an ASN or the URN.".to_string(),
            other => {
                let mut d = other.to_string();
                if let Some(first) = d.get(..1) {
                    d = first.to_uppercase() + &d[1..];
                }
                d
            }
        };
        Problem {
            problem_type: format!("urn:assize:problem:{code}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            errors,
            current_version: match self {
                ApiError::Conflict { actual, .. } => Some(*actual),
                _ => None,
            },
        }
    }
}

fn field(f: &FieldError) -> ProblemField {
    ProblemField {
        field: f.field.clone(),
        message: f.message.clone(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(detail) => tracing::error!(error = %detail, "internal error"),
            ApiError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "database unavailable")
            }
            ApiError::Busy(detail) => tracing::warn!(error = %detail, "too busy"),
            ApiError::TimedOut(detail) => tracing::warn!(error = %detail, "timed out"),
            _ => {}
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(problem)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"assize\""),
            );
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_maps_to_a_stable_type_and_status() {
        let cases = [
            (
                ApiError::Conflict {
                    expected: 3,
                    actual: 5,
                },
                409,
                "version-conflict",
            ),
            (ApiError::PreconditionRequired, 428, "version-required"),
            (ApiError::Unavailable("refused".into()), 503, "unavailable"),
            (ApiError::Busy("no search slot".into()), 503, "busy"),
            (ApiError::TimedOut("57014".into()), 503, "timed-out"),
            (
                ApiError::Domain(DomainError::rule("no-plea-indictable-only", "No plea")),
                422,
                "no-plea-indictable-only",
            ),
            (
                ApiError::Domain(DomainError::invalid("urn", "bad")),
                422,
                "invalid-input",
            ),
            (ApiError::NotFound("Case"), 404, "not-found"),
            (
                ApiError::Internal("db exploded: SELECT ...".into()),
                500,
                "internal",
            ),
        ];
        for (err, status, code) in cases {
            let p = err.problem();
            assert_eq!(p.status, status);
            assert_eq!(p.problem_type, format!("urn:assize:problem:{code}"));
        }
    }

    #[test]
    fn internal_details_are_never_shown() {
        let p = ApiError::Internal("password_hash column missing".into()).problem();
        assert!(!p.detail.contains("password_hash"));
        for e in [
            ApiError::Busy("semaphore acquire".into()),
            ApiError::TimedOut("error returned from database: canceling statement".into()),
        ] {
            let p = e.problem();
            assert!(!p.detail.contains("semaphore") && !p.detail.contains("canceling"));
        }
        let c = ApiError::Conflict {
            expected: 3,
            actual: 5,
        }
        .problem();
        assert_eq!(c.current_version, Some(5));
        assert!(c.detail.starts_with("The case has changed"));
    }
}
