//! The checks of one cell (status, content, leaks, version, access log).

use assize_domain::access::{OrgKind, Role};
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

/// What a `hit` must find (and a `miss` must not): case C among the search results, or force
/// A's recipient among the recipients listed.
fn lists_the_subject(fx: &Fx, ep: Ep, body: &Value) -> bool {
    match ep {
        Ep::Recipients => body.as_array().is_some_and(|rs| {
            rs.iter()
                .any(|r| r["recipient_id"] == json!(fx.force_a_recipient))
        }),
        _ => results_contain(body, fx.c),
    }
}

fn subject(ep: Ep) -> &'static str {
    match ep {
        Ep::Recipients => "force A's recipient",
        _ => "case C",
    }
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
        Ep::NoticeFeed => {
            let has_notice = body["notices"].as_array().is_some_and(|ns| {
                ns.iter().any(|n| {
                    n["notice_id"] == json!(fx.notice) && n["content"]["case_id"] == json!(fx.d)
                })
            });
            if body["recipient_id"] != json!(fx.force_a_recipient) || !has_notice {
                problems.push(format!(
                    "force A's feed without its notice about case D: {body}"
                ));
            }
        }
        Ep::AckNotices if body["delivered"] != 0 || !body["acked_seq"].is_i64() => {
            problems.push(format!("acknowledging up to 0 changed something: {body}"));
        }
        Ep::ConfigureRecipient
            if body["recipient_id"] != json!(fx.force_a_recipient)
                || body["org_id"] != json!(app.orgs[&(OrgKind::PoliceForce, A)]) =>
        {
            problems.push(format!("not force A's recipient as configured: {body}"));
        }
        Ep::ReplayDead if !body["replayed"].is_u64() => {
            problems.push(format!("no count of dead letters replayed: {body}"));
        }
        Ep::ReplayNotice if body["replayed"] != 1 => {
            problems.push(format!("the notice was not replayed: {body}"));
        }
        Ep::NoticeRoutes
            if !body
                .as_array()
                .is_some_and(|rs| rs.iter().any(|r| r["cjs_code"] == "1015")) =>
        {
            problems.push("the routing table without the fine (1015)".into());
        }
        Ep::SetNoticeRoute
            if body["cjs_code"] != "1015"
                || body["kinds"]
                    .as_array()
                    .is_none_or(|ks| ks.iter().any(|k| k == "probation")) =>
        {
            problems.push(format!(
                "the fine's route to probation not at its default: {body}"
            ));
        }
        _ => {}
    }
}

/// The recipients listed to a caller who does not operate deliveries are its own
/// organisation's only (the operators see every one).
fn check_recipients(app: &TestApp, who: Who, body: &Value, problems: &mut Vec<String>) {
    let Some((role, side)) = who else { return };
    let Some(list) = body.as_array() else {
        problems.push(format!("the recipients are not a list: {body}"));
        return;
    };
    if role == Role::Auditor {
        return;
    }
    let own = json!(app.orgs[&(role.org_kind(), side)]);
    for r in list.iter().filter(|r| r["org_id"] != own) {
        problems.push(format!(
            "LEAK: another organisation's recipient listed: {} ({})",
            r["name"], r["recipient_id"]
        ));
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
            Expect::Hit if !lists_the_subject(fx, ep, &resp.body) => {
                problems.push(format!("{} missing from the results", subject(ep)))
            }
            Expect::Miss if lists_the_subject(fx, ep, &resp.body) => {
                problems.push(format!("LEAK: {} among the results", subject(ep)))
            }
            _ => {}
        }
        if ep == Ep::Recipients {
            check_recipients(app, who, &resp.body, &mut problems);
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
    // A recipient whose feed the caller may not read answers as one that does not exist would.
    if expect == Expect::Hidden
        && status == StatusCode::NOT_FOUND
        && req.path.starts_with("/api/v1/recipients/")
    {
        let missing = Req {
            method: req.method.clone(),
            path: req.path.replace(
                &fx.force_a_recipient.to_string(),
                &Uuid::from_u128(0x5eed).to_string(),
            ),
            body: req.body.clone(),
            if_match: req.if_match,
            bearer: req.bearer,
        };
        let other = send(app, fx, who, &missing).await;
        if other.status != status
            || resp.body["type"] != other.body["type"]
            || resp.body["detail"] != other.body["detail"]
        {
            problems.push(format!(
                "LEAK: a recipient the caller may not read answers unlike a missing one: {} vs {} {}",
                resp.body, other.status, other.body
            ));
        }
    }
    if ep == Ep::ConfigureRecipient
        && let Some(before) = req.body.as_ref().and_then(|b| b["version"].as_i64())
    {
        let after = fx.force_a_recipient_row(app).await.version;
        if status.is_success() && after <= before {
            problems.push(format!(
                "answered {status} but the recipient did not change (version {before} -> {after})"
            ));
        } else if !status.is_success() && after != before {
            problems.push(format!(
                "refused with {status} but the recipient changed (version {before} -> {after})"
            ));
        }
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
