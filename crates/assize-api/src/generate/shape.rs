//! The shape of the national data set: how many defendants, offences and hearings a case has,
//! which offences are charged and which way a case goes. Pure and deterministic: every draw comes
//! from a per-case generator seeded by (seed, case number), so a case is the same whatever order
//! or concurrency the cases are written in.
//!
//! `shared/refdata` has no frequencies (of offence codes, defendants per case, outcomes), so the
//! figures below are stated assumptions, chosen to resemble the published Criminal Justice
//! Statistics in outline (most prosecutions summary, most cases one defendant and one or two
//! offences, a long thin tail), not measurements. docs/performance.md repeats them.

use std::sync::OnceLock;

use assize_domain::refdata::{ModeOfTrial, RefData};

/// SplitMix64: small, fast, and good enough for synthetic data (not for anything secret).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator of case `n` under `seed`: independent streams per case.
    pub fn for_case(seed: u64, n: u64) -> Rng {
        let mut r = Rng(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    /// Index drawn from a table of (weight, value) rows.
    pub fn weighted<T: Copy>(&mut self, table: &[(u64, T)]) -> T {
        let total: u64 = table.iter().map(|(w, _)| w).sum();
        let mut x = self.below(total);
        for (w, v) in table {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        table[table.len() - 1].1
    }
    /// Zipf-like rank in `0..n`: rank k drawn with weight 1/(k+1), by inverting the harmonic
    /// integral (close enough for synthetic frequencies, and O(1)).
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let k = ((n as f64 + 1.0).powf(u) - 1.0).floor() as usize;
        k.min(n.saturating_sub(1))
    }
}

/// Assumption: 86% of cases have one defendant, a tail to 12.
pub const DEFENDANTS: &[(u64, usize)] = &[
    (860, 1),
    (90, 2),
    (30, 3),
    (10, 4),
    (5, 5),
    (2, 6),
    (1, 8),
    (1, 10),
    (1, 12),
];

/// Assumption: most defendants face one or two offences, a tail to 50 (fraud and drugs cases).
pub const OFFENCES: &[(u64, usize)] = &[
    (600, 1),
    (220, 2),
    (80, 3),
    (40, 4),
    (25, 5),
    (15, 8),
    (10, 12),
    (6, 20),
    (3, 35),
    (1, 50),
];

/// The kind of case, which decides its offences and its way through the courts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    SummaryMotoring,
    SummaryOther,
    EitherWay,
    Indictable,
}

/// Assumption: the split of prosecutions in the magistrates' courts (summary motoring and other
/// summary offences are the bulk; indictable-only offences are a few per cent).
pub const CLASSES: &[(u64, Class)] = &[
    (40, Class::SummaryMotoring),
    (30, Class::SummaryOther),
    (25, Class::EitherWay),
    (5, Class::Indictable),
];

/// High-volume offences put at the head of each class's frequency order (real CJS codes; any
/// missing from the reference data are skipped). The rest of the class follows in a fixed
/// pseudo-random order, Zipf-distributed, so thousands of codes appear, rarely.
const HEADS: &[(Class, &[&str])] = &[
    (
        Class::SummaryMotoring,
        &[
            "RR84213", "RA88001", "RT88007", "RT88333", "RT88576", "RT88339",
        ],
    ),
    (Class::SummaryOther, &["CJ88116", "CJ91011"]),
    (
        Class::EitherWay,
        &[
            "TH68010", "MD71210", "MD71220", "TH68026", "TH68027", "TH68073", "FA06001", "CJ88144",
            "OF61131", "TH68001", "TH68003", "MD71230",
        ],
    ),
    (
        Class::Indictable,
        &["TH68023", "OF61016", "SX03002", "COML025"],
    ),
];

/// Share of draws (in per cent) that come from the head list rather than the Zipf tail.
const HEAD_SHARE: u64 = 75;

struct Pool {
    head: Vec<&'static str>,
    tail: Vec<&'static str>,
}

