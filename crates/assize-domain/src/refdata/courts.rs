//! Criminal courts: the CJS OU list (authoritative for which courts exist and their codes),
//! enriched with address, region and open/closed from HMCTS "Find a Court or Tribunal" (FACT)
//! through a heuristic crosswalk that is *not* authoritative (refdata README).

use super::read_csv;
use crate::ids::{CourtKind, OuCode};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A magistrates' court or Crown Court centre, keyed by its OU code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Court {
    pub ou_code: String,
    /// Display name built from the OU list, distinct for every OU, e.g.
    /// "Belmarsh Magistrates' Court", "Barbican Crown Court (Aldersgate House)". Several OUs can
    /// share one FACT building, so FACT's name would not tell them apart.
    pub name: String,
    pub kind: CourtKind,
    /// The OU's area: the police force area the court serves, e.g. "London", "Kent".
    pub area: String,
    /// The OU list's PSA/LJA code (magistrates') or Crown Court code, e.g. "2575", "0413".
    pub court_code: Option<String>,
    /// The matched FACT court's name, e.g. "Belmarsh Magistrates' Court".
    pub fact_name: Option<String>,
    /// HMCTS region from FACT, when matched.
    pub region: Option<String>,
    pub address: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    /// True unless FACT says the matched court is closed.
    pub open: bool,
}

#[derive(Deserialize)]
struct OuRow {
    ou_code: String,
    court_kind: String,
    second_level_name: String,
    third_level_code: String,
    third_level_name: String,
    bottom_level_name: String,
    psa_or_court_code: String,
}

#[derive(Deserialize)]
struct CrosswalkRow {
    ou_code: String,
    ou_name: String,
    fact_id: String,
}

#[derive(Deserialize)]
struct FactRow {
    fact_id: String,
    name: String,
    open: String,
    region: String,
    address: String,
    town: String,
    postcode: String,
    postal_address: String,
    postal_town: String,
    postal_postcode: String,
}

/// Crosswalk rows checked by hand and found wrong: OU code → the right FACT id, or `None` to
/// leave the court unmatched.
const CROSSWALK_CORRECTIONS: &[(&str, Option<&str>)] = &[
    // Newport (Isle of Wight) magistrates' was matched by name to Newport (South Wales).
    ("B44JK00", None),
    // Newport IOW Crown Court is the Isle of Wight Combined Court (Crown code 478 = OU 0478),
    // not Newport (South Wales).
    ("C44NI00", Some("1479945")),
    // Matched to a FACT record named "Bournemouth" whose slug, address and postcode are Bodmin.
    ("B55IS00", None),
];

/// FACT regions known to be wrong: FACT id → corrected region.
const REGION_CORRECTIONS: &[(&str, &str)] = &[
    // Exeter Law Courts is tagged "South Wales Central" (country Wales) in FACT.
    ("1479940", "South West"),
    // Aberystwyth Justice Centre is tagged "North West" (known quirk in the refdata README).
    ("1479955", "Mid and West Wales"),
];

macro_rules! embedded {
    ($file:literal) => {
        read_csv(
            $file,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/refdata/", $file)),
        )
    };
}

/// Load the courts, sorted by name then OU code.
///
/// Kept: OUs starting B or C whose kind is a magistrates' or Crown court and that name a court
/// (third level set). Skipped: the `B000000`/`C000000` roots, the per-area `Bnn0000` rows and
/// the Stoke CTSC (a service centre, not a court). `B46DH00` is listed twice (Chatham and
/// Medway); the row the crosswalk matched to FACT wins.
pub(super) fn load() -> Vec<Court> {
    let ous: Vec<OuRow> = embedded!("courts/court_ou_codes_bichard.csv");
    let crosswalk: Vec<CrosswalkRow> = embedded!("courts/court_ou_to_fact_crosswalk.csv");
    let facts: Vec<FactRow> = embedded!("courts/courts_fact_criminal.csv");

    let facts: HashMap<&str, &FactRow> = facts.iter().map(|f| (f.fact_id.as_str(), f)).collect();
    let matched: HashMap<(&str, &str), &str> = crosswalk
        .iter()
        .filter(|c| !c.fact_id.trim().is_empty())
        .map(|c| ((c.ou_code.as_str(), c.ou_name.as_str()), c.fact_id.as_str()))
        .collect();

    let mut courts: Vec<Court> = Vec::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    for ou in &ous {
        let Some(kind) = court_kind(ou) else { continue };
        let ou_name = if ou.bottom_level_name.trim().is_empty() {
            ou.third_level_name.trim()
        } else {
            ou.bottom_level_name.trim()
        };
        if ou.third_level_code == "00" || ou_name.is_empty() {
            continue;
        }
        let code = OuCode::parse(&ou.ou_code).unwrap_or_else(|e| {
            panic!(
                "refdata courts/court_ou_codes_bichard.csv: {}: {e}",
                ou.ou_code
            )
        });
        let fact_id = match CROSSWALK_CORRECTIONS
            .iter()
            .find(|(c, _)| *c == code.as_str())
        {
            Some((_, corrected)) => *corrected,
            None => matched
                .get(&(ou.ou_code.as_str(), ou.third_level_name.as_str()))
                .copied(),
        };
        let fact = fact_id.map(|id| {
            *facts.get(id).unwrap_or_else(|| {
                panic!("refdata courts: crosswalk FACT id {id} for {code} is not in courts_fact_criminal.csv")
            })
        });
        let court = build(code, kind, ou, ou_name, fact);
        match by_code.get(&court.ou_code) {
            Some(&i) if courts[i].fact_name.is_none() && court.fact_name.is_some() => {
                courts[i] = court;
            }
            Some(_) => {}
            None => {
                by_code.insert(court.ou_code.clone(), courts.len());
                courts.push(court);
            }
        }
    }
    disambiguate_names(&mut courts);
    courts.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.ou_code.cmp(&b.ou_code)));
    courts
}

