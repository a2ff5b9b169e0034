//! CJS offence codes (refdata `offences/cjs_offence_codes.csv`).

use super::read_csv;
use crate::ids::OffenceCode;
use serde::{Deserialize, Serialize};

/// How an offence may be tried (criminal-process.md, "Classification of offences").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeOfTrial {
    /// Tried only in the magistrates' court.
    SummaryOnly,
    /// Magistrates' court or Crown Court, decided at allocation.
    EitherWay,
    /// Sent straight to the Crown Court (Crime and Disorder Act 1998 s.51).
    IndictableOnly,
    /// Categories that are not criminal offences (VP, CR, CB, EF, EM, EX): breaches, civil
    /// proceedings, and the like.
    NotCriminal,
}

impl ModeOfTrial {
    /// From the file's `mode_of_trial` column, falling back to the category rule in the
    /// refdata README (CI indictable only, CE either way, CS/CM summary only, anything else not
    /// criminal) if the column holds something unexpected.
    fn from_columns(mode_of_trial: &str, category_code: &str) -> ModeOfTrial {
        match mode_of_trial.trim() {
            "Summary only" => ModeOfTrial::SummaryOnly,
            "Either way" => ModeOfTrial::EitherWay,
            "Indictable only" => ModeOfTrial::IndictableOnly,
            "Not a criminal offence category" => ModeOfTrial::NotCriminal,
            _ => match category_code.trim() {
                "CI" => ModeOfTrial::IndictableOnly,
                "CE" => ModeOfTrial::EitherWay,
                "CS" | "CM" => ModeOfTrial::SummaryOnly,
                _ => ModeOfTrial::NotCriminal,
            },
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ModeOfTrial::SummaryOnly => "Summary only",
            ModeOfTrial::EitherWay => "Either way",
            ModeOfTrial::IndictableOnly => "Indictable only",
            ModeOfTrial::NotCriminal => "Not a criminal offence",
        }
    }
}

/// One CJS offence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offence {
    pub code: String,
    pub title: String,
    pub category_code: String,
    pub category: String,
    pub mode_of_trial: ModeOfTrial,
    pub recordable_on_pnc: bool,
}

#[derive(Deserialize)]
struct Row {
    cjs_code: String,
    offence_title: String,
    offence_category_code: String,
    offence_category: String,
    mode_of_trial: String,
    recordable_on_pnc: String,
}

/// Load the offence list, sorted by code.
///
/// # Panics
/// If a row has a code that is not a valid offence code or a `recordable_on_pnc` other than
/// true/false: the file is compiled in, so that is a build defect.
pub(super) fn load() -> Vec<Offence> {
    const NAME: &str = "offences/cjs_offence_codes.csv";
    let rows: Vec<Row> = read_csv(
        NAME,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/refdata/offences/cjs_offence_codes.csv"
        )),
    );
    let mut offences: Vec<Offence> = rows
        .into_iter()
        .map(|r| {
            let code = OffenceCode::parse(&r.cjs_code)
                .unwrap_or_else(|e| panic!("refdata {NAME}: code {:?}: {e}", r.cjs_code));
            let recordable_on_pnc = match r.recordable_on_pnc.trim() {
                "true" => true,
                "false" => false,
                other => panic!(
                    "refdata {NAME}: {code}: recordable_on_pnc must be true or false, found {other:?}"
                ),
            };
            Offence {
                code: String::from(code),
                title: r.offence_title.trim().to_string(),
                mode_of_trial: ModeOfTrial::from_columns(
                    &r.mode_of_trial,
                    &r.offence_category_code,
                ),
                category_code: r.offence_category_code.trim().to_string(),
                category: r.offence_category.trim().to_string(),
                recordable_on_pnc,
            }
        })
        .collect();
    offences.sort_by(|a, b| a.code.cmp(&b.code));
    offences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_of_trial_falls_back_to_category() {
        assert_eq!(
            ModeOfTrial::from_columns("Either way", "CS"),
            ModeOfTrial::EitherWay
        );
        assert_eq!(
            ModeOfTrial::from_columns("", "CI"),
            ModeOfTrial::IndictableOnly
        );
        assert_eq!(
            ModeOfTrial::from_columns("?", "CM"),
            ModeOfTrial::SummaryOnly
        );
        assert_eq!(
            ModeOfTrial::from_columns("", "VP"),
            ModeOfTrial::NotCriminal
        );
    }
}
