//! The fixture: cases C, R, M and D (force A's notice of results), the items some writes consume, and restoring it after a write.

use assize_domain::access::{OrgKind, Role};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use super::A;
use super::endpoint::Ep;
use crate::harness::*;

/// Ids and state of the fixture, and the consumable items some writes need (a hearing to
/// result or vacate, a restriction to lift), re-created after each successful use.
pub(super) struct Fx {
    /// A client without a cookie store: the only credentials sent are the ones a cell asks for.
    pub(super) http: reqwest::Client,
    pub(super) c: Uuid,
    pub(super) d1: Uuid,
    pub(super) d1_offence: Uuid,
    pub(super) d2: Uuid,
    pub(super) d2_asn: String,
    pub(super) r: Uuid,
    pub(super) r1: Uuid,
    pub(super) m: Uuid,
    pub(super) firm_a: Uuid,
    /// Case D, resulted at setup: its notices of results are the notice rows' subject.
    pub(super) d: Uuid,
    /// Force A's recipient of notices of results, and one of its notices (about case D).
    pub(super) force_a_recipient: Uuid,
    pub(super) notice: Uuid,
    pub(super) today_hearing: Option<Uuid>,
    pub(super) future_hearing: Option<Uuid>,
    pub(super) restriction: Option<Uuid>,
    /// A LONDON courtroom for new sittings, and a trial listed today whose outcome is unrecorded.
    pub(super) room: Uuid,
    pub(super) trial_hearing: Option<Uuid>,
    /// A trial of case C at the LONDON Crown Court, for warning it (re-warned by each cell).
    pub(super) crown_trial: Option<Uuid>,
    /// Estate items made so far (for new names and dates).
    pub(super) estate: i64,
    pub(super) extensions: i64,
    pub(super) amendments: i64,
    pub(super) created: u32,
    /// Strings that only a reader of the fixture cases may ever see.
    pub(super) secrets: Vec<String>,
}

const C_URN: &str = "01AB2000126";
const R_URN: &str = "01AB2000226";
const M_URN: &str = "01AB2000326";
const D_URN: &str = "01AB2000426";
pub(super) const VICTIM_PHONE: &str = "07700 900999";
pub(super) const D1_DOB: &str = "1990-02-03";
pub(super) const D2_DOB: &str = "1987-06-05";

pub(super) fn defendant_json(
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
pub(super) fn case_body(
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

pub(super) fn uuid_at(v: &Value) -> Uuid {
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
    pub(super) async fn build(app: &TestApp) -> Fx {
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

        // Case D: one defendant (no firm), fined today by side A's legal adviser, so force A's
        // recipient of notices exists and holds a notice that is not about case C.
        let (d, v) = app
            .create_case(&case_body(
                D_URN,
                A,
                LONDON_MAGS,
                None,
                vec![defendant_json(
                    "Dacre",
                    "Dunnock",
                    "1985-09-10",
                    "unconditional_bail",
                    None,
                )],
            ))
            .await;
        let view = app.court_view(d).await;
        let dd = uuid_at(&view["case"]["defendants"][0]["id"]);
        let dof = uuid_at(&view["case"]["defendants"][0]["offences"][0]["id"]);
        let dh = uuid_at(&view["case"]["hearings"][0]["id"]);
        let outcome = json!({"defendants": [{"defendant_id": dd, "attendance": "in_person",
            "offences": [{"offence_id": dof, "indicated_plea": "guilty", "results": [{"code": "1015", "amount_pence": 12000}]}],
            "bail": {"status": "unconditional_bail"}}]});
        ok(
            app.change(
                (Role::LegalAdviser, A),
                Method::POST,
                &format!("/api/v1/cases/{d}/hearings/{dh}/outcome"),
                v,
                Some(&outcome),
            )
            .await,
            "fine on case D",
        )
        .await;
        let force_a = app.orgs[&(OrgKind::PoliceForce, A)];
        let force_a_recipient = app
            .store
            .recipients()
            .await
            .expect("store")
            .into_iter()
            .find(|r| r.kind == "police_force" && r.org_id == Some(force_a))
            .expect("force A's recipient of notices")
            .id;
        let notice = app
            .store
            .notice_feed(force_a_recipient, Some(0), 500)
            .await
            .expect("store")
            .expect("force A's feed")
            .notices
            .into_iter()
            .find(|n| n.case_id == d)
            .expect("force A's notice about case D")
            .id;

        let firm_a = app.orgs[&(OrgKind::DefenceFirm, A)];
        let room = ok(
            app.call(
                (Role::CourtAdmin, A),
                Method::POST,
                &format!("/api/v1/courts/{LONDON_MAGS}/courtrooms"),
                Some(&json!({"name": "Court 0", "secure_dock": true})),
                &[],
            )
            .await,
            "a courtroom",
        )
        .await;
        let room = uuid_at(&room.body["id"]);
        let secrets = [
            C_URN,
            R_URN,
            M_URN,
            D_URN,
            "Quennell",
            "Brackwater",
            "Oakshott",
            "Freebody",
            "Ambleside",
            "Dunnock",
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
            http: crate::harness::http().build().unwrap(),
            c,
            d1,
            d1_offence,
            d2,
            d2_asn,
            r,
            r1,
            m,
            firm_a,
            d,
            force_a_recipient,
            notice,
            today_hearing: Some(today_hearing),
            future_hearing: None,
            restriction: None,
            room,
            trial_hearing: None,
            crown_trial: None,
            estate: 0,
            extensions: 0,
            amendments: 0,
            created: 0,
            secrets,
        }
    }

    /// The case a write row changes (whose version is checked), if the row is a write to a case.
    pub(super) fn target(&self, ep: Ep) -> Option<Uuid> {
        match ep {
            Ep::ListHearing
            | Ep::RecordOutcome
            | Ep::VacateHearing
            | Ep::AssociateRepresentedDefendant
            | Ep::LeaveRecord
            | Ep::AddRestriction
            | Ep::LiftRestriction
            | Ep::ExtendCtl
            | Ep::MoveHearing
            | Ep::TrialOutcome
            | Ep::DatesToAvoid
            | Ep::WarnTrial => Some(self.c),
            Ep::AssociateFreeDefendant => Some(self.r),
            Ep::ProposeAmendment | Ep::DecideAmendment => Some(self.m),
            _ => None,
        }
    }

    /// The version of a case, as the court (side A) reads it.
    pub(super) async fn version(&self, app: &TestApp, case: Uuid) -> i64 {
        app.court_view(case).await["version"]
            .as_i64()
            .expect("version")
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn write_as(
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

    /// After a successful write, put the fixture back as the next cell expects it.
    pub(super) async fn restore(&mut self, app: &TestApp, ep: Ep) {
        match ep {
            Ep::RecordOutcome => self.today_hearing = None,
            Ep::VacateHearing => self.future_hearing = None,
            Ep::LiftRestriction => self.restriction = None,
            Ep::TrialOutcome => self.trial_hearing = None,
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
