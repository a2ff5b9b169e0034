//! The national set of organisations and system users the generated cases are created by: for
//! every police force area that has open criminal courts, the force, a prosecuting authority, the
//! court staff (HMCTS) of its courts and four defence firms; a national listing team that reads
//! every court's lists; an oversight office. Users are system accounts (`gen.*`, no password:
//! the benchmark gives them API tokens).
//!
//! Assumption: one prosecuting authority per force area (the CPS has 14 areas; which force falls
//! in which is not in `shared/refdata`).

use std::collections::BTreeMap;

use assize_domain::access::{OrgKind, Role};
use assize_domain::case::OrgRef;
use assize_domain::refdata::{CourtKind, RefData};
use assize_store::{NewUser, Organisation, Store};
use uuid::Uuid;

use super::GenError;
use crate::auth::Authed;

/// Firms per force area; defendants are spread over them.
pub const FIRMS_PER_AREA: usize = 4;

/// One police force area's organisations and the users acting for them.
pub struct Area {
    pub code: String,
    pub force: OrgRef,
    pub cps: OrgRef,
    pub cps_code: String,
    pub magistrates: Vec<String>,
    pub crown: Vec<String>,
    pub police: Authed,
    pub adviser: Authed,
    pub associate: Authed,
    pub firms: Vec<(Authed, OrgRef)>,
}

pub struct World {
    /// By force code, in code order.
    pub areas: BTreeMap<String, Area>,
}

/// The open criminal courts by force area code (OU characters 2–3), magistrates' and Crown.
fn courts_by_area() -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    let refdata = RefData::global();
    let mut by_area: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for c in refdata.courts() {
        // The Royal Courts of Justice hold Crown Court codes but no criminal lists.
        if !c.open || c.name.contains("Royal Courts of Justice") {
            continue;
        }
        let Some(area) = c.ou_code.get(1..3) else {
            continue;
        };
        if refdata.police_force(area).is_none() {
            continue;
        }
        let entry = by_area.entry(area.to_string()).or_default();
        match c.kind {
            CourtKind::Magistrates => entry.0.push(c.ou_code.clone()),
            CourtKind::Crown => entry.1.push(c.ou_code.clone()),
        }
    }
    // An area needs a magistrates' court for first hearings; a Crown Court is borrowed from the
    // nearest area in code order when it has none.
    by_area.retain(|_, (m, _)| !m.is_empty());
    let all_crown: Vec<String> = by_area.values().flat_map(|(_, c)| c.clone()).collect();
    for (_, (_, crown)) in by_area.iter_mut() {
        if crown.is_empty()
            && let Some(c) = all_crown.first()
        {
            crown.push(c.clone());
        }
    }
    by_area
}

/// Every open criminal court, for the national listing team and the benchmark's daily lists.
pub fn all_courts() -> Vec<String> {
    courts_by_area()
        .into_values()
        .flat_map(|(m, c)| m.into_iter().chain(c))
        .collect()
}

/// The id of the generated organisation or user called `name`: the same in every generated
/// database, so two data sets of the same seed hold byte-identical events (which name them).
fn named_id(name: &str) -> Uuid {
    // FNV-1a folds the name into the seed of the generator that draws the id's bytes.
    let seed = name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    });
    let mut rng = super::shape::Rng::for_case(seed, 0x1D);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

async fn org(
    store: &Store,
    kind: OrgKind,
    name: String,
    code: String,
    courts: Vec<String>,
) -> Result<OrgRef, GenError> {
    let id = named_id(&format!("org:{kind:?}:{code}"));
    store
        .create_organisation(&Organisation {
            id,
            kind,
            name: name.clone(),
            code: Some(code),
            court_ous: courts,
        })
        .await?;
    Ok(OrgRef { id, name })
}

async fn user(
    store: &Store,
    org: &OrgRef,
    username: String,
    role: Role,
) -> Result<Authed, GenError> {
    let id = named_id(&format!("user:{username}"));
    let correlation = named_id(&format!("correlation:{username}"));
    store
        .create_user(&NewUser {
            id,
            org_id: org.id,
            display_name: format!("{username} (generated)"),
            username,
            role,
            password_hash: None,
        })
        .await?;
    let actor = store.actor(id).await?.ok_or("generated user")?;
    Ok(Authed::from_actor(actor, correlation))
}

