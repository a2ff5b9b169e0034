//! Property: what `GET /api/v1/cases` returns (filtered in SQL by `Policy::list_scope`) is exactly
//! the set of cases the policy lets the caller read one by one.
//!
//! Each iteration generates a random graph of cases: charging force A or B, prosecuting authority
//! A or B, first hearing at LONDON_MAGS (side A) or TV_MAGS (side B), sometimes a second hearing
//! at LONDON_CROWN (side A), and 1-3 defendants each with firm A, firm B, no firm, or a firm that
//! went on record and came off it again. The graph is built through the real API; every defendant
//! of the iteration shares one generated family name. Then, for every role on each side, a search
//! by that name must return exactly the cases for which
//! `Policy::is_allowed(principal, ReadCase, facts)` holds (facts built from what was generated,
//! not read back), which must also be the cases `scope_matches(list_scope(principal), facts)`
//! accepts; and opening each case must answer 200 exactly for those (404 otherwise).
//!
//! Iterations: `PROPTEST_CASES` (default 8). Seed: `PROPTEST_RNG_SEED` (printed on each run).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use assize_domain::access::{OrgKind, Role};
use assize_policy::{Action, CaseFacts, DefendantFacts, Policy, Principal, scope_matches};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

/// The defence of one generated defendant.
#[derive(Clone, Copy, Debug)]
enum Firm {
    None,
    OnRecord(Side),
    /// Went on record, then came off it: no firm any more.
    Left(Side),
}

#[derive(Clone, Debug)]
struct GenCase {
    force: Side,
    prosecutor: Side,
    /// Side of the magistrates' court of the first hearing.
    court: Side,
    /// A second hearing at LONDON_CROWN.
    crown: bool,
    defendants: Vec<Firm>,
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::A), Just(Side::B)]
}

fn firm() -> impl Strategy<Value = Firm> {
    prop_oneof![3 => Just(Firm::None), 3 => side().prop_map(Firm::OnRecord), 1 => side().prop_map(Firm::Left)]
}

fn graph() -> impl Strategy<Value = Vec<GenCase>> {
    let case = (
        side(),
        side(),
        side(),
        prop::bool::weighted(0.3),
        prop::collection::vec(firm(), 1..=3),
    )
        .prop_map(|(force, prosecutor, court, crown, defendants)| GenCase {
            force,
            prosecutor,
            court,
            crown,
            defendants,
        });
    prop::collection::vec(case, 5..=15)
}

/// URN sequence numbers and search names, unique across iterations (and shrinking re-runs).
static SEQ: AtomicU32 = AtomicU32::new(1);
static RUN: AtomicU32 = AtomicU32::new(0);

/// A family name no other iteration's is a prefix of: "Lsq" + 4 letters.
fn family_name(run: u32) -> String {
    let mut s = String::from("Lsq");
    let mut n = run;
    for _ in 0..4 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

fn side_name(s: Side) -> &'static str {
    if s == Side::A { "A" } else { "B" }
}

fn court_ou(s: Side) -> &'static str {
    if s == Side::A { LONDON_MAGS } else { TV_MAGS }
}

fn principal(app: &TestApp, role: Role, side: Side) -> Principal {
    let kind = role.org_kind();
    let court_ous = match (kind, side) {
        (OrgKind::Court | OrgKind::Judiciary, Side::A) => {
            vec![LONDON_MAGS.to_string(), LONDON_CROWN.to_string()]
        }
        (OrgKind::Court | OrgKind::Judiciary, Side::B) => vec![TV_MAGS.to_string()],
        _ => vec![],
    };
    Principal {
        user_id: app.users[&(role, side)],
        org_id: app.orgs[&(kind, side)],
        org_kind: kind,
        role,
        court_ous,
    }
}

fn principals(app: &TestApp) -> Vec<(Role, Side, Principal)> {
    [Side::A, Side::B]
        .into_iter()
        .flat_map(|s| Role::ALL.into_iter().map(move |r| (r, s)))
        .map(|(r, s)| (r, s, principal(app, r, s)))
        .collect()
}

fn uuid_at(v: &Value) -> Uuid {
    v.as_str()
        .unwrap_or_else(|| panic!("an id, not {v}"))
        .parse()
        .expect("a uuid")
}

/// Fail the iteration (with the answer) unless the request succeeded.
fn succeeded(r: &Resp, what: &str) -> Result<(), TestCaseError> {
    if r.status.is_success() {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "{what}: {} {}",
            r.status, r.body
        )))
    }
}

const GIVEN: [&str; 3] = ["Ann", "Bob", "Cy"];

