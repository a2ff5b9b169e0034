//! Creating a case: every identifier, code and date validated, all problems reported together.

use super::{Ctx, known_court, parse_date};
use crate::case::commands::{AddressInput, NewCase, NewDefendant, NewWitness};
use crate::case::ctl::CustodyTimeLimit;
use crate::case::error::{DomainError, DomainResult, Errors};
use crate::case::events::CaseEvent;
use crate::case::model::*;
use crate::case::restrictions::{ReportingRestriction, RestrictionBasis, RestrictionSubject};
use crate::ids::{Asn, OffenceCode, PncId, Urn};
use crate::refdata::{CourtKind, ModeOfTrial};

/// Age below which a defendant is a youth (Children and Young Persons Act 1933 s.107: "young person" under 18).
pub const YOUTH_AGE: i16 = 18;

/// Validate a new case and produce its opening events: `CaseCreated`, the first `HearingListed`,
/// automatic reporting restrictions, and a `BailDecided` for each defendant kept in custody so the
/// custody time limit starts running at the first appearance.
pub fn create_case(
    input: &NewCase,
    prosecuting_authority: OrgRef,
    charging_force: OrgRef,
    charging_force_code: Option<&str>,
    ctx: &mut Ctx,
) -> DomainResult<Vec<CaseEvent>> {
    let mut errs = Errors::default();
    let urn = errs.take("urn", Urn::parse(&input.urn));
    if let (Some(urn), Some(code)) = (&urn, charging_force_code)
        && urn.force() != code
    {
        errs.push(
            "urn",
            format!(
                "The URN's police force code {} does not match the originating police force {code}",
                urn.force()
            ),
        );
    }
    let first = &input.first_hearing;
    let court = errs.take(
        "first_hearing.court_ou",
        known_court(ctx.refdata, &first.court_ou),
    );
    if let Some((_, c)) = &court
        && c.kind != CourtKind::Magistrates
    {
        errs.push(
            "first_hearing.court_ou",
            "Every adult case starts in a magistrates' court: choose a magistrates' court (OU code starting with B)",
        );
    }
    let hearing_date = errs.take(
        "first_hearing.hearing_date",
        parse_date(&first.hearing_date),
    );
    if let Some(d) = hearing_date
        && super::days_ago(d, ctx.today) > super::CORRECTION_WINDOW_DAYS
    {
        errs.push(
            "first_hearing.hearing_date",
            format!(
                "The first hearing cannot be listed more than {} days in the past",
                super::CORRECTION_WINDOW_DAYS
            ),
        );
    }
    let hearing_type = first.hearing_type.clone().unwrap_or_else(|| "FH".into());
    if ctx.refdata.hearing_type(&hearing_type).is_none() {
        errs.push(
            "first_hearing.hearing_type",
            format!("'{hearing_type}' is not a CJS hearing type code"),
        );
    }
    if input.defendants.is_empty() {
        errs.push("defendants", "A case needs at least one defendant");
    }
    let mut defendants = Vec::new();
    for (i, d) in input.defendants.iter().enumerate() {
        if let Some(def) = defendant(
            d,
            &format!("defendants[{i}]"),
            input.initiation_type,
            hearing_date,
            ctx,
            &mut errs,
        ) {
            defendants.push(def);
        }
    }
    let mut witnesses = Vec::new();
    for (i, w) in input.witnesses.iter().enumerate() {
        if let Some(wit) = witness(w, &format!("witnesses[{i}]"), ctx, &mut errs) {
            witnesses.push(wit);
        }
    }
    errs.finish()?;
    let (urn, (court_ou, court), hearing_date) = (
        urn.expect("checked"),
        court.expect("checked"),
        hearing_date.expect("checked"),
    );

    let case_id = ctx.id();
    let hearing_id = ctx.id();
    let created = CaseEvent::CaseCreated {
        case_id,
        urn,
        prosecuting_authority,
        charging_force,
        initiation_type: input.initiation_type,
        defendants: defendants.clone(),
        witnesses: witnesses.clone(),
    };
    let slot = first_slot(&created, input, &court_ou, hearing_date, &hearing_type, ctx)?;
    let mut events = vec![
        created,
        CaseEvent::HearingListed {
            hearing_id,
            court_ou,
            court_name: court.name.clone(),
            hearing_date,
            hearing_type,
            adjournment_reason: None,
            slot,
        },
    ];
    for d in defendants.iter().filter(|d| d.youth) {
        events.push(automatic(
            ctx,
            RestrictionBasis::Cypa1933S49,
            RestrictionSubject::Defendant { defendant_id: d.id },
            hearing_date,
        ));
    }
    for w in witnesses.iter().filter(|w| w.sexual_offence_complainant) {
        events.push(automatic(
            ctx,
            RestrictionBasis::Soa1992S1,
            RestrictionSubject::Witness { witness_id: w.id },
            hearing_date,
        ));
    }
    let in_custody = input
        .defendants
        .iter()
        .map(|d| d.custody_status == CustodyStatus::InCustody);
    for d in defendants
        .iter()
        .zip(in_custody)
        .filter_map(|(d, c)| c.then_some(d))
    {
        // Kept in custody to the first appearance: the custody time limit runs from that appearance.
        events.push(CaseEvent::BailDecided {
            hearing_id,
            defendant_id: d.id,
            status: CustodyStatus::InCustody,
            conditions: vec![],
            date: hearing_date,
        });
    }
    Ok(events)
}

