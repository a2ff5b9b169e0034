//! What every page shows around its content: the OFFICIAL-SENSITIVE marking (not on public
//! pages), the service header, the signed-in user and their organisation (the MoJ identity bar),
//! the navigation, and the session-expiry warning's settings. Rendering is one function so every
//! page handles template errors the same way.

use askama::Template;
use axum::response::Html;

use crate::error::WebError;

#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page title (the `<title>` is "title – Assize – GOV.UK" style).
    pub title: String,
    pub user: Option<UserBar>,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    pub idle_secs: i64,
    /// The Server-Sent Events stream this page listens to, if it updates live.
    pub live_url: Option<String>,
    /// A page published to anyone (a public court list): no protective marking, which would
    /// be false on it, and no "recorded against your name" notice, since no one is signed in.
    pub public: bool,
}

impl Chrome {
    /// The frame of a page for someone not signed in (sign-in page, errors before sign-in).
    pub fn anonymous(title: impl Into<String>) -> Chrome {
        Chrome {
            title: title.into(),
            user: None,
            nav: vec![],
            csrf: String::new(),
            idle_secs: 0,
            live_url: None,
            public: false,
        }
    }

    /// The frame of a page published to anyone.
    pub fn public(title: impl Into<String>) -> Chrome {
        Chrome {
            public: true,
            ..Chrome::anonymous(title)
        }
    }

    pub fn live(mut self, url: impl Into<String>) -> Chrome {
        self.live_url = Some(url.into());
        self
    }
}

#[derive(Debug, Clone)]
pub struct UserBar {
    pub name: String,
    pub organisation: String,
    pub role: String,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

impl NavItem {
    pub fn new(href: &'static str, label: &'static str, current: &str) -> NavItem {
        NavItem {
            href,
            label,
            current: href == current,
        }
    }
}

/// Render a page template; a template error is an internal error (logged, never shown).
pub fn render(t: &impl Template) -> Result<Html<String>, WebError> {
    t.render()
        .map(Html)
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}
