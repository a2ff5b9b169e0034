//! What the resulting page shows: for each defendant and offence, the inputs that apply at this
//! hearing, filled from the typed form (a draft, or the submission being corrected) and each
//! with its own error message.

use assize_domain::ids::OuCode;
use assize_domain::refdata::RefData;

use super::fields::Fields;

pub struct Choice {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// A GOV.UK radios group; the first radio's id is the group's id (what errors link to). Optional
/// groups end with a "nothing at this hearing" radio, since a radio cannot be unticked without
/// JavaScript.
pub struct Radios {
    pub name: String,
    pub id: String,
    pub legend: &'static str,
    pub choices: Vec<Choice>,
    pub none: &'static str,
    pub error: Option<String>,
    pub inline: bool,
}

pub struct Input {
    pub name: String,
    pub id: String,
    pub value: String,
    pub error: Option<String>,
}

pub struct Select {
    pub input: Input,
    pub options: Vec<(String, String)>,
}

pub struct ResultRow {
    pub n: usize,
    pub code: Input,
    /// The code's description from the reference data, once a known code is typed.
    pub code_label: Option<String>,
    pub amount: Input,
    pub duration_value: Input,
    pub duration_unit: Select,
    pub points: Input,
    pub text: Input,
    /// Shown open: the row has something in it (rows after the first are folded away).
    pub open: bool,
}

pub struct OffenceView {
    pub anchor: String,
    pub name: String,
    pub id: String,
    pub heading: String,
    pub facts: String,
    pub recorded: Vec<String>,
    /// Why nothing can be recorded for the offence here, if so.
    pub closed: Option<String>,
    pub radios: Vec<Radios>,
    pub results: Vec<ResultRow>,
}

pub struct Condition {
    pub value: &'static str,
    pub label: &'static str,
    pub id: String,
    pub checked: bool,
    pub details: Input,
}

pub struct DefendantView {
    pub anchor: String,
    pub id: String,
    pub name: String,
    pub custody: String,
    pub conditions_now: Vec<String>,
    pub attendance: Radios,
    pub offences: Vec<OffenceView>,
    pub sending: Option<(Input, Input)>,
    pub bail: Radios,
    pub conditions: Vec<Condition>,
    pub conditions_error: Option<String>,
    /// The conditions are folded away unless conditional bail is chosen or one is ticked (a
    /// native disclosure: GOV.UK's conditional reveal puts aria-expanded on a radio, which ARIA
    /// does not allow).
    pub conditions_open: bool,
}

pub struct AdjournmentView {
    pub reason: Input,
    pub court: Input,
    pub court_name: Option<String>,
    /// Day, month and year: (input, label, width in characters).
    pub date: Vec<(Input, &'static str, u8)>,
    pub date_error: Option<String>,
    pub hearing_type: Select,
}

/// Builds inputs from the typed fields and the errors found, by input id.
pub struct Builder<'a> {
    pub fields: &'a Fields,
    pub errors: &'a [(String, String)],
}

/// A court's name from its OU code, if it is a known court.
pub fn court_name(ou: &str) -> Option<String> {
    let code = OuCode::parse(ou).ok()?;
    RefData::global().court(&code).map(|c| c.name.clone())
}
