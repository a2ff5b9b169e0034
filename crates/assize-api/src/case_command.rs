//! A request to change a case, as a handler builds it (which action, which court, which
//! sittings), and what a decision returns to the pipeline in `commands`.

use assize_domain::case::CaseEvent;
use assize_domain::listing::Placement;
use assize_policy::Action;
use assize_store::SittingUse;
use uuid::Uuid;

/// What a decision produced: the events to record and the warnings for the person acting.
pub struct Decided {
    pub events: Vec<CaseEvent>,
    pub warnings: Vec<String>,
    /// The sittings the events place hearings in, as the decision saw them (re-checked when
    /// the events are written).
    pub sittings_used: Vec<SittingUse>,
}

impl From<Vec<CaseEvent>> for Decided {
    fn from(events: Vec<CaseEvent>) -> Self {
        Decided {
            events,
            warnings: Vec::new(),
            sittings_used: Vec::new(),
        }
    }
}

/// A request to change a case.
pub struct CaseCommand<'a> {
    pub case_id: Uuid,
    pub expected_version: i64,
    pub action: Action,
    pub defendant: Option<Uuid>,
    pub idempotency_key: Option<String>,
    pub body_hash: &'a str,
    pub reason: Option<String>,
    /// The court the action takes place at, when it is about one court: staff of another court
    /// where the case has also been listed may not act there. The policy decides with the case's
    /// courts narrowed to this one.
    pub at_court: AtCourt,
    /// The sittings the input names, loaded for the domain (which does no I/O).
    pub sittings: Vec<Placement>,
}

impl<'a> CaseCommand<'a> {
    /// A command about the whole case, with no reason and no particular defendant.
    pub fn new(
        case_id: Uuid,
        expected_version: i64,
        action: Action,
        idempotency_key: Option<String>,
        body_hash: &'a str,
    ) -> Self {
        CaseCommand {
            case_id,
            expected_version,
            action,
            defendant: None,
            idempotency_key,
            body_hash,
            reason: None,
            at_court: AtCourt::Any,
            sittings: Vec::new(),
        }
    }
    /// The policy decides about this defendant.
    pub fn for_defendant(self, defendant: Uuid) -> Self {
        CaseCommand {
            defendant: Some(defendant),
            ..self
        }
    }
    /// The reason recorded with the events.
    pub fn because(self, reason: &str) -> Self {
        CaseCommand {
            reason: Some(reason.trim().to_string()),
            ..self
        }
    }
    /// The action is about this hearing's court only.
    pub fn at_hearing(self, hearing_id: Uuid) -> Self {
        CaseCommand {
            at_court: AtCourt::Hearing(hearing_id),
            ..self
        }
    }
    /// The action is about this court only (listing into one of its sittings).
    pub fn at_court(self, court_ou: &str) -> Self {
        CaseCommand {
            at_court: AtCourt::Court(court_ou.to_string()),
            ..self
        }
    }
    /// The sittings the input names, for the domain to place hearings in.
    pub fn with_sittings(self, sittings: Vec<Placement>) -> Self {
        CaseCommand { sittings, ..self }
    }
}

/// Which court an action on a case is about.
pub enum AtCourt {
    /// The case as a whole.
    Any,
    /// The court of this hearing of the case.
    Hearing(Uuid),
    /// This court (OU code).
    Court(String),
}
