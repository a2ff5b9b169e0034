//! A defence firm going on record through the form (URN, family name, date of birth) and
//! coming off it. Every failed match reads the same, so the form reveals no case or person.

use assize_domain::access::{OrgKind, Role};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::harness::*;
use crate::web::{Browser, Page};

const A: Side = Side::A;
const B: Side = Side::B;
const URN: &str = "01AB6600126";

/// A two-defendant case, nobody on record; (case, [Tomasz Client, Carla Codefendant]).
async fn case(app: &TestApp) -> (Uuid, Vec<Uuid>) {
    let (case, _) = app
        .create_case(&case_json(
            URN,
            &[
                ("Tomasz Client", &["TH68010"], "in_custody"),
                ("Carla Codefendant", &["TH68010"], "unconditional_bail"),
            ],
        ))
        .await;
    let view = app.court_view(case).await;
    let ids = view["case"]["defendants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().parse().unwrap())
        .collect();
    (case, ids)
}

async fn find(b: &Browser, urn: &str, family: &str, dob: (&str, &str, &str)) -> Page {
    let csrf = b.get("/representation/new").await.csrf();
    b.post_form(
        "/representation/new",
        &[
            ("csrf", &csrf),
            ("urn", urn),
            ("family-name", family),
            ("dob-day", dob.0),
            ("dob-month", dob.1),
            ("dob-year", dob.2),
        ],
    )
    .await
}

/// What a failed search says (the error summary and the message by the URN).
fn refusal(p: &Page) -> String {
    format!(
        "{} | {}",
        p.text_of(".govuk-error-summary"),
        p.text_of("#urn-error")
    )
}

async fn defence_of(app: &TestApp, case: Uuid, i: usize) -> Option<Uuid> {
    let v = app.court_view(case).await;
    v["case"]["defendants"][i]["defence"]["id"]
        .as_str()
        .map(|s| s.parse().unwrap())
}

#[tokio::test]
async fn a_firm_goes_on_record_through_the_form() {
    let app = TestApp::spawn().await;
    let (case, _) = case(&app).await;
    let firm = app.signed_in(Role::DefenceSolicitor, A).await;
    assert!(
        firm.get("/").await.has("a[href='/representation/new']"),
        "linked from the home page"
    );
    // Family name in any case; the date exactly.
    let p = find(&firm, URN, "CLIENT", ("3", "2", "1990")).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    let heading = p.text_of("[data-test=confirm-heading]");
    assert!(
        heading.contains("Tomasz Client") && heading.contains(URN),
        "{heading}"
    );
    assert!(
        heading.contains("Magistrates"),
        "names the court: {heading}"
    );
    assert!(!p.text.contains("Carla"), "nothing of the co-defendant");
    assert_eq!(
        defence_of(&app, case, 0).await,
        None,
        "nothing recorded before confirming"
    );

    let field = |name: &str| {
        p.all(&format!("input[name={name}]"))[0]
            .value()
            .attr("value")
            .unwrap()
            .to_string()
    };
    let done = firm
        .post_form(
            "/representation/confirm",
            &[
                ("csrf", &field("csrf")),
                ("case_id", &field("case_id")),
                ("defendant_id", &field("defendant_id")),
            ],
        )
        .await;
    assert!(done.url.contains(&format!("/cases/{case}")), "{}", done.url);
    assert_eq!(
        defence_of(&app, case, 0).await,
        Some(app.orgs[&(OrgKind::DefenceFirm, A)])
    );
    let r = app
        .get(
            (Role::DefenceSolicitor, A),
            &format!("/api/v1/cases/{case}"),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the firm now reads its client's case"
    );

    // Again: the firm can read the case now, so it is told why.
    let again = find(&firm, URN, "Client", ("3", "2", "1990")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refusal(&again).contains("already on record"),
        "{}",
        refusal(&again)
    );

    // Only those who may put their firm on record have the page.
    for role in [Role::DefenceAdvocate, Role::LegalAdviser, Role::PoliceAdmin] {
        let b = app.signed_in(role, A).await;
        assert_eq!(
            b.get("/representation/new").await.status,
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
        assert!(
            !b.get("/").await.has("a[href='/representation/new']"),
            "{role:?}"
        );
    }
}

#[tokio::test]
async fn every_failed_match_reads_the_same_and_is_logged() {
    let app = TestApp::spawn().await;
    let (case, ids) = case(&app).await;
    let r = app
        .call(
            (Role::DefenceSolicitor, A),
            reqwest::Method::PUT,
            &format!("/api/v1/cases/{case}/defendants/{}/representation", ids[0]),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let firm_b = app.signed_in(Role::DefenceSolicitor, B).await;
    let attempts = [
        find(&firm_b, URN, "Clyent", ("3", "2", "1990")).await,
        find(&firm_b, URN, "Client", ("4", "2", "1990")).await,
        find(&firm_b, "01AB9999926", "Client", ("3", "2", "1990")).await,
        // The right details of a client another firm represents: the case is hidden from B.
        find(&firm_b, URN, "Client", ("3", "2", "1990")).await,
    ];
    let first = refusal(&attempts[0]);
    assert!(
        first.contains("No defendant matches these details"),
        "{first}"
    );
    for p in &attempts {
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refusal(p), first, "the same message whatever failed");
        assert_eq!(p.text_of("main h1"), attempts[0].text_of("main h1"));
        assert!(
            !p.text.contains("Tomasz") && !p.text.contains("defence_firm A"),
            "nothing revealed"
        );
    }
    assert_eq!(
        defence_of(&app, case, 0).await,
        Some(app.orgs[&(OrgKind::DefenceFirm, A)])
    );
    // A malformed URN or missing date is a form error, said so.
    let p = find(&firm_b, "not a urn", "", ("", "", "")).await;
    for id in ["urn", "family-name", "dob-day"] {
        assert!(
            p.has(&format!(".govuk-error-summary a[href='#{id}']")),
            "{id}"
        );
    }

    // Each search is in the access log: who, and the URN searched.
    let b_user = app.users[&(Role::DefenceSolicitor, B)];
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?user_id={b_user}"),
        )
        .await;
    let lookups: Vec<_> = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "defendant_lookup")
        .collect();
    assert_eq!(lookups.len(), 4, "{}", log.body);
    assert!(lookups.iter().any(|e| e["detail"]["urn"] == "01AB9999926"));
    assert!(lookups.iter().all(|e| e["detail"]["matched"] == false));
}

