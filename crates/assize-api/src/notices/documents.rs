//! The printable orders, warrants and notices of a notice of results: who may open them, and
//! which exist for a case. The paper is rendered from the notice's own content (what was sent),
//! so it says exactly what the recipient was told. Every opening is access-logged.

use std::collections::BTreeMap;

use assize_domain::notices::{DocumentKind, NoticeContent, NoticeKind, documents_for};
use assize_policy::Action;
use assize_store::{AccessLogEntry, NoticeRow};
use serde::Serialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult};
use crate::projection::facts;

/// The content of a stored notice, and the documents it needs.
pub fn parse(n: &NoticeRow) -> ApiResult<(NoticeContent, Vec<DocumentKind>)> {
    let content: NoticeContent = serde_json::from_value(n.body.clone())
        .map_err(|e| ApiError::Internal(format!("notice {} unreadable: {e}", n.id)))?;
    let kind = NoticeKind::parse(&n.kind)
        .ok_or_else(|| ApiError::Internal(format!("notice kind {}", n.kind)))?;
    let docs = documents_for(kind, &content);
    Ok((content, docs))
}

/// May `who` read the defendant's full record in the notice's case (court staff, the
/// prosecution, the firm on record)? The documents show nothing more than that record.
async fn may_read_defendant(state: &AppState, who: &Authed, n: &NoticeRow) -> ApiResult<bool> {
    let Some(record) = state.store.load_case(n.case_id).await? else {
        return Ok(false);
    };
    let f = facts(&record);
    Ok(state
        .policy
        .is_allowed(&who.principal, Action::ReadCase, Some(&f), None)
        && state.policy.is_allowed(
            &who.principal,
            Action::ReadDefendantFull,
            Some(&f),
            Some(n.defendant_id),
        ))
}

/// One document of a notice, for a reader who may see it: the recipient's own results staff,
/// the platform's operators, or someone who may read the defendant's full record. 404 otherwise
/// (revealing nothing), and for a document the notice does not need.
pub async fn document_for_reader(
    state: &AppState,
    who: &Authed,
    notice_id: Uuid,
    kind: &str,
) -> ApiResult<(NoticeRow, NoticeContent, DocumentKind)> {
    let n = state
        .store
        .notice(notice_id)
        .await?
        .ok_or(ApiError::NotFound("Notice"))?;
    let recipient_reader = match state.store.recipient(n.recipient_id).await? {
        Some(r) => {
            state
                .policy
                .is_allowed_for_recipient(&who.principal, Action::ReadNotices, r.org_id)
        }
        None => false,
    };
    if !(recipient_reader
        || super::feed::is_operator(state, who)
        || may_read_defendant(state, who, &n).await?)
    {
        return Err(ApiError::NotFound("Notice"));
    }
    let (content, docs) = parse(&n)?;
    let kind = DocumentKind::parse(kind)
        .filter(|k| docs.contains(k))
        .ok_or(ApiError::NotFound("Document"))?;
    state
        .store
        .record_access(&[AccessLogEntry {
            at: jiff::Timestamp::now(),
            user_id: who.actor.user_id,
            org_id: who.actor.org_id,
            action: "notice_document_read".into(),
            case_id: Some(n.case_id),
            defendant_id: Some(n.defendant_id),
            detail: Some(serde_json::json!({ "notice_id": n.id, "document": kind.as_str() })),
            correlation_id: who.correlation_id,
        }])
        .await?;
    Ok((n, content, kind))
}

/// A printable document of a case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDocument {
    pub notice_id: Uuid,
    pub kind: DocumentKind,
    pub title: &'static str,
    pub defendant: String,
    pub hearing_date: String,
    pub court: String,
    /// Replaced by a later notice (an amendment, or later results of the same hearing).
    pub superseded: bool,
}

/// The documents of a case whose defendants the reader may see in full: for each defendant,
/// hearing and change, each document once (the recipients' notices of one change say the same).
pub async fn case_documents(
    state: &AppState,
    who: &Authed,
    case_id: Uuid,
) -> ApiResult<Vec<CaseDocument>> {
    let (_, case) =
        crate::commands::authorised_case(state, who, case_id, Action::ReadCase, None).await?;
    let f = crate::projection::case_facts(&case);
    let notices = state.store.notices_of_case(case_id).await?;
    let latest: BTreeMap<(Uuid, Uuid), i64> = notices.iter().fold(BTreeMap::new(), |mut m, n| {
        let v = m
            .entry((n.defendant_id, n.hearing_id))
            .or_insert(n.case_version);
        *v = (*v).max(n.case_version);
        m
    });
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    let reader = state.policy.reader(&who.principal);
    for n in &notices {
        if !reader.is_allowed(Action::ReadDefendantFull, Some(&f), Some(n.defendant_id)) {
            continue;
        }
        let (content, docs) = parse(n)?;
        for kind in docs {
            if !seen.insert((n.defendant_id, n.hearing_id, n.case_version, kind)) {
                continue;
            }
            out.push(CaseDocument {
                notice_id: n.id,
                kind,
                title: kind.title(),
                defendant: format!(
                    "{} {}",
                    content.defendant.given_names, content.defendant.family_name
                ),
                hearing_date: content.hearing.hearing_date.to_string(),
                court: content.hearing.court_centre.name.clone(),
                superseded: latest
                    .get(&(n.defendant_id, n.hearing_id))
                    .is_some_and(|v| *v > n.case_version),
            });
        }
    }
    Ok(out)
}
