//! The authorisation matrix over the real HTTP API: every `/api/v1` endpoint × every role ×
//! {side A: related to the case, side B: unrelated} plus an unauthenticated caller, checked
//! against an expectation table written out by hand below (NOT derived from the policy).
//!
//! The table follows the rules of `assize.cedar` and criminal-process.md ("Visibility
//! principles"): police, prosecution, court staff and judiciary read only the cases they are
//! related to; the defence reads a case only while on record (own client in full, co-defendants
//! as on the charge sheet, never victim/witness contact details, no timeline); agency officers and
//! auditors never read a case; only auditors read the access log; court staff list hearings, and
//! legal advisers, court associates and court admins record decisions. A case the caller may not
//! read answers 404 (its existence is not revealed); an action refused on a case the caller may
//! read answers 403.
//!
//! Fixture (every case charged by police A, prosecuted by prosecuting authority A, listed at
//! LONDON_MAGS, a side-A court):
//! * case C: D1 (firm A on record, in custody), D2 (no firm, in custody, the co-defendant), a
//!   victim with contact details. Side B's firm is "other firm, same role" for D1 (IDOR check).
//! * case R: R0 (firm A on record) and R1 (no firm), for going on record.
//! * case M: one defendant (firm A on record) fined, for amending a recorded result.
//!
//! Every cell is one request. Allowed writes are sent with a valid body and the right `If-Match`
//! and must succeed (the fixture is then restored); refused writes must leave the case's version
//! unchanged (read back by the court). Refused answers to callers who may not read the case must
//! not carry anything of it. At the end, the access log must hold no entry about case C for any
//! caller who may not read it. On failure the whole matrix is printed, with the wrong cells marked.

use std::collections::HashMap;
use std::fmt::Write as _;

use assize_domain::access::{OrgKind, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::*;

const A: Side = Side::A;
const B: Side = Side::B;

/// A caller: a (role, side) with its API token, or nobody (`None`, no credentials at all).
type Who = Option<(Role, Side)>;

/// What a cell must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// `ok`: 2xx; for a write, the case changed.
    Ok,
    /// `hit`: 200 and case C is among the search results.
    Hit,
    /// `miss`: 200 and case C is not among the search results.
    Miss,
    /// `dom`: allowed by the policy, refused by a domain rule (409/422); nothing changed.
    Domain,
    /// `dnl`: refused by a domain rule (409/422), and the answer reveals nothing of a case the
    /// caller cannot read (no names, URN, firm on record...); nothing changed.
    DomainNoLeak,
    /// `401`
    Unauth,
    /// `403`
    Forbidden,
    /// `404`, revealing nothing.
    Hidden,
}

impl Expect {
    fn parse(s: &str) -> Expect {
        match s {
            "ok" => Expect::Ok,
            "hit" => Expect::Hit,
            "miss" => Expect::Miss,
            "dom" => Expect::Domain,
            "dnl" => Expect::DomainNoLeak,
            "401" => Expect::Unauth,
            "403" => Expect::Forbidden,
            "404" => Expect::Hidden,
            other => panic!("unknown expectation '{other}' in the table"),
        }
    }
    fn token(self) -> &'static str {
        match self {
            Expect::Ok => "ok",
            Expect::Hit => "hit",
            Expect::Miss => "miss",
            Expect::Domain => "dom",
            Expect::DomainNoLeak => "dnl",
            Expect::Unauth => "401",
            Expect::Forbidden => "403",
            Expect::Hidden => "404",
        }
    }
    /// Is a read of case C (or a change to a case) refused, so that its answer must not reveal it?
    fn must_not_reveal(self) -> bool {
        matches!(self, Expect::Unauth | Expect::Hidden | Expect::DomainNoLeak)
    }
}

/// The endpoints, one row of the table each (two for going on record: free / represented defendant,
/// three for search: by name, and by a co-defendant's date of birth or ASN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Ep {
    Health,
    SignIn,
    SignOut,
    Me,
    SearchByName,
    SearchByCoDefendantDob,
    SearchByCoDefendantAsn,
    CreateCase,
    ReadCase,
    Timeline,
    ListHearing,
    RecordOutcome,
    VacateHearing,
    AssociateFreeDefendant,
    AssociateRepresentedDefendant,
    LeaveRecord,
    AddRestriction,
    LiftRestriction,
    ExtendCtl,
    ProposeAmendment,
    DecideAmendment,
    AccessLog,
    RefCourts,
    RefOffences,
    RefResults,
}

impl Ep {
    fn label(self) -> &'static str {
        match self {
            Ep::Health => "GET /health",
            Ep::SignIn => "POST /session",
            Ep::SignOut => "DELETE /session",
            Ep::Me => "GET /me",
            Ep::SearchByName => "GET /cases?name=<C's D1>",
            Ep::SearchByCoDefendantDob => "GET /cases?date_of_birth=<D2>",
            Ep::SearchByCoDefendantAsn => "GET /cases?asn=<D2>",
            Ep::CreateCase => "POST /cases",
            Ep::ReadCase => "GET /cases/C",
            Ep::Timeline => "GET /cases/C/events",
            Ep::ListHearing => "POST /cases/C/hearings",
            Ep::RecordOutcome => "POST /cases/C/hearings/h/outcome",
            Ep::VacateHearing => "POST /cases/C/hearings/h/vacate",
            Ep::AssociateFreeDefendant => "PUT /cases/R/defendants/R1/representation",
            Ep::AssociateRepresentedDefendant => "PUT /cases/C/defendants/D1/representation",
            Ep::LeaveRecord => "DELETE /cases/C/defendants/D1/representation",
            Ep::AddRestriction => "POST /cases/C/reporting-restrictions",
            Ep::LiftRestriction => "POST /cases/C/reporting-restrictions/r/lift",
            Ep::ExtendCtl => "POST /cases/C/custody-time-limit-extensions",
            Ep::ProposeAmendment => "POST /cases/M/amendments",
            Ep::DecideAmendment => "POST /cases/M/amendments/a/decision",
            Ep::AccessLog => "GET /access-log",
            Ep::RefCourts => "GET /reference/courts",
            Ep::RefOffences => "GET /reference/offences",
            Ep::RefResults => "GET /reference/results",
        }
    }
}

