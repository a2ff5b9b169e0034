//! Organisations, users, sessions, API tokens and the access-log query.

use assize_domain::access::{OrgKind, Role};
use assize_store::*;
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

use crate::{Db, at, log_entry, log_of, world};

crate::both!(
    organisations_and_users,
    sessions_expire_and_disable_kills_them,
    api_tokens_revoke,
    access_log_query_logs_its_own_read,
    connect_urls,
);

async fn organisations_and_users(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let court = s.organisation(w.court).await.unwrap().unwrap();
    assert_eq!(court.kind, OrgKind::Court);
    assert_eq!(
        court.court_ous,
        vec!["B01LY00".to_owned(), "B01LY01".to_owned()]
    );
    assert_eq!(s.organisation(Uuid::new_v4()).await.unwrap(), None);
    let force = s
        .organisation_by_code(OrgKind::PoliceForce, "46")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((force.id, force.name.as_str()), (w.force2, "Kent Police"));
    assert!(
        s.organisation_by_code(OrgKind::Court, "46")
            .await
            .unwrap()
            .is_none()
    );
    let all = s.list_organisations().await.unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(all.iter().find(|o| o.id == w.court), Some(&court));
    let dup = Organisation {
        id: Uuid::new_v4(),
        ..force.clone()
    };
    assert!(matches!(
        s.create_organisation(&dup).await,
        Err(StoreError::Duplicate(_))
    ));

    let actor = s.actor(w.lister).await.unwrap().unwrap();
    assert_eq!(actor.username, "lister");
    assert_eq!(actor.display_name, "lister display");
    assert_eq!(actor.role, Role::ListingOfficer);
    assert_eq!(
        (actor.org_id, actor.org_kind, actor.org_name.as_str()),
        (w.court, OrgKind::Court, "Lavender Hill MC")
    );
    assert_eq!(actor.court_ous, court.court_ous);
    assert!(!actor.disabled);
    assert!(s.actor(Uuid::new_v4()).await.unwrap().is_none());

    let dup = NewUser {
        id: Uuid::new_v4(),
        org_id: w.court,
        username: "lister".into(),
        display_name: "x".into(),
        role: Role::CourtAdmin,
        password_hash: None,
    };
    assert!(
        matches!(s.create_user(&dup).await, Err(StoreError::DuplicateUsername(u)) if u == "lister")
    );
    let system = NewUser {
        username: "force-46-system".into(),
        role: Role::PoliceAdmin,
        org_id: w.force2,
        ..dup
    };
    s.create_user(&system).await.unwrap();

    assert_eq!(
        s.user_credentials("lister").await.unwrap(),
        Some((w.lister, "hash-of-lister".into(), false))
    );
    assert_eq!(
        s.user_credentials("force-46-system").await.unwrap(),
        None,
        "no password"
    );
    assert_eq!(s.user_credentials("nobody").await.unwrap(), None);
    // Administration (tokens, disabling) finds a system account, which has no password.
    assert_eq!(
        s.user_id_by_username("force-46-system").await.unwrap(),
        Some(system.id)
    );
    assert_eq!(
        s.user_id_by_username("lister").await.unwrap(),
        Some(w.lister)
    );
    assert_eq!(s.user_id_by_username("nobody").await.unwrap(), None);
    s.set_user_disabled(w.lister, true).await.unwrap();
    assert_eq!(
        s.user_credentials("lister").await.unwrap(),
        Some((w.lister, "hash-of-lister".into(), true))
    );
    assert!(s.actor(w.lister).await.unwrap().unwrap().disabled);
    assert!(matches!(
        s.set_user_disabled(Uuid::new_v4(), true).await,
        Err(StoreError::NotFound)
    ));
}

