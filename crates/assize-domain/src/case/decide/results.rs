//! Which CJS result codes may be recorded on an offence at its current stage, and the values each
//! needs. Encoded as data with the reasoning beside it, not scattered through handlers.

use crate::case::commands::ResultInput;
use crate::case::error::{DomainError, DomainResult};
use crate::case::model::{Offence, OffenceStage, RecordedResult, ResultValues};
use crate::ids::ResultCode;
use crate::refdata::{RefData, ResultType};
use uuid::Uuid;

/// Final results that dispose of an offence without a conviction (acquittal, dismissal,
/// withdrawal, discontinuance, no evidence offered, death of the defendant). Every other final or
/// ancillary result is a sentence or order that needs a conviction first.
pub const NON_CONVICTION_DISPOSALS: &[&str] = &[
    "2004", // Not Guilty
    "2005", // Acquitted
    "2006", // Dismissed
    "2050", // No Evidence Offered - Dismissed
    "2051", // Withdrawn
    "2053", // Discontinuance
    "2063", // Withdrawn - Final
    "2072", // Bound Over Where Charge Withdrawn
    "2073", // Abandon/Withdraw
    "2075", // Dismissed on Merits
    "2076", // Dismissed without prejudice
    "2091", // No Evidence Offered - Defendant Acquitted
    "2094", // Withdrawn due to Diversionary Route
    "2503", // Defendant Committed Suicide
    "1001", // Death
];

/// What a result code needs besides itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Amount,
    Duration,
    Points,
}

/// Values that must accompany a code (the CP "result prompts" that are mandatory for the PNC).
const REQUIRED_VALUES: &[(&str, Needs)] = &[
    ("1002", Needs::Duration), // Imprisonment
    ("1015", Needs::Amount),   // Fine
    ("1052", Needs::Duration), // Curfew Order
    ("1115", Needs::Duration), // Suspended Imprisonment
    ("1116", Needs::Duration), // Community Order
    ("3007", Needs::Duration), // Disqualified from Driving
    ("3008", Needs::Points),   // Driving Licence Endorsed
    ("3011", Needs::Amount),   // Costs
    ("3012", Needs::Amount),   // Compensation
    ("3070", Needs::Duration), // Disqualified from Driving - Obligatory
    ("3071", Needs::Duration), // Disqualified from Driving - Discretionary
    ("3072", Needs::Duration), // Disqualified from Driving - Points (Totting)
];

/// Check a result against the offence's stage and build the recorded result.
pub fn check_result(
    offence: &Offence,
    input: &ResultInput,
    field: &str,
    refdata: &RefData,
    id: Uuid,
    hearing_id: Uuid,
) -> DomainResult<RecordedResult> {
    let code = ResultCode::parse(&input.code)
        .map_err(|e| DomainError::invalid(format!("{field}.code"), e.to_string()))?;
    let def = refdata.result(&code).ok_or_else(|| {
        DomainError::invalid(
            format!("{field}.code"),
            format!("{code} is not in the CJS result code list"),
        )
    })?;
    let label = def.description.clone();
    if def.result_type == ResultType::Unclassified {
        return Err(DomainError::invalid(
            format!("{field}.code"),
            format!(
                "{code} ({label}) is not a result used by the criminal courts of England and Wales"
            ),
        ));
    }
    if offence.stage == OffenceStage::Finalised {
        return Err(DomainError::rule(
            "offence-already-finalised",
            format!(
                "Offence {} already has a final result: propose an amendment instead",
                offence.code
            ),
        ));
    }
    let non_conviction = NON_CONVICTION_DISPOSALS.contains(&code.as_str());
    let needs_conviction =
        !non_conviction && matches!(def.result_type, ResultType::Final | ResultType::Ancillary);
    if needs_conviction && !offence.convicted {
        return Err(DomainError::rule(
            "no-sentence-without-conviction",
            format!(
                "{code} ({label}) is a sentence or order: it can only be recorded after a conviction (guilty plea or guilty verdict) for offence {}",
                offence.code
            ),
        ));
    }
    if non_conviction && offence.convicted {
        return Err(DomainError::rule(
            "disposal-after-conviction",
            format!(
                "{code} ({label}) cannot be recorded: the defendant has been convicted of offence {}",
                offence.code
            ),
        ));
    }
    let values = ResultValues {
        amount_pence: input.amount_pence,
        duration: input.duration,
        penalty_points: input.penalty_points,
        text: input
            .text
            .as_ref()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
    };
    check_values(code.as_str(), &label, &values, field)?;
    Ok(RecordedResult {
        id,
        hearing_id,
        code,
        label,
        values,
        is_final: def.result_type == ResultType::Final,
        amended: false,
    })
}

fn check_values(code: &str, label: &str, v: &ResultValues, field: &str) -> DomainResult<()> {
    if let Some(a) = v.amount_pence
        && a <= 0
    {
        return Err(DomainError::invalid(
            format!("{field}.amount_pence"),
            "An amount must be more than zero",
        ));
    }
    if let Some(d) = v.duration
        && d.value == 0
    {
        return Err(DomainError::invalid(
            format!("{field}.duration.value"),
            "A duration must be more than zero",
        ));
    }
    for (c, need) in REQUIRED_VALUES {
        if *c != code {
            continue;
        }
        let (missing, name, what) = match need {
            Needs::Amount => (v.amount_pence.is_none(), "amount_pence", "an amount"),
            Needs::Duration => (v.duration.is_none(), "duration", "a length"),
            Needs::Points => (
                v.penalty_points.is_none(),
                "penalty_points",
                "the penalty points",
            ),
        };
        if missing {
            return Err(DomainError::invalid(
                format!("{field}.{name}"),
                format!("{code} ({label}) needs {what}"),
            ));
        }
    }
    Ok(())
}
