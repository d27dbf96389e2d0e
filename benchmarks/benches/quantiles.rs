//! Quantile benches: sketchfold's [`DdSketch`] against the quantile
//! sketches of the peer crates, in one run and in the same criterion
//! groups.
//!
//! Data: 10^5 lognormal(0, 2) values (seeded splitmix64 and Box-Muller), a
//! latency-like spread over about 8 decades, and a second, independent set
//! of the same size for merges. Before timing, every sketch is filled with
//! the first set and its largest relative error over the quantiles
//! 0.01, 0.02, ..., 0.99 (lower quantile, rank `floor(q (n - 1))`, the
//! definition both DDSketch crates use), and separately over the tails
//! 0.0001, 0.001, 0.999 and 0.9999, is printed, so that speed is compared
//! at a known error; sketchfold's must be within its alpha.
//!
//! Peers (their defaults where they have one):
//!
//! - `sketches-ddsketch` 0.3: `Config::new(0.01, 2048, 1e-9)` (its
//!   defaults), the exact `ln`-based mapping, a collapsing-lowest dense
//!   store, min/max/sum tracked as floats;
//! - `tdigest` 0.2: `TDigest::new_with_size(100)`, which only takes
//!   values in batches (`merge_unsorted` sorts the batch and merges it
//!   into the centroids); its error is a rank error, so its relative error
//!   is printed for information, not as a like-for-like setting.
//!
//! Groups (`Throughput::Elements` counts values, or sketches for merges,
//! or queries):
//!
//! - `ddsketch_insert`: 10^5 values into a fresh sketch; the baseline reads
//!   the values and folds them into one float, the least any insert pays;
//! - `ddsketch_merge`: one full sketch into another (the destination is
//!   cloned in an untimed setup); sketchfold's `subtract` too, the group
//!   operation a sliding window uses to evict a pane;
//! - `ddsketch_quantile`: one p99 query of a full sketch, and sketchfold's
//!   `quantiles` of 5 ranks in one pass;
//! - `ddsketch_scattered`: 10^4 values spread log-uniformly over 60
//!   decades at `alpha = 1e-4` with 2^20 buckets, about 70 keys apart, so
//!   sketchfold keeps them in a sparse store (memory for the buckets, not
//!   the 700,000 keys between them) where `sketches-ddsketch`
//!   (`Config::new(1e-4, 2^20, 1e-9)`) grows a dense one: inserts, and a
//!   merge of two such sketches.
//!
//! KLL groups (`kll_*`, against datasketches' KLL) are in
//! `quantiles/kll.rs`, a module of this bench, run at the end of `all`.
//!
//! Run: `cargo bench --bench quantiles -- --warm-up-time 1 --measurement-time 3`;
//! results in docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

#[path = "quantiles/kll.rs"]
mod kll;
use datasketches::common::SearchCriteria;
use datasketches::req::{RankAccuracy, ReqFloat, ReqSketch};
use datasketches::tdigest::TDigestMut;
use sketchfold::algebra::{Group, Semigroup};
use sketchfold::quantiles::{DdSketch, DdSketchParams};
use sketchfold_benchmarks::rng::Rng;

/// Values in each data set.
const N: usize = 100_000;
/// The relative accuracy every DDSketch is built with.
const ALPHA: f64 = 0.01;

/// Seeded lognormal(0, 2) values.
fn lognormal(seed: u64, n: usize) -> Vec<f64> {
    let mut rng = Rng(seed);
    (0..n).map(|_| (2.0 * rng.normal()).exp()).collect()
}

fn ours(values: &[f64]) -> DdSketch {
    let mut s = DdSketch::new(ALPHA);
    for &x in values {
        s.insert(x).unwrap();
    }
    s
}

fn peer_config() -> sketches_ddsketch::Config {
    sketches_ddsketch::Config::new(ALPHA, 2048, 1e-9)
}

fn theirs(values: &[f64]) -> sketches_ddsketch::DDSketch {
    let mut s = sketches_ddsketch::DDSketch::new(peer_config());
    for &x in values {
        s.add(x);
    }
    s
}

fn digest(values: &[f64]) -> tdigest::TDigest {
    tdigest::TDigest::new_with_size(100).merge_unsorted(values.to_vec())
}

/// DataSketches' t-digest at its default compression (k = 100).
fn ds_tdigest(values: &[f64]) -> TDigestMut {
    let mut s = TDigestMut::new(100).unwrap();
    for &x in values {
        s.update(x);
    }
    s
}

