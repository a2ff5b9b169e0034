//! Lifecycle and rule tests for the case aggregate, driven through `decide` and `apply` only.

use jiff::civil::{Date, date};
use uuid::Uuid;

use super::commands::*;
use super::ctl::CtlStatus;
use super::decide::{self, Ctx};
use super::*;
use crate::refdata::RefData;

const TODAY: Date = date(2026, 11, 27);

pub(super) struct World {
    pub(super) case: Case,
    actor: Uuid,
    counter: u128,
    /// The sittings a command may name.
    pub(super) sittings: Vec<crate::listing::Placement>,
    /// The same people's hearings in other cases.
    pub(super) elsewhere: Vec<crate::listing::BookedElsewhere>,
}

impl World {
    pub(super) fn ctx_run<T>(&mut self, today: Date, f: impl FnOnce(&Case, &mut Ctx) -> T) -> T {
        let mut counter = self.counter;
        let mut next = || {
            counter += 1;
            Uuid::from_u128(counter)
        };
        let mut ctx = Ctx::new(today, self.actor, RefData::global(), &mut next);
        ctx.sittings = &self.sittings;
        ctx.elsewhere = &self.elsewhere;
        let out = f(&self.case, &mut ctx);
        self.counter = counter + 1000;
        out
    }
    pub(super) fn apply_all(&mut self, events: &[CaseEvent]) {
        for e in events {
            self.case.apply(e);
        }
    }
    pub(super) fn outcome(
        &mut self,
        hearing: Uuid,
        today: Date,
        o: HearingOutcome,
    ) -> DomainResult<Vec<CaseEvent>> {
        let r = self.ctx_run(today, |c, ctx| {
            decide::record_hearing_outcome(c, hearing, &o, ctx)
        });
        if let Ok(ev) = &r {
            self.apply_all(ev);
        }
        r
    }
    pub(super) fn d(&self, i: usize) -> &Defendant {
        &self.case.defendants[i]
    }
    pub(super) fn first_hearing(&self) -> Uuid {
        self.case.hearings[0].id
    }
}

fn org(name: &str) -> OrgRef {
    OrgRef {
        id: Uuid::new_v4(),
        name: name.into(),
    }
}

pub(super) fn new_case(code: &str, custody: CustodyStatus, dob: &str) -> NewCase {
    NewCase {
        urn: "01AB1234526".into(),
        initiation_type: InitiationType::Charge,
        prosecution_authority_code: "CPS-LONDON".into(),
        originating_organisation: None,
        defendants: vec![NewDefendant {
            given_names: "Zoë Ångström".into(),
            family_name: "O'Brien-Ńowak".into(),
            date_of_birth: Some(dob.into()),
            address: Some(AddressInput {
                lines: vec!["1 High Street".into(), "London".into()],
                postcode: Some("se1 1aa".into()),
            }),
            asn: None,
            pnc_id: None,
            custody_status: custody,
            bail_conditions: vec![],
            offences: vec![NewOffence {
                offence_code: code.into(),
                wording: "On 1 November 2026 at London ...".into(),
                offence_date_from: "2026-11-01".into(),
                offence_date_to: None,
            }],
        }],
        witnesses: vec![NewWitness {
            kind: WitnessKind::Victim,
            given_names: "Ann".into(),
            family_name: "Smith".into(),
            date_of_birth: None,
            address: None,
            phone: Some("07700 900000".into()),
            email: None,
            sexual_offence_complainant: false,
        }],
        first_hearing: NewHearing {
            court_ou: "B01BE00".into(),
            hearing_date: "2026-11-27".into(),
            hearing_type: None,
            sitting_id: None,
            estimate_minutes: None,
        },
    }
}

