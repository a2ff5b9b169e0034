//! Tests of proposals: ordering, custody first, deadlines, unavailability and double-booking.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use uuid::Uuid;

use super::tests::placement;
use super::*;

const TODAY: Date = date(2026, 11, 27);

fn day(n: i64) -> Date {
    TODAY.checked_add(n.days()).unwrap()
}

fn request(hearing_type: &str, in_custody: bool) -> ProposalRequest {
    ProposalRequest {
        hearing_type: hearing_type.into(),
        needs: Needs {
            youth: false,
            in_custody,
        },
        estimate_minutes: 30,
        unavailable: vec![],
        deadlines: vec![],
        current_sitting: None,
        elsewhere: vec![],
    }
}

fn full() -> SittingLoad {
    SittingLoad {
        cases: 20,
        minutes: 300,
    }
}

fn ids(p: &[Proposal]) -> Vec<u128> {
    p.iter().map(|p| p.sitting_id.as_u128() - 1000).collect()
}

fn sittings() -> Vec<Placement> {
    use SittingKind::*;
    vec![
        placement(
            4,
            day(4),
            Mixed,
            Capacity::Minutes(300),
            SittingLoad::default(),
        ),
        placement(
            1,
            day(-1),
            Mixed,
            Capacity::Minutes(300),
            SittingLoad::default(),
        ),
        placement(2, day(1), Mixed, Capacity::Minutes(300), full()),
        placement(
            3,
            day(3),
            Trial,
            Capacity::Minutes(300),
            SittingLoad::default(),
        ),
        placement(
            5,
            day(6),
            Remand,
            Capacity::Cases(20),
            SittingLoad::default(),
        ),
    ]
}

#[test]
fn earliest_suitable_first_and_a_full_sitting_is_proposed_with_its_warning() {
    let p = propose(&request("TRIAL", true), &sittings(), &[], TODAY);
    // Past (1) and remand (5) sittings are not proposed; custody takes the earliest, full or not.
    assert_eq!(ids(&p), [2, 3, 4]);
    assert_eq!(p[0].warnings, ["over-listed by 30 minutes"]);
    assert!(p[1].warnings.is_empty());
}

#[test]
fn a_case_on_bail_is_offered_sittings_with_room_before_full_ones() {
    let p = propose(&request("TRIAL", false), &sittings(), &[], TODAY);
    assert_eq!(ids(&p), [3, 4, 2]);
    let p = propose(&request("MNTN", false), &sittings(), &[], TODAY);
    assert_eq!(
        ids(&p),
        [4, 2],
        "case management: not in the trial or remand court"
    );
}

#[test]
fn nothing_after_a_deadline_nor_on_a_day_someone_cannot_attend() {
    let mut req = request("TRIAL", true);
    req.deadlines.push(Deadline {
        date: day(3),
        rule: "custody-time-limit".into(),
        reason: "CTL".into(),
    });
    assert_eq!(ids(&propose(&req, &sittings(), &[], TODAY)), [2, 3]);
    req.unavailable.push(Unavailable {
        from: day(2),
        to: day(3),
        who: "defence advocate".into(),
    });
    assert_eq!(ids(&propose(&req, &sittings(), &[], TODAY)), [2]);
    req.current_sitting = Some(Uuid::from_u128(1002));
    assert!(propose(&req, &sittings(), &[], TODAY).is_empty());
}

#[test]
fn a_sitting_that_overlaps_another_hearing_of_the_defendants_is_not_proposed() {
    let afternoon = Booking {
        hearing_id: Uuid::from_u128(1),
        window: Window::new(day(3), "14:00", "16:30"),
    };
    let morning = Booking {
        hearing_id: Uuid::from_u128(2),
        window: Window::new(day(4), "12:00", "13:00"),
    };
    let p = propose(
        &request("TRIAL", false),
        &sittings(),
        &[afternoon, morning],
        TODAY,
    );
    assert_eq!(ids(&p), [3, 2]);
    let whole_day = Booking {
        hearing_id: Uuid::from_u128(3),
        window: Window::whole_day(day(3)),
    };
    let p = propose(&request("TRIAL", false), &sittings(), &[whole_day], TODAY);
    assert_eq!(ids(&p), [4, 2]);
}

