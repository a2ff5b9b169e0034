//! Unit tests of the engine: the embedded files, the Rust <-> Cedar correspondence, error paths
//! and disclosure. The full decision table is in `tests/matrix.rs`, the list-scope property in
//! `tests/list_scope.rs`.

use std::collections::HashSet;

use cedar_policy::{
    Context, Entities, EntityUid, PolicySet, Request, Schema, ValidationMode, Validator,
};
use uuid::Uuid;

use crate::entities::Include;
use crate::policy::{POLICY_SRC, SCHEMA_SRC};
use crate::{
    Action, CaseFacts, DefendantDisclosure, DefendantFacts, OrgKind, Policy, PolicyError,
    Principal, ResourceKind, Role,
};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn case() -> CaseFacts {
    CaseFacts {
        case_id: id(1),
        court_ous: vec!["B01AA00".into(), "C01BB00".into()],
        prosecutor_org: id(20),
        charging_force_org: id(10),
        defendants: vec![
            DefendantFacts {
                defendant_id: id(101),
                defence_org: Some(id(30)),
            },
            DefendantFacts {
                defendant_id: id(102),
                defence_org: Some(id(31)),
            },
            DefendantFacts {
                defendant_id: id(103),
                defence_org: None,
            },
        ],
    }
}

fn principal(role: Role, org: u128, courts: &[&str]) -> Principal {
    Principal {
        user_id: id(1000 + org),
        org_id: id(org),
        org_kind: role.org_kind(),
        role,
        court_ous: courts.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn policies_validate_strictly_against_schema() {
    let (schema, warnings) = Schema::from_cedarschema_str(SCHEMA_SRC).expect("schema parses");
    assert_eq!(warnings.count(), 0, "schema warnings");
    let policies: PolicySet = POLICY_SRC.parse().expect("policies parse");
    let result = Validator::new(schema).validate(&policies, ValidationMode::Strict);
    let errors: Vec<String> = result.validation_errors().map(|e| e.to_string()).collect();
    let warnings: Vec<String> = result
        .validation_warnings()
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn every_policy_has_an_id_annotation() {
    let policies: PolicySet = POLICY_SRC.parse().expect("policies parse");
    let mut ids = HashSet::new();
    for p in policies.policies() {
        let id = p
            .annotation("id")
            .unwrap_or_else(|| panic!("policy without @id: {p}"));
        assert!(ids.insert(id.to_string()), "duplicate @id {id}");
    }
    assert!(ids.len() >= 20, "{} policies", ids.len());
}

#[test]
fn entities_conform_to_schema_for_every_role_and_kind() {
    // Enum entity types in the schema reject a role or kind spelt differently from the domain's.
    let policy = Policy::new();
    for role in Role::ALL {
        for kind in OrgKind::ALL {
            let mut p = principal(role, 30, &["B01AA00"]);
            p.org_kind = kind;
            let entities = policy
                .names()
                .entities(
                    policy.names().user_entity(&p).expect("user"),
                    Some(&case()),
                    Include::All,
                )
                .expect("entities");
            Entities::from_entities(entities, Some(policy.schema()))
                .unwrap_or_else(|e| panic!("{role:?} {kind:?}: {e}"));
            // A recipient with and without its optional organisation.
            for org in [Some(id(30)), None] {
                let entities = policy
                    .names()
                    .recipient_entities(&p, org)
                    .expect("recipient entities");
                Entities::from_entities(entities, Some(policy.schema()))
                    .unwrap_or_else(|e| panic!("{role:?} {kind:?} recipient {org:?}: {e}"));
            }
        }
    }
}

#[test]
fn rust_actions_match_schema_applies_to() {
    let policy = Policy::new();
    let names = policy.names();
    let p = principal(Role::Prosecutor, 20, &[]);
    let resources = [
        (ResourceKind::Platform, names.platform_uid()),
        (ResourceKind::Case, names.case_uid(id(1))),
        (ResourceKind::Defendant, names.defendant_uid(id(101))),
        (ResourceKind::Court, names.court_uid("B01AA00")),
        (ResourceKind::Recipient, names.recipient_uid()),
    ];
    for action in Action::ALL {
        assert_eq!(Action::parse(action.as_str()), Some(action));
        let action_uid = format!("Action::\"{}\"", action.as_str()).parse().unwrap();
        for (kind, resource) in &resources {
            let ok = Request::new(
                names.user_uid(&p),
                // Request::new takes the uids by value.
                Clone::clone(&action_uid),
                resource.clone(),
                Context::empty(),
                Some(policy.schema()),
            )
            .is_ok();
            assert_eq!(
                ok,
                *kind == action.resource_kind(),
                "{action:?} on {kind:?}"
            );
        }
    }
}

#[test]
fn policy_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Policy>();
}

#[test]
fn role_not_of_its_org_kind_gets_nothing() {
    let policy = Policy::new();
    let c = case();
    for role in Role::ALL {
        for kind in OrgKind::ALL.into_iter().filter(|k| *k != role.org_kind()) {
            // The most related principal possible: every org id and every court of the case.
            for org in [10, 20, 30] {
                let mut p = principal(role, org, &["B01AA00"]);
                p.org_kind = kind;
                for action in Action::ALL {
                    let d = Some(id(101));
                    assert!(
                        !policy.is_allowed(&p, action, Some(&c), d),
                        "{role:?} {kind:?} {action:?}"
                    );
                    assert!(
                        !policy.is_allowed(&p, action, None, None),
                        "{role:?} {kind:?} {action:?}"
                    );
                    assert!(
                        !policy.is_allowed_at_court(&p, action, "B01AA00"),
                        "{role:?} {kind:?} {action:?}"
                    );
                    // Even the feed of the principal's own organisation.
                    for recipient_org in [Some(id(org)), None] {
                        assert!(
                            !policy.is_allowed_for_recipient(&p, action, recipient_org),
                            "{role:?} {kind:?} {action:?} {recipient_org:?}"
                        );
                    }
                }
                assert!(policy.list_scope(&p).is_empty());
                assert!(!policy.disclosure(&p, &c).case);
            }
        }
    }
}

#[test]
fn missing_or_foreign_facts_deny() {
    let policy = Policy::new();
    let c = case();
    let clerk = principal(Role::CourtAdmin, 40, &["B01AA00"]);
    assert!(matches!(
        policy.decide(&clerk, Action::ReadCase, None, None),
        Err(PolicyError::MissingCase(Action::ReadCase))
    ));
    assert!(matches!(
        policy.decide(&clerk, Action::ReadDefendantFull, Some(&c), None),
        Err(PolicyError::MissingDefendant(_))
    ));
    assert!(matches!(
        policy.decide(&clerk, Action::LeaveDefence, Some(&c), Some(id(999))),
        Err(PolicyError::UnknownDefendant(_))
    ));
    assert!(!policy.is_allowed(&clerk, Action::ReadDefendantFull, Some(&c), Some(id(999))));
    // Each resource kind has its own entry point; the wrong one is an error, hence a deny.
    let firm = principal(Role::FirmAdmin, 30, &[]);
    assert!(matches!(
        policy.decide(&firm, Action::ReadNotices, Some(&c), None),
        Err(PolicyError::MissingRecipient(Action::ReadNotices))
    ));
    assert!(!policy.is_allowed(&firm, Action::ReadNotices, Some(&c), None));
    assert!(matches!(
        policy.decide_at_court(&firm, Action::ReadNotices, "B01AA00"),
        Err(PolicyError::NotACourtAction(Action::ReadNotices))
    ));
    for action in [
        Action::ReadCase,
        Action::ReadDefendantFull,
        Action::ManageCourtrooms,
        Action::ManageNotices,
    ] {
        assert!(
            matches!(
                policy.decide_for_recipient(&clerk, action, Some(id(40))),
                Err(PolicyError::NotARecipientAction(a)) if a == action
            ),
            "{action:?}"
        );
    }
    assert!(!policy.is_allowed_for_recipient(&firm, Action::ReadCase, Some(id(30))));
    // Duplicate defendant ids are malformed facts: deny everything about the case.
    let mut dup = c.clone();
    dup.defendants.push(DefendantFacts {
        defendant_id: id(101),
        defence_org: Some(id(31)),
    });
    assert!(matches!(
        policy.decide(&clerk, Action::ReadCase, Some(&dup), None),
        Err(PolicyError::DuplicateDefendant(_))
    ));
    assert!(!policy.disclosure(&clerk, &dup).case);
}

#[test]
fn defence_disclosure_is_per_defendant() {
    let policy = Policy::new();
    let c = case();
    let firm_a = principal(Role::DefenceSolicitor, 30, &[]);
    let d = policy.disclosure(&firm_a, &c);
    assert!(d.case);
    assert!(!d.timeline, "timeline would leak co-defendant events");
    assert!(!d.victim_witness_contact);
    assert_eq!(d.defendant(id(101)), DefendantDisclosure::Full);
    assert_eq!(d.defendant(id(102)), DefendantDisclosure::ChargeSheetOnly);
    assert_eq!(d.defendant(id(103)), DefendantDisclosure::ChargeSheetOnly);
    assert_eq!(d.defendants.len(), 3);

    // Removing the firm from the record revokes its access at once.
    let mut removed = c.clone();
    removed.defendants[0].defence_org = None;
    let d = policy.disclosure(&firm_a, &removed);
    assert!(!d.case);
    assert!(
        d.defendants
            .values()
            .all(|x| *x == DefendantDisclosure::Hidden)
    );
    assert!(!policy.is_allowed(&firm_a, Action::ReadCase, Some(&removed), None));
}

#[test]
fn prosecution_police_court_and_judiciary_see_everything_of_their_cases() {
    let policy = Policy::new();
    let c = case();
    for p in [
        principal(Role::PoliceOfficer, 10, &[]),
        principal(Role::Paralegal, 20, &[]),
        principal(Role::ListingOfficer, 40, &["C01BB00", "B02XX00"]),
        principal(Role::Judicial, 50, &["B01AA00"]),
    ] {
        let d = policy.disclosure(&p, &c);
        assert!(
            d.case && d.timeline && d.victim_witness_contact,
            "{:?}",
            p.role
        );
        assert!(
            d.defendants
                .values()
                .all(|x| *x == DefendantDisclosure::Full)
        );
    }
    for p in [
        principal(Role::AgencyOfficer, 10, &["B01AA00"]),
        principal(Role::Auditor, 20, &[]),
    ] {
        assert_eq!(policy.disclosure(&p, &c), crate::Disclosure::hidden(&c));
    }
}

/// Exercises the per-request path (entities built per call); no timing assertion, but the mean
/// is printed (`cargo test -- --nocapture`) to keep an eye on it.
#[test]
fn disclosure_many_times() {
    let policy = Policy::new();
    let c = case();
    let p = principal(Role::DefenceSolicitor, 30, &[]);
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        let d = policy.disclosure(&p, &c);
        assert!(d.case);
    }
    println!("disclosure: {:?} per call", start.elapsed() / 1000);
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        assert!(policy.is_allowed(&p, Action::ReadCase, Some(&c), None));
    }
    println!(
        "is_allowed(ReadCase): {:?} per call",
        start.elapsed() / 1000
    );
}

