//! Trial outcomes (effective, cracked, ineffective) over HTTP, recorded by the court's clerks.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::*;
use crate::listing::{A, B, LISTER, id_of, list, version};
use crate::listing_proposals::first_hearing;

#[tokio::test]
async fn the_court_clerk_records_whether_a_trial_went_ahead() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3100526",
            &[("Max Ortiz", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let r = list(
        &app,
        case,
        json!({"court_ou": LONDON_MAGS, "hearing_date": day(0), "hearing_type": "TRIAL"}),
    )
    .await;
    let trial = id_of(&r.body["created_ids"][0]);
    let path = format!("/api/v1/cases/{case}/hearings/{trial}/trial-outcome");
    let ineffective = json!({"kind": "ineffective", "reason_code": "prosecution_witness_absent", "reason": "Complainant in hospital"});
    let v = version(&app, case).await;
    for (who, status) in [
        (LISTER, StatusCode::FORBIDDEN),
        ((Role::CourtAdmin, A), StatusCode::FORBIDDEN),
        ((Role::Prosecutor, A), StatusCode::FORBIDDEN),
        ((Role::LegalAdviser, B), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(
            app.change(who, Method::POST, &path, v, Some(&ineffective))
                .await
                .status,
            status,
            "{who:?}"
        );
    }
    let no_reason = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &path,
            v,
            Some(&json!({"kind": "cracked"})),
        )
        .await;
    assert_eq!(
        no_reason.body["errors"][0]["field"], "reason_code",
        "{}",
        no_reason.body
    );
    let first = first_hearing(&app, case).await;
    let not_trial = format!("/api/v1/cases/{case}/hearings/{first}/trial-outcome");
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &not_trial,
            v,
            Some(&ineffective),
        )
        .await;
    assert_eq!(r.problem_type(), "urn:assize:problem:not-a-trial");
    assert_eq!(version(&app, case).await, v, "nothing changed");
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &path,
            v,
            Some(&ineffective),
        )
        .await;
    assert_eq!(
        r.body["events"],
        json!(["trial_outcome_recorded"]),
        "{}",
        r.body
    );
    let view = app.court_view(case).await;
    let h = view["case"]["hearings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == json!(trial))
        .unwrap()
        .clone();
    assert_eq!(
        h["trial_outcome"],
        json!({"kind": "ineffective", "reason_code": "prosecution_witness_absent",
                                          "reason": "Prosecution witness absent: Complainant in hospital"})
    );
    let again = app
        .change(
            (Role::CourtAssociate, A),
            Method::POST,
            &path,
            r.version(),
            Some(&json!({"kind": "effective"})),
        )
        .await;
    assert_eq!(
        again.problem_type(),
        "urn:assize:problem:trial-outcome-recorded"
    );
}
