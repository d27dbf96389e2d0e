//! Membership benches: sketchfold's split-block [`BloomFilter`] against the
//! Bloom filters of the peer crates, in one run and in the same criterion
//! groups, every filter sized by its own crate for 10^6 items at 1% (and,
//! in the `_0.1pct` groups, at 0.1%).
//!
//! Before timing, every filter is filled with the same 10^6 `u64` items and
//! its false-positive rate is measured on the same 2 x 10^6 non-members;
//! the table is printed (bits per item, measured rate) so that speed is
//! compared at a known rate. Groups (`Throughput::Elements` counts items):
//!
//! - `bloom_insert_1pct`, `bloom_insert_0.1pct`: 10^6 items into a fresh
//!   filter (construction timed too: zeroing about 1.3 MB, under 1%);
//! - `bloom_contains_hit_*`: the 10^6 inserted items looked up;
//! - `bloom_contains_miss_*`: 10^6 never-inserted items looked up;
//! - `bloom_prehashed_1pct`: sketchfold and fastbloom (the only peer with a
//!   pre-hashed path) fed the same precomputed XXH3 hashes, which isolates
//!   the layouts from the hash functions;
//! - `bloom_merge_1pct`: one filled filter into another (peers that can
//!   merge: fastbloom, datasketches, pdatastructs); the destination is
//!   cloned in an untimed setup;
//! - `bloom_merge_all_1pct`: 16 filters (10^6 / 16 items each) into an
//!   empty one: sketchfold's `merge_all` against a loop of `merge`, and
//!   fastbloom's `union` in a loop.
//!
//! Each group has a hash-only baseline: sketchfold's `StableHash` of every
//! item, xor-folded, the least any seeded filter must pay per item.
//!
//! Peers and how they hash (their defaults):
//!
//! - `fastbloom` 0.14: `BloomFilter::with_false_pos(r).seed(..).expected_items(n)`,
//!   a classic filter (k bits anywhere) over 64-bit words, one seeded
//!   SipHash-1-3 source hash expanded by double hashing;
//! - `bloomfilter` 3: `Bloom::new_for_fp_rate_with_seed`, classic, two
//!   SipHash-1-3 hashes (keyed by the two halves of the 32-byte seed,
//!   which must differ), double hashing;
//! - `datasketches` 0.6: `BloomFilterBuilder::with_accuracy(n, r)`,
//!   classic, two XXH64 hashes (the second seeded by the first), double
//!   hashing, as Apache DataSketches does;
//! - `pdatastructs` 0.7: `BloomFilter::with_properties(n, r)`, classic,
//!   SipHash-1-3 (std's `DefaultHasher`), one hash per bit;
//! - `probabilistic-collections` 0.7: `BloomFilter::new(n, r)`, classic,
//!   two SipHash hashes, no merge.
//!
//! Run: `cargo bench --bench membership` (about six minutes on two cores);
//! results in docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, Throughput,
};
use pdatastructs::filters::Filter as _;
use sketchfold::algebra::Semigroup;
use sketchfold::hash::{StableHash, DEFAULT_SEED};
use sketchfold::membership::{BloomFilter, BloomParams, Layout};

/// Items inserted into every filter.
const N: u64 = 1_000_000;
/// Non-members queried to measure each filter's false-positive rate.
const FPR_QUERIES: u64 = 2_000_000;
/// The first non-member: far above every inserted item.
const MISS_BASE: u64 = 1 << 40;

type Wall<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// What the bench needs of a filter.
trait Peer: Sized {
    /// A filter for `N` items at rate `r`, built the crate's own way.
    fn build(r: f64) -> Self;
    fn insert(&mut self, x: u64);
    fn contains(&self, x: u64) -> bool;
    /// Bits of filter memory.
    fn bits(&self) -> u64;
    /// Merges `other` into `self`; false if the crate cannot.
    fn merge(&mut self, _other: &Self) -> bool {
        false
    }
    /// A copy, for the filters that can merge.
    fn duplicate(&self) -> Option<Self> {
        None
    }
}

#[derive(Clone)]
struct Sf<const WIDE: bool>(BloomFilter);

