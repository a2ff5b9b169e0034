//! The decision matrix: every Action x every Role x five scenarios, against an expectation table
//! written out by hand (not derived from the policy). A change to the policy that changes any
//! decision must change this table too.

use assize_policy::{
    Action, CaseFacts, DefendantFacts, Policy, PolicyError, Principal, ResourceKind, Role,
};
use uuid::Uuid;

/// Scenarios, in the column order of each cell of the table:
/// * `R` related: the principal's organisation holds its relation to the case (charging force,
///   prosecutor, firm on record for the target defendant, court of a hearing); target = its client D1.
/// * `U` unrelated: a case with no link to the principal's organisation or courts.
/// * `O` other organisation, same role: the related case, asked by the same role at another
///   force / authority / firm (not on record) / court.
/// * `C` co-defendant: the related case, target = D2, whose firm (B) is not the principal's.
/// * `N` no firm: the related case, target = D3, who has no firm on record.
///
/// Actions about a court (its courtrooms and sittings) are asked about the scenario case's court:
/// R, C and N about the principal's own court, U about another court, O by another court's staff.
///
/// Actions about a recipient of notices (its feed) are asked about a recipient (see
/// `recipient_org`), the scenarios giving its relation to the principal's organisation:
/// * `R` own: the recipient of the principal's organisation (A).
/// * `U` unrelated: the recipient of an organisation linked to nothing.
/// * `O` other organisation, same role: A's recipient, asked by the same role at another
///   organisation of the same kind (the IDOR check).
/// * `C` another organisation's: the recipient of that other organisation, asked from A.
/// * `N` no organisation: a recipient not assigned to any organisation (an agency's, say).
const SCENARIOS: [char; 5] = ['R', 'U', 'O', 'C', 'N'];

