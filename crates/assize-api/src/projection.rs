//! From the derived case state to the read models storage keeps beside the events (written in
//! the same transaction), and from a stored case to the facts the policy decides on. Also used by
//! `assize rebuild`.

use crate::error::ApiError;
use assize_domain::access::Relation;
use assize_domain::case::{Case, CaseEvent, CaseStatus};
use assize_domain::search::{name_key, name_tokens};
use assize_policy::{CaseFacts, DefendantFacts};
use assize_store::{
    CaseOrgRow, CaseProjection, CaseRecord, CtlRow, DefendantRow, HearingRow, StoredCase,
    StoredEvent,
};

/// The read-model rows of one case.
pub fn project(case: &Case) -> CaseProjection {
    let next = case.next_hearing();
    let mut orgs = vec![
        CaseOrgRow {
            org_id: case.charging_force.id,
            relation: Relation::ChargingForce,
            defendant_id: None,
        },
        CaseOrgRow {
            org_id: case.prosecuting_authority.id,
            relation: Relation::Prosecutor,
            defendant_id: None,
        },
    ];
    for d in &case.defendants {
        if let Some(f) = &d.defence {
            orgs.push(CaseOrgRow {
                org_id: f.id,
                relation: Relation::DefenceOnRecord,
                defendant_id: Some(d.id),
            });
        }
    }
    CaseProjection {
        case_id: case.id,
        urn: case.urn.to_string(),
        case_number: case.case_number.clone(),
        status: match case.status {
            CaseStatus::Active => "active".into(),
            CaseStatus::Concluded => "concluded".into(),
        },
        court_ou: next
            .map(|h| h.court_ou.to_string())
            .or_else(|| case.hearings.last().map(|h| h.court_ou.to_string())),
        next_hearing_date: next.map(|h| h.hearing_date.to_string()),
        prosecutor_org_id: case.prosecuting_authority.id,
        charging_force_org_id: case.charging_force.id,
        state: serde_json::to_value(case).expect("case state serialises"),
        defendants: case
            .defendants
            .iter()
            .map(|d| {
                let full = d.name.full();
                DefendantRow {
                    defendant_id: d.id,
                    name_key: name_key(&full),
                    name_tokens: name_tokens(&full),
                    full_name: full,
                    date_of_birth: d.date_of_birth.map(|x| x.to_string()),
                    asn: d.asn.as_ref().map(|a| a.as_str().to_string()),
                    pnc_id: d.pnc_id.as_ref().map(|p| p.as_str().to_string()),
                    defence_org_id: d.defence.as_ref().map(|f| f.id),
                }
            })
            .collect(),
        hearings: case
            .hearings
            .iter()
            .map(|h| HearingRow {
                hearing_id: h.id,
                court_ou: h.court_ou.to_string(),
                hearing_date: h.hearing_date.to_string(),
                hearing_type: h.hearing_type.clone(),
                status: serde_json::to_value(h.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                sitting_id: h.slot.as_ref().map(|s| s.sitting_id),
                start_time: h.slot.as_ref().map(|s| s.start_time.clone()),
                estimate_minutes: h
                    .slot
                    .as_ref()
                    .and_then(|s| s.estimate_minutes)
                    .map(i64::from),
                warned_from: h.warned.map(|w| w.from.to_string()),
                warned_to: h.warned.map(|w| w.to.to_string()),
            })
            .collect(),
        court_ous: case.court_ous(),
        orgs,
        custody_time_limits: case
            .defendants
            .iter()
            .flat_map(|d| d.offences.iter().map(move |o| (d, o)))
            .filter_map(|(d, o)| {
                let ctl = o.custody_time_limit.as_ref()?;
                let expiry = ctl.expiry_date?;
                (ctl.status == assize_domain::case::ctl::CtlStatus::Running).then(|| CtlRow {
                    defendant_id: d.id,
                    offence_id: o.id,
                    expiry_date: expiry.to_string(),
                })
            })
            .collect(),
    }
}

/// The facts of a stored case the policy decides on.
pub fn facts(record: &CaseRecord) -> CaseFacts {
    CaseFacts {
        case_id: record.case_id,
        court_ous: record.court_ous.clone(),
        prosecutor_org: record.prosecutor_org_id,
        charging_force_org: record.charging_force_org_id,
        defendants: record
            .defendants
            .iter()
            .map(|(id, firm)| DefendantFacts {
                defendant_id: *id,
                defence_org: *firm,
            })
            .collect(),
    }
}

/// The case a summary row holds, parsed straight from its JSON text.
pub fn stored_state(stored: &StoredCase) -> Result<Case, ApiError> {
    serde_json::from_str(&stored.state)
        .map_err(|e| ApiError::Internal(format!("stored case state unreadable: {e}")))
}

/// The facts the policy decides on, from the case state itself: what [`facts`] reads from the
/// read-model rows, which [`project`] derives from this same state in the same transaction
/// (defendants in id order, as those rows are read).
pub fn case_facts(case: &Case) -> CaseFacts {
    let mut defendants: Vec<DefendantFacts> = case
        .defendants
        .iter()
        .map(|d| DefendantFacts {
            defendant_id: d.id,
            defence_org: d.defence.as_ref().map(|f| f.id),
        })
        .collect();
    defendants.sort_by_key(|d| d.defendant_id);
    CaseFacts {
        case_id: case.id,
        court_ous: case.court_ous(),
        prosecutor_org: case.prosecuting_authority.id,
        charging_force_org: case.charging_force.id,
        defendants,
    }
}

/// Rebuild a case's state from its stored events (for `assize rebuild` and verification).
pub fn replay(events: &[StoredEvent]) -> Result<Option<Case>, serde_json::Error> {
    let parsed: Vec<CaseEvent> = events
        .iter()
        .map(|e| serde_json::from_value(e.payload.clone()))
        .collect::<Result<_, _>>()?;
    Ok(Case::from_events(&parsed))
}
