//! Delivery of notices to agencies (police, prisons, probation, ...) as signed webhooks.
//!
//! A hearing result that an agency must be told of becomes a *notice* in the store's outbox, in
//! the same transaction as the events that caused it; a dispatcher then POSTs each notice to the
//! recipient's endpoint with the pieces of this crate. The contract a recipient can rely on:
//!
//! * **At least once.** A notice is sent until the recipient answers 2xx. A crash between the
//!   recipient's 2xx and our record of it, a timeout after the recipient had in fact processed
//!   the request, or a retry after a dropped connection all mean the same notice may arrive
//!   **more than once**. It is never silently dropped: a permanent refusal (see
//!   [`client::Attempt`]) stops the automatic retries and leaves the notice for an operator.
//! * **The notice id is the idempotency key.** Every request carries `Assize-Notice-Id`; the
//!   body's `notice_id` is the same value. Recipients must dedupe on it: process a notice id once
//!   and answer 2xx again, without reprocessing, when it comes back.
//! * **Order per recipient by `seq`.** Each recipient's notices carry a `seq` that increases by
//!   one per notice for that recipient. Retries can reorder what arrives, so a recipient that
//!   needs order sorts (or holds back) by `seq`, not by arrival.
//! * **Authenticity.** Every request is signed with the recipient's own secret; see
//!   [`signature`] for the recipe to verify it, and the `Assize-Timestamp` window that bounds
//!   replays.
//!
//! Modules: [`signature`] (signing and verifying), [`client`] (the HTTP sender and how each
//! outcome is classified for retry), [`backoff`] (when to try again).
#![forbid(unsafe_code)]

pub mod backoff;
pub mod client;
pub mod signature;

pub use backoff::{Jitter, next_delay};
pub use client::{Attempt, Sender};
pub use signature::{SignatureError, sign, verify};

/// Whether this build can deliver to `https://` endpoints (the crate feature `https`).
pub const HTTPS_SUPPORTED: bool = cfg!(feature = "https");

/// Makes ring the process's rustls crypto provider, which every `reqwest::Client` of a build with
/// the `https` feature needs (reqwest is then built without a provider of its own). Call it at
/// the start of `main` and of any test that builds its own `reqwest::Client`; calling it again,
/// or after another provider was installed, does nothing. Without the feature it does nothing.
pub fn install_crypto_provider() {
    #[cfg(feature = "https")]
    {
        // An error only means a provider is already installed, which is what we want.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
