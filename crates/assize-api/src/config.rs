//! Run-time settings of the HTTP layer, with the defaults a court deployment expects.

use jiff::SignedDuration;

#[derive(Debug, Clone)]
pub struct Config {
    /// A session unused for this long ends (the idle timeout).
    pub session_idle: SignedDuration,
    /// A session ends this long after sign-in whatever happens (the absolute timeout).
    pub session_absolute: SignedDuration,
    /// Mark the session cookie `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
    /// The built web assets served at `/assets` (see `scripts/assets.sh`).
    pub assets_dir: std::path::PathBuf,
    /// Delivery of notices of results.
    pub delivery: DeliveryConfig,
}

/// How notices are delivered and watched.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// A notice undelivered for longer than this raises the alert (admin page and `/metrics`).
    pub alert_after: SignedDuration,
    /// Webhook retries: the first waits up to `retry_base`, each next one up to twice as long,
    /// never more than `retry_cap` (full jitter).
    pub retry_base: std::time::Duration,
    pub retry_cap: std::time::Duration,
    /// How long a webhook endpoint may take to answer.
    pub request_timeout: std::time::Duration,
    /// How often the dispatcher looks for due notices written by other processes (notices
    /// written by this process wake it at once).
    pub poll_interval: std::time::Duration,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            alert_after: SignedDuration::from_mins(15),
            retry_base: std::time::Duration::from_secs(5),
            retry_cap: std::time::Duration::from_secs(30 * 60),
            request_timeout: std::time::Duration::from_secs(10),
            poll_interval: std::time::Duration::from_secs(1),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            session_idle: SignedDuration::from_mins(30),
            session_absolute: SignedDuration::from_hours(12),
            secure_cookies: false,
            body_limit_bytes: 1024 * 1024,
            assets_dir: std::path::PathBuf::from(
                std::env::var("ASSIZE_ASSETS_DIR").unwrap_or_else(|_| "target/web-assets".into()),
            ),
            delivery: DeliveryConfig::default(),
        }
    }
}

/// Today's date on the court calendar (Europe/London), whatever the server's time zone.
pub fn court_today() -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}
