//! Bad input gets a clear problem document and changes nothing; retries are idempotent;
//! concurrent edits never overwrite each other.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::*;

const CLERK: (Role, Side) = (Role::LegalAdviser, Side::A);
const POLICE: (Role, Side) = (Role::PoliceAdmin, Side::A);

async fn case_count(app: &TestApp) -> usize {
    app.store.all_case_ids().await.unwrap().len()
}

async fn raw_post(
    app: &TestApp,
    body: Vec<u8>,
    content_type: Option<&str>,
) -> (StatusCode, String, serde_json::Value) {
    let mut req = app
        .client
        .post(format!("{}/api/v1/cases", app.base))
        .bearer_auth(app.token(POLICE.0, POLICE.1))
        .body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.json().await.unwrap_or_default())
}

#[tokio::test]
async fn malformed_and_invalid_requests_are_refused_with_problems_and_change_nothing() {
    let app = TestApp::spawn().await;
    let good = case_json(
        "01AB2000126",
        &[("Ann Example", &["CJ88116"], "conditional_bail")],
    );
    let cases: Vec<(Vec<u8>, Option<&str>, StatusCode, &str)> = vec![
        (
            b"{not json".to_vec(),
            Some("application/json"),
            StatusCode::BAD_REQUEST,
            "malformed-request",
        ),
        (
            serde_json::to_vec(&good).unwrap(),
            None,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        (
            serde_json::to_vec(&good).unwrap(),
            Some("text/plain"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        (
            vec![b' '; 2 * 1024 * 1024],
            Some("application/json"),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
        ),
    ];
    for (body, ct, status, kind) in cases {
        let (s, content_type, problem) = raw_post(&app, body, ct).await;
        assert_eq!(s, status, "{problem}");
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["type"], format!("urn:assize:problem:{kind}"));
    }
    let mut unknown = good.clone();
    unknown["colour"] = json!("red");
    let mut wrong_type = good.clone();
    wrong_type["defendants"] = json!("none");
    for body in [unknown, wrong_type] {
        let r = app
            .call(POLICE, Method::POST, "/api/v1/cases", Some(&body), &[])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body["detail"].as_str().unwrap().len() > 10);
    }
    // Domain validation reports every field at fault at once, in words a clerk understands.
    let mut bad = good.clone();
    let asn = bad["defendants"][0]["asn"].as_str().unwrap().to_string();
    let wrong_check = format!(
        "{}{}",
        &asn[..19],
        if asn.ends_with('Z') { 'A' } else { 'Z' }
    );
    bad["defendants"][0]["asn"] = json!(wrong_check);
    bad["defendants"][0]["pnc_id"] = json!("2004/0012345A");
    bad["defendants"][0]["offences"][0]["offence_code"] = json!("ZZ99999");
    bad["first_hearing"]["court_ou"] = json!("B99XX00");
    bad["urn"] = json!("01AB20001");
    // An unknown prosecuting authority is reported with the case's own problems, not alone.
    bad["prosecution_authority_code"] = json!("NO-SUCH-CPS");
    let r = app
        .call(POLICE, Method::POST, "/api/v1/cases", Some(&bad), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "urn",
        "defendants[0].asn",
        "defendants[0].pnc_id",
        "defendants[0].offences[0].offence_code",
        "first_hearing.court_ou",
        "prosecution_authority_code",
    ] {
        assert!(fields.contains(&f), "{f} missing: {}", r.body);
    }
    assert!(
        r.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("check character")),
        "{}",
        r.body
    );
    assert_eq!(case_count(&app).await, 0, "nothing was created");
    // The same valid case goes in once; a second with the same URN is a conflict.
    app.create_case(&good).await;
    let r = app
        .call(POLICE, Method::POST, "/api/v1/cases", Some(&good), &[])
        .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (StatusCode::CONFLICT, "urn:assize:problem:duplicate-urn")
    );
    assert_eq!(case_count(&app).await, 1);
    // Unknown case, unknown route: problem documents, not empty pages.
    let r = app
        .get(CLERK, &format!("/api/v1/cases/{}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (StatusCode::NOT_FOUND, "urn:assize:problem:not-found")
    );
    assert_eq!(
        app.get(CLERK, "/api/v1/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.get(CLERK, "/api/v1/cases").await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a search needs a criterion"
    );
}

#[tokio::test]
async fn a_retried_request_with_the_same_idempotency_key_creates_one_case() {
    let app = TestApp::spawn().await;
    let body = case_json(
        "01AB2000226",
        &[("Ann Example", &["CJ88116"], "conditional_bail")],
    );
    let key = [("Idempotency-Key", "police-cms-msg-0001".to_string())];
    let first = app
        .call(POLICE, Method::POST, "/api/v1/cases", Some(&body), &key)
        .await;
    let second = app
        .call(POLICE, Method::POST, "/api/v1/cases", Some(&body), &key)
        .await;
    assert_eq!(
        (first.status, second.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(first.body, second.body);
    assert_eq!(second.headers["idempotent-replay"], "true");
    assert_eq!(case_count(&app).await, 1);
    let mut other = body.clone();
    other["urn"] = json!("01AB2000326");
    let r = app
        .call(POLICE, Method::POST, "/api/v1/cases", Some(&other), &key)
        .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:assize:problem:idempotency-key-reused"
        )
    );
    assert_eq!(case_count(&app).await, 1);
}

#[tokio::test]
async fn two_clerks_resulting_the_same_case_never_overwrite_each_other() {
    let app = TestApp::spawn().await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB2000426",
            &[("Ann Example", &["CJ88116"], "conditional_bail")],
        ))
        .await;
    let view = app.court_view(case).await;
    let d = view["case"]["defendants"][0]["id"].as_str().unwrap();
    let o = view["case"]["defendants"][0]["offences"][0]["id"]
        .as_str()
        .unwrap();
    let h = view["case"]["hearings"][0]["id"].as_str().unwrap();
    let path = format!("/api/v1/cases/{case}/hearings/{h}/outcome");
    let guilty = json!({"defendants": [{"defendant_id": d, "offences": [{"offence_id": o, "plea": "guilty", "results": [{"code": "1015", "amount_pence": 10000}]}]}]});
    let not_guilty = json!({"defendants": [{"defendant_id": d, "offences": [{"offence_id": o, "plea": "not_guilty"}]}]});
    let r = app
        .call(CLERK, Method::POST, &path, Some(&guilty), &[])
        .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::PRECONDITION_REQUIRED,
            "urn:assize:problem:version-required"
        )
    );
    let (a, b) = tokio::join!(
        app.change(CLERK, Method::POST, &path, v, Some(&guilty)),
        app.change(
            (Role::CourtAdmin, Side::A),
            Method::POST,
            &path,
            v,
            Some(&not_guilty)
        ),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    let loser = if a.status == StatusCode::CONFLICT {
        &a
    } else {
        &b
    };
    assert!(loser.body["detail"].as_str().unwrap().contains("reload"));
    let winner = if a.status == StatusCode::OK { &a } else { &b };
    let view = app.court_view(case).await;
    assert_eq!(view["version"], winner.version());
    let events = app.store.events_for_case(case).await.unwrap();
    assert_eq!(
        events.len() as i64,
        winner.version(),
        "exactly one outcome was written"
    );
    // A repeated command with the same key is replayed, not applied twice.
    let key = [
        ("Idempotency-Key", "clerk-retry-1".to_string()),
        ("If-Match", format!("\"{}\"", winner.version())),
    ];
    let adj = json!({"defendant_id": d});
    let _ = adj;
    let hearing = json!({"court_ou": LONDON_MAGS, "hearing_date": day(10), "hearing_type": "MNTN"});
    let first = app
        .call(
            CLERK,
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings"),
            Some(&hearing),
            &key,
        )
        .await;
    let again = app
        .call(
            CLERK,
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings"),
            Some(&hearing),
            &key,
        )
        .await;
    if view["case"]["status"] == "concluded" {
        assert_eq!(first.problem_type(), "urn:assize:problem:case-concluded");
    } else {
        assert_eq!(
            (first.status, again.status),
            (StatusCode::OK, StatusCode::OK),
            "{}",
            first.body
        );
        assert_eq!(first.body, again.body);
        assert_eq!(
            app.store.events_for_case(case).await.unwrap().len() as i64,
            first.version()
        );
    }
}

#[tokio::test]
async fn malformed_paths_and_unsupported_methods_get_problem_documents() {
    let app = TestApp::spawn().await;
    for (method, path, status) in [
        (
            Method::GET,
            "/api/v1/cases/null,null",
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/api/v1/cases/not-a-uuid/hearings",
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PATCH,
            "/api/v1/cases",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let r = app
            .client
            .request(method, format!("{}{path}", app.base))
            .bearer_auth(app.token(CLERK.0, CLERK.1))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
}
