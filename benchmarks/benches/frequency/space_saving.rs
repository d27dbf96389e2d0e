//! SpaceSaving benches: sketchfold's [`SpaceSaving`] against the
//! heavy-hitter summaries of the peer crates, in the same criterion groups.
//!
//! Input: 10^6 items drawn from Zipf(1.1) over 2^20 values (seeded
//! splitmix64), as `u64` and as short strings `"item-{x}"` built before
//! timing. At `k = 64` about 43% of the inserts are items not currently
//! monitored; at `k = 1024` about 25%.
//!
//! Groups (`Throughput::Elements`):
//!
//! - `space_saving_insert_u64/{k}`, `space_saving_insert_str/{k}`: the 10^6
//!   items into a fresh summary, with a hash-only baseline (the `ahash`
//!   hash of every item, xor-folded) that sketchfold's index also pays;
//! - `space_saving_merge/{k}`: one filled summary (first half of the
//!   stream) into another (second half), the destination cloned in an
//!   untimed setup; for sketchfold also a merge followed by one insert,
//!   which pays the stream-summary rebuild the merge leaves to it;
//! - `space_saving_top/{k}`: the heavy-hitter query (every item that may
//!   occur more than the summary's error bound, sorted), on a filled
//!   summary.
//!
//! Peers, configured for the same guarantee where they have one:
//!
//! - `datasketches` 0.6 `FrequentItemsSketch` (Misra-Gries with
//!   median purges). Its bound is `3.5 n / M` with `M` the map size (a
//!   power of two) and `0.75 M` counters. `M = 4k` gives a bound at least as
//!   tight as SpaceSaving's `n / k` (n/73 at k = 64) with three times the
//!   counters; `M = 2k` about 1.5 times the counters and a looser bound.
//! - `streaming_algorithms` 0.3 `Top` (`k` monitored items plus a
//!   Count-Min sketch of tolerance `1 / k`, probability 0.99). No
//!   deterministic bound; merge is `+=` by value (a clone of the source).
//! - `pdatastructs` 0.7 `LossyCounter::with_width(k)` (lossy counting,
//!   bound `n / k`, memory not fixed: `O(k log(n / k))` entries). No merge.
//! - `probabilistic-collections` 0.7 has no heavy-hitter summary (only a
//!   Count-Min sketch), so it is not in these groups.
//!
//! Before timing, every summary is checked to report every item whose
//! true frequency exceeds `n / k` (printed with each one's measured
//! maximum error).
//!
//! A module of `benches/frequency.rs`, so it runs with the Count-Min and
//! TopK groups: `cargo bench --bench frequency` (the figures in
//! docs/benchmarks.md used `-- --warm-up-time 1 --measurement-time 3`;
//! `cargo bench --bench frequency -- space_saving` runs these groups alone).

use std::collections::HashMap;
use std::hash::Hash;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput};
use datasketches::frequencies::{ErrorType, FrequentItemsSketch};
use pdatastructs::topk::lossycounter::LossyCounter;
use sketchfold::algebra::Semigroup;
use sketchfold::family::Insert;
use sketchfold::frequency::SpaceSaving;
use sketchfold_benchmarks::rng::Rng;
use streaming_algorithms::Top;

/// Items per insert benchmark.
const N: usize = 1_000_000;
/// Distinct values the Zipf draws range over.
const UNIVERSE: usize = 1 << 20;
/// The Zipf exponent.
const EXPONENT: f64 = 1.1;
/// The capacities benchmarked.
const CAPACITIES: [usize; 2] = [64, 1024];

/// `n` draws from Zipf(`EXPONENT`) over `1..=UNIVERSE`, scrambled so that
/// frequency does not follow the value order.
pub fn zipf_items(n: usize, seed: u64) -> Vec<u64> {
    let mut cdf = Vec::with_capacity(UNIVERSE);
    let mut acc = 0.0;
    for r in 1..=UNIVERSE {
        acc += 1.0 / (r as f64).powf(EXPONENT);
        cdf.push(acc);
    }
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * acc;
            let rank = cdf.partition_point(|&c| c < u) as u64 + 1;
            rank.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        })
        .collect()
}

fn ds_sketch<T: Eq + Hash>(k: usize, factor: usize) -> FrequentItemsSketch<T> {
    FrequentItemsSketch::new((factor * k).next_power_of_two()).expect("a power of two")
}

fn top<T: Hash + Eq + Clone>(k: usize) -> Top<T, usize> {
    Top::new(k, 0.99, 1.0 / k as f64, ())
}

