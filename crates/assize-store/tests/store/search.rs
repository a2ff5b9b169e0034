//! Search: criteria, scope filtering in SQL, ordering, paging and logging of hits.

use assize_domain::access::{ListScope, Relation};
use assize_store::*;
use uuid::Uuid;

use crate::{Db, Kind, World, at, create_case, defendant, log_of, projection, world};

crate::both!(
    search_by_criteria_within_scope,
    a_search_past_its_time_limit_is_stopped_and_logs_nothing
);

struct Cases {
    c1: Uuid,
    c2: Uuid,
    c3: Uuid,
    c4: Uuid,
}

async fn seed(s: &Store, w: &World) -> Cases {
    // C1: CPS London, John Smith, hearing at B01LY00, defence firm on record.
    let mut p = projection(Uuid::new_v4(), "01AB1111111", w.cps, w.force);
    let mut d = defendant(
        "John Smith",
        Some("1980-01-02"),
        Some("1101ZD0100000000001A"),
        Some("2001/0000001A"),
    );
    d.defence_org_id = Some(w.firm);
    p.orgs.push(CaseOrgRow {
        org_id: w.firm,
        relation: Relation::DefenceOnRecord,
        defendant_id: Some(d.defendant_id),
    });
    p.defendants.push(d);
    p.case_number = Some("T20267001".into());
    p.court_ou = Some("B01LY00".into());
    p.next_hearing_date = Some("2026-04-01".into());
    p.hearings.push(HearingRow {
        hearing_id: Uuid::new_v4(),
        court_ou: "B01LY00".into(),
        hearing_date: "2026-04-01".into(),
        hearing_type: "first_hearing".into(),
        status: "listed".into(),
        sitting_id: None,
        start_time: None,
        estimate_minutes: None,
        warned_from: None,
        warned_to: None,
    });
    let c1 = create_case(s, w, p).await;
    // C2: CPS London, Jane Smithers, no hearing (sorts last), a 100% literal in her name.
    let mut p = projection(Uuid::new_v4(), "01AB2222222", w.cps, w.force);
    p.defendants.push(defendant(
        "Jane Smithers 100%",
        Some("1990-05-06"),
        None,
        None,
    ));
    let c2 = create_case(s, w, p).await;
    // C3: another prosecutor and force, same defendant name as C1, another court.
    let mut p = projection(Uuid::new_v4(), "46XY3333333", w.cps2, w.force2);
    p.defendants.push(defendant(
        "John Smith",
        Some("1980-01-02"),
        Some("4600AA0100000000002B"),
        None,
    ));
    p.court_ou = Some("C02XX00".into());
    p.next_hearing_date = Some("2026-03-15".into());
    let c3 = create_case(s, w, p).await;
    // C4: CPS London, two defendants whose tokens only match across defendants.
    let mut p = projection(Uuid::new_v4(), "01AB4444444", w.cps, w.force);
    p.defendants
        .push(defendant("John Brown", Some("1975-07-08"), None, None));
    p.defendants.push(defendant("Mary Smith", None, None, None));
    p.next_hearing_date = Some("2026-03-20".into());
    let c4 = create_case(s, w, p).await;
    Cases { c1, c2, c3, c4 }
}

fn prosecutor_scope(org: Uuid) -> ListScope {
    ListScope {
        org_relations: Some((org, vec![Relation::Prosecutor])),
        court_ous: vec![],
        identifiers_only_for_org: None,
    }
}

async fn ids(s: &Store, w: &World, q: SearchQuery, scope: &ListScope) -> Vec<Uuid> {
    let log = SearchLog {
        user_id: w.prosecutor,
        org_id: w.cps,
        at: at(100),
        correlation_id: Uuid::new_v4(),
    };
    s.search(&q, scope, log)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.case_id)
        .collect()
}

