//! Warned lists: putting a Crown Court trial in a warned list, carrying it over, fixing it by a
//! move, and old events still reading.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use uuid::Uuid;

use super::commands::*;
use super::decide;
use super::listing_tests::{TODAY, case, sitting};
use super::tests::World;
use super::*;
use crate::listing::{Session, SittingKind};

const CROWN: &str = "C01BL00";

fn crown_trial(w: &mut World, d: &str) -> Uuid {
    let h = NewHearing {
        court_ou: CROWN.into(),
        hearing_date: d.into(),
        hearing_type: Some("TRIAL".into()),
        sitting_id: None,
        estimate_minutes: None,
    };
    let e = w
        .ctx_run(TODAY, |c, ctx| decide::list_hearing(c, &h, "", None, ctx))
        .unwrap();
    w.apply_all(&[e]);
    w.case.hearings.last().unwrap().id
}

fn warn_input(from: &str, to: &str, reason: &str) -> WarnTrial {
    WarnTrial {
        from: from.into(),
        to: to.into(),
        reason: reason.into(),
    }
}

/// Warn; on success apply the events. Gives the warnings.
fn warn(w: &mut World, id: Uuid, i: WarnTrial) -> DomainResult<Vec<String>> {
    let (r, warnings) = w.ctx_run(TODAY, |c, ctx| {
        (decide::warn_trial(c, id, &i, ctx), ctx.warnings.clone())
    });
    w.apply_all(&r?);
    Ok(warnings)
}

fn fields(e: DomainError) -> Vec<String> {
    match e {
        DomainError::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn a_crown_court_trial_is_warned_for_a_period_and_carried_over() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let id = crown_trial(&mut w, "2026-12-07");
    let warnings = warn(
        &mut w,
        id,
        warn_input("2026-12-07", "2026-12-11", "Warned list"),
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let h = w.case.hearing(id).unwrap();
    let period = WarnedPeriod {
        from: date(2026, 12, 7),
        to: date(2026, 12, 11),
    };
    assert_eq!(
        (h.warned, h.hearing_date, h.slot.is_none()),
        (Some(period), period.from, true)
    );
    // Not reached: carried over into the next warned list.
    warn(
        &mut w,
        id,
        warn_input("2026-12-14", "2026-12-25", "Not reached"),
    )
    .unwrap();
    let h = w.case.hearing(id).unwrap();
    assert_eq!(h.warned.unwrap().to, date(2026, 12, 25));
    assert_eq!(h.hearing_date, date(2026, 12, 14));
    // The same period again changes nothing, so it is refused.
    let again = warn(&mut w, id, warn_input("2026-12-14", "2026-12-25", "x")).unwrap_err();
    assert_eq!(fields(again), ["from"]);
}

#[test]
fn every_field_problem_is_reported_at_once() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let id = crown_trial(&mut w, "2026-12-07");
    let e = warn(&mut w, id, warn_input("7/12/2026", "soon", " ")).unwrap_err();
    assert_eq!(fields(e), ["from", "to", "reason"]);
    let e = warn(&mut w, id, warn_input("2026-11-26", "2026-11-25", "x")).unwrap_err();
    assert_eq!(
        fields(e),
        ["from", "to"],
        "in the past, and ends before it starts"
    );
    let e = warn(&mut w, id, warn_input("2026-12-07", "2027-01-04", "x")).unwrap_err();
    assert_eq!(fields(e), ["to"], "29 days is too long");
    // 28 days counting both ends, starting today, is accepted.
    warn(&mut w, id, warn_input("2026-11-27", "2026-12-24", "x")).unwrap();
}

#[test]
fn only_a_listed_crown_court_trial_of_a_live_case_is_warned() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let i = || warn_input("2026-12-07", "2026-12-11", "Warned list");
    let first = w.first_hearing();
    assert_eq!(warn(&mut w, first, i()).unwrap_err().code(), "not-a-trial");
    let e = warn(&mut w, Uuid::from_u128(999), i()).unwrap_err();
    assert_eq!(e.code(), "not-found");
    let (magistrates, _) = super::listing_tests::list(
        &mut w,
        &super::listing_tests::hearing("2026-12-07", "TRIAL", None),
    )
    .unwrap();
    let e = warn(&mut w, magistrates, i()).unwrap_err();
    assert_eq!(e.code(), "not-crown-court");
    let id = crown_trial(&mut w, "2026-12-07");
    w.apply_all(&[CaseEvent::HearingVacated {
        hearing_id: id,
        reason: "x".into(),
    }]);
    assert_eq!(
        warn(&mut w, id, i()).unwrap_err().code(),
        "hearing-not-listed"
    );
    let id = crown_trial(&mut w, "2026-12-08");
    w.apply_all(&[CaseEvent::CaseConcluded { date: TODAY }]);
    assert_eq!(warn(&mut w, id, i()).unwrap_err().code(), "case-concluded");
}

