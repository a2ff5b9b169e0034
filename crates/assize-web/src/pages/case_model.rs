//! The case page's view model: the policy-redacted case turned into the sentences and labels a
//! court user reads, so the template only lays them out. Nothing here decides access: the case
//! arrives already redacted for the viewer, and the actions offered come from the policy.

use assize_api::service::TimelineEntry;
use assize_api::view::CtlSummary;
use assize_domain::case::ctl::CtlStatus;
use assize_domain::case::decide::period_warnings;
use assize_domain::case::{
    Case, Defendant, HearingStatus, Offence, RecordedResult, Venue,
    restrictions::RestrictionSubject,
};
use assize_domain::ids::CourtKind;
use assize_domain::listing::is_trial;
use assize_policy::Action;

use crate::format::{date, money, when, words};

pub struct DefendantView {
    pub id: String,
    pub name: String,
    pub youth: bool,
    /// (label, value) rows of the summary list, only for what the viewer may see.
    pub details: Vec<(String, String)>,
    pub custody: String,
    pub custody_tag: &'static str,
    pub defence: Option<String>,
    pub offences: Vec<OffenceView>,
    /// The viewer's firm is on record for this defendant (offer "come off the record").
    pub ours: bool,
}

pub struct OffenceView {
    pub code: String,
    pub title: String,
    pub wording: String,
    pub dates: String,
    pub stage: String,
    /// Plea, indication, allocation and verdict as recorded, in words.
    pub decisions: Vec<String>,
    pub results: Vec<String>,
    pub ctl: Option<String>,
    pub ctl_urgent: bool,
}

pub struct HearingView {
    pub id: String,
    pub date: String,
    pub court: String,
    pub hearing_type: String,
    pub status: &'static str,
    pub status_tag: &'static str,
    pub note: Option<String>,
    pub resultable: bool,
    /// "Court 2, 10:00" once the hearing is placed in a sitting.
    pub slot: Option<String>,
    /// Whether the trial went ahead, with the reason, once recorded.
    pub trial_outcome: Option<String>,
    /// Still listed, and the viewer may list hearings at its court.
    pub movable: bool,
    /// A trial on or before today whose outcome is not yet recorded, and the viewer may record it.
    pub outcome_due: bool,
    /// "Warned for trial from … to …": in a warned list, not fixed for a date.
    pub warned: Option<String>,
    /// What listing should know about the warned period (a custody time limit, dates to avoid).
    pub warned_notes: Vec<String>,
    /// A listed Crown Court trial, and the viewer may list hearings at its court.
    pub warnable: bool,
}

pub struct RestrictionView {
    pub law: String,
    pub about: String,
    pub period: String,
}

pub struct TimelineItem {
    pub title: String,
    pub by: String,
    pub at: String,
    pub datetime: String,
    pub reason: Option<String>,
}

fn result_line(r: &RecordedResult) -> String {
    let mut s = format!("{} {}", r.code, r.label);
    let v = &r.values;
    if let Some(p) = v.amount_pence {
        s.push_str(&format!(", {}", money(p)));
    }
    if let Some(d) = &v.duration {
        s.push_str(&format!(", {} {}", d.value, words(&d.unit).to_lowercase()));
    }
    if let Some(p) = v.penalty_points {
        s.push_str(&format!(", {p} penalty points"));
    }
    if let Some(t) = &v.text {
        s.push_str(&format!(", {t}"));
    }
    if r.amended {
        s.push_str(" (amended)");
    }
    s
}

fn offence(o: &Offence, ctls: &[CtlSummary]) -> OffenceView {
    let mut decisions = Vec::new();
    if let Some(i) = o.indicated_plea {
        decisions.push(format!("Indicated plea: {}", words(&i).to_lowercase()));
    }
    if let Some(p) = &o.plea {
        decisions.push(format!(
            "Plea: {} on {}",
            words(&p.value).to_lowercase(),
            date(p.plea_date)
        ));
    }
    if let Some(a) = o.allocation {
        decisions.push(format!("Allocation: {}", words(&a).to_lowercase()));
    }
    if let Some(v) = &o.verdict {
        decisions.push(format!(
            "Verdict: {} on {}",
            words(&v.value).to_lowercase(),
            date(v.verdict_date)
        ));
    }
    let ctl = ctls.iter().find(|c| c.offence_id == o.id).and_then(|c| {
        match (c.status, c.expiry_date, c.days_left) {
            (CtlStatus::Running, Some(e), Some(d)) => Some((
                format!("Running: expires {} ({} days left)", date(e), d),
                d <= 14,
            )),
            (CtlStatus::Stopped, _, _) => Some(("Stopped while on bail".to_string(), false)),
            _ => None,
        }
    });
    OffenceView {
        code: o.code.to_string(),
        title: o.title.clone(),
        wording: o.wording.clone(),
        dates: match o.offence_date_to {
            Some(to) => format!("{} to {}", date(o.offence_date_from), date(to)),
            None => date(o.offence_date_from),
        },
        stage: words(&o.stage),
        decisions,
        results: o.results.iter().map(result_line).collect(),
        ctl_urgent: ctl.as_ref().is_some_and(|c| c.1),
        ctl: ctl.map(|c| c.0),
    }
}

