//! One principal's decisions over many cases: a court list, the workload, the trial lists.
//!
//! Every decision needs the principal's Cedar entity, and building it evaluates each of its
//! attributes, among them the set of the courts the user works at. A national listing officer
//! has 375; building their entity for every case of a national day's lists was a third of the
//! server's CPU (docs/performance.md, sixth session). The principal does not change within a
//! request, so a [`Reader`] builds it once and each decision takes a copy (a cheap one: Cedar
//! shares evaluated sets). The case's entities are still built for each case.

use std::collections::HashMap;

use cedar_policy::{Entity, EntityUid};
use uuid::Uuid;

use crate::entities::Include;
use crate::policy::{PolicyError, checked};
use crate::{Action, CaseFacts, DefendantDisclosure, Disclosure, Policy, Principal, ResourceKind};

/// The decisions of one principal, its entity built once (making a reader builds it): make one
/// per request, and use it for every decision of that request.
pub struct Reader<'a> {
    policy: &'a Policy,
    principal: &'a Principal,
    /// The principal's entity, or why it could not be built (then every decision is denied).
    user: Result<Entity, String>,
}

impl Policy {
    /// The decisions of `p`, for deciding about many cases.
    pub fn reader<'a>(&'a self, p: &'a Principal) -> Reader<'a> {
        Reader {
            policy: self,
            principal: p,
            user: self.names().user_entity(p).map_err(|e| e.to_string()),
        }
    }
}

impl Reader<'_> {
    fn user(&self) -> Result<Entity, PolicyError> {
        self.user.clone().map_err(PolicyError::Entities)
    }

    /// [`Policy::is_allowed`] for this reader.
    pub fn is_allowed(
        &self,
        action: Action,
        case: Option<&CaseFacts>,
        defendant: Option<Uuid>,
    ) -> bool {
        self.decide(action, case, defendant).unwrap_or(false)
    }

    /// [`Policy::decide`] for this reader.
    pub fn decide(
        &self,
        action: Action,
        case: Option<&CaseFacts>,
        defendant: Option<Uuid>,
    ) -> Result<bool, PolicyError> {
        let names = self.policy.names();
        let (resource, case, include) = match action.resource_kind() {
            ResourceKind::Platform => (names.platform_uid(), None, Include::NoDefendant),
            ResourceKind::Case => {
                let c = checked(case.ok_or(PolicyError::MissingCase(action))?)?;
                (names.case_uid(c.case_id), Some(c), Include::NoDefendant)
            }
            ResourceKind::Defendant => {
                let c = checked(case.ok_or(PolicyError::MissingCase(action))?)?;
                let d = defendant.ok_or(PolicyError::MissingDefendant(action))?;
                if !c.defendants.iter().any(|f| f.defendant_id == d) {
                    return Err(PolicyError::UnknownDefendant(d));
                }
                (names.defendant_uid(d), Some(c), Include::One(d))
            }
            ResourceKind::Court => return Err(PolicyError::MissingCourt(action)),
            ResourceKind::Recipient => return Err(PolicyError::MissingRecipient(action)),
        };
        let entities = self.policy.entities(self.user()?, case, include)?;
        self.policy
            .authorize(self.principal, action, resource, &entities)
    }

    /// [`Policy::disclosure`] for this reader.
    pub fn disclosure(&self, case: &CaseFacts) -> Disclosure {
        self.try_disclosure(case, Asked::Everything)
            .unwrap_or_else(|_| Disclosure::hidden(case))
    }

    /// The disclosure of a case on a list (a court list, a trial list), which shows the case
    /// and the defendants this reader may see and nothing else: the timeline and victim and
    /// witness contact details are not asked about, and come back not disclosed. Two Cedar
    /// decisions fewer a case, a fifth of a national court list's CPU.
    pub fn list_disclosure(&self, case: &CaseFacts) -> Disclosure {
        self.try_disclosure(case, Asked::CaseAndDefendants)
            .unwrap_or_else(|_| Disclosure::hidden(case))
    }

    fn try_disclosure(&self, case: &CaseFacts, asked: Asked) -> Result<Disclosure, PolicyError> {
        let names = self.policy.names();
        let entities = self
            .policy
            .entities(self.user()?, Some(checked(case)?), Include::All)?;
        let case_uid = names.case_uid(case.case_id);
        let ask = |action: Action, resource: &EntityUid| {
            self.policy
                .authorize(self.principal, action, resource.clone(), &entities)
        };
        if !ask(Action::ReadCase, &case_uid)? {
            return Ok(Disclosure::hidden(case));
        }
        let mut defendants = HashMap::with_capacity(case.defendants.len());
        for d in &case.defendants {
            let uid = names.defendant_uid(d.defendant_id);
            let level = if ask(Action::ReadDefendantFull, &uid)? {
                DefendantDisclosure::Full
            } else if ask(Action::ReadDefendantChargeSheet, &uid)? {
                DefendantDisclosure::ChargeSheetOnly
            } else {
                DefendantDisclosure::Hidden
            };
            defendants.insert(d.defendant_id, level);
        }
        let everything = asked == Asked::Everything;
        Ok(Disclosure {
            case: true,
            defendants,
            victim_witness_contact: everything && ask(Action::ReadVictimWitnessContact, &case_uid)?,
            timeline: everything && ask(Action::ReadTimeline, &case_uid)?,
        })
    }
}

/// What a disclosure asks Cedar about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Everything,
    CaseAndDefendants,
}
