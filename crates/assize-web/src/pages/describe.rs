//! One recorded event in words — its type, and whom and what it was about ("Plea recorded for
//! Jo Bloggs, TH68010: guilty") — for the case timeline and the "what changed meanwhile" lists.
//! Works on the case as the reader may see it: a defendant the reader cannot see is not named.

use assize_api::service::TimelineEntry;
use assize_domain::case::Case;
use serde_json::Value;
use uuid::Uuid;

use crate::format;

fn text<'a>(p: &'a Value, key: &str) -> Option<&'a str> {
    p.get(key).and_then(Value::as_str)
}

/// One event in words: its type, and whom and what it was about.
pub(crate) fn describe(e: &TimelineEntry, case: &Case) -> String {
    let p = &e.payload;
    let mut about = Vec::new();
    let defendant = text(p, "defendant_id")
        .and_then(|id| id.parse::<Uuid>().ok())
        .and_then(|id| case.defendant(id));
    if let Some(d) = defendant {
        about.push(d.name.full());
        if let Some(o) = text(p, "offence_id")
            .and_then(|id| id.parse::<Uuid>().ok())
            .and_then(|id| d.offence(id))
        {
            about.push(o.code.to_string());
        }
    }
    let mut value = [
        "attendance",
        "indication",
        "plea",
        "decision",
        "verdict",
        "status",
    ]
    .iter()
    .find_map(|k| text(p, k))
    .map(|v| format::words(&v).to_lowercase());
    if let Some(r) = p.get("result") {
        value = Some(format!(
            "{} {}",
            text(r, "code").unwrap_or_default(),
            text(r, "label").unwrap_or_default()
        ));
    }
    if let (Some(d), Some(c)) = (text(p, "hearing_date"), text(p, "court_name")) {
        value = Some(format!("{}, {c}", format::date_text(d)));
    }
    // A warned period (`trial_warned`): "from 7 December 2026 to 18 December 2026".
    if let (Some(f), Some(t)) = (text(p, "from"), text(p, "to")) {
        value = Some(format!(
            "from {} to {}",
            format::date_text(f),
            format::date_text(t)
        ));
    }
    if let Some(r) = text(p, "reason") {
        value = Some(value.map_or(r.to_string(), |v| format!("{v} ({r})")));
    }
    let mut s = format::words(&e.event_type);
    match (about.is_empty(), value) {
        (true, None) => {}
        (true, Some(v)) => s.push_str(&format!(": {v}")),
        (false, None) => s.push_str(&format!(" for {}", about.join(", "))),
        (false, Some(v)) => s.push_str(&format!(" for {}: {v}", about.join(", "))),
    }
    s
}
