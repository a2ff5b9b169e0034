//! What happens at each generated hearing, as the `HearingOutcome` a legal adviser or court
//! associate would record: pleas, allocation, sending, verdicts, sentences and adjournments.
//! The domain checks each one as it checks a clerk's; a generated case that breaks a rule stops
//! there (and is counted), it is never forced through.

use assize_domain::case::commands::*;
use assize_domain::case::{
    AllocationDecision, Attendance, Case, CustodyStatus, Defendant, DurationUnit, IndicatedPlea,
    PleaValue, ResultDuration, VerdictValue,
};
use assize_domain::refdata::ModeOfTrial;

use super::shape::{Class, Rng};

/// One hearing's business in a generated case's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Adjourned without any decision (not ready, no interpreter, defence request).
    Adjourn,
    /// Guilty plea (or indication), adjourned for sentence.
    PleadGuilty,
    /// Not guilty plea (after allocation to summary trial when either-way), adjourned for trial.
    PleadNotGuilty,
    /// Trial: a verdict on every offence; adjourned for sentence when guilty.
    Trial { guilty: bool },
    /// Sent to the Crown Court (either-way after allocation, or indictable only), on bail or in
    /// custody, to a plea and trial preparation hearing.
    Send { custody: bool },
    /// Arraignment at the Crown Court: guilty pleas (adjourned for sentence) or not guilty
    /// (adjourned for trial).
    Arraign { guilty: bool },
    /// Sentence on every offence: the case is concluded.
    Sentence,
    /// Withdrawn by the prosecution: the case is concluded.
    Withdraw,
}

impl Step {
    /// Whether the step ends with the case adjourned to another hearing.
    pub fn adjourns(self) -> bool {
        !matches!(
            self,
            Step::Sentence | Step::Withdraw | Step::Trial { guilty: false }
        )
    }

    /// The reason and the CJS hearing type of the next hearing.
    fn next(self) -> (&'static str, &'static str) {
        match self {
            Step::Adjourn => ("Adjourned: the case is not ready to proceed", "FH"),
            Step::PleadGuilty | Step::Trial { guilty: true } | Step::Arraign { guilty: true } => {
                ("For sentence, with a pre-sentence report", "SWPSR")
            }
            Step::PleadNotGuilty | Step::Arraign { guilty: false } => ("For trial", "TRIAL"),
            Step::Send { .. } => (
                "Sent to the Crown Court: plea and trial preparation hearing",
                "PDH",
            ),
            _ => ("", "FH"),
        }
    }
}

/// The path a case of `class` takes through its hearings (assumed shares, see `shape`).
pub fn path(rng: &mut Rng, class: Class) -> Vec<Step> {
    let mut steps = vec![Step::Adjourn; rng.weighted(&[(65, 0), (25, 1), (10, 2)])];
    let trial = |rng: &mut Rng| Step::Trial {
        guilty: rng.chance(70),
    };
    let crown = |rng: &mut Rng, steps: &mut Vec<Step>| {
        steps.push(Step::Send {
            custody: rng.chance(30),
        });
        if rng.chance(65) {
            steps.extend([Step::Arraign { guilty: true }, Step::Sentence]);
        } else {
            steps.extend([Step::Arraign { guilty: false }, trial(rng), Step::Sentence]);
        }
    };
    let route = rng.below(100);
    let summary = matches!(class, Class::SummaryMotoring | Class::SummaryOther);
    match class {
        Class::Indictable => crown(rng, &mut steps),
        Class::EitherWay if route < 25 => crown(rng, &mut steps),
        Class::EitherWay if route < 30 => steps.extend([Step::PleadNotGuilty, Step::Withdraw]),
        _ if summary && route < 8 => steps.extend([Step::PleadNotGuilty, Step::Withdraw]),
        _ if route < 75 => steps.extend([Step::PleadGuilty, Step::Sentence]),
        _ => steps.extend([Step::PleadNotGuilty, trial(rng), Step::Sentence]),
    }
    // A not guilty verdict ends the case: nothing is left to sentence.
    if let Some(i) = steps
        .iter()
        .position(|s| *s == Step::Trial { guilty: false })
    {
        steps.truncate(i + 1);
    }
    steps
}

