//! The requests of the listing rows: the LONDON court's estate and calendar, and proposals,
//! moves, trial outcomes and dates to avoid on case C. Each allowed write makes something new
//! (a courtroom name, a sitting date, a move date), so every cell can succeed on its own.

use assize_domain::access::Role;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use super::A;
use super::endpoint::{Ep, Req};
use super::fixture::{Fx, uuid_at};
use crate::harness::*;

fn post(path: String, body: serde_json::Value) -> Req {
    Req {
        method: Method::POST,
        path,
        body: Some(body),
        if_match: None,
        bearer: true,
    }
}

impl Fx {
    /// A hearing of case C listed by side A's listing officer (`kind` on day `days`).
    async fn listed(&self, app: &TestApp, kind: &str, days: i64) -> Uuid {
        self.listed_at(app, LONDON_MAGS, kind, days).await
    }

    /// A hearing of case C at `court` listed by side A's listing officer.
    async fn listed_at(&self, app: &TestApp, court: &str, kind: &str, days: i64) -> Uuid {
        let c = self.c;
        let r = self
            .write_as(
                app,
                (Role::ListingOfficer, A),
                Method::POST,
                format!("/api/v1/cases/{c}/hearings"),
                c,
                Some(json!({"court_ou": court, "hearing_date": day(days), "hearing_type": kind})),
                "list a hearing",
            )
            .await;
        uuid_at(&r.body["created_ids"][0])
    }

    pub(super) async fn listing_request(&mut self, app: &TestApp, ep: Ep) -> Req {
        let (c, court) = (self.c, format!("/api/v1/courts/{LONDON_MAGS}"));
        self.estate += 1;
        let n = self.estate;
        match ep {
            Ep::Courtrooms => Req::get(format!("{court}/courtrooms")),
            Ep::AddCourtroom => post(
                format!("{court}/courtrooms"),
                json!({"name": format!("Court {n}"), "secure_dock": true}),
            ),
            Ep::Sittings => Req::get(format!("{court}/sittings?from={}&to={}", day(0), day(30))),
            Ep::AddSitting => post(
                format!("{court}/sittings"),
                json!({"courtroom_id": self.room, "date": day(60 + n), "session": "morning",
                       "kind": "mixed", "capacity": {"cases": 10}}),
            ),
            Ep::AddSittingPattern => post(
                format!("{court}/sitting-patterns"),
                json!({"courtroom_id": self.room, "session": "afternoon", "kind": "trial",
                       "capacity": {"minutes": 150}, "from": day(200 + n), "until": day(200 + n)}),
            ),
            Ep::Proposals | Ep::MoveHearing => {
                let h = match self.future_hearing {
                    Some(h) => h,
                    None => {
                        let h = self.listed(app, "FH", 10).await;
                        self.future_hearing = Some(h);
                        h
                    }
                };
                let path = format!("/api/v1/cases/{c}/hearings/{h}");
                if ep == Ep::Proposals {
                    Req::get(format!("{path}/proposals"))
                } else {
                    let body = json!({"hearing_date": day(40 + n), "reason": "Court reorganised"});
                    post(format!("{path}/move"), body)
                }
            }
            Ep::NewProposals => Req::get(format!(
                "/api/v1/cases/{c}/proposals?hearing_type=MNTN&court_ou={LONDON_MAGS}"
            )),
            Ep::TrialOutcome => {
                let h = match self.trial_hearing {
                    Some(h) => h,
                    None => {
                        let h = self.listed(app, "TRIAL", 0).await;
                        self.trial_hearing = Some(h);
                        h
                    }
                };
                post(
                    format!("/api/v1/cases/{c}/hearings/{h}/trial-outcome"),
                    json!({"kind": "effective"}),
                )
            }
            Ep::DatesToAvoid => post(
                format!("/api/v1/cases/{c}/dates-to-avoid"),
                json!({"party": "prosecution_advocate", "from": day(100 + n), "to": day(100 + n),
                       "reason": "Counsel in another trial"}),
            ),
            Ep::WarnTrial => {
                let h = match self.crown_trial {
                    Some(h) => h,
                    None => {
                        let h = self.listed_at(app, LONDON_CROWN, "TRIAL", 20).await;
                        self.crown_trial = Some(h);
                        h
                    }
                };
                // A new period each time: warning it again for the same period is refused.
                post(
                    format!("/api/v1/cases/{c}/hearings/{h}/warn"),
                    json!({"from": day(50 + n), "to": day(54 + n), "reason": "Warned list"}),
                )
            }
            Ep::TrialLists => Req::get(format!(
                "/api/v1/courts/{LONDON_CROWN}/trial-lists?from={}&to={}",
                day(0),
                day(90)
            )),
            Ep::Workload => Req::get(format!("{court}/workload?from={}&to={}", day(0), day(30))),
            Ep::SittingPatterns => Req::get(format!("{court}/sitting-patterns")),
            Ep::ChangeSitting | Ep::CancelSitting => {
                // A fresh sitting in a room of its own each time (version 1, nothing listed),
                // so every allowed cell can succeed whatever the number of cells.
                let room = json!({"name": format!("Matrix room {n}"), "secure_dock": true});
                let r = app
                    .call(
                        (Role::CourtAdmin, A),
                        Method::POST,
                        &format!("{court}/courtrooms"),
                        Some(&room),
                        &[],
                    )
                    .await;
                assert!(r.status.is_success(), "add a courtroom: {}", r.body);
                let body = json!({"courtroom_id": uuid_at(&r.body["id"]), "date": day(30),
                                  "session": "morning", "kind": "mixed", "capacity": {"cases": 10}});
                let r = app
                    .call(
                        (Role::ListingOfficer, A),
                        Method::POST,
                        &format!("{court}/sittings"),
                        Some(&body),
                        &[],
                    )
                    .await;
                assert!(r.status.is_success(), "set up a sitting: {}", r.body);
                let s = uuid_at(&r.body["id"]);
                if ep == Ep::ChangeSitting {
                    Req {
                        method: Method::PATCH,
                        ..post(
                            format!("{court}/sittings/{s}"),
                            json!({"version": 1, "judiciary": ["DJ Khan"]}),
                        )
                    }
                } else {
                    Req {
                        method: Method::DELETE,
                        body: None,
                        ..post(format!("{court}/sittings/{s}?version=1"), json!(null))
                    }
                }
            }
            other => unreachable!("{other:?} is not a listing row"),
        }
    }
}
