//! Frequency benches: sketchfold's [`CountMin`] and [`TopK`] against the
//! peer crates that build here, in one run and in the same criterion groups.
//!
//! Groups (`Throughput::Elements` counts items inserted or queried, or
//! counters merged):
//!
//! - `count_min_update/d{4,8}_w65536`: 100,000 items (a Zipf-like stream
//!   over 10^6 distinct `u64`s, built before timing) into a sketch of depth
//!   4 or 8 and width 2^16, with a hash-only baseline (sketchfold's
//!   `StableHash`, xor-folded) and sketchfold's pre-hashed `insert_hash`;
//! - `count_min_estimate/d{4,8}_w65536`: the same items queried on a filled
//!   sketch;
//! - `count_min_merge/d4_w65536`: one filled sketch merged into another
//!   (in place, repeatedly; counters only grow); sketchfold's `subtract`
//!   too (no peer can subtract a sketch);
//! - `count_min_merge_all/8x_d4_w65536`: eight sketches into one,
//!   sketchfold's blocked `merge_all` against a loop of merges;
//! - `top_k_insert/k100_d4_w65536`: the stream into a top-100 tracker;
//! - `space_saving_*`: SpaceSaving against the peers' heavy-hitter
//!   summaries (insert, merge, heavy-hitter query), in
//!   `frequency/space_saving.rs`, which documents them.
//!
//! Peers, configured to the same shape (checked before timing: every
//! estimate is at least the true count and the mean overestimate is within
//! a small factor of sketchfold's):
//!
//! - `datasketches` 0.6 (`countmin`): `CountMinSketch::<i64>::new(depth,
//!   65536)`, one seeded hash per row;
//! - `pdatastructs` 0.7: `CountMinSketch::<u64, u64>::with_params(65536,
//!   depth)` (SipHash, one hash per row); `CMSHeap` for top-k;
//! - `probabilistic-collections` 0.7: `CountMinSketch::<CountMinStrategy,
//!   u64>::new(depth, 65536)` (double SipHash);
//! - `streaming_algorithms` 0.3: `CountMinSketch::<u64, u64>::new(p, 2 /
//!   65536, ())` with `p` chosen for `depth` rows (its width is
//!   `next_pow2(2 / tolerance)`, its depth `floor(log2(1 / (1 - p)))`);
//!   `Top` for top-k. It updates conservatively (integer counters), so it
//!   is checked against, and shown next to, sketchfold's conservative
//!   sketch.
//!
//! Run: `cargo bench --bench frequency -- --warm-up-time 1
//! --measurement-time 3`; results in docs/benchmarks.md.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

#[path = "frequency/space_saving.rs"]
mod space_saving;
use probabilistic_collections::count_min_sketch::{CountMinSketch as PcCountMin, CountMinStrategy};
use sketchfold::algebra::{Group, Semigroup};
use sketchfold::family::Insert;
use sketchfold::frequency::{Conservative, CountMin, CountMinParams, TopK, TopKParams};
use sketchfold::hash::{StableHash, DEFAULT_SEED};
use sketchfold_benchmarks::rng::Rng;

type Wall<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Counters per row.
const WIDTH: usize = 1 << 16;
/// Items per timed batch.
const N: usize = 100_000;
/// Candidates kept by the top-k trackers.
const K: usize = 100;

/// A Zipf-like stream: item `floor(10^6 / u)` for `u` uniform in (0, 1],
/// so small items are frequent; deterministic (splitmix64).
fn stream(n: usize, seed: u64) -> Vec<u64> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let u = 1.0 - rng.unit(); // in (0, 1]
            ((1.0 / u) as u64).min(1_000_000) * 2_654_435_761 % 1_000_003
        })
        .collect()
}

fn sf(depth: usize) -> CountMin {
    CountMin::with_params(CountMinParams::with_size(WIDTH, depth).unwrap())
}

fn sf_cu(depth: usize) -> CountMin<Conservative> {
    CountMin::conservative_with_params(CountMinParams::with_size(WIDTH, depth).unwrap())
}

fn ds(depth: usize) -> datasketches::countmin::CountMinSketch<i64> {
    datasketches::countmin::CountMinSketch::new(depth as u8, WIDTH as u32).unwrap()
}

fn pd(depth: usize) -> pdatastructs::countminsketch::CountMinSketch<u64, u64> {
    pdatastructs::countminsketch::CountMinSketch::with_params(WIDTH, depth)
}

