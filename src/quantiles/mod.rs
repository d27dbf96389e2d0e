//! Which value sits at a given rank? Quantile sketches.
//!
//! [`DdSketch`] answers with a relative-accuracy guarantee (every estimate
//! within `alpha` of the true quantile's value, 1% by default), in buckets
//! whose counts add on merge and subtract again: an exact commutative
//! group, the quantile sketch for sliding windows. Its own docs give its
//! accuracy, memory, algebra and encoding.

mod ddsketch;

pub use ddsketch::{DdSketch, DdSketchParams, MAX_ALPHA, MAX_BUCKETS, MIN_ALPHA};
