//! The demo's organisations (two regions: London and Thames Valley) and one user per role.

use assize_domain::access::{OrgKind, Role};
use assize_domain::refdata::{CourtKind, RefData};
use assize_store::{NewUser, Organisation, Store, StoreError};
use uuid::Uuid;

use crate::auth::hash_password;

use super::{DEMO_PASSWORD, DemoError};

pub(super) struct Org {
    pub(super) id: Uuid,
    pub(super) name: String,
}

async fn org(
    store: &Store,
    kind: OrgKind,
    name: &str,
    code: &str,
    courts: Vec<String>,
) -> Result<Org, StoreError> {
    let id = Uuid::now_v7();
    store
        .create_organisation(&Organisation {
            id,
            kind,
            name: name.into(),
            code: Some(code.into()),
            court_ous: courts,
        })
        .await?;
    Ok(Org {
        id,
        name: name.into(),
    })
}

pub(super) fn area_courts(area_code: &str, kind: Option<CourtKind>) -> Vec<String> {
    RefData::global()
        .courts()
        .filter(|c| {
            c.ou_code.get(1..3) == Some(area_code)
                && c.open
                && kind.is_none_or(|k| c.kind == k)
                // The Royal Courts of Justice hold Crown Court codes but no criminal lists.
                && !c.name.contains("Royal Courts of Justice")
        })
        .map(|c| c.ou_code.clone())
        .collect()
}

