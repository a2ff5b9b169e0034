//! Loading the hearing with the same access decision as recording its outcome, and rendering the
//! page from the case, the typed fields and the problems found.

use askama::Template;
use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::projection::case_facts;
use assize_api::service::authorised_case;
use assize_domain::case::{Case, CaseStatus, Hearing, HearingStatus, Venue};
use assize_domain::refdata::RefData;
use assize_policy::Action;
use assize_store::AccessLogEntry;
use axum::response::Html;
use uuid::Uuid;

use super::applies::venue_of;
use super::changes::Change;
use super::fields::Fields;
use super::view::{AdjournmentView, Builder, DefendantView};
use crate::error::WebError;
use crate::format;
use crate::page::{Chrome, render as render_page};
use crate::viewer::Viewer;

/// The case and hearing being resulted.
pub struct Loaded {
    pub case: Case,
    pub hearing: Hearing,
    pub venue: Venue,
    pub version: i64,
}

/// The case (404 page if the person may not read it, 403 page if they may not record this
/// hearing's outcome) and the hearing. The decision is `RecordHearingOutcome` with the case's
/// courts narrowed to the hearing's court, exactly as the command decides.
pub async fn load(
    state: &AppState,
    viewer: &Viewer,
    ids: &(String, String),
) -> Result<Loaded, WebError> {
    let (Ok(case_id), Ok(hearing_id)) = (ids.0.parse::<Uuid>(), ids.1.parse::<Uuid>()) else {
        return Err(WebError::NotFound);
    };
    let (record, case) = authorised_case(
        state,
        &viewer.who,
        case_id,
        Action::RecordHearingOutcome,
        None,
    )
    .await?;
    let hearing = case
        .hearing(hearing_id)
        .cloned()
        .ok_or(WebError::NotFound)?;
    if !state.policy.is_allowed_at_case_court(
        &viewer.who.principal,
        Action::RecordHearingOutcome,
        &case_facts(&case),
        hearing.court_ou.as_str(),
        None,
    ) {
        return Err(WebError::Forbidden);
    }
    Ok(Loaded {
        venue: venue_of(&hearing.court_ou),
        version: record.version,
        case,
        hearing,
    })
}

/// The form shows every defendant in full: record the consultation as a case read.
pub async fn log_read(state: &AppState, viewer: &Viewer, l: &Loaded) -> Result<(), ApiError> {
    let who = &viewer.who;
    let ids: Vec<Uuid> = l.case.defendants.iter().map(|d| d.id).collect();
    let entry = AccessLogEntry {
        at: jiff::Timestamp::now(),
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        action: "case_read".into(),
        case_id: Some(l.case.id),
        defendant_id: None,
        detail: Some(serde_json::json!({ "defendants_in_full": ids, "page": "resulting" })),
        correlation_id: who.correlation_id,
    };
    Ok(state.store.record_access(&[entry]).await?)
}

/// "14:05" in court time.
pub fn time_of_day(t: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned_datetime(tz).strftime("%H:%M").to_string()
}

pub struct SummaryItem {
    pub href: Option<String>,
    pub message: String,
}

/// Changes by others since the form (or its draft) was based on the case.
pub struct Notice {
    pub conflict: bool,
    pub title: String,
    pub changes: Vec<Change>,
    pub note: String,
}

impl Notice {
    pub fn conflict(changes: Option<Vec<Change>>, now: &Loaded) -> Notice {
        let resulted = now.hearing.status != HearingStatus::Listed;
        Notice {
            conflict: true,
            title: "Your results were not shared: someone else changed this case after you opened this page".into(),
            changes: changes.unwrap_or_default(),
            note: if resulted {
                "This hearing has now been resulted by someone else. Nothing you typed has been saved to the case; it is kept below. Share again only if your results are to be added to theirs."
            } else {
                "Nothing you typed has been saved to the case; it is kept below. Check it against these changes, then share the results again."
            }
            .into(),
        }
    }

    pub fn stale_draft(changes: Option<Vec<Change>>) -> Notice {
        Notice {
            conflict: false,
            title: "The case has changed since your draft was saved".into(),
            changes: changes.unwrap_or_default(),
            note: "Your draft is shown below. Check it against these changes before sharing the results.".into(),
        }
    }
}

