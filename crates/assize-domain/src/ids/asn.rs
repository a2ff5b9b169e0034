//! Arrest/Summons Number: `YY FF UU SS NNNNNNNNNNN C`, the per-defendant key that links a court
//! result back to the police record on the PNC.

use super::{IdError, IdKind, all_alnum, all_digits, mod23_check_letter, normalise, string_id};
use serde::{Deserialize, Serialize};
use std::fmt;

const FORMAT_HELP: &str = "ASN must be 20 characters: 2-digit year, 2-digit police force code, \
     2-character unit, 2-character system, 11-digit sequence and a check letter, \
     e.g. 11/01ZD/01/00000448754K";

/// A validated ASN, stored in its canonical 20-character form without slashes
/// (`1101ZD0100000448754K`) and displayed the way it is printed on charge sheets
/// (`11/01ZD/01/00000448754K`).
///
/// Check character (criminal-process.md; MoJ bichard7-next-core `src/lib/Asn.ts`):
/// `"ZABCDEFGHJKLMNPQRTUVWXY"[int(FF ‖ SS ‖ YY ‖ sequence11) mod 23]`. As in Bichard, the
/// system part SS only takes part when it is all digits; an alphanumeric system code (and the
/// unit UU, always) is left out of the number, so a typo there is not caught by the check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Asn(String);

string_id!(Asn);

impl Asn {
    /// Parse the canonical 20-character form or the slashed display form
    /// `YY/FFUU/SS/NNNNNNNNNNNC`, in either case, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let err = |m: String| IdError::new(IdKind::Asn, m);
        let s = normalise(IdKind::Asn, input)?;
        let s = if s.contains('/') {
            let b = s.as_bytes();
            let slashes_ok = b.len() == 23
                && b[2] == b'/'
                && b[7] == b'/'
                && b[10] == b'/'
                && s.matches('/').count() == 3;
            if !slashes_ok {
                return Err(err(format!(
                    "{FORMAT_HELP}; with slashes it is written YY/FFUU/SS/NNNNNNNNNNNC"
                )));
            }
            s.replace('/', "")
        } else {
            s
        };
        if !s.is_ascii() || s.len() != 20 {
            return Err(err(format!(
                "{FORMAT_HELP} (you entered {} characters)",
                s.chars().count()
            )));
        }
        let (year, force, unit) = (&s[0..2], &s[2..4], &s[4..6]);
        let (system, sequence, check) = (&s[6..8], &s[8..19], &s[19..20]);
        if !all_digits(year) {
            return Err(err(format!("ASN year must be 2 digits, found \"{year}\"")));
        }
        if !all_digits(force) {
            return Err(err(format!(
                "ASN police force code must be 2 digits, found \"{force}\""
            )));
        }
        if !all_alnum(unit) {
            return Err(err(format!(
                "ASN unit must be 2 letters or digits, found \"{unit}\""
            )));
        }
        if !all_alnum(system) {
            return Err(err(format!(
                "ASN system must be 2 letters or digits, found \"{system}\""
            )));
        }
        if !all_digits(sequence) {
            return Err(err(format!(
                "ASN sequence must be 11 digits, found \"{sequence}\""
            )));
        }
        let found = check.chars().next().unwrap_or('?');
        let expected = check_letter_for(year, force, system, sequence);
        if found != expected {
            return Err(err(format!(
                "ASN check character is wrong: expected {expected}, found {found}"
            )));
        }
        Ok(Asn(s))
    }

    /// The check letter for the given parts (see the type's documentation).
    /// `year2` and `force` are taken mod 100 and `sequence` mod 10^11, i.e. as the digits
    /// that would appear in the ASN.
    pub fn check_char(year2: u8, force: u8, system: &str, sequence: u64) -> char {
        let year = format!("{:02}", year2 % 100);
        let force = format!("{:02}", force % 100);
        let sequence = format!("{:011}", sequence % 100_000_000_000);
        check_letter_for(&year, &force, &system.to_ascii_uppercase(), &sequence)
    }

    /// Build an ASN with the correct check letter; for demo and test data.
    ///
    /// # Panics
    /// If a part is out of range (see [`Asn::try_generate`]); demo data is fixed at compile time.
    pub fn generate(year2: u8, force: u8, unit: &str, system: &str, sequence: u64) -> Asn {
        Self::try_generate(year2, force, unit, system, sequence)
            .unwrap_or_else(|e| panic!("Asn::generate: {e}"))
    }

    /// Build an ASN with the correct check letter, refusing a year or force over 99, a unit or
    /// system that is not 2 letters/digits, or a sequence over 11 digits.
    pub fn try_generate(
        year2: u8,
        force: u8,
        unit: &str,
        system: &str,
        sequence: u64,
    ) -> Result<Asn, IdError> {
        if year2 > 99 || force > 99 || sequence > 99_999_999_999 {
            return Err(IdError::new(
                IdKind::Asn,
                format!("{FORMAT_HELP} (year, force or sequence out of range)"),
            ));
        }
        let check = Self::check_char(year2, force, system, sequence);
        let unit = unit.to_ascii_uppercase();
        let system = system.to_ascii_uppercase();
        Self::parse(&format!(
            "{year2:02}{force:02}{unit}{system}{sequence:011}{check}"
        ))
    }

    /// Two-digit year the ASN was issued.
    pub fn year2(&self) -> u8 {
        self.0[0..2].parse().unwrap_or_default()
    }

    /// Two-digit PNC police force code (not necessarily a current force).
    pub fn force(&self) -> &str {
        &self.0[2..4]
    }

    /// Two-character unit (station) code.
    pub fn unit(&self) -> &str {
        &self.0[4..6]
    }

    /// Two-character system code.
    pub fn system(&self) -> &str {
        &self.0[6..8]
    }

    /// The 11-digit sequence number.
    pub fn sequence(&self) -> u64 {
        self.0[8..19].parse().unwrap_or_default()
    }

    /// The check letter.
    pub fn check_character(&self) -> char {
        char::from(self.0.as_bytes()[19])
    }
}

