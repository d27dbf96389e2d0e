//! Similarity benches: sketchfold's [`MinHash`] (one-permutation hashing
//! with optimal densification, and the classic `k`-hash signature) against
//! probminhash 0.1's `OptDensMinHash` (also one-permutation hashing with
//! Shrivastava's optimal densification) and `SuperMinHash` (Ertl 2017), in
//! one run and in the same criterion groups, every signature of `k = 128`
//! values.
//!
//! Before timing, the root-mean-square error of each signature's Jaccard
//! estimate is measured on pairs of 1,000-element sets of known Jaccard 0.1,
//! 0.5 and 0.9 over 200 relabelings of the elements (random `u64`s, so
//! every relabeling is an independent draw of every hash), printed next to
//! the binomial standard error `sqrt(J (1 - J) / k)`, and checked to be
//! within 1.25 times it (200 relabelings measure an RMSE within about 5%),
//! so that speed is compared at a known error. Groups
//! (`Throughput::Elements` counts elements or signature values):
//!
//! - `minhash_sign_1000_k128`: a fresh signature of 1,000 random `u64`
//!   elements, densified: sketchfold's `insert_batch` then `values()`;
//!   probminhash's `sketch_slice` (which densifies) then
//!   `get_hsketch_u64()` / `get_hsketch()`;
//! - `minhash_jaccard_k128`: the estimate from two signatures of sets of
//!   Jaccard 0.5 (sketchfold's `jaccard`, probminhash's
//!   `compute_probminhash_jaccard` on the `u64` signatures, densified when
//!   they were built); sketchfold densifies at comparison time, so it is
//!   timed on 750-element sets (one empty bin in the pair timed) and on
//!   5,000-element sets (no empty bin);
//! - `minhash_merge_k128`: sketchfold's merge of one signature into another
//!   (probminhash's signatures have no merge).
//!
//! Hashing: sketchfold hashes each element with its seeded XXH3
//! (`StableHash`); the probminhash signatures are given probminhash's
//! `NoHashHasher`, which passes the (already random) `u64` element through,
//! so they pay no item hash at all. The `hash_only` baseline is
//! sketchfold's XXH3 of every element, xor-folded.
//!
//! Run: `cargo bench --bench similarity -- --warm-up-time 1
//! --measurement-time 3`; results in docs/benchmarks.md.

use std::hash::BuildHasherDefault;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use probminhash::densminhash::OptDensMinHash;
use probminhash::jaccard::compute_probminhash_jaccard;
use probminhash::nohasher::NoHashHasher;
use probminhash::superminhasher::SuperMinHash;
use sketchfold::algebra::Semigroup;
use sketchfold::hash::{StableHash, DEFAULT_SEED};
use sketchfold::similarity::{jaccard_standard_error, MinHash, MinHashParams, Variant};
use sketchfold_benchmarks::rng::splitmix64;

/// Signature length.
const K: usize = 128;
/// Elements per signed set.
const N: u64 = 1_000;
/// Relabelings over which each signature's RMSE is measured.
const RELABELINGS: u64 = 200;

type NoHash = BuildHasherDefault<NoHashHasher>;

/// splitmix64: the random `u64` labels of the elements.
fn label(x: u64) -> u64 {
    splitmix64(x)
}

/// Two sets of `N`... elements, `shared` common and `only` of their own
/// each, labelled by relabeling `r`.
fn pair(shared: u64, only: u64, r: u64) -> (Vec<u64>, Vec<u64>) {
    let base = r << 32;
    let l = |i: u64| label(base + i);
    let a = (0..shared + only).map(l).collect();
    let b = (0..shared)
        .chain(shared + only..shared + 2 * only)
        .map(l)
        .collect();
    (a, b)
}

/// A signature under test: a `u64` signature of a set of elements.
#[derive(Clone, Copy, Debug)]
enum Signer {
    OnePermutation,
    Classic,
    OptDens,
    SuperMinHash,
}

const SIGNERS: [Signer; 4] = [
    Signer::OnePermutation,
    Signer::Classic,
    Signer::OptDens,
    Signer::SuperMinHash,
];

