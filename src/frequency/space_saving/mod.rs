//! [`SpaceSaving`]: the heavy hitters of a stream in `k` counters, each
//! with a guaranteed interval for its frequency, mergeable across
//! partitions with the same guarantee.
//!
//! # Overview
//!
//! A summary keeps at most `k` counters (item, count, error) and a number
//! Δ, and counts the total weight `n`. The update is Metwally et al.'s
//! SpaceSaving (2005): an item already monitored adds to its count; a new
//! item takes a free counter with count `Δ + w` and error `Δ`; a new item
//! in a full summary replaces the counter of smallest count `μ`, taking
//! count `μ + w` and error `μ`, and Δ becomes `μ`. Ties for the smallest
//! count go to the smallest item (`K: Ord`), so the result depends on the
//! input alone, never on hash values or memory layout.
//!
//! Items are stored verbatim (`K: Hash + Eq + Ord + Clone`; `ItemCodec` as
//! well to encode), so no hash is ever reported or encoded: the summary
//! answers with the items themselves and two summaries of the same items
//! merge without a shared seed. The in-memory index hashes with `ahash`.
//!
//! # Accuracy
//!
//! For every item `x` with true frequency `f(x)` (total weight) in the
//! streams summarised, the [`CountBounds`] from [`SpaceSaving::estimate`]
//! satisfy `lower <= f(x) <= upper` and `upper - lower <= Δ`, where
//!
//! ```text
//! Δ = max_error() <= error_bound() = floor(n / k)
//! ```
//!
//! An item that is not monitored has `f(x) <= Δ` (reported as `0..=Δ`), so
//! **every item with `f(x) > n / k` is monitored and reported** by
//! [`SpaceSaving::heavy_hitters`]`(n / k)`. The bound is deterministic: it
//! holds for every input order (sorted, adversarial, ...), every weight,
//! and every merge tree, with `n` the total weight of all merged streams.
//! While the streams hold at most `k` distinct items in all, Δ stays 0 and
//! every count is exact. This is the `n / k` bound of SpaceSaving with `k`
//! counters, which equals the `n / (k' + 1)` bound of Misra-Gries with
//! `k' = k - 1` counters (Agarwal et al. 2012 show the two isomorphic).
//!
//! Why it holds, after any sequence of inserts and merges: four invariants,
//! (1) every monitored count `c` and error `e` satisfy `c - e <= f <= c`,
//! (2) every unmonitored item has `f <= Δ`, (3) `e <= Δ <= c` for every
//! counter, and (4) `sum(c) + (k - len) * Δ <= n`. From (3) and (4),
//! `k * Δ <= n`. An insert keeps them (the evicted counter has the smallest
//! count, which becomes Δ). The merge (Agarwal et al.'s merge in
//! SpaceSaving form) adds the upper bounds of every item of either summary
//! (`Δ` standing in for an item one side does not monitor) and the lower
//! bounds (0 standing in), which keeps (1)-(3) with `Δ = Δa + Δb`; summing
//! (4) of both sides gives `sum(U) + (k - m) * (Δa + Δb) <= n` for the `m`
//! merged items. If `m > k`, the `k` largest upper bounds stay and Δ becomes
//! the largest one dropped: every dropped bound is at least `Δa + Δb`, so
//! (4) still holds with no free counter. `tests/space_saving.rs` checks the
//! bound on adversarial orders and merge trees.
//!
//! # Memory
//!
//! Per counter: a slot (the item, count, error, index hash, bucket and two
//! list links: 48 bytes for `u64` items), 4 to 8 index entries of 8 bytes
//! (the index stays between 1/8 and 1/4 full, so probes are short), and at
//! most one 32-byte bucket header per distinct count: about 80 to 150
//! bytes a counter for `u64` items, plus the string bytes for strings.
//! [`SpaceSaving::new`] allocates for `min(k, 65,536)` counters and grows
//! beyond; a decoded summary allocates for the counters it holds.
//!
//! # Speed
//!
//! The counters form Metwally et al.'s stream-summary: buckets of equal
//! counts in increasing order, each a linked list of its counters. A unit
//! insert of a monitored item is a hash
//! lookup and an O(1) move to the next bucket (a frequent item alone in
//! its bucket just raises the bucket's count). A new item in a full
//! summary replaces the smallest item of the first bucket, which is sorted
//! by item once when it first has to give one up: O(log b) amortized per
//! counter for a first bucket of `b` counters. A weighted insert walks the
//! buckets from the item's own to its new count. A merge builds the
//! merged counters and their index in O(k) expected time and leaves the
//! buckets to the first insert that needs them (a sort by count), so merge
//! trees and queries after merges never pay for them. See
//! docs/benchmarks.md for measurements against the peer crates.
//!
//! # Algebra
//!
//! [`merge`](crate::algebra::Semigroup::merge) sums the two summaries (the
//! summary of the concatenated streams, within the bound):
//!
//! - **commutative exactly**: `a ⊕ b == b ⊕ a` (the merge is symmetric and
//!   its ties are broken by item);
//! - **identity exactly**: the empty summary of the same capacity
//!   ([`Monoid::empty`](crate::algebra::Monoid::empty)`(&k)`) leaves a
//!   summary unchanged;
//! - **associative only within the bound**: `(a ⊕ b) ⊕ c` and
//!   `a ⊕ (b ⊕ c)` can keep different counters when the pruning to `k`
//!   drops different items, but both have the same total and satisfy the
//!   guarantee above; likewise `sketch(a ++ b)` versus
//!   `sketch(a) ⊕ sketch(b)`. `tests/laws.rs` checks the laws with an
//!   equivalence that carries the exact counts alongside and demands that
//!   both sides bound every true frequency within `n / k`;
//! - not idempotent (`a ⊕ a` counts everything twice) and not a group.
//!
//! Summaries of different capacities merge at the smaller one (the larger
//! is pruned to it): the invariants above hold for the smaller `k`, so the
//! result keeps the `n / k` guarantee for that `k`. The only merge refused
//! is one whose total weight would exceed `u64::MAX`, with an error and
//! nothing changed.
//!
//! # Encoding
//!
//! [`Codec`](crate::codec::Codec) (for `K: ItemCodec`): header, capacity,
//! total, Δ, then the counters sorted by item, each item in its
//! [`ItemCodec`](crate::codec::ItemCodec) form with its count and error.
//! The encoding is canonical (equal summaries encode to equal bytes).
//! Decoding checks invariants (3) and (4) above (and that every lower
//! bound is positive), so a decoded summary keeps `Δ <= n / k` and its
//! later inserts and merges keep the guarantee; it allocates only for the
//! counters the input holds. With the
//! `serde` feature a summary serializes as those bytes.
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::codec::Codec;
//! use sketchfold::frequency::SpaceSaving;
//!
//! // Two partitions of a click stream, summarised with 8 counters each.
//! let mut left = SpaceSaving::new(8);
//! let mut right = SpaceSaving::new(8);
//! for i in 0..1_000u64 {
//!     left.insert(&(i % 50)); // 50 pages, 20 clicks each
//!     right.insert(&if i % 2 == 0 { 7 } else { 100 + i }); // page 7 is hot
//! }
//! let right = SpaceSaving::decode(&right.encode())?;
//! left.merge(&right)?;
//!
//! assert_eq!(left.total(), 2_000);
//! assert!(left.max_error() <= 2_000 / 8);
//! let hot = left.heavy_hitters(left.error_bound());
//! assert_eq!(*hot[0].0, 7); // 520 clicks
//! assert!(hot[0].1.contains(520));
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod codec;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod table;

pub use sketch::{CountBounds, SpaceSaving, MAX_CAPACITY};
