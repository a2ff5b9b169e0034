//! Listing decisions on a case: into a sitting, double-booking, moving, trial outcomes,
//! deadlines, dates to avoid, and old events still applying.

use jiff::civil::{Date, date};
use uuid::Uuid;

use super::commands::*;
use super::decide;
use super::tests::{World, new_case, world};
use super::*;
use crate::ids::OuCode;
use crate::listing::{self, Capacity, Courtroom, Placement, Session, Sitting, SittingKind};

pub(super) const TODAY: Date = date(2026, 11, 27);
pub(super) const BELMARSH: &str = "B01BE00";

pub(super) fn sitting(
    n: u128,
    ou: &str,
    d: Date,
    session: Session,
    kind: SittingKind,
    dock: bool,
) -> Placement {
    let court_ou = OuCode::parse(ou).unwrap();
    let courtroom = Courtroom {
        id: Uuid::from_u128(100 + n),
        court_ou: court_ou.clone(),
        name: format!("Court {n}"),
        youth_suitable: kind == SittingKind::Youth,
        secure_dock: dock,
    };
    Placement {
        sitting: Sitting {
            id: Uuid::from_u128(n),
            court_ou,
            courtroom_id: courtroom.id,
            date: d,
            start_time: session.default_start().into(),
            session,
            kind,
            judiciary: vec![],
            capacity: Capacity::Minutes(300),
            pattern_id: None,
        },
        courtroom,
        load: Default::default(),
    }
}

fn estate() -> Vec<Placement> {
    use Session::*;
    use SittingKind::*;
    let mut remand = sitting(1, BELMARSH, date(2026, 11, 30), Morning, Remand, true);
    remand.sitting.capacity = Capacity::Cases(2);
    remand.load.cases = 2;
    vec![
        remand,
        sitting(2, BELMARSH, date(2026, 12, 7), AllDay, Trial, true),
        sitting(3, BELMARSH, date(2026, 12, 7), Afternoon, Mixed, false),
        sitting(4, BELMARSH, date(2026, 12, 8), Morning, Youth, true),
        sitting(5, "B43AQ00", date(2026, 12, 7), Morning, Mixed, true),
    ]
}

pub(super) fn case(code: &str, custody: CustodyStatus) -> World {
    let mut w = world(&new_case(code, custody, "1990-01-01"));
    w.sittings = estate();
    w
}

pub(super) fn hearing(d: &str, kind: &str, sitting: Option<u128>) -> NewHearing {
    NewHearing {
        court_ou: BELMARSH.into(),
        hearing_date: d.into(),
        hearing_type: Some(kind.into()),
        sitting_id: sitting.map(Uuid::from_u128),
        estimate_minutes: None,
    }
}

/// List `h`; on success apply it and return the new hearing's id and the warnings.
pub(super) fn list(w: &mut World, h: &NewHearing) -> DomainResult<(Uuid, Vec<String>)> {
    let (r, warnings) = w.ctx_run(TODAY, |c, ctx| {
        (
            decide::list_hearing(c, h, "", None, ctx),
            ctx.warnings.clone(),
        )
    });
    let e = r?;
    w.apply_all(std::slice::from_ref(&e));
    Ok((w.case.hearings.last().unwrap().id, warnings))
}

#[test]
fn a_hearing_listed_into_a_sitting_takes_its_room_time_and_an_estimate() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let (id, warnings) = list(&mut w, &hearing("2026-12-07", "TRIAL", Some(2))).unwrap();
    assert!(warnings.is_empty());
    let slot = w.case.hearing(id).unwrap().slot.clone().unwrap();
    assert_eq!(slot.courtroom, "Court 2");
    assert_eq!(
        (slot.start_time.as_str(), slot.end_time.as_deref()),
        ("10:00", Some("16:30"))
    );
    assert_eq!(slot.estimate_minutes, Some(180));
    // The afternoon sitting overlaps the all-day trial: the defendant would be in two places.
    let err = list(&mut w, &hearing("2026-12-07", "MNTN", Some(3))).unwrap_err();
    assert_eq!(err.code(), "double-booked");
    // The first hearing today has no time: it keeps the defendant all day.
    w.sittings.push(sitting(
        6,
        BELMARSH,
        TODAY,
        Session::Afternoon,
        SittingKind::Mixed,
        true,
    ));
    let err = list(&mut w, &hearing("2026-11-27", "MNTN", Some(6))).unwrap_err();
    assert_eq!(err.code(), "double-booked");
}