impl Signer {
    fn name(self) -> &'static str {
        match self {
            Signer::OnePermutation => "sketchfold_one_permutation",
            Signer::Classic => "sketchfold_classic",
            Signer::OptDens => "probminhash_optdens",
            Signer::SuperMinHash => "probminhash_superminhash",
        }
    }

    /// The densified signature of `items`, as `u64`s (SuperMinHash's
    /// float values by their bits).
    fn sign(self, items: &[u64]) -> Vec<u64> {
        match self {
            Signer::OnePermutation | Signer::Classic => {
                let variant = if matches!(self, Signer::Classic) {
                    Variant::Classic
                } else {
                    Variant::OnePermutation
                };
                let mut m = MinHash::with_params(
                    MinHashParams::new(K)
                        .unwrap()
                        .with_variant(variant)
                        .with_seed(DEFAULT_SEED),
                );
                m.insert_batch(items);
                m.values()
            }
            Signer::OptDens => {
                let mut s = OptDensMinHash::<f64, u64, NoHashHasher>::new(K, NoHash::default());
                s.sketch_slice(items).unwrap();
                s.get_hsketch_u64()
            }
            Signer::SuperMinHash => {
                let mut s = SuperMinHash::<f64, u64, NoHashHasher>::new(K, NoHash::default());
                s.sketch_slice(items).unwrap();
                s.get_hsketch().iter().map(|v| v.to_bits()).collect()
            }
        }
    }
}

/// Prints and checks the RMSE of every signer at Jaccard 0.1, 0.5, 0.9.
fn check_accuracy() {
    println!("MinHash RMSE over {RELABELINGS} relabelings, k = {K}, 1,000-element unions:");
    for (shared, only, j) in [(100, 450, 0.1), (500, 250, 0.5), (900, 50, 0.9)] {
        let theory = jaccard_standard_error(j, K);
        for signer in SIGNERS {
            let mut sq = 0.0;
            for r in 0..RELABELINGS {
                let (a, b) = pair(shared, only, r);
                let e = compute_probminhash_jaccard(&signer.sign(&a), &signer.sign(&b));
                sq += (e - j) * (e - j);
            }
            let rmse = (sq / RELABELINGS as f64).sqrt();
            println!(
                "  J {j}: {:<28} RMSE {rmse:.4} (theory {theory:.4}, ratio {:.3})",
                signer.name(),
                rmse / theory
            );
            assert!(
                rmse <= 1.25 * theory,
                "{} at J {j}: RMSE {rmse} is not comparable to {theory}",
                signer.name()
            );
        }
    }
}

fn sign(c: &mut Criterion) {
    check_accuracy();
    let items: Vec<u64> = (0..N).map(|i| label(i ^ 0xABCD_0000_0000)).collect();
    let mut g = c.benchmark_group("minhash_sign_1000_k128");
    g.throughput(Throughput::Elements(N));
    g.bench_function("hash_only", |bch| {
        bch.iter(|| {
            black_box(&items)
                .iter()
                .fold(0u64, |acc, x| acc ^ x.stable_hash(DEFAULT_SEED))
        })
    });
    for signer in SIGNERS {
        g.bench_function(signer.name(), |bch| {
            bch.iter(|| signer.sign(black_box(&items)))
        });
    }
    g.finish();
}

fn jaccard(c: &mut Criterion) {
    let p = MinHashParams::new(K)
        .unwrap()
        .with_variant(Variant::OnePermutation)
        .with_seed(DEFAULT_SEED);
    let sketch = |items: &[u64]| {
        let mut m = MinHash::with_params(p);
        m.insert_batch(items);
        m
    };
    // 750-element sets of a 1,000-element union (Jaccard 0.5) leave a bin
    // empty with probability (1 - 1/128)^750 = 0.3%; 5,000-element sets
    // (Jaccard 0.5 too) leave none.
    let (a, b) = pair(500, 250, 9_999);
    let (ma, mb) = (sketch(&a), sketch(&b));
    let (big_a, big_b) = pair(2_500, 1_250, 9_998);
    let (fa, fb) = (sketch(&big_a), sketch(&big_b));
    assert_eq!(fa.empty_bins() + fb.empty_bins(), 0);
    println!(
        "Jaccard bench: the 750-element signatures have {} and {} empty bins",
        ma.empty_bins(),
        mb.empty_bins()
    );
    let (va, vb) = (Signer::OptDens.sign(&a), Signer::OptDens.sign(&b));
    let mut g = c.benchmark_group("minhash_jaccard_k128");
    g.throughput(Throughput::Elements(K as u64));
    g.bench_function("sketchfold_750_elements", |bch| {
        bch.iter(|| black_box(&ma).jaccard(black_box(&mb)).unwrap())
    });
    g.bench_function("sketchfold_no_empty_bins", |bch| {
        bch.iter(|| black_box(&fa).jaccard(black_box(&fb)).unwrap())
    });
    g.bench_function("probminhash", |bch| {
        bch.iter(|| compute_probminhash_jaccard(black_box(&va), black_box(&vb)))
    });
    g.finish();

    let mut g = c.benchmark_group("minhash_merge_k128");
    g.throughput(Throughput::Elements(K as u64));
    g.bench_function("sketchfold", |bch| {
        let mut dst = ma.clone();
        bch.iter(|| dst.merge(black_box(&mb)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, sign, jaccard);
criterion_main!(benches);