#[test]
fn a_sitting_that_clashes_with_the_same_persons_other_case_is_not_proposed() {
    let all = sittings();
    let fourth = all.iter().find(|p| p.sitting.id.as_u128() == 1004).unwrap();
    let other_case = |sitting: Option<Uuid>, court: &str| BookedElsewhere {
        pnc_id: "2004/0046583U".into(),
        case_id: Uuid::from_u128(77),
        hearing_id: Uuid::from_u128(78),
        court_ou: court.into(),
        court_name: "Elsewhere".into(),
        date: day(4),
        sitting: sitting.map(|id| (id, "10:00".to_string(), Session::AllDay)),
    };
    let mut req = request("TRIAL", false);
    // At another court all that day: the day's sitting here is not offered.
    req.elsewhere = vec![other_case(None, "C01ZZ00")];
    assert_eq!(ids(&propose(&req, &all, &[], TODAY)), [3, 2]);
    // In that very sitting with the other case: offered, to be heard together.
    req.elsewhere = vec![other_case(
        Some(fourth.sitting.id),
        fourth.sitting.court_ou.as_str(),
    )];
    assert_eq!(ids(&propose(&req, &all, &[], TODAY)), [3, 4, 2]);
}

#[test]
fn placement_warnings_name_the_missed_deadline() {
    let p = placement(1, day(10), SittingKind::Trial, Capacity::Cases(1), full());
    let deadline = Deadline {
        date: day(5),
        rule: "custody-time-limit".into(),
        reason: "the custody time limit expires".into(),
    };
    let w = placement_warnings(&p, 180, &[deadline]);
    assert_eq!(w.len(), 2);
    assert!(w[0].starts_with("over-listed by 20 cases"));
    assert!(w[1].contains("after the deadline of 2026-12-02"));
}

proptest! {
    /// Whatever the calendar, proposals are candidates that suit the hearing, none after the
    /// deadline or before today, each once; a custody case's come in date order.
    #[test]
    fn proposals_respect_the_deadline_and_come_in_date_order(
        spec in prop::collection::vec((-5i64..40, 0usize..6, 0u32..30), 0..25),
        deadline in 0i64..40, custody in any::<bool>(),
    ) {
        let kinds = SittingKind::ALL;
        let candidates: Vec<Placement> = spec.iter().enumerate().map(|(i, (d, k, cases))| {
            placement(i as u128 + 1, day(*d), kinds[*k], Capacity::Cases(20),
                      SittingLoad { cases: *cases, minutes: 0 })
        }).collect();
        let mut req = request("TRIAL", custody);
        req.deadlines.push(Deadline { date: day(deadline), rule: "x".into(), reason: "x".into() });
        let out = propose(&req, &candidates, &[], TODAY);
        let mut seen = std::collections::HashSet::new();
        for p in &out {
            prop_assert!(seen.insert(p.sitting_id));
            prop_assert!(p.date >= TODAY && p.date <= day(deadline));
            prop_assert!(matches!(p.kind, SittingKind::Trial | SittingKind::Mixed));
            prop_assert_eq!(p.warnings.is_empty(), p.load.cases < 20);
        }
        if custody {
            prop_assert!(out.windows(2).all(|w| w[0].date <= w[1].date));
        } else {
            let first_full = out.iter().position(|p| !p.warnings.is_empty()).unwrap_or(out.len());
            prop_assert!(out[first_full..].iter().all(|p| !p.warnings.is_empty()));
        }
        let expected = candidates.iter().filter(|c| {
            c.sitting.date >= TODAY && c.sitting.date <= day(deadline)
                && matches!(c.sitting.kind, SittingKind::Trial | SittingKind::Mixed)
        }).count();
        prop_assert_eq!(out.len(), expected);
    }
}
