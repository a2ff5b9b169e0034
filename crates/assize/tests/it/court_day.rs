//! One court's day holding every kind of protected person and reporting restriction, for the
//! public and internal court-list tests.

use assize_domain::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;

/// A court's day: the cases, what must never be published, what must be.
pub struct ProtectedDay {
    pub cases: Vec<Uuid>,
    pub secrets: Vec<String>,
    pub named: Vec<&'static str>,
}

/// A defendant: given names, family name, date of birth, custody status.
pub type Person<'a> = (&'a str, &'a str, &'a str, &'a str);
/// A witness: kind, given names, family name, sexual-offence complainant.
pub type Witness<'a> = (&'a str, &'a str, &'a str, bool);

/// A charged case at the London magistrates' court tomorrow (so a restriction lifted today is
/// lifted before the day): (given, family, date of birth, custody) per defendant, and
/// (kind, given, family, sexual-offence complainant) per witness.
pub fn case_body(urn: &str, n: u32, defendants: &[Person], witnesses: &[Witness]) -> Value {
    json!({
        "urn": urn, "initiation_type": "charge",
        "prosecution_authority_code": "prosecuting_authority-A",
        "defendants": defendants.iter().enumerate().map(|(i, (given, family, dob, custody))| json!({
            "given_names": given, "family_name": family, "date_of_birth": dob,
            "address": {"lines": [format!("{n} Hidden Street")], "postcode": "SE1 1AA"},
            "asn": asn(u64::from(n) * 10 + i as u64), "pnc_id": pnc(n * 10 + i as u32),
            "custody_status": custody,
            "offences": [{"offence_code": "TH68010", "wording": "Did the thing", "offence_date_from": day(-3)}]
        })).collect::<Vec<_>>(),
        "witnesses": witnesses.iter().map(|(kind, given, family, sexual)| json!({
            "kind": kind, "given_names": given, "family_name": family, "date_of_birth": "1970-01-01",
            "address": {"lines": ["9 Secret Road"], "postcode": "SW1A 1AA"}, "phone": "07700 900999",
            "sexual_offence_complainant": sexual
        })).collect::<Vec<_>>(),
        "first_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(1)}
    })
}

fn pnc(serial: u32) -> String {
    assize_domain::ids::PncId::generate(2004, 1000 + serial)
        .as_str()
        .to_string()
}

