//! How many distinct items? [`HyperLogLog`] answers in a few kilobytes.
//!
//! # Overview
//!
//! Each item is hashed to a *coupon*: a 26-bit slot and a geometric value
//! (the leading zeros of the hash, plus one). A sketch of precision `p`
//! keeps `m = 2^p` registers, register `slot mod m` holding the largest
//! value seen. Small sketches keep the coupons themselves (*sparse*) and
//! turn dense by themselves once they hold more than `3m/16` coupons, the
//! point where the dense registers take less memory.
//!
//! # Accuracy
//!
//! - Dense: Ertl's improved estimator (2017), with a relative standard error
//!   of about `1.04 / sqrt(m)` (1.63% at `p = 12`, 0.81% at `p = 14`) and no
//!   bias bump anywhere from 0 to beyond 10^9 distinct items, with no
//!   empirical correction table. `tests/accuracy.rs` checks RSE and bias over
//!   200 seeded trials per point at `p = 12` from n = 10 to 10^6;
//!   `examples/accuracy_curve.rs` draws the whole curve (docs/accuracy.svg).
//! - Sparse: linear counting over the 2^26 coupon slots, nearly exact (at
//!   n = 1,000 its standard error is below 0.01%).
//! - [`HyperLogLog::bounds`] gives an interval at a number of standard
//!   deviations; [`HyperLogLog::relative_standard_error`] the error of the
//!   current state.
//!
//! # Memory
//!
//! Dense: one byte per register, `2^p` bytes (4 KiB at `p = 12`, 16 KiB at
//! `p = 14`, 2 MiB at the largest precision, `p = 21`), plus a 256-byte
//! histogram. Registers need only 6 bits, and
//! the encoding packs them to 6 bits (3 KiB at `p = 12`); in memory they
//! stay one byte each because that is what makes insert a single byte store
//! and merge a vectorised byte-wise maximum (`pmaxub`), several times
//! faster than unpacking 6-bit fields (see docs/benchmarks.md). Sparse: 4
//! bytes a coupon in a hash table at most 3/4 full, never more than the
//! dense form.
//!
//! # Algebra
//!
//! Merge is the register-wise maximum (the sketch of the union of the
//! inputs): an **exact, commutative, idempotent monoid**, so
//! `sketch(A) ⊕ sketch(B) == sketch(A ++ B)` bit for bit, whatever the
//! grouping and order. The identity is the empty sketch of the same
//! parameters ([`Monoid::empty`](crate::algebra::Monoid::empty)).
//! Sketches of different precision merge at the smaller one: the finer
//! is folded down exactly (a register value does not depend on the
//! precision), so mixed-precision merges stay associative and commutative.
//! Sketches with a different [`Hashing`] (scheme or seed) refuse to merge
//! with an error. It is not a group: a union cannot be undone.
//! [`merge_all`](crate::algebra::Semigroup::merge_all) takes the k-way
//! register maximum in cache-sized blocks.
//!
//! # Encoding
//!
//! [`Codec`](crate::codec::Codec): sketchfold's own versioned format (see
//! `codec.rs`: header, precision, hashing, seed, then sorted coupons or
//! 6-bit packed registers). Decoding validates every field and never
//! panics. With the `serde` feature a sketch serializes as those bytes (a
//! base64 string in human-readable formats such as JSON, raw bytes in
//! binary ones; see `codec::serde_form`).
//!
//! ## DataSketches format
//!
//! [`HyperLogLog::from_datasketches_bytes`] reads Apache DataSketches HLL
//! images (every mode, HLL_4/6/8, compact or updatable, lgK 4 to 21, as
//! DataSketches Java — Spark SQL's `hll_sketch_agg`, Druid, Pinot, Hive —
//! and C++ write them) and [`HyperLogLog::to_datasketches_bytes`] writes
//! them, for sketches with [`Hashing::DataSketches`]: the registers are
//! DataSketches' own. A `HyperLogLog` has no HIP accumulator, so a dense
//! one is written as DataSketches writes a union result (out-of-order flag
//! set), which DataSketches estimates with its composite estimator.
//! [`DataSketchesHll`] replicates DataSketches' update path, HIP included,
//! for images identical to the byte to those DataSketches writes, and its
//! estimators and bounds: [`DataSketchesHll::estimate`] of a read image is
//! DataSketches' estimate to the last bit (tests/datasketches_hll.rs and
//! tests/datasketches_java_hll.rs check it on every golden image).
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::cardinality::HyperLogLog;
//!
//! let mut monday = HyperLogLog::new(12);
//! let mut tuesday = HyperLogLog::new(12);
//! for user in 0..30_000u64 {
//!     monday.insert(&user);
//! }
//! for user in 20_000..50_000u64 {
//!     tuesday.insert(&user);
//! }
//! monday.merge(&tuesday)?; // users on either day
//! let estimate = monday.estimate();
//! assert!((estimate - 50_000.0).abs() < 50_000.0 * 0.05);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod codec;
mod datasketches;
mod dense;
mod estimator;
mod hashing;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod sparse;

pub use datasketches::{DataSketchesHll, HllMode, TgtHllType};
pub use hashing::Hashing;
pub use sketch::{HllParams, HyperLogLog, MAX_PRECISION, MIN_PRECISION};