fn pc(depth: usize) -> PcCountMin<CountMinStrategy, u64> {
    PcCountMin::new(depth, WIDTH)
}

/// `p` such that streaming_algorithms builds `depth` rows.
fn sa_probability(depth: usize) -> f64 {
    1.0 - 2f64.powf(-(depth as f64 + 0.5))
}

fn sa(depth: usize) -> streaming_algorithms::CountMinSketch<u64, u64> {
    streaming_algorithms::CountMinSketch::new(sa_probability(depth), 2.0 / WIDTH as f64, ())
}

fn truth(items: &[u64]) -> HashMap<u64, i64> {
    let mut t = HashMap::new();
    for x in items {
        *t.entry(*x).or_insert(0) += 1;
    }
    t
}

/// Before timing: every peer holds the same shape. Fills each with 500,000
/// distinct items (about 7.6 per counter, so collisions are everywhere) and
/// checks that no estimate is below the true count and that the mean
/// overestimate is within a factor of two of sketchfold's, so that no peer
/// is timed with a table of another size or fewer rows than it claims.
fn check_comparable(depth: usize) {
    let items: Vec<u64> = (0..500_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    let mut errors: Vec<(&str, f64)> = Vec::new();
    let mut measure = |name: &'static str, est: &dyn Fn(u64) -> i64| {
        let mut sum = 0i64;
        for x in &items {
            let e = est(*x);
            assert!(
                e >= 1,
                "{name} d{depth}: estimate {e} below the true count 1"
            );
            sum += e - 1;
        }
        errors.push((name, sum as f64 / items.len() as f64));
    };
    let mut a = sf(depth);
    let mut cu = sf_cu(depth);
    let mut b = ds(depth);
    let mut c = pd(depth);
    let mut d = pc(depth);
    let mut e = sa(depth);
    for x in &items {
        a.insert(x).unwrap();
        cu.insert(x).unwrap();
        b.update(x);
        c.add(x);
        d.insert(x, 1);
        e.push(x, &1);
    }
    assert_eq!(
        (b.num_hashes() as usize, b.num_buckets() as usize),
        (depth, WIDTH)
    );
    assert_eq!((c.d(), c.w()), (depth, WIDTH));
    assert_eq!((d.rows(), d.cols()), (depth, WIDTH));
    measure("sketchfold", &|x| a.estimate(&x));
    measure("datasketches", &|x| b.estimate(x));
    measure("pdatastructs", &|x| c.query_point(&x) as i64);
    measure("probabilistic-collections", &|x| d.count(&x));
    // streaming_algorithms updates conservatively (for integer counters):
    // it is compared with sketchfold's conservative sketch.
    measure("sketchfold conservative", &|x| cu.estimate(&x));
    measure("streaming_algorithms (conservative)", &|x| e.get(&x) as i64);
    for (i, (name, err)) in errors.iter().enumerate() {
        let ours = if i < 4 { errors[0].1 } else { errors[4].1 };
        eprintln!("d{depth}: {name} mean overestimate {err:.3} (500,000 distinct items)");
        assert!(
            *err <= 2.0 * ours && *err >= 0.5 * ours,
            "{name} is not comparable: {err} vs {ours}"
        );
    }
}

fn group<'a>(c: &'a mut Criterion, name: &str, elements: usize) -> Wall<'a> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(elements as u64));
    g.sample_size(20);
    g.warm_up_time(Duration::from_secs(1));
    g
}

