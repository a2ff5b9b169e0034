//! When to try a notice again: capped exponential backoff with "full jitter".
//!
//! After the `attempt`-th failure (`attempt` = 0 for the first retry) the delay is drawn
//! uniformly between 0 and `min(cap, base * 2^attempt)`. This is the "full jitter" variant from the
//! AWS Architecture Blog's *Exponential Backoff And Jitter*: among the variants compared there it
//! does the least total work and spreads retries best, which matters here because a recipient
//! that was down comes back to a burst of queued notices from every court at once. Unlike
//! "decorrelated jitter" it needs no memory of the previous delay, so the dispatcher can compute
//! it from the attempt count stored with the notice alone, after a restart too.
//!
//! A delay may be close to zero; the dispatcher's poll interval is the practical floor. The
//! randomness is injected (`rng` returns a value in `[0, 1)`) so the function is pure and
//! testable; [`Jitter`] is a small generator for production use.

use std::time::Duration;

/// The delay before the next try after `attempt` failures so far (0-based: 0 → first retry).
/// `rng` must return a value in `[0, 1)`; values outside are clamped. The upper bound
/// `min(cap, base * 2^attempt)` never decreases with `attempt` and never exceeds `cap`.
pub fn next_delay(
    attempt: u32,
    base: Duration,
    cap: Duration,
    rng: &mut impl FnMut() -> f64,
) -> Duration {
    let r = rng();
    let r = if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.0
    };
    upper_bound(attempt, base, cap).mul_f64(r)
}

/// The upper bound of [`next_delay`]: `min(cap, base * 2^attempt)`, saturating.
pub fn upper_bound(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(cap)
}

/// A xorshift64* generator for jitter, seeded from the operating system (`getrandom`). Not for
/// anything secret: it only spreads retries out, and avoids a dependency on `rand` for that.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    /// Seeded from the OS; falls back to the clock if the OS source is unavailable.
    pub fn from_entropy() -> Jitter {
        let seed = getrandom::u64().unwrap_or_else(|_| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9E37_79B9_7F4A_7C15)
        });
        Jitter::from_seed(seed)
    }

    /// A fixed sequence, for tests. A zero seed (xorshift's fixed point) is replaced.
    pub fn from_seed(seed: u64) -> Jitter {
        Jitter(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next value, uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        // The top 53 bits make an f64 in [0, 1) exactly.
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(2);
    const CAP: Duration = Duration::from_secs(3600);

    #[test]
    fn bound_doubles_then_caps() {
        let bounds: Vec<u64> = (0..14)
            .map(|a| upper_bound(a, BASE, CAP).as_secs())
            .collect();
        assert_eq!(
            bounds,
            [
                2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600, 3600
            ]
        );
        assert_eq!(upper_bound(31, BASE, CAP), CAP);
        assert_eq!(upper_bound(32, BASE, CAP), CAP, "no overflow past 2^31");
        assert_eq!(upper_bound(u32::MAX, Duration::MAX, CAP), CAP);
    }

    #[test]
    fn upper_bound_is_monotone() {
        for attempt in 0..200 {
            assert!(upper_bound(attempt, BASE, CAP) <= upper_bound(attempt + 1, BASE, CAP));
        }
    }

    #[test]
    fn delay_is_the_bound_scaled_by_rng() {
        assert_eq!(next_delay(3, BASE, CAP, &mut || 0.0), Duration::ZERO);
        assert_eq!(
            next_delay(3, BASE, CAP, &mut || 0.5),
            Duration::from_secs(8)
        );
        assert_eq!(
            next_delay(3, BASE, CAP, &mut || 7.0),
            Duration::from_secs(16),
            "clamped"
        );
        assert_eq!(next_delay(3, BASE, CAP, &mut || f64::NAN), Duration::ZERO);
        assert_eq!(
            next_delay(50, BASE, CAP, &mut || 0.999_999),
            CAP.mul_f64(0.999_999)
        );
    }

    #[test]
    fn jittered_delays_stay_within_bounds_and_spread() {
        let mut jitter = Jitter::from_seed(42);
        for attempt in 0..40 {
            let bound = upper_bound(attempt, BASE, CAP);
            for _ in 0..200 {
                let d = next_delay(attempt, BASE, CAP, &mut || jitter.next_f64());
                assert!(d <= bound, "{d:?} <= {bound:?}");
            }
        }
        let samples: Vec<f64> = (0..10_000).map(|_| jitter.next_f64()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        assert!((0.45..0.55).contains(&mean), "mean {mean}");
        assert_ne!(
            Jitter::from_entropy().next_f64(),
            Jitter::from_entropy().next_f64()
        );
    }
}
