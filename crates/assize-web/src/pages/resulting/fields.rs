//! The resulting form as typed: field names and their values, exactly as the browser sent them.
//!
//! This is what a draft stores, so it must round-trip anything (an unknown result code, "£12.5x",
//! a half-typed date): the form is only turned into a `HearingOutcome` when the results are
//! shared. Names follow one scheme, readable without JavaScript. Indexes are positions in the
//! case (defendants and offences never change order); each defendant's and offence's id also
//! travels in a hidden `.id` field, checked when the form is read:
//!
//! - `version`: the case version the form was based on;
//! - `d{i}.id`, `d{i}.attendance`;
//! - `d{i}.o{j}.id`, `d{i}.o{j}.{indicated_plea|allocation|plea|verdict|withdrawal}`;
//! - `d{i}.o{j}.r{k}.{code|amount|duration_value|duration_unit|points|text}` (k < 3);
//! - `d{i}.send.{court|case_number}`;
//! - `d{i}.bail.status`, `d{i}.bail.kind` (repeated, one per ticked condition),
//!   `d{i}.bail.{kind}.details`;
//! - `adj.{reason|court|date.day|date.month|date.year|type}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// More than any real hearing needs; a bound so a draft cannot be used to store bulk data.
const MAX_FIELDS: usize = 4000;
const MAX_NAME: usize = 64;
const MAX_VALUE: usize = 4000;

/// Each field name with its values in the order sent (checkboxes repeat a name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields(BTreeMap<String, Vec<String>>);

/// Is this one of the form's own field names (not the CSRF token, not a button)?
fn is_form_field(name: &str) -> bool {
    name.len() <= MAX_NAME
        && (name == "version"
            || name.starts_with("adj.")
            || name
                .strip_prefix('d')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
}

impl Fields {
    /// The form's fields from the posted pairs. Anything outside the naming scheme (the CSRF
    /// token, the button pressed) is dropped; values are cut to a sane length.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, mut value) in pairs.into_iter().take(MAX_FIELDS) {
            if !is_form_field(&name) {
                continue;
            }
            if value.len() > MAX_VALUE {
                let mut cut = MAX_VALUE;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                value.truncate(cut);
            }
            map.entry(name).or_default().push(value);
        }
        Fields(map)
    }

    /// As stored in a draft.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// From a draft; a draft that cannot be read gives an empty form rather than an error page.
    pub fn from_json(v: &serde_json::Value) -> Fields {
        serde_json::from_value(v.clone()).unwrap_or_default()
    }

    /// The first value of a field, as typed ("" when absent).
    pub fn raw(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    /// The first value, trimmed.
    pub fn get(&self, name: &str) -> &str {
        self.raw(name).trim()
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_string(), vec![value.into()]);
    }

    /// Is any of these fields filled in?
    pub fn any(&self, names: &[String]) -> bool {
        names.iter().any(|n| !self.get(n).is_empty())
    }

    /// The case version the form was based on, if it carries a readable one.
    pub fn version(&self) -> Option<i64> {
        self.get("version").parse().ok()
    }
}

/// The id of the element for a field name: dots become dashes (`d0.o1.r0.code` → `d0-o1-r0-code`),
/// so ids are valid fragment targets and CSS selectors.
pub fn id_of(name: &str) -> String {
    name.replace('.', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_forms_own_fields_are_kept_and_repeats_are_kept_in_order() {
        let f = Fields::from_pairs(vec![
            ("csrf".into(), "secret".into()),
            ("section".into(), "d0".into()),
            ("version".into(), "7".into()),
            ("d0.bail.kind".into(), "curfew".into()),
            ("d0.bail.kind".into(), "residence".into()),
            ("d0.o0.r0.code".into(), " 9999 ".into()),
            ("adj.reason".into(), "Reports".into()),
            ("dx".into(), "no".into()),
        ]);
        assert_eq!(f.version(), Some(7));
        assert_eq!(f.raw("csrf"), "");
        assert_eq!(f.raw("section"), "");
        assert_eq!(f.raw("dx"), "");
        assert_eq!(f.all("d0.bail.kind"), ["curfew", "residence"]);
        assert_eq!(f.raw("d0.o0.r0.code"), " 9999 ");
        assert_eq!(f.get("d0.o0.r0.code"), "9999");
        assert_eq!(Fields::from_json(&f.to_json()), f);
        assert_eq!(id_of("adj.date.day"), "adj-date-day");
    }

    #[test]
    fn long_values_are_cut_on_a_character_boundary() {
        let f = Fields::from_pairs(vec![("adj.reason".into(), "é".repeat(3000))]);
        assert!(f.raw("adj.reason").len() <= MAX_VALUE);
        assert!(f.raw("adj.reason").chars().all(|c| c == 'é'));
    }
}
