//! One generated case from charge to its last hearing that has happened, through the domain's
//! own decisions and the same atomic append as the API (`commands::commit`: events, read
//! models, outbox, access log in one transaction). The court calendar is set to each hearing's
//! date as it is recorded, so the case has a history; hearings after today stay listed.

use assize_domain::case::commands::*;
use assize_domain::case::decide::{self, Ctx};
use assize_domain::case::{
    Case, CaseEvent, CaseStatus, CustodyStatus, DomainResult, HearingStatus, InitiationType,
    WitnessKind,
};
use assize_domain::ids::{Asn, PncId};
use assize_domain::listing::next_court_day;
use assize_domain::notices::RoutingTable;
use assize_domain::refdata::RefData;
use assize_store::{BulkCase, BulkChange};
use axum::http::StatusCode;
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::json;
use uuid::Uuid;

use super::GenError;
use super::names;
use super::outcome::{self, Step};
use super::shape::{self, Class, Rng};
use super::world::Area;
use crate::auth::Authed;
use crate::projection::project;
use crate::{AppState, commands};

/// What one generated case left behind, for the totals and the benchmark's input files.
#[derive(Default)]
pub struct Made {
    pub case_id: Uuid,
    pub urn: String,
    pub area: String,
    /// Defendants' full names (given and family), as a clerk would type them into a search.
    pub names: Vec<String>,
    pub hearing_dates: Vec<Date>,
    pub commands: usize,
    pub events: usize,
    pub defendants: usize,
    pub offences: usize,
    /// The domain rule that stopped the case's path early, if one did.
    pub stopped: Option<String>,
    /// For a case left awaiting today's results: the request that records them.
    pub ready: Option<serde_json::Value>,
    /// For a bulk load: the case's whole history, written later with others.
    pub bulk: Option<BulkCase>,
    changes: Vec<BulkChange>,
}

/// Where the generated changes go.
pub enum Writer {
    /// Each change through `commands::commit`, in its own transaction, as the API writes it.
    Commands(AppState),
    /// Kept for `Store::load_cases`, many cases per transaction.
    Bulk { routing: RoutingTable },
}

/// Ids for a case's events: UUIDv7 laid out from the case's date and its own generator, so the
/// same seed gives the same ids and they still sort roughly by time.
struct Ids {
    rng: Rng,
    millis: u64,
}

impl Ids {
    fn next(&mut self) -> Uuid {
        self.millis += 1;
        let bytes = self.rng.next().to_le_bytes();
        let more = self.rng.next().to_le_bytes();
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&bytes);
        random[8..].copy_from_slice(&more[..2]);
        uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid()
    }
}

fn millis(d: Date) -> u64 {
    d.at(10, 0, 0, 0)
        .in_tz("UTC")
        .map(|z| z.timestamp().as_millisecond().max(0) as u64)
        .unwrap_or(0)
}

/// The new case `n` of `area`: URN, defendants and offences drawn from the case's generator.
pub fn new_case(
    rng: &mut Rng,
    area: &Area,
    n: u64,
    class: Class,
    first: Date,
    charged: Date,
) -> NewCase {
    let year = first.year();
    let yy = (year % 100) as u8;
    let unit = format!(
        "{}{}",
        char::from(b'A' + (n / 100_000 / 26 % 26) as u8),
        char::from(b'A' + (n / 100_000 % 26) as u8)
    );
    let offence_date = charged.checked_sub(2.days()).unwrap_or(charged);
    let defendants = rng.weighted(shape::DEFENDANTS);
    let town = [
        "High Street",
        "Station Road",
        "Church Lane",
        "Mill Road",
        "Park Avenue",
    ];
    NewCase {
        urn: format!("{}{unit}{:05}{yy:02}", area.code, n % 100_000),
        initiation_type: InitiationType::Charge,
        prosecution_authority_code: area.cps_code.clone(),
        originating_organisation: None,
        defendants: (0..defendants)
            .map(|i| {
                let seq = n * 16 + i as u64 + 1;
                NewDefendant {
                    given_names: names::given(rng).to_string(),
                    family_name: names::family(rng),
                    date_of_birth: Some(format!(
                        "{}-{:02}-{:02}",
                        year - 18 - rng.below(50) as i16,
                        1 + rng.below(12),
                        1 + rng.below(28)
                    )),
                    address: Some(AddressInput {
                        lines: vec![format!("{} {}", 1 + rng.below(300), rng.pick(&town))],
                        postcode: None,
                    }),
                    asn: Some(
                        Asn::generate(yy, area.code.parse().unwrap_or(1), "GN", "01", seq)
                            .to_string(),
                    ),
                    pnc_id: rng.chance(70).then(|| {
                        PncId::generate(2000 + rng.below(26) as u16, (seq % 9_999_999) as u32)
                            .to_string()
                    }),
                    custody_status: CustodyStatus::ConditionalBail,
                    bail_conditions: vec![],
                    offences: (0..rng.weighted(shape::OFFENCES))
                        .map(|_| NewOffence {
                            offence_code: shape::offence_code(rng, class).to_string(),
                            wording: "On the date stated, at the place stated, committed the offence charged.".into(),
                            offence_date_from: offence_date.to_string(),
                            offence_date_to: None,
                        })
                        .collect(),
                }
            })
            .collect(),
        witnesses: vec![NewWitness {
            kind: WitnessKind::Victim,
            given_names: names::given(rng).to_string(),
            family_name: names::family(rng),
            date_of_birth: None,
            address: None,
            phone: None,
            email: None,
            sexual_offence_complainant: false,
        }]
        .into_iter()
        .filter(|_| class != Class::SummaryMotoring)
        .collect(),
        first_hearing: NewHearing {
            court_ou: rng.pick(&area.magistrates).clone(),
            hearing_date: first.to_string(),
            hearing_type: None,
            sitting_id: None,
            estimate_minutes: None,
        },
    }
}

