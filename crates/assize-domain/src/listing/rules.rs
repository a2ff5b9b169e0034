//! The rules of placing a hearing in a sitting: which sittings suit which hearing types, youth
//! and custody constraints, time estimates, and over-listing. Pure functions, used both when a
//! listing officer picks a sitting and when the system proposes one.

use super::model::{Capacity, Placement, SittingKind, SittingLoad};
use crate::ids::CourtKind;

/// What a CJS hearing type is about, for deciding where it can be heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HearingCategory {
    /// First appearance, sending, warrants, show cause.
    FirstAppearance,
    /// Bail applications and variations, remand hearings, CTL extension applications.
    Bail,
    /// Plea, allocation, case management, reviews, mentions, applications.
    CaseManagement,
    /// Trials and trial-like hearings (Newton hearing, fitness to plead, proof in absence).
    Trial,
    /// Sentencing, committals for sentence, breaches, confiscation.
    Sentence,
    /// Appeals against conviction (a rehearing) or sentence.
    Appeal,
}

/// The category of a CJS hearing type code (refdata `hearing_types.csv`).
pub fn category(hearing_type: &str) -> HearingCategory {
    use HearingCategory::*;
    match hearing_type {
        "FH" | "FHEAH" | "FHEFH" | "SS51" | "AOW" | "WWB" | "BOB" | "CAUSE" => FirstAppearance,
        "BA" | "BV" | "RMAND" | "AXCTL" => Bail,
        "TRIAL" | "NEWT" | "FTP" | "PROOF" => Trial,
        "SWPSR" | "STPSR" | "DS" | "CS" | "CSAB" | "CSBB" | "CSPBV" | "RSOB" | "SSR" | "DTC"
        | "BOO" | "SOB" => Sentence,
        "AAC" | "AACS" | "AAS" => Appeal,
        _ => CaseManagement,
    }
}

/// Whether the hearing type is a trial, for the effective/cracked/ineffective measure.
pub fn is_trial(hearing_type: &str) -> bool {
    category(hearing_type) == HearingCategory::Trial
}

/// The time estimate used when the listing officer gives none: a planning figure for the
/// sitting's capacity, not a rule of law. Trials in the Crown Court take the day.
pub fn default_estimate_minutes(hearing_type: &str, court: CourtKind) -> u32 {
    match (category(hearing_type), court) {
        (HearingCategory::Trial, CourtKind::Crown) => 300,
        (HearingCategory::Trial, CourtKind::Magistrates) => 180,
        (HearingCategory::Appeal, _) => 90,
        (HearingCategory::Sentence, _) => 30,
        (HearingCategory::FirstAppearance, _) => 20,
        (HearingCategory::Bail, _) | (HearingCategory::CaseManagement, _) => 15,
    }
}

/// The parts of a case that decide where its hearings can be heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// Every defendant is under 18: the youth court. A youth jointly charged with an adult is
    /// dealt with in the adult court (Children and Young Persons Act 1933 s.46(1)(a)).
    pub youth: bool,
    /// A defendant is remanded in custody and will be produced: a secure dock is needed.
    pub in_custody: bool,
}

/// Why a sitting cannot take a hearing, in words; `None` if it can.
pub fn unsuitable(
    hearing_type: &str,
    needs: Needs,
    placement: &Placement,
    court: CourtKind,
) -> Option<String> {
    use HearingCategory::*;
    let (kind, room) = (placement.sitting.kind, &placement.courtroom);
    let cat = category(hearing_type);
    let youth_venue = kind == SittingKind::Youth
        || (court == CourtKind::Crown && room.youth_suitable && kind != SittingKind::Remand);
    if needs.youth && !youth_venue {
        return Some(format!(
            "{} is not a youth court sitting: every defendant is under 18",
            room.name
        ));
    }
    if needs.youth && !room.youth_suitable {
        return Some(format!("{} is not laid out for youth cases", room.name));
    }
    if !needs.youth && kind == SittingKind::Youth {
        return Some(format!(
            "{} is sitting as the youth court: adult cases are not heard there",
            room.name
        ));
    }
    if needs.in_custody && !room.secure_dock {
        return Some(format!(
            "{} has no secure dock for a defendant produced from custody",
            room.name
        ));
    }
    let fits = match kind {
        SittingKind::Mixed | SittingKind::Youth => true,
        SittingKind::Adult => cat != Trial && cat != Appeal,
        SittingKind::Remand => cat == Bail || (cat == FirstAppearance && needs.in_custody),
        SittingKind::Trial => cat == Trial || matches!(hearing_type, "AAC" | "AACS"),
        SittingKind::Sentencing => cat == Sentence || hearing_type == "AAS",
    };
    (!fits).then(|| {
        let what = match kind {
            SittingKind::Remand => "a remand court sitting, for defendants in custody and bail",
            SittingKind::Trial => "a trial court sitting",
            SittingKind::Sentencing => "a sentencing court sitting",
            _ => "a general list that does not take trials or appeals",
        };
        format!("{} is {what}: not for a {hearing_type} hearing", room.name)
    })
}

/// "over-listed by N minutes/cases" when adding a hearing of `estimate` minutes to `load`
/// would exceed `capacity`. Over-listing is allowed (courts over-list knowingly, expecting
/// cracked trials and guilty pleas) but the listing officer must see it.
pub fn over_listing(capacity: Capacity, load: SittingLoad, estimate: u32) -> Option<String> {
    match capacity {
        Capacity::Minutes(max) => {
            let used = load.minutes + estimate;
            (used > max).then(|| format!("over-listed by {} minutes", used - max))
        }
        Capacity::Cases(max) => {
            let used = load.cases + 1;
            (used > max).then(|| {
                let n = used - max;
                format!("over-listed by {n} case{}", if n == 1 { "" } else { "s" })
            })
        }
    }
}
