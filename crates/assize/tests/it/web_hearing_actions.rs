//! Vacating a hearing and recording a trial's outcome in the browser without JavaScript: the
//! links on the case page for those who may, the forms' errors keeping what was entered, a stale
//! version refused with the 409 page, and the case page afterwards.

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::listing::{A, id_of, list};
use crate::listing_proposals::first_hearing;
use crate::web::Page;

fn version_of(p: &Page) -> String {
    p.all("input[name=version]")
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap()
        .to_string()
}

fn stale(version: &str) -> String {
    (version.parse::<i64>().unwrap() - 1).to_string()
}

#[tokio::test]
async fn web_the_legal_adviser_records_that_a_trial_was_ineffective() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3300126",
            &[("Ada Quist", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let r = list(
        &app,
        case,
        json!({"court_ou": LONDON_MAGS, "hearing_date": day(0), "hearing_type": "TRIAL"}),
    )
    .await;
    let trial = id_of(&r.body["created_ids"][0]);
    let path = format!("/cases/{case}/hearings/{trial}/trial-outcome");

    // The listing officer may move the trial but not record its outcome.
    let lister = app.signed_in(Role::ListingOfficer, A).await;
    assert!(
        !lister
            .get(&format!("/cases/{case}"))
            .await
            .has("[data-test=record-trial-outcome]")
    );
    assert_eq!(lister.get(&path).await.status, StatusCode::FORBIDDEN);

    let b = app.signed_in(Role::LegalAdviser, A).await;
    let cp = b.get(&format!("/cases/{case}")).await;
    assert!(
        cp.has(&format!("a[data-test=record-trial-outcome][href='{path}']")),
        "{}",
        cp.text_of("[data-test=hearings]")
    );
    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let (csrf, version) = (form.csrf(), version_of(&form));
    let post = |fields: Vec<(&'static str, String)>| {
        let mut all = vec![("csrf", csrf.clone()), ("version", version.clone())];
        all.extend(fields);
        all
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let b = &b;
        let path = &path;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post_form(path, &pairs).await
        }
    };

    // Nothing chosen; then a cracked trial without a reason; then a reason of the wrong kind.
    let bad = send(post(vec![])).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(
        bad.has("[data-test=error-summary] a[href='#kind']"),
        "{}",
        bad.text
    );
    let bad = send(post(vec![("kind", "cracked".into())])).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.has("[data-test=error-summary] a[href='#reason_code']"),
        "{}",
        bad.text
    );
    assert!(bad.has("input#kind-cracked[checked]"), "the choice is kept");
    let bad = send(post(vec![
        ("kind", "ineffective".into()),
        ("reason_code", "guilty_plea".into()),
        ("reason", "On the day".into()),
    ]))
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.has("[data-test=error-summary] a[href='#reason_code']"),
        "{}",
        bad.text
    );
    assert!(bad.has("select#reason_code option[value=guilty_plea][selected]"));
    assert!(bad.text.contains("On the day"), "the detail is kept");

    // A stale version changes nothing.
    let mut old = post(vec![("kind", "effective".into())]);
    old[1].1 = stale(&version);
    let conflict = send(old).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);

    let done = send(post(vec![
        ("kind", "ineffective".into()),
        ("reason_code", "prosecution_witness_absent".into()),
        ("reason", "Complainant in hospital".into()),
    ]))
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.url.ends_with("?outcome=1"), "{}", done.url);
    assert!(done.text.contains("The trial outcome has been recorded."));
    assert_eq!(
        done.text_of("[data-test=trial-outcome]").trim(),
        "Trial ineffective: Prosecution witness absent: Complainant in hospital"
    );
    assert!(
        !done.has("[data-test=record-trial-outcome]"),
        "recorded once"
    );
}

