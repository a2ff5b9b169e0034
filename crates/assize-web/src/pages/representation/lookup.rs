//! Finding the client: the one defendant of the case with the URN given, with this family
//! name (ignoring case) and date of birth, whom the firm may go on record for. Whatever is
//! found, the attempt is access-logged (who, and the URN searched).

use assize_api::AppState;
use assize_api::error::ApiError;
use assize_api::service::decide_association;
use assize_domain::case::Case;
use assize_domain::ids::Urn;
use assize_store::AccessLogEntry;
use uuid::Uuid;

use crate::error::WebError;
use crate::viewer::Viewer;

/// The one defendant the details matched.
pub struct Client {
    pub case_id: Uuid,
    pub defendant_id: Uuid,
    pub name: String,
    pub urn: String,
    pub court: String,
}

/// What a search for the client found.
pub enum Found {
    One(Client),
    /// The firm may already read the case, so the real reason can be given (e.g. "already on record").
    Refused(String),
    Nothing,
}

/// Find the one defendant of the case with this family name (ignoring case) and date of birth
/// whom the firm may go on record for, logging the attempt whatever it finds.
pub async fn search(
    state: &AppState,
    viewer: &Viewer,
    urn: &Urn,
    family: &str,
    dob: jiff::civil::Date,
) -> Result<Found, WebError> {
    let store_err = |e: assize_store::StoreError| WebError::from(ApiError::from(e));
    let case_id = state
        .store
        .case_id_by_urn(urn.as_str())
        .await
        .map_err(store_err)?;
    let record = match case_id {
        Some(id) => state.store.load_case(id).await.map_err(store_err)?,
        None => None,
    };
    let case: Option<Case> = record.and_then(|r| serde_json::from_value(r.state).ok());
    let family = family.to_lowercase();
    let matches: Vec<_> = case
        .iter()
        .flat_map(|c| c.defendants.iter())
        .filter(|d| {
            d.name.family_name.trim().to_lowercase() == family && d.date_of_birth == Some(dob)
        })
        .collect();
    let mut found = Found::Nothing;
    if let ([d], Some(c)) = (&matches[..], &case) {
        found = match decide_association(state, &viewer.who, c.id, d.id).await {
            Ok(_) => {
                let hearing = c.next_hearing().or(c.hearings.last());
                Found::One(Client {
                    case_id: c.id,
                    defendant_id: d.id,
                    name: d.name.full(),
                    urn: c.urn.as_str().to_string(),
                    court: hearing.map(|h| h.court_name.clone()).unwrap_or_default(),
                })
            }
            Err(ApiError::NotFound(_)) => Found::Nothing,
            Err(ApiError::Domain(e)) => Found::Refused(e.to_string()),
            Err(e) => return Err(e.into()),
        };
    }
    let (matched_case, matched_defendant) = match &found {
        Found::One(p) => (Some(p.case_id), Some(p.defendant_id)),
        _ => (None, None),
    };
    let who = &viewer.who;
    let entry = AccessLogEntry {
        at: jiff::Timestamp::now(),
        user_id: who.actor.user_id,
        org_id: who.actor.org_id,
        action: "defendant_lookup".into(),
        // The case searched for, found or not: an auditor can see who probed which case.
        case_id: matched_case.or(case_id),
        defendant_id: matched_defendant,
        detail: Some(
            serde_json::json!({ "urn": urn.as_str(), "matched": matched_defendant.is_some() }),
        ),
        correlation_id: who.correlation_id,
    };
    state
        .store
        .record_access(&[entry])
        .await
        .map_err(store_err)?;
    Ok(found)
}