/// Create the organisations and users (once: a second run on the same database refuses).
pub async fn create(store: &Store) -> Result<World, GenError> {
    let refdata = RefData::global();
    if store
        .organisation_by_code(OrgKind::Oversight, "GEN-AUDIT")
        .await?
        .is_some()
    {
        return Err("this database already holds a generated data set: use a new database".into());
    }
    let mut areas = BTreeMap::new();
    let by_area = courts_by_area();
    for (code, (magistrates, crown)) in &by_area {
        let force_name = refdata.police_force(code).ok_or("force")?.name.clone();
        let force = org(
            store,
            OrgKind::PoliceForce,
            force_name.clone(),
            code.clone(),
            vec![],
        )
        .await?;
        let cps_code = format!("GEN-CPS-{code}");
        let cps = org(
            store,
            OrgKind::ProsecutingAuthority,
            format!("Crown Prosecution Service ({force_name})"),
            cps_code.clone(),
            vec![],
        )
        .await?;
        let courts: Vec<String> = magistrates.iter().chain(crown).cloned().collect();
        let hmcts = org(
            store,
            OrgKind::Court,
            format!("HMCTS {force_name}"),
            format!("GEN-HMCTS-{code}"),
            courts,
        )
        .await?;
        let police = user(
            store,
            &force,
            format!("gen.police.{code}"),
            Role::PoliceAdmin,
        )
        .await?;
        user(store, &cps, format!("gen.cps.{code}"), Role::Prosecutor).await?;
        let adviser = user(
            store,
            &hmcts,
            format!("gen.adviser.{code}"),
            Role::LegalAdviser,
        )
        .await?;
        let associate = user(
            store,
            &hmcts,
            format!("gen.associate.{code}"),
            Role::CourtAssociate,
        )
        .await?;
        user(
            store,
            &hmcts,
            format!("gen.listing.{code}"),
            Role::ListingOfficer,
        )
        .await?;
        let mut firms = Vec::new();
        for k in 1..=FIRMS_PER_AREA {
            let firm = org(
                store,
                OrgKind::DefenceFirm,
                format!("Defence firm {k} of {force_name}"),
                format!("GEN-DF-{code}-{k}"),
                vec![],
            )
            .await?;
            let who = user(
                store,
                &firm,
                format!("gen.firm.{code}.{k}"),
                Role::DefenceSolicitor,
            )
            .await?;
            firms.push((who, firm));
        }
        areas.insert(
            code.clone(),
            Area {
                code: code.clone(),
                force,
                cps,
                cps_code,
                magistrates: magistrates.clone(),
                crown: crown.clone(),
                police,
                adviser,
                associate,
                firms,
            },
        );
    }
    let national = org(
        store,
        OrgKind::Court,
        "HMCTS national listing support".into(),
        "GEN-HMCTS-NATIONAL".into(),
        all_courts(),
    )
    .await?;
    user(
        store,
        &national,
        "gen.listing.national".into(),
        Role::ListingOfficer,
    )
    .await?;
    let audit = org(
        store,
        OrgKind::Oversight,
        "Generated data set: oversight office".into(),
        "GEN-AUDIT".into(),
        vec![],
    )
    .await?;
    user(store, &audit, "gen.auditor".into(), Role::Auditor).await?;
    Ok(World { areas })
}

/// Give every agency recipient the notices created (probation, prisons, electronic monitoring,
/// fines enforcement, the Legal Aid Agency) an organisation and a reader, as an operator would,
/// so none is left undelivered and alerting.
pub async fn assign_agencies(store: &Store) -> Result<usize, GenError> {
    let mut assigned = 0;
    for r in store.recipients().await? {
        if r.org_id.is_some() {
            continue;
        }
        assigned += 1;
        let agency = org(
            store,
            OrgKind::Agency,
            r.name.clone(),
            format!("GEN-AGENCY-{assigned}"),
            vec![],
        )
        .await?;
        user(
            store,
            &agency,
            format!("gen.agency.{assigned}.{}", r.kind),
            Role::AgencyOfficer,
        )
        .await?;
        let change = assize_store::RecipientChange {
            name: r.name.clone(),
            org_id: Some(agency.id),
            delivery: assize_store::Delivery::Pull,
            webhook_url: None,
            webhook_secret: None,
            max_attempts: r.max_attempts,
        };
        store.update_recipient(r.id, r.version, &change).await?;
    }
    Ok(assigned)
}
