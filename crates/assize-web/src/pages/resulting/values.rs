//! Reading single answers off the form: a radio's value as the domain's enum, money, whole
//! numbers, and one result row (a CJS code with its amount, length, points and text). Anything
//! that cannot be read is reported against its own input, never guessed.

use assize_domain::case::commands::ResultInput;
use assize_domain::case::{DurationUnit, ResultDuration};
use serde::de::DeserializeOwned;

use super::fields::{Fields, id_of};

/// A radio value as the domain's enum (its snake_case name); "" is no answer.
pub fn choice<T: DeserializeOwned>(
    f: &Fields,
    name: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<T> {
    let v = f.get(name);
    if v.is_empty() {
        return None;
    }
    match serde_json::from_value(serde_json::Value::String(v.to_string())) {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push((id_of(name), "Select one of the options".into()));
            None
        }
    }
}

/// A decision the page offers for the offence (`on`), read from `{base}.{field}`.
pub fn pick<T: DeserializeOwned>(
    on: bool,
    f: &Fields,
    base: &str,
    field: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<T> {
    if on {
        choice(f, &format!("{base}.{field}"), errors)
    } else {
        None
    }
}

/// Pounds as typed ("250", "£1,250.50") in pence.
pub fn pence(s: &str) -> Option<i64> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '£' | ',' | ' '))
        .collect();
    let (pounds, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(pounds) || frac.len() > 2 || (!frac.is_empty() && !digits(frac)) {
        return None;
    }
    let p: i64 = pounds.parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    p.checked_mul(100)?.checked_add(f)
}

pub fn whole<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

pub fn result_row(
    f: &Fields,
    base: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<ResultInput> {
    let name = |s: &str| format!("{base}.{s}");
    let code = f.get(&name("code"));
    let values = ["amount", "duration_value", "points", "text"].map(name);
    if code.is_empty() {
        if f.any(&values) {
            errors.push((
                id_of(&name("code")),
                "Enter a result code for these values".into(),
            ));
        }
        return None;
    }
    let before = errors.len();
    let mut err = |field: &str, msg: &str| errors.push((id_of(&name(field)), msg.to_string()));
    let amount = match f.get(&name("amount")) {
        "" => None,
        a => pence(a).or_else(|| {
            err(
                "amount",
                "Enter an amount in pounds and pence, like 250 or 85.50",
            );
            None
        }),
    };
    let duration = match (
        f.get(&name("duration_value")),
        f.get(&name("duration_unit")),
    ) {
        ("", _) => None,
        (v, unit) => {
            let value = whole::<u32>(v);
            let unit: Option<DurationUnit> =
                serde_json::from_value(serde_json::Value::String(unit.to_string())).ok();
            if value.is_none() {
                err(
                    "duration_value",
                    "Enter the length as a whole number, like 12",
                );
            } else if unit.is_none() {
                err(
                    "duration_unit",
                    "Select days, weeks, months or years for the length",
                );
            }
            value
                .zip(unit)
                .map(|(value, unit)| ResultDuration { value, unit })
        }
    };
    let points = match f.get(&name("points")) {
        "" => None,
        p => whole::<u32>(p).filter(|p| *p <= 12).or_else(|| {
            err(
                "points",
                "Enter penalty points as a whole number from 0 to 12",
            );
            None
        }),
    };
    let text = Some(f.get(&name("text")).to_string()).filter(|t| !t.is_empty());
    (errors.len() == before).then(|| ResultInput {
        code: code.to_string(),
        amount_pence: amount,
        duration,
        penalty_points: points,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn money_is_read_as_the_court_writes_it() {
        assert_eq!(pence("250"), Some(25000));
        assert_eq!(pence("£1,250.5"), Some(125050));
        assert_eq!(pence("85.50"), Some(8550));
        for bad in [
            "",
            "12.5x",
            "1.234",
            "£",
            "-5",
            ".5",
            "99999999999999999999",
        ] {
            assert_eq!(pence(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_result_row_is_left_out_when_empty_and_checked_when_not() {
        let mut errors = vec![];
        assert!(result_row(&fields(&[]), "d0.o0.r0", &mut errors).is_none());
        assert!(errors.is_empty());
        let f = fields(&[("d0.o0.r0.amount", "10")]);
        assert!(result_row(&f, "d0.o0.r0", &mut errors).is_none());
        assert_eq!(errors[0].0, "d0-o0-r0-code");
        let f = fields(&[
            ("d0.o0.r0.code", " 1002 "),
            ("d0.o0.r0.duration_value", "12"),
            ("d0.o0.r0.duration_unit", "weeks"),
            ("d0.o0.r0.points", "3"),
        ]);
        let r = result_row(&f, "d0.o0.r0", &mut vec![]).expect("a result");
        assert_eq!(r.code, "1002");
        assert_eq!(
            r.duration.map(|d| (d.value, d.unit)),
            Some((12, DurationUnit::Weeks))
        );
        assert_eq!(r.penalty_points, Some(3));
        let mut errors = vec![];
        let f = fields(&[("d0.o0.r0.code", "1002"), ("d0.o0.r0.duration_value", "12")]);
        assert!(result_row(&f, "d0.o0.r0", &mut errors).is_none());
        assert_eq!(errors[0].0, "d0-o0-r0-duration_unit");
    }
}
