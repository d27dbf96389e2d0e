//! sketchfold's benches, side by side with the peer crates, in one
//! unpublished workspace member so that the core crate's `cargo test` and
//! examples never compile the peers.
//!
//! This library is empty; the benches are in `benches/` (one file per
//! family and the stream engine). Run one from the repository root with
//! `cargo bench --bench cardinality` (or `frequency`, `membership`,
//! `similarity`, `quantiles`, `ordered`, `stream`); the results and the
//! setup are in `docs/benchmarks.md`.
