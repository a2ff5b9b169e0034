//! Each mode of the receiver as a plain HTTP client sees it, the control endpoints, stopping, and
//! the binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use assize_receiver::{Config, Mode, Receiver};
use reqwest::StatusCode;

fn client(timeout: Duration) -> reqwest::Client {
    // The workspace builds reqwest with rustls but without a provider of its own.
    assize_delivery::install_crypto_provider();
    reqwest::Client::builder().timeout(timeout).build().unwrap()
}

async fn post(url: &str, body: &str, timeout: Duration) -> reqwest::Result<reqwest::Response> {
    client(timeout)
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
}

const LONG: Duration = Duration::from_secs(10);

/// Until `n` requests have arrived whatever their mode: a hanging one is only hanging once there.
async fn arrived(receiver: &Receiver, n: usize) {
    for _ in 0..500 {
        if receiver.received().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("fewer than {n} requests arrived");
}

#[tokio::test]
async fn accept_answers_200_and_records_the_request() {
    let receiver = Receiver::start(b"secret".to_vec());
    assert!(receiver.url().starts_with("http://127.0.0.1:"));
    let response = post(&receiver.url(), r#"{"seq":1}"#, LONG).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mode, Mode::Accept);
    assert_eq!(got[0].body["seq"], 1);
    assert_eq!(got[0].path, "/notices");
    assert_eq!(got[0].headers["content-type"], "application/json");
    assert!(!got[0].signature_valid, "an unsigned request is not valid");
    assert_eq!(got[0].notice_id, None);
    assert_eq!(receiver.accepted().len(), 1);
    assert!(receiver.wait_for(1, Duration::from_millis(10)).await);
    assert!(!receiver.wait_for(2, Duration::from_millis(50)).await);
}

#[tokio::test]
async fn fail500_answers_500_and_is_not_accepted() {
    let receiver = Receiver::start(b"secret".to_vec());
    receiver.set_mode(Mode::Fail500);
    let response = post(&receiver.url(), "{}", LONG).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(receiver.received().len(), 1);
    assert_eq!(receiver.received()[0].mode, Mode::Fail500);
    assert!(receiver.accepted().is_empty());
}

#[tokio::test]
async fn hang_never_answers_until_the_mode_changes() {
    let receiver = Receiver::start(b"secret".to_vec());
    receiver.set_mode(Mode::Hang);
    let error = post(&receiver.url(), "{}", Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(receiver.received()[0].mode, Mode::Hang);

    // A request hanging when the mode changes is closed unanswered; the next one is accepted.
    let url = receiver.url();
    let hanging = tokio::spawn(async move { post(&url, "{}", LONG).await });
    arrived(&receiver, 2).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!hanging.is_finished());
    receiver.set_mode(Mode::Accept);
    let error = tokio::time::timeout(Duration::from_secs(5), hanging)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(
        post(&receiver.url(), "{}", LONG).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(receiver.accepted().len(), 1);
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let receiver = Receiver::start(b"secret".to_vec());
    receiver.set_mode(Mode::Drop);
    let error = post(&receiver.url(), r#"{"seq":2}"#, LONG)
        .await
        .unwrap_err();
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    let got = receiver.received();
    assert_eq!((got.len(), got[0].mode), (1, Mode::Drop));
    assert_eq!(
        got[0].body["seq"], 2,
        "the request was read in full before the drop"
    );
}

#[tokio::test]
async fn stop_closes_hanging_connections_and_the_port() {
    let receiver = Receiver::start(b"secret".to_vec());
    receiver.set_mode(Mode::Hang);
    let url = receiver.url();
    let hanging = tokio::spawn(async move { post(&url, "{}", LONG).await });
    arrived(&receiver, 1).await;
    receiver.stop();
    let outcome = tokio::time::timeout(Duration::from_secs(5), hanging)
        .await
        .unwrap()
        .unwrap();
    assert!(outcome.is_err());
    let error = post(&receiver.url(), "{}", LONG).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    receiver.stop();
}

#[tokio::test]
async fn control_endpoints_drive_it_and_are_not_recorded() {
    let receiver = Receiver::start_with(Config {
        port: 0,
        secret: b"s".to_vec(),
        control: true,
    })
    .unwrap();
    let base = format!("http://{}", receiver.addr());
    let http = client(LONG);
    let set = |mode: &'static str| http.post(format!("{base}/_control/mode")).body(mode).send();
    assert_eq!(set("500").await.unwrap().status(), StatusCode::OK);
    assert_eq!(receiver.mode(), Mode::Fail500);
    assert_eq!(
        set("sideways").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(&receiver.url(), "{}", LONG).await.unwrap().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(set("accept").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        post(&receiver.url(), "{}", LONG).await.unwrap().status(),
        StatusCode::OK
    );
    let mode = http
        .get(format!("{base}/_control/mode"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(mode.trim(), "accept");

    let list: serde_json::Value = http
        .get(format!("{base}/_control/received"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let modes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect();
    assert_eq!(
        modes,
        ["500", "accept"],
        "control requests are not recorded"
    );
    http.post(format!("{base}/_control/reset"))
        .send()
        .await
        .unwrap();
    assert!(receiver.received().is_empty());

    // Without `control`, the same path is just a notice request.
    let plain = Receiver::start(b"s".to_vec());
    let url = format!("http://{}/_control/mode", plain.addr());
    assert_eq!(
        client(LONG)
            .post(url)
            .body("drop")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(plain.mode(), Mode::Accept);
}

#[test]
fn the_binary_serves_and_is_driven_over_http() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assize-test-receiver"))
        .args(["--port", "0", "--secret", "s", "--mode", "500"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect(&line)
        .to_string();
    let base = url.trim_end_matches("/notices").to_string();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let result = runtime.block_on(async {
        let http = client(LONG);
        let first = http.post(&url).body("{}").send().await?.status();
        http.post(format!("{base}/_control/mode"))
            .body("accept")
            .send()
            .await?;
        let second = http.post(&url).body("{}").send().await?.status();
        let list: serde_json::Value = http
            .get(format!("{base}/_control/received"))
            .send()
            .await?
            .json()
            .await?;
        Ok::<_, reqwest::Error>((first, second, list.as_array().map(Vec::len)))
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        result.unwrap(),
        (StatusCode::INTERNAL_SERVER_ERROR, StatusCode::OK, Some(2))
    );
}
