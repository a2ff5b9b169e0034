//! The case intake form: it builds the same case as `POST /api/v1/cases`, reports the API's
//! problems against the inputs to fix with everything typed kept, and adds offences without
//! JavaScript.

use assize_domain::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;
use crate::web::Page;

const A: Side = Side::A;

/// The form's fields for one charged defendant with two offences at the London magistrates'
/// court today, and the same input as the API's JSON.
fn intake(urn: &str, asn_value: &str, second_code: &str) -> (Vec<(String, String)>, Value) {
    let today: jiff::civil::Date = day(0).parse().unwrap();
    let from: jiff::civil::Date = day(-3).parse().unwrap();
    let parts = |p: &str, d: jiff::civil::Date| {
        vec![
            (format!("{p}-day"), d.day().to_string()),
            (format!("{p}-month"), d.month().to_string()),
            (format!("{p}-year"), d.year().to_string()),
        ]
    };
    let mut f: Vec<(String, String)> = [
        ("urn", urn),
        ("initiation-type", "charge"),
        ("prosecution-authority-code", "prosecuting_authority-A"),
        ("d0-given-names", "Zoë"),
        ("d0-family-name", "O'Brien"),
        ("d0-dob-day", "3"),
        ("d0-dob-month", "2"),
        ("d0-dob-year", "1990"),
        ("d0-address-line-1", "1 Test Street"),
        ("d0-address-line-2", "London"),
        ("d0-address-line-3", ""),
        ("d0-postcode", "se1 1aa"),
        ("d0-asn", asn_value),
        ("d0-pnc-id", ""),
        ("d0-custody-status", "in_custody"),
        ("d0-o0-code", "TH68010"),
        ("d0-o0-wording", "Stole a bicycle"),
        ("d0-o1-code", second_code),
        ("d0-o1-wording", "Assaulted a constable"),
        ("hearing-court", LONDON_MAGS),
        ("hearing-type", "FH"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    f.extend(parts("d0-o0-from", from));
    f.extend(parts("d0-o1-from", from));
    f.extend(parts("hearing-date", today));
    let api = json!({
        "urn": urn,
        "initiation_type": "charge",
        "prosecution_authority_code": "prosecuting_authority-A",
        "defendants": [{
            "given_names": "Zoë", "family_name": "O'Brien", "date_of_birth": "1990-02-03",
            "address": {"lines": ["1 Test Street", "London"], "postcode": "se1 1aa"},
            "asn": asn_value, "custody_status": "in_custody",
            "offences": [
                {"offence_code": "TH68010", "wording": "Stole a bicycle", "offence_date_from": day(-3)},
                {"offence_code": second_code, "wording": "Assaulted a constable", "offence_date_from": day(-3)}
            ]
        }],
        "first_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(0), "hearing_type": "FH"}
    });
    (f, api)
}

async fn post(
    b: &crate::web::Browser,
    csrf: &str,
    fields: &[(String, String)],
    action: &str,
) -> Page {
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf", csrf));
    all.push(("action", action));
    b.post_form("/cases/new", &all).await
}

/// "Continue", check the case shown, then "Send case" with the values the check page carries.
async fn send(b: &crate::web::Browser, csrf: &str, fields: &[(String, String)]) -> Page {
    let check = post(b, csrf, fields, "send").await;
    if !check.has("[data-test=check-case]") {
        return check; // refused before the check (invalid, forbidden...)
    }
    let carried: Vec<(String, String)> = check
        .all("form input[type=hidden]")
        .iter()
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_string(),
                i.value().attr("value")?.to_string(),
            ))
        })
        .filter(|(k, _)| k != "csrf")
        .collect();
    assert_eq!(
        carried.iter().filter(|(k, _)| !k.is_empty()).count(),
        fields.len(),
        "the check page carries every field"
    );
    post(b, csrf, &carried, "confirm").await
}

/// The value an input, textarea or select shows.
fn value(p: &Page, id: &str) -> String {
    if p.has(&format!("select[id='{id}']")) {
        return p
            .all(&format!("select[id='{id}'] option[selected]"))
            .first()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or("")
            .to_string();
    }
    p.all(&format!("[id='{id}']"))
        .first()
        .map(|e| {
            e.value()
                .attr("value")
                .map(str::to_string)
                .unwrap_or_else(|| e.text().collect())
        })
        .unwrap_or_else(|| panic!("no input #{id}"))
}

