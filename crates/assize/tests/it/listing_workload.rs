//! A court's workload over HTTP: utilisation per day and week exactly as the sittings hold it,
//! cases awaiting a hearing, custody time limits by expiry date; only the court's own staff
//! see it, names as on the internal court list, each case logged.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::*;
use crate::listing::{A, B, LISTER, court_day, list, room, sitting};

fn hearing_id(view: &Value, i: usize) -> String {
    view["case"]["hearings"][i]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_workload_of_a_court_is_exactly_what_its_sittings_and_cases_hold() {
    let app = TestApp::spawn().await;
    let court2 = room(&app, A, LONDON_MAGS, "Court 2", false, true).await;
    let d = court_day(3);
    let morning = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "morning",
        "mixed",
        json!({"minutes": 60}),
    )
    .await;
    let afternoon = sitting(
        &app,
        A,
        LONDON_MAGS,
        court2,
        &d,
        "afternoon",
        "mixed",
        json!({"cases": 1}),
    )
    .await;
    let mut cases = Vec::new();
    for (urn, name, custody) in [
        ("01AB4000126", "Nia Evans", "in_custody"),
        ("01AB4000226", "Ola Bakare", "conditional_bail"),
        ("01AB4000326", "Piotr Nowak", "unconditional_bail"),
    ] {
        let (case, _) = app
            .create_case(&case_json(urn, &[(name, &["TH68010"], custody)]))
            .await;
        cases.push(case);
    }
    for (case, s, estimate) in [
        (cases[0], morning, 45),
        (cases[1], morning, 30),
        (cases[2], afternoon, 20),
    ] {
        let body = json!({"court_ou": LONDON_MAGS, "hearing_date": d, "hearing_type": "PBV",
                          "sitting_id": s, "estimate_minutes": estimate});
        let r = list(&app, case, body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    // A youth, awaiting a sitting; a case whose only hearing was vacated; a custody case first
    // heard yesterday (its limit expires a day earlier).
    let (youth, _) = app
        .create_case(&case_json(
            "01AB4000426",
            &[("Yan Young", &["TH68010"], "unconditional_bail")],
        ))
        .await;
    let (vacated, v) = app
        .create_case(&case_json(
            "01AB4000526",
            &[("Vic Vacant", &["TH68010"], "unconditional_bail")],
        ))
        .await;
    let h = hearing_id(&app.court_view(vacated).await, 0);
    let r = app
        .change(
            LISTER,
            Method::POST,
            &format!("/api/v1/cases/{vacated}/hearings/{h}/vacate"),
            v,
            Some(&json!({"reason": "Prosecution not ready"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut earlier = case_json("01AB4000626", &[("Ed Earlier", &["TH68010"], "in_custody")]);
    earlier["first_hearing"]["hearing_date"] = json!(day(-1));
    let (earlier, _) = app.create_case(&earlier).await;
    let path = format!(
        "/api/v1/courts/{LONDON_MAGS}/workload?from={}&to={}",
        day(0),
        day(70)
    );
    let r = app.get(LISTER, &path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let w = &r.body;
    assert_eq!(w["days"].as_array().unwrap().len(), 71);
    let on_d = w["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["date"] == d.as_str())
        .unwrap();
    let expected = json!({"date": d, "sittings": 2, "capacity_minutes": 60, "capacity_cases": 1,
        "listed_cases": 3, "listed_minutes": 95, "over_listed": 1});
    assert_eq!(on_d, &expected);
    let busy: Vec<&Value> = w["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["sittings"] != 0)
        .collect();
    assert_eq!(busy.len(), 1, "{}", w["weeks"]);
    assert_eq!(busy[0]["listed_minutes"], 95);
    assert_eq!(busy[0]["over_listed"], 1);
    let monday = busy[0]["week_commencing"]
        .as_str()
        .unwrap()
        .parse::<jiff::civil::Date>()
        .unwrap();
    assert_eq!(monday.weekday(), jiff::civil::Weekday::Monday);

    let unlisted: Vec<(String, String)> = w["unlisted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["urn"].as_str().unwrap().into(),
                u["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    let awaiting = |urn: &str| (urn.to_string(), "awaiting_sitting".to_string());
    assert_eq!(
        unlisted,
        [
            awaiting("01AB4000126"),
            awaiting("01AB4000226"),
            awaiting("01AB4000326"),
            awaiting("01AB4000426"),
            ("01AB4000526".into(), "nothing_listed".into()),
        ],
        "today's first hearings have no sitting yet; the vacated case has nothing listed"
    );
    let first = &w["unlisted"][0];
    assert_eq!(first["in_custody"], true);
    let name = first["defendants"][0]["name"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(name.contains("nia") && name.contains("evans"), "{name}");
    assert_eq!(w["unlisted"][3]["case_id"], json!(youth));

    let ctl: Vec<(String, Vec<String>)> = w["ctl_expiries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let urns = g["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["urn"].as_str().unwrap().to_string())
                .collect();
            (g["date"].as_str().unwrap().to_string(), urns)
        })
        .collect();
    assert_eq!(
        ctl,
        [
            (day(69), vec!["01AB4000626".to_string()]),
            (day(70), vec!["01AB4000126".to_string()])
        ]
    );
    assert!(
        !unlisted.iter().any(|(u, _)| u == "01AB4000626"),
        "{earlier} has a hearing listed"
    );
}

#[tokio::test]
async fn only_the_courts_own_staff_see_its_workload_with_names_as_on_the_internal_list() {
    let app = TestApp::spawn().await;
    // A youth (under 18): named on the internal list as the policy allows each reader.
    let mut body = case_json(
        "01AB4100126",
        &[("Yasmin Youngling", &["TH68010"], "unconditional_bail")],
    );
    body["defendants"][0]["date_of_birth"] = json!("2012-05-05");
    let (case, _) = app.create_case(&body).await;
    let path = format!("/api/v1/courts/{LONDON_MAGS}/workload");
    for who in [
        (Role::PoliceOfficer, A),
        (Role::ListingOfficer, B),
        (Role::Prosecutor, A),
    ] {
        assert_eq!(
            app.get(who, &path).await.status,
            StatusCode::FORBIDDEN,
            "{who:?}"
        );
    }
    for who in [LISTER, (Role::LegalAdviser, A), (Role::Judicial, A)] {
        let r = app.get(who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{who:?}: {}", r.body);
        let list = app
            .get(
                who,
                &format!("/api/v1/courts/{LONDON_MAGS}/lists/{}", day(0)),
            )
            .await;
        let on_list: Vec<&Value> = list.body["entries"][0]["defendants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["name"])
            .collect();
        let on_workload: Vec<&Value> = r.body["unlisted"][0]["defendants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["name"])
            .collect();
        assert_eq!(on_workload, on_list, "{who:?}");
        assert_eq!(r.body["unlisted"][0]["case_id"], json!(case));
    }
    // Each case shown is logged for its reader.
    let log = app
        .get(
            (Role::Auditor, A),
            &format!("/api/v1/access-log?case_id={case}"),
        )
        .await;
    assert!(log.body.to_string().contains("list_hit"), "{}", log.body);
    // Bad ranges change nothing and say what to do.
    for q in [
        "from=2026-13-01",
        &format!("from={}&to={}", day(0), day(93)),
        &format!("from={}&to={}", day(2), day(1)),
    ] {
        let r = app.get(LISTER, &format!("{path}?{q}")).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            r.body
        );
    }
    assert_eq!(
        app.get(LISTER, "/api/v1/courts/ZZZ/workload").await.status,
        StatusCode::NOT_FOUND
    );
}
