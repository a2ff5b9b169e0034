//! The intake form as the template draws it: each input with its id, label, hint, value as
//! typed and its error, so the template only lays them out (GOV.UK text input, date input,
//! radios and select).

use std::collections::HashMap;

use assize_domain::refdata::{CourtKind, RefData};

use super::form::{DateParts, IntakeForm};

pub struct Input {
    pub id: String,
    pub label: String,
    pub hint: &'static str,
    pub value: String,
    pub error: Option<String>,
    /// Extra classes (GOV.UK width classes).
    pub class: &'static str,
}

impl Input {
    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        describe(&self.id, !self.hint.is_empty(), self.error.is_some())
    }
}

fn describe(id: &str, hint: bool, error: bool) -> String {
    let mut ids = vec![];
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    ids.join(" ")
}

pub struct DateInput {
    /// The prefix of the three boxes' ids (`d0-dob` → `d0-dob-day`...).
    pub id: String,
    pub legend: String,
    pub hint: &'static str,
    pub parts: DateParts,
    pub error: Option<String>,
}

pub struct Radio {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

pub struct Radios {
    /// The field name; also the first radio's id, which the error summary links to.
    pub name: String,
    pub legend: String,
    pub items: Vec<Radio>,
    pub error: Option<String>,
}

pub struct Select {
    pub id: String,
    pub label: &'static str,
    pub hint: &'static str,
    /// (value, label, selected).
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

impl Select {
    pub fn described_by(&self) -> String {
        describe(&self.id, !self.hint.is_empty(), self.error.is_some())
    }
}

pub struct OffenceView {
    pub index: usize,
    pub code: Input,
    pub wording: Input,
    pub from: DateInput,
    pub to: DateInput,
    pub removable: bool,
}

pub struct DefendantView {
    pub index: usize,
    pub given_names: Input,
    pub family_name: Input,
    pub dob: DateInput,
    pub address: Vec<Input>,
    pub postcode: Input,
    pub asn: Input,
    pub pnc_id: Input,
    pub custody: Radios,
    pub offences: Vec<OffenceView>,
    pub removable: bool,
}

/// The inputs of a form, each with its error from `errors` (input id → message).
pub struct Builder<'a> {
    pub errors: &'a HashMap<String, String>,
}

impl Builder<'_> {
    fn err(&self, id: &str) -> Option<String> {
        self.errors.get(id).cloned()
    }

    pub fn input(
        &self,
        id: String,
        label: impl Into<String>,
        hint: &'static str,
        value: &str,
        class: &'static str,
    ) -> Input {
        Input {
            error: self.err(&id),
            id,
            label: label.into(),
            hint,
            value: value.to_string(),
            class,
        }
    }

    pub fn date(
        &self,
        id: String,
        legend: impl Into<String>,
        hint: &'static str,
        parts: &DateParts,
    ) -> DateInput {
        DateInput {
            error: self.err(&format!("{id}-day")),
            id,
            legend: legend.into(),
            hint,
            parts: parts.clone(),
        }
    }

    pub fn radios(
        &self,
        name: String,
        legend: impl Into<String>,
        choices: &[(&'static str, &'static str)],
        value: &str,
    ) -> Radios {
        Radios {
            error: self.err(&name),
            items: choices
                .iter()
                .enumerate()
                .map(|(n, (v, l))| Radio {
                    id: if n == 0 {
                        name.clone()
                    } else {
                        format!("{name}-{}", n + 1)
                    },
                    value: v,
                    label: l,
                    checked: *v == value,
                })
                .collect(),
            name,
            legend: legend.into(),
        }
    }

    pub fn select(
        &self,
        id: &str,
        label: &'static str,
        hint: &'static str,
        choices: Vec<(String, String)>,
        value: &str,
        prompt: Option<&str>,
    ) -> Select {
        let mut options: Vec<(String, String, bool)> = prompt
            .map(|p| vec![(String::new(), p.to_string(), value.is_empty())])
            .unwrap_or_default();
        options.extend(choices.into_iter().map(|(v, l)| {
            let selected = v == value;
            (v, l, selected)
        }));
        Select {
            id: id.into(),
            label,
            hint,
            options,
            error: self.err(id),
        }
    }
}

pub const INITIATION: [(&str, &str); 3] = [
    ("charge", "Charge"),
    ("requisition", "Written charge and requisition"),
    ("summons", "Summons"),
];

pub const CUSTODY: [(&str, &str); 4] = [
    ("in_custody", "Kept in custody"),
    ("conditional_bail", "Conditional bail"),
    ("unconditional_bail", "Unconditional bail"),
    ("not_applicable", "Not applicable (summons or requisition)"),
];

/// The defendants' blocks of `form`.
pub fn defendants(b: &Builder, form: &IntakeForm) -> Vec<DefendantView> {
    let many = form.defendants.len() > 1;
    form.defendants
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = format!("d{i}");
            let many_offences = d.offences.len() > 1;
            DefendantView {
                index: i,
                given_names: b.input(format!("{p}-given-names"), "Given names", "", &d.given_names, "govuk-!-width-two-thirds"),
                family_name: b.input(format!("{p}-family-name"), "Family name", "", &d.family_name, "govuk-!-width-two-thirds"),
                dob: b.date(format!("{p}-dob"), "Date of birth (if known)", "For example, 27 3 1990", &d.dob),
                address: (1..=3)
                    .map(|l| b.input(format!("{p}-address-line-{l}"), format!("Address line {l}"), "", &d.address_lines[l - 1], ""))
                    .collect(),
                postcode: b.input(format!("{p}-postcode"), "Postcode", "", &d.postcode, "govuk-input--width-10"),
                asn: b.input(format!("{p}-asn"), "Arrest/summons number (ASN)", "20 characters, with or without slashes: YY/FFUU/SS/NNNNNNNNNNNC", &d.asn, "govuk-input--width-20"),
                pnc_id: b.input(format!("{p}-pnc-id"), "PNC ID (if known)", "For example, 2004/0012345L", &d.pnc_id, "govuk-input--width-10"),
                custody: b.radios(format!("{p}-custody-status"), "Custody or bail status at charge", &CUSTODY, &d.custody_status),
                offences: d
                    .offences
                    .iter()
                    .enumerate()
                    .map(|(j, o)| {
                        let q = format!("{p}-o{j}");
                        OffenceView {
                            index: j,
                            code: b.input(format!("{q}-code"), "CJS offence code", "For example, TH68010", &o.code, "govuk-input--width-10"),
                            wording: b.input(format!("{q}-wording"), "Wording of the charge", "", &o.wording, ""),
                            from: b.date(format!("{q}-from"), "Date of the offence", "If it took place over a period, the first day. For example, 27 3 2026", &o.from),
                            to: b.date(format!("{q}-to"), "End of the offence period (if any)", "For example, 29 3 2026", &o.to),
                            removable: many_offences,
                        }
                    })
                    .collect(),
                removable: many,
            }
        })
        .collect()
}

/// Magistrates' courts by name: every adult case starts at one.
pub fn magistrates_courts() -> Vec<(String, String)> {
    RefData::global()
        .courts()
        .filter(|c| c.kind == CourtKind::Magistrates)
        .map(|c| (c.ou_code.clone(), format!("{} ({})", c.name, c.ou_code)))
        .collect()
}

pub fn hearing_types() -> Vec<(String, String)> {
    RefData::global()
        .hearing_types()
        .iter()
        .map(|h| (h.code.clone(), format!("{} ({})", h.description, h.code)))
        .collect()
}
