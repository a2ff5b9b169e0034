//! The one integration-test binary: every test drives the real server over HTTP on a real port,
//! against SQLite or PostgreSQL (`ASSIZE_TEST_BACKEND=sqlite|postgres`).

mod authz_matrix;
mod cli;
mod court_day;
mod court_list;
mod harness;
mod input_errors;
mod lifecycle;
mod list_scope;
mod listing;
mod listing_hearings;
mod listing_proposals;
mod listing_trials;
mod live;
mod public_list;
mod sessions;
mod web;
mod web_audit;
mod web_defence;
mod web_intake;
mod web_listing;
mod web_pages;
mod web_resulting;
