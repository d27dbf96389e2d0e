//! The false-positive rate of a split-block filter, computed numerically.
//!
//! The classic formula `(1 - e^{-kn/m})^k` does not apply: items are not
//! spread evenly over the bits, they land in blocks, and a block holding
//! `j` items answers a non-member with all `w` of its words' bits set by
//! chance with probability `(1 - (1 - 1/32)^j)^w` (each of the `j` items
//! set one uniformly chosen bit of each 32-bit word). With `n` items hashed
//! uniformly onto `B` blocks, `j` is Binomial(n, 1/B), and
//!
//! ```text
//! FPR(n, B, w) = sum_j P(J = j) * (1 - (31/32)^j)^w
//! ```
//!
//! summed from the mode outward until the terms no longer change the sum.

use super::block::WORD_BITS;

/// `ln(k!)`: exact summation below 32, Stirling's series above (absolute
/// error below 1e-12 there).
fn ln_factorial(k: f64) -> f64 {
    if k < 32.0 {
        let mut s = 0.0;
        let mut i = 2.0;
        while i <= k {
            s += f64::ln(i);
            i += 1.0;
        }
        s
    } else {
        let k2 = k * k;
        k * k.ln() - k + 0.5 * (2.0 * std::f64::consts::PI * k).ln() + 1.0 / (12.0 * k)
            - 1.0 / (360.0 * k * k2)
            + 1.0 / (1260.0 * k * k2 * k2)
    }
}

/// The false-positive rate of a block holding `j` items, with `words`
/// words of 32 bits.
pub(crate) fn block_fpr(j: f64, words: usize) -> f64 {
    let empty = (1.0 - 1.0 / f64::from(WORD_BITS)).powf(j);
    (1.0 - empty).powi(words as i32)
}

/// The expected false-positive rate of a split-block filter of `blocks`
/// blocks of `words` words after `items` distinct items.
pub(crate) fn split_block_fpr(items: u64, blocks: usize, words: usize) -> f64 {
    if items == 0 {
        return 0.0;
    }
    if blocks <= 1 {
        return block_fpr(items as f64, words);
    }
    let n = items as f64;
    let p = 1.0 / blocks as f64;
    // So full that even blocks 12 standard deviations below the mean
    // answer almost everything: the rate is 1 within rounding, and the
    // sum below would take about sqrt(n / blocks) steps.
    let lambda = n * p;
    let low = (lambda - 12.0 * lambda.sqrt()).max(0.0);
    if low > 0.0 && block_fpr(low, words) > 1.0 - 1e-15 {
        return block_fpr(low, words);
    }
    let log_p = p.ln();
    let log_q = (-p).ln_1p();
    let mode = ((n + 1.0) * p).floor().min(n);
    let ln_pmf = |j: f64| {
        ln_factorial(n) - ln_factorial(j) - ln_factorial(n - j) + j * log_p + (n - j) * log_q
    };
    let odds = p / (1.0 - p);
    let start = ln_pmf(mode).exp();
    let mut sum = start * block_fpr(mode, words);
    let mut mass = start;
    // Upward from the mode.
    let (mut j, mut pmf) = (mode, start);
    while j < n {
        pmf *= (n - j) / (j + 1.0) * odds;
        j += 1.0;
        let term = pmf * block_fpr(j, words);
        sum += term;
        mass += pmf;
        if pmf < 1e-18 * mass {
            break;
        }
    }
    // Downward from the mode.
    let (mut j, mut pmf) = (mode, start);
    while j > 0.0 {
        pmf *= j / (n - j + 1.0) / odds;
        j -= 1.0;
        let term = pmf * block_fpr(j, words);
        sum += term;
        mass += pmf;
        if pmf < 1e-18 * mass {
            break;
        }
    }
    // `mass` is 1 up to rounding and the neglected tails; dividing by it
    // removes the error of the Stirling start value.
    (sum / mass).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_factorial_is_continuous_at_the_switch() {
        let exact: f64 = (2..=40).map(|i| f64::ln(i as f64)).sum();
        assert!((ln_factorial(40.0) - exact).abs() < 1e-10);
        let exact: f64 = (2..=32).map(|i| f64::ln(i as f64)).sum();
        assert!((ln_factorial(32.0) - exact).abs() < 1e-10);
    }

    #[test]
    fn one_block_is_the_block_formula_and_more_blocks_lower_the_rate() {
        assert_eq!(split_block_fpr(10, 1, 8), block_fpr(10.0, 8));
        let mut last = 1.0;
        for blocks in [1000, 2000, 4000, 8000] {
            let f = split_block_fpr(100_000, blocks, 8);
            assert!(f < last, "{blocks}: {f} >= {last}");
            last = f;
        }
    }

    #[test]
    fn the_binomial_sum_matches_a_direct_summation() {
        // n = 50 items on 4 blocks: sum every term directly.
        let (n, b) = (50u64, 4usize);
        let p: f64 = 0.25;
        let mut direct = 0.0;
        for j in 0..=n {
            let c =
                (ln_factorial(n as f64) - ln_factorial(j as f64) - ln_factorial((n - j) as f64))
                    .exp();
            direct +=
                c * p.powi(j as i32) * (1.0 - p).powi((n - j) as i32) * block_fpr(j as f64, 16);
        }
        let f = split_block_fpr(n, b, 16);
        assert!(
            (f - direct).abs() < 1e-12 * direct.max(1e-300),
            "{f} vs {direct}"
        );
    }
}