#[test]
fn a_period_past_the_custody_time_limit_or_over_dates_to_avoid_is_accepted_with_warnings() {
    let mut w = case("TH68010", CustodyStatus::InCustody);
    let id = crown_trial(&mut w, "2026-12-07");
    let expiry: Date = crate::listing::case::deadlines(&w.case, "TRIAL", TODAY)
        .iter()
        .find(|d| d.rule == "custody-time-limit")
        .expect("a defendant in custody has a running custody time limit")
        .date;
    let from = (expiry - 2.days()).to_string();
    let to = (expiry + 2.days()).to_string();
    let warnings = warn(&mut w, id, warn_input(&from, &to, "Warned list")).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("custody time limit"), "{warnings:?}");
    w.apply_all(&[CaseEvent::DatesToAvoidNoted {
        entry: DatesToAvoid {
            id: Uuid::from_u128(77),
            party: AvoidParty::ProsecutionAdvocate,
            defendant_id: None,
            from: date(2026, 12, 10),
            to: date(2026, 12, 18),
            reason: "In another trial".into(),
        },
    }]);
    let warnings = warn(&mut w, id, warn_input("2026-12-07", "2026-12-11", "x")).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("prosecution advocate"), "{warnings:?}");
}

#[test]
fn moving_a_warned_trial_fixes_it_with_a_warning_outside_the_period() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    use Session::AllDay;
    use SittingKind::Trial;
    w.sittings
        .push(sitting(20, CROWN, date(2026, 12, 9), AllDay, Trial, true));
    w.sittings
        .push(sitting(21, CROWN, date(2026, 12, 16), AllDay, Trial, true));
    let id = crown_trial(&mut w, "2026-12-07");
    warn(
        &mut w,
        id,
        warn_input("2026-12-07", "2026-12-11", "Warned list"),
    )
    .unwrap();
    let mv = |n: u128| MoveHearing {
        sitting_id: Some(Uuid::from_u128(n)),
        court_ou: None,
        hearing_date: None,
        estimate_minutes: None,
        reason: "Called in from the warned list".into(),
    };
    let (r, warnings) = w.ctx_run(TODAY, |c, ctx| {
        (
            decide::move_hearing(c, id, &mv(20), ctx),
            ctx.warnings.clone(),
        )
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    w.apply_all(&r.unwrap());
    let h = w.case.hearing(id).unwrap();
    assert_eq!((h.warned, h.hearing_date), (None, date(2026, 12, 9)));
    assert_eq!(h.slot.as_ref().unwrap().sitting_id, Uuid::from_u128(20));
    // Warned again, then fixed for a day after the period: accepted, with a warning.
    warn(
        &mut w,
        id,
        warn_input("2026-12-07", "2026-12-11", "Back in the list"),
    )
    .unwrap();
    let (r, warnings) = w.ctx_run(TODAY, |c, ctx| {
        (
            decide::move_hearing(c, id, &mv(21), ctx),
            ctx.warnings.clone(),
        )
    });
    w.apply_all(&r.unwrap());
    assert!(
        warnings
            .iter()
            .any(|m| m.contains("outside its warned period")),
        "{warnings:?}"
    );
    assert_eq!(w.case.hearing(id).unwrap().warned, None);
}

#[test]
fn old_events_and_states_without_a_warned_period_still_read() {
    let old = serde_json::json!({"type": "hearing_listed", "hearing_id": "00000000-0000-0000-0000-0000000000aa",
        "court_ou": CROWN, "court_name": "Blackfriars Crown Court", "hearing_date": "2026-12-01",
        "hearing_type": "TRIAL", "adjournment_reason": null});
    let e: CaseEvent = serde_json::from_value(old.clone()).unwrap();
    assert_eq!(serde_json::to_value(&e).unwrap(), old);
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    w.apply_all(&[e]);
    assert_eq!(w.case.hearings.last().unwrap().warned, None);
    let state = serde_json::to_value(&w.case).unwrap();
    assert!(
        !state.to_string().contains("warned"),
        "not written when absent"
    );
    let back: Case = serde_json::from_value(state).unwrap();
    assert_eq!(back, w.case);
    let warned = CaseEvent::TrialWarned {
        hearing_id: Uuid::from_u128(0xaa),
        from: date(2026, 12, 7),
        to: date(2026, 12, 11),
        reason: "Warned list".into(),
    };
    assert_eq!(warned.type_name(), "trial_warned");
    assert_eq!(
        serde_json::to_value(&warned).unwrap()["type"],
        "trial_warned"
    );
}
