//! Percentiles over latency samples.
//!
//! Samples are kept as whole microseconds in a plain `Vec` and sorted once at the end: a run
//! records at most a few hundred thousand samples, so sorting costs milliseconds and avoids a
//! histogram dependency whose bucketing would need explaining next to the figures.

use std::time::Duration;

use serde_json::{Map, Value, json};

/// Latency samples in microseconds.
#[derive(Debug, Default, Clone)]
pub struct Samples {
    micros: Vec<u64>,
}

impl Samples {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn record(&mut self, d: Duration) {
        self.micros
            .push(u64::try_from(d.as_micros()).unwrap_or(u64::MAX));
    }

    pub fn extend(&mut self, other: Samples) {
        self.micros.extend(other.micros);
    }

    pub fn len(&self) -> usize {
        self.micros.len()
    }

    /// The named quantiles in milliseconds (three decimals, i.e. microsecond precision), plus
    /// `max`. With no samples every figure is `null`, so an empty run cannot pass for a fast one.
    pub fn summary_ms(&self, quantiles: &[(&str, f64)]) -> Value {
        let mut sorted = self.micros.clone();
        sorted.sort_unstable();
        let mut out = Map::new();
        for (name, q) in quantiles {
            out.insert((*name).into(), ms(percentile(&sorted, *q)));
        }
        out.insert("max".into(), ms(sorted.last().copied()));
        Value::Object(out)
    }
}

/// p50, p90, p99, p99.9: the tail is the point of these measurements.
pub const FULL: &[(&str, f64)] = &[("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p999", 0.999)];
/// p50, p99, p99.9, for the insert references.
pub const INSERT: &[(&str, f64)] = &[("p50", 0.50), ("p99", 0.99), ("p999", 0.999)];
/// p50, p99, for the writer's own requests (a few hundred samples: p99.9 would be the max).
pub const SHORT: &[(&str, f64)] = &[("p50", 0.50), ("p99", 0.99)];

fn ms(micros: Option<u64>) -> Value {
    match micros {
        // Rounded to whole microseconds; u64 micros fit f64 exactly below 2^53 µs (285 years).
        Some(us) => json!((us as f64) / 1000.0),
        None => Value::Null,
    }
}

/// The nearest-rank percentile of an ascending slice: the smallest sample such that at least
/// `q` of all samples are at or below it. Nearest-rank never invents a value between two
/// samples, so every reported figure is a latency that was actually observed.
pub fn percentile(sorted: &[u64], q: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let q = q.clamp(0.0, 1.0);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_of_empty_is_none() {
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn percentile_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.5), Some(50));
        assert_eq!(percentile(&v, 0.9), Some(90));
        assert_eq!(percentile(&v, 0.99), Some(99));
        assert_eq!(percentile(&v, 0.999), Some(100));
        assert_eq!(percentile(&v, 1.0), Some(100));
        assert_eq!(percentile(&v, 0.0), Some(1));
    }

    #[test]
    fn percentile_small_sets() {
        assert_eq!(percentile(&[7], 0.5), Some(7));
        assert_eq!(percentile(&[7], 0.999), Some(7));
        assert_eq!(percentile(&[1, 2], 0.5), Some(1));
        assert_eq!(percentile(&[1, 2], 0.51), Some(2));
        let v: Vec<u64> = (1..=1000).collect();
        assert_eq!(percentile(&v, 0.999), Some(999));
    }

    #[test]
    fn summary_in_milliseconds() {
        let mut s = Samples::new();
        for us in [1500, 500, 2500] {
            s.record(Duration::from_micros(us));
        }
        let v = s.summary_ms(SHORT);
        assert_eq!(v["p50"], json!(1.5));
        assert_eq!(v["p99"], json!(2.5));
        assert_eq!(v["max"], json!(2.5));
        assert!(Samples::new().summary_ms(SHORT)["p50"].is_null());
    }
}
