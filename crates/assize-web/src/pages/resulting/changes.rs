//! "Who changed this case since your form was opened, when, and what": shown when sharing meets
//! a version conflict (and when a saved draft is older than the case), so that submitting again
//! is a decision taken knowing what changed, never a silent overwrite. Read through the case
//! timeline service, so the same access rules and access logging apply as to the API's timeline.

use std::collections::BTreeMap;

use assize_api::AppState;
use assize_api::auth::Authed;
use assize_api::service::{TimelineEntry, timeline};
use assize_domain::case::Case;
use uuid::Uuid;

use crate::format;

/// One change (one command of one person), in words.
pub struct Change {
    pub who: String,
    pub at: String,
    pub what: String,
}

/// The time of day in court time, with the date unless it is today.
fn at(t: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    let zoned = t.to_zoned_datetime(tz);
    let time = zoned.strftime("%H:%M").to_string();
    if zoned.date() == assize_api::config::court_today() {
        time
    } else {
        format!("{time} on {}", format::date(zoned.date()))
    }
}

/// The changes made to the case after `after_version`, one line per command, oldest first.
/// None if the timeline cannot be read (the caller then says only that the case changed).
pub async fn since(
    state: &AppState,
    who: &Authed,
    case: &Case,
    after_version: i64,
) -> Option<Vec<Change>> {
    let entries = timeline(state, who, case.id).await.ok()?;
    // One command appends its events with one correlation id: group them as one change.
    let mut groups: BTreeMap<(i64, Uuid), (Vec<String>, &TimelineEntry)> = BTreeMap::new();
    let mut first_version: BTreeMap<Uuid, i64> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.version > after_version) {
        let v = *first_version.entry(e.correlation_id).or_insert(e.version);
        groups
            .entry((v, e.correlation_id))
            .or_insert_with(|| (vec![], e))
            .0
            .push(crate::pages::describe::describe(e, case));
    }
    Some(
        groups
            .into_values()
            .map(|(whats, e)| Change {
                who: match (&e.actor_name, &e.actor_organisation) {
                    (Some(n), Some(o)) => format!("{n} ({o})"),
                    (Some(n), None) => n.clone(),
                    _ => "Someone".into(),
                },
                at: at(e.occurred_at),
                what: whats.join("; "),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_today_are_hours_and_minutes() {
        let now = jiff::Timestamp::now();
        let shown = at(now);
        assert!(shown.len() == 5 || shown.contains(" on "), "{shown}");
        assert!(at("2020-01-02T10:05:00Z".parse().unwrap()).starts_with("10:05 on 2 January 2020"));
    }
}
