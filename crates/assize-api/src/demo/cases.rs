//! The demo's cases: charged by either force, at every stage (listed, withdrawn, awaiting trial,
//! sent to the Crown Court in custody, elected, sentenced), some multi-handed with different firms.

use assize_domain::case::commands::*;
use assize_domain::case::decide::{self, Ctx};
use assize_domain::case::{
    AllocationDecision, Case, CaseEvent, CustodyStatus, DomainResult, IndicatedPlea, OrgRef,
    PleaValue, WitnessKind,
};
use assize_domain::ids::{Asn, PncId};
use assize_domain::listing::Placement;
use assize_domain::refdata::{CourtKind, RefData};
use assize_store::Store;
use axum::http::StatusCode;
use jiff::ToSpan;
use uuid::Uuid;

use crate::auth::Authed;
use crate::{AppState, Config, commands};

use super::DemoError;
use super::estate::Estate;
use super::people::{World, area_courts};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() as usize) % v.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const GIVEN: &[&str] = &[
    "Christopher",
    "Zoë",
    "Mohammed",
    "Siobhán",
    "Oluwaseun",
    "Agnieszka",
    "Dylan",
    "Aarav",
    "Chloé",
    "Rhys",
    "Ewa",
    "Jamal",
    "Niamh",
    "Łukasz",
    "Amélie",
    "Tomás",
];
const FAMILY: &[&str] = &[
    "Smith",
    "O'Brien",
    "Nowak",
    "Okafor",
    "Jones",
    "Müller",
    "Ahmed",
    "Ó Súilleabháin",
    "Williams",
    "Kowalczyk",
    "Patel",
    "Evans",
    "García-López",
    "Brown",
    "Davies",
    "Nguyễn",
];
const SUMMARY: &[&str] = &["CJ88116", "RT88007"];
const EITHER_WAY: &[&str] = &["TH68010", "MD71230", "TH68001"];
const INDICTABLE: &[&str] = &["OF61016", "COML025"];

