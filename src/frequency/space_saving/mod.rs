//! SpaceSaving heavy hitters: the type and its documentation are in
//! `sketch.rs` ([`SpaceSaving`]); `table.rs` holds the stream-summary,
//! `algebra.rs` the merge, `codec.rs` the encoding.

mod algebra;
mod codec;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod table;

pub use sketch::{CountBounds, SpaceSaving};
