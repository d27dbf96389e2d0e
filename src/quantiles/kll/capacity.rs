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