/// Record a reporting restriction as the court; returns (new version, restriction id).
pub async fn restrict(app: &TestApp, case: Uuid, v: i64, body: Value) -> (i64, Uuid) {
    let r = app
        .change(
            (Role::LegalAdviser, A),
            Method::POST,
            &format!("/api/v1/cases/{case}/reporting-restrictions"),
            v,
            Some(&body),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = r.body["created_ids"][0].as_str().unwrap().parse().unwrap();
    (r.version(), id)
}

fn ids(view: &Value, key: &str) -> Vec<String> {
    view["case"][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

/// Every kind of protection on one day at the London magistrates' court.
pub async fn protected_day(app: &TestApp) -> ProtectedDay {
    let adult = ("Adam", "Adamson", "1990-02-03", "in_custody");
    let victim = ("victim", "Wendy", "Witnessone", false);
    let specs: [(&[Person], Vec<Witness>); 9] = [
        (&[adult], vec![victim]),
        (
            &[("Yasmin", "Youngling", "2012-05-05", "unconditional_bail")],
            vec![victim],
        ),
        (
            &[("Fred", "Fortyfive", "1991-01-01", "conditional_bail")],
            vec![victim],
        ),
        (
            &[("Pippa", "Postponed", "1992-01-01", "unconditional_bail")],
            vec![victim],
        ),
        (
            &[("Ella", "Elevenorder", "1993-01-01", "unconditional_bail")],
            vec![victim],
        ),
        (
            &[("Dan", "Defendantsix", "1994-01-01", "unconditional_bail")],
            vec![
                ("witness", "Wilma", "Fortysix", false),
                ("victim", "Victor", "Fortyfivea", false),
            ],
        ),
        (
            &[("Sam", "Sexcase", "1995-01-01", "unconditional_bail")],
            vec![("victim", "Clara", "Complainant", true)],
        ),
        (
            &[("Luke", "Liftedname", "1996-01-01", "unconditional_bail")],
            vec![victim],
        ),
        (
            &[("Lara", "Laterstart", "1997-01-01", "unconditional_bail")],
            vec![victim],
        ),
    ];
    let mut out = ProtectedDay {
        cases: vec![],
        secrets: [
            "Did the thing",
            "Hidden Street",
            "SE1 1AA",
            "9 Secret Road",
            "SW1A 1AA",
            "07700 900999",
            "1970-01-01",
        ]
        .map(String::from)
        .to_vec(),
        named: vec![
            "Adamson, Adam",
            "Defendantsix, Dan",
            "Sexcase, Sam",
            "Liftedname, Luke",
            "Laterstart, Lara",
        ],
    };
    out.secrets.extend(
        [
            "Yasmin",
            "Youngling",
            "Fred",
            "Fortyfive",
            "Pippa",
            "Postponed",
            "Ella",
            "Elevenorder",
        ]
        .map(String::from),
    );
    out.secrets.extend(
        [
            "Wendy",
            "Witnessone",
            "Wilma",
            "Fortysix",
            "Victor",
            "Fortyfivea",
            "Clara",
            "Complainant",
        ]
        .map(String::from),
    );
    let mut made = Vec::new();
    for (i, (defendants, witnesses)) in specs.iter().enumerate() {
        let n = 30001 + i as u32;
        let urn = format!("01AB{n}26");
        let (case, v) = app
            .create_case(&case_body(&urn, n, defendants, witnesses))
            .await;
        let view = app.court_view(case).await;
        for d in view["case"]["defendants"].as_array().unwrap() {
            for key in ["asn", "pnc_id", "date_of_birth"] {
                out.secrets.push(d[key].as_str().unwrap().to_string());
            }
        }
        out.secrets.push(urn);
        out.cases.push(case);
        made.push((case, v, ids(&view, "defendants"), ids(&view, "witnesses")));
    }
    let on = |i: usize, basis: &str| json!({"basis": basis, "defendant_id": made[i].2[0]});
    // 2: YJCEA s.45 on the defendant. 3: a Contempt of Court Act s.4(2) postponement of the
    // whole case. 4: an s.11 order withholding the defendant's name.
    restrict(app, made[2].0, made[2].1, on(2, "yjcea1999_s45")).await;
    let postpone = json!({"basis": "cca1981_s4_2", "details": "Until the end of the trial of Pippa Postponed"});
    restrict(app, made[3].0, made[3].1, postpone).await;
    restrict(app, made[4].0, made[4].1, on(4, "cca1981_s11")).await;
    // 5: s.46 for the witness, s.45A for the victim.
    let (c, v, _, w) = &made[5];
    let (v, _) = restrict(
        app,
        *c,
        *v,
        json!({"basis": "yjcea1999_s46", "witness_id": w[0]}),
    )
    .await;
    restrict(
        app,
        *c,
        v,
        json!({"basis": "yjcea1999_s45_a", "witness_id": w[1]}),
    )
    .await;
    // 7: an s.11 order lifted today, before the day.
    let (c, v, _, _) = &made[7];
    let (v, rid) = restrict(app, *c, *v, on(7, "cca1981_s11")).await;
    let lift = format!("/api/v1/cases/{c}/reporting-restrictions/{rid}/lift");
    let r = app
        .change((Role::LegalAdviser, A), Method::POST, &lift, v, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // 8: an s.45 direction from the day after, and an s.11 order that ended today.
    let (c, v, _, _) = &made[8];
    let mut later = on(8, "yjcea1999_s45");
    later["starts_on"] = json!(day(2));
    let (v, _) = restrict(app, *c, *v, later).await;
    let mut ended = on(8, "cca1981_s11");
    ended["ends_on"] = json!(day(0));
    restrict(app, *c, v, ended).await;
    out
}
