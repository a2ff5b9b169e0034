//! Filling the page's inputs from the typed fields, with each input's own error message.

use assize_domain::case::{Defendant, Offence, Venue};
use assize_domain::ids::ResultCode;
use assize_domain::refdata::RefData;

use super::applies::*;
use super::fields::id_of;
use super::view::*;
use crate::format;

impl Builder<'_> {
    fn error(&self, id: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, m)| m.clone())
    }

    pub fn input(&self, name: &str) -> Input {
        let id = id_of(name);
        Input {
            value: self.fields.raw(name).to_string(),
            error: self.error(&id),
            name: name.to_string(),
            id,
        }
    }

    fn select(
        &self,
        name: &str,
        prompt: &str,
        options: impl Iterator<Item = (String, String)>,
    ) -> Select {
        let mut all = vec![(String::new(), prompt.to_string())];
        all.extend(options);
        Select {
            input: self.input(name),
            options: all,
        }
    }

    fn radios(
        &self,
        name: String,
        legend: &'static str,
        choices: Choices,
        none: &'static str,
    ) -> Radios {
        let id = id_of(&name);
        let value = self.fields.get(&name);
        Radios {
            choices: choices
                .iter()
                .enumerate()
                .map(|(n, (v, l))| Choice {
                    id: if n == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{}", n + 1)
                    },
                    value: v,
                    label: l,
                    checked: value == *v,
                })
                .collect(),
            error: self.error(&id),
            inline: choices.len() <= 3 && choices.iter().all(|(_, l)| l.len() < 16),
            legend,
            none,
            name,
            id,
        }
    }

    fn result_row(&self, base: &str, n: usize) -> ResultRow {
        let name = |s: &str| format!("{base}.{s}");
        let code = self.input(&name("code"));
        let code_label = ResultCode::parse(code.value.trim())
            .ok()
            .and_then(|c| RefData::global().result(&c))
            .map(|r| r.description.clone());
        let row = ResultRow {
            n,
            code_label,
            amount: self.input(&name("amount")),
            duration_value: self.input(&name("duration_value")),
            duration_unit: self.select(
                &name("duration_unit"),
                "Choose a unit",
                UNITS.iter().map(|(v, l)| (v.to_string(), l.to_string())),
            ),
            points: self.input(&name("points")),
            text: self.input(&name("text")),
            code,
            open: false,
        };
        let inputs = [
            &row.code,
            &row.amount,
            &row.duration_value,
            &row.points,
            &row.text,
            &row.duration_unit.input,
        ];
        let open = n == 1
            || inputs
                .iter()
                .any(|i| !i.value.trim().is_empty() || i.error.is_some());
        ResultRow { open, ..row }
    }

    fn offence(&self, o: &Offence, name: String, venue: Venue) -> OffenceView {
        let mut facts = vec![o.mode_of_trial.label().to_string(), format::words(&o.stage)];
        if let Some(p) = &o.plea {
            facts.push(format!("plea: {}", format::words(&p.value).to_lowercase()));
        } else if let Some(i) = o.indicated_plea {
            facts.push(format!(
                "indicated plea: {}",
                format::words(&i).to_lowercase()
            ));
        }
        let recorded = o
            .results
            .iter()
            .map(|r| {
                format!(
                    "{} {}{}",
                    r.code,
                    r.label,
                    r.values
                        .amount_pence
                        .map(|p| format!(" ({})", format::money(p)))
                        .unwrap_or_default()
                )
            })
            .collect();
        let mut v = OffenceView {
            anchor: id_of(&name),
            id: o.id.to_string(),
            heading: format!("{} {}", o.code, o.title),
            facts: facts.join(" · "),
            recorded,
            closed: None,
            radios: vec![],
            results: vec![],
            name: name.clone(),
        };
        let Some(a) = applies(o, venue) else {
            v.closed = Some(if o.venue != venue {
                "Dealt with at the other court: nothing to record at this hearing.".into()
            } else {
                "Has a final result: a correction is made by proposing an amendment.".into()
            });
            return v;
        };
        let n = |f: &str| format!("{name}.{f}");
        let none = "Nothing at this hearing";
        let groups: [(bool, &str, &'static str, Choices); 5] = [
            (
                a.indicated_plea,
                "indicated_plea",
                "Indication of plea",
                INDICATION,
            ),
            (a.allocation, "allocation", "Allocation", ALLOCATION),
            (a.plea, "plea", "Plea", GUILTY),
            (a.verdict, "verdict", "Verdict", GUILTY),
            (
                a.withdrawal,
                "withdrawal",
                "Withdrawal or discontinuance",
                WITHDRAWAL,
            ),
        ];
        v.radios = groups
            .into_iter()
            .filter(|g| g.0)
            .map(|(_, f, legend, choices)| self.radios(n(f), legend, choices, none))
            .collect();
        v.results = (0..RESULT_ROWS)
            .map(|k| self.result_row(&n(&format!("r{k}")), k + 1))
            .collect();
        v
    }

    pub fn defendant(&self, i: usize, d: &Defendant, venue: Venue) -> DefendantView {
        let base = format!("d{i}");
        let n = |f: &str| format!("{base}.{f}");
        let kinds = self.fields.all(&n("bail.kind"));
        let conditions = BAIL_CONDITIONS
            .iter()
            .map(|(value, label)| Condition {
                value,
                label,
                id: format!("{base}-bail-kind-{value}"),
                checked: kinds.iter().any(|k| k == value),
                details: self.input(&n(&format!("bail.{value}.details"))),
            })
            .collect::<Vec<Condition>>();
        let conditions_error = self.error(&format!("{base}-bail-kind-{}", BAIL_CONDITIONS[0].0));
        let conditions_open = self.fields.get(&n("bail.status")) == "conditional_bail"
            || conditions_error.is_some()
            || conditions
                .iter()
                .any(|c| c.checked || c.details.error.is_some());
        DefendantView {
            anchor: base.clone(),
            id: d.id.to_string(),
            name: d.name.full(),
            custody: format::words(&d.custody_status),
            conditions_now: d
                .bail_conditions
                .iter()
                .map(|c| format!("{}: {}", format::words(&c.kind), c.details))
                .collect(),
            attendance: self.radios(n("attendance"), "Attendance", ATTENDANCE, "Not recorded"),
            offences: d
                .offences
                .iter()
                .enumerate()
                .map(|(j, o)| self.offence(o, n(&format!("o{j}")), venue))
                .collect(),
            sending: sending_applies(d, venue).then(|| {
                (
                    self.input(&n("send.court")),
                    self.input(&n("send.case_number")),
                )
            }),
            bail: self.radios(
                n("bail.status"),
                "Bail or remand until the next hearing",
                BAIL,
                "No bail decision at this hearing",
            ),
            conditions,
            conditions_error,
            conditions_open,
        }
    }

    pub fn adjournment(&self) -> AdjournmentView {
        let types = RefData::global()
            .hearing_types()
            .iter()
            .map(|t| (t.code.clone(), t.description.clone()));
        AdjournmentView {
            reason: self.input("adj.reason"),
            court_name: court_name(self.fields.get("adj.court")),
            court: self.input("adj.court"),
            date: vec![
                (self.input("adj.date.day"), "Day", 2),
                (self.input("adj.date.month"), "Month", 2),
                (self.input("adj.date.year"), "Year", 4),
            ],
            date_error: self.error("adj-date-day"),
            hearing_type: self.select("adj.type", "First hearing (default)", types),
        }
    }
}
