//! The benchmark's input files, written as the cases are generated (one pass, bounded memory):
//!
//! - `read_cases.txt`: ids of London cases (a London legal adviser may read them);
//! - `search.txt`: query strings for `GET /api/v1/cases?…` (URNs and defendants' full names of
//!   London cases);
//! - `outcomes.jsonl`: one request per hearing awaiting today's results, each usable once;
//! - `intake.jsonl`: new cases to send in with `POST /api/v1/cases`, each usable once;
//! - `lists.txt`: the court day with the most hearings (first line), then every court.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use jiff::civil::Date;

use super::BENCH_AREA;
use super::GenError;
use super::life::Made;

/// More ids than any benchmark run reads; a cap keeps the files small at 1.4 million cases.
const MAX_READ: u64 = 200_000;
const MAX_SEARCH: u64 = 20_000;

pub struct Sink {
    read: BufWriter<File>,
    search: BufWriter<File>,
    outcomes: BufWriter<File>,
    intake: BufWriter<File>,
    lists: BufWriter<File>,
    reads: u64,
    searches: u64,
    /// Hearings per date, for the busiest court day.
    per_day: BTreeMap<Date, u64>,
}

fn create(dir: &Path, name: &str) -> Result<BufWriter<File>, GenError> {
    Ok(BufWriter::new(File::create(dir.join(name))?))
}

/// `application/x-www-form-urlencoded` value encoding (names hold spaces, apostrophes and
/// letters outside ASCII).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Sink {
    pub fn new(dir: &Path) -> Result<Sink, GenError> {
        Ok(Sink {
            read: create(dir, "read_cases.txt")?,
            search: create(dir, "search.txt")?,
            outcomes: create(dir, "outcomes.jsonl")?,
            intake: create(dir, "intake.jsonl")?,
            lists: create(dir, "lists.txt")?,
            reads: 0,
            searches: 0,
            per_day: BTreeMap::new(),
        })
    }

    /// A case of the national data set.
    pub fn case(&mut self, made: &Made) -> Result<(), GenError> {
        for d in &made.hearing_dates {
            *self.per_day.entry(*d).or_default() += 1;
        }
        if made.area != BENCH_AREA {
            return Ok(());
        }
        if self.reads < MAX_READ {
            writeln!(self.read, "{}", made.case_id)?;
            self.reads += 1;
        }
        if self.searches < MAX_SEARCH {
            // Alternately by URN (an exact lookup) and by a defendant's full name (a few matches
            // among the many defendants sharing each of its words).
            if self.searches.is_multiple_of(2) {
                writeln!(self.search, "urn={}", encode(&made.urn))?;
            } else if let Some(name) = made.names.first() {
                writeln!(self.search, "name={}", encode(name))?;
            }
            self.searches += 1;
        }
        Ok(())
    }

    /// A case awaiting today's results.
    pub fn awaiting(&mut self, made: &Made) -> Result<(), GenError> {
        if let Some(line) = &made.ready {
            serde_json::to_writer(&mut self.outcomes, line)?;
            self.outcomes.write_all(b"\n")?;
        }
        Ok(())
    }

    pub fn intake(&mut self, line: &serde_json::Value) -> Result<(), GenError> {
        serde_json::to_writer(&mut self.intake, line)?;
        self.intake.write_all(b"\n")?;
        Ok(())
    }

    /// Write `lists.txt` (the busiest court day within a month of today, else overall) and
    /// flush everything; returns that day.
    pub fn finish(mut self, courts: &[String], today: Date) -> Result<Option<String>, GenError> {
        let near = |d: &Date| {
            (d.since(today)
                .map(|s| s.get_days().abs())
                .unwrap_or(i32::MAX))
                <= 31
        };
        let busiest = self
            .per_day
            .iter()
            .filter(|(d, _)| near(d))
            .max_by_key(|(_, n)| **n)
            .or_else(|| self.per_day.iter().max_by_key(|(_, n)| **n))
            .map(|(d, _)| d.to_string());
        if let Some(day) = &busiest {
            writeln!(self.lists, "{day}")?;
            for c in courts {
                writeln!(self.lists, "{c}")?;
            }
        }
        for w in [
            &mut self.read,
            &mut self.search,
            &mut self.outcomes,
            &mut self.intake,
            &mut self.lists,
        ] {
            w.flush()?;
        }
        Ok(busiest)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            super::encode("Ó Súilleabháin"),
            "%C3%93%20S%C3%BAilleabh%C3%A1in"
        );
        assert_eq!(super::encode("O'Brien"), "O%27Brien");
        assert_eq!(super::encode("01AB1234526"), "01AB1234526");
    }
}
