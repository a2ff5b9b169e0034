//! Values as the court writes them on a document: dates, names, results, conditions, hearings.

use jiff::civil::Date;

use super::super::content::{NextHearing, NoticeContent, NoticeResult};
use super::DocumentKind;
use crate::case::{BailCondition, BailConditionKind, CustodyStatus, DurationUnit};
use crate::refdata::RefData;

/// A day as the court writes it on a warrant: "Monday 30 November 2026".
pub(super) fn court_date(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// A date of birth or of an offence: "1 January 1990".
pub(super) fn plain_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// The defendant's name exactly as given (never transliterated).
pub(super) fn name(c: &NoticeContent) -> String {
    let d = &c.defendant;
    format!("{} {}", d.given_names, d.family_name)
        .trim()
        .to_string()
}

fn money(pence: i64) -> String {
    let pounds = (pence.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}£{grouped}.{:02}", pence.abs() % 100)
}

/// One result: "Imprisonment: 6 months (1002)".
pub(super) fn result(r: &NoticeResult) -> String {
    let v = &r.values;
    let mut parts = Vec::new();
    if let Some(d) = v.duration {
        let unit = match d.unit {
            DurationUnit::Days => "day",
            DurationUnit::Weeks => "week",
            DurationUnit::Months => "month",
            DurationUnit::Years => "year",
        };
        let s = if d.value == 1 { "" } else { "s" };
        parts.push(format!("{} {unit}{s}", d.value));
    }
    if let Some(p) = v.amount_pence {
        parts.push(money(p));
    }
    if let Some(n) = v.penalty_points {
        parts.push(format!(
            "{n} penalty point{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(t) = v.text.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(t.trim().to_string());
    }
    let mut s = r.label.clone();
    if !parts.is_empty() {
        s = format!("{s}: {}", parts.join(", "));
    }
    s = format!("{s} ({})", r.cjs_code);
    if r.amended {
        s.push_str(", amended");
    }
    s
}

/// The conditions a document lists: only those of conditional bail, and only on the documents
/// about bail (a stale bail position is never printed on a warrant).
pub(super) fn conditions_shown(kind: DocumentKind, c: &NoticeContent) -> &[BailCondition] {
    let about_bail = matches!(
        kind,
        DocumentKind::BailConditionsNotice | DocumentKind::ReleaseNotice
    );
    if about_bail && c.bail_status == CustodyStatus::ConditionalBail {
        &c.bail_conditions
    } else {
        &[]
    }
}

pub(super) fn condition(c: &BailCondition) -> String {
    let label = match c.kind {
        BailConditionKind::Residence => "Residence",
        BailConditionKind::Curfew => "Curfew",
        BailConditionKind::ElectronicMonitoring => "Electronic monitoring",
        BailConditionKind::ReportToPoliceStation => "Reporting to a police station",
        BailConditionKind::NoContact => "No contact",
        BailConditionKind::ExclusionZone => "Exclusion zone",
        BailConditionKind::SurrenderPassport => "Surrender of passport",
        BailConditionKind::Surety => "Surety",
        BailConditionKind::Other => "Condition",
    };
    match c.details.trim() {
        "" => label.to_string(),
        d => format!("{label}: {d}"),
    }
}

/// "Plea & Directions Hearing on Wednesday 23 December 2026 at … (C01BL00)".
pub(super) fn next_hearing(n: &NextHearing) -> String {
    let kind = RefData::global()
        .hearing_type(&n.hearing_type)
        .map_or_else(|| n.hearing_type.clone(), |t| t.description.clone());
    format!(
        "{kind} on {} at {} ({})",
        court_date(n.hearing_date),
        n.court_centre.name,
        n.court_centre.code
    )
}
