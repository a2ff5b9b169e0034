//! Who is looking: a person signed in with the session cookie (API tokens are for systems and are
//! not accepted by the pages). Every form carries a CSRF token derived from the session secret,
//! checked on every POST, in addition to the SameSite=Strict cookie.

use assize_api::AppState;
use assize_api::auth::{Authed, correlation_id, hash_secret, session_actor, session_cookie_value};
use assize_policy::Action;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;

use crate::error::WebError;
use crate::page::{Chrome, NavItem};

/// A signed-in person and what they need on every page.
#[derive(Clone)]
pub struct Viewer {
    pub who: Authed,
    /// The token every form of this session must send back.
    pub csrf: String,
    /// Seconds of inactivity before the session ends (for the expiry warning).
    pub idle_secs: i64,
    state: AppState,
}

fn csrf_for(session: &str) -> String {
    hash_secret(&format!("csrf:{session}"))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let next = if parts.method == axum::http::Method::GET {
            parts.uri.path_and_query().map(|p| p.to_string())
        } else {
            None
        };
        let Some(session) = session_cookie_value(parts) else {
            return Err(WebError::SignIn {
                next,
                expired: false,
            });
        };
        match session_actor(state, &session).await? {
            Some(actor) => Ok(Viewer {
                who: Authed::from_actor(actor, correlation_id(parts)),
                csrf: csrf_for(&session),
                idle_secs: state.config.session_idle.as_secs(),
                state: state.clone(),
            }),
            None => Err(WebError::SignIn {
                next,
                expired: true,
            }),
        }
    }
}

impl OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(
            <Viewer as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .ok(),
        )
    }
}

impl Viewer {
    /// Refuse a form that did not come from one of this session's pages.
    pub fn check_csrf(&self, token: &str) -> Result<(), WebError> {
        let expected = self.csrf.as_bytes();
        let given = token.as_bytes();
        let same = expected.len() == given.len()
            && expected
                .iter()
                .zip(given)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same { Ok(()) } else { Err(WebError::Csrf) }
    }

    /// May this person do `action` where no particular case is concerned?
    pub fn may(&self, action: Action) -> bool {
        self.state
            .policy
            .is_allowed(&self.who.principal, action, None, None)
    }

    /// The page frame: identity bar, navigation for what this person may do, CSRF token.
    pub fn chrome(&self, title: impl Into<String>, current: &str) -> Chrome {
        let mut nav = vec![NavItem::new("/", "Home", current)];
        if self.may(Action::Search) {
            nav.push(NavItem::new("/search", "Find a case", current));
        }
        if self.may(Action::CreateCase) {
            nav.push(NavItem::new("/cases/new", "Send a new case", current));
        }
        if self.may(Action::ReadAccessLog) {
            nav.push(NavItem::new("/audit", "Access log", current));
        }
        Chrome {
            title: title.into(),
            user: Some(crate::page::UserBar {
                name: self.who.actor.display_name.clone(),
                organisation: self.who.actor.org_name.clone(),
                role: crate::format::role_label(self.who.actor.role).into(),
            }),
            nav,
            csrf: self.csrf.clone(),
            idle_secs: self.idle_secs,
            live_url: None,
            public: false,
        }
    }
}

impl Viewer {
    /// Would the policy let this person do `action` on a case at one of their own courts in which
    /// their organisation has no other part? Decides only which sections a page shows; each
    /// case's own decision is made when the action is used.
    pub fn may_on_any_case(&self, action: Action) -> bool {
        let Some(court) = self.who.actor.court_ous.first() else {
            return false;
        };
        let facts = assize_policy::CaseFacts {
            case_id: uuid::Uuid::nil(),
            court_ous: vec![court.clone()],
            prosecutor_org: uuid::Uuid::nil(),
            charging_force_org: uuid::Uuid::nil(),
            defendants: vec![],
        };
        self.state
            .policy
            .is_allowed(&self.who.principal, action, Some(&facts), None)
    }
}
