//! `TestApp`: a real server on a real port over a fresh database (SQLite file or a new PostgreSQL
//! database, chosen by `ASSIZE_TEST_BACKEND`), seeded with organisations on two sides ("A" and
//! "B") and one user per role on each side, each with an API token.

use std::collections::HashMap;

use assize_api::auth::{hash_password, hash_secret};
use assize_api::{AppState, Config};
use assize_domain::access::{OrgKind, Role};
use assize_store::{NewUser, Organisation, Store};
use assize_web::app;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";

/// Which of two otherwise identical organisations of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

pub const LONDON_MAGS: &str = "B01BE00";
pub const LONDON_CROWN: &str = "C01BL00";
pub const TV_MAGS: &str = "B43AQ00";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub client: reqwest::Client,
    pub tokens: HashMap<(Role, Side), String>,
    pub users: HashMap<(Role, Side), Uuid>,
    pub orgs: HashMap<(OrgKind, Side), Uuid>,
    /// The database URL (for a second server process on the same database).
    pub url: String,
    cleanup: Option<(String, String)>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    pub fn version(&self) -> i64 {
        self.body["version"]
            .as_i64()
            .expect("a version in the response")
    }
    pub fn problem_type(&self) -> &str {
        self.body["type"].as_str().unwrap_or("")
    }
}

pub fn backend() -> String {
    std::env::var("ASSIZE_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

async fn database() -> (String, Option<(String, String)>) {
    if backend() == "postgres" {
        // The same variable as the store tests: the URL of the server's `postgres` database.
        let url = std::env::var("ASSIZE_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let server = url
            .trim_end_matches('/')
            .trim_end_matches("/postgres")
            .to_string();
        let name = format!("assize_it_{}", Uuid::new_v4().simple());
        let admin = format!("{server}/postgres");
        let pool = sqlx::PgPool::connect(&admin)
            .await
            .expect("PostgreSQL for tests");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .expect("create test database");
        pool.close().await;
        (format!("{server}/{name}"), Some((admin, name)))
    } else {
        let path = std::env::temp_dir().join(format!("assize-it-{}.db", Uuid::new_v4()));
        (format!("sqlite://{}", path.display()), None)
    }
}

/// An HTTP client builder for tests. This build's reqwest uses rustls without a crypto provider
/// of its own (assize-delivery's `https` feature), so one is installed first.
pub fn http() -> reqwest::ClientBuilder {
    assize_delivery::install_crypto_provider();
    reqwest::Client::builder()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Config::default()).await
    }

    pub async fn spawn_with(config: Config) -> TestApp {
        Self::spawn_serving(config, |store| store).await
    }

    /// A TestApp whose server runs over `serving(store)`: the store with other settings (a
    /// shorter search time limit...). The test's own `store` handle keeps the defaults.
    pub async fn spawn_serving(config: Config, serving: fn(Store) -> Store) -> TestApp {
        let (url, cleanup) = database().await;
        Self::seeded(url, cleanup, config, serving).await
    }

    /// A TestApp over the database at `url` (which the caller owns, e.g. a private PostgreSQL
    /// cluster a test restarts), seeded like any other; nothing is dropped afterwards.
    pub async fn spawn_on(url: String, config: Config) -> TestApp {
        Self::seeded(url, None, config, |store| store).await
    }

    async fn seeded(
        url: String,
        cleanup: Option<(String, String)>,
        config: Config,
        serving: fn(Store) -> Store,
    ) -> TestApp {
        let store = Store::connect(&url).await.expect("store");
        let mut orgs = HashMap::new();
        let mut users = HashMap::new();
        let mut tokens = HashMap::new();
        for side in [Side::A, Side::B] {
            let s = if side == Side::A { "A" } else { "B" };
            for kind in OrgKind::ALL {
                let (code, courts): (String, Vec<String>) = match (kind, side) {
                    (OrgKind::PoliceForce, Side::A) => ("01".into(), vec![]),
                    (OrgKind::PoliceForce, Side::B) => ("43".into(), vec![]),
                    (OrgKind::Court | OrgKind::Judiciary, Side::A) => (
                        format!("{}-{s}", kind.as_str()),
                        vec![LONDON_MAGS.into(), LONDON_CROWN.into()],
                    ),
                    (OrgKind::Court | OrgKind::Judiciary, Side::B) => {
                        (format!("{}-{s}", kind.as_str()), vec![TV_MAGS.into()])
                    }
                    _ => (format!("{}-{s}", kind.as_str()), vec![]),
                };
                let id = Uuid::now_v7();
                store
                    .create_organisation(&Organisation {
                        id,
                        kind,
                        name: format!("{} {s}", kind.as_str()),
                        code: Some(code),
                        court_ous: courts,
                    })
                    .await
                    .expect("org");
                orgs.insert((kind, side), id);
            }
        }
        let hash = hash_password(PASSWORD);
        for side in [Side::A, Side::B] {
            for role in Role::ALL {
                let id = Uuid::now_v7();
                let username = format!(
                    "{}.{}",
                    role.as_str(),
                    if side == Side::A { "a" } else { "b" }
                );
                store
                    .create_user(&NewUser {
                        id,
                        org_id: orgs[&(role.org_kind(), side)],
                        username: username.clone(),
                        display_name: username,
                        role,
                        password_hash: Some(hash.clone()),
                    })
                    .await
                    .expect("user");
                let token = format!("test-token-{}", Uuid::new_v4());
                store
                    .create_api_token(
                        Uuid::now_v7(),
                        id,
                        "test",
                        &hash_secret(&token),
                        jiff::Timestamp::now(),
                    )
                    .await
                    .expect("token");
                users.insert((role, side), id);
                tokens.insert((role, side), token);
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let router = app(AppState::new(serving(store.clone()), config));
        tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
        TestApp {
            base,
            store,
            client: http().cookie_store(true).build().expect("client"),
            tokens,
            users,
            orgs,
            url,
            cleanup,
        }
    }

    pub fn token(&self, role: Role, side: Side) -> &str {
        &self.tokens[&(role, side)]
    }

    /// A request as `role` on `side`, with JSON body and headers.
    pub async fn call(
        &self,
        who: (Role, Side),
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, String)],
    ) -> Resp {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(self.token(who.0, who.1));
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, who: (Role, Side), path: &str) -> Resp {
        self.call(who, Method::GET, path, None, &[]).await
    }

    /// POST (or another method) a change to a case at `version`.
    pub async fn change(
        &self,
        who: (Role, Side),
        method: Method,
        path: &str,
        version: i64,
        body: Option<&Value>,
    ) -> Resp {
        self.call(
            who,
            method,
            path,
            body,
            &[("If-Match", format!("\"{version}\""))],
        )
        .await
    }

    /// Create a case as side-A police; returns (case id, version).
    pub async fn create_case(&self, body: &Value) -> (Uuid, i64) {
        let r = self
            .call(
                (Role::PoliceAdmin, Side::A),
                Method::POST,
                "/api/v1/cases",
                Some(body),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        (
            r.body["case_id"].as_str().unwrap().parse().unwrap(),
            r.version(),
        )
    }

    /// The case as the court (side A) sees it.
    pub async fn court_view(&self, case_id: Uuid) -> Value {
        let r = self
            .get(
                (Role::LegalAdviser, Side::A),
                &format!("/api/v1/cases/{case_id}"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
    }

    /// `user`'s `list_hit` entries in the access log (read as side A's auditor): (case, which
    /// list).
    pub async fn list_hits(&self, user: Uuid) -> Vec<(Uuid, Value)> {
        let hits = self.case_entries(user, "list_hit").await;
        hits.into_iter()
            .map(|(c, d)| (c, d["list"].clone()))
            .collect()
    }

    /// `user`'s access-log entries of `action` about a case (read as side A's auditor): (case,
    /// detail).
    pub async fn case_entries(&self, user: Uuid, action: &str) -> Vec<(Uuid, Value)> {
        let q = assize_store::AccessLogQuery {
            user_id: Some(user),
            ..Default::default()
        };
        let reader = assize_store::AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: self.users[&(Role::Auditor, Side::A)],
            org_id: self.orgs[&(OrgKind::Oversight, Side::A)],
            action: "access_log_read".into(),
            case_id: None,
            defendant_id: None,
            detail: None,
            correlation_id: Uuid::new_v4(),
        };
        let rows = self.store.query_access_log(&q, reader).await.unwrap();
        rows.into_iter()
            .filter(|r| r.entry.action == action)
            .map(|r| {
                let detail = r.entry.detail.unwrap_or_default();
                (r.entry.case_id.expect("a case"), detail)
            })
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop_database(self.cleanup.take());
    }
}

/// A fresh, empty database of the backend under test, dropped (PostgreSQL) when it goes out of
/// scope: for tests that fill a database themselves, e.g. with `assize generate`.
pub struct ScratchDb {
    pub url: String,
    cleanup: Option<(String, String)>,
}

impl ScratchDb {
    pub async fn new() -> ScratchDb {
        let (url, cleanup) = database().await;
        ScratchDb { url, cleanup }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        drop_database(self.cleanup.take());
    }
}

fn drop_database(cleanup: Option<(String, String)>) {
    if let Some((admin, name)) = cleanup {
        // Best effort: drop the per-test database from a separate thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&pool)
                    .await;
                }
            })
        })
        .join();
    }
}

