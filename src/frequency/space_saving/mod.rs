//! SpaceSaving heavy hitters: the type and its documentation are in
//! `sketch.rs` ([`SpaceSaving`]); `table.rs` holds the stream-summary,
//! `algebra.rs` the merge, `codec.rs` the encoding, `params.rs` the
//! capacity.

mod algebra;
mod codec;
mod params;
#[cfg(feature = "serde")]
mod serde;
mod sketch;
mod table;

pub use params::SpaceSavingParams;
pub use sketch::SpaceSaving;
