//! Translation of the Rust facts into Cedar entities (see `policies/assize.cedarschema`).
//!
//! The entity store is rebuilt for every decision from the facts passed in, so there is no cache
//! to invalidate: removing a firm from the record revokes its access on the next request. The
//! one thing built once for many decisions is the user's entity, within one request
//! ([`crate::Reader`]), since the principal does not change during a request.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression};
use uuid::Uuid;

use crate::policy::PolicyError;
use crate::{CaseFacts, DefendantFacts, Principal};

/// The id of the one `Platform` entity, resource of actions not about a case.
pub(crate) const PLATFORM_ID: &str = "assize";

/// The id of the `Recipient` entity of a decision about a recipient's feed. Fixed, not the
/// recipient's own id: the rules decide on the recipient's organisation alone, so the API asks
/// for no id it would then ignore (a caller cannot pass a wrong one and get a decision about
/// another recipient), and each decision builds its own entity store holding exactly one
/// recipient, so a fixed id cannot clash.
pub(crate) const RECIPIENT_ID: &str = "requested";

/// Entity type names, parsed once.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    user: EntityTypeName,
    organisation: EntityTypeName,
    case: EntityTypeName,
    defendant: EntityTypeName,
    platform: EntityTypeName,
    court: EntityTypeName,
    recipient: EntityTypeName,
    role: EntityTypeName,
    org_kind: EntityTypeName,
}

fn type_name(s: &str) -> EntityTypeName {
    // The names are literals of this module; a failure is a programming error caught by any test.
    EntityTypeName::from_str(s).unwrap_or_else(|e| panic!("bad Cedar type name {s}: {e}"))
}

fn uuid_str(id: Uuid) -> String {
    id.hyphenated().to_string()
}

impl Names {
    pub(crate) fn new() -> Self {
        Names {
            user: type_name("User"),
            organisation: type_name("Organisation"),
            case: type_name("Case"),
            defendant: type_name("Defendant"),
            platform: type_name("Platform"),
            court: type_name("Court"),
            recipient: type_name("Recipient"),
            role: type_name("Role"),
            org_kind: type_name("OrgKind"),
        }
    }

    fn uid(ty: &EntityTypeName, id: &str) -> EntityUid {
        EntityUid::from_type_name_and_id(ty.clone(), EntityId::new(id))
    }

    fn uid_expr(ty: &EntityTypeName, id: &str) -> RestrictedExpression {
        RestrictedExpression::new_entity_uid(Self::uid(ty, id))
    }

    fn org_expr(&self, id: Uuid) -> RestrictedExpression {
        Self::uid_expr(&self.organisation, &uuid_str(id))
    }

    fn strings(values: &[String]) -> RestrictedExpression {
        RestrictedExpression::new_set(
            values
                .iter()
                .map(|s| RestrictedExpression::new_string(s.clone())),
        )
    }

    pub(crate) fn user_uid(&self, p: &Principal) -> EntityUid {
        Self::uid(&self.user, &uuid_str(p.user_id))
    }

    pub(crate) fn case_uid(&self, case_id: Uuid) -> EntityUid {
        Self::uid(&self.case, &uuid_str(case_id))
    }

    pub(crate) fn defendant_uid(&self, defendant_id: Uuid) -> EntityUid {
        Self::uid(&self.defendant, &uuid_str(defendant_id))
    }

    pub(crate) fn platform_uid(&self) -> EntityUid {
        Self::uid(&self.platform, PLATFORM_ID)
    }

    pub(crate) fn court_uid(&self, ou: &str) -> EntityUid {
        Self::uid(&self.court, ou)
    }

    /// The entities of a decision about one court: the user and the court.
    pub(crate) fn court_entities(
        &self,
        p: &Principal,
        ou: &str,
    ) -> Result<Vec<Entity>, PolicyError> {
        let attrs = HashMap::from([(
            "ou".to_string(),
            RestrictedExpression::new_string(ou.into()),
        )]);
        let court = Entity::new(self.court_uid(ou), attrs, HashSet::new())?;
        Ok(vec![self.user_entity(p)?, court])
    }

