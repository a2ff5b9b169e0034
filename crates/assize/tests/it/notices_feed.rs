//! Notices of results through the pull feed: written with the results, one per required
//! recipient, read by each organisation's results staff only, acknowledged, offered again until
//! acknowledged; and the operators' view of every recipient and the routing.

use assize_domain::access::{OrgKind, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;
const OPERATOR: (Role, Side) = (Role::Auditor, A);

/// A case with one defendant on bail, resulted at its first hearing with `results` and bail
/// `bail`; returns (case id, defendant id, version after resulting).
pub async fn resulted_case(
    app: &TestApp,
    urn: &str,
    results: Value,
    bail: Value,
) -> (Uuid, Uuid, i64) {
    let (case, v) = app
        .create_case(&case_json(
            urn,
            &[("Zoë O'Brien", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let view = app.court_view(case).await;
    let d = view["case"]["defendants"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let o = view["case"]["defendants"][0]["offences"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let h = view["case"]["hearings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let outcome = json!({
        "defendants": [{"defendant_id": d, "attendance": "in_person",
            "offences": [{"offence_id": o, "indicated_plea": "guilty", "results": results}],
            "bail": bail}]
    });
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{h}/outcome"),
            v,
            Some(&outcome),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (case, d.parse().unwrap(), r.version())
}

/// The recipient of `kind` among those `who` sees.
pub async fn recipient(app: &TestApp, who: (Role, Side), kind: &str) -> Option<Value> {
    let r = app.get(who, "/api/v1/recipients").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == kind)
        .cloned()
}

#[tokio::test]
async fn a_fine_reaches_the_force_the_prosecutor_and_fines_enforcement_through_the_feed() {
    let app = TestApp::spawn().await;
    let (case, defendant, _) = resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;

    // The force's results unit finds its feed and reads the notice.
    let force = recipient(&app, (Role::PoliceAdmin, A), "police_force")
        .await
        .expect("the force's recipient");
    assert_eq!(
        force["org_id"],
        app.orgs[&(OrgKind::PoliceForce, A)].to_string()
    );
    let feed_path = format!(
        "/api/v1/recipients/{}/notices",
        force["recipient_id"].as_str().unwrap()
    );
    let r = app.get((Role::PoliceAdmin, A), &feed_path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let notices = r.body["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 1, "{}", r.body);
    let n = &notices[0];
    assert_eq!(
        (n["seq"].as_i64(), n["kind"].as_str()),
        (Some(1), Some("results"))
    );
    let c = &n["content"];
    assert_eq!(c["case_urn"], "01AB1000126");
    assert_eq!(c["case_id"], case.to_string());
    assert_eq!(c["defendant"]["defendant_id"], defendant.to_string());
    assert_eq!(c["defendant"]["given_names"], "Zoë");
    assert!(
        c["defendant"]["arrest_summons_number"].is_string(),
        "ASN for the PNC: {c}"
    );
    assert_eq!(c["hearing"]["court_centre"]["code"], LONDON_MAGS);
    assert_eq!(c["offences"][0]["offence_code"], "TH68010");
    assert_eq!(c["offences"][0]["judicial_results"][0]["cjs_code"], "1015");
    let notice_id = n["notice_id"].as_str().unwrap().to_string();
    assert_eq!(
        (r.body["more"].as_bool(), r.body["next_after"].as_i64()),
        (Some(false), Some(1))
    );

    // Not acknowledged: offered again. Acknowledged: gone from the default page, still readable
    // from an explicit cursor.
    let again = app.get((Role::PoliceAdmin, A), &feed_path).await;
    assert_eq!(again.body["notices"][0]["notice_id"], notice_id.as_str());
    let ack = format!("{feed_path}/ack");
    let r = app
        .call(
            (Role::PoliceAdmin, A),
            Method::POST,
            &ack,
            Some(&json!({"up_to": 1})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.body["acked_seq"].as_i64(), r.body["delivered"].as_u64()),
        (Some(1), Some(1))
    );
    let r = app.get((Role::PoliceAdmin, A), &feed_path).await;
    assert_eq!(r.body["notices"].as_array().unwrap().len(), 0);
    let r = app
        .get((Role::PoliceAdmin, A), &format!("{feed_path}?after=0"))
        .await;
    assert_eq!(r.body["notices"][0]["notice_id"], notice_id.as_str());

    // Bad input is refused and changes nothing.
    for body in [json!({"up_to": 2}), json!({"up_to": -1})] {
        let r = app
            .call((Role::PoliceAdmin, A), Method::POST, &ack, Some(&body), &[])
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
    }
    let r = app
        .call(
            (Role::PoliceAdmin, A),
            Method::POST,
            &ack,
            Some(&json!({"upto": 1})),
            &[],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown field: {}",
        r.body
    );
    for q in ["?limit=0", "?limit=501", "?after=-1", "?after=x"] {
        let r = app
            .get((Role::PoliceAdmin, A), &format!("{feed_path}{q}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.body);
    }

    // Only the force's results staff: not its officers, not another force, not the court.
    for who in [
        (Role::PoliceOfficer, A),
        (Role::PoliceAdmin, B),
        (Role::LegalAdviser, A),
        OPERATOR,
    ] {
        let r = app.get(who, &feed_path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who:?}: {}", r.body);
        let r = app
            .call(who, Method::POST, &ack, Some(&json!({"up_to": 1})), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who:?}: {}", r.body);
    }
    assert!(
        recipient(&app, (Role::PoliceAdmin, B), "police_force")
            .await
            .is_none()
    );

    // The prosecutor has its own notice of the same results.
    let cps = recipient(&app, (Role::Prosecutor, A), "prosecuting_authority")
        .await
        .unwrap();
    let r = app
        .get(
            (Role::Prosecutor, A),
            &format!(
                "/api/v1/recipients/{}/notices",
                cps["recipient_id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(
        r.body["notices"][0]["content"]["offences"][0]["judicial_results"][0]["cjs_code"],
        "1015"
    );
    assert_ne!(
        r.body["notices"][0]["notice_id"],
        notice_id.as_str(),
        "one notice per recipient"
    );

    // Every read of the notice is in the access log, with the case and defendant.
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}&limit=500"),
        )
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let reads: Vec<&Value> = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "notice_read")
        .collect();
    assert!(reads.len() >= 4, "every page read is logged: {}", log.body);
    assert!(
        reads
            .iter()
            .all(|e| e["defendant_id"] == defendant.to_string())
    );

    // The operators see every recipient, the agency among them, with its figures.
    let fines = recipient(&app, OPERATOR, "fines_enforcement")
        .await
        .expect("a fine goes to fines enforcement");
    assert_eq!(
        (fines["pending"].as_i64(), fines["delivered"].as_i64()),
        (Some(1), Some(0))
    );
    assert!(
        fines["org_id"].is_null(),
        "no organisation assigned yet: nobody reads it but it is kept"
    );
    assert!(fines["oldest_undelivered_at"].is_string());
    let force_op = recipient(&app, OPERATOR, "police_force").await.unwrap();
    assert_eq!(
        (force_op["pending"].as_i64(), force_op["delivered"].as_i64()),
        (Some(0), Some(1))
    );
    assert!(
        recipient(&app, OPERATOR, "probation").await.is_none(),
        "a fine is not probation's"
    );
}
