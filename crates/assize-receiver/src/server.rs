//! The HTTP side: one task per connection, hyper's HTTP/1 server on a socket we accepted
//! ourselves, so that a connection can be closed without an answer (`Mode::Drop`) or held open
//! without one (`Mode::Hang`) — things a framework's handlers cannot do.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use crate::{Mode, Received, Shared, verify};

/// Requests under this prefix drive the receiver (when enabled) and are never recorded.
pub const CONTROL_PREFIX: &str = "/_control/";

type Reply = Response<Full<Bytes>>;

pub(crate) async fn run(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(connection(stream, shared.clone(), shutdown.clone()));
                }
            }
            _ = shutdown.changed() => break,
        }
    }
    // Returning ends the runtime, which drops every connection task and so closes their sockets.
}

async fn connection(stream: TcpStream, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    // A handler asks for the connection to be closed unanswered by sending on `close`.
    let (close, mut closed) = mpsc::unbounded_channel::<()>();
    let service = hyper::service::service_fn(move |request| {
        let (shared, close) = (shared.clone(), close.clone());
        async move { Ok::<_, Infallible>(handle(request, shared, close).await) }
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        // Dropping `conn` here closes the socket: the client sees its connection end with no answer.
        _ = closed.recv() => {}
        _ = shutdown.changed() => {}
    }
}

async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    close: mpsc::UnboundedSender<()>,
) -> Reply {
    if shared.control && request.uri().path().starts_with(CONTROL_PREFIX) {
        return control(request, &shared).await;
    }
    let (parts, body) = request.into_parts();
    // The whole body is read before any mode applies: in Drop mode the recipient has "processed"
    // the notice and the answer is lost, which is the case at-least-once delivery exists for.
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return reply(StatusCode::BAD_REQUEST, "unreadable body");
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let timestamp = header("assize-timestamp");
    let signature = header("assize-signature");
    let mode = *shared.mode.borrow();
    let received = Received {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        notice_id: header("assize-notice-id").and_then(|v| v.parse().ok()),
        timestamp: timestamp.and_then(|v| v.parse().ok()),
        signature_valid: verify::signature_valid(&shared.secret, timestamp, signature, &body, now),
        headers: parts
            .headers
            .keys()
            .map(|name| {
                let values: Vec<&str> = parts
                    .headers
                    .get_all(name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                (name.as_str().to_string(), values.join(", "))
            })
            .collect(),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        raw_body: body.to_vec(),
        mode,
    };
    shared.record(received);
    match mode {
        Mode::Accept => reply(StatusCode::OK, "{\"received\":true}"),
        Mode::Fail500 => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "{\"error\":\"told to fail\"}",
        ),
        Mode::Hang => {
            // Hold the socket open, unanswered, until the mode changes (or the server stops, which
            // drops this future); then close it without an answer.
            let mut mode_rx = shared.mode.subscribe();
            while *mode_rx.borrow_and_update() == Mode::Hang {
                if mode_rx.changed().await.is_err() {
                    break;
                }
            }
            let _ = close.send(());
            std::future::pending::<Reply>().await
        }
        Mode::Drop => {
            let _ = close.send(());
            std::future::pending::<Reply>().await
        }
    }
}

async fn control(request: Request<Incoming>, shared: &Shared) -> Reply {
    let path = request
        .uri()
        .path()
        .trim_start_matches(CONTROL_PREFIX)
        .to_string();
    match (request.method().clone(), path.as_str()) {
        (Method::POST, "mode") => {
            let body = request
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            match std::str::from_utf8(&body)
                .ok()
                .and_then(|s| s.trim().parse::<Mode>().ok())
            {
                Some(mode) => {
                    shared.mode.send_replace(mode);
                    reply(StatusCode::OK, &format!("{}\n", mode.as_str()))
                }
                None => reply(
                    StatusCode::BAD_REQUEST,
                    "mode must be one of: accept, 500, hang, drop\n",
                ),
            }
        }
        (Method::GET, "mode") => reply(
            StatusCode::OK,
            &format!("{}\n", shared.mode.borrow().as_str()),
        ),
        (Method::GET, "received") => {
            let list = shared.received.lock().expect("receiver lock").clone();
            reply(
                StatusCode::OK,
                &serde_json::to_string_pretty(&list).unwrap_or_default(),
            )
        }
        (Method::POST, "reset") => {
            shared.received.lock().expect("receiver lock").clear();
            reply(StatusCode::OK, "cleared\n")
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            "control endpoints: POST /_control/mode (accept|500|hang|drop), GET /_control/mode, \
             GET /_control/received, POST /_control/reset\n",
        ),
    }
}

fn reply(status: StatusCode, body: &str) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    let content_type = if body.starts_with(['{', '[']) {
        "application/json"
    } else {
        "text/plain"
    };
    response.headers_mut().insert(
        "content-type",
        content_type.parse().expect("static header value"),
    );
    response
}
