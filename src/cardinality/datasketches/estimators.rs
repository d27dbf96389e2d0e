//! DataSketches' HLL estimators and bounds, computed with the same formulas,
//! tables and order of floating-point operations as DataSketches (Java
//! `HllEstimators`, `CubicInterpolation`, `HarmonicNumbers`,
//! `BaseHllSketch.getRelErr`; C++ `HllArray`, `CubicInterpolation`,
//! `HarmonicNumbers`, `HllUtil`), so that the answers are DataSketches' to
//! the last bit:
//!
//! - LIST and SET: the coupon count through an interpolation table;
//! - HLL mode, in order: the HIP accumulator (kept by the registers);
//! - HLL mode, out of order (a union result): the *composite* estimator,
//!   Flajolet's raw estimate from `kxq0 + kxq1` corrected through an
//!   empirical table, or, for small counts, a bitmap estimate from the
//!   number of zero registers.

use super::tables::{
    COUPON_X, COUPON_Y, HIP_LB, HIP_UB, NON_HIP_LB, NON_HIP_UB, X_ARRS, Y_STRIDES,
};

/// The four-point Lagrange form through `(x0, y0) .. (x3, y3)` at `x`,
/// term by term as DataSketches evaluates it.
fn cubic(xs: [f64; 4], ys: [f64; 4], x: f64) -> f64 {
    let [x0, x1, x2, x3] = xs;
    let term = |y: f64, xi: f64, [a, b, c]: [f64; 3]| {
        (y * ((x - a) * (x - b) * (x - c))) / ((xi - a) * (xi - b) * (xi - c))
    };
    term(ys[0], x0, [x1, x2, x3])
        + term(ys[1], x1, [x0, x2, x3])
        + term(ys[2], x2, [x0, x1, x3])
        + term(ys[3], x3, [x0, x1, x2])
}

/// Interpolates `y(x)` through the nodes `xs` (increasing) and `y(i)` as
/// DataSketches does: the four nodes around the interval holding `x` (the
/// first or last four at the ends). `x` must lie in `[xs[0], xs[last]]`.
fn interpolate(xs: &[f64], y: impl Fn(usize) -> f64, x: f64) -> f64 {
    let last = xs.len() - 1;
    if x == xs[last] {
        return y(last);
    }
    // The largest i with xs[i] <= x (DataSketches' straddle search).
    let straddle = xs.partition_point(|&v| v <= x).saturating_sub(1);
    let first = match straddle {
        0 => 0,
        s if s == last - 1 => s - 2,
        s => s - 1,
    };
    let node = |i: usize| xs[first + i];
    cubic(
        [node(0), node(1), node(2), node(3)],
        [y(first), y(first + 1), y(first + 2), y(first + 3)],
        x,
    )
}

/// The interpolated number of distinct items behind `count` distinct
/// coupons (LIST and SET mode), before the floor at `count`.
fn coupon_interpolation(count: u32) -> f64 {
    let x = f64::from(count);
    if x > COUPON_X[COUPON_X.len() - 1] {
        return x; // beyond any table of 2^26 slots; a SET holds far fewer
    }
    interpolate(&COUPON_X, |i| COUPON_Y[i], x)
}

/// The estimate for `count` distinct coupons: the interpolation, at least
/// `count`.
pub(super) fn coupon_estimate(count: u32) -> f64 {
    coupon_interpolation(count).max(f64::from(count))
}

/// DataSketches' relative standard error of a coupon-mode estimate.
const COUPON_RSE: f64 = 0.409 / (1u32 << 13) as f64;

/// `(lower, upper)` bounds of a coupon-mode estimate at `sd` standard
/// deviations (1..=3).
pub(super) fn coupon_bounds(count: u32, sd: u8) -> (f64, f64) {
    let est = coupon_interpolation(count);
    let c = f64::from(count);
    let lower = (est / (1.0 + f64::from(sd) * COUPON_RSE)).max(c);
    let upper = (est / (1.0 - f64::from(sd) * COUPON_RSE)).max(c);
    (lower, upper)
}

