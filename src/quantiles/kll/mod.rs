//! KLL quantile sketches ([`Kll`]), compatible with Apache DataSketches.
//!
//! # Overview
//!
//! A KLL sketch (Karnin, Lang and Liberty, 2016) keeps levels of
//! compactors: level `h` holds items of weight `2^h`. When the sketch is
//! full, the lowest level at its capacity is sorted and halved: a random
//! coin picks the odd or the even items, which move up a level with twice
//! the weight. The level at depth `d` from the top holds
//! `max(8, round(k · (2/3)^d))` items, so the sketch keeps about `3k`
//! items whatever `n`. This is DataSketches' algorithm and layout (one
//! array, free space first, level 0 growing downwards), so every state is
//! a valid DataSketches image.
//!
//! # Accuracy
//!
//! DataSketches' normalized rank error at 99% confidence,
//! [`Kll::normalized_rank_error`]: 1.33% single-sided (ranks, quantiles)
//! and 1.65% double-sided (PMF) at `k = 200`; the error of a merged sketch
//! is that of its smallest `k` ([`Kll::min_k`]). Until the first
//! compaction (n below about `k`) every answer is exact
//! ([`Kll::rank_error_bound`] is then 0). `tests/kll_accuracy.rs` measures
//! it at `k = 200` over 10^6 values and many seeds.
//!
//! # Memory
//!
//! About `3k` items plus `4` bytes a level (614 items in 13 levels at 10^6
//! items and `k = 200`: 2.4 KB of `f32`); below its capacity a sketch
//! holds room for at most twice its items (the array grows geometrically),
//! so a sketch of a large `k` holding few items stays small. Queries build a sorted view,
//! cached in two tiers (the levels above 0, and everything), each holding
//! the retained items once more with a `u64` weight, so a repeated query
//! is a binary search and the first query after an insert one merge pass.
//!
//! # Items and NaN
//!
//! `Kll<f32>`, `Kll<f64>` and `Kll<i64>` ([`KllItem`]): DataSketches'
//! `KllFloatsSketch`, `KllDoublesSketch` and `KllLongsSketch` (Spark SQL's
//! `kll_sketch_agg_float`, `_double` and `_bigint`). NaN has no rank:
//! [`Kll::insert`] refuses it with an error and leaves the sketch
//! unchanged (DataSketches drops NaN without a word). Queries on an empty
//! sketch return `None`; a rank outside `[0, 1]` or unordered split points
//! are an error.
//!
//! # Queries, and which DataSketches they match
//!
//! Quantiles and ranks are DataSketches **Java**'s (6.x), answer for
//! answer: the sorted view holds the retained items and the sketch's exact
//! minimum and maximum, so [`Kll::quantile`] and [`Kll::quantile_exclusive`]
//! at rank 0 return the **exact minimum** and at rank 1 the **exact
//! maximum**, even after compaction dropped them from the retained items.
//! DataSketches C++ 5.2 answers from the retained items only (rank 0 is
//! its smallest retained item); tests/kll_datasketches.rs and
//! tests/kll_datasketches_java.rs record both libraries' answers.
//!
//! # Algebra
//!
//! [`Semigroup::merge`](crate::algebra::Semigroup::merge) is DataSketches'
//! merge: sketches of any `k` merge, the result keeps the left `k` and the
//! smaller `min_k`. The compaction is random, so the laws hold **within
//! the rank error bound**: both sides of associativity, commutativity,
//! identity and "sketch of the concatenation == merge of the sketches"
//! have exactly the same `n`, minimum and maximum, and ranks within the
//! bound of each other (tests/laws.rs). A commutative monoid in that
//! sense ([`KllParams`] builds the identity); not idempotent, not a group.
//! The only failing merge is one whose count would pass `u64::MAX`.
//! Each sketch carries its coins (a SplitMix64 state from a seed), so a
//! sketch is a deterministic function of its inputs and seed.
//!
//! # Encoding
//!
//! [`Kll::to_datasketches_bytes`] / [`Kll::from_datasketches_bytes`]:
//! the DataSketches KLL float (`f32`), double (`f64`) and long (`i64`)
//! images, checked byte for byte against files written by DataSketches
//! C++ 5.2 and Java 6.2 (tests/kll_datasketches.rs,
//! tests/kll_datasketches_java.rs). An image does not say which item type
//! it holds (doubles and longs are both 8 bytes): read it as the type that
//! wrote it. [`Codec`](crate::codec::Codec): a sketchfold header, the item
//! type, the seed and coin state, then that image. Decoding
//! validates every field (order, weights, bounds) and allocates no more
//! than the input holds. With the `serde` feature a sketch serializes as
//! its codec bytes (a base64 string in human-readable formats such as JSON,
//! raw bytes in binary ones; see `codec::serde_form`).
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::quantiles::{Kll, KllParams};
//!
//! let params = KllParams::new(200)?;
//! let mut east = Kll::<f32>::with_params(params.with_seed(1));
//! let mut west = Kll::<f32>::with_params(params.with_seed(2));
//! for i in 0..50_000 {
//!     east.insert(i as f32)?;
//!     west.insert((50_000 + i) as f32)?;
//! }
//! east.merge(&west)?;
//! let p99 = east.quantile(0.99)?.unwrap();
//! assert!((p99 - 99_000.0).abs() <= 0.0133 * 100_000.0);
//! assert!(east.insert(f32::NAN).is_err());
//!
//! // A DataSketches image, readable by the Java, C++ and Python libraries.
//! let image = east.to_datasketches_bytes();
//! assert_eq!(Kll::<f32>::from_datasketches_bytes(&image)?.count(), 100_000);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod capacity;
mod codec;
mod compactor;
mod datasketches;
mod item;
mod params;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod view;

pub use item::KllItem;
pub use params::KllParams;
pub use sketch::{Kll, DEFAULT_K, DEFAULT_SEED};
