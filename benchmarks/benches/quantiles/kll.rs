//! KLL benches: sketchfold's [`Kll`] against datasketches-rust's KLL, both
//! at k = 200 (about 1.33% normalized rank error), in one run and in the
//! same criterion groups.
//!
//! Groups (`Throughput::Elements` counts items inserted, merges or queries):
//!
//! - `kll_insert`: 10^6 `f64` values in a scrambled order into a fresh
//!   sketch, with a baseline that only stores the values in a reserved
//!   `Vec` (the cost of touching each value once);
//! - `kll_merge`: one sketch of 10^6 values into another, the destination
//!   cloned in an untimed setup;
//! - `kll_quantile`: the median of a sketch of 10^6 values: repeated
//!   queries (sketchfold answers from its cached sorted view,
//!   datasketches builds a sorted view on every call), and one insert
//!   followed by the median, in a loop on one sketch (sketchfold rebuilds
//!   its view after every insert).
//!
//! Before timing, the bench measures both sketches' largest rank error on
//! the same input and checks each is within DataSketches' bound for k = 200.
//!
//! Peer: `datasketches` 0.6 `KllSketch<KllFloat<f64>>::new(200)`; its
//! `KllFloat::new` (the NaN check its API requires) is inside the timed loop,
//! as sketchfold's NaN check is.
//!
//! A module of `benches/quantiles.rs`, so it runs with the DDSketch groups:
//! `cargo bench --bench quantiles -- --warm-up-time 1 --measurement-time 3`
//! (append `kll` to run these groups alone).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput};
use datasketches::common::SearchCriteria;
use datasketches::kll::{KllFloat, KllSketch};
use sketchfold::algebra::Semigroup;
use sketchfold::quantiles::{Kll, KllParams};

const K: u16 = 200;
const N: u64 = 1_000_000;

/// 0..N in a scrambled order (a multiplicative permutation mod 10^6).
fn values() -> Vec<f64> {
    (0..N)
        .map(|i| ((i * 999_983 + 12_345) % N) as f64)
        .collect()
}

fn ours(xs: &[f64], seed: u64) -> Kll<f64> {
    let mut s = Kll::with_params(KllParams::new(K).unwrap().with_seed(seed));
    for &x in xs {
        s.insert(x).unwrap();
    }
    s
}

fn theirs(xs: &[f64]) -> KllSketch<KllFloat<f64>> {
    let mut s = KllSketch::new(K).unwrap();
    for &x in xs {
        s.update(KllFloat::<f64>::new(x).unwrap());
    }
    s
}

/// Largest |estimated - true| rank over a grid of 10,000 values (the input
/// is 0..N, so v has true rank (v + 1) / N).
fn max_error(rank: impl Fn(f64) -> f64) -> f64 {
    (0..10_000)
        .map(|j| {
            let v = (j * 100 + 37) as f64;
            (rank(v) - (v + 1.0) / N as f64).abs()
        })
        .fold(0.0, f64::max)
}

fn check_comparable(xs: &[f64]) {
    let a = ours(xs, 1);
    let b = theirs(xs);
    let ea = max_error(|v| a.rank(v).unwrap().unwrap());
    let eb = max_error(|v| {
        b.rank(&KllFloat::<f64>::new(v).unwrap(), SearchCriteria::Inclusive)
            .unwrap()
    });
    let bound = a.normalized_rank_error(false);
    println!(
        "max rank error on the bench input: sketchfold {:.3}%, datasketches {:.3}% (bound {:.3}%); retained {} vs {}",
        100.0 * ea,
        100.0 * eb,
        100.0 * bound,
        a.retained(),
        b.num_retained()
    );
    assert!(ea <= bound && eb <= bound, "a sketch is outside the bound");
    assert!(
        a.retained().abs_diff(b.num_retained()) * 10 < b.num_retained(),
        "retained sizes differ by more than 10%"
    );
}

/// Every KLL group, for `benches/quantiles.rs`.
pub fn bench(c: &mut Criterion) {
    let xs = values();
    check_comparable(&xs);

    let mut g = c.benchmark_group("kll_insert");
    g.throughput(Throughput::Elements(N));
    g.sample_size(10);
    g.bench_function("baseline_vec_push", |b| {
        b.iter(|| {
            let mut v: Vec<f64> = Vec::with_capacity(xs.len());
            for &x in &xs {
                v.push(black_box(x));
            }
            v
        })
    });
    g.bench_function("sketchfold", |b| b.iter(|| ours(black_box(&xs), 1)));
    g.bench_function("datasketches", |b| b.iter(|| theirs(black_box(&xs))));
    g.finish();

    let (a1, a2) = (ours(&xs, 1), ours(&xs, 2));
    let (b1, b2) = (theirs(&xs), theirs(&xs));
    let mut g = c.benchmark_group("kll_merge");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sketchfold", |b| {
        b.iter_batched_ref(
            || a1.clone(),
            |d| d.merge(black_box(&a2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("datasketches", |b| {
        b.iter_batched_ref(
            || b1.clone(),
            |d| d.merge(black_box(&b2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("kll_quantile");
    g.throughput(Throughput::Elements(1));
    let _ = a1.quantile(0.5);
    g.bench_function("sketchfold_cached", |b| {
        b.iter(|| a1.quantile(black_box(0.5)).unwrap())
    });
    g.bench_function("datasketches", |b| {
        b.iter(|| {
            b1.quantile(black_box(0.5), SearchCriteria::Inclusive)
                .unwrap()
        })
    });
    // Interleaved: one insert, then the median, on one sketch (sketchfold
    // rebuilds its view after every insert: level 0 merged into the cached
    // upper levels, or every level after a compaction).
    let (mut a3, mut b3) = (a1.clone(), b1.clone());
    let mut i = 0usize;
    g.bench_function("insert_then_quantile/sketchfold", |b| {
        b.iter(|| {
            i += 1;
            a3.insert(xs[i % xs.len()]).unwrap();
            a3.quantile(black_box(0.5)).unwrap()
        })
    });
    g.bench_function("insert_then_quantile/datasketches", |b| {
        b.iter(|| {
            i += 1;
            b3.update(KllFloat::<f64>::new(xs[i % xs.len()]).unwrap());
            b3.quantile(black_box(0.5), SearchCriteria::Inclusive)
                .unwrap()
        })
    });
    g.finish();
}