impl<const WIDE: bool> Peer for Sf<WIDE> {
    fn build(r: f64) -> Self {
        let layout = if WIDE {
            Layout::SplitBlock512
        } else {
            Layout::SplitBlock256
        };
        Sf(BloomFilter::with_params(
            BloomParams::sized(layout, N, r)
                .expect("valid parameters")
                .with_seed(DEFAULT_SEED),
        ))
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        self.0.insert(&x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.contains(&x)
    }
    fn bits(&self) -> u64 {
        self.0.bit_count()
    }
    fn merge(&mut self, other: &Self) -> bool {
        self.0.merge(&other.0).is_ok()
    }
    fn duplicate(&self) -> Option<Self> {
        Some(self.clone())
    }
}

#[derive(Clone)]
struct Fast(fastbloom::BloomFilter);

impl Peer for Fast {
    fn build(r: f64) -> Self {
        Fast(
            fastbloom::BloomFilter::with_false_pos(r)
                .seed(&0x5eed)
                .expected_items(N as usize),
        )
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        self.0.insert(&x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.contains(&x)
    }
    fn bits(&self) -> u64 {
        self.0.num_bits() as u64
    }
    fn merge(&mut self, other: &Self) -> bool {
        self.0.union(&other.0);
        true
    }
    fn duplicate(&self) -> Option<Self> {
        Some(self.clone())
    }
}

#[derive(Clone)]
struct Bf(bloomfilter::Bloom<u64>);

impl Peer for Bf {
    fn build(r: f64) -> Self {
        // The two halves of the seed key its two SipHash hashers: equal
        // halves would make both hashes equal and the double hashing
        // degenerate (a 3.7% rate at a 1% target).
        let seed: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(1));
        Bf(bloomfilter::Bloom::new_for_fp_rate_with_seed(N as usize, r, &seed).expect("valid"))
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        self.0.set(&x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.check(&x)
    }
    fn bits(&self) -> u64 {
        self.0.len()
    }
}

#[derive(Clone)]
struct Ds(datasketches::bloom::BloomFilter);

impl Peer for Ds {
    fn build(r: f64) -> Self {
        Ds(datasketches::bloom::BloomFilterBuilder::with_accuracy(N, r)
            .build()
            .expect("valid"))
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        self.0.insert(x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.contains(&x)
    }
    fn bits(&self) -> u64 {
        self.0.capacity() as u64
    }
    fn merge(&mut self, other: &Self) -> bool {
        self.0.union(&other.0).is_ok()
    }
    fn duplicate(&self) -> Option<Self> {
        Some(self.clone())
    }
}

#[derive(Clone)]
struct Pd(pdatastructs::filters::bloomfilter::BloomFilter<u64>);

impl Peer for Pd {
    fn build(r: f64) -> Self {
        Pd(pdatastructs::filters::bloomfilter::BloomFilter::with_properties(N as usize, r))
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        let _ = self.0.insert(&x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.query(&x)
    }
    fn bits(&self) -> u64 {
        self.0.m() as u64
    }
    fn merge(&mut self, other: &Self) -> bool {
        self.0.union(&other.0).is_ok()
    }
    fn duplicate(&self) -> Option<Self> {
        Some(self.clone())
    }
}

struct Pc(probabilistic_collections::bloom::BloomFilter<u64>);

impl Peer for Pc {
    fn build(r: f64) -> Self {
        Pc(probabilistic_collections::bloom::BloomFilter::new(
            N as usize, r,
        ))
    }
    #[inline]
    fn insert(&mut self, x: u64) {
        self.0.insert(&x);
    }
    #[inline]
    fn contains(&self, x: u64) -> bool {
        self.0.contains(&x)
    }
    fn bits(&self) -> u64 {
        self.0.len() as u64
    }
}

fn filled<P: Peer>(r: f64) -> P {
    let mut f = P::build(r);
    for x in 0..N {
        f.insert(x);
    }
    f
}

/// Prints bits per item and the measured rate; panics on a false negative.
fn check<P: Peer>(name: &str, r: f64) -> f64 {
    let f = filled::<P>(r);
    assert!((0..N).all(|x| f.contains(x)), "{name}: a false negative");
    let fp = (0..FPR_QUERIES)
        .filter(|i| f.contains(MISS_BASE + i))
        .count();
    let rate = fp as f64 / FPR_QUERIES as f64;
    println!(
        "  {name:<28} {:>6.2} bits/item  measured FPR {:.4}% (target {}%)",
        f.bits() as f64 / N as f64,
        rate * 100.0,
        r * 100.0
    );
    rate
}

fn heavy(g: &mut Wall<'_>) {
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
}

fn hash_only(g: &mut Wall<'_>, items: &[u64]) {
    g.bench_function("hash_only/sketchfold_stable_hash", |b| {
        b.iter(|| {
            items
                .iter()
                .fold(0u64, |acc, x| acc ^ black_box(x).stable_hash(DEFAULT_SEED))
        })
    });
}

fn bench_insert<P: Peer>(g: &mut Wall<'_>, name: &str, r: f64) {
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut f = P::build(r);
            for x in 0..N {
                f.insert(black_box(x));
            }
            f
        })
    });
}

