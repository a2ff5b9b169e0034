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
        let c = self.c;
        let r = self
            .write_as(
                app,
                (Role::ListingOfficer, A),
                Method::POST,
                format!("/api/v1/cases/{c}/hearings"),
                c,
                Some(json!({"court_ou": LONDON_MAGS, "hearing_date": day(days), "hearing_type": kind})),
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
            other => unreachable!("{other:?} is not a listing row"),
        }
    }
}
