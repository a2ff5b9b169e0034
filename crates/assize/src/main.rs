//! The `assize` command: a thin binary over the library crates.
#![forbid(unsafe_code)]

mod admin;
mod cli;
mod reconcile;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // Webhooks may be HTTPS: rustls needs its crypto provider before any HTTP client is built.
    assize_delivery::install_crypto_provider();
    let cli = cli::Cli::parse();
    match cli.run().await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("assize: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
