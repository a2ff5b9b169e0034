//! The hearing resulting screen as a browser without JavaScript uses it (plus the background
//! save `resulting.js` makes): every defendant and offence on one form, drafts that survive a new
//! session, problems that keep all input and point to the field, sharing, conflicts named, and
//! no form for those who may not record the outcome.

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::harness::*;
use crate::web::{Browser, Page};

mod sharing;

pub(super) const A: Side = Side::A;

/// A case with two defendants (three offences) at the London magistrates' court today.
pub(super) struct Fixture {
    pub case: Uuid,
    pub hearing: Uuid,
    pub defendants: Vec<Uuid>,
    pub version: i64,
}

impl Fixture {
    pub(super) fn form(&self) -> String {
        format!("/cases/{}/hearings/{}/result", self.case, self.hearing)
    }
    pub(super) fn draft(&self) -> String {
        format!("{}/draft", self.form())
    }
}

pub(super) async fn fixture(app: &TestApp) -> Fixture {
    let (case, version) = app
        .create_case(&case_json(
            "01AB7800126",
            &[
                ("Zoë O'Brien", &["TH68010", "CJ88116"], "conditional_bail"),
                ("Christopher Nowak", &["TH68010"], "unconditional_bail"),
            ],
        ))
        .await;
    let view = app.court_view(case).await;
    let id = |v: &Value| v["id"].as_str().unwrap().parse().unwrap();
    Fixture {
        case,
        hearing: id(&view["case"]["hearings"][0]),
        defendants: view["case"]["defendants"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect(),
        version,
    }
}

/// The value of the input named `name`.
pub(super) fn value(page: &Page, name: &str) -> String {
    page.all(&format!("input[name='{name}']"))
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_default()
        .to_string()
}

/// What a legal adviser types: defendant 0 attends, indicates guilty and is fined on offence 0,
/// with unconditional bail; defendant 1 is absent; the case is adjourned for 28 days.
pub(super) fn typed(page: &Page, code: &str) -> Vec<(String, String)> {
    let next = day(28);
    let (y, rest) = next.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    [
        ("csrf", page.csrf()),
        ("version", value(page, "version")),
        ("d0.id", value(page, "d0.id")),
        ("d0.attendance", "in_person".into()),
        ("d0.o0.id", value(page, "d0.o0.id")),
        ("d0.o0.indicated_plea", "guilty".into()),
        ("d0.o0.r0.code", code.into()),
        ("d0.o0.r0.amount", "250".into()),
        ("d0.bail.status", "unconditional_bail".into()),
        ("d1.attendance", "absent".into()),
        (
            "adj.reason",
            "For summary trial of the remaining offence".into(),
        ),
        ("adj.court", LONDON_MAGS.into()),
        ("adj.date.day", d.into()),
        ("adj.date.month", m.into()),
        ("adj.date.year", y.into()),
        ("adj.type", "TRIAL".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub(super) async fn post(b: &Browser, path: &str, fields: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post_form(path, &pairs).await
}

#[tokio::test]
async fn the_form_shows_every_defendant_and_offence() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.all("[data-test=defendant]").len(), 2);
    assert_eq!(page.all("[data-test=offence]").len(), 3);
    let names: Vec<String> = page
        .all("[data-test=defendant] h2")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(names, ["Zoë O'Brien", "Christopher Nowak"]);
    for text in [
        "TH68010 Theft from a shop",
        "CJ88116 Assault by beating",
        "Conditional bail",
    ] {
        assert!(page.text.contains(text), "{text} on the page");
    }
    assert_eq!(value(&page, "d0.id"), f.defendants[0].to_string());
    assert_eq!(value(&page, "version"), f.version.to_string());
    // Either-way offence before plea: indication, allocation, plea; summary-only: plea, no indication.
    assert!(page.has("input[name='d0.o0.indicated_plea'][value=guilty]"));
    assert!(page.has("input[name='d0.o0.allocation'][value=summary_trial]"));
    assert!(page.has("input[name='d0.o1.plea'][value=not_guilty]"));
    assert!(!page.has("input[name='d0.o1.indicated_plea']"));
    assert!(page.has("label[for=d0-o0-r0-code]") && page.has("input#d0-o0-r2-text"));
    assert!(page.has("input[name='d1.bail.status'][value=in_custody]"));
    assert_eq!(
        value(&page, "adj.court"),
        LONDON_MAGS,
        "next hearing defaults to this court"
    );
    assert!(page.has("input#adj-date-day") && page.has("select#adj-type option[value=TRIAL]"));
}

#[tokio::test]
async fn a_draft_is_restored_in_a_new_session() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let b = app.signed_in(Role::LegalAdviser, A).await;
    let page = b.get(&f.form()).await;
    let mut fields = typed(&page, "1015");
    // "Save draft" without JavaScript: back to the same page (the browser keeps `#d1`).
    fields.push(("section".into(), "d1".into()));
    let back = post(&b, &f.draft(), &fields).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert!(back.url.ends_with(&f.form()), "{}", back.url);
    assert!(back.text_of("#draft-status").contains("Draft saved at"));
    // The background save of resulting.js answers 204.
    let mut later = fields.clone();
    later.retain(|(k, _)| k != "d0.o0.r0.amount");
    later.push(("d0.o0.r0.amount".into(), "300".into()));
    let r = b
        .client
        .post(format!("{}{}", b.base, f.draft()))
        .header("X-Assize-Autosave", "1")
        .form(&later)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // A new session (closed tab, timed out) sees what was typed.
    let again = app
        .signed_in(Role::LegalAdviser, A)
        .await
        .get(&f.form())
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(value(&again, "d0.o0.r0.code"), "1015");
    assert_eq!(value(&again, "d0.o0.r0.amount"), "300");
    assert!(again.text.contains("Fine"), "the code's label is shown");
    assert!(again.has("input[name='d0.attendance'][value=in_person][checked]"));
    assert!(again.has("input[name='d1.attendance'][value=absent][checked]"));
    assert_eq!(
        value(&again, "adj.reason"),
        "For summary trial of the remaining offence"
    );
    assert!(again.has("select#adj-type option[value=TRIAL][selected]"));
    // Nothing was recorded by saving a draft.
    assert_eq!(app.court_view(f.case).await["version"], f.version);
}

#[tokio::test]
async fn prosecution_and_defence_get_no_form() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    // The prosecutor may read the case but not result it; the defence (not on record) and another
    // court's adviser may not even know it exists.
    for (role, side, status) in [
        (Role::Prosecutor, A, StatusCode::FORBIDDEN),
        (Role::DefenceSolicitor, A, StatusCode::NOT_FOUND),
        (Role::LegalAdviser, Side::B, StatusCode::NOT_FOUND),
    ] {
        let b = app.signed_in(role, side).await;
        let page = b.get(&f.form()).await;
        assert_eq!(page.status, status, "{role:?} {side:?}");
        assert!(!page.has("[data-test=result-form]"));
        let csrf = b.get("/").await.csrf();
        let fields = [
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("d0.attendance", "absent"),
        ];
        assert_eq!(
            b.post_form(&f.form(), &fields).await.status,
            status,
            "{role:?} share"
        );
        assert_eq!(
            b.post_form(&f.draft(), &fields).await.status,
            status,
            "{role:?} draft"
        );
    }
    assert_eq!(app.court_view(f.case).await["version"], f.version);
}
