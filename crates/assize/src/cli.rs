//! Command-line interface: serve, demo data, log verification, read-model rebuild, and
//! administration of organisations, users and API tokens.

use std::net::SocketAddr;
use std::process::ExitCode;

use assize_api::{AppState, Config};
use assize_store::Store;
use assize_web::app;
use clap::{Parser, Subcommand};

use crate::admin;

pub type CliResult = Result<ExitCode, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser)]
#[command(
    name = "assize",
    version,
    about = "Assize: the shared case record of the criminal courts of England and Wales"
)]
pub struct Cli {
    /// Database: `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "ASSIZE_DATABASE_URL",
        default_value = "sqlite://assize.db"
    )]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create or migrate the database and serve the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "ASSIZE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Mark the session cookie Secure (when served behind HTTPS).
        #[arg(long, env = "ASSIZE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Idle session timeout in minutes.
        #[arg(long, env = "ASSIZE_SESSION_IDLE_MINUTES", default_value_t = 30)]
        session_idle_minutes: i64,
        /// Absolute session timeout in hours.
        #[arg(long, env = "ASSIZE_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
        session_absolute_hours: i64,
        /// A notice of results undelivered for longer than this many seconds raises the alert
        /// (admin page and `/metrics`).
        #[arg(long, env = "ASSIZE_NOTICE_ALERT_SECS", default_value_t = 900)]
        notice_alert_secs: u64,
        /// First webhook retry within this many milliseconds; each next one up to twice as long.
        #[arg(long, env = "ASSIZE_WEBHOOK_RETRY_BASE_MS", default_value_t = 5000)]
        webhook_retry_base_ms: u64,
        /// No webhook retry waits longer than this many seconds.
        #[arg(long, env = "ASSIZE_WEBHOOK_RETRY_CAP_SECS", default_value_t = 1800)]
        webhook_retry_cap_secs: u64,
        /// How long a webhook endpoint may take to answer, in seconds.
        #[arg(long, env = "ASSIZE_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
        webhook_timeout_secs: u64,
        /// Do not deliver webhooks from this process (another process on the same PostgreSQL
        /// database does).
        #[arg(long, env = "ASSIZE_NO_DISPATCHER")]
        no_dispatcher: bool,
    },
    /// Load demonstration data: organisations, users for every role, a few hundred cases.
    Demo {
        /// Number of cases to create.
        #[arg(long, default_value_t = 300)]
        cases: usize,
    },
    /// Generate a national data set for benchmarks, decided by the domain as the API decides it
    /// and loaded in bulk (every open criminal court, several years of hearings; deterministic
    /// for a seed), and the benchmark's input files. Use a new, empty database.
    Generate {
        /// Cases in the data set (10000 quick, 1400000 a national year).
        #[arg(long, default_value_t = 10_000)]
        cases: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Years of hearings, ending about today.
        #[arg(long, default_value_t = 3)]
        years: u32,
        /// Cases written at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// London cases left awaiting today's results (for the recording benchmark: each can be
        /// resulted once).
        #[arg(long, default_value_t = 5_000)]
        awaiting: u64,
        /// New cases written to intake.jsonl for the import benchmark (not to the database).
        #[arg(long, default_value_t = 20_000)]
        intake: u64,
        /// Folder for the benchmark's input files and summary.json.
        #[arg(long, default_value = "generated")]
        out: std::path::PathBuf,
        /// Cases per bulk-load transaction (the same events, written many cases at a time; 250
        /// loads as fast as 1,000 with a third of the memory, measured).
        #[arg(long, default_value_t = 250)]
        batch: usize,
        /// Write every change through the command path instead, one transaction each (as the
        /// API does; about six times slower, measured).
        #[arg(long)]
        per_command: bool,
    },
    /// Verify the hash chain of every case's event log; exit status 2 if anything is wrong.
    VerifyLog,
    /// Rebuild every read model from the event log.
    Rebuild,
    /// Reconcile a court day's results with their notices: every result recorded and, for each
    /// recipient it must reach, whether its notice is delivered, pending, dead or missing. Exit
    /// status 2 if any is missing (an error that must never happen) — run it daily from cron.
    Reconcile {
        /// The court day (YYYY-MM-DD, Europe/London); yesterday by default.
        #[arg(long)]
        date: Option<String>,
        /// Print every result, not only those not yet delivered everywhere.
        #[arg(long)]
        all: bool,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Organisations.
    #[command(subcommand)]
    Org(admin::OrgCommand),
    /// Users.
    #[command(subcommand)]
    User(admin::UserCommand),
    /// API tokens for systems.
    #[command(subcommand)]
    Token(admin::TokenCommand),
}

