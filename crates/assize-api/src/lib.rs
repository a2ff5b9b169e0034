//! The HTTP layer of Assize: the JSON API under `/api/v1`, documented by an OpenAPI 3.1 document
//! generated from the handlers. Handlers are thin: they authenticate, ask the one policy, call the
//! pure domain and the store, and map errors once (see `error`). The same [`app`] serves `main`
//! and the tests.
#![forbid(unsafe_code)]

pub mod auth;
mod case_command;
mod commands;
pub mod config;
mod courtrooms;
pub mod demo;
pub mod error;
mod extract;
pub mod generate;
mod intake;
pub mod live;
pub mod notices;
pub mod projection;
mod proposals;
mod responses;
mod routes;
pub mod sittings;
pub mod view;

/// What the web interface shares with the API: the same access checks, domain decisions,
/// atomic appends and access logging, returning values instead of JSON responses.
pub mod service {
    pub use crate::commands::{
        AtCourt, CaseCommand, CommandResult, authorised_case, decide_with_ctx, execute,
        record_events,
    };
    pub use crate::courtrooms::{court_rooms, create_courtroom};
    pub use crate::intake::new_case_events;
    pub use crate::notices::admin::{
        RecipientSettings, check_settings, configure as configure_recipient,
        operator as notices_operator, replay_dead_letters, replay_one as replay_notice,
    };
    pub use crate::notices::metrics::watch;
    pub use crate::notices::outbox::routing as notice_routing;
    pub use crate::notices::routing_api::set_route;
    pub use crate::routes::audit::{AccessLogItem, AccessLogParams, read_access_log};
    pub use crate::routes::cases::{
        CaseList, CaseSummary, ReadCase, SearchParams, TimelineEntry, read_case, search, timeline,
    };
    pub use crate::routes::estate::PatternResult;
    pub use crate::routes::estate::{create_sitting, day_of_sittings};
    pub use crate::routes::lists::{PublicCourtList, public_court_list};
    pub use crate::routes::lists_internal::{
        CourtList, CourtListDefendant, CourtListEntry, court_list,
    };
    pub use crate::routes::patterns::{PatternView, create_pattern, patterns};
    pub use crate::routes::representation::{
        Association, associate_defence, decide_association, leave_defence,
    };
    pub use crate::routes::scheduling::{
        NewHearingProposalParams, ProposalList, ProposalParams, hearing_proposals, move_command,
        new_hearing_proposals,
    };
    pub use crate::routes::sitting_changes::{
        SittingChanged, cancel_sitting, change_sitting, sitting_to_change,
    };
    pub use crate::routes::trial_lists::{
        TrialListEntry, TrialListParams, TrialLists, trial_list_range, trial_lists, warn_command,
    };
    pub use crate::routes::workload::{
        CtlDay, CtlExpiry, UnlistedCase, Utilisation, Workload, WorkloadDayView, WorkloadParams,
        WorkloadWeek, workload, workload_range,
    };
    pub use crate::sittings::SittingView;
}

use std::sync::Arc;

use assize_policy::Policy;
use assize_store::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use auth::SecurityAddon;
pub use config::Config;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub policy: Arc<Policy>,
    pub config: Arc<Config>,
    /// Live updates (Server-Sent Events): shared fan-out and shutdown of open streams.
    pub live: Arc<live::LiveFeed>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        AppState {
            live: Arc::new(live::LiveFeed::new(store.clone())),
            store,
            policy: Arc::new(Policy::new()),
            config: Arc::new(config),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Assize API",
        description = "The shared criminal case record: police and prosecutors send cases in, courts record what happens at each hearing, every party reads its own part. Authenticate with `Authorization: Bearer <API token>` (systems) or the session cookie from `POST /api/v1/session` (people). Changes to a case need `If-Match` with the case version (its ETag); writes accept `Idempotency-Key`. Errors are RFC 9457 problem documents.",
        license(name = "MIT")
    ),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "cases", description = "Cases: intake, search, reading"),
        (name = "hearings", description = "Listing and resulting hearings"),
        (name = "listing", description = "Courtrooms, sittings, proposals of sittings for a hearing, moving hearings, trial outcomes"),
        (name = "representation", description = "Defence firms on record"),
        (name = "lists", description = "Daily court lists: public (no sign-in, reporting restrictions honoured) and internal"),
        (name = "orders", description = "Reporting restrictions, custody time limits, amendments of results"),
        (name = "audit", description = "Personal-data access log"),
        (name = "notices", description = "Notices of results to the police, prosecutors, defence and agencies: the pull feed with acknowledgement, webhooks (signed; see the README), and the operators' delivery controls. Delivery is at least once: discard duplicates by notice id"),
        (name = "reference", description = "Reference data")
    ),
    modifiers(&SecurityAddon)
)]
struct ApiDoc;

/// The router and its OpenAPI document, built from the same route definitions.
pub fn router_and_doc() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", routes::routes())
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    (router, doc)
}

/// The OpenAPI document as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    router_and_doc()
        .1
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

/// The whole application: the API alone (the browser interface adds its pages with
/// `assize_web::app`, over the same routes).
pub fn app(state: AppState) -> Router {
    let router = api_routes()
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed);
    finish(router, state)
}

/// The `/api/v1` routes and the served OpenAPI document, without fallbacks, layers or state.
pub fn api_routes() -> Router<AppState> {
    let (router, doc) = router_and_doc();
    let doc = Arc::new(
        doc.to_pretty_json()
            .expect("the OpenAPI document serialises"),
    );
    router
        .route("/metrics", axum::routing::get(notices::metrics::metrics))
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        (*doc).clone(),
                    )
                }
            }),
        )
}

/// The layers every request passes through (body limit, tracing), and the state.
pub fn finish(router: Router<AppState>, state: AppState) -> Router {
    let limit = state.config.body_limit_bytes;
    router
        .layer(DefaultBodyLimit::max(limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The problem document for an unknown `/api/` path or an unsupported method there.
pub use routes::{method_not_allowed, not_found};

/// Rebuild every case's read models from its event log (`assize rebuild`). Returns the number of cases.
pub async fn rebuild(
    store: &assize_store::Store,
) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let ids = store.all_case_ids().await?;
    for id in &ids {
        let events = store.events_for_case(*id).await?;
        let version = events.last().map_or(0, |e| e.version);
        let mut case = projection::replay(&events)?
            .ok_or_else(|| format!("case {id} has no case_created event"))?;
        case.version = version;
        store
            .replace_projection(&projection::project(&case), version)
            .await?;
    }
    Ok(ids.len())
}
