//! The expectation table: what every cell must answer, written out by hand.

use assize_domain::access::Role;

use super::{A, B, Ep, Who};

/// What a cell must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expect {
    /// `ok`: 2xx; for a write, the case changed.
    Ok,
    /// `hit`: 200 and case C is among the search results.
    Hit,
    /// `miss`: 200 and case C is not among the search results.
    Miss,
    /// `dom`: allowed by the policy, refused by a domain rule (409/422); nothing changed.
    Domain,
    /// `dnl`: refused by a domain rule (409/422), and the answer reveals nothing of a case the
    /// caller cannot read (no names, URN, firm on record...); nothing changed.
    DomainNoLeak,
    /// `401`
    Unauth,
    /// `403`
    Forbidden,
    /// `404`, revealing nothing.
    Hidden,
}

impl Expect {
    pub(super) fn parse(s: &str) -> Expect {
        match s {
            "ok" => Expect::Ok,
            "hit" => Expect::Hit,
            "miss" => Expect::Miss,
            "dom" => Expect::Domain,
            "dnl" => Expect::DomainNoLeak,
            "401" => Expect::Unauth,
            "403" => Expect::Forbidden,
            "404" => Expect::Hidden,
            other => panic!("unknown expectation '{other}' in the table"),
        }
    }
    pub(super) fn token(self) -> &'static str {
        match self {
            Expect::Ok => "ok",
            Expect::Hit => "hit",
            Expect::Miss => "miss",
            Expect::Domain => "dom",
            Expect::DomainNoLeak => "dnl",
            Expect::Unauth => "401",
            Expect::Forbidden => "403",
            Expect::Hidden => "404",
        }
    }
    /// Is a read of case C (or a change to a case) refused, so that its answer must not reveal it?
    pub(super) fn must_not_reveal(self) -> bool {
        matches!(self, Expect::Unauth | Expect::Hidden | Expect::DomainNoLeak)
    }
}