fn bench_contains<P: Peer>(g: &mut Wall<'_>, name: &str, r: f64, base: u64) {
    let f = filled::<P>(r);
    g.bench_function(name, |b| {
        b.iter(|| {
            (base..base + N)
                .filter(|&x| f.contains(black_box(x)))
                .count()
        })
    });
}

fn bench_merge<P: Peer>(g: &mut Wall<'_>, name: &str, r: f64) {
    let a = filled::<P>(r);
    let mut other = P::build(r);
    for x in N..2 * N {
        other.insert(x);
    }
    let Some(mut probe) = a.duplicate() else {
        return; // the crate cannot merge
    };
    assert!(probe.merge(&other), "{name}: merge failed");
    assert!(
        (0..2 * N).all(|x| probe.contains(x)),
        "{name}: merge lost items"
    );
    g.bench_function(name, |b| {
        b.iter_batched_ref(
            || a.duplicate().expect("checked above"),
            |dst| dst.merge(black_box(&other)),
            BatchSize::NumIterations(8),
        )
    });
}

/// Every peer, in table order.
macro_rules! each_peer {
    ($f:ident, $($args:expr),*) => {
        $f::<Sf<false>>($($args,)* "sketchfold/split_block_256");
        $f::<Sf<true>>($($args,)* "sketchfold/split_block_512");
        $f::<Fast>($($args,)* "fastbloom");
        $f::<Bf>($($args,)* "bloomfilter");
        $f::<Ds>($($args,)* "datasketches");
        $f::<Pd>($($args,)* "pdatastructs");
        $f::<Pc>($($args,)* "probabilistic_collections");
    };
}

fn rate_groups(c: &mut Criterion, r: f64, label: &str) {
    println!("\nfalse-positive rates, {N} items, {FPR_QUERIES} non-member queries:");
    fn chk<P: Peer>(r: f64, name: &str) {
        check::<P>(name, r);
    }
    each_peer!(chk, r);
    let items: Vec<u64> = (0..N).collect();

    let mut g = c.benchmark_group(format!("bloom_insert_{label}"));
    heavy(&mut g);
    g.throughput(Throughput::Elements(N));
    hash_only(&mut g, &items);
    g.bench_function("sketchfold/insert_batch_256", |b| {
        b.iter(|| {
            let mut f = Sf::<false>::build(r).0;
            f.insert_batch(&items);
            f
        })
    });
    fn ins<P: Peer>(g: &mut Wall<'_>, r: f64, name: &str) {
        bench_insert::<P>(g, name, r);
    }
    each_peer!(ins, &mut g, r);
    g.finish();

    for (what, base) in [("hit", 0), ("miss", MISS_BASE)] {
        let mut g = c.benchmark_group(format!("bloom_contains_{what}_{label}"));
        heavy(&mut g);
        g.throughput(Throughput::Elements(N));
        hash_only(&mut g, &items);
        fn con<P: Peer>(g: &mut Wall<'_>, r: f64, base: u64, name: &str) {
            bench_contains::<P>(g, name, r, base);
        }
        each_peer!(con, &mut g, r, base);
        g.finish();
    }
}

