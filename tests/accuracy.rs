//! HyperLogLog accuracy against theory, deterministic (fixed seeds).
//!
//! At precision 12 (m = 4096 registers), for each n in {10, 100, 1e3, 1e4,
//! 1e5, 1e6}, 200 independent trials (each with its own hash seed, so its
//! own hash function) insert n distinct items. The checks:
//!
//! - the measured relative standard error sqrt(mean((est - n)^2)) / n is at
//!   most 1.1 x 1.04 / sqrt(m) = 1.79%;
//! - the mean relative bias |mean(est - n)| / n is at most 0.25 x
//!   1.04 / sqrt(m) = 0.41%.
//!
//! False-failure probability, had the seeds been random: the RSE estimate
//! from 200 trials has a relative standard error of about 1/sqrt(400) = 5%,
//! so the 10% margin over the dense error (measured near 1.04/sqrt(m)) is
//! two standard errors (about 2.3% per point; the sparse and
//! linear-counting points, n <= 1e3, have far smaller errors and no
//! practical chance of failing); the bias bound is 3.5 standard errors of
//! the mean (about 0.05% per point). The seeds are fixed, so the test
//! either always passes or always fails: it is not flaky.
//!
//! n = 10 and 100 are sparse, n = 1e3 is just past the switch to dense at
//! 768 coupons, so the switch is covered.

use sketchfold::cardinality::HyperLogLog;

const PRECISION: u8 = 12;
const TRIALS: u64 = 200;

#[path = "common/rng.rs"]
mod rng;

use rng::splitmix64;
use sketchfold::cardinality::HllParams;

/// Relative errors of `TRIALS` estimates of `n` distinct items.
fn relative_errors(n: u64) -> Vec<f64> {
    let items: Vec<u64> = (0..n).collect();
    let run = |trials: std::ops::Range<u64>| -> Vec<f64> {
        trials
            .map(|t| {
                let mut hll = HyperLogLog::with_params(
                    HllParams::new(PRECISION).unwrap().with_seed(splitmix64(t)),
                );
                hll.insert_batch(&items);
                (hll.estimate() - n as f64) / n as f64
            })
            .collect()
    };
    // Two threads: the machines have two cores.
    let half = TRIALS / 2;
    std::thread::scope(|s| {
        let first = s.spawn(|| run(0..half));
        let mut errors = run(half..TRIALS);
        errors.extend(first.join().expect("trial thread panicked"));
        errors
    })
}

fn check(n: u64) {
    let errors = relative_errors(n);
    let trials = errors.len() as f64;
    let bias = errors.iter().sum::<f64>() / trials;
    let rse = (errors.iter().map(|e| e * e).sum::<f64>() / trials).sqrt();
    let theory = 1.04 / f64::from(1u32 << PRECISION).sqrt();
    println!(
        "n = {n:>8}: RSE {:.4}%  bias {:+.4}%  (bound RSE {:.4}%, bias {:.4}%)",
        100.0 * rse,
        100.0 * bias,
        110.0 * theory,
        25.0 * theory
    );
    assert!(
        rse <= 1.1 * theory,
        "n = {n}: RSE {rse} exceeds 1.1 x {theory}"
    );
    assert!(
        bias.abs() <= 0.25 * theory,
        "n = {n}: bias {bias} exceeds 0.25 x {theory}"
    );
}

#[test]
fn error_at_10_items_is_within_theory() {
    check(10);
}

#[test]
fn error_at_100_items_is_within_theory() {
    check(100);
}

#[test]
fn error_at_1000_items_just_past_the_sparse_to_dense_switch_is_within_theory() {
    check(1_000);
}

#[test]
fn error_at_10_000_items_is_within_theory() {
    check(10_000);
}

#[test]
fn error_at_100_000_items_is_within_theory() {
    check(100_000);
}

#[test]
fn error_at_1_000_000_items_is_within_theory() {
    check(1_000_000);
}
