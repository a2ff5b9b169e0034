//! URN, the police unique reference number of a case: `FF UU NNNNN YY`.

use super::{IdError, IdKind, all_alnum, all_digits, normalise, string_id};
use crate::refdata::RefData;
use serde::{Deserialize, Serialize};

const FORMAT_HELP: &str = "URN must be 11 characters: 2-digit police force code, \
     2-character unit, 5-digit sequence, 2-digit year, e.g. 01AB1234526";

/// A validated URN such as `01AB1234526`. A URN has no check character, so the best defence
/// against a mistyped one is that its force code must be a PNC police force
/// (refdata `codes/police_forces.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Urn(String);

string_id!(Urn, display);

impl Urn {
    /// Parse an 11-character URN, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let err = |m: String| IdError::new(IdKind::Urn, m);
        let s = normalise(IdKind::Urn, input)?;
        if !s.is_ascii() || s.len() != 11 {
            return Err(err(format!(
                "{FORMAT_HELP} (you entered {} characters)",
                s.chars().count()
            )));
        }
        let (force, unit, sequence, year) = (&s[0..2], &s[2..4], &s[4..9], &s[9..11]);
        if !all_digits(force) {
            return Err(err(format!(
                "{FORMAT_HELP}; the police force code \"{force}\" is not 2 digits"
            )));
        }
        if !all_alnum(unit) {
            return Err(err(format!(
                "{FORMAT_HELP}; the unit \"{unit}\" must be letters or digits"
            )));
        }
        if !all_digits(sequence) {
            return Err(err(format!(
                "{FORMAT_HELP}; the sequence \"{sequence}\" is not 5 digits"
            )));
        }
        if !all_digits(year) {
            return Err(err(format!(
                "{FORMAT_HELP}; the year \"{year}\" is not 2 digits"
            )));
        }
        if RefData::global().police_force(force).is_none() {
            return Err(err(format!(
                "URN police force code {force} is not a known police force"
            )));
        }
        Ok(Urn(s))
    }

    /// The 2-digit police force code (known to exist in the reference data).
    pub fn force(&self) -> &str {
        &self.0[0..2]
    }

    /// The 2-character unit or station.
    pub fn unit(&self) -> &str {
        &self.0[2..4]
    }

    /// The 5-digit sequence number.
    pub fn sequence(&self) -> u32 {
        self.0[4..9].parse().unwrap_or_default()
    }

    /// The 2-digit year.
    pub fn year2(&self) -> u8 {
        self.0[9..11].parse().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_and_normalises() {
        let u = Urn::parse(" 01ab1234526 ").unwrap();
        assert_eq!(u.as_str(), "01AB1234526");
        assert_eq!(u.to_string(), "01AB1234526");
        assert_eq!(
            (u.force(), u.unit(), u.sequence(), u.year2()),
            ("01", "AB", 12_345, 26)
        );
    }

    #[test]
    fn rejects_unknown_force() {
        // 19 is not a PNC force code.
        let e = Urn::parse("19AB1234526").unwrap_err();
        assert_eq!(
            e.to_string(),
            "URN police force code 19 is not a known police force"
        );
    }

    #[test]
    fn rejects_malformed_with_the_format_in_the_message() {
        for bad in [
            "",
            "01AB123452",
            "01AB12345267",
            "A1AB1234526",
            "01A-1234526",
            "01AB12E4526",
            "01AB123452Y",
        ] {
            let e = Urn::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::Urn);
        }
        assert_eq!(
            Urn::parse("01AB123452").unwrap_err().to_string(),
            "URN must be 11 characters: 2-digit police force code, 2-character unit, \
             5-digit sequence, 2-digit year, e.g. 01AB1234526 (you entered 10 characters)"
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let u = Urn::parse("46KT0012325").unwrap();
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, "\"46KT0012325\"");
        assert_eq!(serde_json::from_str::<Urn>(&json).unwrap(), u);
        assert!(serde_json::from_str::<Urn>("\"19KT0012325\"").is_err());
    }
}
