//! The algebra every sketch is a value of: [`Semigroup`], [`Monoid`] and
//! [`Group`], with [`Commutative`] and [`Idempotent`] markers, and the
//! [`Aggregator`] that folds records into a monoid and presents an answer.
//!
//! # Overview
//!
//! A semigroup has an associative `merge`, so partial aggregates computed on
//! different partitions, threads, machines or time panes combine, in any
//! grouping, into the same answer. A monoid adds an identity, a group an
//! inverse (so a sliding window can evict by subtraction).
//!
//! - Merge is in place, the right side by reference:
//!   [`Semigroup::merge`]`(&mut self, &other)`. [`Semigroup::combine`] is the
//!   by-value convenience built on it.
//! - Merging incompatible values (a different seed, width, hash scheme)
//!   returns an [`Error`](crate::Error) and leaves `self` unchanged:
//!   [`Semigroup::check_merge`] is called before anything is mutated.
//! - Batch merge, [`Semigroup::merge_all`], is a trait method with a default
//!   loop; families override it where they can do better.
//! - The identity depends on parameters (an empty HyperLogLog of precision 14
//!   is not the empty one of precision 12), so it is built from
//!   [`Monoid::Params`] with [`Monoid::empty`], or from an existing value
//!   with [`Monoid::empty_like`].
//!
//! # Implementations here
//!
//! | type | merge | laws |
//! | --- | --- | --- |
//! | integers | wrapping addition (arithmetic modulo 2^bits) | exact commutative group; overflow wraps, see [`numbers`] |
//! | `f32`, `f64` | addition | commutative group up to rounding |
//! | [`CompensatedSum`] | Neumaier-compensated addition | commutative group up to rounding, error independent of the number of terms |
//! | [`Min`], [`Max`] | minimum, maximum | exact, commutative, idempotent semigroups (`Option<Min<T>>` is the monoid) |
//! | `Option<S>` | `None` is the identity | a monoid for any semigroup `S` |
//! | tuples up to 8 | member-wise | as their members |
//! | `HashMap<K, V>`, `BTreeMap<K, V>` | key-wise, values merged | a monoid for any semigroup `V`; commutative/idempotent when `V` is |
//! | your structs | member-wise, with the `derive` feature: `#[derive(Semigroup, Monoid)]` (and `Group`, `Commutative`, `Idempotent`), a `{Name}Params` struct derived too | as their members |
//!
//! [`Semigroup::sum_option`] and [`Monoid::sum`] fold an iterator of
//! values (Algebird's `sumOption` and `sum`).
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::{Max, Monoid, Semigroup};
//!
//! // A tuple of monoids is a monoid: count, sum and maximum in one merge.
//! let mut left = (2u64, 10.0f64, Some(Max(7)));
//! let right = (3u64, 5.0f64, Some(Max(9)));
//! left.merge(&right)?;
//! assert_eq!(left, (5, 15.0, Some(Max(9))));
//! assert_eq!(left.empty_like(), (0, 0.0, None));
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod aggregator;
mod collections;
mod numbers_impl;
mod option;
mod traits;
mod tuples;

pub mod numbers {
    //! Numbers as monoids: integer and float sums, compensated sums, Min, Max.
    //!
    //! # Overflow
    //!
    //! Integer merge is wrapping addition: the sum is exact modulo
    //! 2^bits, so associativity, commutativity, identity and inverse hold
    //! exactly for every input, and a sum that overflows and comes back into
    //! range (say, a sliding window that adds then subtracts) is still
    //! right. A sum whose true value does not fit the type is reported
    //! modulo 2^bits: use `u128`/`i128` where that can happen.
    //!
    //! # Floats
    //!
    //! `f64` and `f32` merge by plain addition, so the laws hold only up to
    //! rounding: associativity within a relative error of about
    //! `n * f64::EPSILON` of the sum of magnitudes. [`CompensatedSum`] keeps a
    //! Neumaier compensation term and bounds the error by about
    //! `2 * f64::EPSILON` of the sum of magnitudes, independent of the number
    //! of terms; its laws also hold only up to that bound, never exactly.
    pub use super::numbers_impl::{CompensatedSum, Max, Min};
}

pub use aggregator::{Aggregator, ComposePrepare, MapOutput, MonoidAggregator};
pub use numbers::{CompensatedSum, Max, Min};
/// With the `derive` feature: `#[derive(Semigroup, Monoid, Group,
/// Commutative, Idempotent)]` for structs whose fields are (see
/// `sketchfold-derive`).
#[cfg(feature = "derive")]
pub use sketchfold_derive::{Commutative, Group, Idempotent, Monoid, Semigroup};
pub use traits::{Commutative, Group, Idempotent, Monoid, Semigroup};