fn name(tokens: &[&str]) -> SearchQuery {
    SearchQuery {
        name_tokens: tokens.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

async fn search_by_criteria_within_scope(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let Cases { c1, c2, c3, c4 } = seed(s, &w).await;
    let cps = prosecutor_scope(w.cps);
    let log_before = log_of(s, &w, w.prosecutor).await.len();

    // Name prefixes; ordered by next hearing date, cases without one last.
    assert_eq!(ids(s, &w, name(&["smi"]), &cps).await, vec![c4, c1, c2]);
    assert_eq!(
        ids(s, &w, name(&["john", "smi"]), &cps).await,
        vec![c1],
        "same defendant only"
    );
    assert_eq!(ids(s, &w, name(&["smith", "jo"]), &cps).await, vec![c1]);
    assert_eq!(
        ids(s, &w, name(&["100%"]), &cps).await,
        vec![c2],
        "LIKE wildcards are literal"
    );
    assert_eq!(ids(s, &w, name(&["1_0"]), &cps).await, Vec::<Uuid>::new());
    assert_eq!(
        ids(s, &w, name(&["ohn"]), &cps).await,
        Vec::<Uuid>::new(),
        "prefix, not infix"
    );
    // Another prosecutor's case is never returned, and vice versa.
    assert_eq!(
        ids(s, &w, name(&["john"]), &prosecutor_scope(w.cps2)).await,
        vec![c3]
    );
    let all_smiths = ListScope {
        org_relations: Some((w.cps, vec![Relation::Prosecutor])),
        court_ous: vec!["C02XX00".into()],
        identifiers_only_for_org: None,
    };
    assert_eq!(
        ids(s, &w, name(&["smith"]), &all_smiths).await,
        vec![c3, c4, c1, c2]
    );

    // Exact identifiers.
    let q = |f: fn(&mut SearchQuery)| {
        let mut q = SearchQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(
        ids(s, &w, q(|q| q.urn = Some("01ab1111111".into())), &cps).await,
        vec![c1]
    );
    assert_eq!(
        ids(s, &w, q(|q| q.urn = Some("46XY3333333".into())), &cps).await,
        Vec::<Uuid>::new()
    );
    assert_eq!(
        ids(
            s,
            &w,
            q(|q| q.asn = Some("1101ZD0100000000001A".into())),
            &cps
        )
        .await,
        vec![c1]
    );
    assert_eq!(
        ids(s, &w, q(|q| q.pnc_id = Some("2001/0000001A".into())), &cps).await,
        vec![c1]
    );
    assert_eq!(
        ids(s, &w, q(|q| q.case_number = Some("T20267001".into())), &cps).await,
        vec![c1]
    );
    assert_eq!(
        ids(
            s,
            &w,
            q(|q| q.date_of_birth = Some("1980-01-02".into())),
            &cps
        )
        .await,
        vec![c1]
    );
    assert_eq!(
        ids(
            s,
            &w,
            q(|q| {
                q.asn = Some("1101ZD0100000000001A".into());
                q.date_of_birth = Some("1990-05-06".into())
            }),
            &cps
        )
        .await,
        Vec::<Uuid>::new(),
        "criteria combine with AND"
    );
    // A name with a date of birth must both be one defendant's: John Brown's date with Mary
    // Smith's name is no match.
    let name_and_dob = |tokens: &[&str]| {
        let mut q = name(tokens);
        q.date_of_birth = Some("1975-07-08".into());
        q
    };
    assert_eq!(ids(s, &w, name_and_dob(&["john"]), &cps).await, vec![c4]);
    assert_eq!(
        ids(s, &w, name_and_dob(&["mary"]), &cps).await,
        Vec::<Uuid>::new(),
        "name and date of birth of one defendant"
    );
    assert_eq!(
        ids(s, &w, SearchQuery::default(), &cps).await,
        vec![c4, c1, c2],
        "no criteria: the scope"
    );

    // Scopes by relation and by court.
    let firm = ListScope {
        org_relations: Some((w.firm, vec![Relation::DefenceOnRecord])),
        court_ous: vec![],
        identifiers_only_for_org: None,
    };
    assert_eq!(ids(s, &w, SearchQuery::default(), &firm).await, vec![c1]);
    let wrong_relation = ListScope {
        org_relations: Some((w.firm, vec![Relation::Prosecutor])),
        court_ous: vec![],
        identifiers_only_for_org: None,
    };
    assert!(
        ids(s, &w, SearchQuery::default(), &wrong_relation)
            .await
            .is_empty()
    );
    let court = ListScope {
        org_relations: None,
        court_ous: vec!["B01LY00".into(), "B01LY01".into()],
        identifiers_only_for_org: None,
    };
    assert_eq!(ids(s, &w, name(&["john"]), &court).await, vec![c1]);
    assert!(
        ids(s, &w, SearchQuery::default(), &ListScope::none())
            .await
            .is_empty()
    );
    let no_relations = ListScope {
        org_relations: Some((w.cps, vec![])),
        court_ous: vec![],
        identifiers_only_for_org: None,
    };
    assert!(
        ids(s, &w, SearchQuery::default(), &no_relations)
            .await
            .is_empty()
    );

    // Paging.
    let page = |offset| SearchQuery {
        limit: 1,
        offset,
        ..name(&["smi"])
    };
    assert_eq!(ids(s, &w, page(1), &cps).await, vec![c1]);
    assert_eq!(ids(s, &w, page(3), &cps).await, Vec::<Uuid>::new());

    // Row contents.
    let log = SearchLog {
        user_id: w.prosecutor,
        org_id: w.cps,
        at: at(200),
        correlation_id: Uuid::new_v4(),
    };
    let rows = s.search(&name(&["smith"]), &cps, log).await.unwrap();
    assert_eq!(rows[0].case_id, c4);
    assert_eq!(
        rows[0].defendant_names,
        vec!["John Brown".to_owned(), "Mary Smith".to_owned()]
    );
    assert_eq!(rows[1].urn, "01AB1111111");
    assert_eq!(rows[1].case_number.as_deref(), Some("T20267001"));
    assert_eq!(rows[1].court_ou.as_deref(), Some("B01LY00"));
    assert_eq!(rows[1].next_hearing_date.as_deref(), Some("2026-04-01"));
    assert_eq!((rows[1].status.as_str(), rows[1].version), ("charged", 1));

    // Every hit was logged, one entry per returned case, with the correlation id.
    let hits: Vec<_> = log_of(s, &w, w.prosecutor).await.into_iter().collect();
    let last = hits
        .iter()
        .filter(|h| h.entry.correlation_id == log.correlation_id)
        .collect::<Vec<_>>();
    assert_eq!(last.len(), 3);
    assert!(
        last.iter()
            .all(|h| h.entry.action == "search_hit" && h.entry.at == at(200))
    );
    let mut logged: Vec<_> = last.iter().map(|h| h.entry.case_id.unwrap()).collect();
    logged.sort();
    let mut expected = vec![c4, c1, c2];
    expected.sort();
    assert_eq!(logged, expected);
    let total_hits = hits
        .iter()
        .filter(|h| h.entry.action == "search_hit")
        .count();
    // The hits of every search above: 3+1+1+1+0+0+1+0+1+4 +1+0+1+1+1+1+0+3 +1+0+1+0+0 +1+0 +3.
    assert_eq!(total_hits - log_before, 26);
}

/// PostgreSQL stops a search's statements at the search time limit (`statement_timeout`, local
/// to the search's transaction): the search is answered as timed out, logs no hit, and the limit
/// does not stay on the pooled connection. The search is held up here by a lock another session
/// holds on the case summaries (a lock wait counts towards the limit), which makes the overrun
/// certain. SQLite has no limit: the same search with the shortest limit succeeds.
async fn a_search_past_its_time_limit_is_stopped_and_logs_nothing(db: Db) {
    let w = world(&db.store).await;
    let Cases { c1, c2, c4, .. } = seed(&db.store, &w).await;
    let s = db
        .store
        .clone()
        .with_search_time_limit(std::time::Duration::from_millis(200));
    let scope = prosecutor_scope(w.cps);
    let log = |minute| SearchLog {
        user_id: w.prosecutor,
        org_id: w.cps,
        at: at(minute),
        correlation_id: Uuid::new_v4(),
    };
    if db.kind == Kind::Postgres {
        use sqlx::Connection;
        let mut locker = sqlx::PgConnection::connect(&db.url).await.unwrap();
        let mut held = locker.begin().await.unwrap();
        sqlx::query("LOCK TABLE case_summary IN ACCESS EXCLUSIVE MODE")
            .execute(&mut *held)
            .await
            .unwrap();
        let err = s.search(&name(&["smith"]), &scope, log(300)).await;
        assert!(matches!(err, Err(StoreError::TimedOut(_))), "{err:?}");
        held.rollback().await.unwrap();
        locker.close().await.unwrap();
    }
    // Once the lock is gone the same store searches as before.
    let rows = s.search(&name(&["smith"]), &scope, log(301)).await.unwrap();
    let found: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
    assert_eq!(found, vec![c4, c1, c2]);
    let mut logged: Vec<_> = log_of(&db.store, &w, w.prosecutor)
        .await
        .into_iter()
        .filter(|h| h.entry.action == "search_hit")
        .map(|h| (h.entry.at, h.entry.case_id.unwrap()))
        .collect();
    logged.sort();
    let mut expected: Vec<_> = found.iter().map(|c| (at(301), *c)).collect();
    expected.sort();
    assert_eq!(logged, expected, "only the search that ran is logged");
}
