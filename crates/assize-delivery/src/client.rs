//! The HTTP sender: one POST of one signed notice, and what its outcome means for retrying.
//!
//! # Classification of outcomes
//!
//! Every call of [`Sender::deliver`] is one *attempt* and is recorded as such by the dispatcher.
//!
//! * **2xx → [`Attempt::Delivered`].** The recipient has the notice. Nothing else counts: in
//!   particular a redirect is never followed (the signed request must reach the configured
//!   endpoint, and following one would send it to wherever a compromised or misconfigured
//!   server points).
//! * **408, 425, 429 and every 5xx → [`Attempt::Rejected`] with `retryable: true`.** These say
//!   "not now": a timeout, too early, too many requests, a server fault or an overloaded gateway.
//!   A `Retry-After` in seconds is passed on; the dispatcher waits at least that long (capped).
//! * **Any other status (3xx, 400, 401, 403, 404, 410 Gone, 413, 422, ...) →
//!   [`Attempt::Rejected`] with `retryable: false`.** The recipient has seen the request and says
//!   it will not take it, and sending the same bytes again would get the same answer: the
//!   endpoint or its secret is misconfigured, or our notice is malformed. Like Stripe and the
//!   Standard Webhooks senders we do not retry forever into such an answer, but in a court system
//!   a notice must never be lost either: a permanent refusal **stops the automatic retries and
//!   marks the notice as needing an operator** (who fixes the endpoint or the secret and requeues
//!   it), and it is visible as such. `410 Gone` is treated the same way, not as an unsubscribe:
//!   an agency leaves the scheme by a change of configuration, never by an HTTP answer.
//! * **No HTTP answer → [`Attempt::Failed`], always retryable:** connection refused or reset,
//!   DNS failure, TLS failure, timeout (connect 5 s, whole request 10 s by default), a closed
//!   connection before the response. The recipient may or may not have processed the request —
//!   hence at-least-once delivery and deduplication by notice id.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use uuid::Uuid;

use crate::signature::{NOTICE_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

/// How long establishing a TCP (and TLS) connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default limit on a whole request, from connecting to the end of the response headers.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The `User-Agent` of every request: recipients can allow-list and log it.
pub const USER_AGENT: &str = concat!("assize/", env!("CARGO_PKG_VERSION"));

/// The outcome of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The recipient answered 2xx: the notice is delivered.
    Delivered { status: u16 },
    /// The recipient answered something else; `retryable` says whether to try again later
    /// (see the module doc), `retry_after` is its `Retry-After` in seconds, if it sent one.
    Rejected {
        status: u16,
        retryable: bool,
        retry_after: Option<Duration>,
    },
    /// No HTTP answer (connection, TLS or timeout error): always retryable.
    Failed { error: String },
}

impl Attempt {
    pub fn is_delivered(&self) -> bool {
        matches!(self, Attempt::Delivered { .. })
    }

    /// Whether the dispatcher should schedule another try (false once delivered).
    pub fn is_retryable(&self) -> bool {
        match self {
            Attempt::Delivered { .. } => false,
            Attempt::Rejected { retryable, .. } => *retryable,
            Attempt::Failed { .. } => true,
        }
    }

    /// The classification of a non-transport outcome, by status code (the module doc's table).
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Attempt {
        match status {
            200..=299 => Attempt::Delivered { status },
            408 | 425 | 429 | 500..=599 => Attempt::Rejected {
                status,
                retryable: true,
                retry_after,
            },
            _ => Attempt::Rejected {
                status,
                retryable: false,
                retry_after,
            },
        }
    }
}

/// Sends notices. Build one and share it: it holds a connection pool.
#[derive(Debug, Clone)]
pub struct Sender {
    client: reqwest::Client,
}

impl Sender {
    /// A sender with the default request timeout (10 s).
    pub fn new() -> Result<Sender, reqwest::Error> {
        Sender::with_request_timeout(DEFAULT_REQUEST_TIMEOUT)
    }

