//! The webhook dispatcher: a background task that numbers the notices committed since its last
//! round (every recipient's: see `Store::number_notices`), then posts each webhook recipient's
//! pending notices to its endpoint, one at a time in sequence order, signed, retrying with
//! capped exponential backoff and full jitter, and parking a notice as a dead letter after the
//! recipient's `max_attempts` failures (then going on with the next).
//!
//! Why it cannot lose a notice: the notices are rows written with the results (the outbox), and
//! a row leaves `pending` only when an endpoint answered 2xx (or the feed acknowledged it). A
//! process killed mid-request leaves the notice pending and its lease on the recipient runs out;
//! whichever process runs next sends it again (at least once: recipients discard duplicates by
//! notice id). One worker per recipient, so an endpoint that hangs delays only its own notices.

use std::collections::HashMap;
use std::time::Duration;

use assize_delivery::{Attempt, Jitter, Sender, next_delay};
use assize_store::{AttemptOutcome, Delivery, Lease, Store};
use jiff::{SignedDuration, Timestamp};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::envelope::NoticeEnvelope;
use crate::config::DeliveryConfig;

/// The running dispatcher; [`Dispatcher::stop`] ends it.
pub struct Dispatcher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Dispatcher {
    /// Start delivering in the background.
    pub fn spawn(store: Store, cfg: DeliveryConfig) -> Result<Dispatcher, String> {
        let sender = Sender::with_request_timeout(cfg.request_timeout)
            .map_err(|e| format!("webhook client: {e}"))?;
        let (stop, stopped) = watch::channel(false);
        let owner = format!("{}/{}", std::process::id(), Uuid::now_v7());
        let task = tokio::spawn(run(store, cfg, sender, owner, stopped));
        Ok(Dispatcher { stop, task })
    }

    /// Stop: workers in the middle of a request are abandoned (their notices stay pending and
    /// are sent again by the next dispatcher: at least once).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// The context every worker shares.
#[derive(Clone)]
struct Ctx {
    store: Store,
    cfg: DeliveryConfig,
    sender: Sender,
    owner: String,
}

async fn run(
    store: Store,
    cfg: DeliveryConfig,
    sender: Sender,
    owner: String,
    mut stopped: watch::Receiver<bool>,
) {
    let ctx = Ctx {
        store,
        cfg,
        sender,
        owner,
    };
    let mut workers: HashMap<Uuid, JoinHandle<Option<Timestamp>>> = HashMap::new();
    // Recipients whose next notice is not due yet: not looked at again before then.
    let mut not_before: HashMap<Uuid, Timestamp> = HashMap::new();
    loop {
        let finished: Vec<Uuid> = workers
            .iter()
            .filter(|(_, h)| h.is_finished())
            .map(|(id, _)| *id)
            .collect();
        for id in finished {
            // Finished: awaiting it returns at once.
            if let Some(h) = workers.remove(&id)
                && let Ok(Some(due)) = h.await
            {
                not_before.insert(id, due);
            }
        }
        // Notices are numbered after their commit (migration 0011); this task does it for
        // every recipient, pull or webhook, woken by each commit that wrote notices (a feed
        // read numbers its own recipient's too, so pull readers never wait for this).
        if let Err(e) = ctx.store.number_notices().await {
            tracing::warn!(error = %e, "dispatcher: could not number notices");
        }
        let now = Timestamp::now();
        match ctx.store.recipients_with_pending().await {
            Ok(ids) => {
                for id in ids {
                    if workers.contains_key(&id) || not_before.get(&id).is_some_and(|t| *t > now) {
                        continue;
                    }
                    not_before.remove(&id);
                    workers.insert(id, tokio::spawn(work(ctx.clone(), id)));
                }
            }
            Err(e) => tracing::warn!(error = %e, "dispatcher: could not read pending recipients"),
        }
        tokio::select! {
            _ = ctx.store.notices_written() => not_before.clear(),
            _ = tokio::time::sleep(ctx.cfg.poll_interval) => {}
            _ = stopped.changed() => break,
        }
    }
    for (id, h) in workers {
        h.abort();
        let _ = ctx
            .store
            .release_recipient(&Lease {
                recipient_id: id,
                owner: ctx.owner.clone(),
            })
            .await;
    }
}

/// Deliver one recipient's due notices in order while holding its lease. Returns when its next
/// notice falls due, if it stopped because that one is not due yet.
async fn work(ctx: Ctx, recipient_id: Uuid) -> Option<Timestamp> {
    let lease = Lease {
        recipient_id,
        owner: ctx.owner.clone(),
    };
    let result = deliver_due(&ctx, &lease).await;
    if let Err(e) = ctx.store.release_recipient(&lease).await {
        tracing::warn!(error = %e, %recipient_id, "dispatcher: could not release lease");
    }
    match result {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, %recipient_id, "dispatcher: delivery interrupted");
            None
        }
    }
}