fn offence_outcome(
    step: Step,
    o: &assize_domain::case::Offence,
    class: Class,
    rng: &mut Rng,
    first: bool,
) -> OffenceOutcome {
    let either_way = o.mode_of_trial == ModeOfTrial::EitherWay;
    let mut out = OffenceOutcome {
        offence_id: o.id,
        indicated_plea: None,
        plea: None,
        allocation: None,
        verdict: None,
        withdrawal: None,
        results: vec![],
    };
    match step {
        Step::PleadGuilty if either_way => out.indicated_plea = Some(IndicatedPlea::Guilty),
        Step::PleadGuilty => out.plea = Some(PleaValue::Guilty),
        Step::PleadNotGuilty => {
            if either_way {
                out.indicated_plea = Some(IndicatedPlea::NotGuilty);
                out.allocation = Some(AllocationDecision::SummaryTrial);
            }
            out.plea = Some(PleaValue::NotGuilty);
        }
        Step::Send { .. } if either_way => {
            out.indicated_plea = Some(IndicatedPlea::NotGuilty);
            out.allocation = Some(if rng.chance(60) {
                AllocationDecision::DefendantElectsCrownCourt
            } else {
                AllocationDecision::SentForTrial
            });
        }
        Step::Arraign { guilty } => {
            out.plea = Some(if guilty {
                PleaValue::Guilty
            } else {
                PleaValue::NotGuilty
            })
        }
        Step::Trial { guilty } => {
            out.verdict = Some(if guilty {
                VerdictValue::Guilty
            } else {
                VerdictValue::NotGuilty
            })
        }
        Step::Withdraw => out.withdrawal = Some(Withdrawal::Withdrawn),
        Step::Sentence => out.results = sentence(rng, class, o, first),
        _ => {}
    }
    out
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

fn with_duration(code: &str, value: u64, unit: DurationUnit) -> ResultInput {
    ResultInput {
        duration: Some(ResultDuration {
            value: value as u32,
            unit,
        }),
        ..result(code)
    }
}

fn fine(rng: &mut Rng) -> ResultInput {
    ResultInput {
        amount_pence: Some(5_000 * (1 + rng.below(60) as i64)),
        ..result("1015")
    }
}

/// The sentence on one offence: the main one on the first offence (by class and court), "no
/// separate penalty" on the others, with costs sometimes.
fn sentence(
    rng: &mut Rng,
    class: Class,
    o: &assize_domain::case::Offence,
    first: bool,
) -> Vec<ResultInput> {
    if !first {
        return vec![result("1057")];
    }
    let crown = o.venue == assize_domain::case::Venue::CrownCourt;
    let roll = rng.below(100);
    let main = match (class, crown) {
        (_, true) if roll < 60 => with_duration("1002", 6 + rng.below(115), DurationUnit::Months),
        (_, true) if roll < 85 => with_duration("1115", 6 + rng.below(18), DurationUnit::Months),
        (Class::SummaryMotoring, false) => fine(rng),
        (Class::EitherWay, false) if roll < 10 => {
            with_duration("1002", 4 + rng.below(22), DurationUnit::Weeks)
        }
        (Class::EitherWay, false) if roll < 25 => {
            with_duration("1115", 12 + rng.below(14), DurationUnit::Weeks)
        }
        (_, _) if roll < 55 => fine(rng),
        (_, _) if roll < 85 => with_duration("1116", 6 + rng.below(18), DurationUnit::Months),
        _ => result("1018"),
    };
    // Ancillary orders first: the final result finalises the offence, and nothing can be
    // recorded on it after that.
    let mut out = Vec::new();
    if class == Class::SummaryMotoring && rng.chance(50) {
        out.push(ResultInput {
            penalty_points: Some(3 + rng.below(4) as u32),
            ..result("3008")
        });
    }
    if rng.chance(60) {
        out.push(ResultInput {
            amount_pence: Some(8_500 + 1_000 * rng.below(50) as i64),
            ..result("3011")
        });
    }
    out.push(main);
    out
}

fn defendant_outcome(
    step: Step,
    d: &Defendant,
    class: Class,
    rng: &mut Rng,
    crown_court: &str,
    case_number: &str,
) -> DefendantOutcome {
    let offences = if step == Step::Adjourn {
        vec![]
    } else {
        d.offences
            .iter()
            .enumerate()
            .map(|(i, o)| offence_outcome(step, o, class, rng, i == 0))
            .collect()
    };
    let (sending, bail) = match step {
        Step::Send { custody } => (
            Some(Sending {
                crown_court_ou: crown_court.to_string(),
                offence_ids: None,
                case_number: Some(case_number.to_string()),
            }),
            Some(BailDecision {
                status: if custody {
                    CustodyStatus::InCustody
                } else {
                    CustodyStatus::UnconditionalBail
                },
                conditions: vec![],
            }),
        ),
        _ => (None, None),
    };
    DefendantOutcome {
        defendant_id: d.id,
        attendance: Some(Attendance::InPerson),
        offences,
        sending,
        bail,
    }
}

/// The outcome of `step` at hearing `next_court`/`next_date` (when it adjourns).
pub fn outcome(
    step: Step,
    case: &Case,
    class: Class,
    rng: &mut Rng,
    crown_court: &str,
    case_number: &str,
    next: Option<(String, String)>,
) -> HearingOutcome {
    let defendants = if step == Step::Adjourn {
        vec![]
    } else {
        case.defendants
            .iter()
            .map(|d| defendant_outcome(step, d, class, rng, crown_court, case_number))
            .collect()
    };
    let (reason, hearing_type) = step.next();
    HearingOutcome {
        defendants,
        adjournment: next
            .filter(|_| step.adjourns())
            .map(|(court_ou, hearing_date)| Adjournment {
                reason: reason.into(),
                next_hearing: NewHearing {
                    court_ou,
                    hearing_date,
                    hearing_type: Some(hearing_type.into()),
                    sitting_id: None,
                    estimate_minutes: None,
                },
            }),
    }
}

/// Guilty pleas (or indications) and the sentence on every offence at one hearing: what most
/// first hearings of a summary or either-way case record. The case is concluded by it.
pub fn plead_and_sentence(case: &Case, class: Class, rng: &mut Rng) -> HearingOutcome {
    HearingOutcome {
        defendants: case
            .defendants
            .iter()
            .map(|d| DefendantOutcome {
                defendant_id: d.id,
                attendance: Some(Attendance::InPerson),
                offences: d
                    .offences
                    .iter()
                    .enumerate()
                    .map(|(i, o)| OffenceOutcome {
                        results: sentence(rng, class, o, i == 0),
                        ..offence_outcome(Step::PleadGuilty, o, class, rng, i == 0)
                    })
                    .collect(),
                sending: None,
                bail: None,
            })
            .collect(),
        adjournment: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_have_two_to_six_hearings_and_end_in_a_disposal() {
        for n in 0..5_000 {
            let mut rng = Rng::for_case(11, n);
            for class in [
                Class::SummaryMotoring,
                Class::SummaryOther,
                Class::EitherWay,
                Class::Indictable,
            ] {
                let p = path(&mut rng, class);
                assert!((2..=6).contains(&p.len()), "{class:?}: {p:?}");
                let last = *p.last().unwrap();
                assert!(!last.adjourns(), "{class:?} ends without a disposal: {p:?}");
                assert!(p[..p.len() - 1].iter().all(|s| s.adjourns()), "{p:?}");
            }
        }
    }
}
