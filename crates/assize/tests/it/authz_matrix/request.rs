//! Building a cell's request, first creating whatever the request consumes.

use assize_domain::access::{OrgKind, Role};
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use super::endpoint::{Ep, Req};
use super::fixture::{D2_DOB, Fx, case_body, defendant_json, uuid_at};
use super::{A, Who, username};
use crate::harness::*;

impl Fx {
    /// Build a cell's request, first creating whatever the request consumes.
    pub(super) async fn request(&mut self, app: &TestApp, ep: Ep, who: Who) -> Req {
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
            Ep::Courtrooms
            | Ep::AddCourtroom
            | Ep::Sittings
            | Ep::AddSitting
            | Ep::AddSittingPattern
            | Ep::Proposals
            | Ep::NewProposals
            | Ep::MoveHearing
            | Ep::TrialOutcome
            | Ep::DatesToAvoid
            | Ep::WarnTrial
            | Ep::TrialLists
            | Ep::Workload
            | Ep::SittingPatterns
            | Ep::ChangeSitting
            | Ep::CancelSitting => self.listing_request(app, ep).await,
            Ep::Recipients
            | Ep::NoticeFeed
            | Ep::AckNotices
            | Ep::ConfigureRecipient
            | Ep::ReplayDead
            | Ep::ReplayNotice
            | Ep::NoticeRoutes
            | Ep::SetNoticeRoute => self.notices_request(app, ep).await,
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
}
