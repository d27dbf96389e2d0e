//! The cost of one slide (push the newest pane, evict the oldest, query
//! the window) as the window grows from 10 to 10,000 panes.
//!
//! - `slide_cost/u64/{daba,subtracting,recompute}/LEN`: panes are u64
//!   sums, so the time is the algorithms' own bookkeeping;
//! - `slide_cost/hll12/{daba,recompute}/LEN`: panes are HyperLogLogs of
//!   precision 12 (dense, 4 KiB), which is not a group;
//! - `slide_cost/countmin/{daba,subtracting}/LEN`: panes are 1024 x 4
//!   Count-Min sketches, a group.
//!
//! DABA costs at most 6 merges per slide and subtraction 2, whatever the
//! window length; the re-merge baseline (Spark's window without an inverse
//! function) costs `LEN - 1`. Every pane value is cloned from a pool of 64
//! before it is pushed, the same for every algorithm.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use sketchfold::algebra::{Commutative, Group, Monoid};
use sketchfold::cardinality::HyperLogLog;
use sketchfold::frequency::{CountMin, CountMinParams};
use sketchfold::stream::sliding::{Daba, Recompute, SlidingAggregator, Subtracting};

/// Window lengths, in panes.
const LENGTHS: [usize; 4] = [10, 100, 1000, 10_000];

/// Distinct pane values cycled through.
const POOL: usize = 64;

/// Times one slide of `window`, prefilled with `len` panes from `pool`.
fn slide<T: Monoid + Clone, W: SlidingAggregator<T>>(
    c: &mut Criterion,
    group: &str,
    name: &str,
    len: usize,
    pool: &[T],
    mut window: W,
) {
    for i in 0..len {
        window.push(pool[i % pool.len()].clone()).unwrap();
    }
    let mut next = len;
    let mut g = c.benchmark_group("slide_cost");
    if len >= 1000 {
        g.sample_size(20);
    }
    g.bench_function(BenchmarkId::new(format!("{group}/{name}"), len), |b| {
        b.iter(|| {
            window.push(pool[next % pool.len()].clone()).unwrap();
            next += 1;
            window.evict().unwrap();
            black_box(window.query().unwrap())
        })
    });
    g.finish();
}

/// DABA and the re-merge baseline over panes from `pool`.
fn monoid_panes<T: Monoid + Clone>(
    c: &mut Criterion,
    group: &str,
    pool: &[T],
    max_recompute: usize,
) {
    let params = pool[0].params();
    for len in LENGTHS {
        slide(c, group, "daba", len, pool, Daba::new(params.clone()));
        if len <= max_recompute {
            slide(
                c,
                group,
                "recompute",
                len,
                pool,
                Recompute::new(params.clone()),
            );
        }
    }
}

/// Subtraction over panes from `pool` (a commutative group).
fn group_panes<T: Group + Commutative + Clone>(c: &mut Criterion, group: &str, pool: &[T]) {
    for len in LENGTHS {
        slide(
            c,
            group,
            "subtracting",
            len,
            pool,
            Subtracting::new(pool[0].params()),
        );
    }
}

/// Every `slide_cost` bench.
pub fn benches(c: &mut Criterion) {
    let sums: Vec<u64> = (0..POOL as u64).map(|i| i * 977 + 1).collect();
    monoid_panes(c, "u64", &sums, usize::MAX);
    group_panes(c, "u64", &sums);

    let hlls: Vec<HyperLogLog> = (0..POOL as u64)
        .map(|p| {
            let mut h = HyperLogLog::new(12);
            h.extend((p * 5000..p * 5000 + 20_000).map(|u| u.to_le_bytes()));
            h
        })
        .collect();
    monoid_panes(c, "hll12", &hlls, 10_000);

    let sketches: Vec<CountMin> = (0..POOL as u64)
        .map(|p| {
            let mut cm = CountMin::with_params(CountMinParams::with_size(1024, 4).unwrap());
            for i in 0..2000u64 {
                cm.insert(&(p * 31 + i % 500)).unwrap();
            }
            cm
        })
        .collect();
    monoid_panes(c, "countmin", &sketches, 0);
    group_panes(c, "countmin", &sketches);
}
