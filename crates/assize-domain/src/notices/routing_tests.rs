//! The default routing of real CJS result codes, and overrides.

use proptest::prelude::*;

use super::*;
use crate::ids::ResultCode;
use crate::refdata::RefData;
use RecipientKind::*;

fn kinds(code: &str) -> std::collections::BTreeSet<RecipientKind> {
    RoutingTable::defaults().kinds_for(&ResultCode::parse(code).unwrap())
}

fn gets(code: &str, kind: RecipientKind) -> bool {
    kinds(code).contains(&kind)
}

#[test]
fn custodial_sentences_and_remands_in_custody_go_to_prison() {
    for code in [
        "1002", // Imprisonment
        "1024", // Young Offenders Institution
        "1081", // Detention and Training Order
        "4028", // Remand In Custody
        "4531", // Remand in Custody (Bail Refused)
        "4560", // Commit/Transfer/Send to Crown Court for Trial in Custody
        "4058", // Remanded in Youth Detention Accommodation
        "3223", // Suspended Sentence (Full) Put Into Operation
    ] {
        assert!(gets(code, Prison), "{code} should go to prison");
    }
    for code in [
        "1115", // Suspended Imprisonment: served in the community
        "4541", // Remand in Police Custody
        "4536", // Remand in Custody to Hospital (Mental Health Act)
        "4027", // Remand On Conditional Bail
        "1015", // Fine
    ] {
        assert!(!gets(code, Prison), "{code} should not go to prison");
    }
}

#[test]
fn community_orders_and_suspended_sentences_go_to_probation() {
    for code in ["1116", "1115", "1141", "3101", "3272", "1097", "4005"] {
        assert!(gets(code, Probation), "{code} should go to probation");
    }
    assert!(!gets("1002", Probation));
    assert!(
        !gets("3221", Probation),
        "Suspended Sentence - No Order Made"
    );
}

#[test]
fn curfews_and_tags_go_to_electronic_monitoring() {
    for code in ["1052", "3105", "3106", "3148", "3146", "1142"] {
        assert!(gets(code, ElectronicMonitoring), "{code} should go to EM");
    }
    assert!(!gets("1116", ElectronicMonitoring));
}

#[test]
fn disqualifications_and_endorsements_go_to_dvla() {
    for code in [
        "3070", "3071", "3072", "3007", "3008", "3166", "3209", "3508",
    ] {
        assert!(gets(code, Dvla), "{code} should go to DVLA");
    }
    assert!(!gets("3259", Dvla), "goods vehicle certificate");
    assert!(!gets("3022", Dvla), "disqualification from keeping a dog");
}

#[test]
fn financial_penalties_go_to_fines_enforcement() {
    for code in ["1015", "3011", "3012", "3117", "3283"] {
        assert!(
            gets(code, FinesEnforcement),
            "{code} should go to fines enforcement"
        );
    }
    for code in ["2505", "3512", "1002", "1018"] {
        assert!(
            !gets(code, FinesEnforcement),
            "{code} is not a penalty to enforce"
        );
    }
}

#[test]
fn final_results_go_to_the_legal_aid_agency_and_interim_ones_do_not() {
    assert!(gets("1002", LegalAidAgency));
    assert!(gets("2004", LegalAidAgency));
    assert!(!gets("4027", LegalAidAgency));
}

#[test]
fn overrides_add_and_remove_agencies_but_never_parties() {
    let code = ResultCode::parse("1018").unwrap(); // Conditional Discharge
    let table = RoutingTable::defaults()
        .with_override(&code, Probation, true)
        .unwrap()
        .with_override(&code, LegalAidAgency, false)
        .unwrap();
    let k = table.kinds_for(&code);
    assert!(k.contains(&Probation) && !k.contains(&LegalAidAgency));
    assert_eq!(
        table.overrides().collect::<Vec<_>>(),
        vec![("1018", Probation, true), ("1018", LegalAidAgency, false)]
    );
    // Back to the default: the override disappears.
    let table = table.with_override(&code, Probation, false).unwrap();
    assert_eq!(table.overrides().count(), 1);
    let row = table
        .rows()
        .into_iter()
        .find(|r| r.cjs_code == "1018")
        .unwrap();
    assert!(row.defaults.contains(&LegalAidAgency) && !row.kinds.contains(&LegalAidAgency));
    assert_eq!(
        RoutingTable::defaults().with_override(&code, PoliceForce, false),
        Err(RoutingError::PartyNotConfigurable(PoliceForce.label()))
    );
    let unknown = ResultCode::parse("1023").unwrap();
    assert!(matches!(
        RoutingTable::defaults().with_override(&unknown, Dvla, true),
        Err(RoutingError::UnknownCode(_))
    ));
}

#[test]
fn kinds_round_trip_through_their_names() {
    for k in RecipientKind::ALL {
        assert_eq!(RecipientKind::parse(k.as_str()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    for k in NoticeKind::ALL {
        assert_eq!(NoticeKind::parse(k.as_str()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    assert_eq!(
        RoutingTable::defaults().rows().len(),
        RefData::global().results().len()
    );
}

proptest! {
    #[test]
    fn the_force_the_prosecutor_and_the_defence_receive_every_code(
        i in 0..RefData::global().results().len(),
        agency in 3usize..9,
        on in any::<bool>(),
    ) {
        let def = &RefData::global().results()[i];
        let code = ResultCode::parse(&def.code).unwrap();
        let table = RoutingTable::defaults()
            .with_override(&code, RecipientKind::ALL[agency], on)
            .unwrap();
        let k = table.kinds_for(&code);
        prop_assert!(k.contains(&PoliceForce));
        prop_assert!(k.contains(&ProsecutingAuthority));
        prop_assert!(k.contains(&DefenceFirm));
        prop_assert_eq!(k.contains(&RecipientKind::ALL[agency]), on);
    }
}
#[test]
fn exclusion_orders_other_than_the_tagged_one_are_not_monitored() {
    assert!(gets("1100", ElectronicMonitoring));
    assert!(
        !gets("1061", ElectronicMonitoring),
        "matrimonial exclusion order"
    );
    assert!(
        !gets("3041", ElectronicMonitoring),
        "licensed premises exclusion order"
    );
    assert!(gets("4539", Prison), "secure local authority accommodation");
    assert!(!gets("4029", Prison), "local authority accommodation");
}
