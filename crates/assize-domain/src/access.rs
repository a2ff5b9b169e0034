//! Who is acting: the kinds of organisation and the roles people hold in them, and the shape of a
//! list filter. Pure data shared by the policy (which decides) and storage (which filters in SQL).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of organisation that take part in a criminal case (criminal-process.md, "Who uses it").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    PoliceForce,
    ProsecutingAuthority,
    DefenceFirm,
    Court,
    Judiciary,
    /// Probation, Youth Offending Team, prison/custody, Legal Aid Agency, witness care.
    Agency,
    /// The platform's own audit and administration office.
    Oversight,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::PoliceForce,
        OrgKind::ProsecutingAuthority,
        OrgKind::DefenceFirm,
        OrgKind::Court,
        OrgKind::Judiciary,
        OrgKind::Agency,
        OrgKind::Oversight,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::PoliceForce => "police_force",
            OrgKind::ProsecutingAuthority => "prosecuting_authority",
            OrgKind::DefenceFirm => "defence_firm",
            OrgKind::Court => "court",
            OrgKind::Judiciary => "judiciary",
            OrgKind::Agency => "agency",
            OrgKind::Oversight => "oversight",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Roles people (and systems) hold within an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Officer in case.
    PoliceOfficer,
    /// Case file / results unit; also the role of a force's API system account.
    PoliceAdmin,
    Prosecutor,
    Paralegal,
    DefenceSolicitor,
    DefenceAdvocate,
    FirmAdmin,
    ListingOfficer,
    /// Magistrates' court legal adviser: records results.
    LegalAdviser,
    /// Crown Court clerk: records results.
    CourtAssociate,
    CourtAdmin,
    /// Magistrate, district judge, judge, recorder.
    Judicial,
    AgencyOfficer,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::PoliceOfficer,
        Role::PoliceAdmin,
        Role::Prosecutor,
        Role::Paralegal,
        Role::DefenceSolicitor,
        Role::DefenceAdvocate,
        Role::FirmAdmin,
        Role::ListingOfficer,
        Role::LegalAdviser,
        Role::CourtAssociate,
        Role::CourtAdmin,
        Role::Judicial,
        Role::AgencyOfficer,
        Role::Auditor,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PoliceOfficer => "police_officer",
            Role::PoliceAdmin => "police_admin",
            Role::Prosecutor => "prosecutor",
            Role::Paralegal => "paralegal",
            Role::DefenceSolicitor => "defence_solicitor",
            Role::DefenceAdvocate => "defence_advocate",
            Role::FirmAdmin => "firm_admin",
            Role::ListingOfficer => "listing_officer",
            Role::LegalAdviser => "legal_adviser",
            Role::CourtAssociate => "court_associate",
            Role::CourtAdmin => "court_admin",
            Role::Judicial => "judicial",
            Role::AgencyOfficer => "agency_officer",
            Role::Auditor => "auditor",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
    /// The organisation kind a role belongs to; a user's role must match their organisation.
    pub fn org_kind(self) -> OrgKind {
        match self {
            Role::PoliceOfficer | Role::PoliceAdmin => OrgKind::PoliceForce,
            Role::Prosecutor | Role::Paralegal => OrgKind::ProsecutingAuthority,
            Role::DefenceSolicitor | Role::DefenceAdvocate | Role::FirmAdmin => {
                OrgKind::DefenceFirm
            }
            Role::ListingOfficer | Role::LegalAdviser | Role::CourtAssociate | Role::CourtAdmin => {
                OrgKind::Court
            }
            Role::Judicial => OrgKind::Judiciary,
            Role::AgencyOfficer => OrgKind::Agency,
            Role::Auditor => OrgKind::Oversight,
        }
    }
}

/// How an organisation is related to a case. Stored per case (and per defendant for the defence)
/// so that list queries can filter in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The police force that charged or summonsed (the originating organisation).
    ChargingForce,
    /// The prosecuting authority that owns the prosecution.
    Prosecutor,
    /// A defence firm on record for one defendant.
    DefenceOnRecord,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::ChargingForce => "charging_force",
            Relation::Prosecutor => "prosecutor",
            Relation::DefenceOnRecord => "defence_on_record",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Relation::ChargingForce,
            Relation::Prosecutor,
            Relation::DefenceOnRecord,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// The set of cases a principal may see in lists and searches, in a form storage can turn into a
/// SQL filter. Produced by the policy crate (`assize_policy::Policy::list_scope`); a property test
/// proves that filtering with it returns exactly the cases the policy allows one by one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListScope {
    /// Cases where this organisation holds one of these relations (any defendant).
    pub org_relations: Option<(Uuid, Vec<Relation>)>,
    /// Cases with a hearing (past or future) at one of these courts (OU codes).
    pub court_ous: Vec<String>,
    /// When set, a search by a defendant's personal identifiers (ASN, PNC ID, date of birth)
    /// matches only defendants this organisation is on record for: the defence sees co-defendants
    /// as on the charge sheet, so a search must not confirm their hidden details either.
    pub identifiers_only_for_org: Option<Uuid>,
}

impl ListScope {
    /// A scope that matches nothing.
    pub fn none() -> Self {
        Self::default()
    }
    pub fn is_empty(&self) -> bool {
        self.org_relations.is_none() && self.court_ous.is_empty()
    }
}
