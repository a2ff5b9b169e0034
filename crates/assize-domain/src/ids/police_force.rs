//! PNC police force code: 2 digits, e.g. `01` (Metropolitan Police Service), `93` (BTP).

use super::{IdError, IdKind, all_digits, normalise, string_id};
use crate::refdata::{PoliceForce, RefData};
use serde::{Deserialize, Serialize};

/// A police force code that exists in refdata `codes/police_forces.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PoliceForceCode(String);

string_id!(PoliceForceCode, display);

impl PoliceForceCode {
    /// Parse a 2-digit force code that is on the PNC list, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise(IdKind::PoliceForceCode, input)?;
        if s.len() != 2 || !all_digits(&s) {
            return Err(IdError::new(
                IdKind::PoliceForceCode,
                format!("Police force code must be 2 digits, e.g. 01, found \"{s}\""),
            ));
        }
        if RefData::global().police_force(&s).is_none() {
            return Err(IdError::new(
                IdKind::PoliceForceCode,
                format!("Police force code {s} is not a known police force"),
            ));
        }
        Ok(PoliceForceCode(s))
    }

    /// The force's reference-data record (always present: checked at parse).
    pub fn force(&self) -> &'static PoliceForce {
        RefData::global()
            .police_force(&self.0)
            .expect("a parsed PoliceForceCode is in the reference data")
    }

    /// The force's name, e.g. "Kent".
    pub fn name(&self) -> &'static str {
        &self.force().name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_forces() {
        let f = PoliceForceCode::parse(" 46 ").unwrap();
        assert_eq!((f.as_str(), f.name()), ("46", "Kent"));
        assert_eq!(f.to_string(), "46");
        assert_eq!(PoliceForceCode::parse("93").unwrap().name(), "BTP");
    }

    #[test]
    fn rejects_unknown_and_malformed() {
        assert_eq!(
            PoliceForceCode::parse("19").unwrap_err().to_string(),
            "Police force code 19 is not a known police force"
        );
        for bad in ["", "1", "123", "AB", "B01DU"] {
            let e = PoliceForceCode::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::PoliceForceCode, "{bad}");
        }
    }

    #[test]
    fn serde_round_trip_validates() {
        let f = PoliceForceCode::parse("01").unwrap();
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, "\"01\"");
        assert_eq!(serde_json::from_str::<PoliceForceCode>(&json).unwrap(), f);
        assert!(serde_json::from_str::<PoliceForceCode>("\"19\"").is_err());
    }
}
