//! Small code lists: police forces and the CJS hearing-type, plea, verdict, remand and
//! mode-of-trial-reason codes.

use super::read_csv;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A PNC police force (refdata `codes/police_forces.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoliceForce {
    pub code: String,
    pub name: String,
}

/// One entry of a CJS code list, e.g. `FH` "First Hearing".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeEntry {
    pub code: String,
    pub description: String,
}

#[derive(Deserialize)]
struct ForceRow {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct CodeRow {
    cjs_code: String,
    description: String,
}

/// Police forces in file order, keeping only 2-digit codes: the file also carries one OU-style
/// row (`B01DU`, City of London) that is not a PNC force code.
pub(super) fn load_police_forces() -> Vec<PoliceForce> {
    let rows: Vec<ForceRow> = read_csv(
        "codes/police_forces.csv",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/refdata/codes/police_forces.csv"
        )),
    );
    rows.into_iter()
        .filter(|r| r.code.len() == 2 && r.code.bytes().all(|b| b.is_ascii_digit()))
        .map(|r| PoliceForce {
            code: r.code,
            name: r.name.trim().to_string(),
        })
        .collect()
}

/// A code list with lookup by code.
#[derive(Debug, Clone, Default)]
pub(super) struct CodeList {
    pub(super) entries: Vec<CodeEntry>,
    index: HashMap<String, usize>,
}

impl CodeList {
    /// Load a `cjs_code,description,…` file. Rows with a blank code (verdict.csv's "Caution",
    /// which exists only as an SPI code) are dropped, and a code listed twice (plea `G`, mode of
    /// trial reason `NOMOT`, which repeat per SPI code) keeps its first row: the CJS code is the
    /// key this product uses, and the repeats share the description.
    pub(super) fn load(name: &str, data: &str) -> CodeList {
        let rows: Vec<CodeRow> = read_csv(name, data);
        let mut list = CodeList::default();
        for row in rows {
            let code = row.cjs_code.trim().to_ascii_uppercase();
            if code.is_empty() || list.index.contains_key(&code) {
                continue;
            }
            list.index.insert(code.clone(), list.entries.len());
            list.entries.push(CodeEntry {
                code,
                description: row.description.trim().to_string(),
            });
        }
        list
    }

    /// Look up a code, ignoring case and surrounding whitespace.
    pub(super) fn get(&self, code: &str) -> Option<&CodeEntry> {
        let key = code.trim().to_ascii_uppercase();
        self.index.get(&key).map(|&i| &self.entries[i])
    }
}

/// The embedded code lists, by name, for `RefData::load`.
pub(super) struct CodeLists {
    pub(super) hearing_types: CodeList,
    pub(super) plea_statuses: CodeList,
    pub(super) verdicts: CodeList,
    pub(super) remand_statuses: CodeList,
    pub(super) mode_of_trial_reasons: CodeList,
}

macro_rules! embedded {
    ($file:literal) => {
        CodeList::load(
            $file,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/refdata/", $file)),
        )
    };
}

pub(super) fn load_code_lists() -> CodeLists {
    CodeLists {
        hearing_types: embedded!("codes/hearing_types.csv"),
        plea_statuses: embedded!("codes/plea_status.csv"),
        verdicts: embedded!("codes/verdict.csv"),
        remand_statuses: embedded!("codes/remand_status.csv"),
        mode_of_trial_reasons: embedded!("codes/mode_of_trial_reason.csv"),
    }
}
