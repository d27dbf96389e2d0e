//! The crafted-item attacks of `docs/threat-model.md` at the sizes of
//! issue 21, against sketches with sketchfold's public default seed and,
//! with the very same items, against sketches with a secret seed:
//!
//! 1. 4,096 `u64` items, one per register, each with a register value of
//!    at least 15, added to 100,000 honest items in a precision-12
//!    HyperLogLog;
//! 2. 2,000 distinct items all landing in register 0 with value 1, alone in
//!    a precision-12 HyperLogLog;
//! 3. strings that make an absent item read as present in a Bloom filter
//!    of 500,000 items at 1%, and strings that set every bit of its block.
//!
//! Run: `cargo run --release --example crafted_items` (a few seconds).
//! The crafting is `tests/common/crafted.rs`, shared with
//! `tests/crafted_items.rs`, which checks the same effects at a smaller
//! size on every `cargo test`.

use std::time::Instant;

#[path = "../tests/common/crafted.rs"]
mod crafted;

use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::hash::DEFAULT_SEED;
use sketchfold::membership::{BloomFilter, BloomParams};

/// A secret seed, as a deployment would draw it and keep it.
const SECRET: u64 = 0x9d3c_51f0_7e1a_b2c4;

fn hll(seed: u64, items: impl IntoIterator<Item = u64>) -> HyperLogLog {
    let mut h = HyperLogLog::with_params(
        HllParams::new(12)
            .expect("precision 12 is valid")
            .with_seed(seed),
    );
    items.into_iter().for_each(|i| h.insert(&i));
    h
}

fn bloom(seed: u64, items: &[String]) -> BloomFilter {
    let mut f = BloomFilter::with_params(
        BloomParams::new(500_000, 0.01)
            .expect("valid sizes")
            .with_seed(seed),
    );
    items.iter().for_each(|x| {
        f.insert(x.as_str());
    });
    f
}

fn main() {
    let start = Instant::now();
    let inflating = crafted::hll_inflating_items(12, DEFAULT_SEED, 15, 4096, 1 << 40);
    let search = start.elapsed().as_secs_f64();
    let items = || (0..100_000u64).chain(inflating.iter().copied());
    println!(
        "HyperLogLog p12, 100,000 honest + {} crafted items ({search:.2} s of search):",
        inflating.len()
    );
    println!(
        "  default seed: {:.0}    secret seed: {:.0}",
        hll(DEFAULT_SEED, items()).estimate(),
        hll(SECRET, items()).estimate()
    );

    let start = Instant::now();
    let collapsing = crafted::hll_collapsing_items(12, DEFAULT_SEED, 2000, 0);
    let search = start.elapsed().as_secs_f64();
    println!("HyperLogLog p12, 2,000 distinct crafted items ({search:.2} s of search):");
    println!(
        "  default seed: {:.1}    secret seed: {:.1}",
        hll(DEFAULT_SEED, collapsing.iter().copied()).estimate(),
        hll(SECRET, collapsing.iter().copied()).estimate()
    );

    let honest: Vec<String> = (0..500_000).map(|i| format!("user-{i}")).collect();
    let public = bloom(DEFAULT_SEED, &honest);
    let target = (0..)
        .map(|i| format!("absent-{i}"))
        .find(|t| !public.contains(t.as_str()))
        .expect("some item is absent");
    let start = Instant::now();
    let covering = crafted::bloom_covering_strings(&public, &honest, &target, "crafted-");
    let search = start.elapsed().as_secs_f64();
    let all: Vec<String> = honest.iter().chain(&covering).cloned().collect();
    println!(
        "Bloom filter for 500,000 items at 1%, {} crafted strings for {target:?} ({search:.2} s):",
        covering.len()
    );
    println!(
        "  present with the default seed: {}    with a secret seed: {}",
        bloom(DEFAULT_SEED, &all).contains(target.as_str()),
        bloom(SECRET, &all).contains(target.as_str())
    );
    let start = Instant::now();
    let saturating = crafted::bloom_saturating_strings(&public, &honest, &target, "fill-");
    let search = start.elapsed().as_secs_f64();
    let all: Vec<String> = honest.iter().chain(&saturating).cloned().collect();
    let filled = bloom(DEFAULT_SEED, &all);
    let absent_present = (0..100_000)
        .map(|i| format!("other-{i}"))
        .filter(|x| !public.contains(x.as_str()) && filled.contains(x.as_str()))
        .count();
    println!(
        "  {} strings set every bit of its block ({search:.2} s): {absent_present} of 100,000 \
         other absent items now read as present (one block in {})",
        saturating.len(),
        public.block_count()
    );
}
