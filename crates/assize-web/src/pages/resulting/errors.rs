//! Pointing each problem at its input. The domain names fields by their JSON path in the
//! submitted `HearingOutcome` (`defendants[0].offences[1].results[0].code`), whose indexes count
//! only the parts that were filled in; the form counts every defendant, offence and result row.
//! [`Positions`] remembers which form part each submitted part came from, and [`input_id`] turns
//! a path into the id of the input to link to.

/// For each submitted defendant (in order): its index on the form and, for each of its submitted
/// offences, the offence's index on the form and the form rows of its submitted results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions(Vec<(usize, Vec<OffencePosition>)>);

/// A submitted offence's index on the form and the form rows of its submitted results.
pub type OffencePosition = (usize, Vec<usize>);

impl Positions {
    pub fn push(&mut self, defendant: usize, offences: Vec<OffencePosition>) {
        self.0.push((defendant, offences));
    }
}

/// One step of a JSON path: `offences[1]` is ("offences", Some(1)).
fn step(s: &str) -> Option<(&str, Option<usize>)> {
    match s.split_once('[') {
        None => Some((s, None)),
        Some((name, rest)) => Some((name, Some(rest.strip_suffix(']')?.parse().ok()?))),
    }
}

/// The id of the input a domain field path refers to; None when it refers to nothing on the form
/// (the problem is then listed without a link).
pub fn input_id(path: &str, pos: &Positions) -> Option<String> {
    let steps: Vec<(&str, Option<usize>)> = path.split('.').map(step).collect::<Option<_>>()?;
    match steps.as_slice() {
        // "Record at least one defendant's outcome or an adjournment": the first thing to fill.
        [("defendants", None)] => Some("d0-attendance".into()),
        [("defendants", Some(i)), rest @ ..] => {
            let (d, offences) = pos.0.get(*i)?;
            let base = format!("d{d}");
            match rest {
                [("offences", Some(j)), rest @ ..] => {
                    let (o, rows) = offences.get(*j)?;
                    let ob = format!("{base}-o{o}");
                    match rest {
                        [("results", Some(k)), rest @ ..] => {
                            let rb = format!("{ob}-r{}", rows.get(*k)?);
                            Some(match rest {
                                [("amount_pence", None)] => format!("{rb}-amount"),
                                [("duration", None), ..] => format!("{rb}-duration_value"),
                                [("penalty_points", None)] => format!("{rb}-points"),
                                [("text", None)] => format!("{rb}-text"),
                                _ => format!("{rb}-code"),
                            })
                        }
                        [("withdrawal", None), ..] => Some(format!("{ob}-withdrawal")),
                        [(f @ ("indicated_plea" | "plea" | "allocation" | "verdict"), None)] => {
                            Some(format!("{ob}-{f}"))
                        }
                        _ => Some(ob),
                    }
                }
                [("sending", None), ("case_number", None)] => {
                    Some(format!("{base}-send-case_number"))
                }
                [("sending", None), ..] => Some(format!("{base}-send-court")),
                [("bail", None), ..] => Some(format!("{base}-bail-status")),
                _ => Some(format!("{base}-attendance")),
            }
        }
        [("adjournment", None), rest @ ..] => Some(
            match rest {
                [("next_hearing", None), ("court_ou", None)] => "adj-court",
                [("next_hearing", None), ("hearing_date", None)] => "adj-date-day",
                [("next_hearing", None), ("hearing_type", None)] => "adj-type",
                _ => "adj-reason",
            }
            .into(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Defendant 0 left empty; defendant 1 submitted with offences 0 (rows 1 and 2 filled) and 2.
    fn positions() -> Positions {
        let mut p = Positions::default();
        p.push(1, vec![(0, vec![1, 2]), (2, vec![0])]);
        p
    }

    #[test]
    fn paths_count_submitted_parts_and_ids_count_form_parts() {
        let p = positions();
        let id = |path: &str| input_id(path, &p);
        assert_eq!(
            id("defendants[0].offences[0].results[0].code").as_deref(),
            Some("d1-o0-r1-code")
        );
        assert_eq!(
            id("defendants[0].offences[0].results[1].amount_pence").as_deref(),
            Some("d1-o0-r2-amount")
        );
        assert_eq!(
            id("defendants[0].offences[1].results[0].duration.value").as_deref(),
            Some("d1-o2-r0-duration_value")
        );
        assert_eq!(
            id("defendants[0].offences[1].results[0].penalty_points").as_deref(),
            Some("d1-o2-r0-points")
        );
        assert_eq!(
            id("defendants[0].offences[1].withdrawal.code").as_deref(),
            Some("d1-o2-withdrawal")
        );
        assert_eq!(
            id("defendants[0].offences[1].plea").as_deref(),
            Some("d1-o2-plea")
        );
        assert_eq!(
            id("defendants[0].offences[1].offence_id").as_deref(),
            Some("d1-o2")
        );
        assert_eq!(
            id("defendants[0].defendant_id").as_deref(),
            Some("d1-attendance")
        );
        assert_eq!(
            id("defendants[0].sending.crown_court_ou").as_deref(),
            Some("d1-send-court")
        );
        assert_eq!(
            id("defendants[0].sending.case_number").as_deref(),
            Some("d1-send-case_number")
        );
        assert_eq!(id("defendants").as_deref(), Some("d0-attendance"));
    }

    #[test]
    fn adjournment_paths_and_unknown_paths() {
        let p = positions();
        let id = |path: &str| input_id(path, &p);
        assert_eq!(id("adjournment.reason").as_deref(), Some("adj-reason"));
        assert_eq!(
            id("adjournment.next_hearing.court_ou").as_deref(),
            Some("adj-court")
        );
        assert_eq!(
            id("adjournment.next_hearing.hearing_date").as_deref(),
            Some("adj-date-day")
        );
        assert_eq!(
            id("adjournment.next_hearing.hearing_type").as_deref(),
            Some("adj-type")
        );
        // Out of range or not a path of the outcome: no link rather than a wrong one.
        assert_eq!(id("defendants[3].attendance"), None);
        assert_eq!(id("defendants[0].offences[5].plea"), None);
        assert_eq!(id("defendants[0].offences[0].results[9].code"), None);
        assert_eq!(id("defendants[x].plea"), None);
        assert_eq!(id("limit"), None);
    }
}
