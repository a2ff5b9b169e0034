//! Validating identifiers of the criminal justice system (criminal-process.md, "Identifiers").
//!
//! Every identifier is a newtype that can only be built by `parse` (or a `generate` constructor
//! that computes the check character), so a value of the type is always well formed. Input is
//! forgiving where people are: surrounding whitespace is ignored and lower case is accepted, but
//! the stored form is always the canonical upper-case one. Errors are written for the person at
//! the keyboard (a court clerk or police admin), not for a developer.

mod asn;
mod case_number;
mod offence_code;
mod ou_code;
mod pnc_id;
mod police_force;
mod result_code;
mod urn;

pub use asn::Asn;
pub use case_number::{CrownCaseNumber, CrownCaseType};
pub use offence_code::{OffenceCode, OffenceSuffix};
pub use ou_code::{CourtKind, OuCode};
pub use pnc_id::PncId;
pub use police_force::PoliceForceCode;
pub use result_code::ResultCode;
pub use urn::Urn;

use serde::Serialize;
use std::fmt;

/// Which identifier a validation error is about, so an API can point at the right field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    Urn,
    Asn,
    PncId,
    OffenceCode,
    ResultCode,
    OuCode,
    CrownCaseNumber,
    PoliceForceCode,
}

impl IdKind {
    /// The name a court user knows the identifier by.
    pub fn label(self) -> &'static str {
        match self {
            IdKind::Urn => "URN",
            IdKind::Asn => "ASN",
            IdKind::PncId => "PNC ID",
            IdKind::OffenceCode => "Offence code",
            IdKind::ResultCode => "Result code",
            IdKind::OuCode => "Court code",
            IdKind::CrownCaseNumber => "Crown Court case number",
            IdKind::PoliceForceCode => "Police force code",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why an identifier was refused. The message is complete and can be shown as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{message}")]
    Invalid { kind: IdKind, message: String },
}

impl IdError {
    pub(crate) fn new(kind: IdKind, message: impl Into<String>) -> Self {
        IdError::Invalid {
            kind,
            message: message.into(),
        }
    }

    /// The identifier the error is about.
    pub fn kind(&self) -> IdKind {
        match self {
            IdError::Invalid { kind, .. } => *kind,
        }
    }

    /// The human-readable explanation (same text as `Display`).
    pub fn message(&self) -> &str {
        match self {
            IdError::Invalid { message, .. } => message,
        }
    }
}

/// The 23 check letters used by the PNC for ASNs and PNC IDs: the alphabet without I, O and S
/// (easily confused with 1, 0 and 5), with Z standing for remainder 0. Source: MoJ
/// bichard7-next-core `src/lib/Asn.ts` and MoJ hmpps-person-record `PNCIdValidator.kt`.
pub(crate) const CHECK_LETTERS: &[u8; 23] = b"ZABCDEFGHJKLMNPQRTUVWXY";

/// The check letter for a string of decimal digits: `CHECK_LETTERS[int(digits) mod 23]`.
/// Computed digit by digit so no length of input can overflow.
pub(crate) fn mod23_check_letter(digits: &str) -> char {
    let remainder = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u32, |acc, d| (acc * 10 + u32::from(d - b'0')) % 23);
    char::from(CHECK_LETTERS[remainder as usize])
}

/// Trim and upper-case user input; refuse blank input with a message naming the identifier.
pub(crate) fn normalise(kind: IdKind, input: &str) -> Result<String, IdError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(IdError::new(kind, format!("{} is blank", kind.label())));
    }
    Ok(s.to_ascii_uppercase())
}

pub(crate) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn all_alnum(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The shared plumbing of a string identifier: `as_str`, `FromStr`, `AsRef<str>`, and the
/// `TryFrom<String>` / `From<Id> for String` pair that `#[serde(try_from, into)]` uses so that
/// deserialising re-validates. `display` also implements `Display` as the canonical string.
macro_rules! string_id {
    ($ty:ident) => {
        impl $ty {
            /// The canonical (stored and serialised) form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl ::std::str::FromStr for $ty {
            type Err = $crate::ids::IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl ::std::convert::TryFrom<String> for $ty {
            type Error = $crate::ids::IdError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$ty> for String {
            fn from(id: $ty) -> String {
                id.0
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
    ($ty:ident, display) => {
        string_id!($ty);
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use string_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod23_matches_big_integer_arithmetic() {
        // 1011100000448754 mod 23 = 10 -> 'K' (bichard's ASN test vector 1101ZD0100000448754K).
        assert_eq!(1_011_100_000_448_754u64 % 23, 10);
        assert_eq!(mod23_check_letter("1011100000448754"), 'K');
        assert_eq!(mod23_check_letter("0"), 'Z');
        assert_eq!(mod23_check_letter("22"), 'Y');
    }

    #[test]
    fn error_exposes_kind_and_message() {
        let e = normalise(IdKind::Urn, "   ").unwrap_err();
        assert_eq!(e.kind(), IdKind::Urn);
        assert_eq!(e.message(), "URN is blank");
        assert_eq!(e.to_string(), "URN is blank");
    }
}
