//! Count-Min: parameters, the two update rules, the sketch, its algebra and
//! encoding. Documented in [`frequency`](crate::frequency).

mod algebra;
mod codec;
mod params;
mod rule;
#[cfg(feature = "serde")]
mod serde;
mod sketch;

pub use params::{CountMinParams, MAX_DEPTH, MAX_LOG2_WIDTH, MIN_LOG2_WIDTH};
pub use rule::{Conservative, Standard, UpdateRule};
pub use sketch::CountMin;

/// A Count-Min sketch with conservative update: smaller errors, an exact
/// commutative monoid on its counters, but not a group and merge is only an
/// upper bound (see the [module docs](crate::frequency)).
pub type ConservativeCountMin = CountMin<Conservative>;
