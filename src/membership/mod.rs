//! Is this item in the set? [`BloomFilter`] answers with no false
//! negatives and a small, known rate of false positives.
//!
//! # Overview
//!
//! A split-block Bloom filter (Putze, Sanders and Singler, "Cache-, hash-
//! and space-efficient Bloom filters", 2007; the layout of Impala's and
//! Parquet's filters): the bits are an array of blocks, each block an
//! array of 32-bit words. One seeded 64-bit [`StableHash`](crate::hash::StableHash)
//! per item picks a block with its high 32 bits (multiply-shift, so any
//! block count works, not only powers of two) and, from its low 32 bits
//! multiplied by one odd constant per word, one bit in *every* word of
//! that block. An insert or a lookup therefore touches one block (at most
//! one cache line) and computes its mask with a fixed-size, branch-free
//! loop: no second hash, no per-bit memory access. With AVX2
//! (`-C target-cpu=native` on a recent x86-64) LLVM compiles the whole mask
//! of a 256-bit block to one `vpmulld`, `vpsrld`, `vpsllvd` and `vpor`; on
//! the x86-64 baseline (SSE2, which has neither a 32-bit vector multiply
//! nor per-lane shifts) it computes the eight bit positions with scalar
//! multiplies and shifts and ORs or tests the mask with 128-bit
//! instructions. On the baseline, at 10^6 items, an insert or a lookup
//! costs 8 to 13 ns, two to four times less than in the fastest peer crate
//! at the same measured rate (docs/benchmarks.md, "Membership: Bloom
//! filter").
//!
//! Two [`Layout`]s: 256-bit blocks of eight words (eight bits per item, the
//! default) and 512-bit blocks of sixteen words (sixteen bits per item).
//!
//! # Accuracy
//!
//! No false negatives, ever: an inserted item's bits stay set (merges only
//! add bits). False positives: a block holding `j` items answers a
//! non-member with probability `(1 - (31/32)^j)^w` for `w` words, and the
//! number of items in a block is Binomial(n, 1/B) for `n` distinct items and
//! `B` blocks, so the filter's rate is the expectation
//! `sum_j P(J = j) (1 - (31/32)^j)^w`, higher than the classic
//! `(1 - e^{-kn/m})^k` of a filter of the same size because blocks fill
//! unevenly. [`BloomParams::theoretical_fpr`] evaluates it numerically;
//! [`BloomParams::sized`] picks the smallest block count whose rate at the
//! expected number of items is at most the target (a binary search), and
//! [`BloomFilter::current_fpr`] gives the exact rate of a filter as it is.
//! `tests/bloom_filter.rs` inserts 10^6 items into filters of two seeds
//! and measures the rate on 10^6 non-members at 1% and 4 x 10^6 at 0.1%:
//! the measurement agrees with the formula within 10% (false-failure
//! probabilities below 10^-20 and about 10^-9, derived there). Over 8
//! seeds and 4 x 10^6 queries each, measured over theoretical ranged from
//! 0.990 to 1.008 at 1% and 0.972 to 1.020 at 0.1%.
//!
//! [`BloomFilter::estimate_distinct`] estimates the number of distinct
//! items from the fraction of set bits (Swamidass and Baldi's estimator,
//! per 32-bit word): an item sets a given bit with probability
//! `1 / (32 B)`, so `n = ln(1 - f) / ln(1 - 1/(32 B))` for a fraction `f`
//! of set bits. Its error is at most that of linear counting over `32 B`
//! positions (`tests/bloom_filter.rs` checks six of those standard errors);
//! measured over 8 seeds at 10^6 items in a filter sized for them, the
//! relative standard error is 0.035% at 1% and 0.02% at 0.1%.
//!
//! # Memory
//!
//! Exactly the bits, `B x 32` bytes (256-bit layout) or `B x 64` bytes, in
//! blocks aligned so that none straddles a cache line. Sized for 10^6 items:
//!
//! | target rate | 256-bit layout | 512-bit layout |
//! | --- | --- | --- |
//! | 1% | 10.5 bits per item (1.32 MB) | 12.5 bits per item (1.56 MB) |
//! | 0.1% | 16.9 bits per item (2.11 MB) | 17.2 bits per item (2.16 MB) |
//!
//! A classic Bloom filter needs 9.6 and 14.4 bits per item for those
//! rates, at the cost of `k` cache misses per operation instead of one.
//!
//! # Algebra
//!
//! Merge is the bitwise OR: the filter of the union of the inputs, bit for
//! bit. An **exact, commutative, idempotent monoid**, and a homomorphism:
//! `filter(A ++ B) == filter(A) ⊕ filter(B)`. The identity is the empty
//! filter of the same parameters ([`Monoid::empty`](crate::algebra::Monoid::empty)).
//! Filters with a different layout, block count or seed refuse to merge with
//! an error and leave `self` unchanged. Not a group: a union cannot be
//! undone. [`merge_all`](crate::algebra::Semigroup::merge_all) ORs all
//! sources into one 16 KiB chunk of the destination at a time, 1.7x faster
//! than a loop of merges for 16 filters.
//!
//! [`BloomFilter::intersect`] is the bitwise AND. It reports every item of
//! the intersection of the inputs (no false negatives), but it is not the
//! filter of the intersection: a bit set in each input by different items
//! stays set, so its false-positive rate is at least that of the filter of
//! the intersection.
//!
//! # Encoding
//!
//! [`Codec`](crate::codec::Codec): sketchfold's own versioned format (see
//! `codec.rs`: header, layout, seed, block count, then the words). Decoding
//! checks the header, layout and length, allocates only after the length is
//! known to be present, and never panics. With the `serde` feature a filter
//! serializes as those bytes (a base64 string in human-readable formats
//! such as JSON, raw bytes in binary ones; see `codec::serde_form`).
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::codec::Codec;
//! use sketchfold::membership::BloomFilter;
//!
//! // Two partitions see different users; the filters merge into one.
//! let mut monday = BloomFilter::new(100_000, 0.01);
//! let mut tuesday = BloomFilter::new(100_000, 0.01);
//! monday.extend(0..30_000u64);
//! tuesday.extend(20_000..50_000u64);
//!
//! let tuesday = BloomFilter::decode(&tuesday.encode())?; // shipped as bytes
//! monday.merge(&tuesday)?;
//! assert!((0..50_000u64).all(|u| monday.contains(&u))); // no false negatives
//! let false_positives = (50_000..150_000u64).filter(|u| monday.contains(u)).count();
//! assert!(false_positives < 100); // far below 1%: half the design load
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod block;
mod codec;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod theory;

pub use sketch::{BloomFilter, BloomParams, Layout};
