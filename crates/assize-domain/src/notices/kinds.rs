//! Who receives notices of results, and what kind of notice each is.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A kind of organisation that must be told of a court's results (criminal-process.md, "Results
/// flow out"). A missed notice means a person wrongly detained, released, untagged or unbanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// The force that charged: every result, for its Police National Computer updates.
    PoliceForce,
    /// The prosecutor of the case: every result.
    ProsecutingAuthority,
    /// The firm on record for the defendant: every result for its client, never a co-defendant's.
    DefenceFirm,
    /// The custodian (prison, or youth detention accommodation for under-18s): remands in
    /// custody, committals and sendings in custody, custodial sentences, and releases (a bail
    /// decision requiring release is served on the custodian, CrimPR r.14.4).
    Prison,
    /// The Probation Service: community orders, suspended sentences and their requirements,
    /// pre-sentence report requests.
    Probation,
    /// The electronic monitoring service: curfews and exclusions with a tag, on bail or by order.
    ElectronicMonitoring,
    /// The Driver and Vehicle Licensing Agency: disqualifications from driving and endorsements.
    Dvla,
    /// The Legal Aid Agency: case outcomes (final results, proceedings concluded).
    LegalAidAgency,
    /// HMCTS fines enforcement: financial penalties (fines, costs, compensation, surcharge).
    FinesEnforcement,
}

impl RecipientKind {
    pub const ALL: [RecipientKind; 9] = [
        RecipientKind::PoliceForce,
        RecipientKind::ProsecutingAuthority,
        RecipientKind::DefenceFirm,
        RecipientKind::Prison,
        RecipientKind::Probation,
        RecipientKind::ElectronicMonitoring,
        RecipientKind::Dvla,
        RecipientKind::LegalAidAgency,
        RecipientKind::FinesEnforcement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::PoliceForce => "police_force",
            RecipientKind::ProsecutingAuthority => "prosecuting_authority",
            RecipientKind::DefenceFirm => "defence_firm",
            RecipientKind::Prison => "prison",
            RecipientKind::Probation => "probation",
            RecipientKind::ElectronicMonitoring => "electronic_monitoring",
            RecipientKind::Dvla => "dvla",
            RecipientKind::LegalAidAgency => "legal_aid_agency",
            RecipientKind::FinesEnforcement => "fines_enforcement",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// For an administrator's page.
    pub fn label(self) -> &'static str {
        match self {
            RecipientKind::PoliceForce => "Police force (charging force)",
            RecipientKind::ProsecutingAuthority => "Prosecuting authority",
            RecipientKind::DefenceFirm => "Defence firm on record",
            RecipientKind::Prison => "Prison or custodian",
            RecipientKind::Probation => "Probation Service",
            RecipientKind::ElectronicMonitoring => "Electronic monitoring service",
            RecipientKind::Dvla => "DVLA",
            RecipientKind::LegalAidAgency => "Legal Aid Agency",
            RecipientKind::FinesEnforcement => "Fines enforcement",
        }
    }

    /// A party to the case (the charging force, the prosecutor, the defendant's firm): it receives
    /// every result of its case or client, whatever the code, and is named in the case itself.
    /// The routing table cannot switch a party off.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            RecipientKind::PoliceForce
                | RecipientKind::ProsecutingAuthority
                | RecipientKind::DefenceFirm
        )
    }
}

/// One recipient of a notice: its kind, and the organisation when the case names it (the
/// charging force, the prosecutor, the defendant's firm). An agency is not named in the case:
/// `org_id` is `None` and the store resolves it to the registered recipient of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Recipient {
    pub kind: RecipientKind,
    pub org_id: Option<Uuid>,
}

impl Recipient {
    pub fn agency(kind: RecipientKind) -> Self {
        Recipient { kind, org_id: None }
    }

    /// `police_force:<org id>` or `prison`: the recipient's part of a notice key.
    pub fn slot(&self) -> String {
        match self.org_id {
            Some(id) => format!("{}:{id}", self.kind.as_str()),
            None => self.kind.as_str().to_string(),
        }
    }
}

/// What a notice is, which decides how the recipient acts on it (and, later, which printable
/// order, warrant or notice is rendered from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A defendant's results of one hearing: every result ordered at that hearing, the bail or
    /// custody position after it and the next hearing.
    Results,
    /// The same after an approved amendment: it replaces the notice the recipient had before.
    AmendedResults,
    /// To the custodian: the defendant, who was in custody, is to be released on this case —
    /// bailed, or every offence disposed of without a custodial result (CrimPR r.14.4).
    Release,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 3] = [
        NoticeKind::Results,
        NoticeKind::AmendedResults,
        NoticeKind::Release,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Results => "results",
            NoticeKind::AmendedResults => "amended_results",
            NoticeKind::Release => "release",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
