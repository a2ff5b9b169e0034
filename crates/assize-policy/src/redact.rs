//! Field-level redaction: applies a [`Disclosure`] (decided by the Cedar policy) to a case state.
//! Part of the policy, not of the handlers, so every way of reading a case redacts the same way.

use assize_domain::case::{Case, CaseEvent};

use crate::{DefendantDisclosure, Disclosure};

/// The case as this reader may see it. Defendants the reader may only see "as on the charge
/// sheet" keep their name, offences and what happened to those offences in open court, and lose
/// date of birth, address, ASN, PNC ID, bail conditions (which carry addresses) and attendance.
/// Hidden defendants are removed. Victim and witness contact details are removed unless allowed.
pub fn redact_case(case: &Case, disclosure: &Disclosure) -> Case {
    let mut c = case.clone();
    c.defendants
        .retain(|d| disclosure.defendant(d.id) != DefendantDisclosure::Hidden);
    for d in c.defendants.iter_mut() {
        if disclosure.defendant(d.id) == DefendantDisclosure::ChargeSheetOnly {
            d.date_of_birth = None;
            d.address = None;
            d.asn = None;
            d.pnc_id = None;
            d.bail_conditions.clear();
            d.attendance.clear();
            for o in d.offences.iter_mut() {
                o.custody_time_limit = None;
            }
        }
    }
    let visible: Vec<_> = c.defendants.iter().map(|d| d.id).collect();
    c.pending_amendments.retain(|a| {
        visible.contains(&a.defendant_id)
            && disclosure.defendant(a.defendant_id) == DefendantDisclosure::Full
    });
    // Why someone cannot attend (a hospital appointment, a trial elsewhere) is about that
    // defendant: only readers of their full record see it.
    c.dates_to_avoid.retain(|d| {
        d.defendant_id
            .is_none_or(|id| disclosure.defendant(id) == DefendantDisclosure::Full)
    });
    if !disclosure.victim_witness_contact {
        for w in c.witnesses.iter_mut() {
            w.date_of_birth = None;
            w.address = None;
            w.phone = None;
            w.email = None;
        }
    }
    c
}

/// Whether an event of the timeline may be shown to this reader: events about a defendant are
/// shown only to readers with full disclosure of that defendant.
pub fn event_visible(event: &CaseEvent, disclosure: &Disclosure) -> bool {
    if !disclosure.timeline {
        return false;
    }
    match event.defendant_id() {
        Some(d) => disclosure.defendant(d) == DefendantDisclosure::Full,
        None => true,
    }
}