async fn deliver_due(
    ctx: &Ctx,
    lease: &Lease,
) -> Result<Option<Timestamp>, assize_store::StoreError> {
    // Renewed before each request and longer than any request can take (the request timeout
    // bounds connecting too), so a live holder never loses it mid-request; short enough that
    // after a crash another process resumes the recipient's deliveries soon.
    let hold = SignedDuration::try_from(ctx.cfg.request_timeout * 2 + Duration::from_secs(5))
        .unwrap_or(SignedDuration::from_secs(30));
    let mut jitter = Jitter::from_entropy();
    loop {
        let now = Timestamp::now();
        if !ctx.store.lease_recipient(lease, now, now + hold).await? {
            return Ok(None);
        }
        let Some(r) = ctx.store.recipient(lease.recipient_id).await? else {
            return Ok(None);
        };
        let (Delivery::Webhook, Some(url), Some(secret)) = (
            r.delivery,
            r.webhook_url.as_deref(),
            r.webhook_secret.as_deref(),
        ) else {
            return Ok(None);
        };
        let Some(n) = ctx.store.next_pending_notice(r.id).await? else {
            return Ok(None);
        };
        if let Some(due) = n.next_attempt_at
            && due > now
        {
            return Ok(Some(due));
        }
        let body = serde_json::to_vec(&NoticeEnvelope::try_from(&n)?)
            .map_err(|e| assize_store::StoreError::Corrupt(e.to_string()))?;
        let attempt = n.attempts + 1;
        let sent = ctx
            .sender
            .deliver(url, secret.as_bytes(), n.id, &body)
            .await;
        let at = Timestamp::now();
        // Failures since the notice was written or last replayed.
        let failures = attempt - n.attempts_base;
        let mut retry_at = |hint: Option<Duration>| {
            (failures < r.max_attempts).then(|| {
                let wait = next_delay(
                    (failures - 1).clamp(0, 30) as u32,
                    ctx.cfg.retry_base,
                    ctx.cfg.retry_cap,
                    &mut || jitter.next_f64(),
                )
                .max(hint.unwrap_or_default().min(ctx.cfg.retry_cap));
                at + SignedDuration::try_from(wait).unwrap_or(SignedDuration::ZERO)
            })
        };
        let outcome = match &sent {
            Attempt::Delivered { status } => AttemptOutcome::Delivered { status: *status },
            Attempt::Rejected {
                status,
                retry_after,
                ..
            } => AttemptOutcome::Rejected {
                status: *status,
                retry_at: retry_at(*retry_after),
            },
            Attempt::Failed { error } => AttemptOutcome::Failed {
                error: error.clone(),
                retry_at: retry_at(None),
            },
        };
        match &outcome {
            AttemptOutcome::Delivered { .. } => {
                tracing::info!(notice = %n.id, recipient = %r.id, seq = n.seq, attempt, "notice delivered")
            }
            AttemptOutcome::Rejected { retry_at: None, .. }
            | AttemptOutcome::Failed { retry_at: None, .. } => {
                tracing::warn!(notice = %n.id, recipient = %r.id, seq = n.seq, attempt, ?sent, "notice parked as a dead letter")
            }
            _ => {
                tracing::info!(notice = %n.id, recipient = %r.id, seq = n.seq, attempt, ?sent, "notice delivery failed; will retry")
            }
        }
        ctx.store
            .record_attempt(n.id, attempt, at, &outcome)
            .await?;
    }
}
