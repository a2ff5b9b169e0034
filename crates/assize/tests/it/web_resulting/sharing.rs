//! Sharing from the resulting screen: problems keep all input and point to the field; success
//! records the outcome and removes the draft; a change by someone else in between is a conflict
//! that names it and writes nothing.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{A, fixture, post, typed, value};
use crate::harness::*;

#[tokio::test]
async fn a_problem_keeps_all_input_and_points_to_the_field() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    let bad = post(&b, &f.form(), &typed(&page, "9999")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(
        bad.has(".govuk-error-summary a[href='#d0-o0-r0-code']"),
        "{}",
        bad.text_of(".govuk-error-summary")
    );
    assert!(bad.text_of("#d0-o0-r0-code-error").contains("9999"));
    assert!(bad.has(".govuk-form-group--error input#d0-o0-r0-code"));
    assert_eq!(value(&bad, "d0.o0.r0.code"), "9999");
    assert_eq!(value(&bad, "d0.o0.r0.amount"), "250");
    assert!(bad.has("input[name='d0.o0.indicated_plea'][value=guilty][checked]"));
    assert_eq!(
        value(&bad, "adj.reason"),
        "For summary trial of the remaining offence"
    );
    assert_eq!(
        app.court_view(f.case).await["version"],
        f.version,
        "nothing written"
    );
    // Input the domain cannot even read is refused on the form, against its own input.
    let mut money = typed(&page, "1015");
    money.retain(|(k, _)| k != "d0.o0.r0.amount");
    money.push(("d0.o0.r0.amount".into(), "12.5x".into()));
    let bad = post(&b, &f.form(), &money).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has(".govuk-error-summary a[href='#d0-o0-r0-amount']"));
    assert_eq!(value(&bad, "d0.o0.r0.amount"), "12.5x");
    // The refused input is the draft too: nothing is lost if the tab is closed now.
    let again = b.get(&f.form()).await;
    assert_eq!(value(&again, "d0.o0.r0.amount"), "12.5x");
}

#[tokio::test]
async fn sharing_records_the_outcome_and_removes_the_draft() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    let fields = typed(&page, "1015");
    post(&b, &f.draft(), &fields).await;
    let user = app.users[&(Role::LegalAdviser, A)];
    assert!(
        app.store
            .result_draft(user, f.hearing)
            .await
            .unwrap()
            .is_some()
    );

    let done = post(&b, &f.form(), &fields).await;
    assert!(
        done.url.ends_with(&format!("/cases/{}?shared=1", f.case)),
        "{} {}",
        done.url,
        done.status
    );
    let view = app.court_view(f.case).await;
    assert!(view["version"].as_i64().unwrap() > f.version);
    let d0 = &view["case"]["defendants"][0];
    assert_eq!(d0["offences"][0]["stage"], "finalised");
    assert_eq!(d0["offences"][0]["results"][0]["code"], "1015");
    assert_eq!(
        d0["offences"][0]["results"][0]["values"]["amount_pence"],
        25000
    );
    assert_eq!(d0["custody_status"], "unconditional_bail");
    assert_eq!(
        view["case"]["defendants"][1]["attendance"][0]["attendance"],
        "absent"
    );
    let hearings = view["case"]["hearings"].as_array().unwrap();
    assert_eq!(hearings.len(), 2);
    assert_eq!(hearings[0]["status"], "resulted");
    assert_eq!(hearings[1]["hearing_type"], "TRIAL");
    assert!(
        app.store
            .result_draft(user, f.hearing)
            .await
            .unwrap()
            .is_none()
    );
    // The hearing now says so instead of offering the form again.
    let closed = b.get(&f.form()).await;
    assert!(closed.has("[data-test=closed]") && !closed.has("[data-test=result-form]"));
}

#[tokio::test]
async fn a_change_by_someone_else_in_between_is_a_conflict_naming_it() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    // Meanwhile a court associate records the second defendant's attendance through the API.
    let other =
        json!({"defendants": [{"defendant_id": f.defendants[1], "attendance": "by_video_link"}]});
    let path = format!("/api/v1/cases/{}/hearings/{}/outcome", f.case, f.hearing);
    let r = app
        .change(
            (Role::CourtAssociate, A),
            Method::POST,
            &path,
            f.version,
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = r.version();

    let clash = post(&b, &f.form(), &typed(&page, "1015")).await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.text);
    let notice = clash.text_of("[data-test=conflict]");
    assert!(
        notice.contains("court_associate.a (court A) changed this case at"),
        "{notice}"
    );
    assert!(
        notice.contains("Attendance recorded for Christopher Nowak: by video link"),
        "{notice}"
    );
    // Nothing of the legal adviser's was written.
    let view = app.court_view(f.case).await;
    assert_eq!(view["version"], now);
    assert!(
        view["case"]["defendants"][0]["attendance"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Everything typed is kept, and the form is re-based: sharing again is a second decision.
    assert_eq!(value(&clash, "d0.o0.r0.code"), "1015");
    assert!(clash.has("input[name='d1.attendance'][value=absent][checked]"));
    assert_eq!(value(&clash, "version"), now.to_string());
    let mut again = typed(&clash, "1015");
    again.retain(|(k, _)| !k.starts_with("d1."));
    let done = post(&b, &f.form(), &again).await;
    assert!(
        done.url.ends_with("?shared=1"),
        "{} {}",
        done.status,
        done.text_of(".govuk-error-summary")
    );
}

#[tokio::test]
async fn a_draft_older_than_the_case_says_what_changed_since() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    post(&b, &f.draft(), &typed(&page, "1015")).await;
    // The listing officer lists another hearing while the draft waits.
    let listing = json!({"court_ou": LONDON_MAGS, "hearing_date": day(14), "hearing_type": "PTR"});
    let path = format!("/api/v1/cases/{}/hearings", f.case);
    let r = app
        .change(
            (Role::ListingOfficer, A),
            Method::POST,
            &path,
            f.version,
            Some(&listing),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = b.get(&f.form()).await;
    assert_eq!(again.status, StatusCode::OK);
    let notice = again.text_of("[data-test=stale-draft]");
    assert!(
        notice.contains("listing_officer.a (court A) changed this case at"),
        "{notice}"
    );
    assert!(notice.contains("Hearing listed"), "{notice}");
    // The draft is shown, based now on the case as it is (the change has been shown).
    assert_eq!(value(&again, "d0.o0.r0.code"), "1015");
    assert_eq!(value(&again, "version"), r.version().to_string());
}
