//! KLL accuracy at k = 200 against DataSketches' published bound,
//! deterministic (fixed seeds).
//!
//! Each trial sketches the 10^6 distinct values 0..10^6 in a scrambled
//! order (a different permutation per trial, `v = (a·i + b) mod 10^6`) with
//! its own coin seed, and measures the normalized rank error: the largest
//! `|estimated rank - true rank|` over all values (the estimate is a step
//! function, so the largest error is at a retained item, inclusive or
//! exclusive). DataSketches' figure for k = 200, 1.33%
//! (`normalized_rank_error(false)`), is the 99th percentile of that
//! maximum over many trials (its documentation: "a best fit to 99
//! percentile empirically measured max error in thousands of trials").
//!
//! The checks, for single sketches and for sketches merged from 8
//! partitions (each with its own seed, two of them at k = 400):
//!
//! - at most 1 trial in 16 of each kind above the 99% bound. Had the seeds
//!   been random, at the bound's own 1% rate that fails with probability
//!   P(Binomial(16, 0.01) >= 2) = 1.1%; the measured maxima sit far below
//!   the bound (see the printed figures), which makes it smaller still;
//! - the mean of the maxima is at most 3/4 of the bound, 1.0% (measured:
//!   0.84% single, 0.51% merged; datasketches-rust's KLL measured the same
//!   way over 150 other trials: 0.794%, ours 0.794%). The maxima spread
//!   with a standard deviation near 0.15%, so the mean of 16 has a standard
//!   error near 0.04%, and 1.0% is 4 of them above 0.84%: a false failure
//!   chance below 10^-4. A compactor that loses the random offset or the
//!   weights is several times over.
//!
//! The seeds are fixed, so the test always passes or always fails.

use sketchfold::algebra::Semigroup;
use sketchfold::quantiles::Kll;
use sketchfold::quantiles::KllParams;

#[path = "common/rng.rs"]
mod rng;

use rng::splitmix64;

const N: u64 = 1_000_000;
const TRIALS: u64 = 16;

/// The trial's permutation of 0..N: `a` odd and not a multiple of 5, so
/// coprime with 10^6.
fn permutation(trial: u64) -> impl Fn(u64) -> f32 {
    let r = splitmix64(trial);
    let mut a = (r % N) | 1;
    if a % 5 == 0 {
        a += 2;
    }
    let b = splitmix64(r) % N;
    move |i| ((a * i + b) % N) as f32
}

/// The largest rank error over all values: the values are 0..N, so value
/// v has true inclusive rank (v + 1) / N and exclusive rank v / N.
fn max_rank_error(s: &Kll<f32>) -> f64 {
    let n = N as f64;
    s.weighted_items()
        .map(|(x, _)| {
            let v = f64::from(x);
            let inc = (s.rank(x).unwrap().unwrap() - (v + 1.0) / n).abs();
            let exc = (s.rank_exclusive(x).unwrap().unwrap() - v / n).abs();
            inc.max(exc)
        })
        .fold(0.0, f64::max)
}

fn single(trial: u64) -> f64 {
    let value = permutation(trial);
    let mut s = Kll::<f32>::with_params(
        KllParams::new(200)
            .unwrap()
            .with_seed(splitmix64(trial ^ 0xACC)),
    );
    for i in 0..N {
        s.insert(value(i)).unwrap();
    }
    assert_eq!(s.count(), N);
    max_rank_error(&s)
}

fn merged(trial: u64) -> f64 {
    let value = permutation(trial + 1000);
    let parts: Vec<Kll<f32>> = (0..8u64)
        .map(|p| {
            let k = if p < 2 { 400 } else { 200 };
            let mut s = Kll::<f32>::with_params(
                KllParams::new(k)
                    .unwrap()
                    .with_seed(splitmix64(trial * 8 + p)),
            );
            for i in (p * N / 8)..((p + 1) * N / 8) {
                s.insert(value(i)).unwrap();
            }
            s
        })
        .collect();
    let mut total =
        Kll::<f32>::with_params(KllParams::new(200).unwrap().with_seed(splitmix64(trial)));
    total.merge_all(&parts).unwrap();
    assert_eq!((total.count(), total.min_k()), (N, 200));
    max_rank_error(&total)
}

fn run(trial: fn(u64) -> f64) -> Vec<f64> {
    // Two threads: the machines have two cores.
    std::thread::scope(|s| {
        let first = s.spawn(move || (0..TRIALS / 2).map(trial).collect::<Vec<_>>());
        let mut errors: Vec<f64> = (TRIALS / 2..TRIALS).map(trial).collect();
        errors.extend(first.join().expect("trial thread panicked"));
        errors
    })
}

fn check(kind: &str, errors: &[f64]) {
    let bound = Kll::<f32>::new(200).normalized_rank_error(false);
    let over = errors.iter().filter(|&&e| e > bound).count();
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    let max = errors.iter().copied().fold(0.0, f64::max);
    println!(
        "{kind}: max rank error mean {:.3}%, largest {:.3}%, {over} of {} over the bound {:.3}%",
        100.0 * mean,
        100.0 * max,
        errors.len(),
        100.0 * bound
    );
    assert!(
        over <= 1,
        "{kind}: {over} trials over the bound: {errors:?}"
    );
    assert!(
        mean <= bound * 0.75,
        "{kind}: mean max error {mean} over 3/4 of {bound}"
    );
}

#[test]
fn single_sketches_of_a_million_values_stay_within_the_published_rank_error() {
    check("single k = 200", &run(single));
}

#[test]
fn merged_sketches_of_a_million_values_stay_within_the_published_rank_error() {
    check("8 merged partitions", &run(merged));
}
