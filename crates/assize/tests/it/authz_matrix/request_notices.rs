//! The requests of the notices rows: the recipients of notices of results, force A's pull feed
//! (its recipient `FA`, one of its notices about case D), and the operators' controls of
//! delivery. Every allowed request is harmless to repeat: acknowledging up to 0 changes nothing,
//! the settings written are force A's recipient's own (read afresh, with its current version),
//! replays only put notices back in line, and the route set is the default one.

use reqwest::Method;
use serde_json::json;

use super::endpoint::{Ep, Req};
use super::fixture::Fx;
use crate::harness::*;

fn with_body(method: Method, path: String, body: Option<serde_json::Value>) -> Req {
    Req {
        method,
        path,
        body,
        if_match: None,
        bearer: true,
    }
}

impl Fx {
    /// Force A's recipient as stored now (its settings and version).
    pub(super) async fn force_a_recipient_row(&self, app: &TestApp) -> assize_store::RecipientRow {
        app.store
            .recipient(self.force_a_recipient)
            .await
            .expect("store")
            .expect("force A's recipient")
    }

    pub(super) async fn notices_request(&mut self, app: &TestApp, ep: Ep) -> Req {
        let fa = format!("/api/v1/recipients/{}", self.force_a_recipient);
        match ep {
            Ep::Recipients => Req::get("/api/v1/recipients"),
            Ep::NoticeFeed => Req::get(format!("{fa}/notices?after=0&limit=500")),
            Ep::AckNotices => with_body(
                Method::POST,
                format!("{fa}/notices/ack"),
                Some(json!({"up_to": 0})),
            ),
            Ep::ConfigureRecipient => {
                // The recipient's current settings, sent back with its current version: an
                // allowed change succeeds (and only bumps the version) whatever came before.
                let r = self.force_a_recipient_row(app).await;
                let org = app.orgs[&(assize_domain::access::OrgKind::PoliceForce, super::A)];
                with_body(
                    Method::PUT,
                    fa,
                    Some(json!({"version": r.version, "name": r.name, "org_id": org,
                                "delivery": "pull", "webhook_url": null, "max_attempts": 10})),
                )
            }
            Ep::ReplayDead => with_body(Method::POST, format!("{fa}/replay-dead"), None),
            Ep::ReplayNotice => with_body(
                Method::POST,
                format!("/api/v1/notices/{}/replay", self.notice),
                None,
            ),
            Ep::NoticeRoutes => Req::get("/api/v1/notice-routes"),
            Ep::SetNoticeRoute => with_body(
                Method::PUT,
                "/api/v1/notice-routes/1015/probation".into(),
                Some(json!({"send": false})),
            ),
            other => unreachable!("{other:?} is not a notices row"),
        }
    }
}