/// The expectations. Columns follow `Role::ALL`: police_officer, police_admin, prosecutor,
/// paralegal, defence_solicitor, defence_advocate, firm_admin, listing_officer, legal_adviser,
/// court_associate, court_admin, judicial, agency_officer, auditor. Each row: the endpoint, then
/// side A (related to the case: its force, authority, courts, firm on record for D1), side B
/// (unrelated organisations of the same kinds), and the unauthenticated caller.
///
/// Notes on rows whose expectations are not obvious:
/// * search by a co-defendant's date of birth / ASN: firm A sees D2 only "as on the charge sheet"
///   (no date of birth, no ASN), so a search on those fields must not confirm them (`miss`).
/// * going on record (AssociateDefence) needs no prior link: any defence solicitor or firm admin
///   may put their firm on record for a defendant with no firm; a caller who may read the case
///   but not go on record gets 403 like every other refused action.
/// * going on record for D1 (firm A's client): firm A is refused by the domain (already on
///   record); firm B (other firm, same role: the IDOR check) cannot read case C, so its refusal
///   is the same 404 as for a case that does not exist (it must not reveal which firm is on record).
/// * coming off the record (LeaveDefence): firm A's solicitor or admin for its own client, and the
///   court staff who record decisions; firm B is 404.
/// * custody time limit extensions are decided as RecordHearingOutcome; vacating as ListHearing;
///   lifting a restriction as AddReportingRestriction.
#[rustfmt::skip]
const TABLE: &[(Ep, &str, &str, &str)] = &[
    //                                    PO   PA   PR   PL   DS   DA   FA   LO   LA   CA   CM   JU   AG   AU
    (Ep::Health,                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "ok"),
    (Ep::SignIn,                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::SignOut,                        "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::Me,                             "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::SearchByName,                   "hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::SearchByCoDefendantDob,         "hit  hit  hit  hit  miss miss miss hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::SearchByCoDefendantAsn,         "hit  hit  hit  hit  miss miss miss hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::CreateCase,                     "ok   ok   ok   ok   403  403  403  403  403  403  403  403  403  403",
                                         "ok   ok   ok   ok   403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::ReadCase,                       "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::Timeline,                       "ok   ok   ok   ok   403  403  403  ok   ok   ok   ok   ok   404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ListHearing,                    "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::RecordOutcome,                  "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::VacateHearing,                  "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AssociateFreeDefendant,         "403  403  403  403  ok   403  ok   403  403  403  403  403  404  404",
                                         "404  404  404  404  ok   404  ok   404  404  404  404  404  404  404",  "401"),
    (Ep::AssociateRepresentedDefendant,  "403  403  403  403  dom  403  dom  403  403  403  403  403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::LeaveRecord,                    "403  403  403  403  ok   403  ok   403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AddRestriction,                 "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::LiftRestriction,                "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ExtendCtl,                      "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ProposeAmendment,               "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::DecideAmendment,                "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AccessLog,                      "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::RefCourts,                      "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::RefOffences,                    "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::RefResults,                     "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
];

const ABBREV: [&str; 14] = [
    "PO", "PA", "PR", "PL", "DS", "DA", "FA", "LO", "LA", "CA", "CM", "JU", "AG", "AU",
];

fn columns(a: &str, b: &str, unauth: &str) -> Vec<(Who, Expect)> {
    let mut out = Vec::with_capacity(29);
    for (side, row) in [(A, a), (B, b)] {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells.len(),
            Role::ALL.len(),
            "a table row has {} cells, not one per role: {row}",
            cells.len()
        );
        for (role, cell) in Role::ALL.into_iter().zip(cells) {
            out.push((Some((role, side)), Expect::parse(cell)));
        }
    }
    out.push((None, Expect::parse(unauth.trim())));
    out
}

fn who_label(who: Who) -> String {
    match who {
        Some((role, side)) => format!("{}/{}", role.as_str(), if side == A { "A" } else { "B" }),
        None => "unauthenticated".into(),
    }
}

fn username(role: Role, side: Side) -> String {
    format!("{}.{}", role.as_str(), if side == A { "a" } else { "b" })
}

fn is_defence(role: Role) -> bool {
    role.org_kind() == OrgKind::DefenceFirm
}

/// One request of a cell.
struct Req {
    method: Method,
    path: String,
    body: Option<Value>,
    /// The case version sent as `If-Match` (and the version the case must keep if refused).
    if_match: Option<i64>,
    /// Send the caller's API token (sign-in sends credentials in the body instead).
    bearer: bool,
}