pub fn defendant(d: &Defendant, ctls: &[CtlSummary], viewer_org: uuid::Uuid) -> DefendantView {
    let mut details = Vec::new();
    if let Some(dob) = d.date_of_birth {
        details.push(("Date of birth".into(), date(dob)));
    }
    if let Some(a) = &d.address {
        let mut lines = a.lines.join(", ");
        if let Some(p) = &a.postcode {
            lines.push_str(&format!(", {p}"));
        }
        details.push(("Address".into(), lines));
    }
    if let Some(a) = &d.asn {
        details.push(("ASN".into(), a.to_string()));
    }
    if let Some(p) = &d.pnc_id {
        details.push(("PNC ID".into(), p.to_string()));
    }
    if !d.bail_conditions.is_empty() {
        let conditions: Vec<String> = d
            .bail_conditions
            .iter()
            .map(|c| format!("{}: {}", words(&c.kind), c.details))
            .collect();
        details.push(("Bail conditions".into(), conditions.join("; ")));
    }
    use assize_domain::case::CustodyStatus::*;
    let (custody, custody_tag) = match d.custody_status {
        InCustody => ("In custody", "govuk-tag--red"),
        ConditionalBail => ("Conditional bail", "govuk-tag--yellow"),
        UnconditionalBail => ("Unconditional bail", "govuk-tag--green"),
        NotApplicable => ("Not applicable (summons)", "govuk-tag--grey"),
    };
    DefendantView {
        id: d.id.to_string(),
        name: d.name.full(),
        youth: d.youth,
        details,
        custody: custody.into(),
        custody_tag,
        defence: d.defence.as_ref().map(|f| f.name.clone()),
        ours: d.defence.as_ref().is_some_and(|f| f.id == viewer_org),
        offences: d.offences.iter().map(|o| offence(o, ctls)).collect(),
    }
}

/// The case's hearings, earliest first; `may(action, court)` says whether the viewer may take
/// an action at a court of the case.
pub fn hearings(
    case: &Case,
    today: jiff::civil::Date,
    may: impl Fn(Action, &str) -> bool,
) -> Vec<HearingView> {
    let mut hs: Vec<_> = case.hearings.iter().collect();
    hs.sort_by_key(|h| h.hearing_date);
    hs.into_iter()
        .map(|h| {
            let (status, status_tag) = match h.status {
                HearingStatus::Listed => ("Listed", "govuk-tag--blue"),
                HearingStatus::Resulted => ("Resulted", "govuk-tag--green"),
                HearingStatus::Vacated => ("Vacated", "govuk-tag--grey"),
            };
            HearingView {
                id: h.id.to_string(),
                date: date(h.hearing_date),
                court: h.court_name.clone(),
                hearing_type: assize_domain::refdata::RefData::global()
                    .hearing_type(&h.hearing_type)
                    .map(|t| t.description.clone())
                    .unwrap_or_else(|| h.hearing_type.clone()),
                status,
                status_tag,
                note: h.adjournment_reason.clone(),
                resultable: h.status == HearingStatus::Listed
                    && may(Action::RecordHearingOutcome, h.court_ou.as_str()),
                slot: h
                    .slot
                    .as_ref()
                    .map(|s| format!("{}, {}", s.courtroom, s.start_time)),
                trial_outcome: h.trial_outcome.as_ref().map(|t| {
                    let mut s = format!("Trial {}", words(&t.kind).to_lowercase());
                    if !t.reason.trim().is_empty() {
                        s.push_str(&format!(": {}", t.reason.trim()));
                    }
                    s
                }),
                movable: h.status == HearingStatus::Listed
                    && may(Action::ListHearing, h.court_ou.as_str()),
                outcome_due: is_trial(&h.hearing_type)
                    && h.status != HearingStatus::Vacated
                    && h.hearing_date <= today
                    && h.trial_outcome.is_none()
                    && may(Action::RecordTrialOutcome, h.court_ou.as_str()),
                warned: h
                    .warned
                    .map(|w| format!("Warned for trial from {} to {}", date(w.from), date(w.to))),
                warned_notes: h
                    .warned
                    .map(|w| period_warnings(case, &h.hearing_type, w, today))
                    .unwrap_or_default(),
                warnable: h.status == HearingStatus::Listed
                    && is_trial(&h.hearing_type)
                    && h.court_ou.kind() == CourtKind::Crown
                    && may(Action::ListHearing, h.court_ou.as_str()),
            }
        })
        .collect()
}

pub fn restrictions(case: &Case, today: jiff::civil::Date) -> Vec<RestrictionView> {
    case.reporting_restrictions
        .iter()
        .filter(|r| r.in_force_on(today))
        .map(|r| RestrictionView {
            law: r.basis.citation().to_string(),
            about: match &r.subject {
                RestrictionSubject::Case => "The whole case".to_string(),
                RestrictionSubject::Defendant { defendant_id } => case
                    .defendant(*defendant_id)
                    .map(|d| format!("Defendant {}", d.name.full()))
                    .unwrap_or_else(|| "A defendant".into()),
                RestrictionSubject::Witness { .. } => "A victim or witness".to_string(),
            } + &r
                .details
                .as_ref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default(),
            period: match r.ends_on {
                Some(e) => format!("From {} to {}", date(r.starts_on), date(e)),
                None => format!("From {}, until lifted", date(r.starts_on)),
            },
        })
        .collect()
}

pub fn timeline(entries: Vec<TimelineEntry>, case: &Case) -> Vec<TimelineItem> {
    entries
        .into_iter()
        .rev()
        .map(|e| TimelineItem {
            title: super::describe::describe(&e, case),
            by: match (e.actor_name, e.actor_organisation) {
                (Some(n), Some(o)) => format!("{n}, {o}"),
                (Some(n), None) => n,
                _ => "Unknown user".into(),
            },
            at: when(e.occurred_at),
            datetime: e.occurred_at.to_string(),
            reason: e.reason,
        })
        .collect()
}

pub fn venue(v: Venue) -> &'static str {
    match v {
        Venue::MagistratesCourt => "Magistrates' court",
        Venue::CrownCourt => "Crown Court",
    }
}
