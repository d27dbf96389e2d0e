//! sketchfold's SQL functions in DataFusion, as a specification: the same
//! answers whatever the partitioning, sketches stored in Parquet and
//! merged later, sliding windows for the groups, and a clear error for
//! every kind of bad input.
//!
//! One test binary (DataFusion links slowly), one module per topic.

#[path = "../../../tests/common/rng.rs"]
mod rng;

mod common;
mod errors;
mod groups;
mod partitions;
mod stored;
mod windows;