/// Flajolet et al.'s raw estimate from `kxq = kxq0 + kxq1`, with
/// DataSketches' correction factors.
fn raw_estimate(lg_k: u8, kxq: f64) -> f64 {
    let k = f64::from(1u32 << lg_k);
    let factor = match lg_k {
        4 => 0.673,
        5 => 0.697,
        6 => 0.709,
        _ => 0.7213 / (1.0 + (1.079 / k)),
    };
    (factor * k * k) / kxq
}

/// The harmonic number `H(n)`: exact below 25, else its asymptotic series.
fn harmonic(n: u32) -> f64 {
    const EXACT: [(f64, f64); 25] = [
        (0.0, 1.0),
        (1.0, 1.0),
        (3.0, 2.0),
        (11.0, 6.0),
        (25.0, 12.0),
        (137.0, 60.0),
        (49.0, 20.0),
        (363.0, 140.0),
        (761.0, 280.0),
        (7129.0, 2520.0),
        (7381.0, 2520.0),
        (83711.0, 27720.0),
        (86021.0, 27720.0),
        (1145993.0, 360360.0),
        (1171733.0, 360360.0),
        (1195757.0, 360360.0),
        (2436559.0, 720720.0),
        (42142223.0, 12252240.0),
        (14274301.0, 4084080.0),
        (275295799.0, 77597520.0),
        (55835135.0, 15519504.0),
        (18858053.0, 5173168.0),
        (19093197.0, 5173168.0),
        (444316699.0, 118982864.0),
        (1347822955.0, 356948592.0),
    ];
    #[allow(clippy::excessive_precision)]
    const EULER_MASCHERONI: f64 = 0.577215664901532860606512090082;
    if let Some(&(num, den)) = EXACT.get(n as usize) {
        return num / den;
    }
    let x = f64::from(n);
    let inv_sq = 1.0 / (x * x);
    let mut sum = x.ln() + EULER_MASCHERONI + (1.0 / (2.0 * x));
    let mut pow = inv_sq;
    sum -= pow * (1.0 / 12.0);
    pow *= inv_sq;
    sum += pow * (1.0 / 120.0);
    pow *= inv_sq;
    sum -= pow * (1.0 / 252.0);
    pow *= inv_sq;
    sum += pow * (1.0 / 240.0);
    sum
}

/// The bitmap (coupon collector) estimate from the zero registers, known
/// only while `cur_min` is 0 (`num_at_cur_min` then counts the zeros).
fn bitmap_estimate(lg_k: u8, cur_min: u8, num_at_cur_min: u32) -> f64 {
    let k = 1u32 << lg_k;
    let unhit = if cur_min == 0 {
        num_at_cur_min.min(k)
    } else {
        0
    };
    if unhit == 0 {
        return f64::from(k) * (f64::from(k) / 0.5).ln();
    }
    f64::from(k) * (harmonic(k) - harmonic(unhit))
}

/// DataSketches' composite (non-HIP) estimate of HLL-mode registers from
/// `kxq = kxq0 + kxq1`, `curMin` and `numAtCurMin`.
pub(super) fn composite(lg_k: u8, kxq: f64, cur_min: u8, num_at_cur_min: u32) -> f64 {
    let row = usize::from(lg_k - 4);
    let (xs, y_stride) = (&X_ARRS[row], f64::from(Y_STRIDES[row]));
    let raw = raw_estimate(lg_k, kxq);
    let last = xs.len() - 1;
    if raw < xs[0] {
        return 0.0;
    }
    if raw > xs[last] {
        let factor = (y_stride * last as f64) / xs[last];
        return raw * factor;
    }
    let adjusted = interpolate(xs, |i| y_stride * i as f64, raw);
    let k = 1u32 << lg_k;
    if adjusted > f64::from(3 * k) {
        return adjusted;
    }
    let linear = bitmap_estimate(lg_k, cur_min, num_at_cur_min);
    let average = (adjusted + linear) / 2.0;
    let cross_over = match lg_k {
        4 => 0.718,
        5 => 0.672,
        _ => 0.64,
    };
    if average > cross_over * f64::from(k) {
        adjusted
    } else {
        linear
    }
}