/// Expected decisions. Cells follow `Role::ALL`:
/// police_officer, police_admin, prosecutor, paralegal, defence_solicitor, defence_advocate,
/// firm_admin, listing_officer, legal_adviser, court_associate, court_admin, judicial,
/// agency_officer, auditor. In each cell a letter means "allowed in that scenario", `.` denied.
#[rustfmt::skip]
const TABLE: &[(Action, [&str; 14])] = &[
    //                                 PO       PA       PR       PL       DS       DA       FA       LO       LA       CA       CM       JU       AG       AU
    (Action::CreateCase,               ["RUOCN", "RUOCN", "RUOCN", "RUOCN", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "....."]),
    (Action::ReadCase,                 ["R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::ReadTimeline,             ["R..CN", "R..CN", "R..CN", "R..CN", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::ReadVictimWitnessContact, ["R..CN", "R..CN", "R..CN", "R..CN", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::ListHearing,              [".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", "R..CN", ".....", ".....", "....."]),
    (Action::RecordHearingOutcome,     [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", ".....", ".....", "....."]),
    (Action::ProposeAmendment,         [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", ".....", ".....", "....."]),
    (Action::ApproveAmendment,         [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", ".....", ".....", "....."]),
    (Action::AddReportingRestriction,  [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", ".....", ".....", "....."]),
    (Action::ReadDefendantFull,        ["R..CN", "R..CN", "R..CN", "R..CN", "R....", "R....", "R....", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::ReadDefendantChargeSheet, ["R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::AssociateDefence,         [".....", ".....", ".....", ".....", "RUOCN", ".....", "RUOCN", ".....", ".....", ".....", ".....", ".....", ".....", "....."]),
    (Action::LeaveDefence,             [".....", ".....", ".....", ".....", "R....", ".....", "R....", ".....", "R..C.", "R..C.", "R..C.", ".....", ".....", "....."]),
    (Action::Search,                   ["RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", ".....", "....."]),
    (Action::ReadAccessLog,            [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "RUOCN"]),
    (Action::ReadReferenceData,        ["RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN", "RUOCN"]),
    (Action::RecordTrialOutcome,       [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", ".....", ".....", ".....", "....."]),
    (Action::ManageCourtrooms,         [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", ".....", ".....", "....."]),
    (Action::ManageSittings,           [".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", ".....", ".....", "R..CN", ".....", ".....", "....."]),
    (Action::ViewWorkload,             [".....", ".....", ".....", ".....", ".....", ".....", ".....", "R..CN", "R..CN", "R..CN", "R..CN", "R..CN", ".....", "....."]),
    (Action::ReadNotices,              [".....", "R....", "R....", "R....", "R....", ".....", "R....", ".....", ".....", ".....", ".....", ".....", "R....", "....."]),
    (Action::ManageNotices,            [".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", ".....", "RUOCN"]),
];

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const COURT_A: &str = "B01AA00";
const COURT_B: &str = "C01BB00";
const COURT_Z: &str = "B99ZZ00";

/// Organisation ids: `A` is related to the related case, `B`/`C` are other organisations of the
/// same kind, `Z` belongs only to the unrelated case.
const POLICE_A: u128 = 0x10;
const POLICE_B: u128 = 0x11;
const POLICE_Z: u128 = 0x1f;
const PROS_A: u128 = 0x20;
const PROS_B: u128 = 0x21;
const PROS_Z: u128 = 0x2f;
const FIRM_A: u128 = 0x30;
const FIRM_B: u128 = 0x31;
const FIRM_C: u128 = 0x32;
const FIRM_Z: u128 = 0x3f;

const D1: u128 = 0x101;
const D2: u128 = 0x102;
const D3: u128 = 0x103;
const UD1: u128 = 0x201;

fn related_case() -> CaseFacts {
    CaseFacts {
        case_id: id(0x100),
        court_ous: vec![COURT_A.to_string()],
        prosecutor_org: id(PROS_A),
        charging_force_org: id(POLICE_A),
        defendants: vec![
            DefendantFacts {
                defendant_id: id(D1),
                defence_org: Some(id(FIRM_A)),
            },
            DefendantFacts {
                defendant_id: id(D2),
                defence_org: Some(id(FIRM_B)),
            },
            DefendantFacts {
                defendant_id: id(D3),
                defence_org: None,
            },
        ],
    }
}

fn unrelated_case() -> CaseFacts {
    CaseFacts {
        case_id: id(0x200),
        court_ous: vec![COURT_Z.to_string()],
        prosecutor_org: id(PROS_Z),
        charging_force_org: id(POLICE_Z),
        defendants: vec![
            DefendantFacts {
                defendant_id: id(UD1),
                defence_org: Some(id(FIRM_Z)),
            },
            DefendantFacts {
                defendant_id: id(0x202),
                defence_org: None,
            },
        ],
    }
}

/// A principal of `role`, at organisation A (`other == false`) or another organisation of the
/// same kind (`other == true`).
fn principal(role: Role, other: bool) -> Principal {
    use Role::*;
    let (org, courts) = match (role, other) {
        (PoliceOfficer | PoliceAdmin, false) => (POLICE_A, vec![]),
        (PoliceOfficer | PoliceAdmin, true) => (POLICE_B, vec![]),
        (Prosecutor | Paralegal, false) => (PROS_A, vec![]),
        (Prosecutor | Paralegal, true) => (PROS_B, vec![]),
        (DefenceSolicitor | DefenceAdvocate | FirmAdmin, false) => (FIRM_A, vec![]),
        (DefenceSolicitor | DefenceAdvocate | FirmAdmin, true) => (FIRM_C, vec![]),
        (ListingOfficer | LegalAdviser | CourtAssociate | CourtAdmin, false) => {
            (0x40, vec![COURT_A])
        }
        (ListingOfficer | LegalAdviser | CourtAssociate | CourtAdmin, true) => {
            (0x41, vec![COURT_B])
        }
        (Judicial, false) => (0x50, vec![COURT_A]),
        (Judicial, true) => (0x51, vec![COURT_B]),
        (AgencyOfficer, false) => (0x60, vec![]),
        (AgencyOfficer, true) => (0x61, vec![]),
        (Auditor, false) => (0x70, vec![]),
        (Auditor, true) => (0x71, vec![]),
    };
    Principal {
        user_id: id(0x1000 + org),
        org_id: id(org),
        org_kind: role.org_kind(),
        role,
        court_ous: courts.into_iter().map(String::from).collect(),
    }
}

fn setup(role: Role, scenario: char) -> (Principal, CaseFacts, Uuid) {
    match scenario {
        'R' => (principal(role, false), related_case(), id(D1)),
        'U' => (principal(role, false), unrelated_case(), id(UD1)),
        'O' => (principal(role, true), related_case(), id(D1)),
        'C' => (principal(role, false), related_case(), id(D2)),
        'N' => (principal(role, false), related_case(), id(D3)),
        _ => unreachable!(),
    }
}

/// An organisation linked to nothing in the scenarios (the `U` recipient's).
const ORG_UNLINKED: u128 = 0xfe;

/// The organisation of the recipient a recipient action is asked about in `scenario` (see
/// `SCENARIOS`); `None` is a recipient without one.
fn recipient_org(role: Role, scenario: char) -> Option<Uuid> {
    match scenario {
        'R' | 'O' => Some(principal(role, false).org_id),
        'U' => Some(id(ORG_UNLINKED)),
        'C' => Some(principal(role, true).org_id),
        'N' => None,
        _ => unreachable!(),
    }
}

/// A decision about the case (or one defendant of it), for a court action about its court, for
/// a recipient action about the recipient of `recipient` (an organisation or none).
fn decide(
    policy: &Policy,
    p: &Principal,
    action: Action,
    case: &CaseFacts,
    defendant: Uuid,
    recipient: Option<Uuid>,
) -> Result<bool, PolicyError> {
    if action.resource_kind() == ResourceKind::Recipient {
        assert_eq!(
            policy.is_allowed_for_recipient(p, action, recipient),
            policy.decide_for_recipient(p, action, recipient)?
        );
        return policy.decide_for_recipient(p, action, recipient);
    }
    if action.resource_kind() == ResourceKind::Court {
        let court = &case.court_ous[0];
        assert_eq!(
            policy.is_allowed_at_court(p, action, court),
            policy.decide_at_court(p, action, court)?
        );
        return policy.decide_at_court(p, action, court);
    }
    assert_eq!(
        policy.is_allowed(p, action, Some(case), Some(defendant)),
        policy.decide(p, action, Some(case), Some(defendant))?
    );
    policy.decide(p, action, Some(case), Some(defendant))
}

#[test]
fn table_covers_every_action_once() {
    for action in Action::ALL {
        assert_eq!(
            TABLE.iter().filter(|(a, _)| *a == action).count(),
            1,
            "{action:?}"
        );
    }
    assert_eq!(TABLE.len(), Action::ALL.len());
}

#[test]
fn decision_matrix() {
    let policy = Policy::new();
    let mut failures = Vec::new();
    for (action, cells) in TABLE {
        for (role, cell) in Role::ALL.into_iter().zip(cells) {
            assert_eq!(cell.len(), SCENARIOS.len());
            for (scenario, expected) in SCENARIOS.into_iter().zip(cell.chars()) {
                let (p, case, defendant) = setup(role, scenario);
                let recipient = recipient_org(role, scenario);
                let expected = expected == scenario;
                // Every decision must be evaluable (no silent deny by error).
                let got = decide(&policy, &p, *action, &case, defendant, recipient)
                    .unwrap_or_else(|e| panic!("{action:?} {role:?} {scenario}: {e}"));
                assert_eq!(
                    got,
                    decide(&policy, &p, *action, &case, defendant, recipient).unwrap()
                );
                if got != expected {
                    failures.push(format!(
                        "{action:?} {role:?} scenario {scenario}: expected {expected}, got {got}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Platform actions do not depend on a case: the same answer with no case at all.
#[test]
fn platform_actions_without_case() {
    let policy = Policy::new();
    for (action, cells) in TABLE {
        if action.resource_kind() != ResourceKind::Platform {
            continue;
        }
        for (role, cell) in Role::ALL.into_iter().zip(cells) {
            let p = principal(role, false);
            assert_eq!(
                policy.is_allowed(&p, *action, None, None),
                cell.starts_with('R'),
                "{action:?} {role:?}"
            );
        }
    }
}
