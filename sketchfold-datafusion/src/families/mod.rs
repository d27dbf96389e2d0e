//! The sketch families as SQL functions, one file each: the [`Family`]
//! (how `<prefix>_agg` and `<prefix>_merge` build and merge it) and the
//! [`Query`] functions that answer from a stored sketch.
//!
//! [`Family`]: crate::family::Family
//! [`Query`]: crate::scalar::Query

pub(crate) mod bloom;
pub(crate) mod count_min;
pub(crate) mod ddsketch;
pub(crate) mod hll;
pub(crate) mod kll;
pub(crate) mod space_saving;
