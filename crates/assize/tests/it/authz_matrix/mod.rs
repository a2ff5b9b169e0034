//! The authorisation matrix over the real HTTP API: every `/api/v1` endpoint × every role ×
//! {side A: related to the case, side B: unrelated} plus an unauthenticated caller, checked
//! against an expectation table written out by hand below (NOT derived from the policy).
//!
//! The table follows the rules of `assize.cedar` and criminal-process.md ("Visibility
//! principles"): police, prosecution, court staff and judiciary read only the cases they are
//! related to; the defence reads a case only while on record (own client in full, co-defendants
//! as on the charge sheet, never victim/witness contact details, no timeline); agency officers and
//! auditors never read a case; only auditors read the access log; court staff list hearings, and
//! legal advisers, court associates and court admins record decisions. A case the caller may not
//! read answers 404 (its existence is not revealed); an action refused on a case the caller may
//! read answers 403.
//!
//! Fixture (every case charged by police A, prosecuted by prosecuting authority A, listed at
//! LONDON_MAGS, a side-A court):
//! * case C: D1 (firm A on record, in custody), D2 (no firm, in custody, the co-defendant), a
//!   victim with contact details. Side B's firm is "other firm, same role" for D1 (IDOR check).
//! * case R: R0 (firm A on record) and R1 (no firm), for going on record.
//! * case M: one defendant (firm A on record) fined, for amending a recorded result.
//! * case D: one defendant (no firm) fined, so that force A's recipient of notices of results
//!   exists and holds a notice that is not about case C (the notices rows read and replay it).
//!
//! Every cell is one request. Allowed writes are sent with a valid body and the right `If-Match`
//! and must succeed (the fixture is then restored); refused writes must leave the case's version
//! unchanged (read back by the court). Refused answers to callers who may not read the case must
//! not carry anything of it. At the end, the access log must hold no entry about case C for any
//! caller who may not read it. On failure the whole matrix is printed, with the wrong cells marked.

mod check;
mod endpoint;
mod fixture;
mod report;
mod request;
mod request_listing;
mod request_notices;
mod table;

use std::collections::HashMap;
use std::fmt::Write as _;

use assize_domain::access::{OrgKind, Role};

use crate::harness::*;
use check::{Cell, access_log_actions, run_cell};
use endpoint::Ep;
use fixture::Fx;
use report::render;
use table::{Expect, TABLE, columns};

const A: Side = Side::A;
const B: Side = Side::B;

/// A caller: a (role, side) with its API token, or nobody (`None`, no credentials at all).
type Who = Option<(Role, Side)>;

fn who_label(who: Who) -> String {
    match who {
        Some((role, side)) => format!("{}/{}", role.as_str(), if side == A { "A" } else { "B" }),
        None => "unauthenticated".into(),
    }
}

fn username(role: Role, side: Side) -> String {
    format!("{}.{}", role.as_str(), if side == A { "a" } else { "b" })
}

fn is_defence(role: Role) -> bool {
    role.org_kind() == OrgKind::DefenceFirm
}

#[tokio::test]
async fn every_endpoint_by_every_role_related_and_unrelated() {
    let app = TestApp::spawn().await;
    let mut fx = Fx::build(&app).await;
    let started = std::time::Instant::now();
    let mut cells = Vec::new();
    let mut expected: HashMap<(Ep, Who), Expect> = HashMap::new();
    for (ep, a, b, unauth) in TABLE {
        for (who, expect) in columns(a, b, unauth) {
            expected.insert((*ep, who), expect);
            cells.push(run_cell(&app, &mut fx, *ep, who, expect).await);
        }
    }
    // Every endpoint of the router is in the table.
    assert_eq!(TABLE.len(), 49, "one row per endpoint (and per variant)");

    // The access log: nothing about case C for a caller who may not read it (refused reads and
    // writes log nothing, search hits are not logged because there are none); a reader's read is
    // logged; a refused timeline is not; nobody without an allowed write altered the case.
    let mut log_problems = Vec::new();
    for side in [A, B] {
        for role in Role::ALL {
            let who = Some((role, side));
            // The auditor's own queries about case C are logged as `access_log_read`: not a read of the case.
            let mut actions = access_log_actions(&app, &fx, app.users[&(role, side)], fx.c).await;
            actions.retain(|a| a != "access_log_read");
            let reads = expected[&(Ep::ReadCase, who)] == Expect::Ok;
            let wrote = TABLE.iter().any(|(ep, ..)| {
                fx.target(*ep) == Some(fx.c) && expected[&(*ep, who)] == Expect::Ok
            });
            let label = who_label(who);
            if !reads && !actions.is_empty() {
                log_problems.push(format!(
                    "{label} may not read case C but the access log holds {actions:?} for it"
                ));
            }
            if reads && !actions.iter().any(|a| a == "case_read") {
                log_problems.push(format!(
                    "{label} read case C but no case_read was logged: {actions:?}"
                ));
            }
            if expected[&(Ep::Timeline, who)] != Expect::Ok
                && actions.iter().any(|a| a == "timeline_read")
            {
                log_problems.push(format!(
                    "{label} was refused the timeline but a timeline_read was logged"
                ));
            }
            if !wrote && actions.iter().any(|a| a == "case_altered") {
                log_problems.push(format!(
                    "{label} may not change case C but a case_altered was logged"
                ));
            }
        }
    }
    eprintln!(
        "authorisation matrix: {} cells in {:?} ({} backend)",
        cells.len(),
        started.elapsed(),
        backend()
    );

    let mut wrong: Vec<&Cell> = cells.iter().filter(|c| !c.problems.is_empty()).collect();
    // Leaks first, then wrong status codes.
    wrong.sort_by_key(|c| !c.problems.iter().any(|p| p.starts_with("LEAK")));
    if !wrong.is_empty() || !log_problems.is_empty() {
        let mut msg = render(&cells);
        let _ = writeln!(msg, "\n{} wrong cell(s):", wrong.len());
        for c in &wrong {
            let _ = writeln!(
                msg,
                "* {} as {} (expected {}): {}\n    answer: {} {}",
                c.ep.label(),
                who_label(c.who),
                c.expect.token(),
                c.problems.join("; "),
                c.status,
                c.body
            );
        }
        for p in &log_problems {
            let _ = writeln!(msg, "* access log: {p}");
        }
        panic!("the authorisation matrix does not hold:\n{msg}");
    }
}