/// The case without what differs between two cases made from the same input: ids, URN,
/// versions (the court's view, so nothing is redacted).
fn comparable(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| {
                    !(k.as_str() == "id"
                        || k.ends_with("_id")
                        || k.as_str() == "urn"
                        || k.as_str() == "version")
                })
                .map(|(k, v)| (k.clone(), comparable(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(comparable).collect()),
        other => other.clone(),
    }
}

async fn cases_with_urn(app: &TestApp, urn: &str) -> usize {
    let r = app
        .get((Role::PoliceAdmin, A), &format!("/api/v1/cases?urn={urn}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["cases"].as_array().unwrap().len()
}

#[tokio::test]
async fn the_form_creates_the_same_case_as_the_api() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(Role::PoliceAdmin, A).await;
    let form = b.get("/cases/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("nav a[href='/cases/new'][aria-current=page]"));
    let (fields, api) = intake("01AB1234526", &asn(901), "PL96001");
    // "Continue" shows the case for checking and records nothing yet.
    let check = post(&b, &form.csrf(), &fields, "send").await;
    assert_eq!(check.status, StatusCode::OK);
    assert!(
        check
            .text_of("[data-test=check-case]")
            .contains("01AB1234526")
    );
    assert!(
        check
            .text_of("[data-test=check-defendant]")
            .contains("PL96001")
    );
    assert!(check.has("button[name=action][value=confirm]"));
    assert!(
        !check.text_of("[data-test=check-hearing]").trim().is_empty(),
        "the first hearing is shown"
    );
    assert!(check.has("button[name=action][value=change]"));
    assert_eq!(
        cases_with_urn(&app, "01AB1234526").await,
        0,
        "nothing sent yet"
    );
    // "Change" goes back to the form with everything kept.
    let carried: Vec<(String, String)> = check
        .all("form input[type=hidden]")
        .iter()
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_string(),
                i.value().attr("value")?.to_string(),
            ))
        })
        .filter(|(k, _)| k != "csrf")
        .collect();
    let back = post(&b, &form.csrf(), &carried, "change").await;
    assert_eq!(value(&back, "urn"), "01AB1234526");
    let done = send(&b, &form.csrf(), &fields).await;
    assert!(
        done.url.contains("created=1"),
        "redirected to the new case: {} {}",
        done.url,
        done.status
    );
    let web_case: Uuid = done
        .url
        .split("/cases/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let mut same = api.clone();
    same["urn"] = json!("01AB1234626");
    same["defendants"][0]["asn"] = json!(asn(902));
    let (api_case, _) = app.create_case(&same).await;
    let (w, a) = (
        app.court_view(web_case).await,
        app.court_view(api_case).await,
    );
    assert_eq!(w["case"]["urn"], json!("01AB1234526"));
    assert_eq!(w["case"]["defendants"][0]["asn"], json!(asn(901)));
    assert_eq!(
        w["case"]["defendants"][0]["offences"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let strip_asn = |mut v: Value| {
        v["case"]["defendants"][0]["asn"] = Value::Null;
        comparable(&v)
    };
    assert_eq!(
        strip_asn(w),
        strip_asn(a),
        "the form's case equals the API's"
    );
}

#[tokio::test]
async fn invalid_input_is_reported_against_its_input_keeping_everything() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(Role::PoliceAdmin, A).await;
    let csrf = b.get("/cases/new").await.csrf();
    let (fields, _) = intake("01AB1234526", "26/01AB/01/NOTANASN", "ZZ99999");
    let p = post(&b, &csrf, &fields, "send").await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.text.contains("<title>Error: "),
        "the title says there is an error"
    );
    for id in ["d0-asn", "d0-o1-code"] {
        assert!(
            p.has(&format!(".govuk-error-summary a[href='#{id}']")),
            "summary links to #{id}"
        );
        assert!(p.has(&format!("#{id}-error")), "message beside #{id}");
        assert!(p.has(&format!("input#{id}.govuk-input--error")));
    }
    assert!(
        p.text_of(".govuk-error-summary")
            .contains("ZZ99999 is not in the CJS offence code list")
    );
    assert_eq!(
        p.all(".govuk-error-summary li").len(),
        2,
        "{}",
        p.text_of(".govuk-error-summary")
    );
    for (k, v) in &fields {
        if k.contains("custody") || k.contains("initiation") {
            continue;
        }
        assert_eq!(&value(&p, k), v, "{k} kept");
    }
    assert!(
        p.has("#d0-custody-status[checked]"),
        "the chosen radio stays chosen"
    );
    assert!(p.has("input[name=initiation-type][value=charge][checked]"));
    assert_eq!(
        cases_with_urn(&app, "01AB1234526").await,
        0,
        "nothing created"
    );

    // The form's own checks (dates in boxes, choices) come with the domain's, in page order.
    let mut partial = fields.clone();
    partial.retain(|(k, _)| k != "d0-custody-status" && k != "hearing-date-month");
    let p = post(&b, &csrf, &partial, "send").await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let links: Vec<String> = p
        .all(".govuk-error-summary a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "#d0-asn",
            "#d0-custody-status",
            "#d0-o1-code",
            "#hearing-date-day"
        ]
    );
    assert!(p.text.contains("Hearing date must include a month"));
}

