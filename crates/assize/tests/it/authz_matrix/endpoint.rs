//! The endpoints (the rows of the table), a cell's request, and sending it.

use reqwest::Method;
use serde_json::Value;

use super::Who;
use super::fixture::Fx;
use crate::harness::*;

/// The endpoints, one row of the table each (two for going on record: free / represented defendant,
/// three for search: by name, and by a co-defendant's date of birth or ASN). `FA` is force A's
/// recipient of notices of results, `n` one of its notices (about case D).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Ep {
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
    Courtrooms,
    AddCourtroom,
    Sittings,
    AddSitting,
    AddSittingPattern,
    Proposals,
    NewProposals,
    MoveHearing,
    TrialOutcome,
    DatesToAvoid,
    WarnTrial,
    TrialLists,
    Workload,
    SittingPatterns,
    ChangeSitting,
    CancelSitting,
    Recipients,
    NoticeFeed,
    AckNotices,
    ConfigureRecipient,
    ReplayDead,
    ReplayNotice,
    NoticeRoutes,
    SetNoticeRoute,
}

impl Ep {
    pub(super) fn label(self) -> &'static str {
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
            Ep::Courtrooms => "GET /courts/LONDON/courtrooms",
            Ep::AddCourtroom => "POST /courts/LONDON/courtrooms",
            Ep::Sittings => "GET /courts/LONDON/sittings",
            Ep::AddSitting => "POST /courts/LONDON/sittings",
            Ep::AddSittingPattern => "POST /courts/LONDON/sitting-patterns",
            Ep::Proposals => "GET /cases/C/hearings/h/proposals",
            Ep::NewProposals => "GET /cases/C/proposals",
            Ep::MoveHearing => "POST /cases/C/hearings/h/move",
            Ep::TrialOutcome => "POST /cases/C/hearings/t/trial-outcome",
            Ep::DatesToAvoid => "POST /cases/C/dates-to-avoid",
            Ep::WarnTrial => "POST /cases/C/hearings/w/warn",
            Ep::TrialLists => "GET /courts/CROWN/trial-lists",
            Ep::Workload => "GET /courts/LONDON/workload",
            Ep::SittingPatterns => "GET /courts/LONDON/sitting-patterns",
            Ep::ChangeSitting => "PATCH /courts/LONDON/sittings/s",
            Ep::CancelSitting => "DELETE /courts/LONDON/sittings/s",
            Ep::Recipients => "GET /recipients",
            Ep::NoticeFeed => "GET /recipients/FA/notices",
            Ep::AckNotices => "POST /recipients/FA/notices/ack",
            Ep::ConfigureRecipient => "PUT /recipients/FA",
            Ep::ReplayDead => "POST /recipients/FA/replay-dead",
            Ep::ReplayNotice => "POST /notices/n/replay",
            Ep::NoticeRoutes => "GET /notice-routes",
            Ep::SetNoticeRoute => "PUT /notice-routes/1015/probation",
        }
    }
}

/// One request of a cell.
pub(super) struct Req {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) body: Option<Value>,
    /// The case version sent as `If-Match` (and the version the case must keep if refused).
    pub(super) if_match: Option<i64>,
    /// Send the caller's API token (sign-in sends credentials in the body instead).
    pub(super) bearer: bool,
}

impl Req {
    pub(super) fn get(path: impl Into<String>) -> Req {
        Req {
            method: Method::GET,
            path: path.into(),
            body: None,
            if_match: None,
            bearer: true,
        }
    }
}

pub(super) async fn send(app: &TestApp, fx: &Fx, who: Who, req: &Req) -> Resp {
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
