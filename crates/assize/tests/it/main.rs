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
mod listing_elsewhere;
mod listing_hearings;
mod listing_proposals;
mod listing_sitting_changes;
mod listing_trials;
mod listing_warned;
mod listing_workload;
mod live;
mod public_list;
mod sessions;
mod web;
mod web_audit;
mod web_courtrooms;
mod web_defence;
mod web_hearing_actions;
mod web_intake;
mod web_listing;
mod web_pages;
mod web_resulting;
mod web_trial_lists;
mod web_workload;