/// The relative error of an HLL-mode bound at `sd` (1..=3) standard
/// deviations: tabulated up to lgK 12, `sd * factor / sqrt(k)` above, with
/// HIP's factor `sqrt(ln 2)` or the composite's `sqrt(3 ln 2 - 1)`.
fn relative_error(upper: bool, out_of_order: bool, lg_k: u8, sd: u8) -> f64 {
    if lg_k > 12 {
        let ln2 = std::f64::consts::LN_2;
        let factor = if out_of_order {
            ((3.0 * ln2) - 1.0).sqrt()
        } else {
            ln2.sqrt()
        };
        return (f64::from(sd) * factor) / f64::from(1u32 << lg_k).sqrt();
    }
    let i = 3 * usize::from(lg_k - 4) + usize::from(sd - 1);
    let table = match (out_of_order, upper) {
        (false, false) => &HIP_LB,
        (false, true) => &HIP_UB,
        (true, false) => &NON_HIP_LB,
        (true, true) => &NON_HIP_UB,
    };
    table[i].abs()
}

/// `(lower, upper)` bounds of an HLL-mode `estimate` at `sd` (1..=3)
/// standard deviations. The lower bound is at least the number of
/// registers known to be set.
pub(super) fn hll_bounds(
    lg_k: u8,
    estimate: f64,
    out_of_order: bool,
    cur_min: u8,
    num_at_cur_min: u32,
    sd: u8,
) -> (f64, f64) {
    let k = 1u32 << lg_k;
    let non_zeros = if cur_min == 0 {
        k.saturating_sub(num_at_cur_min)
    } else {
        k
    };
    let lo = relative_error(false, out_of_order, lg_k, sd);
    let hi = relative_error(true, out_of_order, lg_k, sd);
    let lower = (estimate / (1.0 + lo)).max(f64::from(non_zeros));
    let upper = estimate / (1.0 - hi);
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interpolation_tables_increase_strictly() {
        for xs in X_ARRS.iter() {
            assert!(xs.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(COUPON_X.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn interpolation_passes_through_its_nodes() {
        for (i, &x) in COUPON_X.iter().enumerate() {
            let y = interpolate(&COUPON_X, |j| COUPON_Y[j], x);
            assert!(
                (y - COUPON_Y[i]).abs() <= 1e-9 * COUPON_Y[i].max(1.0),
                "{i}"
            );
        }
    }

    /// Every table entry is the value DataSketches Java holds, as the
    /// golden-file generator read it out of the jar.
    #[test]
    fn the_tables_are_datasketches_own() {
        let text = include_str!("../../../tests/golden/datasketches-java/hll_tables.json");
        let json: serde_json::Value = serde_json::from_str(text).expect("parses");
        // Each value is kept as the text Java printed, parsed here as Rust
        // parses a literal (both round correctly).
        let values = |v: &serde_json::Value| -> Vec<f64> {
            let texts = v.as_array().expect("an array");
            texts
                .iter()
                .map(|t| t.as_str().expect("text").parse().expect("a number"))
                .collect()
        };
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        let rows = json["composite"].as_array().expect("rows");
        assert_eq!(rows.len(), X_ARRS.len());
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row["y_stride"].as_u64(),
                Some(u64::from(Y_STRIDES[i])),
                "row {i}"
            );
            assert!(same(&values(&row["x"]), &X_ARRS[i]), "row {i}");
        }
        assert!(same(&values(&json["coupon_x"]), &COUPON_X));
        assert!(same(&values(&json["coupon_y"]), &COUPON_Y));
        assert!(same(&values(&json["hip_lb"]), &HIP_LB));
        assert!(same(&values(&json["hip_ub"]), &HIP_UB));
        assert!(same(&values(&json["non_hip_lb"]), &NON_HIP_LB));
        assert!(same(&values(&json["non_hip_ub"]), &NON_HIP_UB));
    }

    #[test]
    fn harmonic_numbers_agree_between_the_table_and_the_series() {
        // H(25) from the series against the exact sum.
        let exact: f64 = (1..=25).map(|i| 1.0 / f64::from(i)).sum();
        assert!((harmonic(25) - exact).abs() < 1e-14);
        assert_eq!(harmonic(4), 25.0 / 12.0);
    }
}
