//! sketchfold: mergeable probabilistic sketches as semigroups and monoids.
//!
//! Every sketch is a value of an algebraic structure ([`algebra`]), so
//! partial aggregates computed on different partitions, threads, machines
//! or time windows merge, in any grouping, into the same answer. The law
//! checkers that prove it are public (the `laws` module, behind the `laws`
//! feature), for your own types too.
//!
//! | question | module | type |
//! | --- | --- | --- |
//! | how many distinct items? | [`cardinality`] | [`HyperLogLog`](cardinality::HyperLogLog) |
//! | how often, which most often? | [`frequency`] | [`CountMin`](frequency::CountMin), [`TopK`](frequency::TopK), [`SpaceSaving`](frequency::SpaceSaving) |
//! | is this item in the set? | [`membership`] | [`BloomFilter`](membership::BloomFilter) |
//! | what do the values in this key range merge to? | [`ordered`] | [`SkipList`](ordered::SkipList) |
//! | which value sits at a rank? | [`quantiles`] | [`Kll`](quantiles::Kll), [`DdSketch`](quantiles::DdSketch) |
//! | how similar are these sets? | [`similarity`] | [`MinHash`](similarity::MinHash), [`LshIndex`](similarity::LshIndex) |
//!
//! Items are hashed with a stable, seeded hash ([`hash`]); sketches encode
//! to versioned bytes and decode untrusted bytes without panicking
//! ([`codec`]); every failure is one [`Error`]. Every family has the same
//! shape (constructors, insert, queries, bounds, errors), written down in
//! [`family`], with one [`Insert`](family::Insert) trait for generic code;
//! [`prelude`] imports the traits and the sketch types at once.
//!
//! # Features
//!
//! Every feature is off by default, so the default build links only
//! `xxhash-rust` and `ahash`.
//!
//! | feature | what it adds | pulls in |
//! | --- | --- | --- |
//! | `serde` | `Serialize`/`Deserialize` for every sketch and parameter type: a sketch is its codec bytes, a base64 string in human-readable formats and raw bytes in binary ones (`codec::serde_form`) | `serde`, `base64` |
//! | `laws` | the `laws` module: quickcheck-driven law checkers for any [`Semigroup`](algebra::Semigroup), [`Monoid`](algebra::Monoid) or [`Group`](algebra::Group), yours too | `quickcheck` |
//!
//! The law checkers are test code: enable `laws` on the `sketchfold` entry
//! of your `[dev-dependencies]`, and your own build never compiles
//! quickcheck.
//!
//! # Example: distinct words of two partitions
//!
//! ```
//! use sketchfold::algebra::Semigroup;
//! use sketchfold::cardinality::HyperLogLog;
//! use sketchfold::codec::Codec;
//!
//! let text = "the quick brown fox jumps over the lazy dog the end";
//! let (left, right) = text.split_at(text.len() / 2);
//!
//! // Two partitions, sketched independently (threads, machines, days).
//! let mut a = HyperLogLog::new(12);
//! a.extend(left.split_whitespace());
//! let mut b = HyperLogLog::new(12);
//! b.extend(right.split_whitespace());
//!
//! // Ship one as bytes, merge, estimate.
//! let b = HyperLogLog::decode(&b.encode())?;
//! a.merge(&b)?;
//! assert_eq!(a.estimate().round(), 9.0); // the, quick, brown, fox, jumps, over, lazy, dog, end
//! # Ok::<(), sketchfold::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod algebra;
pub mod cardinality;
pub mod codec;
mod error;
pub mod family;
pub mod frequency;
pub mod hash;
#[cfg(feature = "laws")]
#[cfg_attr(docsrs, doc(cfg(feature = "laws")))]
pub mod laws;
pub mod membership;
pub mod ordered;
pub mod prelude;
pub mod quantiles;
pub mod similarity;
pub mod stream;

pub use error::{Error, ErrorKind, Result};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