fn bench_update(c: &mut Criterion, depth: usize, items: &[u64]) {
    let mut g = group(c, &format!("count_min_update/d{depth}_w65536"), items.len());
    g.bench_function("hash only (sketchfold StableHash)", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for x in items {
                acc ^= x.stable_hash(DEFAULT_SEED);
            }
            black_box(acc)
        })
    });
    let mut a = sf(depth);
    g.bench_function("sketchfold insert", |b| {
        b.iter(|| {
            for x in items {
                a.insert(x).unwrap();
            }
        })
    });
    let hashes: Vec<u64> = items.iter().map(|x| a.hash(x)).collect();
    let mut a = sf(depth);
    g.bench_function("sketchfold insert_hash (pre-hashed)", |b| {
        b.iter(|| {
            for h in &hashes {
                a.insert_hash(*h).unwrap();
            }
        })
    });
    let mut a = sf_cu(depth);
    g.bench_function("sketchfold conservative insert", |b| {
        b.iter(|| {
            for x in items {
                a.insert(x).unwrap();
            }
        })
    });
    let mut s = ds(depth);
    g.bench_function("datasketches update", |b| {
        b.iter(|| {
            for x in items {
                s.update(x);
            }
        })
    });
    let mut s = pd(depth);
    g.bench_function("pdatastructs add", |b| {
        b.iter(|| {
            for x in items {
                s.add(x);
            }
        })
    });
    let mut s = pc(depth);
    g.bench_function("probabilistic-collections insert", |b| {
        b.iter(|| {
            for x in items {
                s.insert(x, 1);
            }
        })
    });
    let mut s = sa(depth);
    g.bench_function("streaming_algorithms push (conservative)", |b| {
        b.iter(|| {
            for x in items {
                black_box(s.push(x, &1));
            }
        })
    });
    g.finish();
}

fn bench_estimate(c: &mut Criterion, depth: usize, items: &[u64]) {
    let mut g = group(
        c,
        &format!("count_min_estimate/d{depth}_w65536"),
        items.len(),
    );
    let mut a = sf(depth);
    let mut b_ = ds(depth);
    let mut c_ = pd(depth);
    let mut d = pc(depth);
    let mut e = sa(depth);
    for x in items {
        a.insert(x).unwrap();
        b_.update(x);
        c_.add(x);
        d.insert(x, 1);
        e.push(x, &1);
    }
    fn sum(f: impl Fn(u64) -> i64, items: &[u64]) -> i64 {
        items.iter().map(|x| f(*x)).fold(0, i64::wrapping_add)
    }
    g.bench_function("sketchfold estimate", |b| {
        b.iter(|| black_box(sum(|x| a.estimate(&x), items)))
    });
    g.bench_function("datasketches estimate", |b| {
        b.iter(|| black_box(sum(|x| b_.estimate(x), items)))
    });
    g.bench_function("pdatastructs query_point", |b| {
        b.iter(|| black_box(sum(|x| c_.query_point(&x) as i64, items)))
    });
    g.bench_function("probabilistic-collections count", |b| {
        b.iter(|| black_box(sum(|x| d.count(&x), items)))
    });
    g.bench_function("streaming_algorithms get", |b| {
        b.iter(|| black_box(sum(|x| e.get(&x) as i64, items)))
    });
    g.finish();
}

fn bench_merge(c: &mut Criterion, items: &[u64]) {
    let depth = 4;
    let mut g = group(c, "count_min_merge/d4_w65536", WIDTH * depth);
    let mut other = sf(depth);
    other.try_extend(items).unwrap();
    let mut a = other.clone();
    g.bench_function("sketchfold merge", |b| {
        b.iter(|| a.merge(black_box(&other)).unwrap())
    });
    // A window that holds the pane many times over, so that repeated
    // subtraction keeps every counter non-negative (as a sliding window does).
    let mut window = sf(depth);
    for x in items {
        window.insert_weighted(x, 1 << 24).unwrap();
    }
    g.bench_function("sketchfold subtract", |b| {
        b.iter(|| window.subtract(black_box(&other)).unwrap())
    });
    let mut other = ds(depth);
    for x in items {
        other.update(x);
    }
    let mut s = other.clone();
    g.bench_function("datasketches merge", |b| {
        b.iter(|| s.merge(black_box(&other)).unwrap())
    });
    let mut other = pd(depth);
    for x in items {
        other.add(x);
    }
    let mut s = other.clone();
    g.bench_function("pdatastructs merge", |b| {
        b.iter(|| s.merge(black_box(&other)))
    });
    g.finish();
}

