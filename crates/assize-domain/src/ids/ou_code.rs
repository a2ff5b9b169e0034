//! Court organisation-unit (OU) code: `B01BE00` (Belmarsh magistrates'), `C01CE00` (Central
//! Criminal Court).

use super::{IdError, IdKind, all_alnum, all_digits, normalise, string_id};
use serde::{Deserialize, Serialize};
use std::fmt;

const FORMAT_HELP: &str = "Court code must be 7 characters: B (magistrates') or C (Crown), \
     a 2-digit area, then 4 letters or digits, e.g. B01BE00 or C01CE00";

/// Which kind of criminal court, read from the first character of its OU code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourtKind {
    Magistrates,
    Crown,
}

impl CourtKind {
    /// "Magistrates' Court" / "Crown Court".
    pub fn label(self) -> &'static str {
        match self {
            CourtKind::Magistrates => "Magistrates' Court",
            CourtKind::Crown => "Crown Court",
        }
    }
}

impl fmt::Display for CourtKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A syntactically valid court OU code (`[BC]` + 2-digit area + 4 letters/digits). Whether
/// the court exists is a reference-data question: see
/// [`RefData::court`](crate::refdata::RefData::court). Other organisations also have OU codes
/// (police forces, prosecutors); this type is only for courts, so it refuses them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OuCode(String);

string_id!(OuCode, display);

impl OuCode {
    /// Parse a court OU code, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise(IdKind::OuCode, input)?;
        let ok = s.is_ascii()
            && s.len() == 7
            && matches!(s.as_bytes()[0], b'B' | b'C')
            && all_digits(&s[1..3])
            && all_alnum(&s[3..7]);
        if !ok {
            return Err(IdError::new(IdKind::OuCode, FORMAT_HELP));
        }
        Ok(OuCode(s))
    }

    /// Magistrates' (`B…`) or Crown (`C…`).
    pub fn kind(&self) -> CourtKind {
        if self.0.starts_with('C') {
            CourtKind::Crown
        } else {
            CourtKind::Magistrates
        }
    }

    /// The 2-digit area (police force area) the court sits in.
    pub fn area(&self) -> &str {
        &self.0[1..3]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_courts_and_reads_kind() {
        let b = OuCode::parse(" b01be00 ").unwrap();
        assert_eq!(
            (b.as_str(), b.kind(), b.area()),
            ("B01BE00", CourtKind::Magistrates, "01")
        );
        let c = OuCode::parse("C01CE00").unwrap();
        assert_eq!(c.kind(), CourtKind::Crown);
        assert_eq!(c.to_string(), "C01CE00");
        assert_eq!(c.kind().to_string(), "Crown Court");
    }

    #[test]
    fn rejects_non_courts_and_malformed() {
        for bad in [
            "", "B01BE0", "B01BE000", "A01BE00", "01YY00", "BXXBE00", "B01B-00",
        ] {
            let e = OuCode::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::OuCode, "{bad}");
        }
        assert!(
            OuCode::parse("A01BE00")
                .unwrap_err()
                .to_string()
                .starts_with("Court code must be 7 characters")
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let c = OuCode::parse("B46DH00").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"B46DH00\"");
        assert_eq!(serde_json::from_str::<OuCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<OuCode>("\"Z46DH00\"").is_err());
        assert_eq!(
            serde_json::to_string(&CourtKind::Crown).unwrap(),
            "\"crown\""
        );
    }
}
