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
        }
    }
}

/// Today's date on the court calendar (Europe/London), whatever the server's time zone.
pub fn court_today() -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}
