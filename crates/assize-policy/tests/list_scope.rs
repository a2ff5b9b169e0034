//! Property: for random principals and random case graphs, the in-memory reference semantics of
//! the list scope (`scope_matches`) agree with the Cedar decision `is_allowed(ReadCase)`, so the
//! SQL filter built from `list_scope` returns exactly the cases the policy allows one by one.
//! Small pools of organisation ids and court OU codes make collisions (same firm on two
//! defendants, another firm with the same role, a court shared by two cases) frequent.

use std::sync::LazyLock;

use assize_policy::{
    Action, CaseFacts, DefendantDisclosure, DefendantFacts, OrgKind, Policy, Principal, Role,
    scope_matches,
};
use proptest::prelude::*;
use uuid::Uuid;

static POLICY: LazyLock<Policy> = LazyLock::new(Policy::new);

const ORGS: u128 = 4;
const COURTS: [&str; 4] = ["B01AA00", "B02BB00", "C01CC00", "C02DD00"];

fn org() -> impl Strategy<Value = Uuid> {
    (0..ORGS).prop_map(|n| Uuid::from_u128(0x100 + n))
}

fn courts() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(proptest::sample::select(&COURTS[..]), 0..3)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn principal() -> impl Strategy<Value = Principal> {
    (
        proptest::sample::select(&Role::ALL[..]),
        // Mostly the role's own kind; sometimes a mismatched one (which must get nothing).
        prop_oneof![4 => Just(None), 1 => proptest::sample::select(&OrgKind::ALL[..]).prop_map(Some)],
        org(),
        courts(),
    )
        .prop_map(|(role, kind, org_id, court_ous)| Principal {
            user_id: Uuid::from_u128(0x9000),
            org_id,
            org_kind: kind.unwrap_or(role.org_kind()),
            role,
            court_ous,
        })
}

fn case() -> impl Strategy<Value = CaseFacts> {
    (
        courts(),
        org(),
        org(),
        proptest::collection::vec(proptest::option::of(org()), 0..4),
    )
        .prop_map(
            |(court_ous, prosecutor_org, charging_force_org, firms)| CaseFacts {
                case_id: Uuid::from_u128(0x5000),
                court_ous,
                prosecutor_org,
                charging_force_org,
                defendants: firms
                    .into_iter()
                    .enumerate()
                    .map(|(i, defence_org)| DefendantFacts {
                        defendant_id: Uuid::from_u128(0x6000 + i as u128),
                        defence_org,
                    })
                    .collect(),
            },
        )
}

fn is_defence(role: Role) -> bool {
    matches!(
        role,
        Role::DefenceSolicitor | Role::DefenceAdvocate | Role::FirmAdmin
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn list_scope_agrees_with_read_case(p in principal(), c in case()) {
        let policy = &*POLICY;
        let allowed = policy.is_allowed(&p, Action::ReadCase, Some(&c), None);
        prop_assert_eq!(scope_matches(&policy.list_scope(&p), &c), allowed);
    }

    #[test]
    fn disclosure_agrees_with_decisions(p in principal(), c in case()) {
        let policy = &*POLICY;
        let d = policy.disclosure(&p, &c);
        prop_assert_eq!(d.case, policy.is_allowed(&p, Action::ReadCase, Some(&c), None));
        prop_assert_eq!(d.defendants.len(), c.defendants.len());
        if !d.case {
            prop_assert!(!d.timeline && !d.victim_witness_contact);
            prop_assert!(d.defendants.values().all(|x| *x == DefendantDisclosure::Hidden));
            return Ok(());
        }
        prop_assert_eq!(d.timeline, policy.is_allowed(&p, Action::ReadTimeline, Some(&c), None));
        for f in &c.defendants {
            let full = policy.is_allowed(&p, Action::ReadDefendantFull, Some(&c), Some(f.defendant_id));
            prop_assert_eq!(d.defendant(f.defendant_id) == DefendantDisclosure::Full, full);
            if is_defence(p.role) {
                // Own client in full, everyone else as on the charge sheet.
                let expected = if f.defence_org == Some(p.org_id) {
                    DefendantDisclosure::Full
                } else {
                    DefendantDisclosure::ChargeSheetOnly
                };
                prop_assert_eq!(d.defendant(f.defendant_id), expected);
            } else {
                prop_assert_eq!(d.defendant(f.defendant_id), DefendantDisclosure::Full);
            }
        }
        if is_defence(p.role) {
            prop_assert!(!d.timeline && !d.victim_witness_contact);
        } else {
            prop_assert!(d.timeline && d.victim_witness_contact);
        }
    }
}