fn sf<T: Hash + Eq + Ord + Clone>(k: usize, items: &[T]) -> SpaceSaving<T> {
    let mut s = SpaceSaving::new(k);
    s.try_extend(items).unwrap();
    s
}

/// Checks that each summary of `items` at capacity `k` reports every item
/// above `n / k`, and prints each one's measured maximum error.
pub fn check_peers<T: Hash + Eq + Ord + Clone + std::fmt::Debug>(items: &[T], k: usize) {
    let mut exact: HashMap<&T, u64> = HashMap::new();
    for x in items {
        *exact.entry(x).or_insert(0) += 1;
    }
    let n = items.len() as u64;
    let heavy: Vec<&T> = exact
        .iter()
        .filter(|(_, &f)| f > n / k as u64)
        .map(|(x, _)| *x)
        .collect();
    let report = |peer: &str, reported: Vec<T>, max_error: u64| {
        for h in &heavy {
            assert!(
                reported.contains(h),
                "{peer} at k = {k} misses {h:?} ({} > n/k = {})",
                exact[h],
                n / k as u64
            );
        }
        eprintln!(
            "k = {k}: {peer} reports all {} items above n/k = {} among {}; max error {max_error}",
            heavy.len(),
            n / k as u64,
            reported.len()
        );
    };

    let mut s = SpaceSaving::new(k);
    let mut misses = 0usize;
    for x in items {
        misses += usize::from(s.bounds(x).lower == 0);
        s.insert(x).unwrap();
    }
    eprintln!(
        "k = {k}: {:.1}% of the inserts are items not monitored at the time",
        100.0 * misses as f64 / items.len() as f64
    );
    let rows = s.heavy_hitters(s.error_bound());
    let err = exact
        .iter()
        .map(|(x, &f)| s.estimate(*x) - f)
        .max()
        .unwrap_or(0);
    assert!(err <= s.max_error());
    report(
        "sketchfold",
        rows.iter().map(|(x, _)| (*x).clone()).collect(),
        s.max_error(),
    );

    for factor in [4, 2] {
        let mut d = ds_sketch(k, factor);
        for x in items {
            d.update(x.clone());
        }
        let rows = d.frequent_items(ErrorType::NoFalseNegatives);
        report(
            &format!("datasketches M = {}", (factor * k).next_power_of_two()),
            rows.iter().map(|r| r.item().clone()).collect(),
            d.maximum_error(),
        );
    }

    let mut t = top(k);
    for x in items {
        t.push(x.clone(), &1usize);
    }
    let err = t
        .iter()
        .map(|(x, &c)| (c as i64 - exact.get(x).copied().unwrap_or(0) as i64).unsigned_abs())
        .max()
        .unwrap_or(0);
    report(
        "streaming_algorithms Top",
        t.iter().map(|(x, _)| x.clone()).collect(),
        err,
    );

    let mut l = LossyCounter::with_width(k);
    for x in items {
        l.add(x.clone());
    }
    report(
        "pdatastructs LossyCounter",
        l.query(1.0 / k as f64).collect(),
        n / k as u64,
    );
}

type Group<'a> = criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>;

fn configure(group: &mut Group<'_>) {
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
}

/// `space_saving_insert_{name}/{k}`: `items` into fresh summaries.
pub fn insert_group<T>(c: &mut Criterion, name: &str, items: &[T])
where
    T: Hash + Eq + Ord + Clone + std::fmt::Debug,
{
    for k in CAPACITIES {
        check_peers(items, k);
        let mut group = c.benchmark_group(format!("space_saving_insert_{name}/{k}"));
        configure(&mut group);
        group.throughput(Throughput::Elements(items.len() as u64));
        group.bench_function("hash-only (ahash)", |b| {
            let state = ahash::RandomState::new();
            b.iter(|| {
                let mut acc = 0u64;
                for x in items {
                    acc ^= state.hash_one(x);
                }
                black_box(acc)
            })
        });
        group.bench_function("sketchfold", |b| {
            b.iter(|| {
                let mut s = SpaceSaving::new(k);
                for x in items {
                    s.insert(x).unwrap();
                }
                black_box(s.count())
            })
        });
        for factor in [4, 2] {
            let m = (factor * k).next_power_of_two();
            group.bench_function(format!("datasketches M = {m}"), |b| {
                b.iter(|| {
                    let mut d = ds_sketch(k, factor);
                    for x in items {
                        d.update_ref(x);
                    }
                    black_box(d.total_weight())
                })
            });
        }
        group.bench_function("streaming_algorithms Top", |b| {
            b.iter(|| {
                let mut t = top(k);
                for x in items {
                    t.push(x.clone(), &1usize);
                }
                black_box(t.capacity())
            })
        });
        group.bench_function("pdatastructs LossyCounter", |b| {
            b.iter(|| {
                let mut l = LossyCounter::with_width(k);
                for x in items {
                    l.add(x.clone());
                }
                black_box(l.n())
            })
        });
        group.finish();
    }
}