pub(super) async fn create(
    store: &Store,
    world: &World,
    cases: usize,
    estate: &mut Estate,
) -> Result<(), DemoError> {
    let World {
        met,
        tvp,
        cps_l,
        cps_tc,
        firm_a,
        firm_b,
        users: ids,
    } = world;
    let state = AppState::new(store.clone(), Config::default());
    let actor = |u: &str| {
        let id = ids[u];
        let store = store.clone();
        async move {
            store
                .actor(id)
                .await
                .map(|a| Authed::from_actor(a.expect("demo user exists"), Uuid::now_v7()))
        }
    };
    let (police_l, police_tv) = (actor("met.admin").await?, actor("tvp.admin").await?);
    let (adviser_l, adviser_tv) = (actor("london.adviser").await?, actor("tv.adviser").await?);
    let (listing_l, listing_tv) = (actor("london.listing").await?, actor("tv.listing").await?);
    // Trials put in a warned list, so the trial lists are not empty.
    let mut warned = 0;
    let firms = [
        (actor("firm-a.solicitor").await?, &firm_a),
        (actor("firm-b.solicitor").await?, &firm_b),
    ];
    let today = crate::config::court_today();
    let mut rng = Rng(2026);
    let mags_l = area_courts("01", Some(CourtKind::Magistrates));
    let crown_l = area_courts("01", Some(CourtKind::Crown));
    let mags_tv = area_courts("43", Some(CourtKind::Magistrates));
    let crown_tv = area_courts("43", Some(CourtKind::Crown));
    for n in 0..cases {
        let london = n % 5 < 3;
        let (police, force, cps, adviser, mags, crown, code) = if london {
            (&police_l, &met, &cps_l, &adviser_l, &mags_l, &crown_l, "01")
        } else {
            (
                &police_tv,
                &tvp,
                &cps_tc,
                &adviser_tv,
                &mags_tv,
                &crown_tv,
                "43",
            )
        };
        let stage = rng.below(6);
        let started = super::people::sitting_day(if stage == 0 {
            today.checked_add((rng.below(14) as i64).days())?
        } else {
            today.checked_sub((30 + rng.below(60) as i64).days())?
        });
        let kind = match stage {
            3 => INDICTABLE,
            2 | 4 => EITHER_WAY,
            _ => {
                if rng.below(2) == 0 {
                    SUMMARY
                } else {
                    EITHER_WAY
                }
            }
        };
        let defendants = if rng.below(8) == 0 {
            2 + rng.below(2) as usize
        } else {
            1
        };
        let youth = rng.below(15) == 0;
        let sexual = stage == 3 && rng.below(3) == 0;
        let input = NewCase {
            urn: format!("{code}{}{:05}{}", if london { "AB" } else { "TV" }, n + 1, started.year() % 100),
            initiation_type: assize_domain::case::InitiationType::Charge,
            prosecution_authority_code: if london { "CPS-LONDON".into() } else { "CPS-TC".into() },
            originating_organisation: None,
            defendants: (0..defendants)
                .map(|i| NewDefendant {
                    given_names: rng.pick(GIVEN).to_string(),
                    family_name: rng.pick(FAMILY).to_string(),
                    date_of_birth: Some(if youth && i == 0 { format!("{}-0{}-1{}", today.year() - 16, 1 + rng.below(9), rng.below(9)) } else { format!("{}-0{}-2{}", 1960 + rng.below(45) as i16, 1 + rng.below(9), rng.below(8)) }),
                    address: Some(AddressInput { lines: vec![format!("{} High Street", 1 + rng.below(200)), if london { "London".into() } else { "Reading".into() }], postcode: Some(if london { "SE1 1AA".into() } else { "RG1 1AA".into() }) }),
                    asn: Some(Asn::generate((started.year() % 100) as u8, code.parse().unwrap_or(1), "AB", "01", (n * 10 + i) as u64 + 1).to_string()),
                    pnc_id: (rng.below(3) > 0).then(|| PncId::generate(2000 + rng.below(25) as u16, (n * 10 + i) as u32 + 1000).to_string()),
                    custody_status: if stage == 3 { CustodyStatus::InCustody } else { CustodyStatus::ConditionalBail },
                    bail_conditions: vec![],
                    offences: (0..1 + rng.below(2))
                        .map(|_| NewOffence { offence_code: (if sexual { "SX03002" } else { rng.pick(kind) }).to_string(), wording: "On the date stated, at the place stated, committed the offence charged.".into(), offence_date_from: started.min(today).checked_sub(2.days()).map(|d| d.to_string()).unwrap_or_default(), offence_date_to: None })
                        .collect(),
                })
                .collect(),
            witnesses: vec![NewWitness { kind: WitnessKind::Victim, given_names: rng.pick(GIVEN).to_string(), family_name: rng.pick(FAMILY).to_string(), date_of_birth: Some("1985-04-02".into()), address: Some(AddressInput { lines: vec!["2 Park Road".into()], postcode: Some("SW1A 1AA".into()) }), phone: Some("07700 900123".into()), email: None, sexual_offence_complainant: sexual }],
            first_hearing: NewHearing { court_ou: rng.pick(mags).clone(), hearing_date: started.to_string(), hearing_type: None, sitting_id: None, estimate_minutes: None },
        };
        let first = estate.on(&input.first_hearing.court_ou, started);
        let events = estate.place(&first, |sitting| {
            let mut input = input.clone();
            input.first_hearing.sitting_id = sitting;
            run(started.min(today), police, &first, |ctx| {
                decide::create_case(
                    &input,
                    OrgRef {
                        id: cps.id,
                        name: cps.name.clone(),
                    },
                    OrgRef {
                        id: force.id,
                        name: force.name.clone(),
                    },
                    Some(code),
                    ctx,
                )
            })
        })?;
        let mut case = Case::created(&events[0]).ok_or("case")?;
        case.version = 0;
        case = append(&state, police, case, events).await?;
        // Representation: most defendants have a firm; multi-handed cases get different firms.
        for (i, d) in case.defendants.clone().iter().enumerate() {
            if rng.below(4) > 0 {
                let (who, firm) = &firms[i % 2];
                let ev = decide::associate_defence(
                    &case,
                    d.id,
                    OrgRef {
                        id: firm.id,
                        name: firm.name.clone(),
                    },
                )?;
                case = append(&state, who, case, ev).await?;
            }
        }
        if stage == 0 {
            continue;
        }
        let h = case.hearings[0].id;
        let next_date =
            super::people::sitting_day(today.checked_add((7 + rng.below(40) as i64).days())?);
        let outcome = HearingOutcome {
            defendants: case
                .defendants
                .iter()
                .map(|d| {
                    demo_outcome(
                        stage,
                        d,
                        &mut rng,
                        crown,
                        format!("T{}{:04}", today.year(), 7000 + n),
                    )
                })
                .collect(),
            adjournment: (stage != 5 && stage != 1 || rng.below(2) == 0).then(|| Adjournment {
                reason: match stage {
                    3 => "Sent to the Crown Court: plea and trial preparation hearing".into(),
                    2 => "For summary trial".into(),
                    _ => "For pre-sentence report".into(),
                },
                next_hearing: NewHearing {
                    court_ou: if stage == 3 {
                        rng.pick(crown).clone()
                    } else {
                        case.hearings[0].court_ou.to_string()
                    },
                    hearing_date: next_date.to_string(),
                    hearing_type: Some(
                        match stage {
                            3 => "PDH",
                            2 => "TRIAL",
                            _ => "SWPSR",
                        }
                        .into(),
                    ),
                    sitting_id: None,
                    estimate_minutes: None,
                },
            }),
        };
        let next = outcome
            .adjournment
            .as_ref()
            .map(|a| estate.on(&a.next_hearing.court_ou, next_date))
            .unwrap_or_default();
        match estate.place(&next, |sitting| {
            let mut outcome = outcome.clone();
            if let Some(a) = outcome.adjournment.as_mut() {
                a.next_hearing.sitting_id = sitting;
            }
            run(started, adviser, &next, |ctx| {
                decide::record_hearing_outcome(&case, h, &outcome, ctx)
            })
        }) {
            Ok(ev) => {
                let case = append(&state, adviser, case, ev).await?;
                if stage == 3 && warned < 4 {
                    let listing = if london { &listing_l } else { &listing_tv };
                    let ok = super::warned::warn_a_trial(&state, listing, case, today).await?;
                    warned += usize::from(ok);
                }
            }
            Err(e) => tracing::debug!(error = %e, "demo outcome skipped"),
        }
    }
    Ok(())
}

