//! A set of items crafted against the public default seed steers a sketch
//! that hashes with it, and does not steer one with a secret seed: the
//! threat model of `docs/threat-model.md`, for HyperLogLog and the Bloom
//! filter. The crafting (`tests/common/crafted.rs`) is deterministic and
//! uses only documented behaviour; `examples/crafted_items.rs` runs the
//! same attacks at the sizes of issue 21.
//!
//! The secret-seeded sketches are checked over several fixed seeds, each
//! against a bound that a random seed would fail with a stated, small
//! probability; with the seeds fixed, the test is deterministic.

#[path = "common/crafted.rs"]
mod crafted;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::hash::DEFAULT_SEED;
use sketchfold::membership::{BloomFilter, BloomParams};
use sketchfold::ErrorKind;

/// Secret seeds (as a deployment would draw them at random and keep).
const SECRETS: [u64; 4] = [
    0x9d3c_51f0_7e1a_b2c4,
    0x1234_5678_9abc_def1,
    0xfeed_beef_0bad_f00d,
    0x5eed_5eed_5eed_5eed,
];

/// HyperLogLog precision of these tests: 256 registers, a relative
/// standard error of 1.04 / 16 = 6.5%.
const P: u8 = 8;

fn hll(seed: u64, items: impl IntoIterator<Item = u64>) -> HyperLogLog {
    let mut h = HyperLogLog::with_params(HllParams::new(P).unwrap().with_seed(seed));
    items.into_iter().for_each(|i| h.insert(&i));
    h
}

/// Within 5 relative standard errors of `n` (a random seed leaves it with
/// probability below 10^-6).
fn honest_estimate(estimate: f64, n: usize) -> bool {
    (estimate - n as f64).abs() <= 5.0 * 0.065 * n as f64
}

#[test]
fn crafted_items_inflate_a_default_seed_hyperloglog_and_not_a_secret_seeded_one() {
    let honest = 0..10_000u64;
    // One item per register with a value of at least 10 (honest items of
    // this many set about 6): 256 items.
    let crafted = crafted::hll_inflating_items(P, DEFAULT_SEED, 10, 256, 1 << 40);
    assert_eq!(crafted.len(), 256);
    let n = 10_000 + crafted.len();

    let public = hll(DEFAULT_SEED, honest.clone().chain(crafted.iter().copied()));
    assert!(
        public.estimate() > 10.0 * n as f64,
        "the default-seed sketch reads {} for {n} items",
        public.estimate()
    );
    for seed in SECRETS {
        let secret = hll(seed, honest.clone().chain(crafted.iter().copied()));
        assert!(
            honest_estimate(secret.estimate(), n),
            "seed {seed:#x}: {} for {n} items",
            secret.estimate()
        );
    }
}

#[test]
fn crafted_items_collapse_a_default_seed_hyperloglog_to_one_and_not_a_secret_seeded_one() {
    // 200 distinct items, all in register 0 with value 1: past the sparse
    // limit (48 coupons at precision 8) the sketch is dense and reads 1.
    let crafted = crafted::hll_collapsing_items(P, DEFAULT_SEED, 200, 0);
    let public = hll(DEFAULT_SEED, crafted.iter().copied());
    assert!(!public.is_sparse());
    assert!(
        public.estimate() < 2.0,
        "the default-seed sketch reads {} for 200 items",
        public.estimate()
    );
    for seed in SECRETS {
        let secret = hll(seed, crafted.iter().copied());
        assert!(
            honest_estimate(secret.estimate(), 200),
            "seed {seed:#x}: {} for 200 items",
            secret.estimate()
        );
    }
}

fn bloom(seed: u64, items: &[String]) -> BloomFilter {
    let mut f = BloomFilter::with_params(BloomParams::new(2_000, 0.01).unwrap().with_seed(seed));
    items.iter().for_each(|x| {
        f.insert(x.as_str());
    });
    f
}

#[test]
fn crafted_strings_make_absent_items_present_in_a_default_seed_bloom_filter_only() {
    let honest: Vec<String> = (0..2_000).map(|i| format!("honest-{i}")).collect();
    let public = bloom(DEFAULT_SEED, &honest);
    // Targets the filter does not hold.
    let targets: Vec<String> = (0..)
        .map(|i| format!("target-{i}"))
        .filter(|t| !public.contains(t.as_str()))
        .take(4)
        .collect();
    let mut false_positives = 0;
    for target in &targets {
        let crafted = crafted::bloom_covering_strings(&public, &honest, target, "crafted-");
        // Eight bits per item, some set already: a handful of strings.
        assert!(crafted.len() <= 8, "{target}: {} strings", crafted.len());
        let all: Vec<String> = honest.iter().chain(&crafted).cloned().collect();
        assert!(
            bloom(DEFAULT_SEED, &all).contains(target.as_str()),
            "{target} does not read as present after {crafted:?}"
        );
        for seed in SECRETS {
            false_positives += usize::from(bloom(seed, &all).contains(target.as_str()));
        }
    }
    // 16 lookups of absent items at a rate near 1%: 3 or more false
    // positives has probability about 5 x 10^-4.
    assert!(false_positives <= 2, "{false_positives} of 16");
}

#[test]
fn sketches_of_different_seeds_refuse_to_merge_and_stay_unchanged() {
    let mut a = hll(SECRETS[0], 0..100);
    let before = a.clone();
    let e = a.merge(&hll(DEFAULT_SEED, 0..100)).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }),
        "{e}"
    );
    assert_eq!(a, before);

    let honest: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    let mut f = bloom(SECRETS[0], &honest);
    let before = f.clone();
    let e = f.merge(&bloom(DEFAULT_SEED, &honest)).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }),
        "{e}"
    );
    assert!(f == before);
}

#[test]
fn an_encoded_sketch_carries_its_seed() {
    use sketchfold::cardinality::Hashing;
    use sketchfold::codec::Codec;
    let secret = SECRETS[0];
    let h = HyperLogLog::decode(&hll(secret, 0..10).encode()).unwrap();
    assert_eq!(h.hashing(), Hashing::Xxh3 { seed: secret });
    let f = BloomFilter::decode(&bloom(secret, &["a".to_string()]).encode()).unwrap();
    assert_eq!(f.seed(), secret);
}
