//! The intake form as typed: every value kept as text so a re-rendered form shows exactly what
//! was entered. Repeating blocks are numbered in the field names (`d0-o1-code`), so the form
//! posts as flat name/value pairs and needs no JavaScript to add or remove a block.

use std::collections::HashMap;

pub use super::date::DateParts;

/// Limits on the blocks a form may carry, so a forged field name cannot make a page of a
/// million blocks (the body limit alone allows many thousands).
pub const MAX_DEFENDANTS: usize = 50;
pub const MAX_OFFENCES: usize = 100;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OffenceForm {
    pub code: String,
    pub wording: String,
    pub from: DateParts,
    pub to: DateParts,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DefendantForm {
    pub given_names: String,
    pub family_name: String,
    pub dob: DateParts,
    pub address_lines: [String; 3],
    pub postcode: String,
    pub asn: String,
    pub pnc_id: String,
    pub custody_status: String,
    pub offences: Vec<OffenceForm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntakeForm {
    pub urn: String,
    pub initiation_type: String,
    pub prosecution_authority_code: String,
    pub originating_organisation: String,
    pub defendants: Vec<DefendantForm>,
    pub hearing_court: String,
    pub hearing_date: DateParts,
    pub hearing_type: String,
}

/// What a button on the form asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Check the case and show it for a last look ("check your answers").
    Send,
    /// Record the case shown on the check page.
    Confirm,
    /// Back from the check page to the form, everything kept.
    Change,
    AddDefendant,
    RemoveDefendant(usize),
    AddOffence(usize),
    RemoveOffence(usize, usize),
}

impl FormAction {
    pub fn parse(v: &str) -> FormAction {
        let nums =
            |rest: &str| -> Vec<usize> { rest.split('-').filter_map(|n| n.parse().ok()).collect() };
        if v == "confirm" {
            FormAction::Confirm
        } else if v == "change" {
            FormAction::Change
        } else if v == "add-defendant" {
            FormAction::AddDefendant
        } else if let Some(r) = v.strip_prefix("remove-defendant-") {
            nums(r)
                .first()
                .map_or(FormAction::Send, |&i| FormAction::RemoveDefendant(i))
        } else if let Some(r) = v.strip_prefix("add-offence-") {
            nums(r)
                .first()
                .map_or(FormAction::Send, |&i| FormAction::AddOffence(i))
        } else if let Some(r) = v.strip_prefix("remove-offence-") {
            match nums(r)[..] {
                [i, j] => FormAction::RemoveOffence(i, j),
                _ => FormAction::Send,
            }
        } else {
            FormAction::Send
        }
    }
}

fn new_defendant() -> DefendantForm {
    DefendantForm {
        offences: vec![OffenceForm::default()],
        ..Default::default()
    }
}

impl IntakeForm {
    /// A blank form: one defendant with one offence, a first hearing (`FH`).
    pub fn blank() -> IntakeForm {
        IntakeForm {
            urn: String::new(),
            initiation_type: String::new(),
            prosecution_authority_code: String::new(),
            originating_organisation: String::new(),
            defendants: vec![new_defendant()],
            hearing_court: String::new(),
            hearing_date: DateParts::default(),
            hearing_type: "FH".into(),
        }
    }

    /// The form from its posted fields (unknown fields ignored; a missing block field is blank).
    pub fn from_pairs(pairs: &[(String, String)]) -> IntakeForm {
        let map: HashMap<&str, &str> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let get = |k: &str| map.get(k).map(|v| v.to_string()).unwrap_or_default();
        let date = |p: &str| DateParts {
            day: get(&format!("{p}-day")),
            month: get(&format!("{p}-month")),
            year: get(&format!("{p}-year")),
        };
        // Block counts from the highest index present in any field name.
        let mut offences_of: Vec<usize> = vec![];
        for (k, _) in pairs {
            let Some((d, o)) = block_index(k) else {
                continue;
            };
            if d >= MAX_DEFENDANTS || o.is_some_and(|o| o >= MAX_OFFENCES) {
                continue;
            }
            if offences_of.len() <= d {
                offences_of.resize(d + 1, 0);
            }
            if let Some(o) = o {
                offences_of[d] = offences_of[d].max(o + 1);
            }
        }
        let defendants = offences_of
            .iter()
            .enumerate()
            .map(|(i, &n)| DefendantForm {
                given_names: get(&format!("d{i}-given-names")),
                family_name: get(&format!("d{i}-family-name")),
                dob: date(&format!("d{i}-dob")),
                address_lines: [1, 2, 3].map(|l| get(&format!("d{i}-address-line-{l}"))),
                postcode: get(&format!("d{i}-postcode")),
                asn: get(&format!("d{i}-asn")),
                pnc_id: get(&format!("d{i}-pnc-id")),
                custody_status: get(&format!("d{i}-custody-status")),
                offences: (0..n.max(1))
                    .map(|j| OffenceForm {
                        code: get(&format!("d{i}-o{j}-code")),
                        wording: get(&format!("d{i}-o{j}-wording")),
                        from: date(&format!("d{i}-o{j}-from")),
                        to: date(&format!("d{i}-o{j}-to")),
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        IntakeForm {
            urn: get("urn"),
            initiation_type: get("initiation-type"),
            prosecution_authority_code: get("prosecution-authority-code"),
            originating_organisation: get("originating-organisation"),
            defendants: if defendants.is_empty() {
                vec![new_defendant()]
            } else {
                defendants
            },
            hearing_court: get("hearing-court"),
            hearing_date: date("hearing-date"),
            hearing_type: get("hearing-type"),
        }
    }

    /// Add or remove a block; the last defendant and a defendant's last offence stay.
    pub fn apply(&mut self, action: FormAction) {
        match action {
            FormAction::Send => {}
            FormAction::AddDefendant if self.defendants.len() < MAX_DEFENDANTS => {
                self.defendants.push(new_defendant())
            }
            FormAction::RemoveDefendant(i)
                if i < self.defendants.len() && self.defendants.len() > 1 =>
            {
                self.defendants.remove(i);
            }
            FormAction::AddOffence(i) => {
                if let Some(d) = self
                    .defendants
                    .get_mut(i)
                    .filter(|d| d.offences.len() < MAX_OFFENCES)
                {
                    d.offences.push(OffenceForm::default());
                }
            }
            FormAction::RemoveOffence(i, j) => {
                if let Some(d) = self
                    .defendants
                    .get_mut(i)
                    .filter(|d| j < d.offences.len() && d.offences.len() > 1)
                {
                    d.offences.remove(j);
                }
            }
            _ => {}
        }
    }
}

/// (defendant, offence) of a block field name: `d3-asn` → (3, None), `d0-o2-code` → (0, Some(2)).
fn block_index(name: &str) -> Option<(usize, Option<usize>)> {
    let rest = name.strip_prefix('d')?;
    let (d, rest) = rest.split_once('-')?;
    let d = d.parse().ok()?;
    let offence = rest
        .strip_prefix('o')
        .and_then(|r| r.split_once('-'))
        .and_then(|(o, _)| o.parse().ok());
    Some((d, offence))
}
