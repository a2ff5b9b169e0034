//! CJS offence code: `AAYYNNN` plus an optional suffix for attempts, aiding, conspiracy and
//! incitement (criminal-process.md, "Identifiers").

use super::{IdError, IdKind, all_digits, normalise, string_id};
use serde::{Deserialize, Serialize};

const FORMAT_HELP: &str = "Offence code must be 7 letters/digits (AAYYNNN) with an optional \
     A, B, C or I suffix, e.g. TH68010 or TH68010A";

/// A syntactically valid CJS offence code such as `TH68010` (theft from a shop) or `TH68010A`
/// (attempt). Whether the code exists is a reference-data question: see
/// [`RefData::offence`](crate::refdata::RefData::offence).
///
/// Accepted shapes: two letters (the Act), two digits (its year), three digits (the offence),
/// then an optional suffix. Common-law offences use the prefix `COML` instead of letters and a
/// year (`COML025` murder), so `COMLNNN` is accepted too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OffenceCode(String);

string_id!(OffenceCode, display);

/// The inchoate or secondary form of an offence, shown by the eighth character of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffenceSuffix {
    /// `A`: attempt.
    Attempt,
    /// `B`: aid, abet, counsel or procure.
    AidAbet,
    /// `C`: conspiracy.
    Conspiracy,
    /// `I`: incitement (now encouraging or assisting).
    Incitement,
}

impl OffenceSuffix {
    pub fn from_letter(c: char) -> Option<Self> {
        match c {
            'A' => Some(Self::Attempt),
            'B' => Some(Self::AidAbet),
            'C' => Some(Self::Conspiracy),
            'I' => Some(Self::Incitement),
            _ => None,
        }
    }

    pub fn letter(self) -> char {
        match self {
            Self::Attempt => 'A',
            Self::AidAbet => 'B',
            Self::Conspiracy => 'C',
            Self::Incitement => 'I',
        }
    }

    /// Words to put before an offence title, e.g. "Attempt".
    pub fn description(self) -> &'static str {
        match self {
            Self::Attempt => "Attempt",
            Self::AidAbet => "Aid, abet, counsel or procure",
            Self::Conspiracy => "Conspiracy",
            Self::Incitement => "Incite",
        }
    }
}

impl OffenceCode {
    /// Check the shape of an offence code, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let err = |m: String| IdError::new(IdKind::OffenceCode, m);
        let s = normalise(IdKind::OffenceCode, input)?;
        if !s.is_ascii() || !(7..=8).contains(&s.len()) {
            return Err(err(format!(
                "{FORMAT_HELP} (you entered {} characters)",
                s.chars().count()
            )));
        }
        let base = &s[0..7];
        let base_ok = if base.starts_with("COML") {
            all_digits(&base[4..7])
        } else {
            base[0..2].bytes().all(|b| b.is_ascii_uppercase()) && all_digits(&base[2..7])
        };
        if !base_ok {
            return Err(err(FORMAT_HELP.to_string()));
        }
        if let Some(c) = s[7..].chars().next()
            && OffenceSuffix::from_letter(c).is_none()
        {
            return Err(err(format!(
                "Offence code suffix must be A (attempt), B (aid/abet), C (conspiracy) or \
                 I (incite), found {c}"
            )));
        }
        Ok(OffenceCode(s))
    }

    /// The code without its suffix (`TH68010` for `TH68010A`).
    pub fn base_code(&self) -> &str {
        &self.0[0..7]
    }

    /// The suffix, if any.
    pub fn suffix(&self) -> Option<OffenceSuffix> {
        self.0[7..]
            .chars()
            .next()
            .and_then(OffenceSuffix::from_letter)
    }

    /// The code without its suffix, as an `OffenceCode`.
    pub fn base(&self) -> OffenceCode {
        OffenceCode(self.base_code().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_suffixed_and_common_law() {
        let c = OffenceCode::parse(" th68010a ").unwrap();
        assert_eq!(c.as_str(), "TH68010A");
        assert_eq!(c.to_string(), "TH68010A");
        assert_eq!(c.base_code(), "TH68010");
        assert_eq!(c.base().as_str(), "TH68010");
        assert_eq!(c.suffix(), Some(OffenceSuffix::Attempt));
        let plain = OffenceCode::parse("TH68010").unwrap();
        assert_eq!(plain.suffix(), None);
        assert_eq!(plain.base_code(), "TH68010");
        assert!(OffenceCode::parse("COML025").is_ok());
        assert_eq!(
            OffenceCode::parse("COML016C").unwrap().suffix(),
            Some(OffenceSuffix::Conspiracy)
        );
        for l in ['A', 'B', 'C', 'I'] {
            let s = OffenceSuffix::from_letter(l).unwrap();
            assert_eq!(s.letter(), l);
        }
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "TH6801",
            "TH680100A",
            "T168010",
            "TH6801O",
            "1H68010",
            "COMLX25",
            "ABCD123",
        ] {
            let e = OffenceCode::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::OffenceCode, "{bad}");
        }
        assert_eq!(
            OffenceCode::parse("TH6801").unwrap_err().to_string(),
            "Offence code must be 7 letters/digits (AAYYNNN) with an optional A, B, C or I \
             suffix, e.g. TH68010 or TH68010A (you entered 6 characters)"
        );
        assert!(
            OffenceCode::parse("TH68010X")
                .unwrap_err()
                .to_string()
                .ends_with("found X")
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let c = OffenceCode::parse("RT88191").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"RT88191\"");
        assert_eq!(serde_json::from_str::<OffenceCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<OffenceCode>("\"RT8819\"").is_err());
    }
}
