//! TopK: Count-Min heavy hitters, their algebra and encoding. Documented
//! in [`frequency`](crate::frequency).

mod algebra;
mod codec;
mod rank;
#[cfg(feature = "serde")]
mod serde;
mod sketch;

pub use sketch::{TopK, TopKItem, TopKParams, MAX_K};