pub(super) fn world(input: &NewCase) -> World {
    let mut w = World {
        case: placeholder(),
        actor: Uuid::from_u128(u128::MAX),
        counter: 1,
        sittings: vec![],
        elsewhere: vec![],
    };
    let events = w
        .ctx_run(TODAY, |_, ctx| {
            decide::create_case(
                input,
                org("CPS London"),
                org("Metropolitan Police Service"),
                Some("01"),
                ctx,
            )
        })
        .expect("valid case");
    w.case = Case::from_events(&events).expect("created");
    w
}

fn placeholder() -> Case {
    let events = {
        let mut n = 0u128;
        let mut next = || {
            n += 1;
            Uuid::from_u128(n)
        };
        let mut ctx = Ctx::new(TODAY, Uuid::nil(), RefData::global(), &mut next);
        decide::create_case(
            &new_case("CJ88116", CustodyStatus::UnconditionalBail, "1990-01-01"),
            org("a"),
            org("b"),
            None,
            &mut ctx,
        )
        .unwrap()
    };
    Case::from_events(&events).unwrap()
}

pub(super) fn off(o: Uuid) -> OffenceOutcome {
    OffenceOutcome {
        offence_id: o,
        indicated_plea: None,
        plea: None,
        allocation: None,
        verdict: None,
        withdrawal: None,
        results: vec![],
    }
}

pub(super) fn one(
    defendant: Uuid,
    attendance: Option<Attendance>,
    offences: Vec<OffenceOutcome>,
) -> HearingOutcome {
    HearingOutcome {
        defendants: vec![DefendantOutcome {
            defendant_id: defendant,
            attendance,
            offences,
            sending: None,
            bail: None,
        }],
        adjournment: None,
    }
}

fn result(code: &str) -> ResultInput {
    ResultInput {
        code: code.into(),
        amount_pence: None,
        duration: None,
        penalty_points: None,
        text: None,
    }
}

#[test]
fn names_are_kept_exactly_and_all_input_errors_reported_together() {
    let w = world(&new_case(
        "CJ88116",
        CustodyStatus::UnconditionalBail,
        "1990-01-01",
    ));
    assert_eq!(w.d(0).name.full(), "Zoë Ångström O'Brien-Ńowak");
    let mut bad = new_case("XX99999", CustodyStatus::NotApplicable, "2990-01-01");
    bad.urn = "09AB1234526".into();
    bad.defendants[0].asn = Some("2601AB01000000001234Z".into());
    bad.first_hearing.court_ou = "B99ZZ99".into();
    let mut w2 = World {
        case: w.case.clone(),
        actor: Uuid::nil(),
        counter: 1,
        sittings: vec![],
        elsewhere: vec![],
    };
    let err = w2
        .ctx_run(TODAY, |_, ctx| {
            decide::create_case(&bad, org("a"), org("b"), None, ctx)
        })
        .unwrap_err();
    let DomainError::Invalid(fields) = err else {
        panic!("expected invalid")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    for f in [
        "urn",
        "first_hearing.court_ou",
        "defendants[0].date_of_birth",
        "defendants[0].asn",
        "defendants[0].custody_status",
        "defendants[0].offences[0].offence_code",
    ] {
        assert!(names.contains(&f), "missing error for {f}: {names:?}");
    }
}

#[test]
fn either_way_guilty_indication_then_sentence_concludes_the_case() {
    let mut w = world(&new_case(
        "TH68010",
        CustodyStatus::ConditionalBail,
        "1990-01-01",
    ));
    let (d, o, h) = (w.d(0).id, w.d(0).offences[0].id, w.first_hearing());
    // Sentence before conviction is refused.
    let mut early = off(o);
    early.results = vec![ResultInput {
        amount_pence: Some(10_000),
        ..result("1015")
    }];
    let err = w.outcome(h, TODAY, one(d, None, vec![early])).unwrap_err();
    assert_eq!(err.code(), "no-sentence-without-conviction");
    // A fine needs an amount.
    let mut no_amount = off(o);
    no_amount.indicated_plea = Some(IndicatedPlea::Guilty);
    no_amount.results = vec![result("1015")];
    assert_eq!(
        w.outcome(h, TODAY, one(d, None, vec![no_amount]))
            .unwrap_err()
            .code(),
        "invalid-input"
    );
    let mut ok = off(o);
    ok.indicated_plea = Some(IndicatedPlea::Guilty);
    ok.results = vec![ResultInput {
        amount_pence: Some(25_000),
        ..result("1015")
    }];
    let events = w
        .outcome(h, TODAY, one(d, Some(Attendance::InPerson), vec![ok]))
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CaseEvent::CaseConcluded { .. }))
    );
    assert_eq!(w.case.status, CaseStatus::Concluded);
    assert!(w.d(0).offences[0].convicted);
}

