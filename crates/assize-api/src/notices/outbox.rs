//! From a command's events to the notices written with them: the domain decides (`notices_for`)
//! under the routing in force (defaults plus the administrator's stored overrides); this module
//! only addresses and stamps the drafts for the store.

use assize_domain::case::{Case, CaseEvent};
use assize_domain::ids::ResultCode;
use assize_domain::notices::{
    NoticeContent, NoticeDraft, RecipientKind, RoutingTable, notices_for,
};
use assize_store::NewNotice;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// Whether `events` can require a notice at all (results, verdicts, bail and remand decisions,
/// sendings, adjournments, approved amendments): only then is the routing loaded.
pub fn may_notify(events: &[CaseEvent]) -> bool {
    events.iter().any(|e| {
        matches!(
            e,
            CaseEvent::ResultRecorded { .. }
                | CaseEvent::VerdictRecorded { .. }
                | CaseEvent::BailDecided { .. }
                | CaseEvent::SentToCrownCourt { .. }
                | CaseEvent::HearingAdjourned { .. }
                | CaseEvent::ResultAmendmentApproved { .. }
        )
    })
}

/// The routing in force: the defaults with every stored override applied. An override the
/// domain refuses (a code since removed from the list) is logged and skipped, never fatal: the
/// defaults still route the result.
pub async fn routing(state: &AppState) -> ApiResult<RoutingTable> {
    Ok(routing_from(&state.store).await?)
}

/// [`routing`] from a store (for the command line).
pub async fn routing_from(
    store: &assize_store::Store,
) -> Result<RoutingTable, assize_store::StoreError> {
    let mut table = RoutingTable::defaults();
    for o in store.route_overrides().await? {
        let (Ok(code), Some(kind)) = (
            ResultCode::parse(&o.result_code),
            RecipientKind::parse(&o.recipient_kind),
        ) else {
            tracing::warn!(code = %o.result_code, kind = %o.recipient_kind, "unusable routing override skipped");
            continue;
        };
        match table.clone().with_override(&code, kind, o.send) {
            Ok(t) => table = t,
            Err(e) => tracing::warn!(error = %e, "routing override skipped"),
        }
    }
    Ok(table)
}

/// The notices `events` (taking `before` to `after`) require, ready for the append.
pub fn new_notices(
    before: &Case,
    after: &Case,
    events: &[CaseEvent],
    routing: &RoutingTable,
    now: jiff::Timestamp,
) -> ApiResult<Vec<NewNotice>> {
    let drafts = notices_for(before, after, events, routing);
    // Every recipient of one result gets the same content: serialise each distinct content once
    // (a sentence commonly goes to six recipients; the drafts are few, so a scan will do).
    let mut texts: Vec<(&NoticeContent, String)> = Vec::new();
    let mut bodies = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let text = match texts.iter().find(|(c, _)| **c == d.content) {
            Some((_, text)) => text.clone(),
            None => {
                let text = serde_json::to_string(&d.content)
                    .map_err(|e| ApiError::Internal(format!("notice content: {e}")))?;
                texts.push((&d.content, text.clone()));
                text
            }
        };
        bodies.push(text);
    }
    Ok(drafts
        .into_iter()
        .zip(bodies)
        .map(|(d, body)| new_notice(after, d, body, now))
        .collect())
}

fn new_notice(case: &Case, d: NoticeDraft, body: String, now: jiff::Timestamp) -> NewNotice {
    let name = match d.recipient.kind {
        RecipientKind::PoliceForce => case.charging_force.name.clone(),
        RecipientKind::ProsecutingAuthority => case.prosecuting_authority.name.clone(),
        RecipientKind::DefenceFirm => case
            .defendants
            .iter()
            .filter_map(|x| x.defence.as_ref())
            .find(|f| Some(f.id) == d.recipient.org_id)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| d.recipient.kind.label().to_string()),
        other => other.label().to_string(),
    };
    NewNotice {
        id: Uuid::now_v7(),
        key: d.key,
        series: d.series,
        kind: d.kind.as_str().to_string(),
        recipient_slot: d.recipient.slot(),
        recipient_kind: d.recipient.kind.as_str().to_string(),
        recipient_org: d.recipient.org_id,
        recipient_name: name,
        case_id: d.content.case_id,
        defendant_id: d.content.defendant.defendant_id,
        hearing_id: d.content.hearing.hearing_id,
        case_version: d.version,
        replaces_series: d.replaces,
        body,
        created_at: now,
    }
}