fn prehashed(c: &mut Criterion) {
    let r = 0.01;
    let hashes: Vec<u64> = (0..N).map(|x| x.stable_hash(DEFAULT_SEED)).collect();
    let misses: Vec<u64> = (MISS_BASE..MISS_BASE + N)
        .map(|x| x.stable_hash(DEFAULT_SEED))
        .collect();
    let mut g = c.benchmark_group("bloom_prehashed_1pct");
    heavy(&mut g);
    g.throughput(Throughput::Elements(N));
    g.bench_function("sketchfold/insert_hash", |b| {
        b.iter(|| {
            let mut f = Sf::<false>::build(r).0;
            for &h in &hashes {
                f.insert_hash(black_box(h));
            }
            f
        })
    });
    g.bench_function("fastbloom/insert_hash", |b| {
        b.iter(|| {
            let mut f = Fast::build(r).0;
            for &h in &hashes {
                f.insert_hash(black_box(h));
            }
            f
        })
    });
    let mut sf = Sf::<false>::build(r).0;
    let mut fb = Fast::build(r).0;
    for &h in &hashes {
        sf.insert_hash(h);
        fb.insert_hash(h);
    }
    let sf_fp = misses.iter().filter(|&&h| sf.contains_hash(h)).count();
    let fb_fp = misses.iter().filter(|&&h| fb.contains_hash(h)).count();
    println!(
        "\npre-hashed, 10^6 non-member hashes: sketchfold FPR {:.4}%, fastbloom FPR {:.4}%",
        sf_fp as f64 / N as f64 * 100.0,
        fb_fp as f64 / N as f64 * 100.0
    );
    for (what, hs) in [("hit", &hashes), ("miss", &misses)] {
        g.bench_function(format!("sketchfold/contains_hash_{what}"), |b| {
            b.iter(|| {
                hs.iter()
                    .filter(|&&h| sf.contains_hash(black_box(h)))
                    .count()
            })
        });
        g.bench_function(format!("fastbloom/contains_hash_{what}"), |b| {
            b.iter(|| {
                hs.iter()
                    .filter(|&&h| fb.contains_hash(black_box(h)))
                    .count()
            })
        });
    }
    g.finish();
}

fn merge(c: &mut Criterion) {
    let mut g = c.benchmark_group("bloom_merge_1pct");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(1));
    fn mer<P: Peer>(g: &mut Wall<'_>, r: f64, name: &str) {
        bench_merge::<P>(g, name, r);
    }
    each_peer!(mer, &mut g, 0.01);
    g.finish();
}

/// Sources per `merge_all` bench.
const K: usize = 16;

fn merge_all(c: &mut Criterion) {
    let mut g = c.benchmark_group("bloom_merge_all_1pct");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(K as u64));
    let sources: Vec<BloomFilter> = (0..K as u64)
        .map(|k| {
            let mut f = Sf::<false>::build(0.01).0;
            f.extend(k * N / K as u64..(k + 1) * N / K as u64);
            f
        })
        .collect();
    let empty = Sf::<false>::build(0.01).0;
    g.bench_function("sketchfold/merge_all", |b| {
        b.iter_batched_ref(
            || empty.clone(),
            |dst| dst.merge_all(black_box(&sources)),
            BatchSize::NumIterations(4),
        )
    });
    g.bench_function("sketchfold/merge_loop", |b| {
        b.iter_batched_ref(
            || empty.clone(),
            |dst| {
                for s in &sources {
                    dst.merge(black_box(s)).expect("compatible");
                }
            },
            BatchSize::NumIterations(4),
        )
    });
    let fast: Vec<fastbloom::BloomFilter> = (0..K as u64)
        .map(|k| {
            let mut f = Fast::build(0.01).0;
            f.extend(k * N / K as u64..(k + 1) * N / K as u64);
            f
        })
        .collect();
    let fast_empty = Fast::build(0.01).0;
    g.bench_function("fastbloom/union_loop", |b| {
        b.iter_batched_ref(
            || fast_empty.clone(),
            |dst| {
                for s in &fast {
                    dst.union(black_box(s));
                }
            },
            BatchSize::NumIterations(4),
        )
    });
    g.finish();
}

fn all(c: &mut Criterion) {
    rate_groups(c, 0.01, "1pct");
    rate_groups(c, 0.001, "0.1pct");
    prehashed(c);
    merge(c);
    merge_all(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
