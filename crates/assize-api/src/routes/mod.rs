//! The `/api/v1` routes, each documented in the OpenAPI document by its `#[utoipa::path]`.

pub(crate) mod audit;
pub(crate) mod cases;
pub(crate) mod estate;
mod hearings;
pub(crate) mod lists;
pub(crate) mod lists_internal;
mod lists_live;
mod live;
mod orders;
pub(crate) mod patterns;
mod reference;
pub(crate) mod representation;
pub(crate) mod scheduling;
mod session;
pub(crate) mod sitting_changes;
pub(crate) mod trial_lists;
pub(crate) mod workload;
mod workload_types;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::ApiError;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session::health))
        .routes(routes!(session::sign_in, session::sign_out))
        .routes(routes!(session::me))
        .routes(routes!(cases::search_cases, cases::create_case))
        .routes(routes!(cases::get_case))
        .routes(routes!(cases::get_timeline))
        .routes(routes!(live::case_live))
        .routes(routes!(live::all_live))
        .routes(routes!(hearings::list_hearing))
        .routes(routes!(hearings::record_outcome))
        .routes(routes!(hearings::vacate_hearing))
        .routes(routes!(scheduling::proposals))
        .routes(routes!(scheduling::new_proposals))
        .routes(routes!(scheduling::move_hearing))
        .routes(routes!(scheduling::trial_outcome))
        .routes(routes!(scheduling::dates_to_avoid))
        .routes(routes!(trial_lists::warn_trial))
        .routes(routes!(trial_lists::get_trial_lists))
        .routes(routes!(estate::courtrooms, estate::add_courtroom))
        .routes(routes!(estate::sittings, estate::add_sitting))
        .routes(routes!(estate::add_pattern, patterns::list_patterns))
        .routes(routes!(
            sitting_changes::patch_sitting,
            sitting_changes::delete_sitting
        ))
        .routes(routes!(workload::get_workload))
        .routes(routes!(representation::associate, representation::remove))
        .routes(routes!(orders::impose_restriction))
        .routes(routes!(orders::lift_restriction))
        .routes(routes!(orders::extend_ctl))
        .routes(routes!(orders::propose_amendment))
        .routes(routes!(orders::decide_amendment))
        .routes(routes!(lists::get_public_list))
        .routes(routes!(lists_live::public_list_live))
        .routes(routes!(lists_internal::get_court_list))
        .routes(routes!(audit::access_log))
        .routes(routes!(reference::courts))
        .routes(routes!(reference::offences))
        .routes(routes!(reference::results))
        .routes(routes!(crate::notices::feed::list_recipients))
        .routes(routes!(crate::notices::admin::put_recipient))
        .routes(routes!(crate::notices::admin::replay_notice))
        .routes(routes!(crate::notices::admin::replay_dead))
        .routes(routes!(crate::notices::routing_api::get_routes))
        .routes(routes!(crate::notices::routing_api::put_route))
        .routes(routes!(crate::notices::reconcile::get_reconciliation))
        .routes(routes!(crate::notices::feed::get_feed))
        .routes(routes!(crate::notices::feed::ack))
}

/// Anything not routed: a problem document, not an empty 404.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("Resource")
}

/// A known path with a method it does not support.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
