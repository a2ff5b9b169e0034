//! The words of each document. The legal wording follows the court forms in plain English: who
//! is commanded to do what, until when, and on what authority; the statutes named are the ones
//! the decision is made under (Bail Act 1976 ss.6-7, Crime and Disorder Act 1998 s.51, Legal
//! Aid, Sentencing and Punishment of Offenders Act 2012 s.91 for youths, CrimPR r.14.4).

use super::super::content::{NoticeContent, NoticeResult};
use super::super::routing::has_words;
use super::format::{conditions_shown, court_date, name, plain_date, result};
use super::{DocumentKind, Effect, effect};
use crate::case::{BailConditionKind, CustodyStatus};

pub(super) struct Wording {
    pub addressee: String,
    pub heading: &'static str,
    pub lines: Vec<String>,
}

/// The document's addressee, heading and wording.
pub(super) fn wording(kind: DocumentKind, c: &NoticeContent) -> Wording {
    let who = name(c);
    let born = c
        .defendant
        .date_of_birth
        .map(|d| format!(", born {},", plain_date(d)))
        .unwrap_or_default();
    let court = &c.hearing.court_centre.name;
    let day = court_date(c.hearing.hearing_date);
    let youth = c.defendant.youth;
    let (place, keeper) = if youth {
        (
            "youth detention accommodation",
            "the person in charge of that accommodation",
        )
    } else {
        ("prison", "the governor of that prison")
    };
    let to_custodian = format!(
        "To every constable of the {}, and to {}.",
        c.charging_force.trim_start_matches("the "),
        if youth {
            "the person in charge of the youth detention accommodation to which the defendant is delivered"
        } else {
            "the governor of the prison to which the defendant is delivered"
        }
    );
    let command = |until: String| {
        format!(
            "You, the constables, are commanded to take the defendant to {place} and deliver the \
             defendant there with this warrant; and you, {keeper}, to receive the defendant into \
             custody and keep the defendant {until}."
        )
    };
    match kind {
        DocumentKind::RemandWarrant => {
            let remanded = if youth {
                "remanded the defendant to youth detention accommodation (Legal Aid, Sentencing \
                 and Punishment of Offenders Act 2012, section 91)"
            } else {
                "remanded the defendant in custody"
            };
            let decision = match &c.sent_to_crown_court {
                Some(cc) => format!(
                    "The court sent the defendant for trial to {} (Crime and Disorder Act 1998, \
                     section 51) and {remanded}.",
                    cc.name
                ),
                None => format!("The court {remanded}."),
            };
            let until = match &c.next_hearing {
                Some(n) => format!(
                    "until {}, and then bring the defendant before {}",
                    court_date(n.hearing_date),
                    n.court_centre.name
                ),
                None => "until the defendant is brought before the court again or lawfully \
                         released"
                    .to_string(),
            };
            Wording {
                addressee: to_custodian,
                heading: "The warrant",
                lines: vec![
                    format!(
                        "{who}{born} appeared before {court} on {day}, charged with the offences \
                         set out in this warrant."
                    ),
                    decision,
                    command(until),
                ],
            }
        }
        DocumentKind::WarrantOfCommitment => Wording {
            addressee: to_custodian,
            heading: "The warrant",
            lines: vec![
                format!(
                    "{who}{born} was sentenced by {court} on {day} as set out in this warrant."
                ),
                command("for the term of the sentence, subject to the law on release".into()),
            ],
        },
        DocumentKind::BailConditionsNotice => bail(c, &who, court, &day),
        DocumentKind::CommunityOrderNotice => community(c, &who, court, &day),
        DocumentKind::ReleaseNotice => release(c, &who, &born, court, &day),
    }
}

