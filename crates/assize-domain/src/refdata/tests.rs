//! Loads the embedded reference data and checks it against facts from the source files.

use super::*;

fn rd() -> &'static RefData {
    RefData::global()
}

fn oc(s: &str) -> OffenceCode {
    OffenceCode::parse(s).unwrap()
}

#[test]
fn loads_every_file_with_expected_sizes() {
    let r = rd();
    assert_eq!(r.offences().len(), 15_352);
    assert_eq!(r.results().len(), 898);
    // 84 rows, less the OU-style "B01DU" row.
    assert_eq!(r.police_forces().len(), 83);
    assert_eq!(r.hearing_types().len(), 50);
    // Duplicated CJS codes collapse; verdict's blank-code "Caution" row is dropped.
    assert_eq!(r.plea_statuses().len(), 7);
    assert_eq!(r.verdicts().len(), 4);
    assert_eq!(r.remand_statuses().len(), 7);
    assert_eq!(r.mode_of_trial_reasons().len(), 7);
    let courts = r.courts().count();
    assert!((380..=400).contains(&courts), "{courts} courts");
    assert!(std::ptr::eq(r, RefData::global()), "loaded once");
}

#[test]
fn offence_lookup_exact_and_by_base_code() {
    let r = rd();
    let shop = r.offence(&oc("TH68010")).unwrap();
    assert_eq!(shop.title, "Theft from a shop");
    assert_eq!(shop.mode_of_trial, ModeOfTrial::EitherWay);
    assert_eq!(
        (shop.category_code.as_str(), shop.recordable_on_pnc),
        ("CE", true)
    );
    assert_eq!(
        r.offence(&oc("th68010a")).unwrap().title,
        "Attempt theft from shop"
    );
    // TH68010I is not listed: fall back to the base offence.
    assert_eq!(r.offence(&oc("TH68010I")).unwrap().code, "TH68010");
    assert!(r.offence(&oc("ZZ99999")).is_none());
    assert!(r.offence(&oc("ZZ99999A")).is_none());
    let murder = r.offence(&oc("COML025")).unwrap();
    assert_eq!(murder.mode_of_trial, ModeOfTrial::IndictableOnly);
    assert_eq!(
        r.offence(&oc("PU86001")).unwrap().mode_of_trial,
        ModeOfTrial::IndictableOnly
    );
}

#[test]
fn every_offence_has_a_mode_of_trial_consistent_with_its_category() {
    for o in rd().offences() {
        let expected = match o.category_code.as_str() {
            "CI" => ModeOfTrial::IndictableOnly,
            "CE" => ModeOfTrial::EitherWay,
            "CS" | "CM" => ModeOfTrial::SummaryOnly,
            _ => ModeOfTrial::NotCriminal,
        };
        assert_eq!(o.mode_of_trial, expected, "{}", o.code);
    }
}

#[test]
fn result_lookup_and_types() {
    let r = rd();
    let get = |c: &str| r.result(&ResultCode::parse(c).unwrap()).unwrap();
    assert_eq!(
        (get("1015").description.as_str(), get("1015").result_type),
        ("Fine", ResultType::Final)
    );
    assert_eq!(get("4027").result_type, ResultType::Interim);
    assert_eq!(get("3052").result_type, ResultType::Ancillary);
    assert_eq!(get("1183").result_type, ResultType::Unclassified);
    assert!(r.result(&ResultCode::parse("0001").unwrap()).is_none());
}

#[test]
fn search_finds_by_code_prefix_and_words() {
    let r = rd();
    let codes = |v: Vec<&Offence>| v.into_iter().map(|o| o.code.clone()).collect::<Vec<_>>();
    assert_eq!(
        codes(r.search_offences("TH68010", 2)),
        ["TH68010", "TH68010A"]
    );
    let shop = codes(r.search_offences("theft shop", 20));
    assert!(shop.contains(&"TH68010".to_string()), "{shop:?}");
    assert!(r.search_offences("theft", 5).len() == 5);
    assert!(r.search_offences("", 5).is_empty());
    let fine = r.search_results("FINE", 50);
    assert_eq!(fine[0].code, "1015", "title starting with the query first");
    assert_eq!(r.search_results("1015", 1)[0].description, "Fine");
    let by_code = r.search_results("402", 5);
    assert!(
        by_code.iter().all(|d| d.code.starts_with("402")),
        "{by_code:?}"
    );
}

