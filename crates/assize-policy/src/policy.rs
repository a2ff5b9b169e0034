//! The policy engine: the embedded Cedar policy set, its schema, and the decisions.

use std::collections::{HashMap, HashSet};

use assize_domain::access::ListScope;
use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, Schema, ValidationMode, Validator,
};
use uuid::Uuid;

use crate::entities::{Include, Names};
use crate::{Action, CaseFacts, Disclosure, Principal, ResourceKind, scope, slice};

/// Case facts with a defendant listed twice are malformed (which firm is on record?): deny.
pub(crate) fn checked(case: &CaseFacts) -> Result<&CaseFacts, PolicyError> {
    let mut seen = HashSet::with_capacity(case.defendants.len());
    match case
        .defendants
        .iter()
        .find(|d| !seen.insert(d.defendant_id))
    {
        Some(d) => Err(PolicyError::DuplicateDefendant(d.defendant_id)),
        None => Ok(case),
    }
}

/// The Cedar policies, embedded at build time.
pub(crate) const POLICY_SRC: &str = include_str!("../policies/assize.cedar");
/// The Cedar schema the policies are validated against.
pub(crate) const SCHEMA_SRC: &str = include_str!("../policies/assize.cedarschema");

/// Why a decision could not be evaluated. [`Policy::is_allowed`] turns every error into a deny.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("action {0:?} is about a case but no case was given")]
    MissingCase(Action),
    #[error("action {0:?} is about a defendant but no defendant was given")]
    MissingDefendant(Action),
    #[error("action {0:?} is about a court: decide it with is_allowed_at_court")]
    MissingCourt(Action),
    #[error("action {0:?} is not about a court")]
    NotACourtAction(Action),
    #[error("action {0:?} is about a recipient: decide it with is_allowed_for_recipient")]
    MissingRecipient(Action),
    #[error("action {0:?} is not about a recipient of notices")]
    NotARecipientAction(Action),
    #[error("defendant {0} is not a defendant of the case")]
    UnknownDefendant(Uuid),
    #[error("defendant {0} appears twice in the case facts")]
    DuplicateDefendant(Uuid),
    #[error("building Cedar entities: {0}")]
    Entities(String),
    #[error("building the Cedar request: {0}")]
    Request(String),
    #[error("evaluating the policy: {0}")]
    Evaluation(String),
}

impl From<cedar_policy::EntityAttrEvaluationError> for PolicyError {
    fn from(e: cedar_policy::EntityAttrEvaluationError) -> Self {
        PolicyError::Entities(e.to_string())
    }
}

/// The one access policy of Assize. Build it once ([`Policy::new`]) and share it (it is
/// `Send + Sync`); every decision is then a pure function of the facts passed in.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The policy set sliced by action (see `slice.rs`); every action has an entry.
    policies: HashMap<Action, PolicySet>,
    schema: Schema,
    authorizer: Authorizer,
    names: Names,
    actions: HashMap<Action, EntityUid>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::new()
    }
}

impl Policy {
    /// Parse the embedded schema and policies and validate the policies against the schema.
    ///
    /// # Panics
    /// If the embedded files do not parse or validate. They are part of the binary, so this is a
    /// programming error that every test of this crate would catch first.
    pub fn new() -> Policy {
        let (schema, _warnings) = Schema::from_cedarschema_str(SCHEMA_SRC)
            .unwrap_or_else(|e| panic!("assize.cedarschema does not parse: {e:?}"));
        let policies: PolicySet = POLICY_SRC
            .parse()
            .unwrap_or_else(|e| panic!("assize.cedar does not parse: {e:?}"));
        let result = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
        if !result.validation_passed() {
            let errors: Vec<String> = result.validation_errors().map(|e| e.to_string()).collect();
            panic!("assize.cedar does not validate against its schema: {errors:#?}");
        }
        let action_type: EntityTypeName = "Action".parse().expect("Action type name");
        let actions = Action::ALL
            .into_iter()
            .map(|a| {
                let uid = EntityUid::from_type_name_and_id(
                    action_type.clone(),
                    EntityId::new(a.as_str()),
                );
                (a, uid)
            })
            .collect();
        Policy {
            policies: slice::by_action(&policies, &actions),
            schema,
            authorizer: Authorizer::new(),
            names: Names::new(),
            actions,
        }
    }

    /// Decide one action; deny on any error.
    ///
    /// `case` is `None` for actions not about a case (CreateCase, Search, ReadAccessLog,
    /// ReadReferenceData, ManageNotices), and is ignored for them. Actions about a court or a
    /// recipient of notices are an error here ([`Policy::is_allowed_at_court`],
    /// [`Policy::is_allowed_for_recipient`]). `defendant` names the defendant for
    /// per-defendant actions (ReadDefendantFull, ReadDefendantChargeSheet, AssociateDefence,
    /// LeaveDefence) and must be one of `case.defendants`; it is ignored for other actions.
    pub fn is_allowed(
        &self,
        p: &Principal,
        action: Action,
        case: Option<&CaseFacts>,
        defendant: Option<Uuid>,
    ) -> bool {
        self.decide(p, action, case, defendant).unwrap_or(false)
    }

