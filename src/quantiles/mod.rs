//! Which value sits at a given rank, and what is the rank of a value?
//! Quantile sketches.
//!
//! - [`Kll`]: rank-error quantiles (KLL), compatible with Apache
//!   DataSketches' KLL float and double images; see [`kll`] for its
//!   accuracy, algebra and encoding. Its merge is randomised, so its laws
//!   hold within the rank-error bound.
//! - [`DdSketch`]: a relative-accuracy guarantee (every estimate within
//!   `alpha` of the true quantile's value, 1% by default), in buckets whose
//!   counts add on merge and subtract again: an exact commutative group,
//!   the quantile sketch for sliding windows. Its own docs give its
//!   accuracy, memory, algebra and encoding.

mod ddsketch;
pub mod kll;

pub use ddsketch::{DdSketch, DdSketchParams, MAX_ALPHA, MAX_BUCKETS, MIN_ALPHA};
pub use kll::{Kll, KllItem, KllParams};