fn demo_outcome(
    stage: u64,
    d: &assize_domain::case::Defendant,
    rng: &mut Rng,
    crown: &[String],
    case_number: String,
) -> DefendantOutcome {
    let offences = d
        .offences
        .iter()
        .map(|o| {
            let mut out = OffenceOutcome {
                offence_id: o.id,
                indicated_plea: None,
                plea: None,
                allocation: None,
                verdict: None,
                withdrawal: None,
                results: vec![],
            };
            let either_way = o.mode_of_trial == assize_domain::refdata::ModeOfTrial::EitherWay;
            match stage {
                1 => out.withdrawal = Some(Withdrawal::Withdrawn),
                2 if either_way => {
                    out.indicated_plea = Some(IndicatedPlea::NotGuilty);
                    out.allocation = Some(AllocationDecision::SummaryTrial);
                    out.plea = Some(PleaValue::NotGuilty);
                }
                4 if either_way => {
                    out.indicated_plea = Some(IndicatedPlea::NotGuilty);
                    out.allocation = Some(AllocationDecision::DefendantElectsCrownCourt);
                }
                5 => {
                    if either_way {
                        out.indicated_plea = Some(IndicatedPlea::Guilty)
                    } else {
                        out.plea = Some(PleaValue::Guilty)
                    }
                    out.results = vec![ResultInput {
                        code: "1015".into(),
                        amount_pence: Some(10_000 * (1 + rng.below(20) as i64)),
                        duration: None,
                        penalty_points: None,
                        text: None,
                    }];
                }
                _ => {
                    if o.mode_of_trial == assize_domain::refdata::ModeOfTrial::SummaryOnly {
                        out.plea = Some(PleaValue::NotGuilty)
                    }
                }
            }
            out
        })
        .collect();
    DefendantOutcome {
        defendant_id: d.id,
        attendance: Some(assize_domain::case::Attendance::InPerson),
        offences,
        sending: (stage == 3 || stage == 4).then(|| Sending {
            crown_court_ou: crown[0].clone(),
            offence_ids: None,
            case_number: Some(case_number),
        }),
        bail: Some(BailDecision {
            status: if stage == 3 {
                CustodyStatus::InCustody
            } else {
                CustodyStatus::UnconditionalBail
            },
            conditions: vec![],
        }),
    }
}

pub(super) fn run(
    today: jiff::civil::Date,
    who: &Authed,
    sittings: &[Placement],
    f: impl FnOnce(&mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> DomainResult<Vec<CaseEvent>> {
    let mut ids = Uuid::now_v7;
    let mut ctx = Ctx::new(today, who.actor.user_id, RefData::global(), &mut ids);
    ctx.sittings = sittings;
    f(&mut ctx)
}

pub(super) async fn append(
    state: &AppState,
    who: &Authed,
    case: Case,
    events: Vec<CaseEvent>,
) -> Result<Case, DemoError> {
    let version = case.version;
    let mut next = case.clone();
    for e in &events {
        next.apply(e);
    }
    next.version = version + events.len() as i64;
    commands::commit(
        state,
        who,
        case,
        version,
        events,
        None,
        "",
        None,
        StatusCode::OK,
    )
    .await
    .map_err(|e| format!("{e}"))?;
    Ok(next)
}