/// Slicing the policy set by action (slice.rs) is an optimisation: the full set must give the
/// same decision for every role, action and target.
#[test]
fn sliced_policy_set_decides_like_the_full_set() {
    let policy = Policy::new();
    let full: PolicySet = POLICY_SRC.parse().expect("policies parse");
    let names = policy.names();
    let authorizer = cedar_policy::Authorizer::new();
    let c = case();
    for role in Role::ALL {
        for org in [10, 20, 30, 31, 99] {
            for courts in [&[][..], &["C01BB00"][..]] {
                let p = principal(role, org, courts);
                let entities = names
                    .entities(names.user_entity(&p).expect("user"), Some(&c), Include::All)
                    .expect("entities")
                    .into_iter()
                    .chain(
                        names
                            .court_entities(&p, "C01BB00")
                            .expect("court")
                            .into_iter()
                            .skip(1),
                    );
                let entities = Entities::from_entities(entities, None).expect("entities");
                for action in Action::ALL {
                    let uid = format!("Action::\"{}\"", action.as_str()).parse().unwrap();
                    // (resource, defendant, recipient): a recipient action is asked about the
                    // feed of the principal's own organisation, of another one, and of none.
                    let targets: Vec<(EntityUid, Option<Uuid>, Option<Option<Uuid>>)> =
                        match action.resource_kind() {
                            ResourceKind::Court => vec![(names.court_uid("C01BB00"), None, None)],
                            ResourceKind::Platform => vec![(names.platform_uid(), None, None)],
                            ResourceKind::Case => vec![(names.case_uid(c.case_id), None, None)],
                            ResourceKind::Defendant => c
                                .defendants
                                .iter()
                                .map(|d| {
                                    let uid = names.defendant_uid(d.defendant_id);
                                    (uid, Some(d.defendant_id), None)
                                })
                                .collect(),
                            ResourceKind::Recipient => [Some(p.org_id), Some(id(98)), None]
                                .into_iter()
                                .map(|org| (names.recipient_uid(), None, Some(org)))
                                .collect(),
                        };
                    for (resource, defendant, recipient) in targets {
                        let recipient_entities;
                        let entities = match recipient {
                            Some(org) => {
                                let list = names.recipient_entities(&p, org).expect("recipient");
                                recipient_entities =
                                    Entities::from_entities(list, None).expect("entities");
                                &recipient_entities
                            }
                            None => &entities,
                        };
                        let request = Request::new(
                            names.user_uid(&p),
                            Clone::clone(&uid),
                            resource,
                            Context::empty(),
                            Some(policy.schema()),
                        )
                        .expect("request");
                        let response = authorizer.is_authorized(&request, &full, entities);
                        assert_eq!(response.diagnostics().errors().count(), 0);
                        let expected = response.decision() == cedar_policy::Decision::Allow;
                        let got = match (action.resource_kind(), recipient) {
                            (ResourceKind::Court, _) => {
                                policy.is_allowed_at_court(&p, action, "C01BB00")
                            }
                            (ResourceKind::Recipient, Some(r)) => {
                                policy.is_allowed_for_recipient(&p, action, r)
                            }
                            _ => policy.is_allowed(&p, action, Some(&c), defendant),
                        };
                        assert_eq!(
                            got, expected,
                            "{role:?} org {org} {action:?} {defendant:?} {recipient:?}"
                        );
                    }
                }
            }
        }
    }
}

