//! Which CJS result codes go to which recipients: defaults derived from the result code list,
//! with overrides an administrator configures (and sees, with `RoutingTable::rows`).
//!
//! How the defaults were derived (refdata `results/cjs_result_codes.csv`, 898 codes): the list
//! has no "recipient" column, so each agency's codes are picked out by the words of their
//! descriptions — the court's own words for the disposal — and by code where the words do not
//! say it. The number ranges are only a rough guide (1xxx sentences and disposals, 2xxx
//! non-conviction disposals, 3xxx ancillary orders and requirements, 4xxx remands, committals
//! and adjournments, 5xxx historic, 8xxx directions) and cut across agencies (a 1xxx code may be
//! custody or a community order, a 4xxx code custody or bail), so they are not used alone.
//! The parties (force, prosecutor, defence) get every code; the Legal Aid Agency every final
//! (`F`) code, a case outcome. Uncertain, and so worth an administrator's look:
//! - electronic monitoring: curfew and exclusion requirements are tagged by default (Criminal
//!   Justice Act 2003 s.177(3), now the Sentencing Code) but not always; the list's qualifier
//!   codes (`BA`/`BB` on curfew codes) may say which, and results here carry no qualifier yet.
//!   "Youth to be Monitored" (3164) is read as electronic monitoring; of the exclusion orders
//!   only 1100 (PCC(S)A 2000 s.40A) is tagged.
//! - prison: remands to secure local authority accommodation go to the custodian (the youth
//!   secure estate), remands to (non-secure) local authority accommodation do not.
//! - probation: there is no CJS code for a pre-sentence report request (it is an adjournment
//!   reason, handled in `drafts`); Youth Offending Team orders (referral, reparation, youth
//!   rehabilitation) go to probation, as there is no separate YOT recipient yet; custodial
//!   sentences (licence supervision on release) are not routed to probation by default.
//! - fines enforcement: "fine", "costs", "compensation", "surcharge", the criminal courts charge
//!   and confiscation; wasted costs (against a lawyer) and "no compensation reasons" are not.
//! - Scottish, Northern Irish and Channel Islands codes are routed by the same words; they are
//!   refused when recorded (no result type), so the routing of them never matters.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::kinds::RecipientKind;
use crate::ids::ResultCode;
use crate::refdata::{RefData, ResultDef, ResultType};

use RecipientKind::*;

/// A rule of the default routing: a kind receives a code when one of `words` occurs in its
/// description (whole words, ignoring case) and none of `unless` does, or the code is in `codes`.
struct Rule {
    kind: RecipientKind,
    words: &'static [&'static str],
    unless: &'static [&'static str],
    codes: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        kind: Prison,
        words: &[
            "imprisonment",
            "in custody",
            "young offenders institution",
            "youth detention accommodation",
            "secure local authority accommodation",
            "remand to prison",
            "recall to prison",
            "return to prison",
            "return to detention",
            "return to yoi",
            "detention and training order",
            "detention in default",
            "life sentence",
            "put into operation",
            "put into effect",
        ],
        // Suspended imprisonment is served in the community; police custody and hospital are
        // not prison.
        unless: &[
            "suspended imprisonment",
            "police custody",
            "hospital",
            "customs detention",
            "fine or imprisonment",
        ],
        codes: &[
            "1003", // Detained during HM Pleasure
            "1007", // Detention
            "1022", // Youth Custody
            "1073", // Detained without Limit of Time
            "1112", // Intermittent Custody Order
            "1114", // Prison Sentence - less than 12 months
            "1121", // Indeterminate Sentence Minimum
            "1126", // One Days Detention
            "1161", // Prison Committal - Determinate
            "1162", // Crown Court - Imprisonment/Detention - Determinate
            "1507", // Suspended Sentence Implemented
            "3187", // Commit to Prison on Revoke/Breach of PO/CSO/CO/ACO
            "3255", // Crown Court Comm Warrant - Indeterminate/Extended
            "3256", // Committal of Child - Indeterminate/Extended
        ],
    },
    Rule {
        kind: Probation,
        words: &[
            "community order",
            "suspended imprisonment",
            "suspended sentence",
            "requirement",
            "probation order",
            "supervision order",
            "youth rehabilitation order",
            "referral order",
            "reparation order",
            "action plan order",
            "community service",
            "community rehabilitation order",
            "community punishment order",
            "community punishment and rehabilitation order",
            "combination order",
            "curfew order",
            "drug treatment and testing order",
            "unpaid work",
            "attendance centre",
            "sentence deferred",
        ],
        unless: &["no order made"],
        codes: &[],
    },
    Rule {
        kind: ElectronicMonitoring,
        words: &[
            "curfew",
            "electronic monitoring",
            "exclusion requirement",
            "alcohol abstinence requirement",
            "intensive supervision & surveillance",
            "youth to be monitored",
        ],
        unless: &[],
        // The exclusion order of the Powers of Criminal Courts (Sentencing) Act 2000 s.40A,
        // electronically monitored; not a matrimonial or licensed premises exclusion order.
        codes: &["1100"],
    },
    Rule {
        kind: Dvla,
        words: &[
            "driving",
            "drivers",
            "endorsed",
            "endorsement",
            "penalty points",
        ],
        // A goods vehicle certificate is the Traffic Commissioner's, not a driving licence.
        unless: &["goods vehicle"],
        codes: &[
            "3165", // Disqualified Until Date Specified
            "3166", // Disqualified due to Penalty Points exceeded
            "3167", // Disqualified until Appropriate Test Passed
            "3168", // Disqualified Until Tested
            "3169", // Disqualified for Duration and until Tested
            "3170", // Disqualified until Test of Competence Passed
            "3203", // Disqualified - no endorsement
            "3205", // Disqualified for Remainder of Life
        ],
    },
    Rule {
        kind: FinesEnforcement,
        words: &[
            "fine",
            "costs",
            "compensation",
            "surcharge",
            "criminal courts charge",
            "confiscation",
            "estreat",
            "forfeiture of recognisance",
        ],
        // Forfeiture or destruction of property is not a sum to collect.
        unless: &["wasted costs", "no compensation", "destruction"],
        codes: &[],
    },
];

