//! Choosing the bands of an LSH index from its threshold.
//!
//! Two sets of Jaccard similarity `s` share all `r` values of one band with
//! probability `s^r`, and at least one of `b` bands with
//! `P(s) = 1 - (1 - s^r)^b`, an S-curve that rises steeply near
//! `(1/b)^(1/r)`. For a threshold `t`, the false-positive area is
//! `∫_0^t P(s) ds` and the false-negative area `∫_t^1 (1 - P(s)) ds`;
//! [`choose`] picks the banding with the smallest sum.

/// Midpoint-rule steps per unit interval of the integrals.
const STEPS: usize = 256;

/// The probability that two sets of similarity `s` share at least one of
/// `bands` bands of `rows` values.
pub(crate) fn collision_probability(s: f64, bands: usize, rows: usize) -> f64 {
    let s = s.clamp(0.0, 1.0);
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

/// `∫_lo^hi f`, midpoint rule with steps in proportion to the width.
fn integrate(lo: f64, hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    let n = ((hi - lo) * STEPS as f64).ceil().max(1.0) as usize;
    let h = (hi - lo) / n as f64;
    (0..n).map(|i| f(lo + (i as f64 + 0.5) * h)).sum::<f64>() * h
}

/// The false-positive plus false-negative area of a banding at threshold
/// `t`.
pub(crate) fn error_area(t: f64, bands: usize, rows: usize) -> f64 {
    let fp = integrate(0.0, t, |s| collision_probability(s, bands, rows));
    let fnr = integrate(t, 1.0, |s| 1.0 - collision_probability(s, bands, rows));
    fp + fnr
}

/// The `(bands, rows)` with `bands = k / rows` (so `bands * rows <= k`,
/// equal when `rows` divides `k`) whose error area at threshold `t` is the
/// smallest.
pub(crate) fn choose(k: usize, t: f64) -> (usize, usize) {
    let mut best = (k, 1);
    let mut best_area = f64::INFINITY;
    for rows in 1..=k {
        let bands = k / rows;
        let area = error_area(t, bands, rows);
        if area < best_area {
            best_area = area;
            best = (bands, rows);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_curve_rises_near_the_threshold() {
        for t in [0.3, 0.5, 0.7, 0.9] {
            let (b, r) = choose(128, t);
            assert!(b * r <= 128);
            let knee = (1.0 / b as f64).powf(1.0 / r as f64);
            assert!((knee - t).abs() < 0.12, "t {t}: b {b} r {r} knee {knee}");
        }
    }

    #[test]
    fn the_probability_is_zero_at_zero_and_one_at_one() {
        assert_eq!(collision_probability(0.0, 16, 8), 0.0);
        assert_eq!(collision_probability(1.0, 16, 8), 1.0);
    }
}
