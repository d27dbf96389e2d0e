//! Checks shared by sketchfold's fuzz targets and by the regression test
//! that replays saved fuzz inputs (`tests/fuzz_regressions.rs`, which
//! includes these files by path so both run exactly the same code).
//!
//! `datasketches.rs` is not a module of this library: the
//! `decode_datasketches_hll` target includes it by path, so that the other
//! targets build whatever state the DataSketches reader is in.

pub mod alloc_meter;
pub mod bloom;
pub mod checkpoint;
pub mod ddsketch;
pub mod decode;
pub mod decode_memory;
pub mod frequency;
pub mod kll;
pub mod merge_model;
pub mod minhash;
pub mod skip_list;
pub mod space_saving;