impl Req {
    fn get(path: impl Into<String>) -> Req {
        Req {
            method: Method::GET,
            path: path.into(),
            body: None,
            if_match: None,
            bearer: true,
        }
    }
}

/// One answered cell.
struct Cell {
    ep: Ep,
    who: Who,
    expect: Expect,
    status: StatusCode,
    /// Why the cell is wrong; empty if it is right.
    problems: Vec<String>,
    body: String,
}

/// Ids and state of the fixture, and the consumable items some writes need (a hearing to
/// result or vacate, a restriction to lift), re-created after each successful use.
struct Fx {
    /// A client without a cookie store: the only credentials sent are the ones a cell asks for.
    http: reqwest::Client,
    c: Uuid,
    d1: Uuid,
    d1_offence: Uuid,
    d2: Uuid,
    d2_asn: String,
    r: Uuid,
    r1: Uuid,
    m: Uuid,
    firm_a: Uuid,
    today_hearing: Option<Uuid>,
    future_hearing: Option<Uuid>,
    restriction: Option<Uuid>,
    extensions: i64,
    amendments: i64,
    created: u32,
    /// Strings that only a reader of the fixture cases may ever see.
    secrets: Vec<String>,
}

const C_URN: &str = "01AB2000126";
const R_URN: &str = "01AB2000226";
const M_URN: &str = "01AB2000326";
const VICTIM_PHONE: &str = "07700 900999";
const D1_DOB: &str = "1990-02-03";
const D2_DOB: &str = "1987-06-05";

fn defendant_json(
    given: &str,
    family: &str,
    dob: &str,
    custody: &str,
    asn: Option<String>,
) -> Value {
    json!({
        "given_names": given, "family_name": family, "date_of_birth": dob,
        "address": {"lines": ["1 Test Street", "London"], "postcode": "SE1 1AA"},
        "asn": asn,
        "custody_status": custody,
        "offences": [{"offence_code": "TH68010", "wording": "Stole a bicycle", "offence_date_from": day(-3)}]
    })
}

/// A charged case (URN's force = the sender's force) at `court`, prosecuted by `authority`.
fn case_body(
    urn: &str,
    authority: Side,
    court: &str,
    originating: Option<&str>,
    defendants: Vec<Value>,
) -> Value {
    json!({
        "urn": urn,
        "initiation_type": "charge",
        "prosecution_authority_code": if authority == A { "prosecuting_authority-A" } else { "prosecuting_authority-B" },
        "originating_organisation": originating,
        "defendants": defendants,
        "witnesses": [{"kind": "victim", "given_names": "Vera", "family_name": "Victim", "date_of_birth": "1970-01-01",
                       "address": {"lines": ["9 Secret Road"], "postcode": "SW1A 1AA"}, "phone": VICTIM_PHONE}],
        "first_hearing": {"court_ou": court, "hearing_date": day(0)}
    })
}

fn uuid_at(v: &Value) -> Uuid {
    v.as_str()
        .unwrap_or_else(|| panic!("an id, not {v}"))
        .parse()
        .expect("a uuid")
}

async fn ok(r: Resp, what: &str) -> Resp {
    assert!(
        r.status.is_success(),
        "fixture step '{what}' failed: {} {}",
        r.status,
        r.body
    );
    r
}

