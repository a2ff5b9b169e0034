//! The `assize` command itself: demo data, `verify-log` proving the hash chain (and catching one
//! altered byte), `rebuild`, and the committed OpenAPI document matching the code.

use std::process::Command;

use uuid::Uuid;

fn assize(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_assize"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run assize")
}

#[tokio::test]
async fn verify_log_proves_the_chain_and_reports_a_single_altered_byte() {
    let path = std::env::temp_dir().join(format!("assize-cli-{}.db", Uuid::new_v4()));
    let db = format!("sqlite://{}", path.display());
    let out = assize(&db, &["demo", "--cases", "8"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("london.adviser") && text.contains("assize-demo-2026"),
        "demo prints the logins: {text}"
    );
    let out = assize(&db, &["verify-log"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("event log intact"));
    let out = assize(&db, &["rebuild"]);
    assert!(
        out.status.success()
            && String::from_utf8_lossy(&out.stdout).contains("rebuilt the read models of 8 cases")
    );

    // Tamper with one byte of one stored event, as an attacker with database access would
    // (the append-only trigger has to be dropped first).
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    sqlx::query("DROP TRIGGER IF EXISTS events_no_update")
        .execute(&pool)
        .await
        .unwrap();
    let triggers: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (t,) in triggers {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER \"{t}\"")))
            .execute(&pool)
            .await
            .unwrap();
    }
    // One byte: the case of a single letter in the first event's payload.
    let changed = sqlx::query("UPDATE events SET payload = replace(payload, 'committed', 'commiTted') WHERE global_seq = (SELECT min(global_seq) FROM events)")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    pool.close().await;
    let out = assize(&db, &["verify-log"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("BROKEN") && report.contains("NOT intact"),
        "{report}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let generated = assize_api::openapi_json();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/openapi.json"
    ))
    .unwrap_or_default();
    assert!(
        generated.trim() == committed.trim(),
        "docs/openapi.json is out of date: run `cargo run -q -p assize -- openapi > docs/openapi.json` and commit it"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "OpenAPI 3.1"
    );
}
