//! The one error type of the pages, mapped once to a page: "sign in" (a redirect), "not found"
//! (the same page whether the case is absent or not yours, so existence is never revealed), "you
//! do not have access", "the case changed" and "sorry, there is a problem" (details logged with
//! the correlation id, never shown).

use askama::Template;
use assize_api::error::ApiError;
use assize_domain::case::DomainError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::page::Chrome;
use crate::viewer::Viewer;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("sign in")]
    SignIn { next: Option<String>, expired: bool },
    #[error("the form came from somewhere else")]
    Csrf,
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("version conflict: expected {expected}, now {actual}")]
    Conflict { expected: i64, actual: i64 },
    #[error("{0}")]
    Invalid(String),
    #[error("internal: {0}")]
    Internal(String),
    /// The service could not do it now (too busy, or it took too long); the text says what to
    /// do, and is the API's own (never the internal detail).
    #[error("busy: {0}")]
    Busy(String),
    /// An error shown inside the signed-in frame of its viewer.
    #[error("{1}")]
    Framed(Box<Chrome>, Box<WebError>),
}

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthenticated => WebError::SignIn {
                next: None,
                expired: true,
            },
            ApiError::Forbidden => WebError::Forbidden,
            ApiError::NotFound(_) | ApiError::Domain(DomainError::NotFound { .. }) => {
                WebError::NotFound
            }
            ApiError::Conflict { expected, actual } => WebError::Conflict { expected, actual },
            ApiError::Internal(m) | ApiError::Unavailable(m) => WebError::Internal(m),
            e @ (ApiError::Busy(_) | ApiError::TimedOut(_)) => {
                if let ApiError::Busy(m) | ApiError::TimedOut(m) = &e {
                    tracing::warn!(error = %m, "page could not be answered now");
                }
                WebError::Busy(e.problem().detail)
            }
            other => WebError::Invalid(other.to_string()),
        }
    }
}

/// Show an error inside the viewer's own frame (identity bar, navigation).
pub trait ForViewer<T> {
    fn framed(self, v: &Viewer) -> Result<T, WebError>;
}

impl<T, E: Into<WebError>> ForViewer<T> for Result<T, E> {
    fn framed(self, v: &Viewer) -> Result<T, WebError> {
        self.map_err(|e| match e.into() {
            f @ (WebError::Framed(..) | WebError::SignIn { .. }) => f,
            e => WebError::Framed(Box::new(v.chrome("", "")), Box::new(e)),
        })
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: &'static str,
    paragraphs: Vec<String>,
    links: Vec<(&'static str, &'static str)>,
}

impl WebError {
    fn page(&self) -> (StatusCode, &'static str, Vec<String>) {
        match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                vec![
                    "If you typed the web address, check it is correct.".into(),
                    "If you followed a link to a case, the case may not exist or you may not have access to it. Ask the court or the party who sent you the link.".into(),
                ],
            ),
            WebError::Forbidden => (
                StatusCode::FORBIDDEN,
                "You do not have access to do this",
                vec![
                    "Your role does not allow this action on this case.".into(),
                    "If you think you should have access, contact your organisation's administrator.".into(),
                ],
            ),
            WebError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "Page not found",
                vec!["This address does not accept that kind of request.".into()],
            ),
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                "The form has expired",
                vec![
                    "Nothing was saved. The form was sent from an old page or another site.".into(),
                    "Go back, reload the page and try again.".into(),
                ],
            ),
            WebError::Conflict { .. } => (
                StatusCode::CONFLICT,
                "The case has been changed by someone else",
                vec![
                    "Your change was not saved, so nothing was overwritten.".into(),
                    "Open the case again to see what changed, then make your change again.".into(),
                ],
            ),
            WebError::Invalid(m) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "There is a problem",
                vec![m.clone(), "Nothing was saved.".into()],
            ),
            WebError::Busy(m) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Sorry, the service is busy",
                vec![m.clone()],
            ),
            WebError::Internal(_) | WebError::SignIn { .. } | WebError::Framed(..) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
                vec![
                    "Try again later. Nothing you had saved has been lost.".into(),
                    "If the problem continues, contact the service desk.".into(),
                ],
            ),
        }
    }
}

fn sign_in_redirect(next: Option<String>, expired: bool) -> Response {
    let mut target = String::from("/sign-in");
    let mut sep = '?';
    if expired {
        target.push_str("?expired=1");
        sep = '&';
    }
    if let Some(n) = next.filter(|n| n.starts_with('/') && !n.starts_with("//")) {
        target.push(sep);
        target.push_str("next=");
        target.push_str(&crate::format::url_encode(&n));
    }
    let mut resp = Redirect::to(&target).into_response();
    if expired {
        resp.headers_mut().insert(
            header::SET_COOKIE,
            assize_api::auth::cleared_session_cookie(),
        );
    }
    resp
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (chrome, error) = match self {
            WebError::Framed(chrome, e) => (*chrome, *e),
            e => (Chrome::anonymous(""), e),
        };
        if let WebError::SignIn { next, expired } = error {
            return sign_in_redirect(next, expired);
        }
        if let WebError::Internal(m) = &error {
            tracing::error!(error = %m, "page failed");
        }
        let (status, heading, paragraphs) = error.page();
        let mut chrome = chrome;
        chrome.title = heading.into();
        let signed_in = chrome.user.is_some();
        let page = ErrorPage {
            chrome,
            heading,
            paragraphs,
            links: if signed_in {
                vec![("/", "Go to your home page"), ("/search", "Find a case")]
            } else {
                vec![("/sign-in", "Sign in")]
            },
        };
        match page.render() {
            Ok(html) => {
                let mut resp = (status, axum::response::Html(html)).into_response();
                resp.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                resp
            }
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (status, heading).into_response()
            }
        }
    }
}
