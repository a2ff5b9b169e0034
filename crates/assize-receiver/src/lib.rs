//! A webhook receiver for tests: a real HTTP server on a real loopback port that stands in for an
//! agency's endpoint, and can be told to accept, fail with 500, hang or drop the connection.
//!
//! It runs on a thread of its own with its own Tokio runtime, so it works the same from a plain
//! `#[test]`, from any `#[tokio::test]` flavour, and keeps answering while the test's runtime is
//! busy or blocked. Every notice request is recorded with the mode it met and whether its
//! signature verifies — by an independent implementation of the published recipe ([`verify`]),
//! not by `assize-delivery`'s own code.
//!
//! With [`Config::control`] on (the `assize-test-receiver` binary), requests under
//! `/_control/` drive it over HTTP instead of being recorded, for a test in another process:
//! `POST /_control/mode` with body `accept|500|hang|drop`, `GET /_control/received`.
#![forbid(unsafe_code)]

pub mod server;
pub mod verify;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{Notify, watch};
use uuid::Uuid;

/// How the receiver answers the next notice requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mode {
    /// 200 with a small JSON body.
    #[serde(rename = "accept")]
    Accept,
    /// 500 Internal Server Error.
    #[serde(rename = "500")]
    Fail500,
    /// No answer; the socket stays open until the mode changes (then it is closed unanswered) or
    /// the receiver stops. A sender sees its own timeout.
    #[serde(rename = "hang")]
    Hang,
    /// The request is read in full, then the connection is closed without an answer.
    #[serde(rename = "drop")]
    Drop,
}

impl Mode {
    /// The name used by the control endpoint: `accept`, `500`, `hang`, `drop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Accept => "accept",
            Mode::Fail500 => "500",
            Mode::Hang => "hang",
            Mode::Drop => "drop",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s.to_ascii_lowercase().as_str() {
            "accept" => Ok(Mode::Accept),
            "500" | "fail500" | "fail" => Ok(Mode::Fail500),
            "hang" => Ok(Mode::Hang),
            "drop" => Ok(Mode::Drop),
            other => Err(format!(
                "unknown mode {other:?}: use accept, 500, hang or drop"
            )),
        }
    }
}

/// One request as the receiver saw it.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// `Assize-Notice-Id`, if present and a UUID.
    pub notice_id: Option<Uuid>,
    /// `Assize-Timestamp`, if present and a number.
    pub timestamp: Option<i64>,
    /// Every header, names in lowercase, repeated values joined with ", ".
    pub headers: BTreeMap<String, String>,
    /// The body parsed as JSON (`null` if it is not JSON).
    pub body: serde_json::Value,
    #[serde(skip)]
    pub raw_body: Vec<u8>,
    /// The signature verifies with the receiver's secret and the timestamp is within 300 s.
    pub signature_valid: bool,
    /// The mode the request met, i.e. how it was (or was not) answered.
    pub mode: Mode,
}

impl Received {
    /// Answered 2xx: from the sender's point of view, delivered.
    pub fn accepted(&self) -> bool {
        self.mode == Mode::Accept
    }
}

/// Where and how to start a receiver.
#[derive(Debug, Clone)]
pub struct Config {
    /// The loopback port; 0 picks a free one.
    pub port: u16,
    /// The shared secret the signatures are checked with.
    pub secret: Vec<u8>,
    /// Serve the `/_control/` endpoints.
    pub control: bool,
}

pub(crate) struct Shared {
    pub(crate) secret: Vec<u8>,
    pub(crate) control: bool,
    pub(crate) mode: watch::Sender<Mode>,
    pub(crate) received: Mutex<Vec<Received>>,
    arrived: Notify,
}

impl Shared {
    pub(crate) fn record(&self, received: Received) {
        self.received.lock().expect("receiver lock").push(received);
        self.arrived.notify_waiters();
    }
}

/// A running receiver; stopped by [`Receiver::stop`] or when dropped.
pub struct Receiver {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Receiver {
    /// Starts on a free loopback port, in `Mode::Accept`, without control endpoints.
    /// Panics if no loopback port can be bound (a test cannot go on then anyway).
    pub fn start(secret: Vec<u8>) -> Receiver {
        Receiver::start_with(Config {
            port: 0,
            secret,
            control: false,
        })
        .expect("bind a loopback port")
    }

    /// Starts as `config` says, always on 127.0.0.1.
    pub fn start_with(config: Config) -> std::io::Result<Receiver> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            secret: config.secret,
            control: config.control,
            mode: watch::Sender::new(Mode::Accept),
            received: Mutex::new(Vec::new()),
            arrived: Notify::new(),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let server_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("receiver-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => server::run(listener, server_shared, shutdown_rx).await,
                        Err(e) => eprintln!("assize-receiver: cannot serve: {e}"),
                    }
                });
            })?;
        Ok(Receiver {
            addr,
            shared,
            shutdown,
            thread: Mutex::new(Some(thread)),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint to configure as a recipient's URL.
    pub fn url(&self) -> String {
        format!("http://{}/notices", self.addr)
    }

    pub fn mode(&self) -> Mode {
        *self.shared.mode.borrow()
    }

    /// Applies to requests arriving from now on; a hanging request is released (closed) too.
    pub fn set_mode(&self, mode: Mode) {
        self.shared.mode.send_replace(mode);
    }

    /// Everything received so far, in order of arrival, whatever it was answered.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("receiver lock").clone()
    }

    /// The requests answered 2xx.
    pub fn accepted(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(Received::accepted)
            .collect()
    }

    /// Notice ids accepted more than once, with how many times: what at-least-once delivery
    /// allows and what recipients must dedupe.
    pub fn duplicates(&self) -> BTreeMap<Uuid, usize> {
        let mut counts = BTreeMap::new();
        for id in self.accepted().into_iter().filter_map(|r| r.notice_id) {
            *counts.entry(id).or_insert(0) += 1;
        }
        counts.retain(|_, n| *n > 1);
        counts
    }

    /// Forgets what was received.
    pub fn clear(&self) {
        self.shared.received.lock().expect("receiver lock").clear();
    }

    /// Waits until at least `n` requests have been accepted; false if `timeout` passed first.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before the check, so an arrival in between is not missed.
            let arrived = self.shared.arrived.notified();
            if self.accepted().len() >= n {
                return true;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.accepted().len() >= n;
            }
        }
    }

    /// [`Receiver::wait_for`] for code without a Tokio runtime (polls every 10 ms).
    pub fn wait_for_blocking(&self, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.accepted().len() < n {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// Stops serving and closes every open connection (hanging ones included); waits for the
    /// server thread. Calling it again does nothing.
    pub fn stop(&self) {
        self.shutdown.send_replace(true);
        let thread = self.thread.lock().expect("receiver lock").take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop();
    }
}