/// The roles that handle their organisation's incoming results, hence read its feed of notices.
const FEED_READERS: [Role; 6] = [
    Role::PoliceAdmin,
    Role::Prosecutor,
    Role::Paralegal,
    Role::FirmAdmin,
    Role::DefenceSolicitor,
    Role::AgencyOfficer,
];

#[test]
fn notice_feed_is_read_by_its_own_organisations_results_roles_only() {
    let policy = Policy::new();
    for role in Role::ALL {
        // Court staff and judiciary with courts, to show courts give no feed.
        let p = principal(role, 30, &["B01AA00"]);
        let reader = FEED_READERS.contains(&role);
        // Own organisation's recipient: the feed readers only, and never by an evaluation error.
        assert_eq!(
            policy
                .decide_for_recipient(&p, Action::ReadNotices, Some(id(30)))
                .expect("evaluable"),
            reader,
            "{role:?} own organisation"
        );
        assert_eq!(
            policy.is_allowed_for_recipient(&p, Action::ReadNotices, Some(id(30))),
            reader,
            "{role:?} own organisation"
        );
        // Another organisation's recipient (the IDOR check): nobody.
        assert!(
            !policy
                .decide_for_recipient(&p, Action::ReadNotices, Some(id(31)))
                .expect("evaluable"),
            "{role:?} another organisation"
        );
        // A recipient with no organisation (an agency not yet assigned one): nobody.
        assert!(
            !policy
                .decide_for_recipient(&p, Action::ReadNotices, None)
                .expect("evaluable"),
            "{role:?} no organisation"
        );
    }
    // Spelled out: the same organisation's officer in the case, instructed advocate and the
    // platform's auditors do not read the feed.
    for role in [Role::PoliceOfficer, Role::DefenceAdvocate, Role::Auditor] {
        let p = principal(role, 30, &[]);
        assert!(!policy.is_allowed_for_recipient(&p, Action::ReadNotices, Some(id(30))));
    }
}

