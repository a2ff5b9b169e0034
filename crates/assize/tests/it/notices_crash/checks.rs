//! What the store holds afterwards: every result recorded has exactly one notice per required
//! recipient (none partial, none duplicated, none without its result), and every acknowledged
//! result was recorded; plus the counts the tests report about the load.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use assize_domain::case::Case;
use assize_domain::notices::{RecipientKind, RoutingTable, required_recipients};
use assize_store::Store;
use uuid::Uuid;

use super::load::{Load, Sharing};
use crate::harness::*;

/// The recipients of the baseline result (recorded by an undisturbed server): the slots
/// `required_recipients` gives, plus what `notices_for` adds for the change itself (here the
/// Legal Aid Agency, proceedings having concluded) — checked to be nothing else.
pub(super) async fn baseline_slots(app: &TestApp, case: Uuid, defendant: Uuid) -> BTreeSet<String> {
    let state = case_state(&app.store, case).await;
    let hearing = state.hearings[0].id;
    let required: BTreeSet<String> = required_recipients(&state, defendant, hearing, &routing())
        .iter()
        .map(|r| r.slot())
        .collect();
    let slots = recipient_slots(&app.store).await;
    let notices = app
        .store
        .notices_about(case, defendant, hearing)
        .await
        .unwrap();
    let got: Vec<String> = notices
        .iter()
        .map(|n| slots[&n.recipient_id].clone())
        .collect();
    let set: BTreeSet<String> = got.iter().cloned().collect();
    assert_eq!(got.len(), set.len(), "one notice per recipient: {got:?}");
    assert!(
        set.is_superset(&required),
        "every required recipient: {got:?} vs {required:?}"
    );
    let extra: BTreeSet<&String> = set.difference(&required).collect();
    assert!(
        extra
            .iter()
            .all(|s| **s == RecipientKind::LegalAidAgency.as_str()),
        "nothing but the Legal Aid Agency beyond the required recipients: {extra:?}"
    );
    eprintln!("recipients of a fine: {set:?} (required: {required:?})");
    set
}

/// The routing in force: the defaults, no override having been made.
fn routing() -> RoutingTable {
    RoutingTable::defaults()
}

async fn case_state(store: &Store, case: Uuid) -> Case {
    let record = store.load_case(case).await.unwrap().expect("the case");
    serde_json::from_value(record.state).expect("case state")
}

async fn recipient_slots(store: &Store) -> HashMap<Uuid, String> {
    store
        .recipients()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.slot))
        .collect()
}

/// Per case in the database: results recorded ⇔ exactly one notice for each expected
/// recipient; no results ⇒ no notice. Acknowledged ⇒ results recorded. Returns the violations,
/// and (cases with results, cases without).
pub(super) async fn check_outbox(
    app: &TestApp,
    sharings: &[Sharing],
    expected: &BTreeSet<String>,
    baseline: Uuid,
) -> (Vec<String>, usize, usize) {
    assert!(
        app.store.route_overrides().await.unwrap().is_empty(),
        "the default routing is in force"
    );
    let acked: HashSet<Uuid> = sharings
        .iter()
        .filter(|s| s.acked)
        .map(|s| s.case)
        .collect();
    let slots = recipient_slots(&app.store).await;
    let mut problems = Vec::new();
    let (mut with, mut without) = (0, 0);
    for case_id in app.store.all_case_ids().await.unwrap() {
        if case_id == baseline {
            continue;
        }
        let case = case_state(&app.store, case_id).await;
        let mut resulted = false;
        for d in &case.defendants {
            for h in &case.hearings {
                let required = required_recipients(&case, d.id, h.id, &routing());
                let notices = app.store.notices_about(case_id, d.id, h.id).await.unwrap();
                let mut got: BTreeMap<String, usize> = BTreeMap::new();
                for n in &notices {
                    *got.entry(slots[&n.recipient_id].clone()).or_default() += 1;
                }
                if required.is_empty() {
                    if !notices.is_empty() {
                        problems.push(format!(
                            "case {case_id}: notices without results recorded: {got:?}"
                        ));
                    }
                    continue;
                }
                resulted = true;
                let want: BTreeMap<String, usize> =
                    expected.iter().map(|s| (s.clone(), 1)).collect();
                let required_slots: BTreeSet<String> = required.iter().map(|r| r.slot()).collect();
                if !expected.is_superset(&required_slots) {
                    problems.push(format!(
                        "case {case_id}: required {required_slots:?} beyond {expected:?}"
                    ));
                }
                if got != want {
                    let what = if notices.is_empty() {
                        "results recorded but NO notice (lost)"
                    } else if got.values().any(|n| *n > 1) {
                        "DUPLICATE notices"
                    } else {
                        "a PARTIAL set of notices"
                    };
                    problems.push(format!(
                        "case {case_id} ({}acknowledged): {what}: {got:?}",
                        if acked.contains(&case_id) { "" } else { "not " }
                    ));
                }
            }
        }
        if resulted {
            with += 1;
        } else {
            without += 1;
            if acked.contains(&case_id) {
                problems.push(format!(
                    "case {case_id}: outcome acknowledged but no result recorded"
                ));
            }
        }
    }
    // And as the brief of the issue puts it: each acknowledged result, by its own ids.
    for s in sharings.iter().filter(|s| s.acked) {
        let n = app
            .store
            .notices_about(s.case, s.defendant, s.hearing)
            .await
            .unwrap();
        if n.len() != expected.len() {
            problems.push(format!(
                "case {}: acknowledged, {} notices of the defendant at the hearing, not {}",
                s.case,
                n.len(),
                expected.len()
            ));
        }
    }
    (problems, with, without)
}

pub(super) fn fail_on(problems: &[String], when: &str) {
    assert!(
        problems.is_empty(),
        "{when}: {} violation(s) of the outbox guarantee:\n{}",
        problems.len(),
        problems[..problems.len().min(25)].join("\n")
    );
}

/// How the unacknowledged outcomes failed: counts by status or "connection".
pub(super) fn failure_kinds(load: &Load) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for f in load.sharings().iter().filter_map(|s| s.failure.clone()) {
        let kind = f.split([':', ' ']).next().unwrap_or_default().to_string();
        *kinds.entry(kind).or_default() += 1;
    }
    kinds
}

pub(super) fn summary(load: &Load) -> (usize, usize) {
    let s = load.sharings();
    let acked = s.iter().filter(|x| x.acked).count();
    (acked, s.len() - acked)
}
