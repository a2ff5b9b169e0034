//! The responses every case-changing endpoint may give, declared once for the OpenAPI document.

use utoipa::IntoResponses;

use crate::commands::CommandResult;
use crate::error::Problem;

/// Documentation only: the handlers return `ApiResult<Response>`.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum CaseChangeResponses {
    /// Recorded: the case's new version and the events written.
    #[response(status = 200)]
    Recorded(CommandResult),
    /// Malformed request: JSON syntax, or a bad header value.
    #[response(status = 400, content_type = "application/problem+json")]
    Malformed(Problem),
    /// Not signed in, or no valid API token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The caller may read the case but not make this change.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such case (or not one the caller may see), hearing, defendant...
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The case changed since the version in If-Match; nothing was written.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The request body is too large.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// Invalid input or a rule of procedure refuses the change; `type` names the rule.
    #[response(status = 422, content_type = "application/problem+json")]
    Refused(Problem),
    /// If-Match (the case version) is missing.
    #[response(status = 428, content_type = "application/problem+json")]
    VersionRequired(Problem),
}