#[test]
fn notice_feed_needs_the_role_to_fit_the_organisation_kind() {
    let policy = Policy::new();
    for role in FEED_READERS {
        for kind in OrgKind::ALL {
            let mut p = principal(role, 30, &[]);
            p.org_kind = kind;
            assert_eq!(
                policy
                    .decide_for_recipient(&p, Action::ReadNotices, Some(id(30)))
                    .expect("evaluable"),
                kind == role.org_kind(),
                "{role:?} in a {kind:?} organisation"
            );
        }
    }
}

#[test]
fn notice_delivery_is_managed_by_the_platform_auditors_only() {
    let policy = Policy::new();
    let c = case();
    for role in Role::ALL {
        let p = principal(role, 70, &["B01AA00"]);
        let auditor = role == Role::Auditor;
        assert_eq!(
            policy
                .decide(&p, Action::ManageNotices, None, None)
                .expect("evaluable"),
            auditor,
            "{role:?}"
        );
        // A platform action: a case passed in is ignored.
        assert_eq!(
            policy.is_allowed(&p, Action::ManageNotices, Some(&c), Some(id(101))),
            auditor,
            "{role:?} with a case"
        );
    }
    // An auditor role outside an oversight organisation gets nothing.
    for kind in OrgKind::ALL
        .into_iter()
        .filter(|k| *k != OrgKind::Oversight)
    {
        let mut p = principal(Role::Auditor, 70, &[]);
        p.org_kind = kind;
        assert!(
            !policy.is_allowed(&p, Action::ManageNotices, None, None),
            "{kind:?}"
        );
    }
}

