//! Reporting restrictions as typed records: the statutory basis, whom they protect and when.
//! Public outputs (court lists, published results) must honour every one of them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The legal basis of a restriction (criminal-process.md, "Reporting restrictions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RestrictionBasis {
    /// Children and Young Persons Act 1933 s.49: automatic in the youth court.
    Cypa1933S49,
    /// Youth Justice and Criminal Evidence Act 1999 s.45: under-18s in adult courts, by order.
    Yjcea1999S45,
    /// YJCEA 1999 s.45A: lifelong anonymity for under-18 victims and witnesses, by order.
    Yjcea1999S45A,
    /// YJCEA 1999 s.46: adult witnesses in fear or distress, by order.
    Yjcea1999S46,
    /// Sexual Offences (Amendment) Act 1992 s.1: lifelong anonymity of complainants, automatic.
    Soa1992S1,
    /// Contempt of Court Act 1981 s.4(2): postponement of reporting.
    Cca1981S4_2,
    /// Contempt of Court Act 1981 s.11: withholding a name or other matter.
    Cca1981S11,
}

impl RestrictionBasis {
    pub fn citation(self) -> &'static str {
        match self {
            RestrictionBasis::Cypa1933S49 => "Children and Young Persons Act 1933 s.49",
            RestrictionBasis::Yjcea1999S45 => "Youth Justice and Criminal Evidence Act 1999 s.45",
            RestrictionBasis::Yjcea1999S45A => "Youth Justice and Criminal Evidence Act 1999 s.45A",
            RestrictionBasis::Yjcea1999S46 => "Youth Justice and Criminal Evidence Act 1999 s.46",
            RestrictionBasis::Soa1992S1 => "Sexual Offences (Amendment) Act 1992 s.1",
            RestrictionBasis::Cca1981S4_2 => "Contempt of Court Act 1981 s.4(2)",
            RestrictionBasis::Cca1981S11 => "Contempt of Court Act 1981 s.11",
        }
    }
    /// Restrictions that apply by operation of law rather than by order.
    pub fn is_automatic(self) -> bool {
        matches!(
            self,
            RestrictionBasis::Cypa1933S49 | RestrictionBasis::Soa1992S1
        )
    }
}

/// Whom a restriction protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RestrictionSubject {
    /// The whole case (e.g. postponement of all reporting).
    Case,
    Defendant {
        defendant_id: Uuid,
    },
    Witness {
        witness_id: Uuid,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportingRestriction {
    pub id: Uuid,
    pub basis: RestrictionBasis,
    pub subject: RestrictionSubject,
    /// What may not be reported, in the court's words.
    pub details: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    /// None: until lifted (or lifelong for automatic anonymity).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub ends_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub lifted_on: Option<Date>,
}

impl ReportingRestriction {
    /// Whether the restriction is in force on `date`.
    pub fn in_force_on(&self, date: Date) -> bool {
        date >= self.starts_on
            && self.ends_on.is_none_or(|e| date <= e)
            && self.lifted_on.is_none_or(|l| date < l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn in_force_between_start_and_end_until_lifted() {
        let mut r = ReportingRestriction {
            id: Uuid::nil(),
            basis: RestrictionBasis::Cca1981S4_2,
            subject: RestrictionSubject::Case,
            details: None,
            starts_on: date(2026, 1, 1),
            ends_on: Some(date(2026, 6, 30)),
            lifted_on: None,
        };
        assert!(!r.in_force_on(date(2025, 12, 31)));
        assert!(r.in_force_on(date(2026, 6, 30)));
        assert!(!r.in_force_on(date(2026, 7, 1)));
        r.lifted_on = Some(date(2026, 3, 1));
        assert!(!r.in_force_on(date(2026, 3, 1)));
        assert!(r.basis.citation().contains("1981"));
    }
}
