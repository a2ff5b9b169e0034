//! CJS result codes (refdata `results/cjs_result_codes.csv`).

use super::read_csv;
use crate::ids::ResultCode;
use serde::{Deserialize, Serialize};

/// The `result_type_code` column. The meanings of F and I are standard; P as "ancillary" is
/// inferred (refdata README), and a blank type is mostly a non-England-and-Wales code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultType {
    /// `F`: disposes of the offence (sentence, acquittal, …).
    Final,
    /// `I`: keeps the case going (remand, adjournment, …).
    Interim,
    /// `P`: ancillary to another result (orders made alongside a sentence).
    Ancillary,
    /// Blank or unknown in the source.
    Unclassified,
}

impl ResultType {
    fn from_code(code: &str) -> ResultType {
        match code.trim() {
            "F" => ResultType::Final,
            "I" => ResultType::Interim,
            "P" => ResultType::Ancillary,
            _ => ResultType::Unclassified,
        }
    }
}

/// One CJS result code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultDef {
    pub code: String,
    pub description: String,
    pub result_type: ResultType,
}

#[derive(Deserialize)]
struct Row {
    cjs_result_code: String,
    description: String,
    result_type_code: String,
}

/// Load the result list, sorted by code.
///
/// # Panics
/// If a code is not 4 digits: the file is compiled in, so that is a build defect.
pub(super) fn load() -> Vec<ResultDef> {
    const NAME: &str = "results/cjs_result_codes.csv";
    let rows: Vec<Row> = read_csv(
        NAME,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/refdata/results/cjs_result_codes.csv"
        )),
    );
    let mut results: Vec<ResultDef> = rows
        .into_iter()
        .map(|r| {
            let code = ResultCode::parse(&r.cjs_result_code)
                .unwrap_or_else(|e| panic!("refdata {NAME}: code {:?}: {e}", r.cjs_result_code));
            ResultDef {
                code: String::from(code),
                description: r.description.trim().to_string(),
                result_type: ResultType::from_code(&r.result_type_code),
            }
        })
        .collect();
    results.sort_by(|a, b| a.code.cmp(&b.code));
    results
}
