//! The browser interface of Assize: server-rendered pages in the GOV.UK and Ministry of Justice
//! Design Systems, working without JavaScript (JavaScript only enhances: live updates, draft
//! autosave, result-code suggestions). Pages call the same services as the JSON API
//! (`assize_api::service`), so every access decision, domain rule, atomic append and access-log
//! entry is the same whichever door a user comes in by.
#![forbid(unsafe_code)]

mod error;
mod format;
mod page;
mod pages;
mod viewer;

use assize_api::AppState;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::WebError;

/// The whole application: the JSON API and the browser interface on one router.
pub fn app(state: AppState) -> Router {
    let assets = Router::new()
        .nest_service("/assets", ServeDir::new(&state.config.assets_dir))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ));
    let router = assize_api::api_routes()
        .merge(with_security_headers(pages::routes()))
        .merge(assets)
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed);
    assize_api::finish(router, state)
}

/// Headers on every page: no framing, no inline script, no referrer leaking case ids, no caching
/// of personal data by the browser or a proxy.
fn with_security_headers(pages: Router<AppState>) -> Router<AppState> {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    pages
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::CACHE_CONTROL, "no-store"))
}
