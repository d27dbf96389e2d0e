//! Ertl's improved estimator (2017) for dense registers and linear counting
//! over the 2^26 coupon slots for the sparse representation.

/// `1 / (2 ln 2)`, the asymptotic HyperLogLog constant.
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;

/// The relative standard error of a dense estimate at `m` registers.
pub(crate) fn dense_rse(m: usize) -> f64 {
    1.04 / (m as f64).sqrt()
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let prev = z;
        z += x * y;
        y += y;
        if z == prev {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = x.sqrt();
        let prev = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
        if z == prev {
            return z / 3.0;
        }
    }
}

/// A register's share of the fixed-point weight `sum_j 2^(64 - r_j)` (exact
/// in a `u128`: at most 2^21 registers of at most 2^64 each).
#[inline(always)]
pub(crate) fn weight_of(value: u8) -> u128 {
    1u128 << (64 - u32::from(value & 63))
}

/// The fixed-point weight of a whole histogram.
pub(crate) fn weight_of_histogram(hist: &[u32; 64]) -> u128 {
    (0u8..64)
        .map(|k| u128::from(hist[usize::from(k)]) * weight_of(k))
        .sum()
}

/// Ertl's improved raw estimator from the register-value histogram:
/// `hist[k]` registers hold value `k`, for `k` in `0..=q + 1`. No bias
/// correction table is needed from zero to beyond 2^(q + p).
///
/// When every register is saturated (`hist[q + 1] == m`) the
/// maximum-likelihood estimate is unbounded and this returns
/// `f64::INFINITY`; that takes about 2^(p + q) distinct items.
#[cfg(test)]
pub(crate) fn ertl(hist: &[u32; 64], m: usize, q: usize) -> f64 {
    ertl_weighted(hist, weight_of_histogram(hist), m, q)
}

/// [`ertl`] given the histogram's fixed-point weight (see [`weight_of`]),
/// which the dense representation keeps current as registers change, so
/// that an estimate costs O(1) rather than O(q).
pub(crate) fn ertl_weighted(hist: &[u32; 64], weight: u128, m: usize, q: usize) -> f64 {
    let mf = m as f64;
    // Ertl's Horner loop z = (z + hist[k]) / 2 for k = q..=1 expands to
    // z0 2^-q + sum_{k=1..q} hist[k] 2^-k. That sum is the weight without
    // the registers at 0 and at q + 1, exact in fixed point, rounded once.
    let outside =
        u128::from(hist[0]) * weight_of(0) + u128::from(hist[q + 1]) * weight_of(q as u8 + 1);
    let inner = fixed_point_to_f64(weight.saturating_sub(outside));
    let z0 = mf * tau(1.0 - f64::from(hist[q + 1]) / mf);
    let mut z = z0 * two_to_the_minus(q) + inner;
    z += mf * sigma(f64::from(hist[0]) / mf);
    ALPHA_INF * mf * mf / z
}

/// `x / 2^64` for a 64.64 fixed-point `x`, from two cheap `u64`
/// conversions rather than a software `u128` one.
#[inline]
fn fixed_point_to_f64(x: u128) -> f64 {
    const TWO_TO_MINUS_64: f64 = 1.0 / 18_446_744_073_709_551_616.0;
    (x >> 64) as u64 as f64 + (x as u64) as f64 * TWO_TO_MINUS_64
}

/// `2^-k` for `k` in `0..=1022`, exactly, without a `powi` call.
#[inline]
fn two_to_the_minus(k: usize) -> f64 {
    debug_assert!(k < 1023);
    f64::from_bits((1023 - k as u64) << 52)
}

/// Linear counting over `space` equally likely slots of which `occupied`
/// are taken: the maximum-likelihood number of distinct items.
pub(crate) fn linear_counting(occupied: usize, space: f64) -> f64 {
    let occupied = occupied as f64;
    if occupied >= space {
        return space * space.ln();
    }
    -space * (-occupied / space).ln_1p()
}

/// The standard error of linear counting at `n` items over `space` slots.
pub(crate) fn linear_counting_se(n: f64, space: f64) -> f64 {
    let t = n / space;
    (space * (t.exp() - t - 1.0)).max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ertl's published form: a Horner loop from `k = q` down to 1.
    fn ertl_horner(hist: &[u32; 64], m: usize, q: usize) -> f64 {
        let mf = m as f64;
        let mut z = mf * tau(1.0 - f64::from(hist[q + 1]) / mf);
        for k in (1..=q).rev() {
            z = 0.5 * (z + f64::from(hist[k]));
        }
        z += mf * sigma(f64::from(hist[0]) / mf);
        ALPHA_INF * mf * mf / z
    }

    #[test]
    fn the_unrolled_sum_equals_ertls_horner_loop() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for &(p, q) in &[(4usize, 38usize), (12, 38), (18, 38), (12, 52), (4, 60)] {
            let m = 1usize << p;
            for trial in 0..200 {
                let mut hist = [0u32; 64];
                for _ in 0..m {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Skew towards small values as real registers are, with
                    // the occasional zero and saturated register.
                    let v = ((state >> 33) % (q as u64 + 2)) as usize;
                    let v = if trial % 2 == 0 {
                        v.min(trial % (q + 2))
                    } else {
                        v
                    };
                    hist[v] += 1;
                }
                let fast = ertl(&hist, m, q);
                let slow = ertl_horner(&hist, m, q);
                assert!(
                    (fast - slow).abs() <= 1e-12 * slow.abs(),
                    "p={p} q={q}: {fast} vs {slow}"
                );
            }
        }
    }

    #[test]
    fn fixed_point_and_power_helpers_are_exact() {
        for k in 0..100 {
            assert_eq!(two_to_the_minus(k), 0.5f64.powi(k as i32));
        }
        for x in [
            0u128,
            1,
            3 << 64,
            (1 << 82) - 1,
            12_345_678_901_234_567_890_123,
        ] {
            let want = x as f64 / 18_446_744_073_709_551_616.0;
            assert!((fixed_point_to_f64(x) - want).abs() <= want * 2.0 * f64::EPSILON);
        }
    }

    #[test]
    fn all_registers_saturated_is_an_infinite_estimate() {
        let mut hist = [0u32; 64];
        hist[39] = 16;
        assert_eq!(ertl(&hist, 16, 38), f64::INFINITY);
    }

    #[test]
    fn all_registers_zero_is_zero() {
        let mut hist = [0u32; 64];
        hist[0] = 4096;
        assert_eq!(ertl(&hist, 4096, 38), 0.0);
    }
}
