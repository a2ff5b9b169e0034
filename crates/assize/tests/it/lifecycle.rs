//! Scripted end-to-end lifecycles of an either-way case and an indictable-only case through the
//! HTTP API, checking what each role sees at each step.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;

fn defendant_ids(view: &Value) -> Vec<Uuid> {
    view["case"]["defendants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

fn offence_id(view: &Value, d: usize) -> String {
    view["case"]["defendants"][d]["offences"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Who may open the case, as (role, side) → expected status.
async fn assert_readers(
    app: &TestApp,
    case: Uuid,
    allowed: &[(Role, Side)],
    denied: &[(Role, Side)],
) {
    for who in allowed {
        let r = app.get(*who, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{who:?} should read the case: {}",
            r.body
        );
    }
    for who in denied {
        let r = app.get(*who, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{who:?} must not see the case: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn either_way_case_from_charge_to_sentence() {
    let app = TestApp::spawn().await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB1000126",
            &[
                ("Zoë O'Brien", &["TH68010"], "conditional_bail"),
                ("Christopher Nowak", &["TH68010"], "unconditional_bail"),
            ],
        ))
        .await;
    assert_readers(
        &app,
        case,
        &[
            (Role::PoliceAdmin, A),
            (Role::PoliceOfficer, A),
            (Role::Prosecutor, A),
            (Role::LegalAdviser, A),
            (Role::Judicial, A),
        ],
        &[
            (Role::PoliceAdmin, B),
            (Role::Prosecutor, B),
            (Role::LegalAdviser, B),
            (Role::Judicial, B),
            (Role::DefenceSolicitor, A),
            (Role::DefenceSolicitor, B),
            (Role::AgencyOfficer, A),
            (Role::Auditor, A),
        ],
    )
    .await;
    let view = app.court_view(case).await;
    let ds = defendant_ids(&view);
    assert_eq!(view["case"]["defendants"][0]["name"]["given_names"], "Zoë");

    // Firm A goes on record for the first defendant, firm B for the second.
    let r = app
        .change(
            (Role::DefenceSolicitor, A),
            Method::PUT,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ds[0]),
            v,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .change(
            (Role::DefenceSolicitor, B),
            Method::PUT,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ds[1]),
            r.version(),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut v = r.version();

    // Each firm sees its own client in full and the co-defendant as on the charge sheet; never the victim's contact details.
    for (side, own, other) in [(A, 0, 1), (B, 1, 0)] {
        let r = app
            .get(
                (Role::DefenceSolicitor, side),
                &format!("/api/v1/cases/{case}"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let d = &r.body["case"]["defendants"];
        assert_eq!(d[own]["date_of_birth"], "1990-02-03");
        assert!(d[own]["asn"].is_string());
        assert!(
            d[other]["date_of_birth"].is_null()
                && d[other]["address"].is_null()
                && d[other]["asn"].is_null(),
            "co-defendant redacted: {}",
            d[other]
        );
        let w = &r.body["case"]["witnesses"][0];
        assert!(
            w["address"].is_null() && w["phone"].is_null() && w["date_of_birth"].is_null(),
            "witness contact hidden from defence: {w}"
        );
        let t = app
            .get(
                (Role::DefenceSolicitor, side),
                &format!("/api/v1/cases/{case}/events"),
            )
            .await;
        assert_eq!(t.status, StatusCode::FORBIDDEN);
    }
    // The prosecution sees the victim's contact details.
    let r = app
        .get((Role::Prosecutor, A), &format!("/api/v1/cases/{case}"))
        .await;
    assert_eq!(r.body["case"]["witnesses"][0]["phone"], "07700 900999");

    // First hearing: defendant 1 indicates guilty and is fined; defendant 2 indicates not guilty,
    // summary trial, not guilty plea; adjourned for trial.
    let h = view["case"]["hearings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let outcome = json!({
        "defendants": [
            {"defendant_id": ds[0], "attendance": "in_person", "offences": [{"offence_id": offence_id(&view, 0), "indicated_plea": "guilty",
              "results": [{"code": "1015", "amount_pence": 25000}]}], "bail": {"status": "unconditional_bail"}},
            {"defendant_id": ds[1], "attendance": "in_person", "offences": [{"offence_id": offence_id(&view, 1), "indicated_plea": "not_guilty",
              "allocation": "summary_trial", "plea": "not_guilty"}], "bail": {"status": "conditional_bail", "conditions": [{"kind": "residence", "details": "Live and sleep at 4 Hidden Lane"}]}}
        ],
        "adjournment": {"reason": "For summary trial", "next_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(30), "hearing_type": "TRIAL"}}
    });
    // Police cannot result a hearing.
    let r = app
        .change(
            (Role::PoliceAdmin, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{h}/outcome"),
            v,
            Some(&outcome),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A stale version is refused and changes nothing.
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{h}/outcome"),
            v - 1,
            Some(&outcome),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["current_version"], v);
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
    v = r.version();
    let view = app.court_view(case).await;
    assert_eq!(view["version"], v);
    assert_eq!(
        view["case"]["defendants"][0]["offences"][0]["stage"],
        "finalised"
    );
    assert_eq!(
        view["case"]["defendants"][1]["offences"][0]["stage"],
        "awaiting_trial"
    );
    // Firm A does not see firm B's client's bail address.
    let r = app
        .get(
            (Role::DefenceSolicitor, A),
            &format!("/api/v1/cases/{case}"),
        )
        .await;
    assert_eq!(
        r.body["case"]["defendants"][1]["bail_conditions"],
        json!([])
    );
    let r = app
        .get(
            (Role::DefenceSolicitor, B),
            &format!("/api/v1/cases/{case}"),
        )
        .await;
    assert_eq!(
        r.body["case"]["defendants"][1]["bail_conditions"][0]["details"],
        "Live and sleep at 4 Hidden Lane"
    );

    // The fine is amended: needs a reason and a second legal adviser.
    let result_id = view["case"]["defendants"][0]["offences"][0]["results"][0]["id"]
        .as_str()
        .unwrap();
    let amend = json!({"defendant_id": ds[0], "offence_id": offence_id(&view, 0), "result_id": result_id, "result": {"code": "1015", "amount_pence": 30000}, "reason": "Fine announced as £300"});
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
    v = r.version();
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/amendments/{amendment}/decision"),
            v,
            Some(&json!({"approve": true})),
        )
        .await;
    assert_eq!(
        r.problem_type(),
        "urn:assize:problem:second-person-required"
    );
    let r = app
        .change(
            (Role::CourtAdmin, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/amendments/{amendment}/decision"),
            v,
            Some(&json!({"approve": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = app.court_view(case).await;
    assert_eq!(
        view["case"]["defendants"][0]["offences"][0]["results"][0]["values"]["amount_pence"],
        30000
    );

    // Firm B leaves the record: its access ends at once.
    let r = app
        .change(
            (Role::DefenceSolicitor, B),
            Method::DELETE,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ds[1]),
            view["version"].as_i64().unwrap(),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_readers(
        &app,
        case,
        &[(Role::DefenceSolicitor, A)],
        &[(Role::DefenceSolicitor, B)],
    )
    .await;

    // The auditor sees who read and changed the case; reading the log is itself logged.
    let r = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}&limit=500"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let actions: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["case_created", "case_read", "case_altered"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let again = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}&limit=500"),
        )
        .await;
    assert!(
        again
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "access_log_read")
    );
    assert_eq!(
        app.get((Role::LegalAdviser, A), "/api/v1/access-log")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn indictable_only_case_sent_to_the_crown_court_with_a_running_ctl() {
    let app = TestApp::spawn().await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB1000226",
            &[("Sam Jones", &["OF61016"], "in_custody")],
        ))
        .await;
    let view = app.court_view(case).await;
    let d = view["case"]["defendants"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ctl = &view["custody_time_limits"][0];
    assert_eq!(
        (ctl["stage"].as_str(), ctl["days_left"].as_i64()),
        (Some("magistrates_court"), Some(70))
    );
    let h = view["case"]["hearings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/cases/{case}/hearings/{h}/outcome");
    // No plea in the magistrates' court on an indictable-only offence.
    let plea = json!({"defendants": [{"defendant_id": d, "offences": [{"offence_id": offence_id(&view, 0), "plea": "guilty"}]}]});
    let r = app
        .change((Role::LegalAdviser, A), Method::POST, &path, v, Some(&plea))
        .await;
    assert_eq!(
        (r.status, r.problem_type()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:assize:problem:no-plea-indictable-only"
        )
    );
    let send = json!({"defendants": [{"defendant_id": d, "attendance": "by_video_link", "sending": {"crown_court_ou": LONDON_CROWN, "case_number": "T20267001"},
                        "bail": {"status": "in_custody"}}],
                      "adjournment": {"reason": "Sent for trial", "next_hearing": {"court_ou": LONDON_CROWN, "hearing_date": day(28), "hearing_type": "PDH"}}});
    let r = app
        .change((Role::LegalAdviser, A), Method::POST, &path, v, Some(&send))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = app.court_view(case).await;
    assert_eq!(view["case"]["venue"], "crown_court");
    assert_eq!(view["case"]["case_number"], "T20267001");
    let ctl = &view["custody_time_limits"][0];
    assert_eq!(
        (ctl["stage"].as_str(), ctl["days_left"].as_i64()),
        (Some("crown_court"), Some(182))
    );
    // Search by case number, ASN and forgiving name finds it for the court, not for the other force.
    for q in [
        "case_number=t20267001",
        "name=SAM%20jon",
        &format!(
            "asn={}",
            view["case"]["defendants"][0]["asn"].as_str().unwrap()
        ),
    ] {
        let r = app
            .get((Role::LegalAdviser, A), &format!("/api/v1/cases?{q}"))
            .await;
        assert_eq!(
            r.body["cases"].as_array().map(Vec::len),
            Some(1),
            "{q}: {}",
            r.body
        );
        let r = app
            .get((Role::PoliceAdmin, B), &format!("/api/v1/cases?{q}"))
            .await;
        assert_eq!(
            r.body["cases"].as_array().map(Vec::len),
            Some(0),
            "{q}: {}",
            r.body
        );
    }
    // The Crown Court hearing cannot be resulted before it happens.
    let crown = view["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["court_ou"] == LONDON_CROWN)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let arraign = json!({"defendants": [{"defendant_id": d, "offences": [{"offence_id": offence_id(&view, 0), "plea": "not_guilty"}]}]});
    let r = app
        .change(
            (Role::CourtAssociate, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{crown}/outcome"),
            view["version"].as_i64().unwrap(),
            Some(&arraign),
        )
        .await;
    assert_eq!(r.problem_type(), "urn:assize:problem:hearing-in-the-future");
    // The event log is intact and the read models rebuild to the same state.
    let report = app.store.verify_log().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    let before = app.court_view(case).await;
    assize_api::rebuild(&app.store).await.unwrap();
    assert_eq!(app.court_view(case).await, before);
}

#[tokio::test]
async fn staff_record_outcomes_only_for_hearings_at_their_own_court() {
    let app = TestApp::spawn().await;
    let (case, v) = app
        .create_case(&case_json(
            "01AB1000326",
            &[("Ann Example", &["CJ88116"], "unconditional_bail")],
        ))
        .await;
    // London lists a hearing today at a Thames Valley court (a transfer): both courts now see the case.
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings"),
            v,
            Some(&json!({"court_ou": TV_MAGS, "hearing_date": day(0), "hearing_type": "MNTN"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let tv_hearing = r.body["created_ids"][0].as_str().unwrap().to_string();
    let view = app.court_view(case).await;
    let london_hearing = view["case"]["hearings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = view["case"]["defendants"][0]["id"].as_str().unwrap();
    let attend = json!({"defendants": [{"defendant_id": d, "attendance": "in_person"}]});
    let v = r.version();
    assert_eq!(
        app.get((Role::LegalAdviser, B), &format!("/api/v1/cases/{case}"))
            .await
            .status,
        StatusCode::OK
    );
    // Neither court may record what happened at the other's hearing.
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{tv_hearing}/outcome"),
            v,
            Some(&attend),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .change(
            (Role::LegalAdviser, B),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{london_hearing}/outcome"),
            v,
            Some(&attend),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .change(
            (Role::LegalAdviser, B),
            Method::POST,
            &format!("/api/v1/cases/{case}/hearings/{tv_hearing}/outcome"),
            v,
            Some(&attend),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn the_timeline_says_who_did_what_and_when() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB1000426",
            &[("Ann Example", &["CJ88116"], "unconditional_bail")],
        ))
        .await;
    let r = app
        .get(
            (Role::Prosecutor, A),
            &format!("/api/v1/cases/{case}/events"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let first = &r.body[0];
    assert_eq!(first["type"], "case_created");
    assert_eq!(first["version"], 1);
    assert_eq!(first["actor_name"], "police_admin.a");
    assert_eq!(first["actor_organisation"], "police_force A");
    assert!(first["occurred_at"].as_str().unwrap().ends_with('Z'));
}