#[tokio::test]
async fn the_firm_comes_off_the_record_and_a_stale_version_changes_nothing() {
    let app = TestApp::spawn().await;
    let (case, ids) = case(&app).await;
    let who = (Role::DefenceSolicitor, A);
    let path = format!("/api/v1/cases/{case}/defendants/{}/representation", ids[0]);
    let r = app.call(who, reqwest::Method::PUT, &path, None, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let version = app
        .get(who, &format!("/api/v1/cases/{case}"))
        .await
        .version();
    let firm = app.signed_in(Role::DefenceSolicitor, A).await;
    let csrf = firm.get("/").await.csrf();
    let leave = format!("/cases/{case}/defendants/{}/representation/leave", ids[0]);
    let stale = firm
        .post_form(
            &leave,
            &[("csrf", &csrf), ("version", &(version - 1).to_string())],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.has("[data-test=conflict]"),
        "the case as it is now, saying nothing was changed"
    );
    assert!(stale.text.contains("Nothing was changed"));
    assert!(defence_of(&app, case, 0).await.is_some(), "still on record");
    let forged = firm
        .post_form(
            &leave,
            &[("csrf", "forged"), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let done = firm
        .post_form(
            &leave,
            &[("csrf", &csrf), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.url.ends_with("/?left-record=1"), "{}", done.url);
    assert_eq!(defence_of(&app, case, 0).await, None, "off the record");
    assert_eq!(
        app.get(who, &format!("/api/v1/cases/{case}")).await.status,
        StatusCode::NOT_FOUND,
        "access ended at once"
    );
    // Another firm cannot take a firm off the record it is not on.
    let other = app.signed_in(Role::DefenceSolicitor, B).await;
    let p = other
        .post_form(
            &leave,
            &[
                ("csrf", &other.get("/").await.csrf()),
                ("version", &(version + 1).to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
}