fn bench_merge_all(c: &mut Criterion, items: &[u64]) {
    let depth = 4;
    let parts = 8;
    let mut g = group(c, "count_min_merge_all/8x_d4_w65536", WIDTH * depth * parts);
    let ours: Vec<CountMin> = (0..parts)
        .map(|p| {
            let mut cm = sf(depth);
            cm.try_extend(&items[p * 1000..p * 1000 + 10_000]).unwrap();
            cm
        })
        .collect();
    let mut a = sf(depth);
    g.bench_function("sketchfold merge_all", |b| {
        b.iter(|| a.merge_all(black_box(&ours)).unwrap())
    });
    let mut a = sf(depth);
    g.bench_function("sketchfold merge, one by one", |b| {
        b.iter(|| {
            for o in &ours {
                a.merge(black_box(o)).unwrap();
            }
        })
    });
    let theirs: Vec<_> = (0..parts)
        .map(|p| {
            let mut s = ds(depth);
            for x in &items[p * 1000..p * 1000 + 10_000] {
                s.update(x);
            }
            s
        })
        .collect();
    let mut s = ds(depth);
    g.bench_function("datasketches merge, one by one", |b| {
        b.iter(|| {
            for o in &theirs {
                s.merge(black_box(o)).unwrap();
            }
        })
    });
    let theirs: Vec<_> = (0..parts)
        .map(|p| {
            let mut s = pd(depth);
            for x in &items[p * 1000..p * 1000 + 10_000] {
                s.add(x);
            }
            s
        })
        .collect();
    let mut s = pd(depth);
    g.bench_function("pdatastructs merge, one by one", |b| {
        b.iter(|| {
            for o in &theirs {
                s.merge(black_box(o));
            }
        })
    });
    g.finish();
}

fn bench_top_k(c: &mut Criterion, items: &[u64]) {
    // Before timing: all three find the same heaviest items.
    let mut a = TopK::<u64>::with_params(
        TopKParams::with_count_min(K, CountMinParams::with_size(WIDTH, 4).unwrap()).unwrap(),
    );
    let mut p = pdatastructs::topk::cmsheap::CMSHeap::new(
        K,
        pdatastructs::countminsketch::CountMinSketch::with_params(WIDTH, 4),
    );
    let mut s =
        streaming_algorithms::Top::<u64, u64>::new(K, sa_probability(4), 2.0 / WIDTH as f64, ());
    for x in items {
        a.insert(x).unwrap();
        p.add(*x);
        s.push(*x, &1);
    }
    let ours: Vec<u64> = a.top().iter().take(10).map(|(x, _)| *x).collect();
    let mut theirs: Vec<u64> = p.iter().collect();
    let mut streaming: Vec<u64> = s.iter().map(|(x, _)| *x).collect();
    let mut true_top: Vec<(u64, i64)> = truth(items).into_iter().collect();
    true_top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    theirs.sort_unstable();
    streaming.sort_unstable();
    for (x, _) in true_top.iter().take(10) {
        assert!(ours.contains(x), "sketchfold misses heavy item {x}");
        assert!(theirs.binary_search(x).is_ok(), "pdatastructs misses {x}");
        assert!(
            streaming.binary_search(x).is_ok(),
            "streaming_algorithms misses {x}"
        );
    }

    let mut g = group(c, "top_k_insert/k100_d4_w65536", items.len());
    g.bench_function("sketchfold TopK insert", |b| {
        b.iter(|| {
            let mut t = TopK::<u64>::with_params(
                TopKParams::with_count_min(K, CountMinParams::with_size(WIDTH, 4).unwrap())
                    .unwrap(),
            );
            for x in items {
                t.insert(x).unwrap();
            }
            t
        })
    });
    g.bench_function("pdatastructs CMSHeap add", |b| {
        b.iter(|| {
            let mut t = pdatastructs::topk::cmsheap::CMSHeap::new(
                K,
                pdatastructs::countminsketch::CountMinSketch::with_params(WIDTH, 4),
            );
            for x in items {
                t.add(*x);
            }
            t
        })
    });
    g.bench_function("streaming_algorithms Top push", |b| {
        b.iter(|| {
            let mut t = streaming_algorithms::Top::<u64, u64>::new(
                K,
                sa_probability(4),
                2.0 / WIDTH as f64,
                (),
            );
            for x in items {
                t.push(*x, &1);
            }
            t
        })
    });
    g.finish();
}

fn count_min_benches(c: &mut Criterion) {
    let items = stream(N, 1);
    for depth in [4, 8] {
        check_comparable(depth);
        bench_update(c, depth, &items);
        bench_estimate(c, depth, &items);
    }
    bench_merge(c, &items);
    bench_merge_all(c, &items);
}

fn top_k_benches(c: &mut Criterion) {
    bench_top_k(c, &stream(N, 2));
}

criterion_group!(
    benches,
    count_min_benches,
    top_k_benches,
    space_saving::space_saving_benches
);
criterion_main!(benches);
