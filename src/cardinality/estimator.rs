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
pub(crate) fn ertl(hist: &[u32; 64], m: usize, q: usize) -> f64 {
    let mf = m as f64;
    let mut z = mf * tau(1.0 - f64::from(hist[q + 1]) / mf);
    for k in (1..=q).rev() {
        z = 0.5 * (z + f64::from(hist[k]));
    }
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
