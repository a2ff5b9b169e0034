//! `assize generate`: the benchmark data set is decided by the domain without a single case
//! stopped by a domain rule; loaded in bulk it holds exactly the events, case states and notices
//! the command path writes (same seed, one change per transaction); it is the same whatever the
//! concurrency, keeps the event log's hash chain, and its input files work against a real
//! server: tokens made with `assize token create` for its system accounts, a hearing's results
//! recorded, a new case sent in, a case read and searched, a court's daily list read.

use std::path::Path;
use std::process::Command;

use assize_api::generate::{Options, generate};
use assize_api::projection::{case_facts, facts};
use assize_api::{AppState, Config};
use assize_store::Store;
use serde_json::Value;
use uuid::Uuid;

use crate::harness::{ScratchDb, http};

fn options(out: &Path, concurrency: usize, batch: usize) -> Options {
    Options {
        batch,
        cases: 40,
        seed: 7,
        years: 2,
        concurrency,
        awaiting: 6,
        intake: 4,
        out: out.to_path_buf(),
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect(name)
}

/// A token for a generated system account, made by the `assize` command as an operator would.
fn token(url: &str, username: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_assize"))
        .args(["--database-url", url, "token", "create", "--name", "bench"])
        .args(["--username", username])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run assize");
    assert!(
        out.status.success(),
        "token for {username}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines().nth(1).expect("the secret").to_string()
}

#[tokio::test]
async fn generated_data_set_is_complete_deterministic_and_usable() {
    let dir = std::env::temp_dir().join(format!("assize-gen-{}", Uuid::new_v4()));
    let (one, two) = (dir.join("one"), dir.join("two"));
    let db = ScratchDb::new().await;
    let store = Store::connect(&db.url).await.expect("store");
    // In bulk, seven cases a transaction (so several batches and a short last one).
    let summary = generate(&store, &options(&one, 3, 7))
        .await
        .expect("generate");
    assert_eq!(summary.cases, 40);
    assert_eq!(
        summary.stopped, 0,
        "no case stopped by a domain rule: {:?}",
        summary.stopped_reasons
    );
    assert!(
        summary.commands >= 80 && summary.hearings >= 60,
        "{}",
        summary.commands
    );
    assert_eq!(read(&one, "outcomes.jsonl").lines().count(), 6);
    assert_eq!(read(&one, "intake.jsonl").lines().count(), 4);
    let report = store.verify_log().await.expect("verify");
    assert!(report.broken_links.is_empty());
    // A second run refuses the same database rather than mixing two data sets.
    assert!(generate(&store, &options(&two, 1, 7)).await.is_err());

    // The same seed on another database, one case at a time through the command path: the
    // same data.
    let db2 = ScratchDb::new().await;
    let store2 = Store::connect(&db2.url).await.expect("store");
    generate(&store2, &options(&two, 1, 0))
        .await
        .expect("generate");
    same_events_states_and_notices(&store, &store2).await;
    for file in ["outcomes.jsonl", "intake.jsonl", "lists.txt"] {
        assert_eq!(read(&one, file), read(&two, file), "{file} differs");
    }
    let sorted = |d: &Path| {
        let mut v: Vec<String> = read(d, "read_cases.txt")
            .lines()
            .map(String::from)
            .collect();
        v.sort();
        v
    };
    assert_eq!(sorted(&one), sorted(&two));

    // The input files against a real server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = assize_web::app(AppState::new(store.clone(), Config::default()));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    let client = http().build().unwrap();
    let (adviser, police, listing) = (
        token(&db.url, "gen.adviser.01"),
        token(&db.url, "gen.police.01"),
        token(&db.url, "gen.listing.national"),
    );
    let send = |line: &Value, tok: &str| {
        let mut req = client
            .post(format!("{base}{}", line["path"].as_str().unwrap()))
            .bearer_auth(tok)
            .json(&line["body"]);
        if let Some(h) = line["headers"].as_object() {
            for (k, v) in h {
                req = req.header(k, v.as_str().unwrap());
            }
        }
        req.send()
    };
    for line in read(&one, "outcomes.jsonl").lines().take(2) {
        let line: Value = serde_json::from_str(line).unwrap();
        let r = send(&line, &adviser).await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    let line: Value =
        serde_json::from_str(read(&one, "intake.jsonl").lines().next().unwrap()).unwrap();
    let r = send(&line, &police).await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let get = |path: String, tok: &str| client.get(format!("{base}{path}")).bearer_auth(tok).send();
    let case = read(&one, "read_cases.txt")
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        get(format!("/api/v1/cases/{case}"), &adviser)
            .await
            .unwrap()
            .status(),
        200
    );
    for q in read(&one, "search.txt").lines().take(4) {
        let r = get(format!("/api/v1/cases?{q}"), &adviser).await.unwrap();
        assert_eq!(r.status(), 200, "search {q}");
    }
    let lists = read(&one, "lists.txt");
    let mut lines = lists.lines();
    let date = lines.next().unwrap();
    let court = lines.next().unwrap();
    let r = get(format!("/api/v1/courts/{court}/lists/{date}"), &listing)
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The two stores hold the same cases with the same events (all but when they were recorded and
/// so their hashes), the same case states and the same notices waiting for each recipient.
async fn same_events_states_and_notices(bulk: &Store, commands: &Store) {
    let mut ids = bulk.all_case_ids().await.unwrap();
    let mut other = commands.all_case_ids().await.unwrap();
    ids.sort();
    other.sort();
    assert_eq!(ids, other, "the same cases");
    assert_eq!(ids.len(), 40 + 6);
    let strip = |events: Vec<assize_store::StoredEvent>| {
        events
            .into_iter()
            .map(|e| {
                (
                    e.version,
                    e.event_type,
                    e.payload.to_string(),
                    e.actor_user_id,
                    e.actor_org_id,
                    e.correlation_id,
                    e.reason,
                )
            })
            .collect::<Vec<_>>()
    };
    for id in &ids {
        let a = strip(bulk.events_for_case(*id).await.unwrap());
        let b = strip(commands.events_for_case(*id).await.unwrap());
        assert!(!a.is_empty());
        assert_eq!(a, b, "events of case {id}");
        let (a, b) = (
            bulk.load_case(*id).await.unwrap().unwrap(),
            commands.load_case(*id).await.unwrap().unwrap(),
        );
        assert_eq!((a.version, &a.state), (b.version, &b.state), "case {id}");
        // The read models written once (bulk) and change by change (only the tables a change
        // touched rewritten) agree, and the facts a case read takes from the state alone are
        // the ones those rows give.
        assert_eq!(
            (&a.court_ous, &a.orgs, &a.defendants),
            (&b.court_ous, &b.orgs, &b.defendants),
            "read models of case {id}"
        );
        for (store, record) in [(bulk, &a), (commands, &b)] {
            let stored = store.stored_case(*id).await.unwrap().unwrap();
            let case: assize_domain::case::Case = serde_json::from_str(&stored.state).unwrap();
            assert_eq!(case_facts(&case), facts(record), "facts of case {id}");
        }
    }
    let pending = |store: &Store| {
        let store = store.clone();
        async move {
            let stats = store.delivery_stats().await.unwrap();
            let mut by_slot: Vec<(String, i64)> = store
                .recipients()
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.slot, stats.get(&r.id).map_or(0, |s| s.pending)))
                .collect();
            by_slot.sort();
            by_slot
        }
    };
    let notices = pending(bulk).await;
    assert!(
        notices.iter().map(|(_, n)| n).sum::<i64>() > 0,
        "results were notified"
    );
    assert_eq!(notices, pending(commands).await, "notices by recipient");
}
