//! DDSketch: the type and its documentation are in `sketch.rs`
//! ([`DdSketch`]); `mapping.rs` holds the value-to-bucket mapping and its
//! proof, `store.rs` the bounded bucket stores, `query.rs` the quantile queries, `algebra.rs` the merge,
//! `codec.rs` the encoding.

mod algebra;
mod codec;
mod mapping;
mod params;
mod query;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod store;

pub use params::{DdSketchParams, MAX_ALPHA, MAX_BUCKETS, MIN_ALPHA};
pub use sketch::DdSketch;