/// The expectations. Columns follow `Role::ALL`: police_officer, police_admin, prosecutor,
/// paralegal, defence_solicitor, defence_advocate, firm_admin, listing_officer, legal_adviser,
/// court_associate, court_admin, judicial, agency_officer, auditor. Each row: the endpoint, then
/// side A (related to the case: its force, authority, courts, firm on record for D1), side B
/// (unrelated organisations of the same kinds), and the unauthenticated caller.
///
/// Notes on rows whose expectations are not obvious:
/// * search by a co-defendant's date of birth / ASN: firm A sees D2 only "as on the charge sheet"
///   (no date of birth, no ASN), so a search on those fields must not confirm them (`miss`).
/// * going on record (AssociateDefence) needs no prior link: any defence solicitor or firm admin
///   may put their firm on record for a defendant with no firm; a caller who may read the case
///   but not go on record gets 403 like every other refused action.
/// * going on record for D1 (firm A's client): firm A is refused by the domain (already on
///   record); firm B (other firm, same role: the IDOR check) cannot read case C, so its refusal
///   is the same 404 as for a case that does not exist (it must not reveal which firm is on record).
/// * coming off the record (LeaveDefence): firm A's solicitor or admin for its own client, and the
///   court staff who record decisions; firm B is 404.
/// * custody time limit extensions are decided as RecordHearingOutcome; vacating as ListHearing;
///   lifting a restriction as AddReportingRestriction.
/// * the court estate (courtrooms, sittings) is read by every user; side A's court admin sets up
///   LONDON's courtrooms, its listing officer and court admin its sittings; side B's staff serve
///   another court. Proposals, moving and dates to avoid are decided as ListHearing at the
///   hearing's court; trial outcomes by the legal adviser and court associate only. Warning a
///   Crown Court trial is ListHearing at its court; the trial lists are the court's workload
///   (ViewWorkload: its listing officers, court staff and judiciary; side B serves another court).
/// * notices of results (FA = force A's recipient, whose feed holds a notice about case D): every
///   signed-in user may list recipients, but the list is filtered, so the row is `hit` (force A's
///   recipient listed) / `miss` (not listed) like search. The operators (auditors, both sides:
///   ManageNotices is a platform action) list every recipient; results staff (police_admin,
///   prosecutor, paralegal, defence_solicitor, firm_admin, agency_officer) their own
///   organisation's only (checked for every listing); other roles get an empty list.
/// * force A's feed and acknowledging it (`up_to` 0, a no-op) are ReadNotices on FA: only force
///   A's police_admin. Everyone else, the operators included (they see notices only through their
///   own pages), gets the same 404 as for a recipient that does not exist. The police officer is
///   not results staff; side B's police_admin reads force B's feed, not A's.
/// * configuring FA (its own settings sent back with its current version), replaying its dead
///   letters, replaying one of its notices, reading and setting the routing of result codes
///   (1015 to probation back to its default: a no-op) are ManageNotices: operators only, 403 for
///   every other role (they name no case, so nothing is hidden).
#[rustfmt::skip]
pub(super) const TABLE: &[(Ep, &str, &str, &str)] = &[
    //                                    PO   PA   PR   PL   DS   DA   FA   LO   LA   CA   CM   JU   AG   AU
    (Ep::Health,                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "ok"),
    (Ep::SignIn,                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::SignOut,                        "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::Me,                             "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::SearchByName,                   "hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::SearchByCoDefendantDob,         "hit  hit  hit  hit  miss miss miss hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::SearchByCoDefendantAsn,         "hit  hit  hit  hit  miss miss miss hit  hit  hit  hit  hit  403  403",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss 403  403",  "401"),
    (Ep::CreateCase,                     "ok   ok   ok   ok   403  403  403  403  403  403  403  403  403  403",
                                         "ok   ok   ok   ok   403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::ReadCase,                       "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::Timeline,                       "ok   ok   ok   ok   403  403  403  ok   ok   ok   ok   ok   404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ListHearing,                    "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::RecordOutcome,                  "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::VacateHearing,                  "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AssociateFreeDefendant,         "403  403  403  403  ok   403  ok   403  403  403  403  403  404  404",
                                         "404  404  404  404  ok   404  ok   404  404  404  404  404  404  404",  "401"),
    (Ep::AssociateRepresentedDefendant,  "403  403  403  403  dom  403  dom  403  403  403  403  403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::LeaveRecord,                    "403  403  403  403  ok   403  ok   403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AddRestriction,                 "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::LiftRestriction,                "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ExtendCtl,                      "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ProposeAmendment,               "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::DecideAmendment,                "403  403  403  403  403  403  403  403  ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AccessLog,                      "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::RefCourts,                      "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::RefOffences,                    "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::RefResults,                     "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::Courtrooms,                     "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::AddCourtroom,                   "403  403  403  403  403  403  403  403  403  403  ok   403  403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::Sittings,                       "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::AddSitting,                     "403  403  403  403  403  403  403  ok   403  403  ok   403  403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::AddSittingPattern,              "403  403  403  403  403  403  403  ok   403  403  ok   403  403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::Proposals,                      "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::NewProposals,                   "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::MoveHearing,                    "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::TrialOutcome,                   "403  403  403  403  403  403  403  403  ok   ok   403  403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::DatesToAvoid,                   "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::WarnTrial,                      "403  403  403  403  403  403  403  ok   ok   ok   ok   403  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::TrialLists,                     "403  403  403  403  403  403  403  ok   ok   ok   ok   ok   403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::Workload,                       "403  403  403  403  403  403  403  ok   ok   ok   ok   ok   403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::SittingPatterns,                "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
                                         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",  "401"),
    (Ep::ChangeSitting,                  "403  403  403  403  403  403  403  ok   403  403  ok   403  403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::CancelSitting,                  "403  403  403  403  403  403  403  ok   403  403  ok   403  403  403",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  403",  "401"),
    (Ep::Recipients,                     "miss hit  miss miss miss miss miss miss miss miss miss miss miss hit",
                                         "miss miss miss miss miss miss miss miss miss miss miss miss miss hit",  "401"),
    (Ep::NoticeFeed,                     "404  ok   404  404  404  404  404  404  404  404  404  404  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::AckNotices,                     "404  ok   404  404  404  404  404  404  404  404  404  404  404  404",
                                         "404  404  404  404  404  404  404  404  404  404  404  404  404  404",  "401"),
    (Ep::ConfigureRecipient,             "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::ReplayDead,                     "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::ReplayNotice,                   "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::NoticeRoutes,                   "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
    (Ep::SetNoticeRoute,                 "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",
                                         "403  403  403  403  403  403  403  403  403  403  403  403  403  ok",   "401"),
];

pub(super) const ABBREV: [&str; 14] = [
    "PO", "PA", "PR", "PL", "DS", "DA", "FA", "LO", "LA", "CA", "CM", "JU", "AG", "AU",
];

pub(super) fn columns(a: &str, b: &str, unauth: &str) -> Vec<(Who, Expect)> {
    let mut out = Vec::with_capacity(29);
    for (side, row) in [(A, a), (B, b)] {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells.len(),
            Role::ALL.len(),
            "a table row has {} cells, not one per role: {row}",
            cells.len()
        );
        for (role, cell) in Role::ALL.into_iter().zip(cells) {
            out.push((Some((role, side)), Expect::parse(cell)));
        }
    }
    out.push((None, Expect::parse(unauth.trim())));
    out
}