#[test]
fn the_same_person_in_another_case_cannot_be_listed_across_it_but_may_be_heard_with_it() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let other = |sitting: u128, session: Session| listing::BookedElsewhere {
        pnc_id: "2004/0046583U".into(),
        case_id: Uuid::from_u128(900),
        hearing_id: Uuid::from_u128(901),
        court_ou: BELMARSH.into(),
        court_name: "Belmarsh".into(),
        date: date(2026, 12, 7),
        sitting: Some((
            Uuid::from_u128(sitting),
            session.default_start().into(),
            session,
        )),
    };
    // Already in the afternoon sitting in another case: the all-day trial sitting would clash.
    w.elsewhere = vec![other(3, Session::Afternoon)];
    let err = list(&mut w, &hearing("2026-12-07", "TRIAL", Some(2))).unwrap_err();
    assert_eq!(err.code(), "double-booked");
    assert!(err.to_string().contains("2004/0046583U"), "{err}");
    assert!(w.case.hearings.len() == 1, "nothing listed");
    // In that same afternoon sitting the two cases are heard together.
    list(&mut w, &hearing("2026-12-07", "MNTN", Some(3))).unwrap();
    // Moving the trial elsewhere is checked the same way.
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let (id, _) = list(&mut w, &hearing("2026-12-07", "MNTN", Some(3))).unwrap();
    w.elsewhere = vec![other(2, Session::AllDay)];
    let moved = w.ctx_run(TODAY, |c, ctx| {
        decide::move_hearing(
            c,
            id,
            &MoveHearing {
                sitting_id: Some(Uuid::from_u128(5)),
                court_ou: Some("B43AQ00".into()),
                hearing_date: None,
                estimate_minutes: None,
                reason: "Room change".into(),
            },
            ctx,
        )
    });
    assert_eq!(moved.unwrap_err().code(), "double-booked");
}

#[test]
fn the_sitting_must_be_of_that_court_and_date_and_suit_the_hearing() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let field = |r: DomainResult<(Uuid, Vec<String>)>| match r {
        Err(DomainError::Invalid(e)) => e[0].field.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(list(&mut w, &hearing("2026-12-07", "MNTN", Some(5)))),
        "sitting_id"
    );
    assert_eq!(
        field(list(&mut w, &hearing("2026-12-08", "MNTN", Some(3)))),
        "hearing_date"
    );
    assert_eq!(
        field(list(&mut w, &hearing("2026-12-07", "MNTN", Some(99)))),
        "sitting_id"
    );
    let mut estimate = hearing("2026-12-07", "MNTN", None);
    estimate.estimate_minutes = Some(30);
    assert_eq!(field(list(&mut w, &estimate)), "estimate_minutes");
    // A bail case's first appearance is not for the remand court, an adult is not heard in the
    // youth court, and a trial needs a trial court.
    for (kind, d, s) in [
        ("FH", "2026-11-30", 1),
        ("MNTN", "2026-12-08", 4),
        ("TRIAL", "2026-11-30", 1),
    ] {
        let err = list(&mut w, &hearing(d, kind, Some(s))).unwrap_err();
        assert_eq!(err.code(), "sitting-unsuitable", "{kind}");
    }
    assert_eq!(w.case.hearings.len(), 1, "nothing listed");
}

#[test]
fn a_custody_case_may_over_list_the_remand_court_with_a_warning() {
    let mut w = case("CJ88116", CustodyStatus::InCustody);
    let (_, warnings) = list(&mut w, &hearing("2026-11-30", "FH", Some(1))).unwrap();
    assert_eq!(warnings, ["over-listed by 1 case"]);
    // Its room has no secure dock: not for a defendant in custody.
    let err = list(&mut w, &hearing("2026-12-07", "MNTN", Some(3))).unwrap_err();
    assert_eq!(err.code(), "sitting-unsuitable");
}

#[test]
fn deadlines_come_from_the_custody_time_limit_sending_and_first_appearance() {
    let mut w = case("CJ88116", CustodyStatus::InCustody);
    let due = |w: &World, t: &str| -> Vec<(String, Date)> {
        listing::case::deadlines(&w.case, t, TODAY)
            .into_iter()
            .map(|d| (d.rule, d.date))
            .collect()
    };
    assert_eq!(
        due(&w, "TRIAL"),
        [("custody-time-limit".to_string(), date(2027, 1, 22))]
    );
    assert_eq!(
        due(&w, "FH"),
        [(
            "first-appearance-in-custody".to_string(),
            date(2026, 11, 30)
        )]
    );
    assert!(due(&w, "MNTN").is_empty());
    let d = w.d(0).clone();
    w.apply_all(&[CaseEvent::SentToCrownCourt {
        hearing_id: w.first_hearing(),
        defendant_id: d.id,
        offence_ids: vec![d.offences[0].id],
        crown_court_ou: OuCode::parse("C01BL00").unwrap(),
        case_number: None,
        date: TODAY,
    }]);
    assert_eq!(w.case.sent_on, Some(TODAY));
    assert_eq!(
        due(&w, "PDH"),
        [("ptph-28-days".to_string(), date(2026, 12, 25))]
    );
}

#[test]
fn a_stored_hearing_listed_event_from_before_sittings_still_applies_unchanged() {
    let mut w = case("TH68010", CustodyStatus::ConditionalBail);
    let old = serde_json::json!({"type": "hearing_listed", "hearing_id": "00000000-0000-0000-0000-0000000000aa",
        "court_ou": BELMARSH, "court_name": "Belmarsh Magistrates' Court", "hearing_date": "2026-12-01",
        "hearing_type": "FH", "adjournment_reason": null});
    let e: CaseEvent = serde_json::from_value(old.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        old,
        "re-serialised exactly as stored"
    );
    w.apply_all(&[e]);
    let h = w.case.hearings.last().unwrap();
    assert_eq!((h.slot.is_none(), h.trial_outcome.is_none()), (true, true));
    // A stored case state from before listing (no sent_on, no dates to avoid) still reads.
    let mut state = serde_json::to_value(&w.case).unwrap();
    state.as_object_mut().unwrap().remove("sent_on");
    state.as_object_mut().unwrap().remove("dates_to_avoid");
    let back: Case = serde_json::from_value(state).unwrap();
    assert_eq!(back, w.case);
}