/// The first day on or after `d` that courts sit: not a weekend, Christmas Day, Boxing Day or
/// New Year's Day (other bank holidays vary by year and are not modelled in the demo).
pub(super) fn sitting_day(mut d: jiff::civil::Date) -> jiff::civil::Date {
    use jiff::civil::Weekday;
    while matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
        || matches!((d.month(), d.day()), (12, 25) | (12, 26) | (1, 1))
    {
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    d
}

/// The organisations and users the demo cases are created by.
pub(super) struct World {
    pub(super) met: Org,
    pub(super) tvp: Org,
    pub(super) cps_l: Org,
    pub(super) cps_tc: Org,
    pub(super) firm_a: Org,
    pub(super) firm_b: Org,
    pub(super) users: std::collections::HashMap<&'static str, Uuid>,
}

pub(super) async fn create(store: &Store) -> Result<World, DemoError> {
    let london_courts = area_courts("01", None);
    let tv_courts = area_courts("43", None);
    let met = org(
        store,
        OrgKind::PoliceForce,
        "Metropolitan Police Service",
        "01",
        vec![],
    )
    .await?;
    let tvp = org(
        store,
        OrgKind::PoliceForce,
        "Thames Valley Police",
        "43",
        vec![],
    )
    .await?;
    let cps_l = org(
        store,
        OrgKind::ProsecutingAuthority,
        "CPS London",
        "CPS-LONDON",
        vec![],
    )
    .await?;
    let cps_tc = org(
        store,
        OrgKind::ProsecutingAuthority,
        "CPS Thames and Chiltern",
        "CPS-TC",
        vec![],
    )
    .await?;
    let firm_a = org(
        store,
        OrgKind::DefenceFirm,
        "Khan & Partners Solicitors",
        "DF-0001",
        vec![],
    )
    .await?;
    let firm_b = org(
        store,
        OrgKind::DefenceFirm,
        "Ó Briain Defence LLP",
        "DF-0002",
        vec![],
    )
    .await?;
    let hmcts_l = org(
        store,
        OrgKind::Court,
        "HMCTS London",
        "HMCTS-LONDON",
        london_courts.clone(),
    )
    .await?;
    let hmcts_tv = org(
        store,
        OrgKind::Court,
        "HMCTS Thames Valley",
        "HMCTS-TV",
        tv_courts.clone(),
    )
    .await?;
    let jud_l = org(
        store,
        OrgKind::Judiciary,
        "London bench and judiciary",
        "JUD-LONDON",
        london_courts.clone(),
    )
    .await?;
    let jud_tv = org(
        store,
        OrgKind::Judiciary,
        "Thames Valley bench and judiciary",
        "JUD-TV",
        tv_courts.clone(),
    )
    .await?;
    let probation = org(
        store,
        OrgKind::Agency,
        "Probation Service London",
        "PROB-LONDON",
        vec![],
    )
    .await?;
    let audit = org(
        store,
        OrgKind::Oversight,
        "Assize audit office",
        "AUDIT",
        vec![],
    )
    .await?;
    let hash = hash_password(DEMO_PASSWORD);
    let users: Vec<(&str, &str, Role, &Org)> = vec![
        ("met.officer", "PC Amara Okafor", Role::PoliceOfficer, &met),
        (
            "met.admin",
            "Dan Price (Met case file unit)",
            Role::PoliceAdmin,
            &met,
        ),
        (
            "tvp.admin",
            "Jo Hale (TVP case file unit)",
            Role::PoliceAdmin,
            &tvp,
        ),
        (
            "cps.london",
            "Priya Shah (CPS London)",
            Role::Prosecutor,
            &cps_l,
        ),
        (
            "cps.london.paralegal",
            "Sam Reid (CPS London)",
            Role::Paralegal,
            &cps_l,
        ),
        (
            "cps.tc",
            "Owen Marsh (CPS Thames and Chiltern)",
            Role::Prosecutor,
            &cps_tc,
        ),
        (
            "firm-a.solicitor",
            "Imran Khan (Khan & Partners)",
            Role::DefenceSolicitor,
            &firm_a,
        ),
        (
            "firm-a.admin",
            "Lucy Fox (Khan & Partners)",
            Role::FirmAdmin,
            &firm_a,
        ),
        (
            "firm-b.solicitor",
            "Siobhán Ó Briain (Ó Briain Defence)",
            Role::DefenceSolicitor,
            &firm_b,
        ),
        (
            "london.listing",
            "Ray Cole (London listing)",
            Role::ListingOfficer,
            &hmcts_l,
        ),
        (
            "london.adviser",
            "Grace Mensah (legal adviser)",
            Role::LegalAdviser,
            &hmcts_l,
        ),
        (
            "london.adviser2",
            "Tom Ellis (legal adviser)",
            Role::LegalAdviser,
            &hmcts_l,
        ),
        (
            "london.associate",
            "Ana Silva (Crown Court clerk)",
            Role::CourtAssociate,
            &hmcts_l,
        ),
        (
            "london.admin",
            "Kate Long (court admin)",
            Role::CourtAdmin,
            &hmcts_l,
        ),
        (
            "tv.adviser",
            "Ben Ward (legal adviser)",
            Role::LegalAdviser,
            &hmcts_tv,
        ),
        (
            "tv.listing",
            "Ruth Cole (listing officer)",
            Role::ListingOfficer,
            &hmcts_tv,
        ),
        (
            "tv.admin",
            "Femi Adeyemi (court admin)",
            Role::CourtAdmin,
            &hmcts_tv,
        ),
        ("london.judge", "HHJ Rahman", Role::Judicial, &jud_l),
        ("tv.magistrate", "Mrs J. Patel JP", Role::Judicial, &jud_tv),
        (
            "probation.officer",
            "Chris Dunn (Probation)",
            Role::AgencyOfficer,
            &probation,
        ),
        ("auditor", "Alex Reed (audit)", Role::Auditor, &audit),
    ];
    let mut ids = std::collections::HashMap::new();
    for (username, display, role, o) in users {
        let id = Uuid::now_v7();
        store
            .create_user(&NewUser {
                id,
                org_id: o.id,
                username: username.into(),
                display_name: display.into(),
                role,
                password_hash: Some(hash.clone()),
            })
            .await?;
        ids.insert(username, id);
    }
    Ok(World {
        met,
        tvp,
        cps_l,
        cps_tc,
        firm_a,
        firm_b,
        users: ids,
    })
}

/// The demo sign-ins, printed by `assize demo`.
pub fn logins() -> String {
    format!(
        "Every demo user's password is {DEMO_PASSWORD}\n\
         police:      met.officer, met.admin (Metropolitan Police), tvp.admin (Thames Valley Police)\n\
         prosecution: cps.london, cps.london.paralegal (CPS London), cps.tc (CPS Thames and Chiltern)\n\
         defence:     firm-a.solicitor, firm-a.admin (Khan & Partners), firm-b.solicitor (Ó Briain Defence)\n\
         court:       london.listing, london.adviser, london.adviser2, london.associate, london.admin (HMCTS London), tv.adviser, tv.listing, tv.admin (HMCTS Thames Valley)\n\
         judiciary:   london.judge, tv.magistrate\n\
         agency:      probation.officer\n\
         audit:       auditor\n\n\
         Sign in:  curl -c jar -H 'Content-Type: application/json' -d '{{\"username\":\"london.adviser\",\"password\":\"{DEMO_PASSWORD}\"}}' http://127.0.0.1:8080/api/v1/session\n\
         Then:     curl -b jar 'http://127.0.0.1:8080/api/v1/cases?name=smith'"
    )
}
