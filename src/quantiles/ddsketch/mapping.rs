//! The cubically interpolated logarithmic mapping from values to bucket
//! keys, and back to each bucket's representative value.
//!
//! A normal `x > 0` is `2^e * (1 + s)` with `s` in `[0, 1)`, read from its
//! bits. `L(x) = e + P(s)`, with `P(s) = A s^3 + B s^2 + C s`,
//! `A = 6/35`, `B = -3/5`, `C = 10/7`, approximates `log2(x)`: `P(0) = 0`
//! and `P(1) = 1`, so `L` is continuous and strictly increasing. The key
//! is `ceil(m * L(x))`, so bucket `i` holds the `x` with
//! `L(x)` in `((i - 1) / m, i / m]`.
//!
//! Why the guarantee holds: `d log2(x) / d L = 1 / (ln 2 * Q(s))` with
//! `Q(s) = (1 + s) P'(s)`. `Q' = (2/35)(27 s^2 - 24 s + 4)` vanishes at
//! `2/9` (a maximum) and `2/3` (a minimum, `Q(2/3) = 10/7`), and
//! `Q(0) = 10/7`, `Q(1) = 52/35`, so `Q >= 10/7` on `[0, 1]`. A bucket
//! spans `1/m` in `L`, hence at most `7 / (10 ln 2 m)` in `log2`, that is
//! a ratio `hi / lo` of at most `2^(7 / (10 ln 2 m))`. With
//! `m = 7 / (10 ln gamma)` that ratio is at most `gamma`, and the harmonic
//! mean `2 lo hi / (lo + hi)` is within `(gamma - 1) / (gamma + 1)` of
//! every value of `[lo, hi]`. `gamma` is built from `alpha * (1 - 1e-4)`,
//! so that the few ulps of rounding in `L`, `m * L` and the inverse stay
//! far inside `alpha`.

/// The cubic's coefficients.
const A: f64 = 6.0 / 35.0;
const B: f64 = -3.0 / 5.0;
const C: f64 = 10.0 / 7.0;

/// The relative margin taken off `alpha` for rounding.
const MARGIN: f64 = 1e-4;

const MANTISSA: u64 = (1 << 52) - 1;
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;

/// What an `f64`'s magnitude is for the sketch.
pub(crate) enum Class {
    /// Zero or subnormal: counted in the zero bucket.
    Zero,
    /// A normal magnitude, with its key.
    Key(i64),
    /// NaN or an infinity.
    NotFinite,
}

/// The mapping for one `alpha`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mapping {
    /// Keys per unit of `L` (about `log2`).
    multiplier: f64,
    /// The key of `f64::MIN_POSITIVE`, the smallest normal magnitude.
    min_key: i64,
    /// The key of `f64::MAX`.
    max_key: i64,
}

impl Mapping {
    /// The mapping for a relative accuracy `alpha` in `(0, 1)`.
    pub(crate) fn new(alpha: f64) -> Mapping {
        let a = alpha * (1.0 - MARGIN);
        let gamma = (1.0 + a) / (1.0 - a);
        let multiplier = 7.0 / (10.0 * gamma.ln());
        let mut m = Mapping {
            multiplier,
            min_key: 0,
            max_key: 0,
        };
        m.min_key = m.key_of_normal(f64::MIN_POSITIVE.to_bits());
        m.max_key = m.key_of_normal(f64::MAX.to_bits());
        m
    }

    /// The smallest key a value can have.
    pub(crate) fn min_key(&self) -> i64 {
        self.min_key
    }

    /// The largest key a value can have.
    pub(crate) fn max_key(&self) -> i64 {
        self.max_key
    }

    /// Classifies the magnitude of `x` (its sign is ignored).
    #[inline]
    pub(crate) fn classify(&self, x: f64) -> Class {
        let bits = x.to_bits() & !(1 << 63);
        let exponent = bits >> 52;
        if exponent == 0 {
            Class::Zero
        } else if exponent == 0x7ff {
            Class::NotFinite
        } else {
            Class::Key(self.key_of_normal(bits))
        }
    }

