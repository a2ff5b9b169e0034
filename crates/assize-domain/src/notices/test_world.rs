//! A case driven through the real commands (`decide` then `apply`), recording what each command
//! changed, so the notice tests see exactly what the store will hand to `notices_for`.

use jiff::civil::{Date, date};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{NoticeDraft, RecipientKind, RoutingTable, notices_for};
use crate::case::commands::*;
use crate::case::decide::{self, Ctx};
use crate::case::{Case, CaseEvent, DomainResult, OrgRef};
use crate::refdata::RefData;

pub(super) const TODAY: Date = date(2026, 11, 27);

pub(super) struct World {
    pub case: Case,
    pub actor: Uuid,
    counter: u128,
}

/// A defendant charged with `offences`, in the given custody status (`in_custody`, ...).
pub(super) fn defendant(family: &str, custody: &str, offences: &[&str]) -> Value {
    json!({
        "given_names": "Zoë", "family_name": family, "date_of_birth": "1990-01-01",
        "asn": null, "pnc_id": null, "custody_status": custody, "bail_conditions": [],
        "offences": offences.iter().map(|c| json!({
            "offence_code": c, "wording": "On 1 November 2026 at London ...",
            "offence_date_from": "2026-11-01"
        })).collect::<Vec<_>>()
    })
}

pub(super) fn org(name: &str, n: u128) -> OrgRef {
    OrgRef {
        id: Uuid::from_u128(n),
        name: name.into(),
    }
}

impl World {
    pub fn new(defendants: Vec<Value>) -> World {
        let input: NewCase = serde_json::from_value(json!({
            "urn": "01AB1234526", "initiation_type": "charge",
            "prosecution_authority_code": "CPS-LONDON", "defendants": defendants,
            "witnesses": [],
            "first_hearing": {"court_ou": "B01BE00", "hearing_date": "2026-11-27"}
        }))
        .expect("valid input");
        let mut w = World {
            case: placeholder(),
            actor: Uuid::from_u128(7),
            counter: 1_000,
        };
        let (_, events) = w.run(|_, ctx| {
            decide::create_case(
                &input,
                org("CPS London", 1),
                org("Metropolitan Police Service", 2),
                Some("01"),
                ctx,
            )
        });
        w.case = Case::from_events(&events).expect("created");
        w
    }

    /// Run a command, apply its events; returns the state before and the events.
    pub fn run(
        &mut self,
        f: impl FnOnce(&Case, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
    ) -> (Case, Vec<CaseEvent>) {
        let mut counter = self.counter;
        let mut next = || {
            counter += 1;
            Uuid::from_u128(counter)
        };
        let mut ctx = Ctx::new(TODAY, self.actor, RefData::global(), &mut next);
        let events = f(&self.case, &mut ctx).expect("command accepted");
        self.counter = counter + 1_000;
        let before = self.case.clone();
        for e in &events {
            self.case.apply(e);
        }
        (before, events)
    }

    /// Run a command and decide its notices with the default routing.
    pub fn notices(
        &mut self,
        f: impl FnOnce(&Case, &mut Ctx) -> DomainResult<Vec<CaseEvent>>,
    ) -> Vec<NoticeDraft> {
        let (before, events) = self.run(f);
        notices_for(&before, &self.case, &events, &RoutingTable::defaults())
    }

    /// Record a hearing outcome given as JSON (the API's body) at the first hearing.
    pub fn outcome(&mut self, outcome: Value) -> Vec<NoticeDraft> {
        let h = self.case.hearings[0].id;
        let input: HearingOutcome = serde_json::from_value(outcome).expect("valid outcome");
        self.notices(|c, ctx| decide::record_hearing_outcome(c, h, &input, ctx))
    }

    pub fn associate(&mut self, defendant: usize, firm: OrgRef) {
        let d = self.case.defendants[defendant].id;
        self.run(|c, _| decide::associate_defence(c, d, firm));
    }

    pub fn d(&self, i: usize) -> Uuid {
        self.case.defendants[i].id
    }

    pub fn o(&self, i: usize, j: usize) -> Uuid {
        self.case.defendants[i].offences[j].id
    }
}

fn placeholder() -> Case {
    serde_json::from_value(json!({
        "id": Uuid::nil(), "urn": "01AB1234526",
        "prosecuting_authority": {"id": Uuid::nil(), "name": ""},
        "charging_force": {"id": Uuid::nil(), "name": ""},
        "initiation_type": "charge", "venue": "magistrates_court", "case_number": null,
        "status": "active", "defendants": [], "witnesses": [], "hearings": [],
        "reporting_restrictions": [], "pending_amendments": [], "version": 0
    }))
    .expect("empty case")
}

/// The kinds of the notices about one defendant, sorted.
pub(super) fn kinds_for_defendant(notices: &[NoticeDraft], d: Uuid) -> Vec<RecipientKind> {
    let mut v: Vec<_> = notices
        .iter()
        .filter(|n| n.content.defendant.defendant_id == d)
        .map(|n| n.recipient.kind)
        .collect();
    v.sort();
    v
}