    /// A sender whose whole request (connect, send, response headers) may take `timeout`.
    /// With the `https` feature it installs ring as the process's crypto provider if none is.
    pub fn with_request_timeout(timeout: Duration) -> Result<Sender, reqwest::Error> {
        crate::install_crypto_provider();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()?;
        Ok(Sender { client })
    }

    /// POSTs `body` (the notice's JSON) to `url`, signed with `secret` at the current time, with
    /// the headers of [`crate::signature`]. Never panics and never returns an error: every
    /// outcome is an [`Attempt`] to record.
    pub async fn deliver(&self, url: &str, secret: &[u8], notice_id: Uuid, body: &[u8]) -> Attempt {
        if url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            && !crate::HTTPS_SUPPORTED
        {
            return Attempt::Failed {
                error: "this build has no HTTPS support (assize-delivery feature `https`)".into(),
            };
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let request = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(NOTICE_ID_HEADER, notice_id.to_string())
            .header(TIMESTAMP_HEADER, now.to_string())
            .header(SIGNATURE_HEADER, sign(secret, now, body))
            .body(body.to_vec());
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                Attempt::from_status(status, retry_after(response.headers()))
            }
            Err(e) => Attempt::Failed {
                error: describe(&e),
            },
        }
    }
}

/// `Retry-After` as a number of seconds; the HTTP-date form is rare for webhooks and ignored.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The error and its causes on one line: reqwest's own message alone ("error sending request")
/// does not say whether the connection was refused, reset or timed out.
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        format!("timeout: {error}")
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let class = |s| Attempt::from_status(s, None);
        for s in [200, 201, 202, 204, 299] {
            assert_eq!(class(s), Attempt::Delivered { status: s });
        }
        for s in [408, 425, 429, 500, 502, 503, 504, 599] {
            assert!(class(s).is_retryable(), "{s}");
        }
        for s in [
            300, 301, 302, 307, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422,
        ] {
            assert!(!class(s).is_retryable() && !class(s).is_delivered(), "{s}");
        }
        assert!(Attempt::Failed { error: "x".into() }.is_retryable());
        assert!(!class(200).is_retryable());
    }

    #[test]
    fn retry_after_in_seconds() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, " 120 ".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(120)));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2026 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn user_agent_names_the_version() {
        assert_eq!(USER_AGENT, format!("assize/{}", env!("CARGO_PKG_VERSION")));
    }

    #[tokio::test]
    async fn refused_connection_is_a_retryable_failure() {
        // Bind then drop a listener so that the port is (very likely) closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let sender = Sender::new().unwrap();
        let url = format!("http://127.0.0.1:{port}/notices");
        let attempt = sender.deliver(&url, b"s", Uuid::nil(), b"{}").await;
        match &attempt {
            Attempt::Failed { error } => assert!(!error.is_empty()),
            other => panic!("expected a failure, got {other:?}"),
        }
        assert!(attempt.is_retryable());
    }

    #[cfg(not(feature = "https"))]
    #[tokio::test]
    async fn https_without_the_feature_says_so() {
        let sender = Sender::new().unwrap();
        let attempt = sender
            .deliver("https://127.0.0.1:9/x", b"s", Uuid::nil(), b"{}")
            .await;
        assert!(matches!(&attempt, Attempt::Failed { error } if error.contains("feature `https`")));
    }

    #[cfg(feature = "https")]
    #[tokio::test]
    async fn https_is_attempted_with_the_feature() {
        // A plain-HTTP server behind an https:// URL: the TLS handshake fails, as an attempt.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let (mut socket, _) = listener.accept().await.unwrap();
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        });
        let sender = Sender::new().unwrap();
        let url = format!("https://127.0.0.1:{port}/x");
        let attempt = sender.deliver(&url, b"s", Uuid::nil(), b"{}").await;
        assert!(matches!(attempt, Attempt::Failed { .. }), "{attempt:?}");
    }
}