fn automatic(
    ctx: &mut Ctx,
    basis: RestrictionBasis,
    subject: RestrictionSubject,
    from: jiff::civil::Date,
) -> CaseEvent {
    CaseEvent::ReportingRestrictionImposed {
        restriction: ReportingRestriction {
            id: ctx.id(),
            basis,
            subject,
            details: Some("Applies automatically by law".into()),
            starts_on: from,
            ends_on: None,
            lifted_on: None,
        },
    }
}

fn name(given: &str, family: &str, path: &str, errs: &mut Errors) -> PersonName {
    if family.trim().is_empty() {
        errs.push(format!("{path}.family_name"), "Enter the family name");
    }
    // Names are stored exactly as given (Unicode, any script); only surrounding spaces are removed.
    PersonName {
        given_names: given.trim().to_string(),
        family_name: family.trim().to_string(),
    }
}

fn address(a: &Option<AddressInput>) -> Option<Address> {
    a.as_ref().map(|a| Address {
        lines: a
            .lines
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        postcode: a.postcode.as_ref().map(|p| p.trim().to_uppercase()),
    })
}

fn defendant(
    d: &NewDefendant,
    path: &str,
    initiation: InitiationType,
    first_hearing: Option<jiff::civil::Date>,
    ctx: &mut Ctx,
    errs: &mut Errors,
) -> Option<Defendant> {
    let name = name(&d.given_names, &d.family_name, path, errs);
    let dob = d
        .date_of_birth
        .as_deref()
        .and_then(|s| errs.take(&format!("{path}.date_of_birth"), parse_date(s)));
    if let Some(dob) = dob
        && dob > ctx.today
    {
        errs.push(
            format!("{path}.date_of_birth"),
            "The date of birth cannot be in the future",
        );
    }
    let asn = d
        .asn
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| errs.take(&format!("{path}.asn"), Asn::parse(s)));
    let pnc_id = d
        .pnc_id
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| errs.take(&format!("{path}.pnc_id"), PncId::parse(s)));
    match (initiation, d.custody_status) {
        (InitiationType::Charge, CustodyStatus::NotApplicable) => errs.push(
            format!("{path}.custody_status"),
            "A charged defendant is either in custody or on bail: give the custody status at charge",
        ),
        (InitiationType::Summons | InitiationType::Requisition, s) if s != CustodyStatus::NotApplicable => errs.push(
            format!("{path}.custody_status"),
            "A summonsed or requisitioned defendant has no custody status: use not_applicable",
        ),
        _ => {}
    }
    if d.offences.is_empty() {
        errs.push(
            format!("{path}.offences"),
            "A defendant needs at least one offence",
        );
    }
    let youth = match (dob, first_hearing) {
        (Some(dob), Some(h)) => dob
            .until((jiff::Unit::Year, h))
            .is_ok_and(|s| s.get_years() < YOUTH_AGE),
        _ => false,
    };
    let mut offences = Vec::new();
    for (j, o) in d.offences.iter().enumerate() {
        let op = format!("{path}.offences[{j}]");
        let code = errs.take(
            &format!("{op}.offence_code"),
            OffenceCode::parse(&o.offence_code),
        );
        let def = code.as_ref().and_then(|c| match ctx.refdata.offence(c) {
            Some(def) if def.mode_of_trial == ModeOfTrial::NotCriminal => {
                errs.push(
                    format!("{op}.offence_code"),
                    format!("{c} is not a criminal offence code ({})", def.category),
                );
                None
            }
            Some(def) => Some(def),
            None => {
                errs.push(
                    format!("{op}.offence_code"),
                    format!("{c} is not in the CJS offence code list"),
                );
                None
            }
        });
        if o.wording.trim().is_empty() {
            errs.push(format!("{op}.wording"), "Enter the offence wording");
        }
        let from = errs.take(
            &format!("{op}.offence_date_from"),
            parse_date(&o.offence_date_from),
        );
        let to = o
            .offence_date_to
            .as_deref()
            .and_then(|s| errs.take(&format!("{op}.offence_date_to"), parse_date(s)));
        if let Some(f) = from
            && f > ctx.today
        {
            errs.push(
                format!("{op}.offence_date_from"),
                "The offence date cannot be in the future",
            );
        }
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            errs.push(
                format!("{op}.offence_date_to"),
                "The end of the offence period is before its start",
            );
        }
        if let (Some(code), Some(def), Some(from)) = (code, def, from) {
            let stage = match def.mode_of_trial {
                ModeOfTrial::IndictableOnly => OffenceStage::AwaitingSending,
                _ => OffenceStage::AwaitingPlea,
            };
            offences.push(Offence {
                id: ctx.id(),
                code,
                title: def.title.clone(),
                wording: o.wording.trim().to_string(),
                offence_date_from: from,
                offence_date_to: to,
                mode_of_trial: def.mode_of_trial,
                venue: Venue::MagistratesCourt,
                stage,
                indicated_plea: None,
                plea: None,
                allocation: None,
                verdict: None,
                convicted: false,
                results: vec![],
                custody_time_limit: None::<CustodyTimeLimit>,
            });
        }
    }
    Some(Defendant {
        id: ctx.id(),
        name,
        date_of_birth: dob,
        address: address(&d.address),
        asn,
        pnc_id,
        youth,
        custody_status: if d.custody_status == CustodyStatus::InCustody {
            CustodyStatus::NotApplicable
        } else {
            d.custody_status
        },
        bail_conditions: d.bail_conditions.clone(),
        defence: None,
        offences,
        attendance: vec![],
    })
}