    pub(crate) fn recipient_uid(&self) -> EntityUid {
        Self::uid(&self.recipient, RECIPIENT_ID)
    }

    /// The entities of a decision about one recipient's feed: the user and the recipient, with
    /// its organisation when it has one (the schema's optional `org`).
    pub(crate) fn recipient_entities(
        &self,
        p: &Principal,
        org: Option<Uuid>,
    ) -> Result<Vec<Entity>, PolicyError> {
        let attrs: HashMap<String, RestrictedExpression> = org
            .map(|o| ("org".to_string(), self.org_expr(o)))
            .into_iter()
            .collect();
        let recipient = Entity::new(self.recipient_uid(), attrs, HashSet::new())?;
        Ok(vec![self.user_entity(p)?, recipient])
    }

    pub(crate) fn user_entity(&self, p: &Principal) -> Result<Entity, PolicyError> {
        let attrs = HashMap::from([
            (
                "role".to_string(),
                Self::uid_expr(&self.role, p.role.as_str()),
            ),
            ("org".to_string(), self.org_expr(p.org_id)),
            (
                "org_kind".to_string(),
                Self::uid_expr(&self.org_kind, p.org_kind.as_str()),
            ),
            ("court_ous".to_string(), Self::strings(&p.court_ous)),
        ]);
        Ok(Entity::new(self.user_uid(p), attrs, HashSet::new())?)
    }

    fn case_entity(&self, c: &CaseFacts) -> Result<Entity, PolicyError> {
        let defence_orgs: HashSet<Uuid> =
            c.defendants.iter().filter_map(|d| d.defence_org).collect();
        let attrs = HashMap::from([
            ("court_ous".to_string(), Self::strings(&c.court_ous)),
            ("prosecutor".to_string(), self.org_expr(c.prosecutor_org)),
            (
                "charging_force".to_string(),
                self.org_expr(c.charging_force_org),
            ),
            (
                "defence_orgs".to_string(),
                RestrictedExpression::new_set(defence_orgs.into_iter().map(|o| self.org_expr(o))),
            ),
        ]);
        Ok(Entity::new(
            self.case_uid(c.case_id),
            attrs,
            HashSet::new(),
        )?)
    }

    fn defendant_entity(&self, c: &CaseFacts, d: &DefendantFacts) -> Result<Entity, PolicyError> {
        let mut attrs = HashMap::from([(
            "case".to_string(),
            RestrictedExpression::new_entity_uid(self.case_uid(c.case_id)),
        )]);
        if let Some(org) = d.defence_org {
            attrs.insert("defence_org".to_string(), self.org_expr(org));
        }
        Ok(Entity::new(
            self.defendant_uid(d.defendant_id),
            attrs,
            HashSet::new(),
        )?)
    }

    /// The entities of one decision: the user's (built by [`Names::user_entity`]) and, when
    /// given, the case and the defendants `include` asks for (only those a request can reach,
    /// to keep decisions cheap).
    pub(crate) fn entities(
        &self,
        user: Entity,
        case: Option<&CaseFacts>,
        include: Include,
    ) -> Result<Vec<Entity>, PolicyError> {
        let mut out = Vec::with_capacity(2 + case.map_or(0, |c| c.defendants.len()));
        out.push(user);
        if let Some(c) = case {
            out.push(self.case_entity(c)?);
            for d in &c.defendants {
                let wanted = match include {
                    Include::NoDefendant => false,
                    Include::One(id) => d.defendant_id == id,
                    Include::All => true,
                };
                if wanted {
                    out.push(self.defendant_entity(c, d)?);
                }
            }
        }
        Ok(out)
    }
}

/// Which defendants of a case to put in the entity store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Include {
    NoDefendant,
    One(Uuid),
    All,
}
