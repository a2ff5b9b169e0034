//! The pages, one module per task. Every handler takes a [`Viewer`](crate::viewer::Viewer)
//! (a signed-in person), asks the same services as the API, and renders a template — except the
//! public court list, which is published to anyone.

mod admin_notices;
mod admin_notices_recipient;
mod admin_notices_reconcile;
mod admin_notices_routes;
mod admin_notices_settings;
mod audit;
mod case;
mod case_model;
mod courtrooms;
pub(crate) mod describe;
mod home;
mod intake;
mod list_hearing;
mod listing;
mod lists;
pub mod notice_document;
mod notice_documents;
mod posted;
mod representation;
mod resulting;
mod search;
mod sign_in;
mod sitting_edit;
mod sitting_labels;
mod sitting_patterns;
mod sittings;
mod trial_lists;
mod trial_outcome;
mod vacate;
mod warn;
mod workload;

use assize_api::AppState;
use axum::Router;
use axum::extract::OriginalUri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::{ForViewer, WebError};
use crate::viewer::Viewer;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/session/keep-alive", get(sign_in::keep_alive))
        .route("/search", get(search::search))
        .route("/cases/new", get(intake::new_case).post(intake::send_case))
        .route("/audit", get(audit::access_log))
        .route("/cases/{case_id}/documents", get(notice_documents::list))
        .route(
            "/notices/{notice_id}/documents/{kind}",
            get(notice_documents::show),
        )
        .route(
            "/representation/new",
            get(representation::find_form).post(representation::find),
        )
        .route("/representation/confirm", post(representation::confirm))
        .route(
            "/cases/{case_id}/defendants/{defendant_id}/representation/leave",
            post(representation::leave),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/result",
            get(resulting::show).post(resulting::share),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/result/draft",
            post(resulting::save_draft),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/listing",
            get(listing::show).post(listing::move_hearing),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/vacate",
            get(vacate::show).post(vacate::vacate),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/trial-outcome",
            get(trial_outcome::show).post(trial_outcome::record),
        )
        .route(
            "/cases/{case_id}/hearings/{hearing_id}/warn",
            get(warn::show).post(warn::warn),
        )
        .route("/courts/{ou}/trial-lists", get(trial_lists::show))
        .route(
            "/courts/{ou}/courtrooms",
            get(courtrooms::show).post(courtrooms::add),
        )
        .route(
            "/cases/{case_id}/hearings/new",
            get(list_hearing::show).post(list_hearing::list),
        )
        .route("/cases/{case_id}", get(case::show))
        .route("/lists/{ou}/{date}", get(lists::public_list))
        .route("/courts/{ou}/lists/{date}", get(lists::internal_list))
        .route(
            "/courts/{ou}/sittings",
            get(sittings::show).post(sittings::add),
        )
        .route(
            "/courts/{ou}/sittings/{sitting_id}/edit",
            get(sitting_edit::show).post(sitting_edit::change),
        )
        .route(
            "/courts/{ou}/sittings/{sitting_id}/cancel",
            post(sitting_edit::cancel),
        )
        .route(
            "/courts/{ou}/sitting-patterns",
            get(sitting_patterns::show).post(sitting_patterns::add),
        )
        .route("/courts/{ou}/workload", get(workload::show))
        .route("/admin/notices", get(admin_notices::list))
        .route(
            "/admin/notices/recipients/{id}",
            get(admin_notices_recipient::show),
        )
        .route(
            "/admin/notices/recipients/{id}/replay-dead",
            post(admin_notices_recipient::replay_dead),
        )
        .route(
            "/admin/notices/recipients/{id}/settings",
            get(admin_notices_settings::show).post(admin_notices_settings::save),
        )
        .route(
            "/admin/notices/notices/{id}/replay",
            post(admin_notices_recipient::replay),
        )
        .route("/admin/notices/routes", get(admin_notices_routes::table))
        .route(
            "/admin/notices/reconciliation",
            get(admin_notices_reconcile::show),
        )
        .route(
            "/admin/notices/routes/{code}",
            get(admin_notices_routes::show).post(admin_notices_routes::save),
        )
}

/// Unknown addresses: a problem document under `/api/`, a page elsewhere.
pub async fn not_found(uri: OriginalUri, viewer: Option<Viewer>) -> Response {
    if uri.path().starts_with("/api/") {
        return assize_api::not_found().await.into_response();
    }
    match viewer {
        Some(v) => Err::<(), _>(WebError::NotFound).framed(&v),
        None => Err(WebError::NotFound),
    }
    .into_response()
}

/// A known address with a method it does not take.
pub async fn method_not_allowed(uri: OriginalUri) -> Response {
    if uri.path().starts_with("/api/") {
        return assize_api::method_not_allowed().await.into_response();
    }
    WebError::MethodNotAllowed.into_response()
}
