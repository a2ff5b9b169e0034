//! Crown Court case number: `T` (trial), `S` (committal for sentence) or `A` (appeal), then
//! the year and a sequence, e.g. `T20267001`.

use super::{IdError, IdKind, all_digits, normalise, string_id};
use serde::{Deserialize, Serialize};

const FORMAT_HELP: &str = "Crown Court case number must be T (trial), S (committal for \
     sentence) or A (appeal), then a 4-digit year and a 4- to 6-digit sequence, e.g. T20267001";

/// What a Crown Court case is, from the first letter of its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrownCaseType {
    /// `T`: trial on indictment (sent or transferred for trial).
    Trial,
    /// `S`: committal for sentence from the magistrates' court.
    CommittalForSentence,
    /// `A`: appeal from the magistrates' court.
    Appeal,
}

impl CrownCaseType {
    pub fn letter(self) -> char {
        match self {
            Self::Trial => 'T',
            Self::CommittalForSentence => 'S',
            Self::Appeal => 'A',
        }
    }
}

/// A validated Crown Court case number. The sequence is allowed 4 to 6 digits: centres number
/// cases from a 4-digit block (e.g. 7001), and 6 leaves room for the busiest centres without
/// accepting obvious junk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CrownCaseNumber(String);

string_id!(CrownCaseNumber, display);

impl CrownCaseNumber {
    /// Parse a Crown Court case number, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise(IdKind::CrownCaseNumber, input)?;
        let ok = s.is_ascii()
            && (9..=11).contains(&s.len())
            && matches!(s.as_bytes()[0], b'T' | b'S' | b'A')
            && all_digits(&s[1..]);
        if !ok {
            return Err(IdError::new(IdKind::CrownCaseNumber, FORMAT_HELP));
        }
        Ok(CrownCaseNumber(s))
    }

    /// Build a number from its parts, e.g. `(Trial, 2026, 7001)` → `T20267001`.
    pub fn new(case_type: CrownCaseType, year: u16, sequence: u32) -> Result<Self, IdError> {
        Self::parse(&format!("{}{year:04}{sequence:04}", case_type.letter()))
    }

    pub fn case_type(&self) -> CrownCaseType {
        match self.0.as_bytes()[0] {
            b'S' => CrownCaseType::CommittalForSentence,
            b'A' => CrownCaseType::Appeal,
            _ => CrownCaseType::Trial,
        }
    }

    pub fn year(&self) -> u16 {
        self.0[1..5].parse().unwrap_or_default()
    }

    pub fn sequence(&self) -> u32 {
        self.0[5..].parse().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_splits() {
        let n = CrownCaseNumber::parse(" t20267001 ").unwrap();
        assert_eq!(n.as_str(), "T20267001");
        assert_eq!(
            (n.case_type(), n.year(), n.sequence()),
            (CrownCaseType::Trial, 2026, 7001)
        );
        assert_eq!(n.to_string(), "T20267001");
        assert_eq!(
            CrownCaseNumber::parse("S2025123456").unwrap().case_type(),
            CrownCaseType::CommittalForSentence
        );
        assert_eq!(
            CrownCaseNumber::new(CrownCaseType::Appeal, 2026, 12)
                .unwrap()
                .as_str(),
            "A20260012"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "T2026700",
            "X20267001",
            "T2026700A",
            "T202612345678",
            "20267001",
        ] {
            let e = CrownCaseNumber::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::CrownCaseNumber, "{bad}");
        }
        assert!(
            CrownCaseNumber::parse("X20267001")
                .unwrap_err()
                .to_string()
                .starts_with("Crown Court case number must be T (trial)")
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let n = CrownCaseNumber::parse("A20260003").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"A20260003\"");
        assert_eq!(serde_json::from_str::<CrownCaseNumber>(&json).unwrap(), n);
        assert!(serde_json::from_str::<CrownCaseNumber>("\"B20260003\"").is_err());
    }
}
