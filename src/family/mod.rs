//! The family API: the one shape every sketch type has, and the
//! [`Insert`] trait that generic code (an [`Aggregator`], the stream
//! engine, your own functions) uses to feed any of them.
//!
//! Every family (HyperLogLog, DataSketchesHll, BloomFilter, CountMin and
//! ConservativeCountMin, TopK, SpaceSaving, MinHash, LshIndex,
//! Kll<f32/f64/i64>, DdSketch, SkipList) follows the rules below;
//! `tests/family_api.rs` pins each of them.
//!
//! # Construction
//!
//! - `X::new(..)` builds an empty sketch from its primary parameters and
//!   panics on invalid ones (said under `# Panics`); `X::try_new(..)` takes
//!   the same arguments and returns a [`Result`](crate::Result) instead.
//!   `X::with_params(XParams)` cannot fail: a params value is checked when
//!   it is built.
//! - `XParams::new(..)` takes the same arguments as `X::new` and returns a
//!   `Result`, so `X::new(a) == X::with_params(XParams::new(a)?)`. Every
//!   other setting is a builder method on the params (`with_seed`,
//!   `with_hashing`, `with_variant`, `with_max_buckets`), and structural
//!   alternatives to the primary parameters are named constructors on the
//!   params (`CountMinParams::with_size`, `BloomParams::sized`,
//!   `LshParams::with_bands`). There is no sketch-level `with_seed`.
//! - Primary parameters are what a user reasons in: the accuracy target
//!   where a family is built for one ([`BloomFilter`] items and false
//!   positive rate, [`CountMin`] and [`TopK`] `epsilon` and `delta` (and
//!   `k`), [`DdSketch`] `alpha`, [`LshIndex`] a similarity threshold), the
//!   size otherwise ([`HyperLogLog`] precision, [`Kll`] and [`MinHash`]
//!   `k`, [`SpaceSaving`] capacity).
//! - A variant that is a different type gets prefixed constructors:
//!   `CountMin::conservative`, `try_conservative`,
//!   `conservative_with_params` build a
//!   [`ConservativeCountMin`](crate::frequency::ConservativeCountMin).
//! - No `Default` and no `FromIterator`: an identity depends on parameters,
//!   and a silently chosen default is a bug. Build with `with_params`, then
//!   extend.
//!
//! # What a sketch tells about itself
//!
//! `params()` returns its `XParams` (what
//! [`Monoid::params`](crate::algebra::Monoid::params) returns) and
//! `is_empty()` is true exactly when nothing was inserted or merged in
//! (what [`Monoid::is_empty`](crate::algebra::Monoid::is_empty) returns):
//! both are inherent methods too, so no trait import is needed.
//! Counting sketches have `count()`, the total weight inserted: `u64` where
//! no count can be negative ([`Kll`], [`SpaceSaving`]), `i64` where the
//! counters are signed ([`CountMin`], [`TopK`]'s Count-Min, [`DdSketch`],
//! which are or contain groups).
//!
//! # Insertion
//!
//! - `insert(item)` returns `()` where no item can be refused
//!   ([`HyperLogLog`], [`DataSketchesHll`], [`BloomFilter`], [`MinHash`]:
//!   set sketches without counters) and `Result<()>` where one can (a
//!   counter that would overflow, a NaN, a value of other parameters): the
//!   sketch is then unchanged and the error says why. Hashed items are
//!   taken by reference (`insert("word")`), numbers by value
//!   (`insert(3.5)`), entries as a pair (`SkipList::insert(key, value)`,
//!   `LshIndex::insert(id, &signature)`).
//! - `insert_weighted(item, weight: i64) -> Result<()>` on counting
//!   sketches ([`CountMin`], [`TopK`], [`SpaceSaving`], [`DdSketch`]): a
//!   negative weight removes occurrences where the sketch is a group
//!   (standard-update Count-Min, DDSketch) and is refused elsewhere.
//! - Pre-hashed and batch paths keep the return type of `insert`:
//!   `insert_hash(u64)`, `insert_hashes(&[u64])`, `insert_batch(&[T])`
//!   (all or nothing where a refusal is possible). A value-returning insert
//!   has a name of its own ([`BloomFilter::contains_or_insert`]).
//! - [`Insert<T>`] is implemented by every family, with a fallible
//!   [`Insert::insert`], so generic code passes refusals on instead of
//!   dropping them; [`Insert::try_extend`] inserts a whole iterator.
//! - `Extend<T>` exists exactly where `insert` cannot fail (it would have
//!   to panic or drop items otherwise); elsewhere use
//!   [`Insert::try_extend`], which stops at the first refused item (the
//!   items before it stay inserted).
//! - An [`Aggregator`]'s `insert` returns `Result<()>`; the stream engine
//!   stops a job with the sketch's error rather than lose a record
//!   silently (validate in the job's parse function to count a record as
//!   bad instead).
//!
//! # Queries
//!
//! - Names by question: `estimate()` (how many distinct),
//!   `estimate(item)` (how often), `contains(item)`, `jaccard(other)`,
//!   `quantile(rank)`, `quantiles(ranks)`, `rank(value)`, `min()`, `max()`.
//! - "No data" is `Option` (`None` for an empty sketch). `Result` only where
//!   a query can truly fail: an argument out of its domain (a rank outside
//!   `[0, 1]`, a NaN), another sketch of other parameters (`jaccard`,
//!   `inner_product`, an index query), or a state that has no answer (a
//!   DDSketch holding negative counts after a subtraction cannot give
//!   quantiles). So `quantile` and `rank` return `Result<Option<_>>` and
//!   `min()`/`max()` return `Option` on both quantile sketches.
//! - Bounds are a [`Bounds`] with the same signature within a question:
//!   `bounds(std_devs: f64) -> Result<Bounds<f64>>` for distinct counts
//!   (an interval at a number of standard deviations; an error for a
//!   negative or non-finite number, or one DataSketches does not tabulate),
//!   `bounds(item) -> Bounds<_>` for item counts (interval of the item's
//!   true count).
//!
//! # Errors
//!
//! One [`Error`](crate::Error): `InvalidParameter` for a parameter, item,
//! weight or query argument out of range (and a count that would
//! overflow), `IncompatibleMerge` for values of other parameters (in a
//! merge, a comparison or an index), and the decode kinds for bytes.
//!
//! # Example: one function for every family
//!
//! ```
//! use sketchfold::family::Insert;
//! use sketchfold::cardinality::HyperLogLog;
//! use sketchfold::frequency::CountMin;
//! use sketchfold::quantiles::Kll;
//!
//! fn feed<S: Insert<T>, T>(sketch: &mut S, items: impl IntoIterator<Item = T>) -> sketchfold::Result<()> {
//!     sketch.try_extend(items)
//! }
//!
//! let words = ["a", "rose", "is", "a", "rose"];
//! let mut distinct = HyperLogLog::new(12);
//! let mut counts = CountMin::new(0.001, 0.01);
//! feed(&mut distinct, words)?;
//! feed(&mut counts, words)?;
//! assert_eq!(distinct.estimate().round(), 3.0);
//! assert_eq!(counts.estimate("rose"), 2);
//!
//! let mut lengths = Kll::<f64>::new(200);
//! feed(&mut lengths, [1.0, 4.0, 2.0])?;
//! assert!(feed(&mut lengths, [f64::NAN]).is_err()); // refused, not dropped
//! assert_eq!(lengths.count(), 3);
//! # Ok::<(), sketchfold::Error>(())
//! ```
//!
//! [`Aggregator`]: crate::algebra::Aggregator
//! [`HyperLogLog`]: crate::cardinality::HyperLogLog
//! [`DataSketchesHll`]: crate::cardinality::DataSketchesHll
//! [`BloomFilter`]: crate::membership::BloomFilter
//! [`BloomFilter::contains_or_insert`]: crate::membership::BloomFilter::contains_or_insert
//! [`CountMin`]: crate::frequency::CountMin
//! [`TopK`]: crate::frequency::TopK
//! [`SpaceSaving`]: crate::frequency::SpaceSaving
//! [`MinHash`]: crate::similarity::MinHash
//! [`LshIndex`]: crate::similarity::LshIndex
//! [`Kll`]: crate::quantiles::Kll
//! [`DdSketch`]: crate::quantiles::DdSketch

mod bounds;
mod insert;

pub use bounds::Bounds;
pub use insert::{Insert, InsertOutcome};
