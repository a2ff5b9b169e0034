//! Sending a new case in: who may send it for whom (a prosecutor only for their own authority,
//! police only for their own force), which organisations the codes name, and the domain's own
//! checks of the case — all problems reported together, so a form (or an integrator) can fix
//! everything in one go. Shared by `POST /api/v1/cases` and the web intake form.

use assize_domain::access::OrgKind;
use assize_domain::case::commands::NewCase;
use assize_domain::case::{Case, CaseEvent, DomainError, FieldError, OrgRef, decide};
use assize_policy::Action;
use assize_store::Organisation;

use crate::AppState;
use crate::auth::Authed;
use crate::commands;
use crate::error::{ApiError, ApiResult};

fn problem(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.into(),
        message,
    }
}

/// The prosecuting authority the case names, or the problem with it.
async fn prosecutor(
    state: &AppState,
    who: &Authed,
    code: &str,
) -> ApiResult<Result<Organisation, FieldError>> {
    let code = code.trim();
    if who.actor.org_kind == OrgKind::ProsecutingAuthority {
        let own = state
            .store
            .organisation(who.actor.org_id)
            .await?
            .ok_or(ApiError::Forbidden)?;
        if own.code.as_deref() != Some(code) {
            return Ok(Err(problem(
                "prosecution_authority_code",
                format!(
                    "You can only send cases prosecuted by your own authority ({})",
                    own.code.unwrap_or_default()
                ),
            )));
        }
    }
    if code.is_empty() {
        return Ok(Err(problem(
            "prosecution_authority_code",
            "Give the prosecuting authority".into(),
        )));
    }
    Ok(state
        .store
        .organisation_by_code(OrgKind::ProsecutingAuthority, code)
        .await?
        .ok_or_else(|| {
            problem(
                "prosecution_authority_code",
                format!("No prosecuting authority has the code '{code}'"),
            )
        }))
}

/// The police force the case comes from (the caller's own, for police), or the problem with it.
async fn force(
    state: &AppState,
    who: &Authed,
    given: Option<&str>,
) -> ApiResult<Result<Organisation, FieldError>> {
    let given = given.map(str::trim).filter(|c| !c.is_empty());
    if who.actor.org_kind == OrgKind::PoliceForce {
        let own = state
            .store
            .organisation(who.actor.org_id)
            .await?
            .ok_or(ApiError::Forbidden)?;
        if let Some(code) = given
            && Some(code) != own.code.as_deref()
        {
            return Ok(Err(problem(
                "originating_organisation",
                format!(
                    "You can only send cases for your own force ({})",
                    own.code.unwrap_or_default()
                ),
            )));
        }
        return Ok(Ok(own));
    }
    let Some(code) = given else {
        return Ok(Err(problem(
            "originating_organisation",
            "Give the originating police force".into(),
        )));
    };
    Ok(state
        .store
        .organisation_by_code(OrgKind::PoliceForce, code)
        .await?
        .ok_or_else(|| {
            problem(
                "originating_organisation",
                format!("No police force has the code '{code}'"),
            )
        }))
}

fn org_ref(o: &Result<Organisation, FieldError>) -> OrgRef {
    match o {
        Ok(o) => OrgRef {
            id: o.id,
            name: o.name.clone(),
        },
        // Only so the domain can check the rest of the case; never recorded.
        Err(_) => OrgRef {
            id: uuid::Uuid::nil(),
            name: String::new(),
        },
    }
}

/// Check who may send this case in for whom and decide it: the case as built from its first
/// event (version 0) and all the events to append; or every problem found, together.
pub async fn new_case_events(
    state: &AppState,
    who: &Authed,
    input: &NewCase,
) -> ApiResult<(Case, Vec<CaseEvent>)> {
    if !state
        .policy
        .is_allowed(&who.principal, Action::CreateCase, None, None)
    {
        return Err(ApiError::Forbidden);
    }
    let prosecutor = prosecutor(state, who, &input.prosecution_authority_code).await?;
    let force = force(state, who, input.originating_organisation.as_deref()).await?;
    let force_code = force.as_ref().ok().and_then(|f| f.code.clone());
    let sittings = crate::sittings::placements(state, input.first_hearing.sitting_id).await?;
    let pncs = input.defendants.iter().filter_map(|d| d.pnc_id.as_deref());
    let elsewhere =
        crate::sittings::booked_elsewhere(state, uuid::Uuid::nil(), pncs, &sittings).await?;
    let decided = commands::decide_in(who, input, &sittings, &elsewhere, |input, ctx| {
        decide::create_case(
            input,
            org_ref(&prosecutor),
            org_ref(&force),
            force_code.as_deref(),
            ctx,
        )
    })
    .map(|d| d.events);
    let mut problems: Vec<FieldError> = [&prosecutor, &force]
        .into_iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    let events = match decided {
        Ok(events) if problems.is_empty() => events,
        Ok(_) => return Err(ApiError::Domain(DomainError::Invalid(problems))),
        Err(ApiError::Domain(DomainError::Invalid(mut more))) => {
            problems.append(&mut more);
            return Err(ApiError::Domain(DomainError::Invalid(problems)));
        }
        Err(_) if !problems.is_empty() => {
            return Err(ApiError::Domain(DomainError::Invalid(problems)));
        }
        Err(e) => return Err(e),
    };
    let mut pending = Case::created(&events[0])
        .ok_or_else(|| ApiError::Internal("case creation produced no case".into()))?;
    pending.version = 0;
    Ok((pending, events))
}
