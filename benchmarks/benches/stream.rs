//! Stream engine benches: `cargo bench --bench stream`.
//!
//! - `engine_distinct/*` and `engine_distinct_top_quantiles/*`
//!   (`stream/engine.rs`): events per second through the whole engine at 1
//!   and 2 partitions, against a plain fold over the same sketches;
//! - `slide_cost/*` (`stream/sliding.rs`): the cost of one window slide as
//!   the window grows from 10 to 10,000 panes, for DABA, subtraction and
//!   the re-merge baseline.
//!
//! Filter with criterion's argument, e.g. `cargo bench --bench stream --
//! slide_cost`.

#[path = "stream/engine.rs"]
mod engine;
#[path = "stream/sliding.rs"]
mod sliding;

criterion::criterion_group!(stream, engine::benches, sliding::benches);
criterion::criterion_main!(stream);
