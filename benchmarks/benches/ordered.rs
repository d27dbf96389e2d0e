//! Ordered benches: sketchfold's augmented [`SkipList`] against std's
//! `BTreeMap`, `crossbeam-skiplist`'s `SkipMap` and the `skiplist` crate's
//! `SkipMap`, in one run and in the same criterion groups, at 10^6 random
//! `u64` keys with `u64` values.
//!
//! Before timing, every map is filled with the same entries and checked to
//! hold exactly them (same length, same value for a sample of keys, same
//! first and last keys). Groups (`Throughput::Elements` counts operations):
//!
//! - `ordered_insert`: 10^6 random keys into an empty map (the map is built
//!   and dropped inside the timing);
//! - `ordered_get`: the 10^6 keys looked up in a shuffled order, with a
//!   sorted `Vec` searched by `binary_search` as the baseline (the least an
//!   ordered search of these keys pays);
//! - `ordered_remove`: every key removed from a full map, cloned in an
//!   untimed setup;
//! - `ordered_range_iter`: 1,000 ranges of 1,000 entries from random start
//!   keys, every entry visited (10^6 entries);
//! - `ordered_aggregate_sum/<size>`: the `u64` sum of 1,000 ranges of
//!   `size` entries: `SkipList::aggregate` against a fold over a
//!   `BTreeMap` range, sizes 10 to 10^5, the curve over range sizes;
//! - `ordered_aggregate_hll/<size>`: the same with one HyperLogLog
//!   (precision 10, 8 items each) per key, 2^16 keys, 100 ranges per
//!   size.
//!
//! Run: `cargo bench --bench ordered -- --warm-up-time 1 --measurement-time 3`;
//! results in docs/benchmarks.md.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::ordered::SkipList;
use sketchfold_benchmarks::rng::Rng;

const N: usize = 1_000_000;

/// splitmix64, so every peer sees the same keys.
fn keys(n: usize, seed: u64) -> Vec<u64> {
    let mut rng = Rng(seed);
    (0..n).map(|_| rng.next()).collect()
}

fn ours(keys: &[u64]) -> SkipList<u64, u64> {
    let mut m = SkipList::new(&());
    for &k in keys {
        m.insert(k, k).unwrap();
    }
    m
}

fn btree(keys: &[u64]) -> BTreeMap<u64, u64> {
    let mut m = BTreeMap::new();
    for &k in keys {
        m.insert(k, k);
    }
    m
}

fn crossbeam(keys: &[u64]) -> crossbeam_skiplist::SkipMap<u64, u64> {
    let m = crossbeam_skiplist::SkipMap::new();
    for &k in keys {
        m.insert(k, k);
    }
    m
}

fn skiplist_crate(keys: &[u64]) -> skiplist::SkipMap<u64, u64> {
    let mut m = skiplist::SkipMap::new();
    for &k in keys {
        m.insert(k, k);
    }
    m
}

/// Every peer holds the same entries, before anything is timed.
fn check_peers(keys: &[u64]) {
    let (a, b, c, d) = (
        ours(keys),
        btree(keys),
        crossbeam(keys),
        skiplist_crate(keys),
    );
    assert_eq!(a.len(), b.len());
    assert_eq!(c.len(), b.len());
    assert_eq!(d.len(), b.len());
    for &k in keys.iter().step_by(997) {
        assert_eq!(a.get(&k), b.get(&k));
        assert_eq!(c.get(&k).map(|e| *e.value()), b.get(&k).copied());
        assert_eq!(d.get(&k), b.get(&k));
    }
    assert_eq!(a.first().map(|e| *e.0), b.keys().next().copied());
    assert_eq!(a.last().map(|e| *e.0), b.keys().next_back().copied());
    let sum: u64 = b.values().fold(0, |s, v| s.wrapping_add(*v));
    assert_eq!(a.aggregate(..).unwrap(), sum);
}

