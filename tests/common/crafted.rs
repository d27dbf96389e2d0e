//! Crafting items against a sketch whose hash seed is known, as an
//! adversary who knows sketchfold's (public) default seed can: the attacks
//! of `docs/threat-model.md`. They use only what the documentation states:
//! the seeded item hash ([`StableHash`]), HyperLogLog's register index (the
//! low bits of the hash) and value (its leading zeros plus one), and the
//! split-block Bloom filter's use of the high 32 bits of the hash for the
//! block and of the low 32 bits for the bits within it.
//!
//! Included by path by `tests/crafted_items.rs` and
//! `examples/crafted_items.rs` (which runs the attacks at full size).
#![allow(dead_code)]

use sketchfold::algebra::Monoid;
use sketchfold::hash::StableHash;
use sketchfold::membership::{BloomFilter, BloomParams};

/// Items (`u64`, counting up from `start`) whose hashes under `seed` give
/// HyperLogLog registers of precision `precision` a value of at least
/// `min_value`, one item per register until `registers` registers have
/// one: each such item raises its register far above what honest items
/// set, so the estimate grows by orders of magnitude.
pub fn hll_inflating_items(
    precision: u8,
    seed: u64,
    min_value: u32,
    registers: usize,
    start: u64,
) -> Vec<u64> {
    let m = 1usize << precision;
    let mut taken = vec![false; m];
    let mut items = Vec::with_capacity(registers);
    let mut item = start;
    while items.len() < registers.min(m) {
        let h = item.stable_hash(seed);
        let register = (h as usize) & (m - 1);
        if h.leading_zeros() + 1 >= min_value && !taken[register] {
            taken[register] = true;
            items.push(item);
        }
        item += 1;
    }
    items
}

/// `count` distinct items whose hashes under `seed` all land in register 0
/// of precision `precision` with the smallest value, 1: once the sketch is
/// dense they add up to one register of value 1, an estimate of about 1.
pub fn hll_collapsing_items(precision: u8, seed: u64, count: usize, start: u64) -> Vec<u64> {
    let mask = (1u64 << precision) - 1;
    (start..)
        .filter(|i| {
            let h = i.stable_hash(seed);
            h & mask == 0 && h >> 63 == 1
        })
        .take(count)
        .collect()
}

/// `target`'s block as an adversary who knows the seed sees it, found
/// through the public API only: which hashes land in it, and the bits the
/// honest items there set (as a one-block filter of the same layout,
/// where the low half of a hash picks the same bits in any block).
struct TargetBlock {
    /// `target`'s hash.
    target: u64,
    /// A filter like the attacked one holding `target` alone.
    alone: BloomFilter,
    /// The bits set in `target`'s block.
    bits: BloomFilter,
}

impl TargetBlock {
    fn new(filter: &BloomFilter, honest: &[String], target: &str) -> TargetBlock {
        let p = filter.params();
        let t = target.stable_hash(p.seed());
        let mut alone = filter.empty_like();
        alone.insert_hash(t);
        let one = BloomParams::with_blocks(p.layout(), 1)
            .expect("one block is valid")
            .with_seed(p.seed());
        let mut block = TargetBlock {
            target: t,
            alone,
            bits: BloomFilter::with_params(one),
        };
        for x in honest {
            block.add(x.stable_hash(p.seed()));
        }
        block
    }

    /// True if an item of hash `h` lands in the block: its high half,
    /// spliced to `target`'s low half, reads as present next to `target`.
    fn holds(&self, h: u64) -> bool {
        self.alone
            .contains_hash((h & !0xFFFF_FFFF) | (self.target & 0xFFFF_FFFF))
    }

    /// Adds an item's bits if it lands in the block; true if that set a
    /// bit the block lacked.
    fn add(&mut self, h: u64) -> bool {
        self.holds(h) && !self.bits.contains_or_insert_hash(h)
    }

    /// `target`'s bits the block lacks.
    fn missing(&self) -> u64 {
        let mut with_target = self.bits.clone();
        with_target.insert_hash(self.target);
        with_target.count_ones() - self.bits.count_ones()
    }
}

/// Strings (`"{prefix}{i}"`) that, added to `filter` (which holds the
/// `honest` items), make `target` read as present, found greedily: each
/// kept string lands in `target`'s block and sets bits of `target` that
/// nothing there set yet. The seed is `filter`'s own, which the adversary
/// knows.
pub fn bloom_covering_strings(
    filter: &BloomFilter,
    honest: &[String],
    target: &str,
    prefix: &str,
) -> Vec<String> {
    let seed = filter.params().seed();
    let mut block = TargetBlock::new(filter, honest, target);
    let mut kept = Vec::new();
    for s in (0u64..).map(|i| format!("{prefix}{i}")) {
        let left = block.missing();
        if left == 0 {
            break;
        }
        let h = s.stable_hash(seed);
        if !block.holds(h) {
            continue;
        }
        let mut more = block.bits.clone();
        more.insert_hash(h);
        let before = std::mem::replace(&mut block.bits, more);
        if block.missing() < left {
            kept.push(s);
        } else {
            block.bits = before;
        }
    }
    kept
}

/// Strings (`"{prefix}{i}"`) that, added to `filter` (holding `honest`),
/// set every bit of `target`'s block, so that any item whose hash lands
/// there reads as present: found greedily, each kept string setting bits
/// the block lacked.
pub fn bloom_saturating_strings(
    filter: &BloomFilter,
    honest: &[String],
    target: &str,
    prefix: &str,
) -> Vec<String> {
    let seed = filter.params().seed();
    let mut block = TargetBlock::new(filter, honest, target);
    let full = block.bits.bit_count();
    let mut kept = Vec::new();
    for s in (0u64..).map(|i| format!("{prefix}{i}")) {
        if block.bits.count_ones() == full {
            break;
        }
        if block.add(s.stable_hash(seed)) {
            kept.push(s);
        }
    }
    kept
}