#[tokio::test]
async fn web_the_listing_officer_vacates_a_hearing_with_a_reason() {
    let app = TestApp::spawn().await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3300226",
            &[("Ben Ruiz", &["TH68010"], "conditional_bail")],
        ))
        .await;
    let hearing = first_hearing(&app, case).await;
    let path = format!("/cases/{case}/hearings/{hearing}/vacate");

    // The prosecutor sees the hearing but may not vacate it.
    let pros = app.signed_in(Role::Prosecutor, A).await;
    assert!(
        !pros
            .get(&format!("/cases/{case}"))
            .await
            .has("[data-test=vacate-hearing]")
    );
    assert_eq!(pros.get(&path).await.status, StatusCode::FORBIDDEN);

    let b = app.signed_in(Role::ListingOfficer, A).await;
    assert!(
        b.get(&format!("/cases/{case}"))
            .await
            .has(&format!("a[data-test=vacate-hearing][href='{path}']"))
    );
    let moving = b
        .get(&format!("/cases/{case}/hearings/{hearing}/listing"))
        .await;
    assert!(moving.has(&format!("a[data-test=vacate-hearing][href='{path}']")));
    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let (csrf, version) = (form.csrf(), version_of(&form));

    let bad = b
        .post_form(
            &path,
            &[("csrf", &csrf), ("version", &version), ("reason", " ")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.has("[data-test=error-summary] a[href='#reason']"));
    let conflict = b
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &stale(&version)),
                ("reason", "Case withdrawn"),
            ],
        )
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);
    let forged = b
        .post_form(
            &path,
            &[("version", &version), ("reason", "Case withdrawn")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let done = b
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("reason", "Case withdrawn by the CPS"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.url.ends_with("?vacated=1"), "{}", done.url);
    assert!(done.text.contains("The hearing has been vacated."));
    assert!(done.text_of("[data-test=hearings]").contains("Vacated"));
    assert!(
        !done.has("[data-test=vacate-hearing]"),
        "nothing left to vacate"
    );
    let again = b.get(&path).await;
    assert_ne!(
        again.status,
        StatusCode::OK,
        "a vacated hearing has no vacate form"
    );
}

#[tokio::test]
async fn web_the_listing_officer_lists_a_new_hearing_into_a_proposed_sitting() {
    use crate::listing::{LISTER, court_day, room, sitting};
    let app = TestApp::spawn().await;
    let court2 = room(&app, A, LONDON_MAGS, "Court 2", false, false).await;
    let day = court_day(6);
    let trial = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &day,
        "all_day",
        "trial",
        json!({"minutes": 300}),
    )
    .await;
    let (case, _) = app
        .create_case(&case_json(
            "01AB3300326",
            &[("Cai Lund", &["TH68010"], "conditional_bail")],
        ))
        .await;

    // The API proposes sittings for a hearing not yet listed.
    let api = format!("/api/v1/cases/{case}/proposals?hearing_type=TRIAL&court_ou={LONDON_MAGS}");
    let r = app.get(LISTER, &api).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["proposals"][0]["sitting_id"],
        json!(trial),
        "{}",
        r.body
    );
    assert!(r.body.get("hearing_id").is_none());
    let bad = app
        .get(
            LISTER,
            &format!("/api/v1/cases/{case}/proposals?hearing_type=NOPE&court_ou={LONDON_MAGS}"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(bad.body["errors"][0]["field"], "hearing_type");
    assert_ne!(
        app.get((Role::Prosecutor, A), &api).await.status,
        StatusCode::OK
    );

    let pros = app.signed_in(Role::Prosecutor, A).await;
    assert!(
        !pros
            .get(&format!("/cases/{case}"))
            .await
            .has("[data-test=list-hearing]")
    );
    let path = format!("/cases/{case}/hearings/new");
    assert_eq!(pros.get(&path).await.status, StatusCode::FORBIDDEN);

    let b = app.signed_in(Role::ListingOfficer, A).await;
    assert!(
        b.get(&format!("/cases/{case}"))
            .await
            .has(&format!("a[data-test=list-hearing][href='{path}']"))
    );
    let start = b.get(&path).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    assert!(
        start.has(&format!(
            "select#court_ou option[value={LONDON_MAGS}][selected]"
        )),
        "the case's court first"
    );
    assert!(
        !start.has("form[data-test=list-hearing]"),
        "no sittings before a type is chosen"
    );
    let wrong = b
        .get(&format!("{path}?hearing_type=NOPE&court_ou={LONDON_MAGS}"))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.has("[data-test=error-summary] a[href='#hearing_type']"),
        "{}",
        wrong.text
    );
    let found = b
        .get(&format!("{path}?hearing_type=TRIAL&court_ou={LONDON_MAGS}"))
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert!(
        found.has(&format!("input[name=sitting][value='{trial}']")),
        "{}",
        found.text
    );
    let (csrf, version) = (found.csrf(), version_of(&found));
    let form = |sitting: &str, v: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", v.to_string()),
            ("hearing_type", "TRIAL".to_string()),
            ("court_ou", LONDON_MAGS.to_string()),
            ("sitting", sitting.to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let (b, path) = (&b, &path);
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post_form(path, &pairs).await
        }
    };
    let none = post(form("", &version)).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        none.has("[data-test=error-summary] a[href='#sitting']"),
        "{}",
        none.text
    );
    let conflict = post(form(&trial.to_string(), &stale(&version))).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    let done = post(form(&trial.to_string(), &version)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.url.ends_with("?listed=1"), "{}", done.url);
    assert!(done.text.contains("The hearing has been listed."));
    assert!(
        done.text_of("[data-test=hearing-slot]")
            .contains("Court 2, 10:00"),
        "{}",
        done.text_of("[data-test=hearings]")
    );
}