/// DataSketches' REQ sketch (relative rank error, accurate at the high
/// ranks where latency percentiles live) at its default k = 12.
fn ds_req(values: &[f64]) -> ReqSketch<ReqFloat<f64>> {
    let mut s = ReqSketch::new(12, RankAccuracy::HighRank).unwrap();
    for &x in values {
        s.update(ReqFloat::<f64>::new(x).unwrap());
    }
    s
}

/// The quantiles whose error is measured.
fn grid() -> Vec<f64> {
    (1..=99).map(|i| f64::from(i) / 100.0).collect()
}

/// The extreme quantiles measured separately.
const TAILS: [f64; 4] = [0.0001, 0.001, 0.999, 0.9999];

/// The largest relative error of `estimate` over `qs`.
fn max_relative_error(qs: &[f64], sorted: &[f64], estimate: impl Fn(f64) -> f64) -> f64 {
    qs.iter()
        .copied()
        .map(|q| {
            let x = sorted[(q * (sorted.len() - 1) as f64).floor() as usize];
            (estimate(q) - x).abs() / x
        })
        .fold(0.0, f64::max)
}

/// Prints every sketch's measured error on the first data set; panics if
/// sketchfold's passes alpha.
fn check_accuracy(values: &[f64]) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let a = ours(values);
    let b = theirs(values);
    let c = digest(values);
    let d = ds_tdigest(values).freeze();
    let r = ds_req(values);
    let fa = |q: f64| a.quantile(q).unwrap().unwrap();
    let fb = |q: f64| b.quantile(q).unwrap().unwrap();
    let fc = |q: f64| c.estimate_quantile(q);
    let fd = |q: f64| d.quantile(q).unwrap().unwrap();
    let fr = |q: f64| *r.quantile(q, SearchCriteria::Inclusive).unwrap().unwrap();
    let (g, t) = (grid(), TAILS);
    let e_ours = max_relative_error(&g, &sorted, fa);
    let e_theirs = max_relative_error(&g, &sorted, fb);
    let e_digest = max_relative_error(&g, &sorted, fc);
    let (t_ours, t_theirs, t_digest) = (
        max_relative_error(&t, &sorted, fa),
        max_relative_error(&t, &sorted, fb),
        max_relative_error(&t, &sorted, fc),
    );
    println!(
        "largest relative error, {N} lognormal(0, 2) values (q = 0.01..0.99 | q in {TAILS:?}):"
    );
    println!(
        "  sketchfold DdSketch   alpha {ALPHA}: {e_ours:.5} | {t_ours:.5} ({} buckets)",
        a.bucket_count()
    );
    println!(
        "  sketches-ddsketch     alpha {ALPHA}: {e_theirs:.5} | {t_theirs:.5} ({} bins)",
        b.length()
    );
    println!("  tdigest               size 100:   {e_digest:.5} | {t_digest:.5}");
    println!(
        "  datasketches TDigest  k 100:      {:.5} | {:.5}",
        max_relative_error(&g, &sorted, fd),
        max_relative_error(&t, &sorted, fd)
    );
    println!(
        "  datasketches REQ      k 12 high:  {:.5} | {:.5}",
        max_relative_error(&g, &sorted, fr),
        max_relative_error(&t, &sorted, fr)
    );
    assert!(
        e_ours <= ALPHA && t_ours <= ALPHA,
        "sketchfold's error {e_ours} / {t_ours} passes alpha"
    );
}

