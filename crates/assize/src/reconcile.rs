//! `assize reconcile`: the daily reconciliation of results and notices, printed for operators.

use std::process::ExitCode;

use assize_api::notices::outbox::routing_from;
use assize_api::notices::reconcile::reconcile;
use assize_store::Store;

use crate::cli::CliResult;

pub async fn run(store: &Store, date: Option<String>, all: bool) -> CliResult {
    let date = match date {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map_err(|_| format!("'{d}' is not a date: use YYYY-MM-DD"))?,
        None => assize_api::config::court_today().yesterday()?,
    };
    let routing = routing_from(store).await?;
    let report = reconcile(store, &routing, date).await?;
    println!(
        "{}: {} results, {} notices required: {} delivered, {} pending, {} dead, {} MISSING",
        report.date,
        report.results.len(),
        report.required,
        report.delivered,
        report.pending,
        report.dead,
        report.missing
    );
    for r in &report.results {
        for d in &r.recipients {
            if all || d.state != "delivered" {
                println!(
                    "{}\t{}\tdefendant {}\thearing {}\tresult {}\t{}\t{}\t{}",
                    r.recorded_at,
                    r.case_urn,
                    r.defendant_id,
                    r.hearing_id,
                    r.cjs_code,
                    d.kind,
                    d.name.as_deref().unwrap_or("-"),
                    d.state.to_uppercase()
                );
            }
        }
    }
    Ok(if report.missing > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