async fn sessions_expire_and_disable_kills_them(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let idle = SignedDuration::from_mins(30);
    // Idle expiry, with last_seen_at refreshed by use.
    s.create_session("h1", w.prosecutor, at(0), at(12 * 60))
        .await
        .unwrap();
    let a = s
        .session_actor("h1", at(1), idle)
        .await
        .unwrap()
        .expect("fresh session");
    assert_eq!((a.user_id, a.role), (w.prosecutor, Role::Prosecutor));
    assert!(
        s.session_actor("h1", at(30), idle).await.unwrap().is_some(),
        "refreshed at +1 min"
    );
    assert!(
        s.session_actor("h1", at(59), idle).await.unwrap().is_some(),
        "refreshed at +30 min"
    );
    assert!(
        s.session_actor("h1", at(89), idle).await.unwrap().is_none(),
        "idle 30 min"
    );
    assert!(
        s.session_actor("h1", at(60), idle).await.unwrap().is_none(),
        "deleted when found expired"
    );
    // Use within the first minute does not refresh (at most one write a minute).
    s.create_session("h1b", w.prosecutor, at(0), at(12 * 60))
        .await
        .unwrap();
    assert!(
        s.session_actor("h1b", at(0) + SignedDuration::from_secs(30), idle)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        s.session_actor("h1b", at(30), idle)
            .await
            .unwrap()
            .is_none(),
        "last seen stayed at +0"
    );

    // Absolute expiry, however active.
    s.create_session("h2", w.prosecutor, at(0), at(60))
        .await
        .unwrap();
    for m in [20, 40, 59] {
        assert!(s.session_actor("h2", at(m), idle).await.unwrap().is_some());
    }
    assert!(s.session_actor("h2", at(60), idle).await.unwrap().is_none());

    // Logout.
    s.create_session("h3", w.prosecutor, at(0), at(600))
        .await
        .unwrap();
    s.delete_session("h3").await.unwrap();
    assert!(s.session_actor("h3", at(1), idle).await.unwrap().is_none());
    s.delete_session("h3").await.unwrap();

    // Disabling a user kills their sessions, even once re-enabled.
    s.create_session("h4", w.prosecutor, at(0), at(600))
        .await
        .unwrap();
    s.create_session("h5", w.prosecutor, at(0), at(600))
        .await
        .unwrap();
    s.create_session("other", w.lister, at(0), at(600))
        .await
        .unwrap();
    s.set_user_disabled(w.prosecutor, true).await.unwrap();
    s.set_user_disabled(w.prosecutor, false).await.unwrap();
    assert!(s.session_actor("h4", at(1), idle).await.unwrap().is_none());
    assert!(s.session_actor("h5", at(1), idle).await.unwrap().is_none());
    assert!(
        s.session_actor("other", at(1), idle)
            .await
            .unwrap()
            .is_some()
    );
    // A session of a user disabled behind the store's back is refused too.
    s.create_session("h6", w.prosecutor, at(0), at(600))
        .await
        .unwrap();
    crate::raw_exec(
        &db,
        "UPDATE users SET disabled = 1 WHERE username = 'prosecutor'",
        &[],
    )
    .await
    .unwrap();
    assert!(s.session_actor("h6", at(1), idle).await.unwrap().is_none());

    // Housekeeping.
    s.create_session("old", w.lister, at(0), at(10))
        .await
        .unwrap();
    assert_eq!(s.purge_sessions(at(20), idle).await.unwrap(), 1);
    assert!(
        s.session_actor("other", at(2), idle)
            .await
            .unwrap()
            .is_some()
    );
    assert!(matches!(
        s.create_session("other", w.lister, at(0), at(600)).await,
        Err(StoreError::Duplicate(_))
    ));
}

async fn api_tokens_revoke(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let t1 = Uuid::new_v4();
    let t2 = Uuid::new_v4();
    s.create_api_token(t1, w.officer, "results feed", "th1", at(0))
        .await
        .unwrap();
    s.create_api_token(t2, w.officer, "bulk charge", "th2", at(1))
        .await
        .unwrap();
    let a = s.token_actor("th1").await.unwrap().expect("valid token");
    assert_eq!(
        (a.user_id, a.org_id, a.org_kind),
        (w.officer, w.force, OrgKind::PoliceForce)
    );
    assert!(s.token_actor("nope").await.unwrap().is_none());
    s.revoke_api_token(t1, at(5)).await.unwrap();
    assert!(s.token_actor("th1").await.unwrap().is_none());
    assert!(s.token_actor("th2").await.unwrap().is_some());
    s.revoke_api_token(t1, at(9)).await.unwrap();
    let list = s.list_api_tokens(w.officer).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0].id, list[0].name.as_str(), list[0].revoked_at),
        (t1, "results feed", Some(at(5)))
    );
    assert_eq!(
        (list[1].id, list[1].created_at, list[1].revoked_at),
        (t2, at(1), None)
    );
    assert!(s.list_api_tokens(w.lister).await.unwrap().is_empty());
    assert!(matches!(
        s.revoke_api_token(Uuid::new_v4(), at(1)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.create_api_token(Uuid::new_v4(), w.officer, "dup", "th2", at(2))
            .await,
        Err(StoreError::Duplicate(_))
    ));
    s.set_user_disabled(w.officer, true).await.unwrap();
    assert!(
        s.token_actor("th2").await.unwrap().is_none(),
        "disabled system account"
    );
}