/// The recipients a result code goes to by default (before an administrator's overrides).
pub fn default_routes(def: &ResultDef) -> BTreeSet<RecipientKind> {
    let mut kinds: BTreeSet<RecipientKind> =
        [PoliceForce, ProsecutingAuthority, DefenceFirm].into();
    if def.result_type == ResultType::Final {
        kinds.insert(LegalAidAgency);
    }
    let text = def.description.to_lowercase();
    for rule in RULES {
        let by_words = rule.words.iter().any(|w| has_words(&text, w))
            && !rule.unless.iter().any(|w| has_words(&text, w));
        if by_words || rule.codes.contains(&def.code.as_str()) {
            kinds.insert(rule.kind);
        }
    }
    kinds
}

/// Whether `phrase` occurs in `text` as whole words (not inside a longer word).
pub(super) fn has_words(text: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase).any(|(i, _)| {
        boundary(text[..i].chars().next_back()) && boundary(text[i + phrase.len()..].chars().next())
    })
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    #[error("{0} is not in the CJS result code list")]
    UnknownCode(String),
    #[error(
        "the {0} receives every result of its case or client: it cannot be switched off or on per code"
    )]
    PartyNotConfigurable(&'static str),
}

/// The routing in force: the defaults with an administrator's overrides (add or remove a kind
/// for a code). The parties are not configurable: a result always reaches them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoutingTable {
    /// code → kind → on (added) / off (removed).
    overrides: BTreeMap<String, BTreeMap<RecipientKind, bool>>,
}

/// One line of the table for an administrator's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteRow {
    pub cjs_code: String,
    pub label: String,
    pub result_type: ResultType,
    /// Who receives it by default.
    pub defaults: BTreeSet<RecipientKind>,
    /// Who receives it now (defaults with the overrides).
    pub kinds: BTreeSet<RecipientKind>,
    /// The overrides of this code: kind → added (true) or removed (false).
    pub overrides: BTreeMap<RecipientKind, bool>,
}

impl RoutingTable {
    /// The default routing, without overrides.
    pub fn defaults() -> Self {
        RoutingTable::default()
    }

    /// Add (`on`) or remove (`!on`) a kind for a code. Setting a kind back to its default
    /// removes the override.
    pub fn with_override(
        mut self,
        code: &ResultCode,
        kind: RecipientKind,
        on: bool,
    ) -> Result<Self, RoutingError> {
        if kind.is_party() {
            return Err(RoutingError::PartyNotConfigurable(kind.label()));
        }
        let def = RefData::global()
            .result(code)
            .ok_or_else(|| RoutingError::UnknownCode(code.to_string()))?;
        let entry = self.overrides.entry(def.code.clone()).or_default();
        if default_routes(def).contains(&kind) == on {
            entry.remove(&kind);
        } else {
            entry.insert(kind, on);
        }
        self.overrides.retain(|_, o| !o.is_empty());
        Ok(self)
    }

    /// Who receives a result with this code. A code not in the list (which `decide` never
    /// records) goes to the parties only.
    pub fn kinds_for(&self, code: &ResultCode) -> BTreeSet<RecipientKind> {
        let Some(def) = RefData::global().result(code) else {
            return [PoliceForce, ProsecutingAuthority, DefenceFirm].into();
        };
        self.apply(def, default_routes(def))
    }

    fn apply(
        &self,
        def: &ResultDef,
        mut kinds: BTreeSet<RecipientKind>,
    ) -> BTreeSet<RecipientKind> {
        for (kind, on) in self.overrides.get(&def.code).into_iter().flatten() {
            if *on {
                kinds.insert(*kind);
            } else {
                kinds.remove(kind);
            }
        }
        kinds
    }

    /// The overrides, as (code, kind, on), for storing and showing.
    pub fn overrides(&self) -> impl Iterator<Item = (&str, RecipientKind, bool)> {
        self.overrides
            .iter()
            .flat_map(|(c, o)| o.iter().map(move |(k, on)| (c.as_str(), *k, *on)))
    }

    /// The whole table, one row per code of the list, by code.
    pub fn rows(&self) -> Vec<RouteRow> {
        RefData::global()
            .results()
            .iter()
            .map(|def| {
                let defaults = default_routes(def);
                RouteRow {
                    cjs_code: def.code.clone(),
                    label: def.description.clone(),
                    result_type: def.result_type,
                    kinds: self.apply(def, defaults.clone()),
                    defaults,
                    overrides: self.overrides.get(&def.code).cloned().unwrap_or_default(),
                }
            })
            .collect()
    }
}
