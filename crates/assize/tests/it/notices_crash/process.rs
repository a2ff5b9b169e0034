//! The real `assize` binary as a child process: started, SIGKILLed and restarted on the same
//! port and database, with its log kept aside for the failure messages. Also the two small
//! helpers the private PostgreSQL cluster shares with it (a log's tail, a free loopback port).

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use uuid::Uuid;

use crate::harness::*;

/// `assize serve` on a loopback port over a database, with a fast webhook retry configuration;
/// SIGKILLed and restarted on the same port and database as the test wishes. Killed when dropped.
pub(super) struct AssizeProcess {
    database_url: String,
    port: u16,
    log: PathBuf,
    child: Option<Child>,
    /// `http://127.0.0.1:<port>`.
    pub(super) base: String,
    /// How many times it was started.
    pub(super) starts: u32,
}

impl AssizeProcess {
    /// Start serving `database_url` and wait until `/api/v1/health` answers.
    pub(super) async fn start(database_url: &str) -> AssizeProcess {
        let port = free_port();
        let mut p = AssizeProcess {
            database_url: database_url.to_string(),
            port,
            log: std::env::temp_dir().join(format!("assize-crash-{}.log", Uuid::new_v4())),
            child: None,
            base: format!("http://127.0.0.1:{port}"),
            starts: 0,
        };
        p.spawn();
        p.wait_ready().await;
        p
    }

    fn spawn(&mut self) {
        let out = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("server log");
        let err = out.try_clone().expect("server log");
        let child = Command::new(env!("CARGO_BIN_EXE_assize"))
            .arg("--database-url")
            .arg(&self.database_url)
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .args([
                "--webhook-retry-base-ms",
                "20",
                "--webhook-retry-cap-secs",
                "1",
            ])
            .args(["--webhook-timeout-secs", "1", "--notice-alert-secs", "600"])
            .env("RUST_LOG", "info,sqlx=warn,tower_http=warn")
            .env_remove("ASSIZE_NO_DISPATCHER")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("run assize serve");
        self.child = Some(child);
        self.starts += 1;
    }

    /// Wait (at most 20 s) until the health check answers; panics with the log if the process
    /// exits first.
    pub(super) async fn wait_ready(&mut self) {
        let client = http()
            .timeout(Duration::from_millis(500))
            .build()
            .expect("client");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "assize exited ({status}) before serving:\n{}",
                    self.log_tail(40)
                );
            }
            if let Ok(r) = client
                .get(format!("{}/api/v1/health", self.base))
                .send()
                .await
                && r.status() == StatusCode::OK
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "assize not serving after 20 s:\n{}",
                self.log_tail(40)
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL (`Child::kill` on Unix), and reap it.
    pub(super) fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kill (if running) and start again on the same port and database.
    pub(super) async fn restart(&mut self) {
        self.kill();
        self.spawn();
        self.wait_ready().await;
    }

    /// Still the process started last, and running.
    pub(super) fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    pub(super) fn log_tail(&self, lines: usize) -> String {
        tail(&self.log, lines)
    }
}

impl Drop for AssizeProcess {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!("assize server log (tail):\n{}", self.log_tail(60));
        } else if std::env::var_os("ASSIZE_CRASH_KEEP_LOGS").is_some() {
            eprintln!("assize server log kept: {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

pub(super) fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}
