//! How often does each item occur? Which items are the most frequent?
//!
//! - [`SpaceSaving`]: the heavy hitters of a stream in `k` counters, with
//!   a guaranteed interval for each count (at most `n / k` wide) that
//!   survives merges; its docs give the accuracy, memory, algebra and
//!   encoding.

mod space_saving;

pub use space_saving::{CountBounds, SpaceSaving};