impl Fx {
    async fn build(app: &TestApp) -> Fx {
        // Case C: D1 (firm A), D2 (no firm), both in custody; a victim with contact details.
        let d1_asn = asn(901);
        let d2_asn = asn(902);
        let (c, v) = app
            .create_case(&case_body(
                C_URN,
                A,
                LONDON_MAGS,
                None,
                vec![
                    defendant_json("Nell", "Quennell", D1_DOB, "in_custody", Some(d1_asn)),
                    defendant_json(
                        "Bram",
                        "Brackwater",
                        D2_DOB,
                        "in_custody",
                        Some(d2_asn.clone()),
                    ),
                ],
            ))
            .await;
        let view = app.court_view(c).await;
        let d1 = uuid_at(&view["case"]["defendants"][0]["id"]);
        let d1_offence = uuid_at(&view["case"]["defendants"][0]["offences"][0]["id"]);
        let d2 = uuid_at(&view["case"]["defendants"][1]["id"]);
        let today_hearing = uuid_at(&view["case"]["hearings"][0]["id"]);
        ok(
            app.change(
                (Role::DefenceSolicitor, A),
                Method::PUT,
                &format!("/api/v1/cases/{c}/defendants/{d1}/representation"),
                v,
                None,
            )
            .await,
            "firm A on record for D1",
        )
        .await;

        // Case R: R0 (firm A), R1 (no firm).
        let (r, v) = app
            .create_case(&case_body(
                R_URN,
                A,
                LONDON_MAGS,
                None,
                vec![
                    defendant_json(
                        "Rhona",
                        "Oakshott",
                        "1991-04-05",
                        "unconditional_bail",
                        None,
                    ),
                    defendant_json(
                        "Felix",
                        "Freebody",
                        "1992-05-06",
                        "unconditional_bail",
                        None,
                    ),
                ],
            ))
            .await;
        let view = app.court_view(r).await;
        let r0 = uuid_at(&view["case"]["defendants"][0]["id"]);
        let r1 = uuid_at(&view["case"]["defendants"][1]["id"]);
        ok(
            app.change(
                (Role::DefenceSolicitor, A),
                Method::PUT,
                &format!("/api/v1/cases/{r}/defendants/{r0}/representation"),
                v,
                None,
            )
            .await,
            "firm A on record for R0",
        )
        .await;

        // Case M: one defendant (firm A), fined today.
        let (m, v) = app
            .create_case(&case_body(
                M_URN,
                A,
                LONDON_MAGS,
                None,
                vec![defendant_json(
                    "Mavis",
                    "Ambleside",
                    "1980-07-08",
                    "unconditional_bail",
                    None,
                )],
            ))
            .await;
        let view = app.court_view(m).await;
        let md = uuid_at(&view["case"]["defendants"][0]["id"]);
        let mo = uuid_at(&view["case"]["defendants"][0]["offences"][0]["id"]);
        let mh = uuid_at(&view["case"]["hearings"][0]["id"]);
        let r1v = ok(
            app.change(
                (Role::DefenceSolicitor, A),
                Method::PUT,
                &format!("/api/v1/cases/{m}/defendants/{md}/representation"),
                v,
                None,
            )
            .await,
            "firm A on record for M",
        )
        .await
        .version();
        let outcome = json!({"defendants": [{"defendant_id": md, "attendance": "in_person",
            "offences": [{"offence_id": mo, "indicated_plea": "guilty", "results": [{"code": "1015", "amount_pence": 25000}]}],
            "bail": {"status": "unconditional_bail"}}]});
        ok(
            app.change(
                (Role::LegalAdviser, A),
                Method::POST,
                &format!("/api/v1/cases/{m}/hearings/{mh}/outcome"),
                r1v,
                Some(&outcome),
            )
            .await,
            "fine on case M",
        )
        .await;

        let firm_a = app.orgs[&(OrgKind::DefenceFirm, A)];
        let secrets = [
            C_URN,
            R_URN,
            M_URN,
            "Quennell",
            "Brackwater",
            "Oakshott",
            "Freebody",
            "Ambleside",
            VICTIM_PHONE,
            "Secret Road",
            D2_DOB,
            "defence_firm A",
        ]
        .into_iter()
        .map(str::to_string)
        .chain([
            d2_asn.clone(),
            c.to_string(),
            d1.to_string(),
            d2.to_string(),
        ])
        .collect();
        Fx {
            http: reqwest::Client::new(),
            c,
            d1,
            d1_offence,
            d2,
            d2_asn,
            r,
            r1,
            m,
            firm_a,
            today_hearing: Some(today_hearing),
            future_hearing: None,
            restriction: None,
            extensions: 0,
            amendments: 0,
            created: 0,
            secrets,
        }
    }

    /// The case a write row changes (whose version is checked), if the row is a write to a case.
    fn target(&self, ep: Ep) -> Option<Uuid> {
        match ep {
            Ep::ListHearing
            | Ep::RecordOutcome
            | Ep::VacateHearing
            | Ep::AssociateRepresentedDefendant
            | Ep::LeaveRecord
            | Ep::AddRestriction
            | Ep::LiftRestriction
            | Ep::ExtendCtl => Some(self.c),
            Ep::AssociateFreeDefendant => Some(self.r),
            Ep::ProposeAmendment | Ep::DecideAmendment => Some(self.m),
            _ => None,
        }
    }

