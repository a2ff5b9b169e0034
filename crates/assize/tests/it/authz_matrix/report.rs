//! The matrix report printed on failure.

use std::fmt::Write as _;

use super::check::Cell;
use super::endpoint::Ep;
use super::table::ABBREV;
use super::{A, B};
use crate::harness::*;

/// The whole matrix: each cell shows the status received, `!` marking a wrong cell.
pub(super) fn render(cells: &[Cell]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<48} | {} | {} | anon",
        "endpoint",
        ABBREV.map(|a| format!("{a:>4}")).join(" ") + " (side A, related)",
        ABBREV.map(|a| format!("{a:>4}")).join(" ") + " (side B, unrelated)"
    );
    let mut rows: Vec<(Ep, Vec<&Cell>)> = Vec::new();
    for c in cells {
        match rows.last_mut() {
            Some((ep, v)) if *ep == c.ep => v.push(c),
            _ => rows.push((c.ep, vec![c])),
        }
    }
    for (ep, row) in rows {
        let fmt = |c: &Cell| {
            format!(
                "{}{:>3}",
                if c.problems.is_empty() { ' ' } else { '!' },
                c.status.as_u16()
            )
        };
        let side = |s: Side| {
            row.iter()
                .filter(|c| c.who.is_some_and(|w| w.1 == s))
                .map(|c| fmt(c))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let anon = row
            .iter()
            .find(|c| c.who.is_none())
            .map(|c| fmt(c))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<48} | {}{:18} | {}{:20} | {anon}",
            ep.label(),
            side(A),
            "",
            side(B),
            ""
        );
    }
    out
}
