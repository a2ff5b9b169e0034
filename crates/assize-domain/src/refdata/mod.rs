//! Reference data: offences, results, courts, police forces and CJS code lists.
//!
//! The CSV files under `crates/assize-domain/refdata/` (provenance in `refdata/PROVENANCE.md`)
//! are compiled into the binary with `include_str!`, so the domain does no I/O and every build
//! carries exactly the data it was tested with. They are parsed once, on first use of
//! [`RefData::global`]. A parse failure panics with the file name: it is a build defect, which
//! the unit tests here catch before anything ships.

mod codes;
mod courts;
mod offences;
mod results;
mod search;

pub use crate::ids::CourtKind;
pub use codes::{CodeEntry, PoliceForce};
pub use courts::Court;
pub use offences::{ModeOfTrial, Offence};
pub use results::{ResultDef, ResultType};

use crate::ids::{OffenceCode, OuCode, ResultCode};
use codes::CodeList;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::OnceLock;

/// All reference data, indexed for lookup.
#[derive(Debug)]
pub struct RefData {
    offences: Vec<Offence>,
    offence_index: HashMap<String, usize>,
    offence_titles_lower: Vec<String>,
    results: Vec<ResultDef>,
    result_index: HashMap<String, usize>,
    result_descriptions_lower: Vec<String>,
    courts: Vec<Court>,
    court_index: HashMap<String, usize>,
    police_forces: Vec<PoliceForce>,
    police_force_index: HashMap<String, usize>,
    hearing_types: CodeList,
    plea_statuses: CodeList,
    verdicts: CodeList,
    remand_statuses: CodeList,
    mode_of_trial_reasons: CodeList,
}

static GLOBAL: OnceLock<RefData> = OnceLock::new();

impl RefData {
    /// The reference data, parsed on first call.
    ///
    /// # Panics
    /// If an embedded file cannot be parsed (a build defect; see the module documentation).
    pub fn global() -> &'static RefData {
        GLOBAL.get_or_init(RefData::load)
    }

    fn load() -> RefData {
        let offences = offences::load();
        let results = results::load();
        let courts = courts::load();
        let police_forces = codes::load_police_forces();
        let lists = codes::load_code_lists();
        RefData {
            offence_index: index(&offences, |o| &o.code),
            offence_titles_lower: offences.iter().map(|o| o.title.to_lowercase()).collect(),
            offences,
            result_index: index(&results, |r| &r.code),
            result_descriptions_lower: results
                .iter()
                .map(|r| r.description.to_lowercase())
                .collect(),
            results,
            court_index: index(&courts, |c| &c.ou_code),
            courts,
            police_force_index: index(&police_forces, |p| &p.code),
            police_forces,
            hearing_types: lists.hearing_types,
            plea_statuses: lists.plea_statuses,
            verdicts: lists.verdicts,
            remand_statuses: lists.remand_statuses,
            mode_of_trial_reasons: lists.mode_of_trial_reasons,
        }
    }

    /// The offence for a code. For a suffixed code (`TH68010A`, attempt) that is not listed
    /// itself, the base offence's record is returned (its `code` is then the base code, so a
    /// caller can tell; the suffix is on the `OffenceCode`).
    pub fn offence(&self, code: &OffenceCode) -> Option<&Offence> {
        let exact = self.offence_index.get(code.as_str());
        let found = match (exact, code.suffix()) {
            (Some(i), _) => Some(i),
            (None, Some(_)) => self.offence_index.get(code.base_code()),
            (None, None) => None,
        };
        found.map(|&i| &self.offences[i])
    }

    /// All offences, sorted by code.
    pub fn offences(&self) -> &[Offence] {
        &self.offences
    }

    /// Type-ahead over offences: code prefix or words of the title, best first.
    pub fn search_offences(&self, text: &str, limit: usize) -> Vec<&Offence> {
        search::search(
            &self.offences,
            &self.offence_titles_lower,
            |o| &o.code,
            text,
            limit,
        )
    }

    /// The definition of a result code.
    pub fn result(&self, code: &ResultCode) -> Option<&ResultDef> {
        self.result_index
            .get(code.as_str())
            .map(|&i| &self.results[i])
    }

    /// All result codes, sorted by code.
    pub fn results(&self) -> &[ResultDef] {
        &self.results
    }

    /// Type-ahead over results: code prefix or words of the description, best first.
    pub fn search_results(&self, text: &str, limit: usize) -> Vec<&ResultDef> {
        search::search(
            &self.results,
            &self.result_descriptions_lower,
            |r| &r.code,
            text,
            limit,
        )
    }

    /// The court with an OU code.
    pub fn court(&self, ou: &OuCode) -> Option<&Court> {
        self.court_index.get(ou.as_str()).map(|&i| &self.courts[i])
    }

    /// All magistrates' courts and Crown Court centres, sorted by name then OU code.
    pub fn courts(&self) -> impl Iterator<Item = &Court> {
        self.courts.iter()
    }

    /// The police force with a 2-digit PNC code.
    pub fn police_force(&self, code: &str) -> Option<&PoliceForce> {
        self.police_force_index
            .get(code.trim())
            .map(|&i| &self.police_forces[i])
    }

    /// All police forces, by code.
    pub fn police_forces(&self) -> &[PoliceForce] {
        &self.police_forces
    }

    /// A CJS hearing type (`FH` First Hearing), ignoring case.
    pub fn hearing_type(&self, code: &str) -> Option<&CodeEntry> {
        self.hearing_types.get(code)
    }

    pub fn hearing_types(&self) -> &[CodeEntry] {
        &self.hearing_types.entries
    }

    /// A CJS plea status (`G` Guilty, `NG` Not Guilty), ignoring case.
    pub fn plea_status(&self, code: &str) -> Option<&CodeEntry> {
        self.plea_statuses.get(code)
    }

    pub fn plea_statuses(&self) -> &[CodeEntry] {
        &self.plea_statuses.entries
    }

    /// A CJS verdict (`G` Guilty, `NG` Not Guilty), ignoring case.
    pub fn verdict(&self, code: &str) -> Option<&CodeEntry> {
        self.verdicts.get(code)
    }

    pub fn verdicts(&self) -> &[CodeEntry] {
        &self.verdicts.entries
    }

    /// A CJS remand status (`CB` Conditional Bail), ignoring case.
    pub fn remand_status(&self, code: &str) -> Option<&CodeEntry> {
        self.remand_statuses.get(code)
    }

    pub fn remand_statuses(&self) -> &[CodeEntry] {
        &self.remand_statuses.entries
    }

    /// A CJS mode-of-trial reason (`ETJ` Defendant Elects Trial by Jury), ignoring case.
    pub fn mode_of_trial_reason(&self, code: &str) -> Option<&CodeEntry> {
        self.mode_of_trial_reasons.get(code)
    }

    pub fn mode_of_trial_reasons(&self) -> &[CodeEntry] {
        &self.mode_of_trial_reasons.entries
    }
}

fn index<T>(items: &[T], key: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item).clone(), i))
        .collect()
}

/// Parse an embedded CSV file into rows, panicking with the file name and position on error.
fn read_csv<T: DeserializeOwned>(name: &str, data: &str) -> Vec<T> {
    csv::Reader::from_reader(data.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("refdata/{name} cannot be parsed: {e}"))
}

#[cfg(test)]
mod tests;