fn is_motoring(code: &str) -> bool {
    ["RT", "RR", "RA", "RV"].iter().any(|p| code.starts_with(p))
}

fn class_of(code: &str, mode: ModeOfTrial) -> Option<Class> {
    match mode {
        ModeOfTrial::SummaryOnly if is_motoring(code) => Some(Class::SummaryMotoring),
        ModeOfTrial::SummaryOnly => Some(Class::SummaryOther),
        ModeOfTrial::EitherWay => Some(Class::EitherWay),
        ModeOfTrial::IndictableOnly => Some(Class::Indictable),
        ModeOfTrial::NotCriminal => None,
    }
}

fn pools() -> &'static [(Class, Pool)] {
    static POOLS: OnceLock<Vec<(Class, Pool)>> = OnceLock::new();
    POOLS.get_or_init(|| {
        let refdata = RefData::global();
        HEADS
            .iter()
            .map(|(class, head)| {
                let head: Vec<&'static str> =
                    head.iter()
                        .copied()
                        .filter(|c| {
                            refdata.offences().iter().any(|o| {
                                o.code == *c && class_of(c, o.mode_of_trial) == Some(*class)
                            })
                        })
                        .collect();
                let mut tail: Vec<&'static str> = refdata
                    .offences()
                    .iter()
                    .filter(|o| class_of(&o.code, o.mode_of_trial) == Some(*class))
                    .map(|o| o.code.as_str())
                    .filter(|c| !head.contains(c))
                    .collect();
                // A fixed order that is not alphabetical (so frequency does not follow the code).
                tail.sort_by_key(|c| fnv(c));
                (*class, Pool { head, tail })
            })
            .collect()
    })
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One offence code of `class`.
pub fn offence_code(rng: &mut Rng, class: Class) -> &'static str {
    let (_, pool) = pools()
        .iter()
        .find(|(c, _)| *c == class)
        .expect("every class has a pool");
    if !pool.head.is_empty() && (pool.tail.is_empty() || rng.chance(HEAD_SHARE)) {
        pool.head[rng.zipf(pool.head.len())]
    } else {
        pool.tail[rng.zipf(pool.tail.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_draws_the_same_whatever_else_was_drawn() {
        let a: Vec<u64> = (0..5).map(|_| Rng::for_case(7, 42).next()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::for_case(7, 42).next(), Rng::for_case(7, 43).next());
        assert_ne!(Rng::for_case(7, 42).next(), Rng::for_case(8, 42).next());
    }

    #[test]
    fn zipf_stays_in_range_and_favours_the_head() {
        let mut rng = Rng::for_case(1, 1);
        let mut counts = [0u32; 100];
        for _ in 0..100_000 {
            counts[rng.zipf(100)] += 1;
        }
        assert!(counts[0] > counts[10] && counts[10] > counts[90]);
        assert!(
            counts.iter().all(|c| *c > 0),
            "every rank appears: {counts:?}"
        );
    }

    #[test]
    fn every_class_draws_real_codes_of_its_mode() {
        let refdata = RefData::global();
        let mut rng = Rng::for_case(3, 9);
        for (_, class) in CLASSES {
            let mut seen = std::collections::HashSet::new();
            for _ in 0..2_000 {
                let code = offence_code(&mut rng, *class);
                let o = refdata
                    .offences()
                    .iter()
                    .find(|o| o.code == code)
                    .expect("a real code");
                assert_eq!(class_of(&o.code, o.mode_of_trial), Some(*class));
                seen.insert(code);
            }
            assert!(seen.len() > 20, "{class:?} draws a spread of codes");
        }
    }

    #[test]
    fn weighted_tables_give_every_row() {
        let mut rng = Rng::for_case(5, 5);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200_000 {
            seen.insert(rng.weighted(DEFENDANTS));
        }
        assert_eq!(seen.len(), DEFENDANTS.len());
    }
}