#[tokio::test]
async fn adding_and_removing_blocks_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(Role::PoliceOfficer, A).await;
    let csrf = b.get("/cases/new").await.csrf();
    let (fields, _) = intake("01AB1234526", &asn(903), "PL96001");
    let p = post(&b, &csrf, &fields, "add-offence-0").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        !p.has(".govuk-error-summary"),
        "no error for adding a block"
    );
    assert!(!p.has(".govuk-error-message"));
    assert!(p.has("#d0-o2-code"), "a third offence block");
    assert_eq!(value(&p, "d0-o2-code"), "");
    for (k, v) in fields
        .iter()
        .filter(|(k, _)| !k.contains("custody") && !k.contains("initiation"))
    {
        assert_eq!(&value(&p, k), v, "{k} kept");
    }
    let p = post(&b, &csrf, &fields, "add-defendant").await;
    assert!(p.has("#d1-given-names") && p.has("#d1-o0-code"));
    assert!(p.has("button[value=remove-defendant-1]"));
    let p = post(&b, &csrf, &fields, "remove-offence-0-0").await;
    assert_eq!(
        value(&p, "d0-o0-code"),
        "PL96001",
        "the other offence moved up"
    );
    assert!(!p.has("#d0-o1-code"));
    assert_eq!(
        cases_with_urn(&app, "01AB1234526").await,
        0,
        "nothing created"
    );

    // A prosecutor sends for their own authority, naming the police force.
    let pr = app.signed_in(Role::Prosecutor, A).await;
    let form = pr.get("/cases/new").await;
    assert!(
        form.text_of("#prosecution-authority-code")
            .contains("prosecuting_authority A")
    );
    assert!(!form.has("select#prosecution-authority-code"));
    let mut mine = fields.clone();
    mine.retain(|(k, _)| k != "prosecution-authority-code");
    mine.push(("originating-organisation".into(), "01".into()));
    let done = send(&pr, &form.csrf(), &mine).await;
    assert!(done.url.contains("created=1"), "{} {}", done.url, done.text);
    // The same URN again: the URN input says so.
    let again = send(&pr, &form.csrf(), &mine).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.has(".govuk-error-summary a[href='#urn']"));
}

#[tokio::test]
async fn only_police_and_prosecutors_may_send_cases() {
    let app = TestApp::spawn().await;
    for role in [
        Role::PoliceOfficer,
        Role::PoliceAdmin,
        Role::Prosecutor,
        Role::Paralegal,
    ] {
        let b = app.signed_in(role, A).await;
        assert!(
            b.get("/").await.has("nav a[href='/cases/new']"),
            "{role:?} has the link"
        );
        assert_eq!(b.get("/cases/new").await.status, StatusCode::OK, "{role:?}");
    }
    for role in [Role::LegalAdviser, Role::DefenceSolicitor, Role::Auditor] {
        let b = app.signed_in(role, A).await;
        let home = b.get("/").await;
        assert!(
            !home.has("nav a[href='/cases/new']"),
            "{role:?} has no link"
        );
        let p = b.get("/cases/new").await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(
            p.has("[data-test=identity]"),
            "the 403 page is in the person's frame"
        );
        let (fields, _) = intake("01AB1234526", &asn(904), "PL96001");
        for action in ["send", "confirm"] {
            let sent = post(&b, &home.csrf(), &fields, action).await;
            assert_eq!(sent.status, StatusCode::FORBIDDEN, "{role:?} {action}");
        }
    }
    assert_eq!(cases_with_urn(&app, "01AB1234526").await, 0);
    // Without this session's token nothing is sent.
    let b = app.signed_in(Role::PoliceAdmin, A).await;
    let (fields, _) = intake("01AB1234526", &asn(905), "PL96001");
    for action in ["send", "confirm"] {
        assert_eq!(
            post(&b, "forged", &fields, action).await.status,
            StatusCode::FORBIDDEN
        );
    }
}
