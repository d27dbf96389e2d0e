//! How similar are these two sets? [`MinHash`] estimates their Jaccard
//! similarity `|A ∩ B| / |A ∪ B|` from two small signatures, and
//! [`LshIndex`] finds, among many indexed sets, those probably above a
//! similarity threshold without comparing against each.
//!
//! # Overview
//!
//! A MinHash signature keeps `k` minimum hash values of a set. For two sets,
//! each position holds the same value with probability equal to their
//! Jaccard similarity `J`, so the fraction of equal positions estimates `J`.
//! Items are hashed once with the seeded [`StableHash`](crate::hash::StableHash).
//! Two [`Variant`]s:
//!
//! - [`Variant::Classic`]: `k` hash functions `h_i(x) = mix(h(x) ^ s_i)`
//!   (`mix` a bijective 64-bit finalizer, `s_i` the splitmix64 sequence of
//!   the seed), the minimum of each over the set. `O(k)` work per element.
//! - [`Variant::OnePermutation`] (the default): one hash per element, whose
//!   high bits (multiply-shift) pick one of `k` bins and whose value
//!   competes for that bin's minimum: `O(1)` work per element (one-permutation
//!   hashing, Li, Owen and Zhang 2012). A bin no element fell into is
//!   filled, when signatures are compared, with the value of the first
//!   filled bin on a probe sequence that depends only on the seed and the
//!   bin (optimal densification, Shrivastava 2017), so both signatures of
//!   a pair borrow alike and each position still matches with probability
//!   `J`. The state keeps the *raw* bins (`u64::MAX` for empty): densified
//!   bins copy other bins, and the minimum of densified signatures is not
//!   the signature of the union, but the minimum of raw bins is.
//!
//! SuperMinHash (Ertl 2017) is not offered: one-permutation hashing has the
//! same estimator quality here at less work per element (see
//! docs/benchmarks.md, "Similarity: MinHash").
//!
//! # Accuracy
//!
//! The estimate is a binomial proportion: standard error
//! `sqrt(J (1 - J) / k)` ([`jaccard_standard_error`],
//! [`MinHash::jaccard_estimate`]); for one-permutation hashing of sets of
//! `n` distinct elements it is smaller by about the finite-population factor
//! `sqrt((n - k) / (n - 1))` when no bin is empty. `tests/minhash.rs`
//! measures the root-mean-square error over 1000 seeds for pairs of sets
//! (1000-element unions) with Jaccard 0.1, 0.5 and 0.9 at `k = 128` and
//! checks it is within 1.1 times the standard error, for both variants:
//! measured over theory is 1.006, 1.002, 0.977 (classic) and 0.911, 0.941,
//! 0.955 (one-permutation). Small sets leave most one-permutation bins
//! empty and densification copies bins, which costs accuracy: at
//! `k = 128` the estimate stays unbiased, and its RMSE is 1.13 times the
//! binomial one for a 40-element union, 0.99 at 120 elements.
//!
//! # Memory
//!
//! `8 k` bytes of bins (1 KiB at `k = 128`), plus the parameters.
//! [`LshIndex`] keeps, per indexed set, its `8 k` bytes of densified values
//! (for verification) and one entry in each of its `b` band tables.
//!
//! # Algebra
//!
//! [`merge`](crate::algebra::Semigroup::merge) is the element-wise minimum
//! of the raw bins: exactly the signature of the union of the two sets, for
//! both variants. An **exact, commutative, idempotent monoid** and a
//! homomorphism: `minhash(A ++ B) == minhash(A) ⊕ minhash(B)`, bit for bit.
//! The identity is the empty signature of the same parameters (every bin
//! `u64::MAX`). Signatures of a different variant, `k` or seed refuse to
//! merge, and to be compared by [`MinHash::jaccard`], with an error. Not a
//! group.
//!
//! # LSH
//!
//! [`LshIndex::new`] cuts the `k` values into `b` bands of `r` (`b = k / r`,
//! `b r = k` when `r` divides `k`): two sets of similarity `s` share a band
//! with probability `1 - (1 - s^r)^b`. It picks the `r` whose curve has the
//! smallest false-positive plus false-negative area for the threshold
//! (`∫_0^t P + ∫_t^1 (1 - P)`); at `k = 128` a threshold of 0.7 gives 14
//! bands of 9 (126 of the 128 values; the curve's knee `(1/b)^(1/r)` is
//! 0.746, and it finds a set of similarity 0.85 with probability 0.977, one
//! of 0.5 with probability 0.027). [`LshIndex::query_similar`] checks candidates against the
//! threshold with all `k` values. `tests/lsh_index.rs` plants near-duplicates
//! and checks recall and precision against the curve.
//!
//! # Encoding
//!
//! [`Codec`](crate::codec::Codec): sketchfold's own versioned format
//! (header, variant, seed, `k`, then the `k` raw bins). Decoding checks the
//! header, variant, `k` and length before allocating, and never panics.
//! With the `serde` feature a signature serializes as those bytes (a base64
//! string in human-readable formats such as JSON, raw bytes in binary ones;
//! see `codec::serde_form`).
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::codec::Codec;
//! use sketchfold::similarity::MinHash;
//!
//! // Two documents as sets of words, one signed in two partitions.
//! let mut a = MinHash::new(128);
//! a.extend(0..600u32);
//! let mut a2 = MinHash::new(128);
//! a2.extend(600..1000u32);
//! a.merge(&MinHash::decode(&a2.encode())?)?; // the signature of 0..1000
//!
//! let mut b = MinHash::new(128);
//! b.extend(100..1100u32); // Jaccard 900 / 1100 = 0.818
//! let e = a.jaccard_estimate(&b)?;
//! assert!((e.estimate - 0.818).abs() < 4.0 * 0.035);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod algebra;
mod banding;
mod codec;
mod lsh;
mod mix;
mod params;
#[cfg(feature = "serde")]
mod serde;
mod sketch;

pub use lsh::LshIndex;
pub use params::{LshParams, MinHashParams, Variant, MAX_K};
pub use sketch::{jaccard_standard_error, JaccardEstimate, MinHash, EMPTY_BIN};