    /// The key of a positive normal number given by its bits.
    #[inline]
    fn key_of_normal(&self, bits: u64) -> i64 {
        let e = (bits >> 52) as i64 - 1023;
        let s = f64::from_bits((bits & MANTISSA) | ONE_BITS) - 1.0;
        let l = ((A * s + B) * s + C) * s + e as f64;
        let y = self.multiplier * l;
        // ceil without a libm call: `as` truncates toward zero, which is
        // the ceiling for negative y; add one where truncation went down.
        let t = y as i64;
        t + i64::from((t as f64) < y)
    }

    /// The inverse of `L`: the `x` with `L(x) = l`, for finite `l`.
    fn inverse(l: f64) -> f64 {
        // floor without a libm call (|l| < 2^11).
        let truncated = l as i64;
        let e = (truncated - i64::from((truncated as f64) > l)) as f64;
        let t = l - e;
        // Solve P(s) = t by Newton's method from s = t: P is close to the
        // identity (|P(s) - s| < 0.03), P' >= P'(1) = 26/35 and |P''| <= 6/5
        // on [0, 1], so the error after a step of size d is below d^2 and
        // a step under 1e-9 leaves s exact to rounding (three or four
        // steps).
        let mut s = t;
        for _ in 0..8 {
            let p = ((A * s + B) * s + C) * s - t;
            let dp = (3.0 * A * s + 2.0 * B) * s + C;
            let step = p / dp;
            s -= step;
            if step.abs() <= 1e-9 {
                break;
            }
        }
        pow2(e as i64) * (1.0 + s.clamp(0.0, 1.0))
    }

    /// The representative magnitude of bucket `key` (a valid key): the
    /// harmonic mean of its bounds, clamped to the normal range.
    pub(crate) fn value(&self, key: i64) -> f64 {
        let lo = Mapping::inverse((key - 1) as f64 / self.multiplier).max(f64::MIN_POSITIVE);
        let hi = Mapping::inverse(key as f64 / self.multiplier);
        if hi.is_finite() {
            lo * (2.0 / (1.0 + lo / hi))
        } else {
            // The bucket of f64::MAX: its values lie in [lo, min(MAX,
            // gamma lo)]; the harmonic mean of those bounds.
            let g = (f64::MAX / lo).min(self.gamma());
            (lo * (2.0 * g / (1.0 + g))).min(f64::MAX)
        }
    }

    /// The largest ratio of a bucket's bounds.
    fn gamma(&self) -> f64 {
        (7.0 / (10.0 * self.multiplier)).exp()
    }
}

/// `2^e` for `e` in the normal range, 0 below it, infinity above it.
fn pow2(e: i64) -> f64 {
    if e < -1022 {
        0.0
    } else if e > 1023 {
        f64::INFINITY
    } else {
        f64::from_bits(((e + 1023) as u64) << 52)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bucket_value_is_within_alpha_of_its_bounds() {
        for alpha in [1e-6, 1e-3, 0.01, 0.05, 0.5] {
            let m = Mapping::new(alpha);
            let step = ((m.max_key - m.min_key) / 20_000).max(1);
            let mut key = m.min_key;
            while key <= m.max_key {
                let v = m.value(key);
                assert!(v.is_finite() && v > 0.0, "alpha {alpha} key {key}: {v}");
                let lo = Mapping::inverse((key - 1) as f64 / m.multiplier).max(f64::MIN_POSITIVE);
                let hi = Mapping::inverse(key as f64 / m.multiplier).min(f64::MAX);
                for x in [lo, hi] {
                    assert!((v - x).abs() <= alpha * x, "alpha {alpha} key {key}");
                }
                key += step;
            }
            // The extreme keys: the buckets of MIN_POSITIVE and of MAX.
            for (x, key) in [(f64::MIN_POSITIVE, m.min_key), (f64::MAX, m.max_key)] {
                let v = m.value(key);
                assert!(
                    v.is_finite() && (v - x).abs() <= alpha * x,
                    "alpha {alpha}: {v}"
                );
            }
        }
    }

    #[test]
    fn keys_increase_with_values_and_values_map_back_within_alpha() {
        let m = Mapping::new(0.01);
        let mut x = f64::MIN_POSITIVE;
        let mut last = i64::MIN;
        while x < f64::MAX / 1.001 {
            let Class::Key(k) = m.classify(x) else {
                panic!("{x} has no key")
            };
            assert!(k >= last && k >= m.min_key && k <= m.max_key);
            assert!((m.value(k) - x).abs() <= 0.01 * x, "{x}");
            last = k;
            x *= 1.000_7;
        }
    }
}