/// What the page shows besides the case: the typed fields and what to say about them.
pub struct Shown {
    pub fields: Fields,
    pub version: i64,
    /// (input id, message) for problems with a particular input.
    pub errors: Vec<(String, String)>,
    /// Problems not tied to one input (a rule of procedure).
    pub summary: Vec<SummaryItem>,
    pub notice: Option<Notice>,
    pub draft_saved_at: Option<String>,
}

impl Shown {
    /// A fresh form: nothing typed, the next hearing at this hearing's court.
    pub fn new(l: &Loaded) -> Shown {
        let mut fields = Fields::default();
        fields.set("adj.court", l.hearing.court_ou.to_string());
        Shown {
            fields,
            version: l.version,
            errors: vec![],
            summary: vec![],
            notice: None,
            draft_saved_at: None,
        }
    }
}

#[derive(Template)]
#[template(path = "resulting.html")]
struct ResultingPage {
    chrome: Chrome,
    action: String,
    case_link: String,
    urn: String,
    hearing_line: String,
    /// Why the hearing cannot be resulted here, instead of the form.
    closed: Option<String>,
    future: Option<String>,
    version: i64,
    draft_saved_at: Option<String>,
    summary: Vec<SummaryItem>,
    notice: Option<Notice>,
    defendants: Vec<DefendantView>,
    adj: AdjournmentView,
}

fn closed_reason(l: &Loaded) -> Option<String> {
    let on = format::date(l.hearing.hearing_date);
    match l.hearing.status {
        HearingStatus::Resulted => Some(format!(
            "The hearing of {on} has been resulted. To correct a result, propose an amendment from the case."
        )),
        HearingStatus::Vacated => Some(format!(
            "The hearing of {on} was vacated: nothing can be recorded against it."
        )),
        HearingStatus::Listed if l.case.status == CaseStatus::Concluded => {
            Some("The case is concluded: nothing more can be recorded except an amendment.".into())
        }
        HearingStatus::Listed => None,
    }
}

pub fn render(viewer: &Viewer, l: &Loaded, mut shown: Shown) -> Result<Html<String>, WebError> {
    // A conflict re-bases the form: its notice is the decision point, not the problems list.
    let closed = if shown.notice.as_ref().is_some_and(|n| n.conflict) {
        None
    } else {
        closed_reason(l)
    };
    let b = Builder {
        fields: &shown.fields,
        errors: &shown.errors,
    };
    let defendants = if closed.is_some() {
        vec![]
    } else {
        l.case
            .defendants
            .iter()
            .enumerate()
            .map(|(i, d)| b.defendant(i, d, l.venue))
            .collect()
    };
    let adj = b.adjournment();
    let mut summary: Vec<SummaryItem> = shown
        .errors
        .iter()
        .map(|(id, m)| SummaryItem {
            href: Some(format!("#{id}")),
            message: m.clone(),
        })
        .collect();
    summary.append(&mut shown.summary);
    let hearing_type = RefData::global()
        .hearing_type(&l.hearing.hearing_type)
        .map_or(l.hearing.hearing_type.clone(), |t| t.description.clone());
    let title = if summary.is_empty() {
        "Result hearing".to_string()
    } else {
        "Error: Result hearing".to_string()
    };
    let page = ResultingPage {
        // Changes after the form's version are announced (never applied to what is typed).
        chrome: viewer.chrome(title, "").live(format!(
            "/api/v1/cases/{}/live?last_event_id={}",
            l.case.id, shown.version
        )),
        action: format!("/cases/{}/hearings/{}/result", l.case.id, l.hearing.id),
        case_link: format!("/cases/{}", l.case.id),
        urn: l.case.urn.to_string(),
        hearing_line: format!("{hearing_type}, {}, {}", l.hearing.court_name, format::date(l.hearing.hearing_date)),
        future: (l.hearing.hearing_date > assize_api::config::court_today()).then(|| {
            format!("This hearing is listed for {}: its results can be shared on or after that day. You can prepare a draft now.", format::date(l.hearing.hearing_date))
        }),
        closed,
        version: shown.version,
        draft_saved_at: shown.draft_saved_at,
        summary,
        notice: shown.notice,
        defendants,
        adj,
    };
    render_page(&page)
}
