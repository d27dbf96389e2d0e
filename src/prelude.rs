//! `use sketchfold::prelude::*;` brings the algebra traits (and, with the
//! `derive` feature, their derive macros), the [`Insert`] and [`Codec`]
//! traits and every sketch type with its parameters into scope.
//!
//! # Example
//!
//! ```
//! use sketchfold::prelude::*;
//!
//! let params = (HllParams::new(12)?, CountMinParams::new(0.001, 0.01)?);
//! let parts = ["a b a", "b c"].map(|text| {
//!     let mut part = <(HyperLogLog, CountMin)>::empty(&params);
//!     for word in text.split(' ') {
//!         part.0.insert(word);
//!         part.1.insert(word)?;
//!     }
//!     Ok::<_, sketchfold::Error>(part)
//! });
//! let (distinct, counts) = <(HyperLogLog, CountMin)>::sum(&params, parts.into_iter().collect::<Result<Vec<_>, _>>()?)?;
//! assert_eq!(distinct.estimate().round(), 3.0);
//! assert_eq!(counts.estimate("b"), 2);
//! # Ok::<(), sketchfold::Error>(())
//! ```

pub use crate::algebra::{
    Aggregator, Commutative, Group, Idempotent, Monoid, MonoidAggregator, Semigroup,
};
pub use crate::cardinality::{DataSketchesHll, HllParams, HyperLogLog};
pub use crate::codec::Codec;
pub use crate::family::{Bounds, Insert};
pub use crate::frequency::{
    ConservativeCountMin, CountMin, CountMinParams, SpaceSaving, SpaceSavingParams, TopK,
    TopKParams,
};
pub use crate::hash::StableHash;
pub use crate::membership::{BloomFilter, BloomParams};
pub use crate::ordered::{SkipList, SkipListParams};
pub use crate::quantiles::{DdSketch, DdSketchParams, Kll, KllParams};
pub use crate::similarity::{LshIndex, LshParams, MinHash, MinHashParams};