#[test]
fn courts_are_real_courts_enriched_from_fact() {
    let r = rd();
    let court = |c: &str| r.court(&OuCode::parse(c).unwrap());
    let belmarsh = court("B01BE00").unwrap();
    assert_eq!(belmarsh.name, "Belmarsh Magistrates' Court");
    assert_eq!(belmarsh.kind, CourtKind::Magistrates);
    assert_eq!(belmarsh.region.as_deref(), Some("London"));
    assert!(belmarsh.open);
    let old_bailey = court("C01CE00").unwrap();
    assert_eq!(old_bailey.name, "Central Criminal Court");
    assert_eq!(old_bailey.kind, CourtKind::Crown);
    assert_eq!(old_bailey.postcode.as_deref(), Some("EC4M 7EH"));
    assert_eq!(old_bailey.address.as_deref(), Some("Old Bailey"));
    assert_eq!(old_bailey.court_code.as_deref(), Some("0413"));
    // FACT says Blackfriars is closed.
    assert!(!court("C01BL00").unwrap().open);
    // Placeholders, area rows and the CTSC are not courts.
    for not_a_court in ["B000000", "C000000", "B010000", "B21BH00"] {
        assert!(court(not_a_court).is_none(), "{not_a_court}");
    }
    // Unmatched courts keep their OU facts and are assumed open.
    let barbican = court("C01BB00").unwrap();
    assert_eq!(
        (barbican.name.as_str(), barbican.area.as_str()),
        ("Barbican Crown Court (Aldersgate House)", "London")
    );
    assert!(barbican.open && barbican.region.is_none() && barbican.fact_name.is_none());
    // The duplicated OU keeps the row matched to FACT.
    assert_eq!(court("B46DH00").unwrap().name, "Medway Magistrates' Court");
}

#[test]
fn known_bad_crosswalk_rows_are_corrected() {
    let r = rd();
    let court = |c: &str| r.court(&OuCode::parse(c).unwrap()).unwrap();
    let iow_mags = court("B44JK00");
    assert!(iow_mags.fact_name.is_none() && iow_mags.postcode.is_none());
    // Two OUs are called Newport; the area tells them apart.
    assert_eq!(iow_mags.name, "Newport Magistrates' Court (Hampshire)");
    assert_eq!(court("B61NP00").name, "Newport Magistrates' Court (Gwent)");
    let iow_crown = court("C44NI00");
    assert_eq!(
        iow_crown.fact_name.as_deref(),
        Some("Isle of Wight Combined Court")
    );
    assert_eq!(iow_crown.region.as_deref(), Some("South East"));
    assert!(court("B55IS00").town.is_none());
    assert_eq!(court("C50EX00").region.as_deref(), Some("South West"));
    assert_eq!(
        court("B63AD00").region.as_deref(),
        Some("Mid and West Wales")
    );
}

#[test]
fn courts_are_unique_sorted_and_well_formed() {
    let all: Vec<&Court> = rd().courts().collect();
    let mut codes: Vec<&str> = all.iter().map(|c| c.ou_code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "OU codes are unique");
    let mut names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), all.len(), "names are unique");
    assert!(all.windows(2).all(|w| w[0].name <= w[1].name));
    for c in all {
        assert!(!c.name.is_empty() && !c.area.is_empty(), "{c:?}");
        assert_eq!(OuCode::parse(&c.ou_code).unwrap().kind(), c.kind);
    }
}

#[test]
fn police_forces_and_code_lists() {
    let r = rd();
    assert_eq!(
        r.police_force("01").unwrap().name,
        "Metropolitan Police Service"
    );
    assert_eq!(r.police_force("46").unwrap().name, "Kent");
    assert!(r.police_force("19").is_none() && r.police_force("B01DU").is_none());
    assert_eq!(r.hearing_type("fh").unwrap().description, "First Hearing");
    assert_eq!(
        r.hearing_type("CTS61").unwrap().description,
        "Committal for Trial, S6(1)"
    );
    assert_eq!(r.plea_status("G").unwrap().description, "Guilty");
    assert_eq!(r.verdict("NG").unwrap().description, "Not Guilty");
    assert!(r.verdict("").is_none());
    assert_eq!(
        r.remand_status("CB").unwrap().description,
        "Conditional Bail"
    );
    assert_eq!(
        r.mode_of_trial_reason("ETJ").unwrap().description,
        "Defendant Elects Trial by Jury"
    );
}

#[test]
fn structs_serialise() {
    let r = rd();
    let v = serde_json::to_value(r.offence(&oc("TH68010")).unwrap()).unwrap();
    assert_eq!(v["mode_of_trial"], "either_way");
    let v = serde_json::to_value(r.court(&OuCode::parse("C01CE00").unwrap()).unwrap()).unwrap();
    assert_eq!(v["kind"], "crown");
    let v = serde_json::to_value(r.result(&ResultCode::parse("1015").unwrap()).unwrap()).unwrap();
    assert_eq!(v["result_type"], "final");
}