fn bench_map_ops(c: &mut Criterion) {
    let ks = keys(N, 1);
    check_peers(&ks);
    let mut lookups = ks.clone();
    lookups.rotate_left(N / 3);
    lookups.reverse();

    let mut g = c.benchmark_group("ordered_insert");
    g.throughput(Throughput::Elements(N as u64)).sample_size(10);
    g.bench_function("sketchfold_skiplist", |b| {
        b.iter(|| black_box(ours(&ks)).len())
    });
    g.bench_function("btreemap", |b| b.iter(|| black_box(btree(&ks)).len()));
    g.bench_function("crossbeam_skiplist", |b| {
        b.iter(|| black_box(crossbeam(&ks)).len())
    });
    g.bench_function("skiplist_crate", |b| {
        b.iter(|| black_box(skiplist_crate(&ks)).len())
    });
    g.finish();

    let (a, bt, cb, sk) = (ours(&ks), btree(&ks), crossbeam(&ks), skiplist_crate(&ks));
    let mut sorted = ks.clone();
    sorted.sort_unstable();
    let mut g = c.benchmark_group("ordered_get");
    g.throughput(Throughput::Elements(N as u64)).sample_size(10);
    g.bench_function("baseline_sorted_vec_binary_search", |b| {
        b.iter(|| {
            lookups.iter().fold(0u64, |s, k| {
                s.wrapping_add(sorted.binary_search(k).map_or(0, |i| sorted[i]))
            })
        })
    });
    g.bench_function("sketchfold_skiplist", |b| {
        b.iter(|| {
            lookups
                .iter()
                .fold(0u64, |s, k| s.wrapping_add(*a.get(k).unwrap()))
        })
    });
    g.bench_function("btreemap", |b| {
        b.iter(|| {
            lookups
                .iter()
                .fold(0u64, |s, k| s.wrapping_add(*bt.get(k).unwrap()))
        })
    });
    g.bench_function("crossbeam_skiplist", |b| {
        b.iter(|| {
            lookups
                .iter()
                .fold(0u64, |s, k| s.wrapping_add(*cb.get(k).unwrap().value()))
        })
    });
    g.bench_function("skiplist_crate", |b| {
        b.iter(|| {
            lookups
                .iter()
                .fold(0u64, |s, k| s.wrapping_add(*sk.get(k).unwrap()))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("ordered_remove");
    g.throughput(Throughput::Elements(N as u64)).sample_size(10);
    g.bench_function("sketchfold_skiplist", |b| {
        b.iter_batched(
            || a.clone(),
            |mut m| {
                for k in &lookups {
                    m.remove(k);
                }
                m
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("btreemap", |b| {
        b.iter_batched(
            || bt.clone(),
            |mut m| {
                for k in &lookups {
                    m.remove(k);
                }
                m
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("crossbeam_skiplist", |b| {
        b.iter_batched(
            || crossbeam(&ks),
            |m| {
                for k in &lookups {
                    m.remove(k);
                }
                m
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("skiplist_crate", |b| {
        b.iter_batched(
            || skiplist_crate(&ks),
            |mut m| {
                for k in &lookups {
                    m.remove(k);
                }
                m
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    // 1,000 ranges of 1,000 entries: start keys from the sorted keys.
    let starts: Vec<(u64, u64)> = keys(1000, 2)
        .iter()
        .map(|r| {
            let i = (*r as usize) % (N - 1000);
            (sorted[i], sorted[i + 1000])
        })
        .collect();
    let mut g = c.benchmark_group("ordered_range_iter");
    g.throughput(Throughput::Elements(1000 * 1000))
        .sample_size(10);
    g.bench_function("sketchfold_skiplist", |b| {
        b.iter(|| {
            starts.iter().fold(0u64, |s, &(lo, hi)| {
                a.range(lo..hi).fold(s, |s, (_, v)| s.wrapping_add(*v))
            })
        })
    });
    g.bench_function("btreemap", |b| {
        b.iter(|| {
            starts.iter().fold(0u64, |s, &(lo, hi)| {
                bt.range(lo..hi).fold(s, |s, (_, v)| s.wrapping_add(*v))
            })
        })
    });
    g.bench_function("crossbeam_skiplist", |b| {
        b.iter(|| {
            starts.iter().fold(0u64, |s, &(lo, hi)| {
                cb.range(lo..hi).fold(s, |s, e| s.wrapping_add(*e.value()))
            })
        })
    });
    g.bench_function("skiplist_crate", |b| {
        b.iter(|| {
            starts.iter().fold(0u64, |s, &(lo, hi)| {
                sk.range(
                    std::ops::Bound::Included(&lo),
                    std::ops::Bound::Excluded(&hi),
                )
                .fold(s, |s, (_, v)| s.wrapping_add(*v))
            })
        })
    });
    g.finish();

    // Aggregates over ranges of growing size: u64 sums.
    let mut g = c.benchmark_group("ordered_aggregate_sum");
    g.sample_size(10);
    for size in [10usize, 100, 1_000, 10_000, 100_000] {
        let ranges: Vec<(u64, u64)> = keys(1000, 3)
            .iter()
            .map(|r| {
                let i = (*r as usize) % (N - size);
                (sorted[i], sorted[i + size])
            })
            .collect();
        for &(lo, hi) in ranges.iter().take(20) {
            let fold = bt.range(lo..hi).fold(0u64, |s, (_, v)| s.wrapping_add(*v));
            assert_eq!(a.aggregate(lo..hi).unwrap(), fold);
        }
        g.throughput(Throughput::Elements(ranges.len() as u64));
        g.bench_function(format!("sketchfold_aggregate/{size}"), |b| {
            b.iter(|| {
                ranges.iter().fold(0u64, |s, &(lo, hi)| {
                    s.wrapping_add(a.aggregate(lo..hi).unwrap())
                })
            })
        });
        g.bench_function(format!("btreemap_range_fold/{size}"), |b| {
            b.iter(|| {
                ranges.iter().fold(0u64, |s, &(lo, hi)| {
                    bt.range(lo..hi).fold(s, |s, (_, v)| s.wrapping_add(*v))
                })
            })
        });
    }
    g.finish();
}

fn bench_aggregate_hll(c: &mut Criterion) {
    const KEYS: u64 = 1 << 16;
    let params = HllParams::new(10).unwrap();
    let items = keys(8 * KEYS as usize, 4);
    let mut list: SkipList<u64, HyperLogLog> = SkipList::new(&params);
    let mut map = BTreeMap::new();
    for k in 0..KEYS {
        let mut h = HyperLogLog::with_params(params);
        for item in &items[(8 * k) as usize..(8 * k + 8) as usize] {
            h.insert(item);
        }
        list.insert(k, h.clone()).unwrap();
        map.insert(k, h);
    }
    let fold = |lo: u64, hi: u64| {
        let mut acc = HyperLogLog::with_params(params);
        for (_, h) in map.range(lo..hi) {
            acc.merge(h).unwrap();
        }
        acc
    };
    let mut g = c.benchmark_group("ordered_aggregate_hll");
    g.sample_size(10);
    for size in [16u64, 256, 4_096, 65_535] {
        let ranges: Vec<(u64, u64)> = keys(100, 5)
            .iter()
            .map(|r| {
                let lo = r % (KEYS - size);
                (lo, lo + size)
            })
            .collect();
        for &(lo, hi) in ranges.iter().take(3) {
            assert_eq!(list.aggregate(lo..hi).unwrap(), fold(lo, hi));
        }
        g.throughput(Throughput::Elements(ranges.len() as u64));
        g.bench_function(format!("sketchfold_aggregate/{size}"), |b| {
            b.iter(|| {
                ranges.iter().fold(0.0, |s, &(lo, hi)| {
                    s + list.aggregate(lo..hi).unwrap().estimate()
                })
            })
        });
        g.bench_function(format!("btreemap_range_fold/{size}"), |b| {
            b.iter(|| {
                ranges
                    .iter()
                    .fold(0.0, |s, &(lo, hi)| s + fold(lo, hi).estimate())
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = bench_map_ops, bench_aggregate_hll
}
criterion_main!(benches);
