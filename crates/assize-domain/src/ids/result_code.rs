//! CJS result code: 4 digits (`1015` fine, `4027` remand on conditional bail).

use super::{IdError, IdKind, all_digits, normalise, string_id};
use serde::{Deserialize, Serialize};

/// A syntactically valid CJS result code. Whether it exists is a reference-data question: see
/// [`RefData::result`](crate::refdata::RefData::result).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResultCode(String);

string_id!(ResultCode, display);

impl ResultCode {
    /// Parse a 4-digit result code, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise(IdKind::ResultCode, input)?;
        if s.len() != 4 || !all_digits(&s) {
            return Err(IdError::new(
                IdKind::ResultCode,
                format!("Result code must be 4 digits, e.g. 1015, found \"{s}\""),
            ));
        }
        Ok(ResultCode(s))
    }

    /// The code as a number (for range rules such as "1000–1999 are disposals").
    pub fn number(&self) -> u16 {
        self.0.parse().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_four_digits() {
        let r = ResultCode::parse(" 1015 ").unwrap();
        assert_eq!((r.as_str(), r.number()), ("1015", 1015));
        assert_eq!(r.to_string(), "1015");
        assert_eq!(ResultCode::parse("0001").unwrap().number(), 1);
    }

    #[test]
    fn rejects_others() {
        for bad in ["", "101", "10155", "10a5", "-101"] {
            assert_eq!(
                ResultCode::parse(bad).unwrap_err().kind(),
                IdKind::ResultCode
            );
        }
        assert_eq!(
            ResultCode::parse("10a5").unwrap_err().to_string(),
            "Result code must be 4 digits, e.g. 1015, found \"10A5\""
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let r = ResultCode::parse("4027").unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"4027\"");
        assert_eq!(serde_json::from_str::<ResultCode>(&json).unwrap(), r);
        assert!(serde_json::from_str::<ResultCode>("\"40270\"").is_err());
    }
}
