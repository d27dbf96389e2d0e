//! Apache DataSketches HLL images (family 7, serial version 1), read and
//! written byte for byte.
//!
//! A DataSketches HLL sketch hashes items exactly as
//! [`Hashing::DataSketches`](super::Hashing::DataSketches) does, so its
//! registers are a sketchfold [`HyperLogLog`](super::HyperLogLog)'s. Its
//! image adds what DataSketches needs on top (layout notes in
//! `tests/golden/datasketches-cpp/FORMAT-NOTES.md` in the repository):
//!
//! | byte | field |
//! | --- | --- |
//! | 0 | preamble ints: 2 LIST, 3 SET, 10 HLL |
//! | 1, 2, 3 | serial version 1, family 7, lgK |
//! | 4 | lgArr: log2 of the coupon table, or of the HLL_4 aux table |
//! | 5 | flags: 4 empty, 8 compact, 16 out of order |
//! | 6 | LIST: coupon count; HLL: curMin (HLL_4) |
//! | 7 | mode (bits 0-1) and target type (bits 2-3) |
//! | LIST 8.. | coupons (u32 `value << 26 \| slot`) |
//! | SET 8..12, 12.. | coupon count, coupons |
//! | HLL 8..40 | HIP accumulator, kxq0, kxq1 (f64), numAtCurMin, aux count (u32) |
//! | HLL 40.. | registers (8, 6 or 4 bits), then HLL_4's aux entries |
//!
//! What sets an image apart from the registers: the coupon order of LIST
//! and SET (insertion order, and hash-table order), HLL_4's aux table
//! layout, and the HIP accumulator, which DataSketches accumulates update
//! by update in HLL mode and which therefore depends on the order of the
//! items. [`DataSketchesHll`] replicates all of it (its images are
//! DataSketches' to the byte); a [`HyperLogLog`](super::HyperLogLog)
//! keeps only registers or coupons and writes what a DataSketches union
//! result holds.

mod convert;
mod coupons;
mod estimators;
mod format;
mod hll4;
mod read;
mod read_hll;
mod registers;
mod sketch;
mod tables;
mod write;

pub use sketch::{DataSketchesHll, HllMode, TgtHllType};
