//! The actions the policy decides, and the kind of resource each one is about.

/// Every action the product performs on behalf of a user. Each maps to one Cedar action of the
/// same name in `policies/assize.cedar`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Start a case (charge, written charge, information). Not about an existing case.
    CreateCase,
    /// See the case in lists and open it (case-level facts, offences, hearings).
    ReadCase,
    /// The case's event stream (who did what, when).
    ReadTimeline,
    /// Victim and witness contact details (addresses, phone numbers, dates of birth).
    ReadVictimWitnessContact,
    /// List (or re-list) a hearing for the case.
    ListHearing,
    /// Record what happened at a hearing ("resulting").
    RecordHearingOutcome,
    /// Propose a correction to a recorded result.
    ProposeAmendment,
    /// Approve a proposed correction (the second-person rule is the domain's).
    ApproveAmendment,
    /// Record a reporting restriction ordered by the court.
    AddReportingRestriction,
    /// Everything about one defendant (date of birth, address, ASN, PNC ID, bail, reports).
    ReadDefendantFull,
    /// One defendant as on the charge sheet: name and offences only.
    ReadDefendantChargeSheet,
    /// A defence firm puts itself on record for a defendant.
    AssociateDefence,
    /// A firm on record removes itself, or the court removes it.
    LeaveDefence,
    /// Search cases (results are filtered by `Policy::list_scope`).
    Search,
    /// Read the access log (who consulted what).
    ReadAccessLog,
    /// Read reference data (courts, offences, result codes).
    ReadReferenceData,
    /// Record whether a trial went ahead (effective, cracked, ineffective), at the hearing's court.
    RecordTrialOutcome,
    /// Set up the courtrooms of a court (the court estate).
    ManageCourtrooms,
    /// Set up and change a court's sittings and sitting patterns (its calendar).
    ManageSittings,
    /// See a court's workload: sittings and how full they are, unlisted cases, custody time limits
    /// expiring, and the Crown Court's warned and firm trial lists.
    ViewWorkload,
    /// Read a recipient's pull feed of notices of hearing results and acknowledge them: the
    /// results unit of the organisation the notices are addressed to (a force's case file unit or
    /// its API account, the prosecutor, the firm, the agency). Decided with
    /// `Policy::is_allowed_for_recipient`.
    ReadNotices,
    /// The platform operators' view and control of notice delivery: every recipient's delivery
    /// figures, configuring recipients (webhook endpoint, secret, organisation), the routing
    /// overrides of result codes, replaying dead letters, the reconciliation report.
    ManageNotices,
}

/// What an action is about, which decides the Cedar resource of the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// Not about one case: the resource is `Platform::"assize"`.
    Platform,
    /// About a whole case: needs `CaseFacts`.
    Case,
    /// About one defendant of a case: needs `CaseFacts` and a defendant id in it.
    Defendant,
    /// About one court (its estate and calendar): the resource is `Court::"<OU code>"`, decided
    /// with `Policy::is_allowed_at_court`.
    Court,
    /// About one recipient of notices (its feed): the resource is a `Recipient` whose only fact
    /// is its organisation, if it has one; decided with `Policy::is_allowed_for_recipient`.
    Recipient,
}

impl Action {
    pub const ALL: [Action; 22] = [
        Action::CreateCase,
        Action::ReadCase,
        Action::ReadTimeline,
        Action::ReadVictimWitnessContact,
        Action::ListHearing,
        Action::RecordHearingOutcome,
        Action::ProposeAmendment,
        Action::ApproveAmendment,
        Action::AddReportingRestriction,
        Action::ReadDefendantFull,
        Action::ReadDefendantChargeSheet,
        Action::AssociateDefence,
        Action::LeaveDefence,
        Action::Search,
        Action::ReadAccessLog,
        Action::ReadReferenceData,
        Action::RecordTrialOutcome,
        Action::ManageCourtrooms,
        Action::ManageSittings,
        Action::ViewWorkload,
        Action::ReadNotices,
        Action::ManageNotices,
    ];

    /// The Cedar action id (`Action::"<name>"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CreateCase => "CreateCase",
            Action::ReadCase => "ReadCase",
            Action::ReadTimeline => "ReadTimeline",
            Action::ReadVictimWitnessContact => "ReadVictimWitnessContact",
            Action::ListHearing => "ListHearing",
            Action::RecordHearingOutcome => "RecordHearingOutcome",
            Action::ProposeAmendment => "ProposeAmendment",
            Action::ApproveAmendment => "ApproveAmendment",
            Action::AddReportingRestriction => "AddReportingRestriction",
            Action::ReadDefendantFull => "ReadDefendantFull",
            Action::ReadDefendantChargeSheet => "ReadDefendantChargeSheet",
            Action::AssociateDefence => "AssociateDefence",
            Action::LeaveDefence => "LeaveDefence",
            Action::Search => "Search",
            Action::ReadAccessLog => "ReadAccessLog",
            Action::ReadReferenceData => "ReadReferenceData",
            Action::RecordTrialOutcome => "RecordTrialOutcome",
            Action::ManageCourtrooms => "ManageCourtrooms",
            Action::ManageSittings => "ManageSittings",
            Action::ViewWorkload => "ViewWorkload",
            Action::ReadNotices => "ReadNotices",
            Action::ManageNotices => "ManageNotices",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// What the action is about; must agree with the `appliesTo` of the Cedar schema.
    pub fn resource_kind(self) -> ResourceKind {
        match self {
            Action::CreateCase
            | Action::Search
            | Action::ReadAccessLog
            | Action::ReadReferenceData
            | Action::ManageNotices => ResourceKind::Platform,
            Action::ReadCase
            | Action::ReadTimeline
            | Action::ReadVictimWitnessContact
            | Action::ListHearing
            | Action::RecordHearingOutcome
            | Action::ProposeAmendment
            | Action::ApproveAmendment
            | Action::AddReportingRestriction
            | Action::RecordTrialOutcome => ResourceKind::Case,
            Action::ReadDefendantFull
            | Action::ReadDefendantChargeSheet
            | Action::AssociateDefence
            | Action::LeaveDefence => ResourceKind::Defendant,
            Action::ManageCourtrooms | Action::ManageSittings | Action::ViewWorkload => {
                ResourceKind::Court
            }
            Action::ReadNotices => ResourceKind::Recipient,
        }
    }
}
