//! # assize-policy — the one central access policy of Assize
//!
//! Every read and write in the product is decided here; handlers never decide access. The rules
//! are written in Cedar (`policies/assize.cedar`), validated against a Cedar schema
//! (`policies/assize.cedarschema`), embedded in the binary and parsed once by [`Policy::new`].
//!
//! * [`Policy::is_allowed`] decides one [`Action`] for one [`Principal`], optionally about a case
//!   ([`CaseFacts`]) and one of its defendants. It denies on any error (deny by default).
//!   Actions about one court are decided by [`Policy::is_allowed_at_court`], actions about one
//!   recipient of notices of results (its feed) by [`Policy::is_allowed_for_recipient`].
//! * [`Policy::disclosure`] says which field groups of a case a principal may see; the defence
//!   sees its own client in full and co-defendants as on the charge sheet.
//! * [`Policy::list_scope`] gives the same answer as `is_allowed(.., ReadCase, ..)` in a form
//!   storage turns into SQL; [`scope_matches`] is the reference semantics of that SQL filter.
//! * [`public_list`] decides what a public court list may publish about a hearing: the
//!   anonymous public is one more reader, and reporting restrictions are its disclosure rules.
//!
//! The facts are passed in per request (built from the store at the time of the request), so a
//! change such as removing a firm from the record takes effect on the very next request.

// Why: this crate is the security boundary of the product. It has no reason to use `unsafe`, and
// forbidding it means any memory-safety concern lies in audited dependencies, never in our rules.
#![forbid(unsafe_code)]

mod action;
mod entities;
mod policy;
pub mod public_list;
mod reader;
mod redact;
mod scope;
mod slice;

use std::collections::HashMap;

pub use action::{Action, ResourceKind};
pub use assize_domain::access::{ListScope, OrgKind, Relation, Role};
pub use policy::{Policy, PolicyError};
pub use reader::Reader;
pub use redact::{event_visible, redact_case};
pub use scope::scope_matches;
use uuid::Uuid;

/// The authenticated user on whose behalf an action is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Uuid,
    pub org_id: Uuid,
    /// The kind of the user's organisation. If it differs from `role.org_kind()` the user is
    /// allowed nothing at all.
    pub org_kind: OrgKind,
    pub role: Role,
    /// Court OU codes the user's organisation serves (court staff) or sits at (judiciary); empty otherwise.
    pub court_ous: Vec<String>,
}

/// The access-relevant facts of one case, read from the store for the request being decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub case_id: Uuid,
    /// OU codes of every court at which the case has had or has a hearing listed.
    pub court_ous: Vec<String>,
    pub prosecutor_org: Uuid,
    pub charging_force_org: Uuid,
    /// Every defendant of the case; ids must be unique (duplicates make every decision a deny).
    pub defendants: Vec<DefendantFacts>,
}

/// The access-relevant facts of one defendant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefendantFacts {
    pub defendant_id: Uuid,
    /// The defence firm on record for this defendant, if any.
    pub defence_org: Option<Uuid>,
}

/// Field-level disclosure of one case to one principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// May the case be seen at all? If false, everything below is hidden.
    pub case: bool,
    /// One entry per defendant of the case.
    pub defendants: HashMap<Uuid, DefendantDisclosure>,
    /// Victim and witness contact details (addresses, phone numbers, dates of birth).
    pub victim_witness_contact: bool,
    /// The case's event stream.
    pub timeline: bool,
}

impl Disclosure {
    /// Nothing visible: what a principal gets for a case it may not read.
    pub fn hidden(case: &CaseFacts) -> Self {
        Disclosure {
            case: false,
            defendants: case
                .defendants
                .iter()
                .map(|d| (d.defendant_id, DefendantDisclosure::Hidden))
                .collect(),
            victim_witness_contact: false,
            timeline: false,
        }
    }

    /// The disclosure of one defendant; `Hidden` for an id not in the case.
    pub fn defendant(&self, defendant_id: Uuid) -> DefendantDisclosure {
        self.defendants
            .get(&defendant_id)
            .copied()
            .unwrap_or(DefendantDisclosure::Hidden)
    }
}

/// How much of one defendant's record a principal may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefendantDisclosure {
    /// Everything about this defendant.
    Full,
    /// Co-defendant as on the charge sheet: name and offences only, no date of birth, address,
    /// ASN, PNC ID, bail address/conditions, reports.
    ChargeSheetOnly,
    Hidden,
}

#[cfg(test)]
mod tests;