/// FF ‖ SS (digits only) ‖ YY ‖ sequence, mod 23.
fn check_letter_for(year: &str, force: &str, system: &str, sequence: &str) -> char {
    let system = if all_digits(system) { system } else { "" };
    mod23_check_letter(&format!("{force}{system}{year}{sequence}"))
}

impl fmt::Display for Asn {
    /// `YY/FFUU/SS/NNNNNNNNNNNC`, the printed form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{}/{}/{}/{}", &s[0..2], &s[2..6], &s[6..8], &s[8..20])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BICHARD: &str = "1101ZD0100000448754K";

    #[test]
    fn accepts_canonical_slashed_and_lower_case() {
        let a = Asn::parse(BICHARD).unwrap();
        assert_eq!(a.as_str(), BICHARD);
        assert_eq!(Asn::parse(" 11/01zd/01/00000448754k ").unwrap(), a);
        assert_eq!(Asn::parse("1101zd0100000448754k").unwrap(), a);
        assert_eq!(
            (a.year2(), a.force(), a.unit(), a.system()),
            (11, "01", "ZD", "01")
        );
        assert_eq!((a.sequence(), a.check_character()), (448_754, 'K'));
    }

    #[test]
    fn display_has_slashes_serde_has_none() {
        let a = Asn::parse(BICHARD).unwrap();
        assert_eq!(a.to_string(), "11/01ZD/01/00000448754K");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, format!("\"{BICHARD}\""));
        assert_eq!(serde_json::from_str::<Asn>(&json).unwrap(), a);
        assert_eq!(
            serde_json::from_str::<Asn>("\"11/01ZD/01/00000448754K\"").unwrap(),
            a
        );
        assert!(serde_json::from_str::<Asn>("\"1101ZD0100000448754Z\"").is_err());
    }

    #[test]
    fn wrong_check_character_says_which_is_expected() {
        let e = Asn::parse("1101ZD0100000448754Z").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ASN check character is wrong: expected K, found Z"
        );
        assert_eq!(e.kind(), IdKind::Asn);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "1101ZD010000448754K",
            "1101ZD0100000448754KK",
            "AA01ZD0100000448754K",
            "11X1ZD0100000448754K",
            "1101Z-0100000448754K",
            "1101ZD0100000A48754K",
            "11/01ZD01/00000448754K",
            "1101ZD0100000448754£",
        ] {
            assert!(Asn::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(
            Asn::parse("1101ZD010000448754K")
                .unwrap_err()
                .to_string()
                .starts_with("ASN must be 20 characters")
        );
    }

    #[test]
    fn alphanumeric_system_is_left_out_of_the_check() {
        // With system "AB", the number is FF ‖ YY ‖ sequence = "01" "11" "00000448754".
        let expected = mod23_check_letter("011100000448754");
        assert_eq!(Asn::check_char(11, 1, "AB", 448_754), expected);
        let a = Asn::generate(11, 1, "ZD", "ab", 448_754);
        assert_eq!(a.as_str(), format!("1101ZDAB00000448754{expected}"));
    }

    #[test]
    fn generate_matches_bichard_vector() {
        assert_eq!(Asn::generate(11, 1, "zd", "01", 448_754).as_str(), BICHARD);
        assert!(Asn::try_generate(11, 1, "Z", "01", 1).is_err());
        assert!(Asn::try_generate(100, 1, "ZD", "01", 1).is_err());
    }

    fn alnum2() -> impl Strategy<Value = String> {
        "[A-Z0-9]{2}"
    }

    proptest! {
        #[test]
        fn generate_then_parse_round_trips(
            y in 0u8..100, f in 0u8..100, u in alnum2(), s in alnum2(), n in 0u64..100_000_000_000
        ) {
            let a = Asn::generate(y, f, &u, &s, n);
            prop_assert_eq!(Asn::parse(a.as_str()).unwrap(), a.clone());
            let displayed = a.to_string();
            prop_assert_eq!(Asn::parse(&displayed).unwrap(), a.clone());
            prop_assert_eq!((a.year2(), a.sequence()), (y, n));
        }

        #[test]
        fn single_character_change_is_never_the_same_asn(
            y in 0u8..100, f in 0u8..100, u in alnum2(), s in alnum2(), n in 0u64..100_000_000_000,
            pos in 0usize..20, replacement in "[A-Z0-9]"
        ) {
            let a = Asn::generate(y, f, &u, &s, n);
            let mut chars: Vec<char> = a.as_str().chars().collect();
            let new = replacement.chars().next().unwrap();
            prop_assume!(chars[pos] != new);
            let old = chars[pos];
            chars[pos] = new;
            let mutated: String = chars.into_iter().collect();
            match Asn::parse(&mutated) {
                Ok(b) => {
                    prop_assert_ne!(&b, &a);
                    prop_assert_eq!(b.as_str(), mutated.as_str());
                    // Only the parts outside the check number may change undetected.
                    let in_check = matches!(pos, 0..=3 | 8..=19)
                        || (matches!(pos, 6 | 7) && all_digits(a.system()) && new.is_ascii_digit() && old.is_ascii_digit());
                    prop_assert!(!in_check, "digit change at {} went undetected: {}", pos, mutated);
                }
                Err(e) => prop_assert_eq!(e.kind(), IdKind::Asn),
            }
        }
    }
}