/// Create one generated case through the API; returns its facts as generated.
async fn create(app: &TestApp, g: &GenCase, family: &str) -> Result<CaseFacts, TestCaseError> {
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let urn = format!(
        "{}LS{seq:05}26",
        if g.force == Side::A { "01" } else { "43" }
    );
    let defendants: Vec<Value> = (0..g.defendants.len())
        .map(|j| {
            json!({
                "given_names": GIVEN[j], "family_name": family, "date_of_birth": "1990-01-01",
                "custody_status": "unconditional_bail",
                "offences": [{"offence_code": "TH68010", "wording": "Stole a bicycle", "offence_date_from": day(-3)}]
            })
        })
        .collect();
    let body = json!({
        "urn": urn,
        "initiation_type": "charge",
        "prosecution_authority_code": format!("prosecuting_authority-{}", side_name(g.prosecutor)),
        "defendants": defendants,
        "first_hearing": {"court_ou": court_ou(g.court), "hearing_date": day(0)}
    });
    let r = app
        .call(
            (Role::PoliceAdmin, g.force),
            Method::POST,
            "/api/v1/cases",
            Some(&body),
            &[],
        )
        .await;
    succeeded(&r, &format!("create {urn}"))?;
    let case_id = uuid_at(&r.body["case_id"]);
    let mut v = r.version();
    let mut court_ous = vec![court_ou(g.court).to_string()];
    if g.crown {
        let h = json!({"court_ou": LONDON_CROWN, "hearing_date": day(28), "hearing_type": "PDH"});
        let r = app
            .change(
                (Role::ListingOfficer, g.court),
                Method::POST,
                &format!("/api/v1/cases/{case_id}/hearings"),
                v,
                Some(&h),
            )
            .await;
        succeeded(&r, &format!("list {urn} at the Crown Court"))?;
        v = r.version();
        court_ous.push(LONDON_CROWN.to_string());
    }
    let view = app
        .get(
            (Role::PoliceAdmin, g.force),
            &format!("/api/v1/cases/{case_id}"),
        )
        .await;
    succeeded(&view, &format!("read {urn}"))?;
    let ids: Vec<Uuid> = view.body["case"]["defendants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| uuid_at(&d["id"]))
        .collect();
    prop_assert_eq!(ids.len(), g.defendants.len());
    let mut facts = Vec::new();
    for (&d, &firm) in ids.iter().zip(&g.defendants) {
        let path = format!("/api/v1/cases/{case_id}/defendants/{d}/representation");
        let on_record = match firm {
            Firm::None => None,
            Firm::OnRecord(s) | Firm::Left(s) => {
                let r = app
                    .change((Role::DefenceSolicitor, s), Method::PUT, &path, v, None)
                    .await;
                succeeded(&r, &format!("firm {} on record in {urn}", side_name(s)))?;
                v = r.version();
                if let Firm::Left(_) = firm {
                    let r = app
                        .change((Role::DefenceSolicitor, s), Method::DELETE, &path, v, None)
                        .await;
                    succeeded(
                        &r,
                        &format!("firm {} off the record in {urn}", side_name(s)),
                    )?;
                    v = r.version();
                    None
                } else {
                    Some(app.orgs[&(OrgKind::DefenceFirm, s)])
                }
            }
        };
        facts.push(DefendantFacts {
            defendant_id: d,
            defence_org: on_record,
        });
    }
    let facts = CaseFacts {
        case_id,
        court_ous,
        prosecutor_org: app.orgs[&(OrgKind::ProsecutingAuthority, g.prosecutor)],
        charging_force_org: app.orgs[&(OrgKind::PoliceForce, g.force)],
        defendants: facts,
    };
    // The store must hold the same facts (else the comparison below would test the generator).
    let rec = app
        .store
        .load_case(case_id)
        .await
        .expect("store")
        .expect("the case is stored");
    let mut stored_courts = rec.court_ous.clone();
    stored_courts.sort();
    let mut generated_courts = facts.court_ous.clone();
    generated_courts.sort();
    let stored_defendants: BTreeSet<(Uuid, Option<Uuid>)> =
        rec.defendants.iter().copied().collect();
    let generated_defendants: BTreeSet<(Uuid, Option<Uuid>)> = facts
        .defendants
        .iter()
        .map(|d| (d.defendant_id, d.defence_org))
        .collect();
    prop_assert_eq!(
        (
            stored_courts,
            rec.prosecutor_org_id,
            rec.charging_force_org_id,
            stored_defendants
        ),
        (
            generated_courts,
            facts.prosecutor_org,
            facts.charging_force_org,
            generated_defendants
        ),
        "stored facts of {} differ from the generated ones",
        urn
    );
    Ok(facts)
}

/// "#i": the index of a case in the generated graph.
fn index_of(cases: &[CaseFacts], id: &Uuid) -> String {
    cases
        .iter()
        .position(|c| c.case_id == *id)
        .map(|i| format!("#{i}"))
        .unwrap_or_else(|| format!("unknown case {id}"))
}

/// Compare one principal's search results and reads with the policy; returns what differs.
async fn check_principal(
    app: &TestApp,
    policy: &Policy,
    cases: &[CaseFacts],
    family: &str,
    role: Role,
    side: Side,
    p: Principal,
) -> Vec<String> {
    let who = format!("{}/{}", role.as_str(), side_name(side));
    let names = |set: &BTreeSet<Uuid>| set.iter().map(|id| index_of(cases, id)).collect::<Vec<_>>();
    let mut failures = Vec::new();
    let by_policy: BTreeSet<Uuid> = cases
        .iter()
        .filter(|c| policy.is_allowed(&p, Action::ReadCase, Some(c), None))
        .map(|c| c.case_id)
        .collect();
    let scope = policy.list_scope(&p);
    let by_scope: BTreeSet<Uuid> = cases
        .iter()
        .filter(|c| scope_matches(&scope, c))
        .map(|c| c.case_id)
        .collect();
    if by_scope != by_policy {
        failures.push(format!(
            "{who}: list_scope {scope:?} matches {:?} but the policy allows {:?}",
            names(&by_scope),
            names(&by_policy)
        ));
    }
    let r = app
        .get(
            (role, side),
            &format!("/api/v1/cases?name={family}&limit=100"),
        )
        .await;
    let listed: Option<BTreeSet<Uuid>> = match r.status {
        StatusCode::OK => Some(
            r.body["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| uuid_at(&c["case_id"]))
                .collect(),
        ),
        StatusCode::FORBIDDEN if !policy.is_allowed(&p, Action::Search, None, None) => {
            Some(BTreeSet::new())
        }
        s => {
            failures.push(format!("{who}: search answered {s} {}", r.body));
            None
        }
    };
    if let Some(listed) = listed
        && listed != by_policy
    {
        failures.push(format!(
            "{who}: search lists {:?} but the policy allows {:?} (LEAKED: {:?}, missing: {:?})",
            names(&listed),
            names(&by_policy),
            names(&listed.difference(&by_policy).copied().collect()),
            names(&by_policy.difference(&listed).copied().collect())
        ));
    }
    for c in cases {
        let r = app
            .get((role, side), &format!("/api/v1/cases/{}", c.case_id))
            .await;
        let expected = if by_policy.contains(&c.case_id) {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        if r.status != expected {
            failures.push(format!(
                "{who}: GET case {} answered {}, the policy says {expected}",
                index_of(cases, &c.case_id),
                r.status
            ));
        }
    }
    failures
}

/// One iteration: build the graph, then compare search results and reads with the policy for
/// every principal (the principals concurrently).
async fn check(
    app: &Arc<TestApp>,
    policy: &Arc<Policy>,
    graph: &[GenCase],
) -> Result<(), TestCaseError> {
    let family = family_name(RUN.fetch_add(1, Ordering::Relaxed));
    let mut cases = Vec::with_capacity(graph.len());
    for g in graph {
        cases.push(create(app, g, &family).await?);
    }
    let cases = Arc::new(cases);
    let mut tasks = tokio::task::JoinSet::new();
    for (role, side, p) in principals(app) {
        let (app, policy, cases, family) =
            (app.clone(), policy.clone(), cases.clone(), family.clone());
        tasks.spawn(
            async move { check_principal(&app, &policy, &cases, &family, role, side, p).await },
        );
    }
    let mut failures = Vec::new();
    while let Some(r) = tasks.join_next().await {
        failures.extend(r.expect("a principal's check panicked"));
    }
    failures.sort();
    if failures.is_empty() {
        Ok(())
    } else {
        let described: Vec<String> = graph
            .iter()
            .zip(cases.iter())
            .enumerate()
            .map(|(i, (g, c))| format!("  #{i} {g:?} -> {c:?}"))
            .collect();
        Err(TestCaseError::fail(format!(
            "{}\ngraph (family name {family}):\n{}",
            failures.join("\n"),
            described.join("\n")
        )))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn search_returns_exactly_the_cases_the_policy_allows() {
    let app = Arc::new(TestApp::spawn().await);
    let policy = Arc::new(Policy::new());
    // The principals built here are the ones the server builds from the signed-in user.
    for (role, side, p) in principals(&app) {
        let me = app.get((role, side), "/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        let court_ous: Vec<String> = serde_json::from_value(me.body["court_ous"].clone()).unwrap();
        assert_eq!(
            (
                uuid_at(&me.body["user_id"]),
                uuid_at(&me.body["organisation_id"]),
                me.body["organisation_kind"].as_str().unwrap(),
                court_ous
            ),
            (
                p.user_id,
                p.org_id,
                p.org_kind.as_str(),
                p.court_ous.clone()
            )
        );
    }
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| Uuid::new_v4().as_u64_pair().0);
    eprintln!(
        "list_scope: {cases} random graphs, PROPTEST_RNG_SEED={seed} ({} backend)",
        backend()
    );
    let config = Config {
        cases,
        max_shrink_iters: 16,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let started = std::time::Instant::now();
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::block_in_place(|| {
        runner.run(&graph(), |g| handle.block_on(check(&app, &policy, &g)))
    });
    eprintln!("list_scope: done in {:?}", started.elapsed());
    if let Err(e) = result {
        panic!("search results differ from the policy (rerun with PROPTEST_RNG_SEED={seed}):\n{e}");
    }
}