fn witness(w: &NewWitness, path: &str, ctx: &mut Ctx, errs: &mut Errors) -> Option<Witness> {
    let name = name(&w.given_names, &w.family_name, path, errs);
    let dob = w
        .date_of_birth
        .as_deref()
        .and_then(|s| errs.take(&format!("{path}.date_of_birth"), parse_date(s)));
    Some(Witness {
        id: ctx.id(),
        kind: w.kind,
        name,
        date_of_birth: dob,
        address: address(&w.address),
        phone: w.phone.clone(),
        email: w.email.clone(),
        sexual_offence_complainant: w.sexual_offence_complainant,
    })
}

/// The sitting of the first hearing, when the intake names one.
fn first_slot(
    created: &CaseEvent,
    input: &NewCase,
    court_ou: &crate::ids::OuCode,
    date: jiff::civil::Date,
    hearing_type: &str,
    ctx: &mut Ctx,
) -> DomainResult<Option<crate::case::HearingSlot>> {
    let h = &input.first_hearing;
    let Some(sitting_id) = h.sitting_id else {
        if h.estimate_minutes.is_some() {
            return Err(DomainError::invalid(
                "first_hearing.estimate_minutes",
                "A time estimate is given with a sitting",
            ));
        }
        return Ok(None);
    };
    let case = Case::created(created).expect("a case_created event");
    let target = super::listing::Target {
        court_ou,
        date,
        hearing_type,
        sitting_id,
        estimate: h.estimate_minutes,
        moving: None,
    };
    super::listing::slot(&case, &target, "first_hearing.", ctx).map(Some)
}