fn bail(c: &NoticeContent, who: &str, court: &str, day: &str) -> Wording {
    let surrender = match &c.next_hearing {
        Some(n) => format!(
            "You must surrender to the custody of {} on {} at the time you are told, and then at \
             every time and place to which your case is adjourned.",
            n.court_centre.name,
            court_date(n.hearing_date)
        ),
        None => "You must surrender to the custody of the court at the time and place you are \
                 told."
            .to_string(),
    };
    Wording {
        addressee: format!("To {who}."),
        heading: "What you must do",
        lines: vec![
            format!(
                "On {day} {court} granted you bail with the conditions set out in this notice \
                 (Bail Act 1976)."
            ),
            surrender,
            "You must keep to every condition until your case is finished or a court changes \
             them."
                .into(),
            "If you fail without reasonable cause to surrender to custody, you commit an offence \
             (Bail Act 1976, section 6): you may be fined or sent to prison, and a warrant may be \
             issued for your arrest."
                .into(),
            "If you break a condition, or a police officer has reasonable grounds to believe you \
             are likely to, you may be arrested without a warrant (Bail Act 1976, section 7) and \
             brought before a magistrates' court, which may refuse you bail."
                .into(),
        ],
    }
}

fn community(c: &NoticeContent, who: &str, court: &str, day: &str) -> Wording {
    let orders: Vec<&NoticeResult> = c
        .offences
        .iter()
        .flat_map(|o| o.judicial_results.iter())
        .filter(|r| effect(r) == Effect::CommunityOrder)
        .collect();
    let labels: Vec<String> = orders.iter().map(|r| result(r)).collect();
    let supervisor = if c.defendant.youth {
        "A youth offending team"
    } else {
        "The Probation Service"
    };
    let suspended = orders
        .iter()
        .any(|r| has_words(&r.label.to_lowercase(), "suspended"));
    let mut breach = "If you fail without reasonable excuse to comply, you may be brought back \
                      before the court, which may fine you, make the order more demanding, or \
                      revoke it and deal with you again for the offence"
        .to_string();
    if suspended {
        breach.push_str("; it may order the suspended sentence to take effect");
    }
    breach.push_str(" (Sentencing Act 2020).");
    Wording {
        addressee: format!("To {who}."),
        heading: "What you must do",
        lines: vec![
            format!("On {day} {court} made this order: {}.", labels.join("; ")),
            format!(
                "{supervisor} supervises the order. You must keep in touch with your responsible \
                 officer as they tell you, and comply with every requirement of the order."
            ),
            breach,
        ],
    }
}

fn release(c: &NoticeContent, who: &str, born: &str, court: &str, day: &str) -> Wording {
    let held = if c.defendant.youth {
        "To the person in charge of the youth detention accommodation where the defendant is held."
    } else {
        "To the governor of the prison where the defendant is held."
    };
    let why = if c.proceedings_concluded {
        "Every offence on this case has been dealt with, and no custodial sentence was passed."
    } else {
        match c.bail_status {
            CustodyStatus::ConditionalBail => {
                "The court granted the defendant bail with the conditions set out in this notice."
            }
            CustodyStatus::UnconditionalBail => {
                "The court granted the defendant unconditional bail."
            }
            _ => "The court ordered the defendant's release on this case.",
        }
    };
    let mut lines = vec![
        format!(
            "On {day} {court} dealt with case {} for {who}{born} as set out in this notice.",
            c.case_urn
        ),
        why.to_string(),
        "Release the defendant from custody on this case, unless the defendant is to be detained \
         for some other reason (Criminal Procedure Rules, rule 14.4)."
            .to_string(),
    ];
    // Conditions to be met before release: the custodian must not release until they are.
    let shown = conditions_shown(DocumentKind::ReleaseNotice, c);
    let before: Vec<&str> = [
        (BailConditionKind::Surety, "the surety has been taken"),
        (
            BailConditionKind::SurrenderPassport,
            "the passport has been surrendered",
        ),
    ]
    .into_iter()
    .filter(|(k, _)| shown.iter().any(|b| b.kind == *k))
    .map(|(_, s)| s)
    .collect();
    if !before.is_empty() {
        lines.push(format!(
            "Do not release the defendant until {}.",
            before.join(" and ")
        ));
    }
    Wording {
        addressee: held.to_string(),
        heading: "Direction to the custodian",
        lines,
    }
}
