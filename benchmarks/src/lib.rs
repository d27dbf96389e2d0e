//! sketchfold's benches, side by side with the peer crates, in one
//! unpublished workspace member so that the core crate's `cargo test` and
//! examples never compile the peers.
//!
//! The benches are in `benches/` (one file per
//! family and the stream engine). Run one from the repository root with
//! `cargo bench --bench cardinality` (or `frequency`, `membership`,
//! `similarity`, `quantiles`, `ordered`, `stream`); the results and the
//! setup are in `docs/benchmarks.md`.
//!
//! It holds one thing the benches share: the test suite's generator.

/// The test suite's splitmix64 generator (`tests/common/rng.rs`), for
/// deterministic bench inputs.
// `Rng::next` is an inherent method (the tests call it everywhere); a
// public `next` that is not Iterator's is what this lint warns about.
#[allow(clippy::should_implement_trait)]
#[path = "../../tests/common/rng.rs"]
pub mod rng;