/// The domain decision `f` with the calendar at `today`.
fn decide_at(
    today: Date,
    who: &Authed,
    ids: &mut Ids,
    f: impl FnOnce(&mut Ctx) -> DomainResult<Vec<CaseEvent>>,
) -> DomainResult<Vec<CaseEvent>> {
    let mut next = || ids.next();
    let mut ctx = Ctx::new(today, who.actor.user_id, RefData::global(), &mut next);
    f(&mut ctx)
}

/// Record `events` on `case` as an API command does, returning the new state: through
/// `commands::commit` (one transaction per change), or kept for a bulk load (the same
/// `commands::apply_change` makes the same events, access-log entry and notices).
async fn commit(
    writer: &Writer,
    who: &Authed,
    case: Case,
    events: Vec<CaseEvent>,
    made: &mut Made,
) -> Result<Case, GenError> {
    let version = case.version;
    made.commands += 1;
    made.events += events.len();
    match writer {
        Writer::Commands(state) => {
            let mut next = case.clone();
            for e in &events {
                next.apply(e);
            }
            next.version = version + events.len() as i64;
            let status = if version == 0 {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            commands::commit(state, who, case, version, events, None, "", None, status)
                .await
                .map_err(|e| format!("{e}"))?;
            Ok(next)
        }
        Writer::Bulk { routing } => {
            let change = commands::apply_change(
                who,
                case,
                version,
                events.into(),
                None,
                Some(routing),
                jiff::Timestamp::now(),
            )
            .map_err(|e| format!("{e}"))?;
            made.changes.push(BulkChange {
                events: change.events,
                access_log: change.access_log,
                notices: change.notices,
            });
            Ok(change.case)
        }
    }
}

/// For a bulk load: the case's changes and the read models of where it ended.
fn finish(writer: &Writer, case: &Case, made: &mut Made) {
    if let Writer::Bulk { .. } = writer {
        made.bulk = Some(BulkCase {
            changes: std::mem::take(&mut made.changes),
            projection: project(case),
        });
    }
}

/// Charge the case and record the defence firms acting.
async fn charge(
    writer: &Writer,
    area: &Area,
    rng: &mut Rng,
    ids: &mut Ids,
    input: &NewCase,
    today: Date,
    made: &mut Made,
) -> Result<Case, GenError> {
    let events = decide_at(today, &area.police, ids, |ctx| {
        decide::create_case(
            input,
            area.cps.clone(),
            area.force.clone(),
            Some(&area.code),
            ctx,
        )
    })?;
    let mut case = Case::created(&events[0]).ok_or("created")?;
    case.version = 0;
    let mut case = commit(writer, &area.police, case, events, made).await?;
    made.case_id = case.id;
    made.urn = case.urn.to_string();
    made.area = area.code.clone();
    made.defendants = case.defendants.len();
    made.offences = case.defendants.iter().map(|d| d.offences.len()).sum();
    made.names = input
        .defendants
        .iter()
        .map(|d| format!("{} {}", d.given_names, d.family_name))
        .collect();
    for d in case.defendants.clone() {
        if rng.chance(75) {
            let (who, firm) = rng.pick(&area.firms);
            let ev = decide::associate_defence(&case, d.id, firm.clone())?;
            case = commit(writer, who, case, ev, made).await?;
        }
    }
    Ok(case)
}

/// A case of the national data set: charged on a court day in the generated period, taken
/// along its path as far as today.
pub async fn historic(
    writer: &Writer,
    area: &Area,
    seed: u64,
    n: u64,
    start: Date,
    days: i64,
    today: Date,
) -> Result<Made, GenError> {
    let mut rng = Rng::for_case(seed, n);
    let class = rng.weighted(shape::CLASSES);
    let first = next_court_day(start.checked_add((rng.below(days as u64 + 14) as i64).days())?);
    let mut ids = Ids {
        rng: Rng::for_case(seed ^ 0x1D5, n),
        millis: millis(first),
    };
    let input = new_case(&mut rng, area, n, class, first, first.min(today));
    let mut made = Made::default();
    let mut case = charge(
        writer,
        area,
        &mut rng,
        &mut ids,
        &input,
        first.min(today),
        &mut made,
    )
    .await?;
    made.hearing_dates.push(first);
    let case_number = format!("T{}{:05}", first.year(), n % 100_000);
    let crown = rng.pick(&area.crown).clone();
    for step in outcome::path(&mut rng, class) {
        let Some(h) = case
            .hearings
            .iter()
            .rev()
            .find(|h| h.status == HearingStatus::Listed)
            .cloned()
        else {
            break;
        };
        if h.hearing_date > today || case.status == CaseStatus::Concluded {
            break;
        }
        let next_date = next_court_day(
            h.hearing_date
                .checked_add((7 + rng.below(50) as i64).days())?,
        );
        let next_court = match step {
            Step::Send { .. } => crown.clone(),
            _ => h.court_ou.to_string(),
        };
        let crown_venue = h.court_ou.kind() == assize_domain::ids::CourtKind::Crown;
        let body = outcome::outcome(
            step,
            &case,
            class,
            &mut rng,
            &crown,
            &case_number,
            Some((next_court, next_date.to_string())),
        );
        let who = if crown_venue {
            &area.associate
        } else {
            &area.adviser
        };
        let decided = decide_at(h.hearing_date, who, &mut ids, |ctx| {
            decide::record_hearing_outcome(&case, h.id, &body, ctx)
        });
        match decided {
            Ok(events) => {
                case = commit(writer, who, case, events, &mut made).await?;
                if step.adjourns() {
                    made.hearing_dates.push(next_date);
                }
            }
            Err(e) => {
                made.stopped = Some(e.to_string());
                break;
            }
        }
    }
    finish(writer, &case, &mut made);
    Ok(made)
}

/// A case whose first hearing is today and awaits its results; `made.ready` is the request
/// that records a guilty plea and sentence on every offence (for the recording benchmark).
pub async fn awaiting_results(
    writer: &Writer,
    area: &Area,
    seed: u64,
    n: u64,
    today: Date,
) -> Result<Made, GenError> {
    let mut rng = Rng::for_case(seed, n);
    let class = *rng.pick(&[
        Class::SummaryMotoring,
        Class::SummaryOther,
        Class::EitherWay,
    ]);
    let mut ids = Ids {
        rng: Rng::for_case(seed ^ 0x1D5, n),
        millis: millis(today),
    };
    let mut input = new_case(&mut rng, area, n, class, today, today);
    // Small cases, as most are: the benchmark measures the common hearing.
    input.defendants.truncate(2);
    for d in &mut input.defendants {
        d.offences.truncate(3);
    }
    let mut made = Made::default();
    let case = charge(writer, area, &mut rng, &mut ids, &input, today, &mut made).await?;
    made.hearing_dates.push(today);
    let body = outcome::plead_and_sentence(&case, class, &mut rng);
    let h = &case.hearings[0];
    made.ready = Some(json!({
        "method": "POST",
        "path": format!("/api/v1/cases/{}/hearings/{}/outcome", case.id, h.id),
        "headers": { "If-Match": format!("\"{}\"", case.version) },
        "body": body,
        "case_id": case.id,
    }));
    finish(writer, &case, &mut made);
    Ok(made)
}

/// A new case for the bulk import benchmark (`POST /api/v1/cases`), first hearing on the next
/// court day: not written here.
pub fn intake_line(area: &Area, seed: u64, n: u64, today: Date) -> serde_json::Value {
    let mut rng = Rng::for_case(seed, n);
    let class = rng.weighted(shape::CLASSES);
    let first = next_court_day(today.tomorrow().unwrap_or(today));
    let input = new_case(&mut rng, area, n, class, first, today);
    json!({ "method": "POST", "path": "/api/v1/cases", "body": input })
}
