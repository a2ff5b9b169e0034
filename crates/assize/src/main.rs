//! The `assize` command: a thin binary over the library crates.
#![forbid(unsafe_code)]

mod admin;
mod cli;
mod reconcile;

use clap::Parser;

/// mimalloc, not glibc's malloc: the server allocates and frees many short-lived buffers per
/// request (JSON, SQL, policy entities), and glibc's allocator took a quarter of the server's
/// CPU recording results (measured with `perf`, docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
