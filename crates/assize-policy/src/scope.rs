//! List scopes: the SQL-filterable form of "may read this case".

use assize_domain::access::{ListScope, Relation, Role};

use crate::{CaseFacts, Principal};

/// The list scope of a principal. Must agree with the Cedar policy's `ReadCase` decision for
/// every case (a property test checks `scope_matches(&list_scope(p), c) == is_allowed(p, ReadCase, c)`).
pub(crate) fn list_scope(p: &Principal) -> ListScope {
    if p.role.org_kind() != p.org_kind {
        return ListScope::none();
    }
    let org = |relation: Relation| ListScope {
        org_relations: Some((p.org_id, vec![relation])),
        court_ous: Vec::new(),
        identifiers_only_for_org: (relation == Relation::DefenceOnRecord).then_some(p.org_id),
    };
    match p.role {
        Role::PoliceOfficer | Role::PoliceAdmin => org(Relation::ChargingForce),
        Role::Prosecutor | Role::Paralegal => org(Relation::Prosecutor),
        Role::DefenceSolicitor | Role::DefenceAdvocate | Role::FirmAdmin => {
            org(Relation::DefenceOnRecord)
        }
        Role::ListingOfficer
        | Role::LegalAdviser
        | Role::CourtAssociate
        | Role::CourtAdmin
        | Role::Judicial => ListScope {
            org_relations: None,
            court_ous: p.court_ous.clone(),
            identifiers_only_for_org: None,
        },
        // Agency officers: no case read until subscriptions exist. Auditors: never.
        Role::AgencyOfficer | Role::Auditor => ListScope::none(),
    }
}

/// The reference semantics of a [`ListScope`]: does `case` fall within `scope`?
///
/// The SQL filter built by storage must implement exactly this:
/// a case matches if
/// * `org_relations = Some((org, relations))` and, for at least one relation in `relations`,
///   the case holds that relation with `org` — `ChargingForce`: the case's charging force is `org`;
///   `Prosecutor`: its prosecutor is `org`; `DefenceOnRecord`: `org` is on record for at least one
///   defendant of the case; **or**
/// * at least one OU code in `scope.court_ous` is among the case's court OU codes (any hearing,
///   past or future).
///
/// An empty scope ([`ListScope::none`]) matches no case.
pub fn scope_matches(scope: &ListScope, case: &CaseFacts) -> bool {
    let by_org = scope
        .org_relations
        .as_ref()
        .is_some_and(|(org, relations)| {
            relations.iter().any(|relation| match relation {
                Relation::ChargingForce => case.charging_force_org == *org,
                Relation::Prosecutor => case.prosecutor_org == *org,
                Relation::DefenceOnRecord => {
                    case.defendants.iter().any(|d| d.defence_org == Some(*org))
                }
            })
        });
    let by_court = scope
        .court_ous
        .iter()
        .any(|ou| case.court_ous.iter().any(|c| c == ou));
    by_org || by_court
}