#[test]
fn one_reader_decides_each_case_as_a_fresh_one_does_in_any_order() {
    let policy = Policy::new();
    let elsewhere = CaseFacts {
        case_id: id(2),
        court_ous: vec!["B43AQ00".into()],
        prosecutor_org: id(21),
        charging_force_org: id(11),
        defendants: vec![DefendantFacts {
            defendant_id: id(201),
            defence_org: Some(id(30)),
        }],
    };
    let own_prosecution = CaseFacts {
        case_id: id(3),
        prosecutor_org: id(30),
        ..case()
    };
    let cases = [&case(), &elsewhere, &own_prosecution, &case(), &elsewhere];
    let (mut shown, mut hidden) = (0, 0);
    for role in Role::ALL {
        let p = principal(role, 30, &["B01AA00"]);
        let reader = policy.reader(&p);
        for c in cases {
            let fresh = policy.reader(&p).disclosure(c);
            assert_eq!(reader.disclosure(c), fresh, "{role:?} case {}", c.case_id);
            // On a list: the same case and defendants, and neither timeline nor contacts.
            let listed = reader.list_disclosure(c);
            assert_eq!(
                (listed.case, &listed.defendants),
                (fresh.case, &fresh.defendants),
                "{role:?} case {}",
                c.case_id
            );
            assert!(!listed.timeline && !listed.victim_witness_contact);
            if fresh.case {
                shown += 1;
            } else {
                hidden += 1;
            }
            for action in Action::ALL {
                let defendant = Some(c.defendants[0].defendant_id);
                assert_eq!(
                    reader.is_allowed(action, Some(c), defendant),
                    policy.is_allowed(&p, action, Some(c), defendant),
                    "{role:?} {action:?} case {}",
                    c.case_id
                );
            }
        }
    }
    assert!(shown > 0 && hidden > 0, "shown {shown}, hidden {hidden}");
}