#[test]
fn either_way_not_guilty_allocation_trial_and_verdict_rules() {
    let mut w = world(&new_case(
        "TH68010",
        CustodyStatus::ConditionalBail,
        "1990-01-01",
    ));
    let (d, o, h) = (w.d(0).id, w.d(0).offences[0].id, w.first_hearing());
    let mut plea = off(o);
    plea.plea = Some(PleaValue::NotGuilty);
    assert_eq!(
        w.outcome(h, TODAY, one(d, None, vec![plea]))
            .unwrap_err()
            .code(),
        "plea-before-venue"
    );
    let mut verdict = off(o);
    verdict.verdict = Some(VerdictValue::Guilty);
    assert_eq!(
        w.outcome(h, TODAY, one(d, None, vec![verdict.clone()]))
            .unwrap_err()
            .code(),
        "no-verdict-without-not-guilty-plea"
    );
    let mut pbv = off(o);
    pbv.indicated_plea = Some(IndicatedPlea::NotGuilty);
    pbv.allocation = Some(AllocationDecision::SummaryTrial);
    pbv.plea = Some(PleaValue::NotGuilty);
    let mut outcome = one(d, Some(Attendance::InPerson), vec![pbv]);
    outcome.adjournment = Some(Adjournment {
        reason: "For summary trial".into(),
        next_hearing: NewHearing {
            court_ou: "B01BE00".into(),
            hearing_date: "2027-01-10".into(),
            hearing_type: Some("TRIAL".into()),
            sitting_id: None,
            estimate_minutes: None,
        },
    });
    w.outcome(h, TODAY, outcome).unwrap();
    assert_eq!(w.d(0).offences[0].stage, OffenceStage::AwaitingTrial);
    let trial = w.case.next_hearing().unwrap().id;
    // The trial cannot be resulted before it takes place.
    assert_eq!(
        w.outcome(trial, TODAY, one(d, None, vec![verdict.clone()]))
            .unwrap_err()
            .code(),
        "hearing-in-the-future"
    );
    w.outcome(trial, date(2027, 1, 10), one(d, None, vec![verdict]))
        .unwrap();
    assert_eq!(w.d(0).offences[0].stage, OffenceStage::Convicted);
}

