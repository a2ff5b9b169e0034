//! The checks of one cell (status, content, leaks, version, access log).

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::endpoint::{Ep, Req, send};
use super::fixture::{D1_DOB, D2_DOB, Fx, VICTIM_PHONE};
use super::table::Expect;
use super::{A, Who, is_defence};
use crate::harness::*;

/// One answered cell.
pub(super) struct Cell {
    pub(super) ep: Ep,
    pub(super) who: Who,
    pub(super) expect: Expect,
    pub(super) status: StatusCode,
    /// Why the cell is wrong; empty if it is right.
    pub(super) problems: Vec<String>,
    pub(super) body: String,
}

fn results_contain(body: &Value, case: Uuid) -> bool {
    body["cases"]
        .as_array()
        .is_some_and(|cs| cs.iter().any(|c| c["case_id"] == json!(case)))
}

/// What an allowed answer must (and must not) contain.
fn check_content(
    app: &TestApp,
    fx: &Fx,
    ep: Ep,
    who: Who,
    body: &Value,
    problems: &mut Vec<String>,
) {
    let Some((role, side)) = who else { return };
    match ep {
        Ep::Me
            if body["role"] != role.as_str()
                || body["organisation_id"] != json!(app.orgs[&(role.org_kind(), side)]) =>
        {
            problems.push(format!("/me answered for someone else: {body}"));
        }
        Ep::ReadCase => {
            let defendant = |id: Uuid| {
                body["case"]["defendants"]
                    .as_array()
                    .and_then(|ds| ds.iter().find(|d| d["id"] == json!(id)))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            let (d1, d2) = (defendant(fx.d1), defendant(fx.d2));
            let witness = &body["case"]["witnesses"][0];
            let ctl_defendants: Vec<Value> = body["custody_time_limits"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|c| c["defendant_id"].clone())
                .collect();
            if d1.is_null() || d2.is_null() {
                problems.push("a defendant is missing from the case".into());
            }
            if d1["date_of_birth"] != D1_DOB {
                problems.push(format!(
                    "D1's date of birth not shown to a reader of D1 in full: {}",
                    d1["date_of_birth"]
                ));
            }
            if is_defence(role) {
                for f in ["date_of_birth", "address", "asn", "pnc_id"] {
                    if !d2[f].is_null() {
                        problems.push(format!(
                            "LEAK: co-defendant D2's {f} shown to the defence: {}",
                            d2[f]
                        ));
                    }
                }
                if d2["bail_conditions"]
                    .as_array()
                    .is_some_and(|b| !b.is_empty())
                {
                    problems.push(
                        "LEAK: co-defendant D2's bail conditions shown to the defence".into(),
                    );
                }
                if ctl_defendants.contains(&json!(fx.d2)) {
                    problems.push(
                        "LEAK: co-defendant D2's custody time limit shown to the defence".into(),
                    );
                }
                for f in ["date_of_birth", "address", "phone", "email"] {
                    if !witness[f].is_null() {
                        problems.push(format!(
                            "LEAK: victim's {f} shown to the defence: {}",
                            witness[f]
                        ));
                    }
                }
            } else {
                if witness["phone"] != VICTIM_PHONE || d2["date_of_birth"] != D2_DOB {
                    problems.push(format!("the prosecution/court side should see everything: victim {witness}, D2 {d2}"));
                }
                if !ctl_defendants.contains(&json!(fx.d2)) {
                    problems.push("D2's custody time limit not shown".into());
                }
            }
        }
        Ep::Timeline if body.as_array().is_none_or(Vec::is_empty) => {
            problems.push("an empty timeline".into());
        }
        Ep::AccessLog if !body.is_array() => problems.push("the access log is not a list".into()),
        _ => {}
    }
}

pub(super) async fn run_cell(app: &TestApp, fx: &mut Fx, ep: Ep, who: Who, expect: Expect) -> Cell {
    let req = fx.request(app, ep, who).await;
    let resp = send(app, fx, who, &req).await;
    let status = resp.status;
    let mut problems = Vec::new();
    let status_ok = match expect {
        Expect::Ok => status.is_success(),
        Expect::Hit | Expect::Miss => status == StatusCode::OK,
        Expect::Domain | Expect::DomainNoLeak => {
            status == StatusCode::CONFLICT || status == StatusCode::UNPROCESSABLE_ENTITY
        }
        Expect::Unauth => status == StatusCode::UNAUTHORIZED,
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => status == StatusCode::NOT_FOUND,
    };
    if !status_ok {
        let leak =
            if status.is_success() && !matches!(expect, Expect::Ok | Expect::Hit | Expect::Miss) {
                "LEAK: "
            } else {
                ""
            };
        problems.push(format!("{leak}expected {}, got {status}", expect.token()));
    }
    if status == StatusCode::OK {
        match expect {
            Expect::Hit if !results_contain(&resp.body, fx.c) => {
                problems.push("case C missing from the results".into())
            }
            Expect::Miss if results_contain(&resp.body, fx.c) => {
                problems.push("LEAK: case C among the results".into())
            }
            _ => {}
        }
    }
    if status.is_success() && expect == Expect::Ok {
        check_content(app, fx, ep, who, &resp.body, &mut problems);
    }
    if ep == Ep::SignIn
        && status.is_success()
        && !resp.headers.contains_key(reqwest::header::SET_COOKIE)
    {
        problems.push("signed in without a session cookie".into());
    }
    // A hidden case answers exactly as a case that does not exist would.
    if expect == Expect::Hidden
        && status == StatusCode::NOT_FOUND
        && req.path.starts_with("/api/v1/cases/")
        && (resp.body["type"] != "urn:assize:problem:not-found"
            || resp.body["detail"] != "Case not found")
    {
        problems.push(format!(
            "LEAK: a hidden case answers unlike a missing one: {}",
            resp.body
        ));
    }
    let text = resp.body.to_string();
    if expect.must_not_reveal() {
        let lower = text.to_lowercase();
        for s in fx
            .secrets
            .iter()
            .filter(|s| lower.contains(&s.to_lowercase()))
        {
            problems.push(format!("LEAK: the answer contains '{s}'"));
        }
    }
    if let (Some(case), Some(before)) = (fx.target(ep), req.if_match) {
        let after = fx.version(app, case).await;
        if status.is_success() {
            if after <= before {
                problems.push(format!(
                    "answered {status} but the case did not change (version {before} -> {after})"
                ));
            }
            fx.restore(app, ep).await;
        } else if after != before {
            problems.push(format!(
                "refused with {status} but the case changed (version {before} -> {after})"
            ));
        }
    }
    if ep == Ep::CreateCase && !status.is_success() {
        let urn = req
            .body
            .as_ref()
            .and_then(|b| b["urn"].as_str())
            .unwrap_or_default();
        if app
            .store
            .case_id_by_urn(urn)
            .await
            .expect("store")
            .is_some()
        {
            problems.push(format!("refused with {status} but case {urn} exists"));
        }
    }
    Cell {
        ep,
        who,
        expect,
        status,
        problems,
        body: text.chars().take(300).collect(),
    }
}

pub(super) async fn access_log_actions(
    app: &TestApp,
    fx: &Fx,
    user: Uuid,
    case: Uuid,
) -> Vec<String> {
    let r = send(
        app,
        fx,
        Some((Role::Auditor, A)),
        &Req::get(format!(
            "/api/v1/access-log?user_id={user}&case_id={case}&limit=500"
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}
