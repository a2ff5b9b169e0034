//! Moving hearings, trial outcomes and dates to avoid.

use jiff::civil::date;
use uuid::Uuid;

use super::commands::*;
use super::decide;
use super::listing_tests::{BELMARSH, TODAY, case, hearing, list, sitting};
use super::tests::World;
use super::*;
use crate::listing::{self, Session, SittingKind};

#[test]
fn a_hearing_moves_with_a_reason_to_another_sitting_or_date() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let (id, _) = list(&mut w, &hearing("2026-12-07", "TRIAL", Some(2))).unwrap();
    let mv = |sitting: Option<u128>, d: Option<&str>, reason: &str| MoveHearing {
        sitting_id: sitting.map(Uuid::from_u128),
        court_ou: None,
        hearing_date: d.map(str::to_string),
        estimate_minutes: None,
        reason: reason.into(),
    };
    let run = |w: &mut World, m: MoveHearing| {
        let r = w.ctx_run(TODAY, |c, ctx| decide::move_hearing(c, id, &m, ctx));
        if let Ok(e) = &r {
            w.apply_all(e);
        }
        r
    };
    assert_eq!(
        run(&mut w, mv(Some(3), None, " ")).unwrap_err().code(),
        "invalid-input"
    );
    assert_eq!(
        run(&mut w, mv(Some(2), None, "x")).unwrap_err().code(),
        "invalid-input"
    );
    assert_eq!(
        run(&mut w, mv(None, Some("2026-11-20"), "x"))
            .unwrap_err()
            .code(),
        "hearing-in-the-past"
    );
    run(
        &mut w,
        mv(Some(3), None, "Trial court needed for a custody case"),
    )
    .unwrap();
    let h = w.case.hearing(id).unwrap();
    assert_eq!(h.slot.as_ref().unwrap().courtroom, "Court 3");
    run(&mut w, mv(None, Some("2026-12-14"), "Witness unavailable")).unwrap();
    let h = w.case.hearing(id).unwrap();
    assert_eq!(
        (h.hearing_date, h.slot.is_none()),
        (date(2026, 12, 14), true)
    );
    let vacated = CaseEvent::HearingVacated {
        hearing_id: id,
        reason: "x".into(),
    };
    w.apply_all(&[vacated]);
    assert_eq!(
        run(&mut w, mv(None, Some("2026-12-15"), "x"))
            .unwrap_err()
            .code(),
        "hearing-not-listed"
    );
}

#[test]
fn a_trial_is_effective_cracked_or_ineffective_with_the_reason() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let (trial, _) = list(&mut w, &hearing("2026-11-27", "TRIAL", None)).unwrap();
    let (later, _) = list(&mut w, &hearing("2026-12-14", "TRIAL", None)).unwrap();
    let input = |kind, code, reason: Option<&str>| TrialOutcomeInput {
        kind,
        reason_code: code,
        reason: reason.map(str::to_string),
    };
    let run = |w: &mut World, h: Uuid, i: TrialOutcomeInput| {
        let r = w.ctx_run(TODAY, |c, ctx| decide::record_trial_outcome(c, h, &i, ctx));
        if let Ok(e) = &r {
            w.apply_all(e);
        }
        r.map(|_| ())
    };
    use TrialOutcomeKind::*;
    let first = w.first_hearing();
    assert_eq!(
        run(&mut w, first, input(Effective, None, None))
            .unwrap_err()
            .code(),
        "not-a-trial"
    );
    assert_eq!(
        run(&mut w, later, input(Effective, None, None))
            .unwrap_err()
            .code(),
        "hearing-in-the-future"
    );
    assert_eq!(
        run(&mut w, trial, input(Ineffective, None, Some(" ")))
            .unwrap_err()
            .code(),
        "invalid-input"
    );
    let wrong = input(Ineffective, Some(TrialReason::GuiltyPlea), None);
    assert_eq!(
        run(&mut w, trial, wrong).unwrap_err().code(),
        "invalid-input"
    );
    let why = input(
        Ineffective,
        Some(TrialReason::DefenceNotReady),
        Some("Expert report late"),
    );
    run(&mut w, trial, why).unwrap();
    let outcome = w
        .case
        .hearing(trial)
        .unwrap()
        .trial_outcome
        .clone()
        .unwrap();
    assert_eq!(outcome.reason, "Defence not ready: Expert report late");
    assert_eq!(outcome.reason_code, Some(TrialReason::DefenceNotReady));
    assert_eq!(
        run(&mut w, trial, input(Cracked, None, Some("x")))
            .unwrap_err()
            .code(),
        "trial-outcome-recorded"
    );
}

#[test]
fn dates_to_avoid_are_noted_and_no_sitting_is_proposed_on_them() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let d = w.d(0).id;
    let note = |party, defendant: Option<Uuid>, from: &str, to: &str| NewDatesToAvoid {
        party,
        defendant_id: defendant,
        from: from.into(),
        to: to.into(),
        reason: "Hospital appointment".into(),
    };
    let bad = note(
        AvoidParty::ProsecutionAdvocate,
        Some(d),
        "2026-12-08",
        "2026-12-07",
    );
    let Err(DomainError::Invalid(e)) =
        w.ctx_run(TODAY, |c, ctx| decide::note_dates_to_avoid(c, &bad, ctx))
    else {
        panic!("invalid")
    };
    assert_eq!(
        e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["defendant_id", "to"]
    );
    let ok = note(
        AvoidParty::DefenceAdvocate,
        Some(d),
        "2026-12-07",
        "2026-12-07",
    );
    let ev = w
        .ctx_run(TODAY, |c, ctx| decide::note_dates_to_avoid(c, &ok, ctx))
        .unwrap();
    assert_eq!(ev[0].defendant_id(), Some(d));
    w.apply_all(&ev);
    w.sittings.push(sitting(
        7,
        BELMARSH,
        date(2026, 12, 9),
        Session::AllDay,
        SittingKind::Trial,
        true,
    ));
    let req = listing::case::request(&w.case, "TRIAL", 180, None, TODAY);
    assert!(req.unavailable[0].who.starts_with("the advocate for Zoë"));
    let proposals = listing::propose(
        &req,
        &w.sittings,
        &listing::case::bookings(&w.case, None),
        TODAY,
    );
    let ids: Vec<u128> = proposals.iter().map(|p| p.sitting_id.as_u128()).collect();
    assert_eq!(
        ids,
        [7],
        "not the trial court on the advocate's day, nor another court's sitting"
    );
}