async fn access_log_query_logs_its_own_read(db: Db) {
    let s = &db.store;
    let w = world(s).await;
    let (c1, c2) = (Uuid::new_v4(), Uuid::new_v4());
    s.record_access(&[
        log_entry(w.prosecutor, w.cps, "case_view", Some(c1), at(1)),
        log_entry(w.prosecutor, w.cps, "case_view", Some(c2), at(2)),
        log_entry(w.lister, w.court, "case_view", Some(c1), at(3)),
    ])
    .await
    .unwrap();
    let mut e = log_entry(w.solicitor, w.firm, "document_download", Some(c1), at(4));
    e.defendant_id = Some(Uuid::new_v4());
    e.detail = None;
    s.record_access(std::slice::from_ref(&e)).await.unwrap();
    s.record_access(&[]).await.unwrap();

    let reader = |m| log_entry(w.auditor, w.auditors, "access_log_read", None, at(m));
    let by_case = s
        .query_access_log(
            &AccessLogQuery {
                case_id: Some(c1),
                ..Default::default()
            },
            reader(10),
        )
        .await
        .unwrap();
    assert_eq!(
        by_case.iter().map(|r| r.entry.at).collect::<Vec<_>>(),
        vec![at(4), at(3), at(1)],
        "newest first"
    );
    assert_eq!(by_case[0].entry, e);
    let ranged = s
        .query_access_log(
            &AccessLogQuery {
                from: Some(at(2)),
                to: Some(at(4)),
                ..Default::default()
            },
            reader(11),
        )
        .await
        .unwrap();
    assert_eq!(
        ranged.iter().map(|r| r.entry.at).collect::<Vec<_>>(),
        vec![at(3), at(2)]
    );
    let paged = s
        .query_access_log(
            &AccessLogQuery {
                user_id: Some(w.prosecutor),
                case_id: Some(c2),
                limit: 1,
                offset: 0,
                ..Default::default()
            },
            reader(12),
        )
        .await
        .unwrap();
    assert_eq!(paged.len(), 1);
    assert_eq!(paged[0].entry.case_id, Some(c2));
    assert_eq!(paged[0].entry.detail, Some(json!({ "why": "case_view" })));

    // The auditor's reads were logged, each in the same transaction as the read.
    let own = log_of(s, &w, w.auditor).await;
    assert_eq!(own.len(), 3);
    assert!(own.iter().all(|r| r.entry.action == "access_log_read"));
    assert_eq!(
        own.iter().map(|r| r.entry.at).collect::<Vec<_>>(),
        vec![at(12), at(11), at(10)]
    );
    assert!(own[0].id > own[1].id);
}

async fn connect_urls(db: Db) {
    assert!(matches!(
        Store::connect("mysql://x").await,
        Err(StoreError::UnsupportedUrl(_))
    ));
    // An in-memory SQLite database keeps its tables across pool use.
    let mem = Store::connect("sqlite::memory:").await.unwrap();
    let w = world(&mem).await;
    for _ in 0..3 {
        assert!(mem.actor(w.lister).await.unwrap().is_some());
    }
    assert_eq!(mem.list_organisations().await.unwrap().len(), 7);
    mem.close().await;
    // Connecting again to an existing database runs no migration twice.
    let again = Store::connect(&db.url).await.unwrap();
    assert_eq!(again.backend_name(), db.store.backend_name());
    again.close().await;
}