impl Cli {
    pub async fn run(self) -> CliResult {
        if let Command::Openapi = self.command {
            println!("{}", assize_api::openapi_json());
            return Ok(ExitCode::SUCCESS);
        }
        let store = Store::connect(&self.database_url).await?;
        match self.command {
            Command::Serve {
                listen,
                secure_cookies,
                session_idle_minutes,
                session_absolute_hours,
                notice_alert_secs,
                webhook_retry_base_ms,
                webhook_retry_cap_secs,
                webhook_timeout_secs,
                no_dispatcher,
            } => {
                use std::time::Duration;
                let config = Config {
                    secure_cookies,
                    session_idle: jiff::SignedDuration::from_mins(session_idle_minutes),
                    session_absolute: jiff::SignedDuration::from_hours(session_absolute_hours),
                    delivery: assize_api::config::DeliveryConfig {
                        alert_after: jiff::SignedDuration::from_secs(notice_alert_secs as i64),
                        retry_base: Duration::from_millis(webhook_retry_base_ms.max(1)),
                        retry_cap: Duration::from_secs(webhook_retry_cap_secs.max(1)),
                        request_timeout: Duration::from_secs(webhook_timeout_secs.max(1)),
                        ..Default::default()
                    },
                    ..Config::default()
                };
                if !config.assets_dir.join("assize.css").is_file() {
                    tracing::warn!(
                        assets_dir = %config.assets_dir.display(),
                        "web assets not found: pages will be unstyled; run `bash scripts/assets.sh` from the repository, or set ASSIZE_ASSETS_DIR"
                    );
                }
                let listener = tokio::net::TcpListener::bind(listen).await?;
                tracing::info!(%listen, backend = store.backend_name(), "assize serving; pages at /, API at /api/v1, document at /api/v1/openapi.json");
                let dispatcher = if no_dispatcher {
                    None
                } else {
                    Some(assize_api::notices::dispatcher::Dispatcher::spawn(
                        store.clone(),
                        config.delivery.clone(),
                    )?)
                };
                let state = AppState::new(store, config);
                let live = state.live.clone();
                axum::serve(listener, app(state))
                    .with_graceful_shutdown(async move {
                        let _ = tokio::signal::ctrl_c().await;
                        // Open event streams never end by themselves; the shutdown waits for them.
                        live.shutdown();
                    })
                    .await?;
                if let Some(d) = dispatcher {
                    d.stop().await;
                }
                Ok(ExitCode::SUCCESS)
            }
            Command::Reconcile { date, all } => crate::reconcile::run(&store, date, all).await,
            Command::Demo { cases } => {
                let summary = assize_api::demo::load(&store, cases).await?;
                println!("{summary}");
                Ok(ExitCode::SUCCESS)
            }
            Command::Generate {
                cases,
                seed,
                years,
                concurrency,
                awaiting,
                intake,
                out,
                batch,
                per_command,
            } => {
                let options = assize_api::generate::Options {
                    cases,
                    seed,
                    years: years.max(1),
                    concurrency,
                    awaiting,
                    intake,
                    out,
                    batch: if per_command { 0 } else { batch.max(1) },
                };
                let summary = assize_api::generate::generate(&store, &options).await?;
                println!("{}", serde_json::to_string(&summary)?);
                Ok(ExitCode::SUCCESS)
            }
            Command::VerifyLog => {
                let report = store.verify_log().await?;
                println!(
                    "checked {} events in {} cases",
                    report.events_checked, report.cases_checked
                );
                for b in &report.broken_links {
                    println!(
                        "BROKEN: case {} version {} ({}): stored hash {} but computed {}",
                        b.case_id, b.version, b.field, b.stored, b.computed
                    );
                }
                for g in &report.version_gaps {
                    println!(
                        "GAP: case {} expected version {} but found {}",
                        g.case_id, g.expected_version, g.found_version
                    );
                }
                for m in &report.stream_mismatches {
                    println!(
                        "MISMATCH: case {} stream head {:?}/{:?} but last event {:?}/{:?}",
                        m.case_id,
                        m.stream_version,
                        m.stream_head_hash,
                        m.last_event_version,
                        m.last_event_hash
                    );
                }
                if report.is_ok() {
                    println!("event log intact");
                    Ok(ExitCode::SUCCESS)
                } else {
                    println!("event log NOT intact");
                    Ok(ExitCode::from(2))
                }
            }
            Command::Rebuild => {
                let n = assize_api::rebuild(&store).await?;
                println!("rebuilt the read models of {n} cases from the event log");
                Ok(ExitCode::SUCCESS)
            }
            Command::Org(c) => admin::org(&store, c).await,
            Command::User(c) => admin::user(&store, c).await,
            Command::Token(c) => admin::token(&store, c).await,
            Command::Openapi => unreachable!("handled above"),
        }
    }
}