    /// [`Policy::is_allowed`] for an action about one court of the case (resulting or listing a
    /// hearing there): decided with the case's courts narrowed to that court, so staff of another
    /// court where the case is also listed may not act at this one.
    pub fn is_allowed_at_case_court(
        &self,
        p: &Principal,
        action: Action,
        case: &CaseFacts,
        court_ou: &str,
        defendant: Option<Uuid>,
    ) -> bool {
        let narrowed = CaseFacts {
            court_ous: vec![court_ou.to_string()],
            ..case.clone()
        };
        self.is_allowed(p, action, Some(&narrowed), defendant)
    }

    /// [`Policy::is_allowed`], reporting why a decision could not be evaluated (for logging).
    pub fn decide(
        &self,
        p: &Principal,
        action: Action,
        case: Option<&CaseFacts>,
        defendant: Option<Uuid>,
    ) -> Result<bool, PolicyError> {
        self.reader(p).decide(action, case, defendant)
    }

    /// Decide an action about one court (its courtrooms, its sittings); deny on any error.
    pub fn is_allowed_at_court(&self, p: &Principal, action: Action, court_ou: &str) -> bool {
        self.decide_at_court(p, action, court_ou).unwrap_or(false)
    }

    /// [`Policy::is_allowed_at_court`], reporting why a decision could not be evaluated.
    pub fn decide_at_court(
        &self,
        p: &Principal,
        action: Action,
        court_ou: &str,
    ) -> Result<bool, PolicyError> {
        if action.resource_kind() != ResourceKind::Court {
            return Err(PolicyError::NotACourtAction(action));
        }
        let entities = Entities::from_entities(self.names.court_entities(p, court_ou)?, None)
            .map_err(|e| PolicyError::Entities(e.to_string()))?;
        self.authorize(p, action, self.names.court_uid(court_ou), &entities)
    }

    /// Decide an action about one recipient of notices (reading and acknowledging its feed);
    /// deny on any error.
    ///
    /// `recipient_org` is the recipient's organisation, `None` for a recipient not yet assigned
    /// one (whose feed is then read by nobody through this decision). The recipient's own id is
    /// not asked for: the rules decide on its organisation alone.
    pub fn is_allowed_for_recipient(
        &self,
        p: &Principal,
        action: Action,
        recipient_org: Option<Uuid>,
    ) -> bool {
        self.decide_for_recipient(p, action, recipient_org)
            .unwrap_or(false)
    }

    /// [`Policy::is_allowed_for_recipient`], reporting why a decision could not be evaluated.
    pub fn decide_for_recipient(
        &self,
        p: &Principal,
        action: Action,
        recipient_org: Option<Uuid>,
    ) -> Result<bool, PolicyError> {
        if action.resource_kind() != ResourceKind::Recipient {
            return Err(PolicyError::NotARecipientAction(action));
        }
        let entities =
            Entities::from_entities(self.names.recipient_entities(p, recipient_org)?, None)
                .map_err(|e| PolicyError::Entities(e.to_string()))?;
        self.authorize(p, action, self.names.recipient_uid(), &entities)
    }

    /// Field-level disclosure of one case to one principal, computed by asking Cedar about each
    /// field group (ReadCase, ReadTimeline, ReadVictimWitnessContact, and per defendant
    /// ReadDefendantFull then ReadDefendantChargeSheet). Everything is hidden if the case may not
    /// be read, or if any question cannot be evaluated. For many cases, [`Policy::reader`].
    pub fn disclosure(&self, p: &Principal, case: &CaseFacts) -> Disclosure {
        self.reader(p).disclosure(case)
    }

    /// The SQL-filterable equivalent of `is_allowed(p, ReadCase, case, None)` over all cases; see
    /// [`crate::scope_matches`] for the semantics the SQL filter must implement.
    pub fn list_scope(&self, p: &Principal) -> ListScope {
        scope::list_scope(p)
    }

    pub(crate) fn entities(
        &self,
        user: Entity,
        case: Option<&CaseFacts>,
        include: Include,
    ) -> Result<Entities, PolicyError> {
        let entities = self.names.entities(user, case, include)?;
        // No schema here: the entities are built by this crate to the schema's shape (a test
        // checks conformance with the schema), and skipping the check keeps decisions cheap.
        Entities::from_entities(entities, None).map_err(|e| PolicyError::Entities(e.to_string()))
    }

    pub(crate) fn authorize(
        &self,
        p: &Principal,
        action: Action,
        resource: EntityUid,
        entities: &Entities,
    ) -> Result<bool, PolicyError> {
        let request = Request::new(
            self.names.user_uid(p),
            self.actions[&action].clone(),
            resource,
            Context::empty(),
            Some(&self.schema),
        )
        .map_err(|e| PolicyError::Request(e.to_string()))?;
        let response = self
            .authorizer
            .is_authorized(&request, &self.policies[&action], entities);
        // A policy that errors is skipped by Cedar; a skipped `forbid` could turn into an allow,
        // so any evaluation error denies.
        if let Some(e) = response.diagnostics().errors().next() {
            return Err(PolicyError::Evaluation(e.to_string()));
        }
        Ok(response.decision() == Decision::Allow)
    }

    /// For tests: the embedded sources and schema.
    #[cfg(test)]
    pub(crate) fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The entity type names (for [`crate::Reader`] and the tests).
    pub(crate) fn names(&self) -> &Names {
        &self.names
    }
}