fn all(c: &mut Criterion) {
    let values = lognormal(1, N);
    let others = lognormal(2, N);
    check_accuracy(&values);

    let mut g = c.benchmark_group("ddsketch_insert");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("baseline: read the values", |b| {
        b.iter(|| black_box(&values).iter().fold(0.0f64, |acc, &x| acc + x))
    });
    g.bench_function("sketchfold DdSketch", |b| {
        b.iter(|| ours(black_box(&values)))
    });
    g.bench_function("sketches-ddsketch", |b| {
        b.iter(|| theirs(black_box(&values)))
    });
    g.bench_function("tdigest (one batch)", |b| {
        b.iter(|| digest(black_box(&values)))
    });
    g.bench_function("datasketches TDigest", |b| {
        b.iter(|| ds_tdigest(black_box(&values)))
    });
    g.bench_function("datasketches REQ", |b| {
        b.iter(|| ds_req(black_box(&values)))
    });
    g.finish();

    let (a1, a2) = (ours(&values), ours(&others));
    let (b1, b2) = (theirs(&values), theirs(&others));
    let (d1, d2) = (digest(&values), digest(&others));
    let (t1, t2) = (ds_tdigest(&values), ds_tdigest(&others));
    let (r1, r2) = (ds_req(&values), ds_req(&others));
    let mut g = c.benchmark_group("ddsketch_merge");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sketchfold DdSketch merge", |b| {
        b.iter_batched_ref(
            || a1.clone(),
            |dst| dst.merge(black_box(&a2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("sketchfold DdSketch subtract", |b| {
        let mut merged = a1.clone();
        merged.merge(&a2).unwrap();
        b.iter_batched_ref(
            || merged.clone(),
            |dst| dst.subtract(black_box(&a2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("sketches-ddsketch merge", |b| {
        b.iter_batched_ref(
            || b1.clone(),
            |dst| dst.merge(black_box(&b2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("tdigest merge_digests", |b| {
        b.iter_batched(
            || vec![d1.clone(), d2.clone()],
            tdigest::TDigest::merge_digests,
            BatchSize::SmallInput,
        )
    });
    g.bench_function("datasketches TDigest merge", |b| {
        b.iter_batched_ref(
            || t1.clone(),
            |dst| dst.merge(black_box(&t2)),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("datasketches REQ merge", |b| {
        b.iter_batched_ref(
            || r1.clone(),
            |dst| dst.merge(black_box(&r2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("ddsketch_quantile");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sketchfold DdSketch p99", |b| {
        b.iter(|| black_box(&a1).quantile(black_box(0.99)).unwrap())
    });
    g.bench_function("sketchfold DdSketch 5 quantiles in one pass", |b| {
        b.iter(|| {
            black_box(&a1)
                .quantiles(black_box(&[0.5, 0.9, 0.95, 0.99, 0.999]))
                .unwrap()
        })
    });
    g.bench_function("sketches-ddsketch p99", |b| {
        b.iter(|| black_box(&b1).quantile(black_box(0.99)).unwrap())
    });
    g.bench_function("tdigest p99", |b| {
        b.iter(|| black_box(&d1).estimate_quantile(black_box(0.99)))
    });
    let frozen = t1.clone().freeze();
    g.bench_function("datasketches TDigest p99 (frozen)", |b| {
        b.iter(|| black_box(&frozen).quantile(black_box(0.99)).unwrap())
    });
    g.bench_function("datasketches REQ p99", |b| {
        b.iter(|| {
            black_box(&r1)
                .quantile(black_box(0.99), SearchCriteria::Inclusive)
                .unwrap()
        })
    });
    g.finish();

    scattered(c);
    kll::bench(c);
}

/// Values spread log-uniformly over 60 decades (from 1e-30 to 1e30).
fn scattered_values(seed: u64, n: usize) -> Vec<f64> {
    lognormal(seed, n)
        .into_iter()
        .map(|x| 10f64.powf((x.ln() * 1e4).rem_euclid(60.0) - 30.0))
        .collect()
}

/// The `ddsketch_scattered` group: a sparse store against a dense one.
fn scattered(c: &mut Criterion) {
    const ALPHA: f64 = 1e-4;
    const BUCKETS: usize = 1 << 20;
    let (values, others) = (scattered_values(3, 10_000), scattered_values(4, 10_000));
    let ours = |v: &[f64]| {
        let mut s = DdSketch::with_params(
            DdSketchParams::new(ALPHA)
                .unwrap()
                .with_max_buckets(BUCKETS)
                .unwrap(),
        );
        v.iter().for_each(|&x| s.insert(x).unwrap());
        s
    };
    let theirs = |v: &[f64]| {
        let mut s = sketches_ddsketch::DDSketch::new(sketches_ddsketch::Config::new(
            ALPHA,
            BUCKETS as u32,
            1e-9,
        ));
        v.iter().for_each(|&x| s.add(x));
        s
    };
    let mut g = c.benchmark_group("ddsketch_scattered");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("sketchfold DdSketch insert (sparse store)", |b| {
        b.iter(|| ours(black_box(&values)))
    });
    g.bench_function("sketches-ddsketch insert", |b| {
        b.iter(|| theirs(black_box(&values)))
    });
    g.throughput(Throughput::Elements(1));
    let (a1, a2) = (ours(&values), ours(&others));
    let (b1, b2) = (theirs(&values), theirs(&others));
    g.bench_function("sketchfold DdSketch merge (sparse stores)", |b| {
        b.iter_batched_ref(
            || a1.clone(),
            |dst| dst.merge(black_box(&a2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("sketches-ddsketch merge", |b| {
        b.iter_batched_ref(
            || b1.clone(),
            |dst| dst.merge(black_box(&b2)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
    println!(
        "ddsketch_scattered: sketchfold {} buckets in {} bytes",
        a1.bucket_count(),
        a1.memory_bytes()
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = all
}
criterion_main!(benches);