/// Today on the court calendar, and a date `days` from it.
pub fn day(days: i64) -> String {
    use jiff::ToSpan;
    assize_api::config::court_today()
        .checked_add(days.days())
        .expect("date")
        .to_string()
}

/// A valid ASN for tests.
pub fn asn(seq: u64) -> String {
    assize_domain::ids::Asn::generate(26, 1, "AB", "01", seq)
        .as_str()
        .to_string()
}

/// A charged case with one defendant per (name, offence codes) at the London magistrates' court today.
pub fn case_json(urn: &str, defendants: &[(&str, &[&str], &str)]) -> Value {
    json!({
        "urn": urn,
        "initiation_type": "charge",
        "prosecution_authority_code": "prosecuting_authority-A",
        "defendants": defendants.iter().enumerate().map(|(i, (name, codes, custody))| {
            let (given, family) = name.split_once(' ').unwrap_or(("", name));
            json!({
                "given_names": given, "family_name": family,
                "date_of_birth": "1990-02-03",
                "address": {"lines": ["1 Test Street", "London"], "postcode": "SE1 1AA"},
                "asn": asn(i as u64 + 1 + urn.bytes().map(u64::from).sum::<u64>() * 10),
                "custody_status": custody,
                "offences": codes.iter().map(|c| json!({"offence_code": c, "wording": "Did the thing", "offence_date_from": day(-3)})).collect::<Vec<_>>()
            })
        }).collect::<Vec<_>>(),
        "witnesses": [{"kind": "victim", "given_names": "Vera", "family_name": "Victim", "date_of_birth": "1970-01-01",
                       "address": {"lines": ["9 Secret Road"], "postcode": "SW1A 1AA"}, "phone": "07700 900999"}],
        "first_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(0)}
    })
}