    /// The version of a case, as the court (side A) reads it.
    async fn version(&self, app: &TestApp, case: Uuid) -> i64 {
        app.court_view(case).await["version"]
            .as_i64()
            .expect("version")
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_as(
        &self,
        app: &TestApp,
        who: (Role, Side),
        method: Method,
        path: String,
        case: Uuid,
        body: Option<Value>,
        what: &str,
    ) -> Resp {
        let v = self.version(app, case).await;
        ok(app.change(who, method, &path, v, body.as_ref()).await, what).await
    }

    /// Build a cell's request, first creating whatever the request consumes.
    async fn request(&mut self, app: &TestApp, ep: Ep, who: Who) -> Req {
        let c = self.c;
        let path = |p: &str| format!("/api/v1{p}");
        let mut req = match ep {
            Ep::Health => Req::get(path("/health")),
            Ep::SignIn => {
                let body = match who {
                    Some((role, side)) => {
                        json!({"username": username(role, side), "password": PASSWORD})
                    }
                    None => {
                        json!({"username": username(Role::PoliceAdmin, A), "password": "not the password"})
                    }
                };
                Req {
                    method: Method::POST,
                    path: path("/session"),
                    body: Some(body),
                    if_match: None,
                    bearer: false,
                }
            }
            Ep::SignOut => Req {
                method: Method::DELETE,
                ..Req::get(path("/session"))
            },
            Ep::Me => Req::get(path("/me")),
            Ep::SearchByName => Req::get(path("/cases?name=quennell&limit=100")),
            Ep::SearchByCoDefendantDob => {
                Req::get(path(&format!("/cases?date_of_birth={D2_DOB}&limit=100")))
            }
            Ep::SearchByCoDefendantAsn => {
                Req::get(path(&format!("/cases?asn={}&limit=100", self.d2_asn)))
            }
            Ep::CreateCase => {
                self.created += 1;
                let side = who.map(|w| w.1).unwrap_or(A);
                let (force, court) = if side == A {
                    ("01", LONDON_MAGS)
                } else {
                    ("43", TV_MAGS)
                };
                let urn = format!("{force}AB{:05}26", 40000 + self.created);
                let originating = who
                    .is_some_and(|(r, _)| r.org_kind() != OrgKind::PoliceForce)
                    .then_some(force);
                let body = case_body(
                    &urn,
                    side,
                    court,
                    originating,
                    vec![defendant_json(
                        "New",
                        "Created",
                        "1999-01-01",
                        "unconditional_bail",
                        None,
                    )],
                );
                Req {
                    method: Method::POST,
                    path: path("/cases"),
                    body: Some(body),
                    if_match: None,
                    bearer: true,
                }
            }
            Ep::ReadCase => Req::get(path(&format!("/cases/{c}"))),
            Ep::Timeline => Req::get(path(&format!("/cases/{c}/events"))),
            Ep::ListHearing => Req {
                method: Method::POST,
                path: path(&format!("/cases/{c}/hearings")),
                body: Some(json!({"court_ou": LONDON_MAGS, "hearing_date": day(21)})),
                if_match: None,
                bearer: true,
            },
            Ep::RecordOutcome => {
                let h = match self.today_hearing {
                    Some(h) => h,
                    None => {
                        let r = self
                            .write_as(
                                app,
                                (Role::ListingOfficer, A),
                                Method::POST,
                                path(&format!("/cases/{c}/hearings")),
                                c,
                                Some(json!({"court_ou": LONDON_MAGS, "hearing_date": day(0)})),
                                "list a hearing today",
                            )
                            .await;
                        let h = uuid_at(&r.body["created_ids"][0]);
                        self.today_hearing = Some(h);
                        h
                    }
                };
                let body = json!({"adjournment": {"reason": "Defence not ready", "next_hearing": {"court_ou": LONDON_MAGS, "hearing_date": day(35)}}});
                Req {
                    method: Method::POST,
                    path: path(&format!("/cases/{c}/hearings/{h}/outcome")),
                    body: Some(body),
                    if_match: None,
                    bearer: true,
                }
            }
            Ep::VacateHearing => {
                let h = match self.future_hearing {
                    Some(h) => h,
                    None => {
                        let r = self
                            .write_as(
                                app,
                                (Role::ListingOfficer, A),
                                Method::POST,
                                path(&format!("/cases/{c}/hearings")),
                                c,
                                Some(json!({"court_ou": LONDON_MAGS, "hearing_date": day(10)})),
                                "list a hearing to vacate",
                            )
                            .await;
                        let h = uuid_at(&r.body["created_ids"][0]);
                        self.future_hearing = Some(h);
                        h
                    }
                };
                Req {
                    method: Method::POST,
                    path: path(&format!("/cases/{c}/hearings/{h}/vacate")),
                    body: Some(json!({"reason": "Court unavailable"})),
                    if_match: None,
                    bearer: true,
                }
            }
            Ep::AssociateFreeDefendant => Req {
                method: Method::PUT,
                ..Req::get(path(&format!(
                    "/cases/{}/defendants/{}/representation",
                    self.r, self.r1
                )))
            },
            Ep::AssociateRepresentedDefendant => Req {
                method: Method::PUT,
                ..Req::get(path(&format!(
                    "/cases/{c}/defendants/{}/representation",
                    self.d1
                )))
            },
            Ep::LeaveRecord => Req {
                method: Method::DELETE,
                ..Req::get(path(&format!(
                    "/cases/{c}/defendants/{}/representation",
                    self.d1
                )))
            },
            Ep::AddRestriction => Req {
                method: Method::POST,
                path: path(&format!("/cases/{c}/reporting-restrictions")),
                body: Some(
                    json!({"basis": "cca1981_s4_2", "details": "Postponed until the end of the trial"}),
                ),
                if_match: None,
                bearer: true,
            },
            Ep::LiftRestriction => {
                let id = match self.restriction {
                    Some(id) => id,
                    None => {
                        let r = self
                            .write_as(
                                app,
                                (Role::LegalAdviser, A),
                                Method::POST,
                                path(&format!("/cases/{c}/reporting-restrictions")),
                                c,
                                Some(json!({"basis": "cca1981_s4_2"})),
                                "a restriction to lift",
                            )
                            .await;
                        let id = uuid_at(&r.body["created_ids"][0]);
                        self.restriction = Some(id);
                        id
                    }
                };
                Req {
                    method: Method::POST,
                    ..Req::get(path(&format!(
                        "/cases/{c}/reporting-restrictions/{id}/lift"
                    )))
                }
            }
            Ep::ExtendCtl => {
                self.extensions += 1;
                let body = json!({"defendant_id": self.d1, "offence_id": self.d1_offence, "new_expiry": day(100 + self.extensions)});
                Req {
                    method: Method::POST,
                    path: path(&format!("/cases/{c}/custody-time-limit-extensions")),
                    body: Some(body),
                    if_match: None,
                    bearer: true,
                }
            }
            Ep::ProposeAmendment | Ep::DecideAmendment => {
                self.amendment_request(app, ep, who).await
            }
            Ep::AccessLog => Req::get(path("/access-log?limit=5")),
            Ep::RefCourts => Req::get(path("/reference/courts?q=london")),
            Ep::RefOffences => Req::get(path("/reference/offences?q=theft")),
            Ep::RefResults => Req::get(path("/reference/results?q=fine")),
        };
        if let Some(case) = self.target(ep) {
            req.if_match = Some(self.version(app, case).await);
        }
        req
    }

    /// Proposing needs no pending amendment of the result; deciding needs one proposed by someone
    /// other than the caller.
    async fn amendment_request(&mut self, app: &TestApp, ep: Ep, who: Who) -> Req {
        let m = self.m;
        let caller = who.map(|w| app.users[&w]);
        let view = app.court_view(m).await;
        let d = &view["case"]["defendants"][0];
        let (md, mo, result) = (
            uuid_at(&d["id"]),
            uuid_at(&d["offences"][0]["id"]),
            uuid_at(&d["offences"][0]["results"][0]["id"]),
        );
        let mut pending: Option<Uuid> = None;
        for a in view["case"]["pending_amendments"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let (id, by) = (uuid_at(&a["id"]), uuid_at(&a["proposed_by"]));
            if ep == Ep::ProposeAmendment || Some(by) == caller {
                // Clear it: rejected by a court user who did not propose it.
                let rejecter = if by == app.users[&(Role::LegalAdviser, A)] {
                    (Role::CourtAdmin, A)
                } else {
                    (Role::LegalAdviser, A)
                };
                self.write_as(
                    app,
                    rejecter,
                    Method::POST,
                    format!("/api/v1/cases/{m}/amendments/{id}/decision"),
                    m,
                    Some(json!({"approve": false})),
                    "reject a pending amendment",
                )
                .await;
            } else {
                pending = Some(id);
            }
        }
        self.amendments += 1;
        let proposal = json!({"defendant_id": md, "offence_id": mo, "result_id": result,
                              "result": {"code": "1015", "amount_pence": 25000 + 100 * self.amendments}, "reason": "Fine announced differently"});
        if ep == Ep::ProposeAmendment {
            return Req {
                method: Method::POST,
                path: format!("/api/v1/cases/{m}/amendments"),
                body: Some(proposal),
                if_match: None,
                bearer: true,
            };
        }
        let id = match pending {
            Some(id) => id,
            None => {
                let proposer = if caller == Some(app.users[&(Role::LegalAdviser, A)]) {
                    (Role::CourtAdmin, A)
                } else {
                    (Role::LegalAdviser, A)
                };
                let r = self
                    .write_as(
                        app,
                        proposer,
                        Method::POST,
                        format!("/api/v1/cases/{m}/amendments"),
                        m,
                        Some(proposal),
                        "propose an amendment",
                    )
                    .await;
                uuid_at(&r.body["created_ids"][0])
            }
        };
        Req {
            method: Method::POST,
            path: format!("/api/v1/cases/{m}/amendments/{id}/decision"),
            body: Some(json!({"approve": true})),
            if_match: None,
            bearer: true,
        }
    }

    /// After a successful write, put the fixture back as the next cell expects it.
    async fn restore(&mut self, app: &TestApp, ep: Ep) {
        match ep {
            Ep::RecordOutcome => self.today_hearing = None,
            Ep::VacateHearing => self.future_hearing = None,
            Ep::LiftRestriction => self.restriction = None,
            Ep::AssociateFreeDefendant => {
                let path = format!(
                    "/api/v1/cases/{}/defendants/{}/representation",
                    self.r, self.r1
                );
                self.write_as(
                    app,
                    (Role::LegalAdviser, A),
                    Method::DELETE,
                    path,
                    self.r,
                    None,
                    "court removes the firm from R1",
                )
                .await;
            }
            Ep::AssociateRepresentedDefendant | Ep::LeaveRecord => {
                let view = app.court_view(self.c).await;
                let on_record = view["case"]["defendants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| uuid_at(&d["id"]) == self.d1)
                    .unwrap()["defence"]["id"]
                    .clone();
                let path = format!(
                    "/api/v1/cases/{}/defendants/{}/representation",
                    self.c, self.d1
                );
                if !on_record.is_null() && uuid_at(&on_record) != self.firm_a {
                    self.write_as(
                        app,
                        (Role::LegalAdviser, A),
                        Method::DELETE,
                        path.clone(),
                        self.c,
                        None,
                        "court removes the wrong firm from D1",
                    )
                    .await;
                }
                if on_record.is_null() || uuid_at(&on_record) != self.firm_a {
                    self.write_as(
                        app,
                        (Role::DefenceSolicitor, A),
                        Method::PUT,
                        path,
                        self.c,
                        None,
                        "firm A back on record for D1",
                    )
                    .await;
                }
            }
            _ => {}
        }
    }
}

async fn send(app: &TestApp, fx: &Fx, who: Who, req: &Req) -> Resp {
    let mut r = fx
        .http
        .request(req.method.clone(), format!("{}{}", app.base, req.path));
    if req.bearer
        && let Some((role, side)) = who
    {
        r = r.bearer_auth(app.token(role, side));
    }
    if let Some(v) = req.if_match {
        r = r.header("If-Match", format!("\"{v}\""));
    }
    if let Some(b) = &req.body {
        r = r.json(b);
    }
    let resp = r.send().await.expect("request");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn results_contain(body: &Value, case: Uuid) -> bool {
    body["cases"]
        .as_array()
        .is_some_and(|cs| cs.iter().any(|c| c["case_id"] == json!(case)))
}

/// What an allowed answer must (and must not) contain.
fn check_content(
    app: &TestApp,
    fx: &Fx,
    ep: Ep,
    who: Who,
    body: &Value,
    problems: &mut Vec<String>,
) {
    let Some((role, side)) = who else { return };
    match ep {
        Ep::Me
            if body["role"] != role.as_str()
                || body["organisation_id"] != json!(app.orgs[&(role.org_kind(), side)]) =>
        {
            problems.push(format!("/me answered for someone else: {body}"));
        }
        Ep::ReadCase => {
            let defendant = |id: Uuid| {
                body["case"]["defendants"]
                    .as_array()
                    .and_then(|ds| ds.iter().find(|d| d["id"] == json!(id)))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            let (d1, d2) = (defendant(fx.d1), defendant(fx.d2));
            let witness = &body["case"]["witnesses"][0];
            let ctl_defendants: Vec<Value> = body["custody_time_limits"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|c| c["defendant_id"].clone())
                .collect();
            if d1.is_null() || d2.is_null() {
                problems.push("a defendant is missing from the case".into());
            }
            if d1["date_of_birth"] != D1_DOB {
                problems.push(format!(
                    "D1's date of birth not shown to a reader of D1 in full: {}",
                    d1["date_of_birth"]
                ));
            }
            if is_defence(role) {
                for f in ["date_of_birth", "address", "asn", "pnc_id"] {
                    if !d2[f].is_null() {
                        problems.push(format!(
                            "LEAK: co-defendant D2's {f} shown to the defence: {}",
                            d2[f]
                        ));
                    }
                }
                if d2["bail_conditions"]
                    .as_array()
                    .is_some_and(|b| !b.is_empty())
                {
                    problems.push(
                        "LEAK: co-defendant D2's bail conditions shown to the defence".into(),
                    );
                }
                if ctl_defendants.contains(&json!(fx.d2)) {
                    problems.push(
                        "LEAK: co-defendant D2's custody time limit shown to the defence".into(),
                    );
                }
                for f in ["date_of_birth", "address", "phone", "email"] {
                    if !witness[f].is_null() {
                        problems.push(format!(
                            "LEAK: victim's {f} shown to the defence: {}",
                            witness[f]
                        ));
                    }
                }
            } else {
                if witness["phone"] != VICTIM_PHONE || d2["date_of_birth"] != D2_DOB {
                    problems.push(format!("the prosecution/court side should see everything: victim {witness}, D2 {d2}"));
                }
                if !ctl_defendants.contains(&json!(fx.d2)) {
                    problems.push("D2's custody time limit not shown".into());
                }
            }
        }
        Ep::Timeline if body.as_array().is_none_or(Vec::is_empty) => {
            problems.push("an empty timeline".into());
        }
        Ep::AccessLog if !body.is_array() => problems.push("the access log is not a list".into()),
        _ => {}
    }
}

async fn run_cell(app: &TestApp, fx: &mut Fx, ep: Ep, who: Who, expect: Expect) -> Cell {
    let req = fx.request(app, ep, who).await;
    let resp = send(app, fx, who, &req).await;
    let status = resp.status;
    let mut problems = Vec::new();
    let status_ok = match expect {
        Expect::Ok => status.is_success(),
        Expect::Hit | Expect::Miss => status == StatusCode::OK,
        Expect::Domain | Expect::DomainNoLeak => {
            status == StatusCode::CONFLICT || status == StatusCode::UNPROCESSABLE_ENTITY
        }
        Expect::Unauth => status == StatusCode::UNAUTHORIZED,
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => status == StatusCode::NOT_FOUND,
    };
    if !status_ok {
        let leak =
            if status.is_success() && !matches!(expect, Expect::Ok | Expect::Hit | Expect::Miss) {
                "LEAK: "
            } else {
                ""
            };
        problems.push(format!("{leak}expected {}, got {status}", expect.token()));
    }
    if status == StatusCode::OK {
        match expect {
            Expect::Hit if !results_contain(&resp.body, fx.c) => {
                problems.push("case C missing from the results".into())
            }
            Expect::Miss if results_contain(&resp.body, fx.c) => {
                problems.push("LEAK: case C among the results".into())
            }
            _ => {}
        }
    }
    if status.is_success() && expect == Expect::Ok {
        check_content(app, fx, ep, who, &resp.body, &mut problems);
    }
    if ep == Ep::SignIn
        && status.is_success()
        && !resp.headers.contains_key(reqwest::header::SET_COOKIE)
    {
        problems.push("signed in without a session cookie".into());
    }
    // A hidden case answers exactly as a case that does not exist would.
    if expect == Expect::Hidden
        && status == StatusCode::NOT_FOUND
        && req.path.starts_with("/api/v1/cases/")
        && (resp.body["type"] != "urn:assize:problem:not-found"
            || resp.body["detail"] != "Case not found")
    {
        problems.push(format!(
            "LEAK: a hidden case answers unlike a missing one: {}",
            resp.body
        ));
    }
    let text = resp.body.to_string();
    if expect.must_not_reveal() {
        let lower = text.to_lowercase();
        for s in fx
            .secrets
            .iter()
            .filter(|s| lower.contains(&s.to_lowercase()))
        {
            problems.push(format!("LEAK: the answer contains '{s}'"));
        }
    }
    if let (Some(case), Some(before)) = (fx.target(ep), req.if_match) {
        let after = fx.version(app, case).await;
        if status.is_success() {
            if after <= before {
                problems.push(format!(
                    "answered {status} but the case did not change (version {before} -> {after})"
                ));
            }
            fx.restore(app, ep).await;
        } else if after != before {
            problems.push(format!(
                "refused with {status} but the case changed (version {before} -> {after})"
            ));
        }
    }
    if ep == Ep::CreateCase && !status.is_success() {
        let urn = req
            .body
            .as_ref()
            .and_then(|b| b["urn"].as_str())
            .unwrap_or_default();
        if app
            .store
            .case_id_by_urn(urn)
            .await
            .expect("store")
            .is_some()
        {
            problems.push(format!("refused with {status} but case {urn} exists"));
        }
    }
    Cell {
        ep,
        who,
        expect,
        status,
        problems,
        body: text.chars().take(300).collect(),
    }
}

/// The whole matrix: each cell shows the status received, `!` marking a wrong cell.
fn render(cells: &[Cell]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<48} | {} | {} | anon",
        "endpoint",
        ABBREV.map(|a| format!("{a:>4}")).join(" ") + " (side A, related)",
        ABBREV.map(|a| format!("{a:>4}")).join(" ") + " (side B, unrelated)"
    );
    let mut rows: Vec<(Ep, Vec<&Cell>)> = Vec::new();
    for c in cells {
        match rows.last_mut() {
            Some((ep, v)) if *ep == c.ep => v.push(c),
            _ => rows.push((c.ep, vec![c])),
        }
    }
    for (ep, row) in rows {
        let fmt = |c: &Cell| {
            format!(
                "{}{:>3}",
                if c.problems.is_empty() { ' ' } else { '!' },
                c.status.as_u16()
            )
        };
        let side = |s: Side| {
            row.iter()
                .filter(|c| c.who.is_some_and(|w| w.1 == s))
                .map(|c| fmt(c))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let anon = row
            .iter()
            .find(|c| c.who.is_none())
            .map(|c| fmt(c))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<48} | {}{:18} | {}{:20} | {anon}",
            ep.label(),
            side(A),
            "",
            side(B),
            ""
        );
    }
    out
}

async fn access_log_actions(app: &TestApp, fx: &Fx, user: Uuid, case: Uuid) -> Vec<String> {
    let r = send(
        app,
        fx,
        Some((Role::Auditor, A)),
        &Req::get(format!(
            "/api/v1/access-log?user_id={user}&case_id={case}&limit=500"
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn every_endpoint_by_every_role_related_and_unrelated() {
    let app = TestApp::spawn().await;
    let mut fx = Fx::build(&app).await;
    let started = std::time::Instant::now();
    let mut cells = Vec::new();
    let mut expected: HashMap<(Ep, Who), Expect> = HashMap::new();
    for (ep, a, b, unauth) in TABLE {
        for (who, expect) in columns(a, b, unauth) {
            expected.insert((*ep, who), expect);
            cells.push(run_cell(&app, &mut fx, *ep, who, expect).await);
        }
    }
    // Every endpoint of the router is in the table.
    assert_eq!(TABLE.len(), 25, "one row per endpoint (and per variant)");

    // The access log: nothing about case C for a caller who may not read it (refused reads and
    // writes log nothing, search hits are not logged because there are none); a reader's read is
    // logged; a refused timeline is not; nobody without an allowed write altered the case.
    let mut log_problems = Vec::new();
    for side in [A, B] {
        for role in Role::ALL {
            let who = Some((role, side));
            // The auditor's own queries about case C are logged as `access_log_read`: not a read of the case.
            let mut actions = access_log_actions(&app, &fx, app.users[&(role, side)], fx.c).await;
            actions.retain(|a| a != "access_log_read");
            let reads = expected[&(Ep::ReadCase, who)] == Expect::Ok;
            let wrote = TABLE.iter().any(|(ep, ..)| {
                fx.target(*ep) == Some(fx.c) && expected[&(*ep, who)] == Expect::Ok
            });
            let label = who_label(who);
            if !reads && !actions.is_empty() {
                log_problems.push(format!(
                    "{label} may not read case C but the access log holds {actions:?} for it"
                ));
            }
            if reads && !actions.iter().any(|a| a == "case_read") {
                log_problems.push(format!(
                    "{label} read case C but no case_read was logged: {actions:?}"
                ));
            }
            if expected[&(Ep::Timeline, who)] != Expect::Ok
                && actions.iter().any(|a| a == "timeline_read")
            {
                log_problems.push(format!(
                    "{label} was refused the timeline but a timeline_read was logged"
                ));
            }
            if !wrote && actions.iter().any(|a| a == "case_altered") {
                log_problems.push(format!(
                    "{label} may not change case C but a case_altered was logged"
                ));
            }
        }
    }
    eprintln!(
        "authorisation matrix: {} cells in {:?} ({} backend)",
        cells.len(),
        started.elapsed(),
        backend()
    );

    let mut wrong: Vec<&Cell> = cells.iter().filter(|c| !c.problems.is_empty()).collect();
    // Leaks first, then wrong status codes.
    wrong.sort_by_key(|c| !c.problems.iter().any(|p| p.starts_with("LEAK")));
    if !wrong.is_empty() || !log_problems.is_empty() {
        let mut msg = render(&cells);
        let _ = writeln!(msg, "\n{} wrong cell(s):", wrong.len());
        for c in &wrong {
            let _ = writeln!(
                msg,
                "* {} as {} (expected {}): {}\n    answer: {} {}",
                c.ep.label(),
                who_label(c.who),
                c.expect.token(),
                c.problems.join("; "),
                c.status,
                c.body
            );
        }
        for p in &log_problems {
            let _ = writeln!(msg, "* access log: {p}");
        }
        panic!("the authorisation matrix does not hold:\n{msg}");
    }
}