/// Two OUs can share a place name (Newport, Isle of Wight and Newport, Gwent); add the area so
/// that a picker never shows the same name twice.
fn disambiguate_names(courts: &mut [Court]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in courts.iter() {
        *counts.entry(c.name.clone()).or_default() += 1;
    }
    for c in courts.iter_mut() {
        if counts[&c.name] > 1 {
            c.name = format!("{} ({})", c.name, c.area);
        }
    }
}

fn court_kind(ou: &OuRow) -> Option<CourtKind> {
    match (ou.ou_code.as_bytes().first(), ou.court_kind.trim()) {
        (Some(b'B'), "Magistrates' Court") => Some(CourtKind::Magistrates),
        (Some(b'C'), "Crown Court") => Some(CourtKind::Crown),
        _ => None,
    }
}

fn build(
    code: OuCode,
    kind: CourtKind,
    ou: &OuRow,
    ou_name: &str,
    fact: Option<&FactRow>,
) -> Court {
    let (address, town, postcode) = match fact {
        Some(f) if !f.address.trim().is_empty() => (
            non_blank(&f.address),
            non_blank(&f.town),
            non_blank(&f.postcode),
        ),
        Some(f) => (
            non_blank(&f.postal_address),
            non_blank(&f.postal_town),
            non_blank(&f.postal_postcode),
        ),
        None => (None, None, None),
    };
    let region = fact.and_then(|f| {
        REGION_CORRECTIONS
            .iter()
            .find(|(id, _)| *id == f.fact_id)
            .map(|(_, region)| region.to_string())
            .or_else(|| non_blank(&f.region))
    });
    Court {
        name: display_name(ou_name, kind),
        ou_code: String::from(code),
        kind,
        area: ou.second_level_name.trim().to_string(),
        court_code: non_blank(&ou.psa_or_court_code),
        fact_name: fact.and_then(|f| non_blank(&f.name)),
        region,
        address,
        town,
        postcode,
        open: fact.is_none_or(|f| f.open.trim() != "false"),
    }
}

fn non_blank(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The OU name says only the place ("Belmarsh", "Bromley (County Court, College Road)"), so add
/// the kind of court after the place unless the place already names a court or justice centre.
fn display_name(ou_name: &str, kind: CourtKind) -> String {
    let name = ou_name.replace("((", "(");
    let (place, rest) = match name.find(" (") {
        Some(i) => name.split_at(i),
        None => (name.as_str(), ""),
    };
    let lower = place.to_lowercase();
    if ["court", "justice centre", "magistrates"]
        .iter()
        .any(|w| lower.contains(w))
    {
        name.clone()
    } else {
        format!("{place} {}{rest}", kind.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_adds_the_kind_after_the_place() {
        let m = CourtKind::Magistrates;
        assert_eq!(display_name("Belmarsh", m), "Belmarsh Magistrates' Court");
        assert_eq!(
            display_name("Barbican (Aldersgate House)", CourtKind::Crown),
            "Barbican Crown Court (Aldersgate House)"
        );
        assert_eq!(
            display_name("Bow (County Court, Romford Road)", m),
            "Bow Magistrates' Court (County Court, Romford Road)"
        );
        assert_eq!(
            display_name("Westminster Magistrates' Court", m),
            "Westminster Magistrates' Court"
        );
        assert_eq!(
            display_name("Derby Justice Centre", m),
            "Derby Justice Centre"
        );
        assert_eq!(
            display_name("Shire Hall ((County Court, Taunton)", m),
            "Shire Hall Magistrates' Court (County Court, Taunton)"
        );
    }
}
