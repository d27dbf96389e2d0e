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

/// Ertl's improved raw estimator from the register-value histogram:
/// `hist[k]` registers hold value `k`, for `k` in `0..=q + 1`. No bias
/// correction table is needed from zero to beyond 2^(q + p).
///
/// When every register is saturated (`hist[q + 1] == m`) the
/// maximum-likelihood estimate is unbounded and this returns
/// `f64::INFINITY`; that takes about 2^(p + q) distinct items.
pub(crate) fn ertl(hist: &[u32; 64], m: usize, q: usize) -> f64 {
    let mf = m as f64;
    // Ertl's Horner loop z = (z + hist[k]) / 2 for k = q..=1 expands to
    // z0 2^-q + sum_k hist[k] 2^-k. The terms are independent, so four
    // accumulators let them pipeline; each product is exact.
    let mut acc = [0.0f64; 4];
    let mut w = 0.5f64; // 2^-k for the first term of the chunk
    let mut chunks = hist[1..=q].chunks_exact(4);
    for c in &mut chunks {
        acc[0] += f64::from(c[0]) * w;
        acc[1] += f64::from(c[1]) * (w * 0.5);
        acc[2] += f64::from(c[2]) * (w * 0.25);
        acc[3] += f64::from(c[3]) * (w * 0.125);
        w *= 0.0625;
    }
    for &h in chunks.remainder() {
        acc[0] += f64::from(h) * w;
        w *= 0.5;
    }
    let z0 = mf * tau(1.0 - f64::from(hist[q + 1]) / mf);
    let two_to_minus_q = 0.5f64.powi(q as i32);
    let mut z = z0 * two_to_minus_q + ((acc[0] + acc[1]) + (acc[2] + acc[3]));
    z += mf * sigma(f64::from(hist[0]) / mf);
    ALPHA_INF * mf * mf / z
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
