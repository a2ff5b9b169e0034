//! PNC ID (Police National Computer person identifier): `YYYY/NNNNNNNC`.

use super::{IdError, IdKind, all_digits, mod23_check_letter, normalise, string_id};
use serde::{Deserialize, Serialize};

const FORMAT_HELP: &str = "PNC ID must look like 2004/0012345D: a 4-digit year, a slash, \
     a 7-digit serial number and a check letter";

/// A validated PNC ID, stored and displayed as `YYYY/NNNNNNNC`.
///
/// Check letter (criminal-process.md; MoJ hmpps-person-record `PNCIdValidator.kt`):
/// `"ZABCDEFGHJKLMNPQRTUVWXY"[int(YY ‖ NNNNNNN) mod 23]` where YY is the last two digits of
/// the year. The century digits are not part of the check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PncId(String);

string_id!(PncId, display);

impl PncId {
    /// Parse `YYYY/NNNNNNNC` or `YYYYNNNNNNNC`, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let err = |m: String| IdError::new(IdKind::PncId, m);
        let s = normalise(IdKind::PncId, input)?;
        let compact = match (s.len(), s.find('/')) {
            (13, Some(4)) => s.replacen('/', "", 1),
            (12, None) => s,
            _ => return Err(err(FORMAT_HELP.to_string())),
        };
        if !compact.is_ascii() {
            return Err(err(FORMAT_HELP.to_string()));
        }
        let (year, serial, check) = (&compact[0..4], &compact[4..11], &compact[11..12]);
        if !all_digits(year) {
            return Err(err(format!(
                "{FORMAT_HELP}; the year \"{year}\" is not 4 digits"
            )));
        }
        if !all_digits(serial) {
            return Err(err(format!(
                "{FORMAT_HELP}; the serial number \"{serial}\" is not 7 digits"
            )));
        }
        let found = check.chars().next().unwrap_or('?');
        let expected = Self::check_letter_for(year, serial);
        if found != expected {
            return Err(err(format!(
                "PNC ID check letter is wrong: expected {expected}, found {found}"
            )));
        }
        Ok(PncId(format!("{year}/{serial}{found}")))
    }

    /// The check letter for a year (any 4-digit year; only its last two digits count) and a
    /// 7-digit serial (taken mod 10^7).
    pub fn check_char(year4: u16, serial: u32) -> char {
        Self::check_letter_for(
            &format!("{:04}", year4 % 10_000),
            &format!("{:07}", serial % 10_000_000),
        )
    }

    /// Build a PNC ID with the correct check letter; for demo and test data.
    ///
    /// # Panics
    /// If `year4` > 9999 or `serial` > 9,999,999.
    pub fn generate(year4: u16, serial: u32) -> PncId {
        Self::try_generate(year4, serial).unwrap_or_else(|e| panic!("PncId::generate: {e}"))
    }

    /// Build a PNC ID with the correct check letter, refusing out-of-range parts.
    pub fn try_generate(year4: u16, serial: u32) -> Result<PncId, IdError> {
        if year4 > 9_999 || serial > 9_999_999 {
            return Err(IdError::new(IdKind::PncId, FORMAT_HELP));
        }
        let check = Self::check_char(year4, serial);
        Self::parse(&format!("{year4:04}/{serial:07}{check}"))
    }

    /// The 4-digit year the person was first recorded.
    pub fn year(&self) -> u16 {
        self.0[0..4].parse().unwrap_or_default()
    }

    /// The 7-digit serial number.
    pub fn serial(&self) -> u32 {
        self.0[5..12].parse().unwrap_or_default()
    }

    /// The check letter.
    pub fn check_character(&self) -> char {
        char::from(self.0.as_bytes()[12])
    }

    fn check_letter_for(year4: &str, serial: &str) -> char {
        mod23_check_letter(&format!("{}{serial}", &year4[2..4]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn check_letter_follows_the_rule() {
        // 04 ‖ 0012345 = 40012345; 40012345 mod 23 = 4 -> 'D'.
        assert_eq!(40_012_345u32 % 23, 4);
        assert_eq!(PncId::check_char(2004, 12_345), 'D');
        assert_eq!(PncId::generate(2004, 12_345).as_str(), "2004/0012345D");
    }

    #[test]
    fn accepts_with_or_without_slash_and_lower_case() {
        let p = PncId::parse("2004/0012345D").unwrap();
        assert_eq!(PncId::parse(" 20040012345d ").unwrap(), p);
        assert_eq!(p.to_string(), "2004/0012345D");
        assert_eq!(
            (p.year(), p.serial(), p.check_character()),
            (2004, 12_345, 'D')
        );
    }

    #[test]
    fn wrong_check_letter_is_explained() {
        let e = PncId::parse("2004/0012345L").unwrap_err();
        assert_eq!(
            e.to_string(),
            "PNC ID check letter is wrong: expected D, found L"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "04/0012345C",
            "2004/012345C",
            "2004-0012345C",
            "200/40012345C",
            "20A4/0012345C",
            "2004/00123X5C",
            "2004/0012345CC",
        ] {
            let e = PncId::parse(bad).unwrap_err();
            assert_eq!(e.kind(), IdKind::PncId, "{bad}");
        }
        assert!(
            PncId::parse("2004/012345C")
                .unwrap_err()
                .to_string()
                .starts_with("PNC ID must look like 2004/0012345D")
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let p = PncId::generate(1998, 7_654_321);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{p}\""));
        assert_eq!(serde_json::from_str::<PncId>(&json).unwrap(), p);
        let wrong = if p.check_character() == 'Z' { 'A' } else { 'Z' };
        assert!(serde_json::from_str::<PncId>(&format!("\"1998/7654321{wrong}\"")).is_err());
        assert!(serde_json::from_str::<PncId>("\"nonsense\"").is_err());
    }

    proptest! {
        #[test]
        fn generate_then_parse_round_trips(y in 0u16..10_000, n in 0u32..10_000_000) {
            let p = PncId::generate(y, n);
            prop_assert_eq!(PncId::parse(p.as_str()).unwrap(), p.clone());
            prop_assert_eq!(PncId::parse(&p.as_str().replace('/', "")).unwrap(), p.clone());
            prop_assert_eq!((p.year(), p.serial()), (y, n));
        }

        #[test]
        fn single_character_change_is_never_the_same_id(
            y in 0u16..10_000, n in 0u32..10_000_000, pos in 0usize..13, replacement in "[A-Z0-9/]"
        ) {
            let p = PncId::generate(y, n);
            let mut chars: Vec<char> = p.as_str().chars().collect();
            let new = replacement.chars().next().unwrap();
            prop_assume!(chars[pos] != new);
            chars[pos] = new;
            let mutated: String = chars.into_iter().collect();
            match PncId::parse(&mutated) {
                Ok(q) => {
                    prop_assert_ne!(&q, &p);
                    // Only the century digits are outside the check.
                    prop_assert!(pos < 2, "change at {} went undetected: {}", pos, mutated);
                }
                Err(e) => prop_assert_eq!(e.kind(), IdKind::PncId),
            }
        }
    }
}
