//! Ordered maps whose range aggregates cost O(log n) merges: a
//! monoid-augmented, indexable skip list.
//!
//! # Overview
//!
//! [`SkipList<K, V>`](SkipList) is an ordered map from keys `K: Ord` to
//! values of a [`Monoid`](crate::algebra::Monoid) `V`:
//!
//! - an ordered map: [`insert`](SkipList::insert) (on an existing key the
//!   values merge), [`get`](SkipList::get), [`remove`](SkipList::remove),
//!   [`first`](SkipList::first)/[`last`](SkipList::last),
//!   [`lower_bound`](SkipList::lower_bound)/[`upper_bound`](SkipList::upper_bound),
//!   in-order [`iter`](SkipList::iter) and [`range`](SkipList::range);
//! - indexable: every forward link carries the number of entries it passes
//!   over (as Redis sorted sets do), so [`rank`](SkipList::rank) and
//!   [`select`](SkipList::select) are O(log n);
//! - augmented: every link of level 1 and above also carries the merge of
//!   the values it passes over, so [`aggregate`](SkipList::aggregate) of a
//!   key range costs O(log n) merges without visiting the values. One
//!   HyperLogLog per minute keyed by time answers "distinct users between
//!   10:00 and 10:37" with a handful of merges, not 37 (and "this month"
//!   with a few dozen, not 43,200).
//!
//! Heights come from a seeded generator (p = 1/4, at most 32 levels), so
//! the same seed and the same operations give the same structure; every
//! operation is O(log n) expected. Nodes live in an arena (`Vec`s indexed
//! by `u32`, no pointers, no `unsafe`).
//!
//! # Cost of updates
//!
//! An insert or remove recomputes the summaries on its search path, each
//! from the links of the level below: about 4 merges per level, O(log n)
//! merges expected in all. Recomputing keeps the values' key order, so
//! `V` need not be commutative; it is also why `V` need not be a group.
//!
//! # Accuracy
//!
//! Exact: the aggregate is the merge, in key order, of exactly the values
//! in the range, the same value a fold over them gives.
//!
//! # Memory
//!
//! Per entry: a node in the arena (the key, the value, 9 bytes of offsets
//! and height; 32 bytes for `u64` keys and values); 4/3 links on average,
//! each 16 bytes plus an `Option<K>` copy of its target's key (32 bytes
//! for `u64`; the copy lets a search read only links, one cache miss a
//! step, and is why `K: Clone`); and one summary `V` per link above level
//! 0 (1/3 per entry on average). About 80 bytes an entry for `u64` keys
//! and values.
//!
//! # Algebra
//!
//! A list is a monoid under union: values of a key present in both lists
//! merge (left first). Associativity and identity hold exactly; the
//! union is commutative when `V` is, idempotent when `V` is. The identity
//! is built from [`SkipListParams`] (the values' parameters and the level
//! seed); equality compares entries only, so lists with other seeds or
//! other histories but the same entries are equal.
//!
//! # Encoding
//!
//! Family tag 9, version 1: the seed, the values' identity, then the
//! entries in key order. Keys and values are written with
//! [`ItemCodec`](crate::codec::ItemCodec) (integers, strings, byte strings,
//! pairs and [`HyperLogLog`](crate::cardinality::HyperLogLog) implement
//! it). Decoding rebuilds the links from the entries (keys must strictly
//! increase), so no encoded structure is trusted. With the feature `serde`,
//! a list serializes as those bytes (a base64 string in human-readable
//! formats such as JSON, raw bytes in binary ones; see
//! `codec::serde_form`).
//!
//! # Example
//!
//! ```
//! use sketchfold::cardinality::{HllParams, HyperLogLog};
//! use sketchfold::ordered::SkipList;
//!
//! // One HyperLogLog of user ids per minute of the day.
//! let params = HllParams::new(12)?;
//! let mut minutes: SkipList<u32, HyperLogLog> = SkipList::new(&params);
//! for minute in 600..660 {
//!     let mut users = HyperLogLog::with_params(params);
//!     for user in 0..100u64 {
//!         users.insert(&(u64::from(minute) * 10 + user)); // 10 new users a minute
//!     }
//!     minutes.insert(minute, users)?;
//! }
//!
//! // Distinct users between 10:00 and 10:37: O(log n) merges.
//! let users = minutes.aggregate(600..=637)?;
//! let exact = 38 * 10 + 90; // 470 ids in 6000..6470
//! assert!((users.estimate() - exact as f64).abs() < 0.1 * exact as f64);
//! assert_eq!(minutes.rank(&637), 37);
//! assert_eq!(minutes.select(37).map(|(k, _)| *k), Some(637));
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod arena;
mod codec;
mod list;
mod params;
mod query;
#[cfg(feature = "serde")]
mod serde;

pub use list::{SkipList, DEFAULT_SEED};
pub use params::SkipListParams;
pub use query::Iter;
