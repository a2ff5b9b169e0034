//! Helpers for testing the pages as a browser would see them (without JavaScript): a signed-in
//! cookie session per person, HTML parsed for CSS-selector checks, forms posted with their CSRF
//! token. The page tests themselves live in `web_*` modules.

use assize_domain::access::Role;
use reqwest::StatusCode;
use scraper::{Html, Selector};

use crate::harness::{PASSWORD, Side, TestApp};

/// A person's browser: its own cookie jar, signed in through the sign-in form.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

/// A fetched page.
pub struct Page {
    pub status: StatusCode,
    pub url: String,
    pub html: Html,
    pub text: String,
}

impl Page {
    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<scraper::ElementRef<'_>> {
        let s = Selector::parse(selector).expect("a valid selector");
        self.html.select(&s).collect()
    }
    pub fn has(&self, selector: &str) -> bool {
        !self.all(selector).is_empty()
    }
    /// The text of the first element matching `selector` (empty if none).
    pub fn text_of(&self, selector: &str) -> String {
        self.all(selector)
            .first()
            .map(|e| e.text().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }
    /// The CSRF token the page's forms carry.
    pub fn csrf(&self) -> String {
        self.all("meta[name=csrf-token]")
            .first()
            .and_then(|m| m.value().attr("content"))
            .expect("a csrf token on the page")
            .to_string()
    }
}

impl TestApp {
    /// A browser with no one signed in.
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            client: crate::harness::http()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::limited(5))
                .build()
                .expect("client"),
        }
    }

    /// A browser signed in as the test user of `role` on `side`.
    pub async fn signed_in(&self, role: Role, side: Side) -> Browser {
        let b = self.browser();
        let username = format!(
            "{}.{}",
            role.as_str(),
            if side == Side::A { "a" } else { "b" }
        );
        let p = b
            .post_form(
                "/sign-in",
                &[("username", &username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::OK,
            "signed in as {username}: {}",
            p.text
        );
        assert!(p.has("[data-test=identity]"), "identity bar after sign-in");
        b
    }
}

impl Browser {
    async fn page(resp: reqwest::Response) -> Page {
        let status = resp.status();
        let url = resp.url().to_string();
        let text = resp.text().await.expect("body");
        Page {
            status,
            url,
            html: Html::parse_document(&text),
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        Self::page(r).await
    }

    /// Submit a form (urlencoded), following the redirect a successful POST answers with.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("request");
        Self::page(r).await
    }
}
