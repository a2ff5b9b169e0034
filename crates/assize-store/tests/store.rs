//! Integration tests of the store. Every scenario runs against both backends: SQLite (a temp
//! file per test) and PostgreSQL (a fresh database per test on the server at
//! `ASSIZE_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`; set
//! `ASSIZE_TEST_SKIP_PG=1` to skip PostgreSQL).

use std::future::Future;

use assize_domain::access::{OrgKind, Relation, Role};
use assize_store::*;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use sqlx::{AssertSqlSafe, Connection};
use uuid::Uuid;

mod store {
    pub mod bulk;
    pub mod concurrency;
    pub mod drafts;
    pub mod events;
    pub mod identity;
    pub mod integrity;
    pub mod listing;
    pub mod live;
    pub mod notices;
    pub mod numbering;
    pub mod read_models;
    pub mod search;
    pub mod trial_lists;
    pub mod worklists;
    pub mod workload;
}

/// Declares, for each scenario `fn name(db: Db) -> impl Future`, a module `name` with one test
/// per backend.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::run($crate::Kind::Sqlite, super::$name).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::run($crate::Kind::Postgres, super::$name).await
            }
        }
    )*};
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// One test database.
#[derive(Clone)]
pub struct Db {
    pub store: Store,
    pub kind: Kind,
    pub url: String,
    /// PostgreSQL: the server's admin URL and the database name, to drop it afterwards.
    pg_admin: Option<(String, String)>,
}