#[test]
fn indictable_only_no_plea_in_magistrates_then_sent_with_crown_ctl() {
    let mut w = world(&new_case("OF61016", CustodyStatus::InCustody, "1990-01-01"));
    let (d, o, h) = (w.d(0).id, w.d(0).offences[0].id, w.first_hearing());
    let ctl = w.d(0).offences[0]
        .custody_time_limit
        .clone()
        .expect("ctl running from first appearance");
    assert_eq!(ctl.limit_days, 70);
    assert_eq!(ctl.expiry_date, Some(date(2027, 2, 5)));
    let mut plea = off(o);
    plea.plea = Some(PleaValue::Guilty);
    assert_eq!(
        w.outcome(h, TODAY, one(d, None, vec![plea]))
            .unwrap_err()
            .code(),
        "no-plea-indictable-only"
    );
    let mut alloc = off(o);
    alloc.allocation = Some(AllocationDecision::SummaryTrial);
    assert_eq!(
        w.outcome(h, TODAY, one(d, None, vec![alloc]))
            .unwrap_err()
            .code(),
        "allocation-either-way-only"
    );
    let mut outcome = one(d, Some(Attendance::ByVideoLink), vec![]);
    outcome.defendants[0].sending = Some(Sending {
        crown_court_ou: "C01BL00".into(),
        offence_ids: None,
        case_number: Some("T20267001".into()),
    });
    outcome.defendants[0].bail = Some(BailDecision {
        status: CustodyStatus::InCustody,
        conditions: vec![],
    });
    outcome.adjournment = Some(Adjournment {
        reason: "Sent for trial: PTPH".into(),
        next_hearing: NewHearing {
            court_ou: "C01BL00".into(),
            hearing_date: "2026-12-23".into(),
            hearing_type: Some("PDH".into()),
            sitting_id: None,
            estimate_minutes: None,
        },
    });
    w.outcome(h, TODAY, outcome).unwrap();
    let o = &w.d(0).offences[0];
    assert_eq!(o.venue, Venue::CrownCourt);
    assert_eq!(w.case.case_number.as_deref(), Some("T20267001"));
    let ctl = o.custody_time_limit.as_ref().unwrap();
    assert_eq!(
        (ctl.stage, ctl.limit_days, ctl.status),
        (Venue::CrownCourt, 182, CtlStatus::Running)
    );
    assert_eq!(ctl.days_left(TODAY), Some(182));
}

#[test]
fn bail_stops_ctl_and_amendment_needs_a_second_person() {
    let mut w = world(&new_case("CJ88116", CustodyStatus::InCustody, "1990-01-01"));
    let (d, o, h) = (w.d(0).id, w.d(0).offences[0].id, w.first_hearing());
    assert_eq!(
        w.d(0).offences[0]
            .custody_time_limit
            .as_ref()
            .unwrap()
            .limit_days,
        56
    );
    let mut g = off(o);
    g.plea = Some(PleaValue::Guilty);
    g.results = vec![ResultInput {
        amount_pence: Some(5_000),
        ..result("1015")
    }];
    let mut outcome = one(d, None, vec![g]);
    outcome.defendants[0].bail = Some(BailDecision {
        status: CustodyStatus::UnconditionalBail,
        conditions: vec![],
    });
    w.outcome(h, TODAY, outcome).unwrap();
    assert_eq!(
        w.d(0).offences[0]
            .custody_time_limit
            .as_ref()
            .unwrap()
            .status,
        CtlStatus::Ended
    );
    let result_id = w.d(0).offences[0].results[0].id;
    let amend = ResultAmendment {
        defendant_id: d,
        offence_id: o,
        result_id,
        result: ResultInput {
            amount_pence: Some(7_500),
            ..result("1015")
        },
        reason: " ".into(),
    };
    assert_eq!(
        w.ctx_run(TODAY, |c, ctx| decide::propose_amendment(c, &amend, ctx))
            .unwrap_err()
            .code(),
        "invalid-input"
    );
    let amend = ResultAmendment {
        reason: "Keying error: fine was £75".into(),
        ..amend
    };
    let ev = w
        .ctx_run(TODAY, |c, ctx| decide::propose_amendment(c, &amend, ctx))
        .unwrap();
    w.apply_all(&ev);
    assert_eq!(
        w.d(0).offences[0].results[0].values.amount_pence,
        Some(5_000),
        "not effective before approval"
    );
    let aid = w.case.pending_amendments[0].id;
    let err = w
        .ctx_run(TODAY, |c, ctx| {
            decide::decide_amendment(c, aid, &AmendmentDecision { approve: true }, ctx)
        })
        .unwrap_err();
    assert_eq!(err.code(), "second-person-required");
    w.actor = Uuid::from_u128(42);
    let ev = w
        .ctx_run(TODAY, |c, ctx| {
            decide::decide_amendment(c, aid, &AmendmentDecision { approve: true }, ctx)
        })
        .unwrap();
    w.apply_all(&ev);
    let r = &w.d(0).offences[0].results[0];
    assert_eq!((r.values.amount_pence, r.amended), (Some(7_500), true));
}

