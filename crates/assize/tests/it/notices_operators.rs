//! Notices of results as operators and amendments shape them: assigning an agency's recipient
//! to the organisation whose officers then read it (versioned, validated, logged), changing the
//! routing of a result code, and an approved correction sending an amended notice that replaces
//! the first.

use assize_domain::access::{OrgKind, Role};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::harness::*;
use crate::notices_feed::{recipient, resulted_case};

const A: Side = Side::A;
const B: Side = Side::B;
const OPERATOR: (Role, Side) = (Role::Auditor, A);

#[tokio::test]
async fn an_operator_assigns_an_agency_to_an_organisation_whose_officers_then_read_it() {
    let app = TestApp::spawn().await;
    resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let fines = recipient(&app, OPERATOR, "fines_enforcement")
        .await
        .unwrap();
    let id = fines["recipient_id"].as_str().unwrap();
    let agency = app.orgs[&(OrgKind::Agency, A)];
    let settings = |version: i64| {
        json!({"version": version, "name": "HMCTS fines enforcement", "org_id": agency,
               "delivery": "pull", "webhook_url": null, "max_attempts": 5})
    };
    let path = format!("/api/v1/recipients/{id}");
    // Only operators configure recipients.
    let r = app
        .call(
            (Role::AgencyOfficer, A),
            Method::PUT,
            &path,
            Some(&settings(1)),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .call(OPERATOR, Method::PUT, &path, Some(&settings(1)), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["version"], 2);
    // A stale version changes nothing.
    let r = app
        .call(OPERATOR, Method::PUT, &path, Some(&settings(1)), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Bad settings: every problem at once, nothing changed.
    let bad = json!({"version": 2, "name": "", "org_id": null, "delivery": "carrier-pigeon",
                     "webhook_url": "ftp://x", "webhook_secret": "short", "max_attempts": 0});
    let r = app
        .call(OPERATOR, Method::PUT, &path, Some(&bad), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let text = r.body.to_string();
    for field in [
        "name",
        "delivery",
        "webhook_url",
        "webhook_secret",
        "max_attempts",
    ] {
        assert!(text.contains(field), "{field} reported: {text}");
    }
    let webhook_without_secret = json!({"version": 2, "name": "x", "org_id": null, "delivery": "webhook",
                                        "webhook_url": "http://127.0.0.1:9/n", "max_attempts": 3});
    let r = app
        .call(
            OPERATOR,
            Method::PUT,
            &path,
            Some(&webhook_without_secret),
            &[],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a webhook needs a secret: {}",
        r.body
    );
    let r = app.call(OPERATOR, Method::PUT, &path, Some(&json!({"version": 2, "name": "x", "org_id": Uuid::new_v4(), "delivery": "pull", "max_attempts": 3})), &[]).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown organisation: {}",
        r.body
    );

    // The agency's officer now reads the feed; another agency's does not.
    let seen = recipient(&app, (Role::AgencyOfficer, A), "fines_enforcement")
        .await
        .expect("visible to its organisation");
    assert_eq!(seen["name"], "HMCTS fines enforcement");
    assert_eq!(seen["webhook_secret_set"], false);
    let feed = format!("{path}/notices");
    let r = app.get((Role::AgencyOfficer, A), &feed).await;
    assert_eq!(
        r.body["notices"][0]["content"]["offences"][0]["judicial_results"][0]["cjs_code"],
        "1015"
    );
    assert_eq!(
        app.get((Role::AgencyOfficer, B), &feed).await.status,
        StatusCode::NOT_FOUND
    );
    // The change is attributable.
    let operator = app.users[&OPERATOR];
    let log = app
        .get(OPERATOR, &format!("/api/v1/access-log?user_id={operator}"))
        .await;
    let changes = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "recipient_configured")
        .count();
    assert_eq!(
        changes, 1,
        "one change recorded, the refused ones not: {}",
        log.body
    );
}

#[tokio::test]
async fn operators_see_and_change_the_routing_of_result_codes() {
    let app = TestApp::spawn().await;
    let r = app.get(OPERATOR, "/api/v1/notice-routes").await;
    assert_eq!(r.status, StatusCode::OK);
    let row = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["cjs_code"] == "1015")
        .unwrap()
        .clone();
    assert!(
        row["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("fines_enforcement")),
        "{row}"
    );
    assert_eq!(
        app.get((Role::LegalAdviser, A), "/api/v1/notice-routes")
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Fines also to probation (an odd choice, but the administrator's), then a fine is routed so.
    let r = app
        .call(
            OPERATOR,
            Method::PUT,
            "/api/v1/notice-routes/1015/probation",
            Some(&json!({"send": true})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("probation"))
    );
    // Parties cannot be switched off; unknown codes and kinds are refused.
    for (path, what) in [
        ("/api/v1/notice-routes/1015/police_force", "a party"),
        ("/api/v1/notice-routes/99999/probation", "an unknown code"),
        ("/api/v1/notice-routes/1015/newspaper", "an unknown kind"),
    ] {
        let r = app
            .call(
                OPERATOR,
                Method::PUT,
                path,
                Some(&json!({"send": false})),
                &[],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            r.body
        );
    }
    resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let probation = recipient(&app, OPERATOR, "probation")
        .await
        .expect("routed by the override");
    assert_eq!(probation["pending"], 1);

    // Back to the default: the override is gone.
    let r = app
        .call(
            OPERATOR,
            Method::PUT,
            "/api/v1/notice-routes/1015/probation",
            Some(&json!({"send": false})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body["overrides"].as_object().unwrap().is_empty(),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn an_approved_correction_sends_an_amended_notice_replacing_the_first() {
    let app = TestApp::spawn().await;
    let (case, defendant, v) = resulted_case(
        &app,
        "01AB1000126",
        json!([{"code": "1015", "amount_pence": 25000}]),
        json!({"status": "unconditional_bail"}),
    )
    .await;
    let view = app.court_view(case).await;
    let offence = &view["case"]["defendants"][0]["offences"][0];
    let amend = json!({"defendant_id": defendant, "offence_id": offence["id"], "result_id": offence["results"][0]["id"],
                       "result": {"code": "1015", "amount_pence": 30000}, "reason": "Fine announced as £300"});
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/amendments"),
            v,
            Some(&amend),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let amendment = r.body["created_ids"][0].as_str().unwrap().to_string();
    // Proposed only: nobody is told yet.
    let force = recipient(&app, (Role::PoliceAdmin, A), "police_force")
        .await
        .unwrap();
    let feed = format!(
        "/api/v1/recipients/{}/notices",
        force["recipient_id"].as_str().unwrap()
    );
    assert_eq!(
        app.get((Role::PoliceAdmin, A), &feed).await.body["notices"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = app
        .change(
            (Role::CourtAdmin, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/amendments/{amendment}/decision"),
            r.version(),
            Some(&json!({"approve": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let notices = app.get((Role::PoliceAdmin, A), &feed).await.body["notices"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(notices.len(), 2, "{notices:?}");
    let (first, amended) = (&notices[0], &notices[1]);
    assert_eq!(amended["kind"], "amended_results");
    assert_eq!(amended["replaces_notice_id"], first["notice_id"]);
    assert_eq!(amended["seq"], 2);
    let result = &amended["content"]["offences"][0]["judicial_results"][0];
    assert_eq!(result["values"]["amount_pence"], 30000, "{result}");
    assert_eq!(
        amended["content"]["amendment"]["reason"],
        "Fine announced as £300"
    );
    // Fines enforcement is told of the correction too.
    let fines = recipient(&app, OPERATOR, "fines_enforcement")
        .await
        .unwrap();
    assert_eq!(fines["pending"], 2);
}