fn pg_admin_url() -> String {
    std::env::var("ASSIZE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

async fn setup(kind: Kind) -> Option<Db> {
    match kind {
        Kind::Sqlite => {
            let path = std::env::temp_dir().join(format!("assize-test-{}.db", Uuid::new_v4()));
            let url = format!("sqlite://{}", path.display());
            let store = Store::connect(&url).await.expect("connect sqlite");
            assert_eq!(store.backend_name(), "sqlite");
            Some(Db {
                store,
                kind,
                url,
                pg_admin: None,
            })
        }
        Kind::Postgres => {
            if std::env::var("ASSIZE_TEST_SKIP_PG").as_deref() == Ok("1") {
                eprintln!("ASSIZE_TEST_SKIP_PG=1: skipping the PostgreSQL run");
                return None;
            }
            let admin = pg_admin_url();
            let name = format!("assize_test_{}", Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect pg admin");
            // Test-only DDL; the name is generated above, not user input.
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            conn.close().await.ok();
            let (base, _) = admin.rsplit_once('/').expect("database in PG URL");
            let url = format!("{base}/{name}");
            let store = Store::connect(&url).await.expect("connect postgres");
            assert_eq!(store.backend_name(), "postgres");
            Some(Db {
                store,
                kind,
                url,
                pg_admin: Some((admin, name)),
            })
        }
    }
}

async fn teardown(db: Db) {
    db.store.close().await;
    match (db.kind, db.pg_admin) {
        (Kind::Sqlite, _) => {
            let path = db.url.trim_start_matches("sqlite://").to_owned();
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
        (Kind::Postgres, Some((admin, name))) => {
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect pg admin");
            sqlx::query(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await
            .expect("drop test database");
            conn.close().await.ok();
        }
        (Kind::Postgres, None) => {}
    }
}

/// Runs a scenario on a fresh database of `kind`, then removes the database even if the
/// scenario panicked.
pub async fn run<F, Fut>(kind: Kind, scenario: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(db) = setup(kind).await else { return };
    let result = tokio::spawn(scenario(db.clone())).await;
    teardown(db).await;
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Executes test-only raw SQL on its own connection (to tamper with data behind the store's
/// back). `$1`-style parameters work on both databases.
pub async fn raw_exec(db: &Db, sql: &str, params: &[&str]) -> Result<u64, sqlx::Error> {
    match db.kind {
        Kind::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await?;
            let mut q = sqlx::query(AssertSqlSafe(sql.to_owned()));
            for p in params {
                q = q.bind(p.to_string());
            }
            let r = q.execute(&mut c).await.map(|r| r.rows_affected());
            c.close().await.ok();
            r
        }
        Kind::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await?;
            let mut q = sqlx::query(AssertSqlSafe(sql.to_owned()));
            for p in params {
                q = q.bind(p.to_string());
            }
            let r = q.execute(&mut c).await.map(|r| r.rows_affected());
            c.close().await.ok();
            r
        }
    }
}

// ---- fixtures ----------------------------------------------------------------------------

pub fn t0() -> Timestamp {
    "2026-03-02T09:30:00.123456789Z".parse().unwrap()
}

pub fn at(minutes: i64) -> Timestamp {
    t0() + SignedDuration::from_mins(minutes)
}

/// A set of organisations and one user in each.
#[derive(Clone, Debug)]
pub struct World {
    pub force: Uuid,
    pub cps: Uuid,
    pub firm: Uuid,
    pub court: Uuid,
    pub force2: Uuid,
    pub cps2: Uuid,
    pub auditors: Uuid,
    pub officer: Uuid,
    pub prosecutor: Uuid,
    pub solicitor: Uuid,
    pub lister: Uuid,
    pub prosecutor2: Uuid,
    pub auditor: Uuid,
}

pub async fn world(store: &Store) -> World {
    async fn org(s: &Store, kind: OrgKind, name: &str, code: &str, courts: &[&str]) -> Uuid {
        let id = Uuid::new_v4();
        s.create_organisation(&Organisation {
            id,
            kind,
            name: name.into(),
            code: Some(code.into()),
            court_ous: courts.iter().map(|c| c.to_string()).collect(),
        })
        .await
        .unwrap();
        id
    }
    async fn user(s: &Store, org_id: Uuid, username: &str, role: Role) -> Uuid {
        let id = Uuid::new_v4();
        s.create_user(&NewUser {
            id,
            org_id,
            username: username.into(),
            display_name: format!("{username} display"),
            role,
            password_hash: Some(format!("hash-of-{username}")),
        })
        .await
        .unwrap();
        id
    }
    let force = org(
        store,
        OrgKind::PoliceForce,
        "Metropolitan Police",
        "01",
        &[],
    )
    .await;
    let cps = org(
        store,
        OrgKind::ProsecutingAuthority,
        "CPS London",
        "LON",
        &[],
    )
    .await;
    let firm = org(store, OrgKind::DefenceFirm, "Smith & Co", "0A123B", &[]).await;
    let court = org(
        store,
        OrgKind::Court,
        "Lavender Hill MC",
        "B01LY00",
        &["B01LY00", "B01LY01"],
    )
    .await;
    let force2 = org(store, OrgKind::PoliceForce, "Kent Police", "46", &[]).await;
    let cps2 = org(
        store,
        OrgKind::ProsecutingAuthority,
        "CPS South East",
        "SE",
        &[],
    )
    .await;
    let auditors = org(store, OrgKind::Oversight, "Audit Office", "AUD", &[]).await;
    World {
        force,
        cps,
        firm,
        court,
        force2,
        cps2,
        auditors,
        officer: user(store, force, "officer", Role::PoliceOfficer).await,
        prosecutor: user(store, cps, "prosecutor", Role::Prosecutor).await,
        solicitor: user(store, firm, "solicitor", Role::DefenceSolicitor).await,
        lister: user(store, court, "lister", Role::ListingOfficer).await,
        prosecutor2: user(store, cps2, "prosecutor2", Role::Prosecutor).await,
        auditor: user(store, auditors, "auditor", Role::Auditor).await,
    }
}

pub fn event(actor: Uuid, org: Uuid, kind: &str, n: i64) -> NewEvent {
    NewEvent {
        event_type: kind.into(),
        payload: json!({ "n": n, "text": "ünïcode ✓", "nested": { "a": [1, 2, 3] } }),
        actor_user_id: actor,
        actor_org_id: org,
        occurred_at: at(n),
        correlation_id: Uuid::new_v4(),
        reason: if n % 2 == 0 {
            Some(format!("reason {n}"))
        } else {
            None
        },
    }
}

pub fn defendant(
    name: &str,
    dob: Option<&str>,
    asn: Option<&str>,
    pnc: Option<&str>,
) -> DefendantRow {
    let key = name.to_lowercase();
    DefendantRow {
        defendant_id: Uuid::new_v4(),
        full_name: name.into(),
        name_key: key.clone(),
        name_tokens: key.split_whitespace().map(str::to_owned).collect(),
        date_of_birth: dob.map(str::to_owned),
        asn: asn.map(str::to_owned),
        pnc_id: pnc.map(str::to_owned),
        defence_org_id: None,
    }
}

pub fn projection(case_id: Uuid, urn: &str, prosecutor: Uuid, force: Uuid) -> CaseProjection {
    CaseProjection {
        case_id,
        urn: urn.into(),
        case_number: None,
        status: "charged".into(),
        court_ou: None,
        next_hearing_date: None,
        prosecutor_org_id: prosecutor,
        charging_force_org_id: force,
        state: json!({ "urn": urn, "status": "charged" }),
        defendants: vec![],
        hearings: vec![],
        court_ous: vec![],
        orgs: vec![
            CaseOrgRow {
                org_id: force,
                relation: Relation::ChargingForce,
                defendant_id: None,
            },
            CaseOrgRow {
                org_id: prosecutor,
                relation: Relation::Prosecutor,
                defendant_id: None,
            },
        ],
        custody_time_limits: vec![],
    }
}

pub fn log_entry(
    user: Uuid,
    org: Uuid,
    action: &str,
    case_id: Option<Uuid>,
    when: Timestamp,
) -> AccessLogEntry {
    AccessLogEntry {
        at: when,
        user_id: user,
        org_id: org,
        action: action.into(),
        case_id,
        defendant_id: None,
        detail: Some(json!({ "why": action })),
        correlation_id: Uuid::new_v4(),
    }
}

/// Creates a case with one event by the officer; returns its id.
pub async fn create_case(store: &Store, w: &World, p: CaseProjection) -> Uuid {
    let case_id = p.case_id;
    store
        .append(AppendRequest {
            case_id,
            expected_version: 0,
            events: vec![event(w.officer, w.force, "case_charged", 1)],
            projection: p,
            access_log: vec![log_entry(
                w.officer,
                w.force,
                "case_create",
                Some(case_id),
                at(1),
            )],
            sittings_used: Vec::new(),
            notices: Vec::new(),
            idempotency: None,
        })
        .await
        .expect("create case");
    case_id
}

/// Every access-log entry of one user (read as the auditor).
pub async fn log_of(store: &Store, w: &World, user: Uuid) -> Vec<AccessLogRow> {
    store
        .query_access_log(
            &AccessLogQuery {
                user_id: Some(user),
                ..Default::default()
            },
            log_entry(w.auditor, w.auditors, "access_log_read", None, at(10_000)),
        )
        .await
        .unwrap()
}
