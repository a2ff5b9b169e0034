//! `assize-test-receiver`: the test receiver as a process of its own, for crash-safety tests that
//! kill and restart Assize, or for a person trying the delivery by hand.
//!
//! ```text
//! assize-test-receiver --port 8099 --secret s3cret
//! curl -X POST --data drop http://127.0.0.1:8099/_control/mode
//! curl http://127.0.0.1:8099/_control/received
//! ```
//!
//! Notices go to any other path (the printed URL is `/notices`). It prints one line
//! `listening on <url>` once ready, and runs until interrupted.
#![forbid(unsafe_code)]

use std::io::Write;

use assize_receiver::{Config, Mode, Receiver};
use clap::Parser;

#[derive(Parser)]
#[command(about = "A webhook receiver for testing Assize's notice delivery (loopback only)")]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one, printed at start).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The shared secret signatures are checked with.
    #[arg(
        long,
        env = "ASSIZE_RECEIVER_SECRET",
        default_value = "assize-test-secret"
    )]
    secret: String,
    /// The mode to start in: accept, 500, hang or drop.
    #[arg(long, default_value = "accept")]
    mode: Mode,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let receiver = Receiver::start_with(Config {
        port: args.port,
        secret: args.secret.into_bytes(),
        control: true,
    })?;
    receiver.set_mode(args.mode);
    println!("listening on {}", receiver.url());
    std::io::stdout().flush()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(tokio::signal::ctrl_c())?;
    receiver.stop();
    Ok(())
}
