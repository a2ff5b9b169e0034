//! How sittings' sessions and kinds are named on the pages, and select options built from them
//! (shared by the sittings, sitting-change and sitting-pattern pages).

use assize_domain::listing::{Session, SittingKind};

pub(crate) fn session_label(s: Session) -> &'static str {
    match s {
        Session::Morning => "Morning",
        Session::Afternoon => "Afternoon",
        Session::AllDay => "All day",
    }
}

pub(crate) fn kind_label(k: SittingKind) -> &'static str {
    match k {
        SittingKind::Adult => "Adult",
        SittingKind::Youth => "Youth court",
        SittingKind::Remand => "Remand (custody)",
        SittingKind::Trial => "Trial",
        SittingKind::Sentencing => "Sentencing",
        SittingKind::Mixed => "Mixed",
    }
}

/// Options of a select from values and their labels.
pub(crate) fn choices<T: Copy>(
    all: &[T],
    label: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| {
            let (v, l) = label(*x);
            (v.to_string(), l.to_string())
        })
        .collect()
}