fn bench_insert(c: &mut Criterion) {
    let items = zipf_items(N, 1);
    insert_group(c, "u64", &items);
    let strings: Vec<String> = items
        .iter()
        .map(|x| format!("item-{}", x % 1_000_000_007))
        .collect();
    insert_group(c, "str", &strings);
}

/// `space_saving_merge/{k}`: the summary of the second half of the stream
/// into that of the first.
pub fn bench_merge(c: &mut Criterion) {
    let items = zipf_items(N, 2);
    let (left, right) = items.split_at(N / 2);
    for k in CAPACITIES {
        let mut group = c.benchmark_group(format!("space_saving_merge/{k}"));
        configure(&mut group);
        group.throughput(Throughput::Elements(1));
        let (a, b) = (sf(k, left), sf(k, right));
        group.bench_function("sketchfold", |bench| {
            bench.iter_batched_ref(
                || a.clone(),
                |dst| dst.merge(black_box(&b)).unwrap(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("sketchfold merge + one insert", |bench| {
            bench.iter_batched_ref(
                || a.clone(),
                |dst| {
                    dst.merge(black_box(&b)).unwrap();
                    dst.insert(&0).unwrap();
                },
                BatchSize::SmallInput,
            )
        });
        for factor in [4, 2] {
            let fill = |part: &[u64]| {
                let mut d = ds_sketch(k, factor);
                part.iter().for_each(|x| d.update(*x));
                d
            };
            let (da, db) = (fill(left), fill(right));
            let m = (factor * k).next_power_of_two();
            group.bench_function(format!("datasketches M = {m}"), |bench| {
                bench.iter_batched_ref(
                    || da.clone(),
                    |dst| dst.merge(black_box(&db)),
                    BatchSize::SmallInput,
                )
            });
        }
        let fill = |part: &[u64]| {
            let mut t = top(k);
            part.iter().for_each(|x| t.push(*x, &1usize));
            t
        };
        let (ta, tb) = (fill(left), fill(right));
        group.bench_function("streaming_algorithms Top (clone + +=)", |bench| {
            bench.iter_batched_ref(
                || ta.clone(),
                |dst| *dst += black_box(&tb).clone(),
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

/// `space_saving_top/{k}`: the heavy hitters of a filled summary.
pub fn bench_top(c: &mut Criterion) {
    let items = zipf_items(N, 3);
    for k in CAPACITIES {
        let mut group = c.benchmark_group(format!("space_saving_top/{k}"));
        configure(&mut group);
        group.throughput(Throughput::Elements(1));
        let s = sf(k, &items);
        group.bench_function("sketchfold heavy_hitters", |b| {
            b.iter(|| black_box(s.heavy_hitters(s.error_bound())).len())
        });
        group.bench_function("sketchfold top(k)", |b| {
            b.iter(|| black_box(s.top(k)).len())
        });
        for factor in [4, 2] {
            let mut d = ds_sketch(k, factor);
            items.iter().for_each(|x| d.update(*x));
            let m = (factor * k).next_power_of_two();
            group.bench_function(format!("datasketches M = {m}"), |b| {
                b.iter(|| black_box(d.frequent_items(ErrorType::NoFalseNegatives)).len())
            });
        }
        let mut t = top(k);
        items.iter().for_each(|x| t.push(*x, &1usize));
        group.bench_function("streaming_algorithms Top", |b| {
            b.iter(|| black_box(t.iter().map(|(x, c)| (*x, *c)).collect::<Vec<_>>()).len())
        });
        let mut l = LossyCounter::with_width(k);
        for x in &items {
            l.add(*x);
        }
        group.bench_function("pdatastructs LossyCounter", |b| {
            b.iter(|| black_box(l.query(1.0 / k as f64).count()))
        });
        group.finish();
    }
}

/// Every SpaceSaving group, for `benches/frequency.rs`'s criterion group.
pub fn space_saving_benches(c: &mut Criterion) {
    bench_insert(c);
    bench_merge(c);
    bench_top(c);
}
