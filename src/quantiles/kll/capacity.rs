//! Compactor capacities, DataSketches' rule: the level at depth `d` (the
//! top level has depth 0) holds `max(m, round(k * (2/3)^d))` items, with the
//! rounding DataSketches computes in integers.

/// The minimum level width `m` of every DataSketches KLL sketch.
pub(crate) const MIN_WIDTH: u32 = 8;

/// The most levels a sketch can have (depths 0..=60).
pub(crate) const MAX_LEVELS: usize = 61;

const POWERS_OF_THREE: [u64; 31] = {
    let mut p = [1u64; 31];
    let mut i = 1;
    while i < 31 {
        p[i] = p[i - 1] * 3;
        i += 1;
    }
    p
};

/// `round(k * (2/3)^depth)` for `depth <= 30`, as `(2k * 2^d / 3^d + 1) / 2`.
fn shallow(k: u64, depth: usize) -> u64 {
    (((2 * k) << depth) / POWERS_OF_THREE[depth] + 1) >> 1
}

/// The capacity at `depth` before the minimum width applies. Beyond depth
/// 30, `k * (2/3)^depth` is below 0.25 for every `k < 2^16` (DataSketches
/// rounds in two steps there and also gets 0), so the minimum width rules.
fn at_depth(k: u16, depth: usize) -> u32 {
    if depth > 30 {
        return 0;
    }
    shallow(u64::from(k), depth) as u32
}

/// The capacity of `level` (0 = bottom) in a sketch of `num_levels` levels.
pub(crate) fn level_capacity(k: u16, num_levels: usize, level: usize) -> u32 {
    at_depth(k, num_levels - level - 1).max(MIN_WIDTH)
}

/// The sum of the level capacities of a sketch of `num_levels` levels.
pub(crate) fn total_capacity(k: u16, num_levels: usize) -> u32 {
    (0..num_levels)
        .map(|level| level_capacity(k, num_levels, level))
        .sum()
}

/// DataSketches' normalized rank error for `k`: single-sided, or
/// double-sided for PMF queries (an empirical fit at 99% confidence).
pub(crate) fn normalized_rank_error(k: u16, pmf: bool) -> f64 {
    let k = f64::from(k);
    if pmf {
        2.446 / k.powf(0.9433)
    } else {
        2.296 / k.powf(0.9723)
    }
}

/// The level capacities of one `k` by depth, each computed (a division)
/// once: the compactor asks for them on every compaction.
#[derive(Clone, Debug)]
pub(crate) struct Capacities {
    k: u16,
    by_depth: Vec<u32>,
    /// `totals[l]`: the capacity of a sketch of `l` levels (the sum of
    /// the first `l` depths).
    totals: Vec<u32>,
}

impl Capacities {
    /// The table for `k`, with the depths of a sketch of `levels` levels.
    pub(crate) fn new(k: u16, levels: usize) -> Capacities {
        let mut c = Capacities {
            k,
            by_depth: Vec::new(),
            totals: vec![0],
        };
        c.reserve(levels);
        c
    }

    /// Computes the depths below `levels` not computed yet.
    pub(crate) fn reserve(&mut self, levels: usize) {
        while self.by_depth.len() < levels {
            let d = self.by_depth.len();
            let c = at_depth(self.k, d).max(MIN_WIDTH);
            self.by_depth.push(c);
            self.totals.push(self.totals[d] + c);
        }
    }

    /// [`level_capacity`], from the table when the depth is in it.
    #[inline]
    pub(crate) fn level(&self, num_levels: usize, level: usize) -> u32 {
        let depth = num_levels - level - 1;
        match self.by_depth.get(depth) {
            Some(&c) => c,
            None => level_capacity(self.k, num_levels, level),
        }
    }

    /// [`total_capacity`], from the table.
    #[inline]
    pub(crate) fn total(&self, num_levels: usize) -> u32 {
        match self.totals.get(num_levels) {
            Some(&t) => t,
            None => total_capacity(self.k, num_levels),
        }
    }
}