#[test]
fn youth_gets_automatic_restriction_and_defence_association_rules() {
    let mut input = new_case("CJ88116", CustodyStatus::UnconditionalBail, "2010-05-01");
    input.witnesses[0].sexual_offence_complainant = true;
    let mut w = world(&input);
    assert!(w.d(0).youth);
    let bases: Vec<_> = w
        .case
        .reporting_restrictions
        .iter()
        .map(|r| r.basis)
        .collect();
    assert!(bases.contains(&restrictions::RestrictionBasis::Cypa1933S49));
    assert!(bases.contains(&restrictions::RestrictionBasis::Soa1992S1));
    let d = w.d(0).id;
    let firm_a = org("Firm A");
    let ev = decide::associate_defence(&w.case, d, firm_a.clone()).unwrap();
    w.apply_all(&ev);
    assert_eq!(
        decide::associate_defence(&w.case, d, org("Firm B"))
            .unwrap_err()
            .code(),
        "another-firm-on-record"
    );
    let ev = decide::remove_defence(&w.case, d).unwrap();
    w.apply_all(&ev);
    assert!(w.d(0).defence.is_none());
}

#[test]
fn hearing_too_far_in_the_past_is_refused_and_rebuild_matches() {
    let mut w = world(&new_case(
        "CJ88116",
        CustodyStatus::UnconditionalBail,
        "1990-01-01",
    ));
    let old = NewHearing {
        court_ou: "B01BE00".into(),
        hearing_date: "2026-10-01".into(),
        hearing_type: None,
        sitting_id: None,
        estimate_minutes: None,
    };
    let err = w
        .ctx_run(TODAY, |c, ctx| decide::list_hearing(c, &old, "", None, ctx))
        .unwrap_err();
    assert_eq!(err.code(), "hearing-in-the-past");
    let json = serde_json::to_value(&w.case).unwrap();
    let back: Case = serde_json::from_value(json).unwrap();
    assert_eq!(back, w.case);
}

#[test]
fn concluding_a_case_vacates_its_other_hearings_and_refuses_an_adjournment() {
    let mut w = world(&new_case(
        "TH68010",
        CustodyStatus::ConditionalBail,
        "1990-01-01",
    ));
    let (d, o, h) = (w.d(0).id, w.d(0).offences[0].id, w.first_hearing());
    // A later hearing was already listed (e.g. a trial date).
    let later = NewHearing {
        court_ou: "B01BE00".into(),
        hearing_date: "2027-01-15".into(),
        hearing_type: None,
        sitting_id: None,
        estimate_minutes: None,
    };
    let listed = w
        .ctx_run(TODAY, |c, ctx| {
            decide::list_hearing(c, &later, "", None, ctx)
        })
        .unwrap();
    w.apply_all(&[listed]);
    let mut ok = off(o);
    ok.indicated_plea = Some(IndicatedPlea::Guilty);
    ok.results = vec![ResultInput {
        amount_pence: Some(25_000),
        ..result("1015")
    }];
    let mut adjourned = one(d, Some(Attendance::InPerson), vec![ok.clone()]);
    adjourned.adjournment = Some(Adjournment {
        reason: "For reports".into(),
        next_hearing: later.clone(),
    });
    let err = w.outcome(h, TODAY, adjourned).unwrap_err();
    assert_eq!(err.code(), "invalid-input");
    let events = w
        .outcome(h, TODAY, one(d, Some(Attendance::InPerson), vec![ok]))
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CaseEvent::HearingVacated { .. }))
    );
    assert_eq!(w.case.status, CaseStatus::Concluded);
    assert!(
        w.case
            .hearings
            .iter()
            .all(|h| h.status != HearingStatus::Listed),
        "no hearing is left listed for a concluded case"
    );
}
